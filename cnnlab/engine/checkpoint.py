"""Checkpoints: everything needed to rebuild and use a trained model, loadable with
``torch.load(path, weights_only=True)`` (plain dicts, lists, numbers, strings and tensors only).
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import torch
from torch import nn

from cnnlab.engine.atomic import (  # noqa: F401 (re-exported: the engine's writers and older callers import them here)
    FULL_BELOW,
    commit,
    discard,
    os_error_in,
    tmp_path,
    write_atomically,
    write_tmp,
)
from cnnlab.errors import Sentence, StorageError, UserError, kind_of, read_refusal, write_failure
from cnnlab.i18n import QT_TRANSLATE_NOOP

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


def checkpoint_data(meta: CheckpointMeta, weights: dict[str, torch.Tensor], epoch: int,
                    config: dict[str, Any] | None = None, *, training: dict[str, Any] | None = None,
                    metrics: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """What a checkpoint file holds (plain data and CPU tensors). ``training``: the state a continuation
    needs (engine/train_state.py); ``metrics``: the epochs' lines so far (both written by the run folder)."""
    data = {
        "format": FORMAT, "model": meta.model, "model_options": dict(meta.model_options),
        "dataset": meta.dataset, "classes": list(meta.classes), "input_shape": list(meta.input_shape),
        "mean": list(meta.mean), "std": list(meta.std), "epoch": int(epoch),
        "config": dict(config or {}), "state_dict": {k: v.detach().cpu() for k, v in weights.items()},
    }
    if training is not None:
        data["training"] = training
    if metrics is not None:
        data["metrics"] = [dict(m) for m in metrics]
    return data


def save_checkpoint(path: str | Path, meta: CheckpointMeta, weights: dict[str, torch.Tensor],
                    epoch: int, config: dict[str, Any] | None = None) -> Path:
    """Write atomically (temp file, fsync, rename) so a crash never leaves half a checkpoint; a failed
    write (disk full) keeps the previous file and raises ``StorageError``."""
    path = Path(path)
    data = checkpoint_data(meta, weights, epoch, config)
    try:
        return write_atomically(path, lambda f: torch.save(data, f))
    except OSError as e:
        raise StorageError(QT_TRANSLATE_NOOP("CoreMessage", "{failure}; the previous checkpoint there, if any, is "
                                             "kept."), failure=write_failure(e, path)) from None


@dataclass
class LoadedCheckpoint:
    meta: CheckpointMeta
    model: nn.Module
    epoch: int
    config: dict[str, Any]


def _unreadable_reason(exc: BaseException) -> str:
    """Why ``torch.load`` refused a file, in words."""
    text = str(exc)
    if isinstance(exc, pickle.UnpicklingError) and "weights only" in text.lower():
        return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "it holds Python objects besides weights, so it was not "
                                                         "written by cnnlab"))
    if isinstance(exc, EOFError) or "unexpected eof" in text.lower() or "ran out of input" in text.lower():
        return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "it is empty or cut short"))
    return read_refusal(exc) or Sentence(QT_TRANSLATE_NOOP("CoreMessage", "it is not a file saved by PyTorch, or "
                                                                          "it is damaged"))


ZIP_MAGIC = b"PK\x03\x04"  # torch.save's format since PyTorch 1.6: a zip archive
PICKLE_MAGIC = b"\x80"  # torch.save's older format: a pickle, whose protocol 2+ opcode comes first
SNIFFED_BYTES = 4096  # bytes read to tell a text file: enough for a line or two, cheap for any file


def _not_pytorch(path: Path) -> str | None:
    """Why ``path`` cannot be a file saved by PyTorch, from its first bytes (a text file, an empty file,
    another format); None when it starts as one does. torch's own unpickler would take a text file for
    "Python objects besides weights", which is the wrong reason."""
    try:
        with open(path, "rb") as f:
            head = f.read(SNIFFED_BYTES)
    except OSError:
        return None  # torch.load meets the same error and names it
    if head.startswith((ZIP_MAGIC, PICKLE_MAGIC)):
        return None
    if not head:
        return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "it is empty or cut short"))
    try:
        head.decode("utf-8")
        text = b"\x00" not in head
    except UnicodeDecodeError as e:  # a multi-byte character cut at the end of the sniffed bytes is still text
        text = e.start >= len(head) - 3 and b"\x00" not in head
    if text:
        return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "it is a text file, not one saved by PyTorch"))
    return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "it is not a file saved by PyTorch, or it is damaged"))


