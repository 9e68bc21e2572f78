"""Checkpoints: everything needed to rebuild and use a trained model, loadable with
``torch.load(path, weights_only=True)`` (plain dicts, lists, numbers, strings and tensors only).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import torch
from torch import nn

from cnnlab.errors import UserError

if TYPE_CHECKING:
    from cnnlab.datasets import DatasetInfo

FORMAT = "cnnlab-checkpoint/1"


@dataclass(frozen=True)
class CheckpointMeta:
    model: str
    model_options: dict[str, Any]
    dataset: str
    classes: tuple[str, ...]
    input_shape: tuple[int, int, int]  # (C, H, W)
    mean: tuple[float, ...]
    std: tuple[float, ...]

    @classmethod
    def for_dataset(cls, model: str, info: DatasetInfo, model_options: dict[str, Any] | None = None) -> CheckpointMeta:
        """The metadata of ``model`` trained on the dataset described by ``info``."""
        return cls(model=model, model_options=dict(model_options or {}), dataset=info.name, classes=info.classes,
                   input_shape=info.input_shape, mean=info.mean, std=info.std)


def save_checkpoint(path: str | Path, meta: CheckpointMeta, weights: dict[str, torch.Tensor],
                    epoch: int, config: dict[str, Any] | None = None) -> Path:
    """Write atomically (temp file, then rename) so a crash never leaves half a checkpoint."""
    path = Path(path)
    data = {
        "format": FORMAT, "model": meta.model, "model_options": dict(meta.model_options),
        "dataset": meta.dataset, "classes": list(meta.classes), "input_shape": list(meta.input_shape),
        "mean": list(meta.mean), "std": list(meta.std), "epoch": int(epoch),
        "config": dict(config or {}), "state_dict": {k: v.detach().cpu() for k, v in weights.items()},
    }
    tmp = path.with_name(path.name + ".tmp")
    torch.save(data, tmp)
    os.replace(tmp, path)
    return path


@dataclass
class LoadedCheckpoint:
    meta: CheckpointMeta
    model: nn.Module
    epoch: int
    config: dict[str, Any]


def load_checkpoint(path: str | Path, device: torch.device | str = "cpu") -> LoadedCheckpoint:
    """Rebuild the model from a checkpoint; bad files raise ``UserError`` naming the file."""
    from cnnlab.models import build_model

    path = Path(path)
    if not path.is_file():
        raise UserError(f"The checkpoint {path} does not exist.")
    try:
        data = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as e:  # torch raises many types for foreign or damaged files
        raise UserError(f"{path} is not a readable cnnlab checkpoint ({type(e).__name__}).") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise UserError(f"{path} is not a cnnlab checkpoint.")
    meta = CheckpointMeta(
        model=data["model"], model_options=dict(data.get("model_options", {})), dataset=data["dataset"],
        classes=tuple(data["classes"]), input_shape=tuple(data["input_shape"]),
        mean=tuple(data["mean"]), std=tuple(data["std"]),
    )
    c, h, w = meta.input_shape
    model = build_model(meta.model, in_channels=c, image_size=(h, w), num_classes=len(meta.classes),
                        **meta.model_options)
    try:
        model.load_state_dict(data["state_dict"])
    except RuntimeError as e:
        raise UserError(f"{path} does not match the {meta.model} architecture ({str(e).splitlines()[0]}).") from None
    model.to(device).eval()
    return LoadedCheckpoint(meta=meta, model=model, epoch=int(data.get("epoch", 0)),
                            config=dict(data.get("config", {})))
