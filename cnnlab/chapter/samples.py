"""18.4's sample grid: for each class, its first training images in a few rows, as the book shows them."""

from __future__ import annotations

import numpy as np
import torch

ROWS = 3  # the book shows three rows per class
COLUMNS = 8  # images per row: the grid fits a narrow pane at 28 pixels an image


def class_mosaics(x: torch.Tensor, y: torch.Tensor, num_classes: int, rows: int = ROWS,
                  columns: int = COLUMNS) -> list[np.ndarray]:
    """One uint8 mosaic per class of ``x`` (N, 1, H, W) uint8 images labelled ``y`` (N,): its first
    rows×columns images, row by row, as a (rows·H, columns·W) array; missing images stay black."""
    _, _, h, w = x.shape
    out = []
    for c in range(num_classes):
        picked = (y == c).nonzero().flatten()[: rows * columns]
        mosaic = np.zeros((rows * h, columns * w), dtype=np.uint8)
        for i, index in enumerate(picked.tolist()):
            r, col = divmod(i, columns)
            mosaic[r * h:(r + 1) * h, col * w:(col + 1) * w] = x[index, 0].numpy()
        out.append(mosaic)
    return out