def _read(path: Path, *, mmap: bool = False) -> dict[str, Any]:
    """The checkpoint's dict, format tag checked; every other file raises ``UserError``."""
    reason = _not_pytorch(path)
    if reason is not None:
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "{path} is not a readable cnnlab checkpoint: "
                                                         "{reason}."),
                        path=path, reason=reason)
    try:
        data = torch.load(path, map_location="cpu", weights_only=True, mmap=mmap)
    except Exception as e:  # torch raises many types for foreign or damaged files
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "{path} is not a readable cnnlab checkpoint: "
                                                         "{reason}."),
                        path=path, reason=_unreadable_reason(e)) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "{path} is not a cnnlab checkpoint (it was saved by "
                                                         "another program)."),
                        path=path)
    return data


def read_checkpoint(path: str | Path) -> tuple[CheckpointMeta, dict[str, Any]]:
    """A checkpoint's metadata and its whole dict (weights, config, training state), checked; any other
    file raises ``UserError`` naming it."""
    path = Path(path)
    if not path.is_file():
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "The checkpoint {path} does not exist."), path=path)
    data = _read(path)
    return _meta(path, data), data


def _meta(path: Path, data: dict[str, Any]) -> CheckpointMeta:
    """The metadata of a checkpoint dict; a missing or malformed entry raises ``UserError`` naming it."""
    missing = [k for k in ("model", "dataset", "classes", "input_shape", "mean", "std", "state_dict")
               if k not in data]
    if missing:
        if len(missing) == 1:
            raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "{path} is a damaged cnnlab checkpoint: it lacks its "
                                                             "{names} entry."), path=path, names=missing[0])
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "{path} is a damaged cnnlab checkpoint: it lacks its "
                                                         "{names} entries."), path=path, names=", ".join(missing))

    def bad(key: str, want: str) -> UserError:  # want: a marked phrase
        return UserError(QT_TRANSLATE_NOOP("CoreMessage", "{path} is a damaged cnnlab checkpoint: its {key} "
                                                          "entry holds {kind}, not {want}."),
                         path=path, key=key, kind=kind_of(data[key]), want=want)

    if not isinstance(data["model"], str):
        raise bad("model", Sentence(QT_TRANSLATE_NOOP("CoreMessage", "a model name")))
    if not isinstance(data["dataset"], str):
        raise bad("dataset", Sentence(QT_TRANSLATE_NOOP("CoreMessage", "a dataset name")))
    if not isinstance(data["classes"], (list, tuple)) or not data["classes"]:
        raise bad("classes", Sentence(QT_TRANSLATE_NOOP("CoreMessage", "a list of class names")))
    shape = data["input_shape"]
    if not (isinstance(shape, (list, tuple)) and len(shape) == 3
            and all(isinstance(v, int) and v > 0 for v in shape)):
        raise bad("input_shape", Sentence(QT_TRANSLATE_NOOP("CoreMessage", "three sizes (channels, height, width)")))
    for key in ("mean", "std"):
        if not (isinstance(data[key], (list, tuple)) and all(isinstance(v, (int, float)) for v in data[key])):
            raise bad(key, Sentence(QT_TRANSLATE_NOOP("CoreMessage", "a list of numbers")))
    if not isinstance(data["state_dict"], dict):
        raise bad("state_dict", Sentence(QT_TRANSLATE_NOOP("CoreMessage", "the model's weights")))
    options = data.get("model_options", {})
    if not isinstance(options, dict):
        raise bad("model_options", "named model options")
    return CheckpointMeta(
        model=data["model"], model_options=dict(options), dataset=data["dataset"],
        classes=tuple(str(c) for c in data["classes"]), input_shape=(int(shape[0]), int(shape[1]), int(shape[2])),
        mean=tuple(float(v) for v in data["mean"]), std=tuple(float(v) for v in data["std"]),
    )


