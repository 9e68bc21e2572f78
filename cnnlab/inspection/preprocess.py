"""Turning a drawing into a model input the way MNIST's digits were made, step by step.

MNIST's digits were cut to their bounding box, scaled to fit a 20×20 box keeping their aspect
ratio (anti-aliased, so gray edges appear), and pasted into the 28×28 field so that their centre
of mass sits at the field's centre. A network trained on them expects that: the same stroke
drawn in a corner, or small, is a different input. :func:`preprocess` returns every step's
picture so the Lab can show why centring matters; ``mode="raw"`` only resizes the whole drawing.

Drawings are uint8 (H, W) gray or (H, W, 3) colour, light ink on a black background (as the
chapter's data sets); every step is an array of the same kind.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from PIL import Image

MODES = ("centred", "raw")
FIT_SHARE = 20 / 28  # MNIST's 20×20 box in its 28×28 field
INK_LEVEL = 8  # a pixel brighter than this (of 255) is ink: the canvas's anti-aliased fringe stays in the box


@dataclass(frozen=True)
class Step:
    """One stage of the preprocessing: its name and its picture, uint8 (h, w) or (h, w, 3)."""

    name: str
    image: np.ndarray


@dataclass(frozen=True)
class Preprocessed:
    """Every step's picture, then the model input ``tensor``, uint8 (C, H, W)."""

    mode: str
    steps: tuple[Step, ...]
    tensor: torch.Tensor
    empty: bool  # no ink: the input is the blank field

    @property
    def image(self) -> np.ndarray:
        """The final picture, uint8 (H, W) or (H, W, 3)."""
        return self.steps[-1].image


def _pil(a: np.ndarray) -> Image.Image:
    return Image.fromarray(np.ascontiguousarray(a), "L" if a.ndim == 2 else "RGB")


def resize(a: np.ndarray, height: int, width: int) -> np.ndarray:
    """Resize uint8 (h, w[, 3]): area averaging when shrinking (MNIST's anti-aliasing), bilinear when enlarging."""
    h, w = a.shape[:2]
    if (h, w) == (height, width):
        return a.copy()
    shrink = height <= h and width <= w
    method = Image.Resampling.BOX if shrink else Image.Resampling.BILINEAR
    return np.array(_pil(a).resize((width, height), method), dtype=np.uint8)


def ink(a: np.ndarray) -> np.ndarray:
    """How much ink each pixel holds, float (h, w): gray level, or the brightest channel of a colour pixel."""
    v = a.astype(np.float32)
    return v.max(axis=2) if v.ndim == 3 else v


def bounding_box(a: np.ndarray, level: int = INK_LEVEL) -> tuple[int, int, int, int] | None:
    """(top, left, bottom, right) of the ink, bottom and right exclusive; None for a blank picture."""
    mask = ink(a) > level
    if not mask.any():
        return None
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    return int(rows[0]), int(cols[0]), int(rows[-1]) + 1, int(cols[-1]) + 1


def centre_of_mass(a: np.ndarray) -> tuple[float, float]:
    """(row, column) of the ink's centre of mass; the picture's centre for a blank one."""
    m = ink(a)
    total = float(m.sum())
    if total <= 0:
        return (a.shape[0] - 1) / 2, (a.shape[1] - 1) / 2
    rows, cols = np.indices(m.shape)
    return float((rows * m).sum() / total), float((cols * m).sum() / total)


def fit_box(a: np.ndarray, box: int) -> np.ndarray:
    """Scale so the longer side is ``box`` pixels, keeping the aspect ratio (the shorter side at least 1)."""
    h, w = a.shape[:2]
    s = box / max(h, w)
    return resize(a, max(1, round(h * s)), max(1, round(w * s)))


def paste_by_mass(a: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Paste ``a`` into a black field of ``size`` (H, W) so its centre of mass lands on the field's centre
    ((H − 1) / 2, (W − 1) / 2), moved by whole pixels and kept entirely inside the field."""
    height, width = size
    h, w = a.shape[:2]
    cy, cx = centre_of_mass(a)
    top = int(np.clip(np.floor((height - 1) / 2 - cy + 0.5), 0, max(height - h, 0)))
    left = int(np.clip(np.floor((width - 1) / 2 - cx + 0.5), 0, max(width - w, 0)))
    out = np.zeros((height, width, *a.shape[2:]), dtype=np.uint8)
    out[top:top + h, left:left + w] = a[:height - top, :width - left]
    return out


def _as_tensor(a: np.ndarray) -> torch.Tensor:
    arr = a[None] if a.ndim == 2 else a.transpose(2, 0, 1)
    return torch.from_numpy(np.ascontiguousarray(arr))  # (C, H, W) uint8


def preprocess(drawing: np.ndarray, size: tuple[int, int] = (28, 28), mode: str = "centred") -> Preprocessed:
    """A drawing, uint8 (h, w) or (h, w, 3) -> the model input of ``size`` (H, W), with each step's picture.

    ``"centred"``: drawing → bounding box → fitted into the 20×20 box (scaled to ``size``) → pasted by
    centre of mass. ``"raw"``: drawing → resized to ``size``. A blank drawing gives a blank field.
    """
    if mode not in MODES:
        raise ValueError(f"unknown preprocessing mode {mode!r}; choose one of {', '.join(MODES)}")
    a = np.asarray(drawing)
    if a.dtype != np.uint8 or a.ndim not in (2, 3) or (a.ndim == 3 and a.shape[2] != 3):
        raise ValueError(f"a drawing is uint8 (H, W) or (H, W, 3), got {a.dtype} {a.shape}")
    height, width = size
    steps = [Step("drawing", a.copy())]
    if mode == "raw":
        out = resize(a, height, width)
        steps.append(Step("resized", out))
        return Preprocessed(mode, tuple(steps), _as_tensor(out), empty=not (a > INK_LEVEL).any())
    box = bounding_box(a)
    if box is None:
        out = np.zeros((height, width, *a.shape[2:]), dtype=np.uint8)
        steps.append(Step("blank", out))
        return Preprocessed(mode, tuple(steps), _as_tensor(out), empty=True)
    top, left, bottom, right = box
    cropped = a[top:bottom, left:right]
    steps.append(Step("bounding box", cropped.copy()))
    fitted = fit_box(cropped, max(1, round(min(height, width) * FIT_SHARE)))
    steps.append(Step("fitted", fitted))
    out = paste_by_mass(fitted, size)
    steps.append(Step("centred", out))
    return Preprocessed(mode, tuple(steps), _as_tensor(out), empty=False)
