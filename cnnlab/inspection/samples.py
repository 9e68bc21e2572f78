"""Choosing test images by class: one sample of each (the lecture's figures) or a capped share."""

from __future__ import annotations

import numpy as np
import torch


def _labels(labels: torch.Tensor | np.ndarray) -> np.ndarray:
    return labels.numpy() if isinstance(labels, torch.Tensor) else np.asarray(labels)


def one_per_class(labels: torch.Tensor | np.ndarray, num_classes: int,
                  nth: int = 0,  # the first image of each class, as the lecture's figures
                  ) -> list[int | None]:
    """For each class, the index of its ``nth`` image in test order (None when it has fewer)."""
    y = _labels(labels)
    out: list[int | None] = []
    for c in range(num_classes):
        idx = np.flatnonzero(y == c)
        out.append(int(idx[nth]) if len(idx) > nth else None)
    return out


def per_class_limit(labels: torch.Tensor | np.ndarray, num_classes: int, limit: int) -> np.ndarray:
    """Indices of at most ``limit`` images of each class (the first ones, in test order), sorted."""
    y = _labels(labels)
    keep = [np.flatnonzero(y == c)[:limit] for c in range(num_classes)]
    return np.sort(np.concatenate(keep)) if keep else np.zeros(0, dtype=np.int64)
