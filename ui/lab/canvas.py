"""The Lab's drawing canvas: strokes painted with QPainter on a QImage, with undo and clear.

Gray data sets get white ink on black (as MNIST and the chapter's shapes); colour sets draw in the
chosen colour. Drawing is by mouse or pen, or through :meth:`DrawingCanvas.stroke` (tests and
scripts). A dropped image file is announced with :attr:`DrawingCanvas.fileDropped`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QPointF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QTabletEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui.imaging import to_qimage

SIDE = 280  # pixels of the drawing: 10× a 28×28 input, so a stroke is about as wide as MNIST's
BRUSH = 22  # default pen width in canvas pixels: about 2 pixels of the 28×28 input, MNIST's stroke
UNDO_DEPTH = 50  # strokes that can be undone


class DrawingCanvas(QWidget):
    """A square drawing area; ``changed`` after every painted segment, ``strokeFinished`` at pen up."""

    changed = Signal()
    strokeFinished = Signal()
    fileDropped = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.channels = 1
        self.brush = BRUSH
        self.colour = QColor(255, 255, 255)
        self.image = self._blank()
        self._undo: list[QImage] = []
        self._last: QPointF | None = None
        self.setFixedSize(QSize(SIDE, SIDE))
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setAcceptDrops(True)
        self.setToolTip(self.tr("Draw with the mouse or a pen; drop an image file here."))

    # -- state -----------------------------------------------------------------------------
    def _blank(self) -> QImage:
        fmt = QImage.Format.Format_Grayscale8 if self.channels == 1 else QImage.Format.Format_RGB888
        img = QImage(SIDE, SIDE, fmt)
        img.fill(QColor(0, 0, 0))
        return img

    def set_channels(self, channels: int) -> None:
        """1: white ink on gray; 3: colour ink. Keeps the drawing, converted."""
        if channels == self.channels:
            return
        before = self.array()
        self.channels = channels
        self.image = self._blank()
        self.set_array(before, keep_undo=True)
        if channels == 1:
            self.colour = QColor(255, 255, 255)

    def set_colour(self, colour: QColor) -> None:
        self.colour = QColor(colour) if self.channels == 3 else QColor(255, 255, 255)

    def array(self) -> np.ndarray:
        """The drawing as uint8 (SIDE, SIDE) gray or (SIDE, SIDE, 3) colour (a copy)."""
        img = self.image
        w, h, bpl = img.width(), img.height(), img.bytesPerLine()
        raw = np.frombuffer(img.constBits(), dtype=np.uint8, count=h * bpl).reshape(h, bpl)
        if self.channels == 1:
            return raw[:, :w].copy()
        return raw[:, :3 * w].reshape(h, w, 3).copy()

    def is_blank(self) -> bool:
        return not self.array().any()

    def can_undo(self) -> bool:
        return bool(self._undo)

    def _remember(self) -> None:
        self._undo.append(self.image.copy())
        del self._undo[:-UNDO_DEPTH]

    def undo(self) -> None:
        if self._undo:
            self.image = self._undo.pop()
            self.update()
            self.changed.emit()
            self.strokeFinished.emit()

    def clear(self) -> None:
        if not self.is_blank():
            self._remember()
        self.image = self._blank()
        self.update()
        self.changed.emit()
        self.strokeFinished.emit()

    def set_array(self, arr: np.ndarray, keep_undo: bool = False) -> None:
        """Show an image (any size, gray or RGB, uint8) scaled to fill the canvas: pixel for block when the canvas
        is a whole multiple of it (a 28×28 test image: 10×10 blocks, so shrinking the canvas back gives the very
        same pixels and hard edges stay hard), smoothly otherwise."""
        if not keep_undo:
            self._remember()
        a = np.asarray(arr, dtype=np.uint8)
        if self.channels == 1 and a.ndim == 3:
            a = np.round(a.astype(np.float32) @ np.array([0.299, 0.587, 0.114], np.float32)).astype(np.uint8)
        elif self.channels == 3 and a.ndim == 2:
            a = np.repeat(a[..., None], 3, axis=2)
        whole = SIDE % a.shape[0] == 0 and SIDE % a.shape[1] == 0
        mode = Qt.TransformationMode.FastTransformation if whole else Qt.TransformationMode.SmoothTransformation
        img = to_qimage(a).scaled(SIDE, SIDE, Qt.AspectRatioMode.IgnoreAspectRatio, mode)
        self.image = img.convertToFormat(self._blank().format())
        self.update()
        self.changed.emit()
        self.strokeFinished.emit()

    # -- painting ----------------------------------------------------------------------------
    def _pen(self, pressure: float = 1.0) -> QPen:
        pen = QPen(self.colour, max(1.0, self.brush * pressure))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        return pen

    def _segment(self, a: QPointF, b: QPointF, pressure: float = 1.0) -> None:
        p = QPainter(self.image)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(self._pen(pressure))
        if a == b:
            p.drawPoint(a)
        else:
            p.drawLine(a, b)
        p.end()
        self.update()
        self.changed.emit()

    def stroke(self, points: Sequence[tuple[float, float]]) -> None:
        """Paint one stroke through ``points`` (x, y in canvas pixels), as a pen down, moves and pen up."""
        if not points:
            return
        self._remember()
        pts = [QPointF(x, y) for x, y in points]
        self._segment(pts[0], pts[0])
        for a, b in zip(pts, pts[1:], strict=False):
            self._segment(a, b)
        self.strokeFinished.emit()

    def _begin(self, pos: QPointF, pressure: float = 1.0) -> None:
        self._remember()
        self._last = pos
        self._segment(pos, pos, pressure)

    def _move(self, pos: QPointF, pressure: float = 1.0) -> None:
        if self._last is not None:
            self._segment(self._last, pos, pressure)
            self._last = pos

    def _end(self) -> None:
        if self._last is not None:
            self._last = None
            self.strokeFinished.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._move(event.position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._end()

    def tabletEvent(self, event: QTabletEvent) -> None:
        kind = event.type()
        pressure = max(0.3, float(event.pressure()))
        if kind == QTabletEvent.Type.TabletPress:
            self._begin(event.position(), pressure)
        elif kind == QTabletEvent.Type.TabletMove:
            self._move(event.position(), pressure)
        elif kind == QTabletEvent.Type.TabletRelease:
            self._end()
        event.accept()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.drawImage(0, 0, self.image)
        p.setPen(QPen(QColor(120, 120, 120), 1))
        p.drawRect(0, 0, SIDE - 1, SIDE - 1)
        p.end()

    # -- drops ---------------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() or event.mimeData().hasImage():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        data = event.mimeData()
        for url in data.urls():
            if url.isLocalFile():
                self.fileDropped.emit(url.toLocalFile())
                event.acceptProposedAction()
                return
        if data.hasImage():
            img = QImage(data.imageData())
            if not img.isNull():
                self.set_array(qimage_array(img, self.channels))
                event.acceptProposedAction()


def qimage_array(img: QImage, channels: int) -> np.ndarray:
    """A QImage (any format) -> uint8 (H, W) gray or (H, W, 3) RGB."""
    fmt = QImage.Format.Format_Grayscale8 if channels == 1 else QImage.Format.Format_RGB888
    im = img.convertToFormat(fmt)
    w, h, bpl = im.width(), im.height(), im.bytesPerLine()
    raw = np.frombuffer(im.constBits(), dtype=np.uint8, count=h * bpl).reshape(h, bpl)
    return raw[:, :w].copy() if channels == 1 else raw[:, :3 * w].reshape(h, w, 3).copy()
