"""Small building blocks shared by several model families."""

from __future__ import annotations

import torch
from torch import nn


class Grayscale(nn.Module):
    """Fixed RGB -> gray conversion (ITU-R 601 luma), as the course's DNN baselines use.

    (N, 3, H, W) -> (N, 1, H, W); gray inputs pass through. No learnable parameters.
    """

    weight: torch.Tensor  # (1, 3, 1, 1) luma coefficients, a non-persistent buffer

    def __init__(self) -> None:
        super().__init__()
        self.register_buffer("weight", torch.tensor([0.299, 0.587, 0.114]).view(1, 3, 1, 1), persistent=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.shape[1] == 1:
            return x
        return (x * self.weight).sum(dim=1, keepdim=True)


def flat_features(body: nn.Module, in_channels: int, size: tuple[int, int]) -> int:
    """Number of features ``body`` produces for one (in_channels, H, W) input, found by a dry run."""
    with torch.no_grad():
        was_training = body.training
        body.eval()
        n = body(torch.zeros(1, in_channels, *size)).flatten(1).shape[1]
        body.train(was_training)
    return int(n)