def _size(shape: Any) -> str:
    return "×".join(str(int(v)) for v in shape) or "a single number"


def architecture_mismatch(model: nn.Module, state: dict[str, Any]) -> str | None:
    """What differs between a model's weights and a state dict, in words; None when they fit."""
    own = model.state_dict()
    missing = [k for k in own if k not in state]
    unexpected = [k for k in state if k not in own]
    wrong = [(k, tuple(getattr(state[k], "shape", ())), tuple(own[k].shape)) for k in own
             if k in state and (not isinstance(state[k], torch.Tensor) or tuple(state[k].shape) != tuple(own[k].shape))]
    parts = []
    if missing:
        parts.append(f"{len(missing)} weight(s) are missing (such as {missing[0]})")
    if unexpected:
        parts.append(f"{len(unexpected)} weight(s) are not in the model (such as {unexpected[0]})")
    if wrong:
        k, got, want = wrong[0]
        parts.append(f"{len(wrong)} weight(s) have another shape (such as {k}: {_size(got)} in the file, "
                     f"{_size(want)} in the model)")
    return "; ".join(parts) or None


def nonfinite_weight(state: dict[str, Any]) -> str | None:
    """The name of the first floating-point tensor in ``state`` holding NaN or ±inf; None when all are finite."""
    for name, value in state.items():
        if isinstance(value, torch.Tensor) and value.is_floating_point() and not bool(torch.isfinite(value).all()):
            return name
    return None


def checkpoint_problem(path: str | Path) -> str | None:
    """A cheap check for listings (the tensors are memory-mapped, not read): one sentence saying why
    ``path`` cannot be loaded as a cnnlab checkpoint, or None when its header looks right."""
    path = Path(path)
    try:
        _meta(path, _read(path, mmap=True))
    except UserError as e:
        return str(e)
    return None


def load_checkpoint(path: str | Path, device: torch.device | str = "cpu") -> LoadedCheckpoint:
    """Rebuild the model from a checkpoint; bad files raise ``UserError`` naming the file, and so do weights
    holding NaN or ±inf (a diverged run), which every evaluation would turn into a meaningless number."""
    from cnnlab.design.build import build_network

    path = Path(path)
    if not path.is_file():
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "The checkpoint {path} does not exist."), path=path)
    data = _read(path)
    meta = _meta(path, data)
    c, h, w = meta.input_shape
    try:
        model = build_network(meta.model, in_channels=c, image_size=(h, w), num_classes=len(meta.classes),
                              **meta.model_options)
    except UserError as e:
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "{path} cannot be rebuilt: {problem}"),
                        path=path, problem=e.sentence) from None
    except TypeError:  # options the builder does not take
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "{path} names options the {model} model does not take "
                                                         "({names})."),
                        path=path, model=meta.model, names=', '.join(sorted(meta.model_options))) from None
    problem = architecture_mismatch(model, data["state_dict"])
    if problem is not None:
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "{path} does not match the {model} architecture: "
                                                         "{problem}."),
                        path=path, model=meta.model, problem=problem)
    broken = nonfinite_weight(data["state_dict"])
    if broken is not None:  # a diverged model scores its first class everywhere: a number that means nothing
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "The weights in {path} are not finite ({name} holds NaN or "
                                                         "infinite values: the training had diverged), so its "
                                                         "results would mean nothing; use an earlier epoch's "
                                                         "checkpoint or train again with a lower learning rate."),
                        path=path, name=broken)
    try:
        model.load_state_dict(data["state_dict"])
    except RuntimeError as e:  # anything the key and shape check above did not foresee
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "{path} does not match the {model} architecture "
                                                         "({problem})."),
                        path=path, model=meta.model, problem=str(e).splitlines()[-1].strip()) from None
    model.to(device).eval()
    config = data.get("config", {})
    epoch = data.get("epoch", 0)
    return LoadedCheckpoint(meta=meta, model=model, epoch=int(epoch) if isinstance(epoch, (int, float)) else 0,
                            config=dict(config) if isinstance(config, dict) else {})
