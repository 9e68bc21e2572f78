"""ZFNet's invariance figure: move, turn or scale one image and watch every class's probability.

:func:`transform` applies one change to a uint8 image (the empty border it uncovers is black, the
chapter's background); :func:`invariance_curve` runs the model on the image changed by each amount
in one batch and returns the probabilities, one row per amount.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch
from torch.nn import functional as F

from cnnlab.engine.data import normalize
from cnnlab.engine.scoring import predict_logits

# kind -> (unit, default amounts): ±8 pixels is over a quarter of a 28×28 field; ±45° and 0.5–1.5× as ZFNet's figure
KINDS: dict[str, tuple[str, tuple[float, ...]]] = {
    "shift-x": ("pixels", tuple(float(v) for v in range(-8, 9))),
    "shift-y": ("pixels", tuple(float(v) for v in range(-8, 9))),
    "rotate": ("degrees", tuple(float(v) for v in range(-45, 46, 5))),
    "scale": ("times", tuple(round(0.5 + 0.1 * i, 2) for i in range(11))),
}
IDENTITY = {"shift-x": 0.0, "shift-y": 0.0, "rotate": 0.0, "scale": 1.0}  # the amount that leaves the image as is


def _theta(kind: str, amount: float, h: int, w: int) -> torch.Tensor:
    """The (2, 3) matrix mapping output coordinates to input coordinates (``affine_grid``'s convention)."""
    if kind == "shift-x":  # moving the picture right by a pixels reads the input a pixels to the left
        return torch.tensor([[1.0, 0.0, -2.0 * amount / w], [0.0, 1.0, 0.0]])
    if kind == "shift-y":
        return torch.tensor([[1.0, 0.0, 0.0], [0.0, 1.0, -2.0 * amount / h]])
    if kind == "rotate":  # counter-clockwise on screen, about the centre
        r = math.radians(amount)
        c, s = math.cos(r), math.sin(r)
        return torch.tensor([[c, -s * h / w, 0.0], [s * w / h, c, 0.0]])
    if kind == "scale":
        if amount <= 0:
            raise ValueError(f"a scale must be above 0, got {amount}")
        return torch.tensor([[1.0 / amount, 0.0, 0.0], [0.0, 1.0 / amount, 0.0]])
    raise ValueError(f"unknown change {kind!r}; choose one of {', '.join(KINDS)}")


def transform_batch(image: torch.Tensor, kind: str, amounts: Sequence[float]) -> torch.Tensor:
    """One uint8 image (C, H, W) changed by each amount -> uint8 (A, C, H, W); bilinear, black outside."""
    c, h, w = image.shape
    theta = torch.stack([_theta(kind, float(a), h, w) for a in amounts])  # (A, 2, 3)
    grid = F.affine_grid(theta, [len(amounts), c, h, w], align_corners=False)  # (A, H, W, 2)
    x = image.float().unsqueeze(0).expand(len(amounts), c, h, w)
    out = F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
    return out.round().clamp(0, 255).to(torch.uint8)


def transform(image: torch.Tensor, kind: str, amount: float) -> torch.Tensor:
    """One uint8 image (C, H, W) changed by ``amount`` of ``kind`` -> uint8 (C, H, W)."""
    return transform_batch(image, kind, [amount])[0]


@dataclass(frozen=True)
class InvarianceCurve:
    """``probabilities`` (A, K): row i is the softmax of the image changed by ``amounts[i]``."""

    kind: str
    unit: str
    amounts: np.ndarray
    probabilities: np.ndarray
    images: torch.Tensor  # uint8 (A, C, H, W), the changed images

    def predicted(self) -> np.ndarray:
        """(A,) the predicted class at each amount."""
        return self.probabilities.argmax(1)


def invariance_curve(model: torch.nn.Module, image: torch.Tensor, mean: Sequence[float], std: Sequence[float],
                     kind: str, amounts: Sequence[float] | None = None) -> InvarianceCurve:
    """Every class's probability for one uint8 image (C, H, W) changed by each amount of ``kind``.

    ``mean`` / ``std`` normalise as the model was trained; ``amounts`` default to ``KINDS[kind]``.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown change {kind!r}; choose one of {', '.join(KINDS)}")
    unit, default = KINDS[kind]
    chosen = list(default if amounts is None else amounts)
    images = transform_batch(image, kind, chosen)  # (A, C, H, W) uint8
    logits = predict_logits(model, normalize(images, mean, std))  # (A, K)
    probs = torch.softmax(logits.float(), dim=1).numpy()
    return InvarianceCurve(kind=kind, unit=unit, amounts=np.asarray(chosen, dtype=np.float32), probabilities=probs,
                           images=images)
