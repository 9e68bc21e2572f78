"""Composing many small pictures into one array, and colouring values: numpy only.

Panels draw a whole grid as one image (one pixmap instead of hundreds of widgets); scripts can
hand the same arrays to ``matplotlib.pyplot.imshow``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np


def symmetric_range(values: np.ndarray) -> tuple[float, float]:
    """(-m, m) with m the largest magnitude: zero sits in the middle of a diverging colour map."""
    m = float(np.abs(values).max()) if values.size else 0.0
    m = m if m > 0 else 1.0  # an all-zero array still gets a usable scale
    return -m, m


@lru_cache(maxsize=16)
def colormap_table(cmap: str) -> np.ndarray:
    """The 256 colours of a matplotlib colour map as uint8 (256, 3)."""
    import matplotlib  # imported here: only the drawing paths pay for it

    return (matplotlib.colormaps[cmap](np.linspace(0, 1, 256))[:, :3] * 255 + 0.5).astype(np.uint8)


def colorize(values: np.ndarray,
             cmap: str = "RdBu_r",  # diverging: negative blue, zero white, positive red
             lo: float | None = None, hi: float | None = None) -> np.ndarray:
    """Values (...) -> uint8 RGB (..., 3) through a matplotlib colour map; min–max unless lo / hi given.

    NaN values come out mid-gray.
    """
    v = np.asarray(values, dtype=np.float32)
    finite = np.isfinite(v)
    if lo is None:
        lo = float(v[finite].min()) if finite.any() else 0.0
    if hi is None:
        hi = float(v[finite].max()) if finite.any() else 1.0
    t = (v - lo) / (hi - lo) if hi > lo else np.zeros_like(v)
    idx = np.clip(np.nan_to_num(t, nan=0.5) * 255 + 0.5, 0, 255).astype(np.intp)
    out = colormap_table(cmap)[idx]
    if not finite.all():
        out[~finite] = 128
    return out


def gray(values: np.ndarray, lo: float | None = None, hi: float | None = None) -> np.ndarray:
    """Values (H, W) -> uint8 RGB (H, W, 3) gray, min–max unless lo / hi given (constant -> black)."""
    v = np.asarray(values, dtype=np.float32)
    lo = float(v.min()) if lo is None else lo
    hi = float(v.max()) if hi is None else hi
    g = np.clip((v - lo) / (hi - lo), 0, 1) if hi > lo else np.zeros_like(v)
    return np.repeat((g * 255 + 0.5).astype(np.uint8)[..., None], 3, axis=-1)


def image_rgb(x: np.ndarray) -> np.ndarray:
    """A dataset image, uint8 (C, H, W) with C = 1 or 3 -> uint8 (H, W, 3) for display."""
    a = np.asarray(x)
    if a.ndim == 2:
        a = a[None]
    if a.shape[0] == 1:
        return np.repeat(a[0][..., None], 3, axis=-1)
    if a.shape[0] == 3:
        return np.ascontiguousarray(a.transpose(1, 2, 0))
    return np.repeat(a[0][..., None], 3, axis=-1)  # other channel counts: show the first channel


def resize_nearest(img: np.ndarray, height: int, width: int) -> np.ndarray:
    """Nearest-neighbour resize of (h, w[, 3]) to (height, width[, 3]): pixels stay crisp squares."""
    h, w = img.shape[:2]
    rows = (np.arange(height) * h // max(height, 1)).clip(0, h - 1)
    cols = (np.arange(width) * w // max(width, 1)).clip(0, w - 1)
    return img[rows[:, None], cols[None, :]]


def fit(img: np.ndarray, box: int) -> np.ndarray:
    """Enlarge or shrink (nearest) so the longer side is ``box`` pixels, keeping the aspect ratio."""
    h, w = img.shape[:2]
    s = box / max(h, w)
    return resize_nearest(img, max(1, round(h * s)), max(1, round(w * s)))


def frame(img: np.ndarray,
          color: tuple[int, int, int] = (160, 160, 160),  # mid-gray: visible on white and on dark tiles
          ) -> np.ndarray:
    """A one-pixel border around an RGB tile (h, w, 3) -> (h + 2, w + 2, 3): near-white tiles stay visible."""
    out = np.empty((img.shape[0] + 2, img.shape[1] + 2, 3), dtype=np.uint8)
    out[:] = color
    out[1:-1, 1:-1] = img
    return out


def overlay(image: np.ndarray, heat: np.ndarray,
            cmap: str = "jet",  # the colour map of the Grad-CAM paper's figures: hot = strong evidence
            alpha: float = 0.45,  # a little under half: the image underneath stays readable
            ) -> np.ndarray:
    """Blend a [0, 1] heat map (H, W) over an RGB image (H, W, 3) uint8; ``alpha`` is the heat's weight."""
    colours = colorize(heat, cmap, 0.0, 1.0).astype(np.float32)
    out = (1 - alpha) * image.astype(np.float32) + alpha * colours
    return np.clip(out + 0.5, 0, 255).astype(np.uint8)


