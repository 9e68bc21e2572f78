"""CNN Explainer's view in the Lab: click a pixel of a conv layer's feature map to see its receptive
field in the layer's input, the kernel, the elementwise products, their sum plus the bias and the
activation."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cnnlab.inspection import conv_layers
from cnnlab.inspection.arithmetic import ConvArithmetic, conv_arithmetic
from cnnlab.inspection.mosaic import colorize, gray, resize_nearest, symmetric_range
from ui.imaging import to_pixmap
from ui.lab.state import LabState
from ui.panels.pictures import Picture, matrix
from ui.panels.widgets import PictureView

MAP_SIDE = 200  # pixels of the clickable map and of the input beside it: the two fit beside the input column
MARK = (230, 40, 40)  # the chosen pixel and its receptive field
MAX_TABLE = 7  # kernel rows / columns shown as numbers (the chapter's kernels are 3×3 and 5×5)
NUMBER_CELL = (20, 44)  # pixels of a number in the tables


def marked(img: np.ndarray, top: int, left: int, h: int, w: int, scale: int) -> np.ndarray:
    """An RGB picture enlarged ``scale`` times with a frame around rows top..top+h, cols left..left+w."""
    big = resize_nearest(img, img.shape[0] * scale, img.shape[1] * scale).copy()
    y0, x0 = max(top * scale, 0), max(left * scale, 0)
    y1, x1 = min((top + h) * scale, big.shape[0]) - 1, min((left + w) * scale, big.shape[1]) - 1
    if y1 > y0 and x1 > x0:
        big[y0:y1 + 1, [x0, x1]] = MARK
        big[[y0, y1], x0:x1 + 1] = MARK
    return big


class ClickMap(QLabel):
    """A feature map enlarged by a whole factor; a click emits the map pixel (row, col)."""

    pixelClicked = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scale = 1
        self.map_shape = (0, 0)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setCursor(Qt.CursorShape.CrossCursor)

    def show_map(self, rgb: np.ndarray, scale: int) -> None:
        self.scale, self.map_shape = scale, rgb.shape[:2]
        self.setPixmap(to_pixmap(rgb))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        p = event.position().toPoint()
        r, c = p.y() // max(self.scale, 1), p.x() // max(self.scale, 1)
        if 0 <= r < self.map_shape[0] and 0 <= c < self.map_shape[1]:
            self.pixelClicked.emit(int(r), int(c))
        super().mousePressEvent(event)


class ArithmeticView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layer = QComboBox()
        self.kernel, self.channel = QSpinBox(), QSpinBox()
        self.kernel.setPrefix(self.tr("kernel "))
        self.channel.setPrefix(self.tr("input channel "))
        self.layer.currentIndexChanged.connect(self._redraw)
        for s in (self.kernel, self.channel):
            s.valueChanged.connect(self._redraw)
        controls = QHBoxLayout()
        for w in (QLabel(self.tr("layer:")), self.layer, self.kernel, self.channel):
            controls.addWidget(w)
        controls.addStretch(1)
        self.map = ClickMap()
        self.map.pixelClicked.connect(self.choose_pixel)
        self.input_view = PictureView()
        self.tables = [PictureView() for _ in range(3)]  # the window, the kernel, the products
        self.formula = QLabel()
        self.formula.setWordWrap(True)
        self.formula.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.formula.setStyleSheet("font-size: 13px")
        hint = QLabel(self.tr("Click a pixel of the feature map (left) to see how it is computed from the "
                              "window of the layer's input under the kernel (right, framed)."))
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        pictures = QHBoxLayout()
        pictures.addWidget(self.map)
        pictures.addWidget(self.input_view)
        pictures.addStretch(1)
        lay = self.column = QVBoxLayout(self)  # the view's one column
        lay.addLayout(controls)
        lay.addWidget(hint)
        lay.addLayout(pictures)
        lay.addWidget(self.formula)
        self.table_grid = QGridLayout()
        self._columns = 0  # tables per row of the grid, set to fit the width (see _arrange)
        self._arrange(2)
        lay.addLayout(self.table_grid)
        lay.addStretch(1)
        self.pixel = (0, 0)
        self.result: ConvArithmetic | None = None
        self._state: LabState | None = None
        self._layers: list[str] = []

    def _arrange(self, columns: int) -> None:
        """Lay the three tables out ``columns`` to a row: two when they fit side by side, else one below
        another, so that no table (and no sentence above them) is cut off at the Lab's right edge."""
        if columns == self._columns:
            return
        self._columns = columns
        for view in self.tables:
            self.table_grid.removeWidget(view)
        for i, view in enumerate(self.tables):
            self.table_grid.addWidget(view, i // columns, i % columns)

    def _fit(self) -> None:
        """Two tables to a row when the first two fit in the room the Lab gives (its scroll area's
        viewport, not this widget's own width, which grows to whatever the tables need)."""
        area = self.parentWidget()
        while area is not None and not isinstance(area, QAbstractScrollArea):
            area = area.parentWidget()
        room = area.viewport().width() if area is not None else self.width()
        margins = self.column.contentsMargins()
        need = (sum(view.sizeHint().width() for view in self.tables[:2]) + max(0, self.table_grid.spacing())
                + margins.left() + margins.right())
        self._arrange(2 if need <= room else 1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._fit()
        super().resizeEvent(event)

    def _redraw(self, *_args: object) -> None:
        if self._state is not None:
            self.show_state(self._state)

    def choose_pixel(self, row: int, col: int) -> None:
        self.pixel = (row, col)
        self._redraw()

    def show_state(self, state: LabState) -> None:
        self._state = state
        model = state.used.model
        layers = conv_layers(model)
        if layers != self._layers:
            self._layers = layers
            self.layer.blockSignals(True)
            self.layer.clear()
            self.layer.addItems(layers)
            self.layer.blockSignals(False)
        layer = self.layer.currentText()
        if not layer:
            return
        conv = dict(model.named_modules())[layer]
        for spin, n in ((self.kernel, conv.out_channels), (self.channel, conv.in_channels // conv.groups)):
            spin.blockSignals(True)
            spin.setRange(1, int(n))
            spin.blockSignals(False)
        k, ch = self.kernel.value() - 1, self.channel.value() - 1
        row = next((r for r in state.result.rows if r.name == layer), None)
        if row is None:
            return
        h, w = row.maps.shape[1:]
        r, c = min(self.pixel[0], h - 1), min(self.pixel[1], w - 1)
        a = self.result = conv_arithmetic(model, state.x, layer, k, r, c)
        lo, hi = symmetric_range(row.maps[k])
        scale = max(1, MAP_SIDE // max(h, w))
        self.map.show_map(marked(colorize(row.maps[k], "RdBu_r", lo, hi), r, c, 1, 1, scale), scale)
        inp = a.layer_input[a.channels[ch]]
        in_scale = max(1, MAP_SIDE // max(inp.shape))
        kh, kw = a.weights.shape[1:]
        span_h, span_w = a.dilation[0] * (kh - 1) + 1, a.dilation[1] * (kw - 1) + 1
        self.input_view.set_picture(Picture(marked(gray(inp), a.top, a.left, span_h, span_w, in_scale)))
        for view, picture in zip(self.tables, self._tables(a, ch), strict=True):
            view.set_picture(picture)
        self._fit()
        act = ""
        if a.activation is not None and a.activated is not None:
            act = self.tr("; after {0}: {1}").format(a.activation, f"{a.activated:.4g}")
        self.formula.setText(self.tr(
            "{0}, kernel {1}, pixel ({2}, {3}): Σ of the {4} products over {5} input channel(s) = {6}; "
            "+ bias {7} = {8} (the layer gave {9}){10}.").format(
            layer, k + 1, r, c, a.products.size, len(a.channels), f"{a.total:.4g}", f"{a.bias:.4g}",
            f"{a.output:.4g}", f"{a.stored:.4g}", act))

    def _tables(self, a: ConvArithmetic, ch: int) -> list[Picture]:
        """The window, the kernel and their products of one input channel, as tables of numbers."""
        parts = []
        n = min(MAX_TABLE, a.weights.shape[1]), min(MAX_TABLE, a.weights.shape[2])
        titles = (self.tr("input window"), self.tr("kernel"), self.tr("products"))
        for title, values in zip(titles, (a.window[ch], a.weights[ch], a.products[ch]), strict=True):
            v = values[:n[0], :n[1]]
            lo, hi = symmetric_range(v)
            colours = colorize(v, "RdBu_r", lo * 1.6, hi * 1.6)  # pale colours: the numbers stay readable
            texts = [[f"{x:.2f}" for x in line] for line in v]
            parts.append(matrix(colours, texts, [""] * n[0], [""] * (n[1] - 1) + [title], NUMBER_CELL, font=10))
        return parts
