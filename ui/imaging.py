"""The one place where numpy arrays become Qt images.

Inspection functions return arrays; panels and the setup area call these to show them.
Grids of many small pictures are composed in numpy first (``cnnlab.inspection.mosaic``) and
become a single pixmap here, with their captions painted on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPixmap


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


@dataclass(frozen=True)
class Label:
    """Text drawn on a picture: inside the box (x, y, w, h) in picture pixels."""

    x: int
    y: int
    w: int
    h: int
    text: str
    color: tuple[int, int, int] = (30, 30, 30)  # near-black reads well on white and on light cells
    align: str = "center"  # "center", "left" or "right"
    size: int = 11  # pixel height of the font
    bold: bool = False
    vertical: bool = False  # read bottom-to-top, for narrow column headers


_ALIGN = {"center": Qt.AlignmentFlag.AlignCenter,
          "left": Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
          "right": Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter}


def labelled_pixmap(arr: np.ndarray, labels: Sequence[Label] = ()) -> QPixmap:
    """An RGB picture (H, W, 3) with text drawn over it -> one QPixmap (one widget, however many tiles)."""
    img = to_qimage(arr)
    if labels:
        img = img.convertToFormat(QImage.Format.Format_RGB32)
        p = QPainter(img)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        font = QFont()
        for lab in labels:
            font.setPixelSize(lab.size)
            font.setBold(lab.bold)
            p.setFont(font)
            p.setPen(QColor(*lab.color))
            if lab.vertical:
                p.save()
                p.translate(lab.x, lab.y + lab.h)
                p.rotate(-90)
                p.drawText(QRectF(0, 0, lab.h, lab.w), _ALIGN["left"], lab.text)
                p.restore()
            else:  # lines too wide for their box end in "…" instead of spilling over neighbours
                metrics = QFontMetrics(font)
                text = "\n".join(metrics.elidedText(line, Qt.TextElideMode.ElideRight, lab.w)
                                 for line in lab.text.split("\n"))
                p.drawText(QRectF(lab.x, lab.y, lab.w, lab.h), _ALIGN[lab.align], text)
        p.end()
    return QPixmap.fromImage(img)


def text_width(text: str,
               size: int = 11,  # the labels' usual pixel size
               bold: bool = False) -> int:
    """Pixel width of ``text`` in the label font, to size margins before drawing."""
    font = QFont()
    font.setPixelSize(size)
    font.setBold(bold)
    return QFontMetrics(font).horizontalAdvance(text)