@dataclass(frozen=True)
class GridLayout:
    """Where tile ``i`` of a rows × cols grid goes: cells of ``cell`` pixels, ``gap`` apart.

    ``caption`` extra pixels under each cell hold a caption, ``left`` / ``top`` a margin for labels.
    """

    count: int
    cols: int
    cell: tuple[int, int]  # (height, width) of one tile's box
    gap: int = 4  # pixels between cells: enough to see where one map ends
    caption: int = 0
    left: int = 0
    top: int = 0

    @property
    def rows(self) -> int:
        return -(-self.count // self.cols) if self.count else 0

    @property
    def size(self) -> tuple[int, int]:
        """(height, width) of the whole picture."""
        ch, cw = self.cell
        h = self.top + self.rows * (ch + self.caption) + max(self.rows - 1, 0) * self.gap
        w = self.left + self.cols * cw + max(self.cols - 1, 0) * self.gap
        return max(h, 1), max(w, 1)

    def origin(self, i: int) -> tuple[int, int]:
        """(y, x) of the top-left corner of cell ``i``."""
        r, c = divmod(i, self.cols)
        ch, cw = self.cell
        return self.top + r * (ch + self.caption + self.gap), self.left + c * (cw + self.gap)

    def index_at(self, y: int, x: int) -> int | None:
        """The cell under picture coordinates (y, x), or None for gaps and margins."""
        ch, cw = self.cell
        yy, xx = y - self.top, x - self.left
        if yy < 0 or xx < 0:
            return None
        r, ry = divmod(yy, ch + self.caption + self.gap)
        c, cx = divmod(xx, cw + self.gap)
        if ry >= ch + self.caption or cx >= cw or c >= self.cols:
            return None
        i = r * self.cols + c
        return i if i < self.count else None


def compose(tiles: Sequence[np.ndarray], layout: GridLayout,
            background: int = 255,  # white, as the lecture's figures
            ) -> np.ndarray:
    """Place RGB tiles (h, w, 3) uint8, each at most the cell size, centred in their cells -> (H, W, 3)."""
    out = np.full((*layout.size, 3), background, dtype=np.uint8)
    ch, cw = layout.cell
    for i, t in enumerate(tiles[:layout.count]):
        y, x = layout.origin(i)
        h, w = min(t.shape[0], ch), min(t.shape[1], cw)
        y += (ch - h) // 2
        x += (cw - w) // 2
        out[y:y + h, x:x + w] = t[:h, :w]
    return out


def tile_layout(count: int, cols: int, cell: tuple[int, int],
                gap: int = 2,  # pixels between tiles: enough to tell them apart
                caption: int = 0, left: int = 0) -> GridLayout:
    """The grid of ``count`` tiles in rows of ``cols`` (fewer columns when there are fewer tiles)."""
    return GridLayout(count=count, cols=max(1, min(cols, count)), cell=cell, gap=gap, caption=caption, left=left)


def tile_grid(tiles: Sequence[np.ndarray], cols: int,
              gap: int = 2,  # pixels between tiles: enough to tell them apart
              background: int = 255,  # white
              ) -> np.ndarray:
    """Quick mosaic for scripts: equal-size RGB tiles in rows of ``cols``."""
    cell = (tiles[0].shape[0], tiles[0].shape[1]) if tiles else (1, 1)  # no tiles: one background pixel
    return compose(tiles, tile_layout(len(tiles), cols, cell, gap), background)
