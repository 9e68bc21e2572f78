"""What the inspection functions and panels look at: a model copy plus the data it was trained on."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import torch
from torch import nn

from cnnlab.datasets import DatasetInfo, ImageSet
from cnnlab.design.build import build_network
from cnnlab.engine.checkpoint import CheckpointMeta, load_checkpoint
from cnnlab.engine.data import normalize


@dataclass
class Subject:
    """A CPU model in eval mode (never the one being trained), its dataset facts and test images.

    ``test.x`` is uint8 (N, C, H, W); :meth:`inputs` gives the normalised float tensor the model takes.
    A subject is a snapshot: its weights never change, so inspection results may be kept in ``cache``.
    """

    model: nn.Module
    meta: CheckpointMeta
    test: ImageSet
    epoch: int = 0  # 0: not from a training run (e.g. an untrained model)
    cache: dict[str, object] = field(default_factory=dict, repr=False, compare=False)  # results shared by panels

    @property
    def classes(self) -> tuple[str, ...]:
        return self.meta.classes

    @property
    def info(self) -> DatasetInfo:
        m = self.meta
        return DatasetInfo(name=m.dataset, classes=m.classes, channels=m.input_shape[0],
                           size=(m.input_shape[1], m.input_shape[2]), mean=m.mean, std=m.std)

    def inputs(self, index: torch.Tensor | slice | None = None) -> torch.Tensor:
        """Normalised float images (N, C, H, W) for ``index`` of the test set (all by default)."""
        x = self.test.x if index is None else self.test.x[index]
        return normalize(x, self.meta.mean, self.meta.std)

    def input_of(self, image: torch.Tensor) -> torch.Tensor:
        """One uint8 image (C, H, W) -> normalised float (C, H, W)."""
        return normalize(image.unsqueeze(0), self.meta.mean, self.meta.std)[0]

    @classmethod
    def from_weights(cls, meta: CheckpointMeta, weights: dict[str, torch.Tensor], test: ImageSet,
                     epoch: int = 0) -> Subject:
        """Build a fresh model from a weights copy (e.g. ``EpochEnd.weights``)."""
        c, h, w = meta.input_shape
        model = build_network(meta.model, in_channels=c, image_size=(h, w), num_classes=len(meta.classes),
                              **meta.model_options)
        model.load_state_dict(weights)
        return cls(model=model.eval(), meta=meta, test=test, epoch=epoch)

    @classmethod
    def from_checkpoint(cls, path: str | Path, test: ImageSet) -> Subject:
        ck = load_checkpoint(path)
        return cls(model=ck.model.eval(), meta=ck.meta, test=test, epoch=ck.epoch)
