"""Dataset containers shared by every loader.

Images are held as uint8 tensors ``(N, C, H, W)`` with int64 labels ``(N,)``: the chapter's sets
fit in memory, so training batches by indexing instead of using DataLoader workers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import torch

from cnnlab.errors import Sentence
from cnnlab.i18n import QT_TRANSLATE_NOOP


@dataclass(frozen=True)
class DatasetInfo:
    """What a model and the UI need to know about a dataset."""

    name: str
    classes: tuple[str, ...]
    channels: int
    size: tuple[int, int]  # (H, W)
    mean: tuple[float, ...]  # per channel, on the [0, 1] scale
    std: tuple[float, ...]
    source: str = ""  # where the data came from: "generated" or a path

    @property
    def num_classes(self) -> int:
        return len(self.classes)

    @property
    def input_shape(self) -> tuple[int, int, int]:
        return (self.channels, *self.size)


@dataclass
class ImageSet:
    """One split: ``x`` uint8 (N, C, H, W), ``y`` int64 (N,)."""

    x: torch.Tensor
    y: torch.Tensor

    def __post_init__(self) -> None:
        if self.x.dtype != torch.uint8 or self.x.dim() != 4:
            raise ValueError(f"images must be uint8 (N, C, H, W), got {self.x.dtype} {tuple(self.x.shape)}")
        if self.y.dim() != 1 or len(self.y) != len(self.x):
            raise ValueError("labels must be (N,) and match the number of images")
        self.y = self.y.long()

    def __len__(self) -> int:
        return len(self.x)

    def subset(self, index: torch.Tensor) -> ImageSet:
        return ImageSet(self.x[index], self.y[index])


@dataclass
class DataSplits:
    """Train / validation / test splits of one dataset with its facts."""

    info: DatasetInfo
    train: ImageSet
    val: ImageSet
    test: ImageSet
    notes: list[str] = field(default_factory=list)


def channel_stats(x: torch.Tensor) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Per-channel mean and std of uint8 images ``(N, C, H, W)`` on the [0, 1] scale."""
    xf = x.to(torch.float64).div_(255.0)
    mean = xf.mean(dim=(0, 2, 3))
    std = xf.std(dim=(0, 2, 3)).clamp_min(1e-3)  # a blank channel must not divide by zero
    return tuple(round(float(m), 4) for m in mean), tuple(round(float(s), 4) for s in std)


def split_validation(
    train: ImageSet, val_fraction: float, seed: int
) -> tuple[ImageSet, ImageSet]:
    """Hold out the first ``val_fraction`` of a seeded shuffle of ``train`` (as the course does)."""
    if not 0.0 <= val_fraction < 1.0:
        raise ValueError("val_fraction must be in [0, 1)")
    g = torch.Generator().manual_seed(seed)
    order = torch.randperm(len(train), generator=g)
    n_val = int(round(len(train) * val_fraction))
    return train.subset(order[n_val:]), train.subset(order[:n_val])


TOO_FEW_FOR_SPLIT = QT_TRANSLATE_NOOP("CoreMessage", "Class {name} has {count} image(s) in all, too few for the "
                                                     "split: none is left for training, so the model cannot learn "
                                                     "it.")  # the dataset's too-few-images warning (also a diagnosis)


def classes_left_out(classes: Sequence[str], train: ImageSet, everything: Sequence[ImageSet]) -> list[str]:
    """A sentence for each class with no image in ``train`` (after the splits), counting its images in
    ``everything`` (the dataset's own train and test parts): the model cannot learn such a class."""
    k = len(classes)
    counts = sum((torch.bincount(s.y, minlength=k) for s in everything), torch.zeros(k, dtype=torch.int64))
    trained = torch.bincount(train.y, minlength=k)  # (K,) images per class left for training
    return [Sentence(TOO_FEW_FOR_SPLIT, name=classes[c], count=int(counts[c]))
            for c in range(k) if int(trained[c]) == 0]


def limit_train(train: ImageSet, limit: int | None, seed: int) -> ImageSet:
    """Keep a seeded random ``limit`` images of the training split (None keeps all)."""
    if limit is None or limit >= len(train):
        return train
    g = torch.Generator().manual_seed(seed + 1)
    return train.subset(torch.randperm(len(train), generator=g)[:limit])


def with_source(info: DatasetInfo, source: str) -> DatasetInfo:
    return replace(info, source=source)
