"""A grid of sample images, one row per class, as many columns as the width allows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics, QPixmap, QResizeEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QWidget

from ui.widgets.layout import clear_layout

if TYPE_CHECKING:  # the empty preview shows before numpy is imported
    import numpy as np

MAX_PER_CLASS = 12  # samples prepared per class; fewer are shown when the panel is narrow
NAME_WIDTH = 96  # pixels for the class-name column: fits "T-shirt/top" at the usual font size
SPACING = 2  # pixels between images: a grid, not a collage
BIG_CELL = 48  # pixels per sample when there are few classes: shapes stay legible, five rows fit 800 px screens


class ClassPreview(QWidget):
    """``set_samples(classes, images)`` with images[c] a list of (C, H, W) uint8 arrays of class c."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(SPACING)
        self._grid.setVerticalSpacing(SPACING)
        # shown cells must not set a minimum width
        self._grid.setSizeConstraint(QGridLayout.SizeConstraint.SetNoConstraint)
        self._rows: list[list[QLabel]] = []
        self._names: list[QLabel] = []
        self._cell = 0
        # Ignored width: the grid takes the width it is given and shows as many samples as fit.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Maximum)

    def clear(self) -> None:
        clear_layout(self._grid)
        self._rows, self._names, self._cell = [], [], 0

    def set_samples(self, classes: list[str] | tuple[str, ...], images: list[list[np.ndarray]]) -> None:
        self.clear()
        side = max((img.shape[-1] for row in images for img in row), default=28)
        self._cell = max(side, BIG_CELL) if len(classes) <= 6 else side  # few classes: bigger samples
        metrics = QFontMetrics(self.font())
        for r, (name, row) in enumerate(zip(classes, images, strict=False)):
            label = QLabel(metrics.elidedText(name, Qt.TextElideMode.ElideRight, NAME_WIDTH - 6))
            label.setToolTip(name)
            label.setFixedWidth(NAME_WIDTH)
            self._grid.addWidget(label, r, 0)
            self._names.append(label)
            cells = []
            for c, img in enumerate(row[:MAX_PER_CLASS]):
                cell = QLabel()
                cell.setPixmap(self._pixmap(img))
                cell.setFixedSize(self._cell, self._cell)
                cell.setToolTip(name)
                self._grid.addWidget(cell, r, c + 1)
                cells.append(cell)
            self._rows.append(cells)
        self._grid.setColumnStretch(MAX_PER_CLASS + 1, 1)
        self._fit(self.width())

    def _pixmap(self, img: np.ndarray) -> QPixmap:
        """The sample at the cell size, nearest-neighbour so edges stay sharp."""
        from ui.imaging import to_qimage  # numpy: imported by the time there are samples to draw

        image = to_qimage(img)
        if image.width() != self._cell:
            image = image.scaled(self._cell, self._cell, Qt.AspectRatioMode.KeepAspectRatio,
                                 Qt.TransformationMode.FastTransformation)
        return QPixmap.fromImage(image)

    def shown_per_class(self) -> int:
        return max((sum(not c.isHidden() for c in row) for row in self._rows), default=0)

    def _fit(self, width: int) -> None:
        if not self._cell:
            return
        n = max(1, (width - NAME_WIDTH) // (self._cell + SPACING))
        for name in self._names:  # now, not at the layout's queued show: a grab right after must have them
            name.setVisible(True)
        for row in self._rows:
            for i, cell in enumerate(row):
                cell.setVisible(i < n)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit(event.size().width())
