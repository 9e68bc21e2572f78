"""Turning uint8 image tensors into normalised float batches, and batch augmentation. What to load and
loading it (:class:`DataRequest`, :func:`load_data`) live in :mod:`cnnlab.engine.request`, which needs no
torch, and are re-exported here."""

from __future__ import annotations

from collections.abc import Sequence

import torch

from cnnlab.engine.request import DataRequest, load_data

__all__ = ["DataRequest", "augment", "load_data", "normalize", "random_flip", "random_shift"]


def normalize(x: torch.Tensor, mean: Sequence[float], std: Sequence[float],
              device: torch.device | str = "cpu") -> torch.Tensor:
    """uint8 (N, C, H, W) -> float32 (N, C, H, W), ``(x / 255 - mean) / std`` per channel."""
    x = x.to(device, non_blocking=True).float().div_(255.0)
    m = torch.tensor(mean, dtype=torch.float32, device=x.device).view(1, -1, 1, 1)
    s = torch.tensor(std, dtype=torch.float32, device=x.device).view(1, -1, 1, 1)
    return x.sub_(m).div_(s)


def random_flip(x: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """Mirror a random half of the batch left-right. (N, C, H, W) -> same."""
    mask = (torch.rand(len(x), generator=generator) < 0.5).to(x.device)
    return torch.where(mask.view(-1, 1, 1, 1), x.flip(3), x)


def random_shift(x: torch.Tensor, generator: torch.Generator, fraction: float = 0.1) -> torch.Tensor:
    """Translate each image by up to ``fraction`` of its side, edges replicated (as Keras' shift).

    One gather for the whole batch: (N, C, H, W) -> (N, C, H, W).
    """
    n, c, h, w = x.shape
    p = max(1, int(round(max(h, w) * fraction)))
    padded = torch.nn.functional.pad(x, (p, p, p, p), mode="replicate")  # (N, C, H+2p, W+2p)
    dy = torch.randint(0, 2 * p + 1, (n,), generator=generator).to(x.device)
    dx = torch.randint(0, 2 * p + 1, (n,), generator=generator).to(x.device)
    rows = (torch.arange(h, device=x.device).view(1, h) + dy.view(n, 1)).view(n, 1, h, 1)
    cols = (torch.arange(w, device=x.device).view(1, w) + dx.view(n, 1)).view(n, 1, 1, w)
    batch = torch.arange(n, device=x.device).view(n, 1, 1, 1)
    chan = torch.arange(c, device=x.device).view(1, c, 1, 1)
    return padded[batch, chan, rows, cols]


def augment(x: torch.Tensor, kind: str, generator: torch.Generator) -> torch.Tensor:
    """Apply the named augmentation ("none", "flip", "shift", "flip+shift") to a float batch."""
    if "flip" in kind:
        x = random_flip(x, generator)
    if "shift" in kind:
        x = random_shift(x, generator)
    return x
