"""The report's images as PNG bytes, drawn with matplotlib's object API (no pyplot: safe off the GUI thread)."""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from cnnlab.inspection.mosaic import image_rgb

DPI = 110  # sharp on paper and on screens without making the HTML heavy
CJK_HINTS = ("cjk", "wqy", "simhei", "msyh", "pingfang", "heiti", "notosanssc")  # font files with Chinese glyphs


@lru_cache(maxsize=1)
def cjk_family() -> str | None:
    """A font family with Chinese glyphs known to matplotlib (added from the system's fonts), or None."""
    from matplotlib import font_manager

    found = sorted(font_manager.findSystemFonts(), key=lambda p: ("regular" not in Path(p).name.lower(), p))
    for path in found:  # regular weights first: bold body text reads badly
        if any(h in Path(path).name.lower() for h in CJK_HINTS):
            try:
                font_manager.fontManager.addfont(path)
                return str(font_manager.FontProperties(fname=path).get_name())
            except (OSError, RuntimeError, ValueError):  # an unreadable font file: try the next
                continue
    return None


def font(lang: str) -> dict[str, Any]:
    """Text keywords for ``lang``: Chinese text needs a CJK font (without one, labels fall back to boxes)."""
    family = cjk_family() if lang != "en" else None
    return {"fontfamily": [family, "DejaVu Sans"]} if family else {}


def png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, bbox_inches="tight")
    return buf.getvalue()


def curves_figure(metrics: Sequence[dict[str, Any]], t: dict[str, str], lang: str) -> Figure:
    """Loss and accuracy against epochs, train and validation."""
    fig = Figure(figsize=(9, 3.4))
    f = font(lang)
    epochs = [m["epoch"] for m in metrics]
    for ax, key, name in ((fig.add_subplot(1, 2, 1), "loss", t["loss"]), (fig.add_subplot(1, 2, 2), "acc",
                                                                             t["accuracy"])):
        for split, label in (("train", t["train"]), ("val", t["validation"])):
            ys = [m.get(f"{split}_{key}") for m in metrics]
            if any(y is not None for y in ys):
                ax.plot(epochs, [math.nan if y is None else y for y in ys], marker="o", ms=3, label=label)
        ax.set_xlabel(t["epoch"], **f)
        ax.set_ylabel(name, **f)
        ax.grid(alpha=0.3)
        ax.legend(prop={"family": f["fontfamily"]} if f else None)
    fig.tight_layout()
    return fig


def curves_png(metrics: Sequence[dict[str, Any]], t: dict[str, str], lang: str) -> bytes:
    return png(curves_figure(metrics, t, lang))


def confusion_figure(matrix: np.ndarray, classes: Sequence[str], t: dict[str, str], lang: str) -> Figure:
    """(K, K) counts, rows = true class, each cell written in."""
    k = len(classes)
    side = max(3.5, 0.45 * k + 1.5)
    fig = Figure(figsize=(side, side))
    ax = fig.add_subplot(1, 1, 1)
    rows = matrix / np.maximum(matrix.sum(1, keepdims=True), 1)  # (K, K) share of each true class
    ax.imshow(rows, cmap="Blues", vmin=0, vmax=1)
    for i in range(k):
        for j in range(k):
            ax.text(j, i, str(int(matrix[i, j])), ha="center", va="center", fontsize=8,
                    color="white" if rows[i, j] > 0.5 else "black")
    f = font(lang)  # class names are translated too: the ticks need the CJK font as the labels do
    ax.set_xticks(range(k), classes, rotation=45, ha="right", fontsize=8, **f)
    ax.set_yticks(range(k), classes, fontsize=8, **f)
    ax.set_xlabel(t["predicted"], **f)
    ax.set_ylabel(t["true"], **f)
    fig.tight_layout()
    return fig


def confusion_png(matrix: np.ndarray, classes: Sequence[str], t: dict[str, str], lang: str) -> bytes:
    return png(confusion_figure(matrix, classes, t, lang))


def mistakes_figure(images: np.ndarray, titles: Sequence[tuple[str, str]], lang: str) -> Figure:
    """uint8 images (N, C, H, W) titled "pred (true)", the book's form for a wrong prediction."""
    n = len(images)
    cols = min(6, n)
    rows = math.ceil(n / cols)
    fig = Figure(figsize=(1.5 * cols, 1.7 * rows))
    f = font(lang)  # translated class names in the titles
    for i, (img, (pred, true)) in enumerate(zip(images, titles, strict=True)):
        ax = fig.add_subplot(rows, cols, i + 1)
        ax.imshow(image_rgb(img), interpolation="nearest")
        ax.set_title(f"{pred} ({true})", fontsize=7, color="#b00020", **f)
        ax.axis("off")
    fig.tight_layout()
    return fig


def mistakes_png(images: np.ndarray, titles: Sequence[tuple[str, str]], lang: str) -> bytes:
    return png(mistakes_figure(images, titles, lang))


def kernel_tiles(weight: np.ndarray) -> list[np.ndarray]:
    """(O, I, kh, kw) first-layer weights -> one (kh, kw, 3) float image per kernel in [0, 1], each scaled to
    its own range: RGB for three input channels, else the channels' mean in gray."""
    tiles = []
    for w in np.asarray(weight, dtype=np.float32):  # (I, kh, kw)
        img = w.transpose(1, 2, 0) if w.shape[0] == 3 else np.repeat(w.mean(0)[..., None], 3, axis=-1)
        lo, hi = float(img.min()), float(img.max())
        tiles.append((img - lo) / (hi - lo) if hi > lo else np.zeros_like(img))
    return tiles


def kernels_figure(weight: np.ndarray) -> Figure:
    tiles = kernel_tiles(weight)
    cols = min(8, len(tiles))
    rows = math.ceil(len(tiles) / cols)
    fig = Figure(figsize=(1.0 * cols, 1.0 * rows + 0.2))
    for i, tile in enumerate(tiles):
        ax = fig.add_subplot(rows, cols, i + 1)
        ax.imshow(tile, interpolation="nearest")
        ax.set_title(str(i), fontsize=7)
        ax.axis("off")
    return fig


def kernels_png(weight: np.ndarray) -> bytes:
    return png(kernels_figure(weight))
