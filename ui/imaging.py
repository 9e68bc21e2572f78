"""The one place where numpy arrays become Qt images.

Inspection functions return arrays; panels and the setup area call these to show them.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap


def to_uint8(arr: np.ndarray, lo: float | None = None, hi: float | None = None) -> np.ndarray:
    """Scale a float array to 0–255 (min–max unless ``lo`` / ``hi`` are given); uint8 passes through."""
    if arr.dtype == np.uint8:
        return arr
    a = arr.astype(np.float32)
    lo = float(a.min()) if lo is None else lo
    hi = float(a.max()) if hi is None else hi
    scale = 255.0 / (hi - lo) if hi > lo else 0.0
    return np.clip((a - lo) * scale, 0, 255).astype(np.uint8)


def to_qimage(arr: np.ndarray) -> QImage:
    """(H, W) gray or (H, W, 3) RGB array -> QImage (a deep copy, safe after ``arr`` is freed).

    (C, H, W) arrays with C in (1, 3) are accepted too and transposed.
    """
    a = np.asarray(arr)
    if a.ndim == 3 and a.shape[0] in (1, 3) and a.shape[-1] not in (1, 3):
        a = a.transpose(1, 2, 0)
    if a.ndim == 3 and a.shape[-1] == 1:
        a = a[..., 0]
    a = np.ascontiguousarray(to_uint8(a))
    h, w = a.shape[:2]
    if a.ndim == 2:
        img = QImage(a.data, w, h, w, QImage.Format.Format_Grayscale8)
    elif a.ndim == 3 and a.shape[2] == 3:
        img = QImage(a.data, w, h, 3 * w, QImage.Format.Format_RGB888)
    else:
        raise ValueError(f"cannot show an array of shape {arr.shape} as an image")
    return img.copy()


def to_pixmap(arr: np.ndarray, scale: int = 1) -> QPixmap:
    """Array -> QPixmap, enlarged ``scale`` times with nearest-neighbour so pixels stay crisp."""
    img = to_qimage(arr)
    if scale != 1:
        img = img.scaled(img.width() * scale, img.height() * scale,
                         Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.FastTransformation)
    return QPixmap.fromImage(img)
