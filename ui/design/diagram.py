"""The design drawn as the lecture draws a network: one box per layer from the input down, each edge labelled
with the shape that flows along it (C×H×W, or N after the flatten); a residual block's skip line runs beside
its layers to a "+", a ``branches`` row's branches stand side by side and meet in "concat".

Layout is two passes over the rows: :func:`measure` gives each row's width and height, :class:`Painter`
places boxes and lines in a ``QGraphicsScene``. Clicking a box selects its row (``rowClicked``).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import QGraphicsRectItem, QGraphicsScene, QGraphicsSimpleTextItem, QGraphicsView, QWidget

from cnnlab.design.shapes import shape_text
from cnnlab.design.spec import BRANCHES, CONV, DROPOUT, LINEAR, POOLS, RESIDUAL, Design, Layer
from cnnlab.design.xray import XRayRow
from ui.design.edits import LayerPath

BOX_W, BOX_H = 150.0, 24.0  # pixels of a layer's box: its text, e.g. "conv 3×3 → 16 /2"
GAP = 24.0  # vertical pixels between two boxes: the edge and its shape
SIDE = 18.0  # pixels from a residual block's widest row to its skip line
PLUS = 18.0  # the diameter of a residual block's "+"
SPLIT = 10.0  # pixels from a branches row's input to its branches
JOIN_H = 20.0  # the height of a branches row's "concat" box
BRANCH_GAP = 14.0  # pixels between two branches side by side
MARGIN = 12.0  # pixels around the drawing
FILL = {CONV: "#dbe8fb", "maxpool": "#dcf2e1", "avgpool": "#dcf2e1", "gap": "#dcf2e1", LINEAR: "#fde6cf",
        "flatten": "#f1e4f7"}  # a box's colour by kind; the rest light grey
OTHER_FILL = "#eeeeee"
ERROR_FILL = "#f4c7cc"  # the row a bad design breaks at
LINE = QColor("#555555")
SHAPE_COLOUR = QColor("#1f5fa8")  # the shapes on the edges
PATH_KEY = 0  # the QGraphicsItem data key holding a box's row path
Size = tuple[float, float]


def box_text(layer: Layer) -> str:
    """A row as its box says it: "conv 3×3 → 16 /2", "maxpool 2×2", "linear → 10", "dropout 0.5"."""
    k = layer.kernel or 1
    if layer.kind == CONV:
        text = f"conv {k}×{k} → {layer.out}"
        if layer.groups != 1:
            text += f" g{layer.groups}"
    elif layer.kind in POOLS:
        text = f"{layer.kind} {k}×{k}"
    elif layer.kind == LINEAR:
        return f"linear → {layer.out}"
    elif layer.kind == DROPOUT:
        return f"dropout {layer.p:g}"
    else:
        return layer.kind
    return text + (f" /{layer.step}" if layer.step != 1 and (layer.kind == CONV or layer.step != k) else "")


def measure_rows(layers: tuple[Layer, ...]) -> Size:
    sizes = [measure(layer) for layer in layers]
    return max(w for w, _ in sizes), sum(h for _, h in sizes) + GAP * (len(sizes) - 1)


def measure(layer: Layer) -> Size:
    """Width and height of a row's drawing (a block's: all its rows and its join)."""
    if layer.kind == RESIDUAL:
        w, h = measure_rows(layer.layers)
        return w + 2 * SIDE, h + GAP + PLUS
    if layer.kind == BRANCHES:
        sizes = [measure_rows(branch.layers) for branch in layer.branches]
        w = sum(s[0] for s in sizes) + BRANCH_GAP * (len(sizes) - 1)
        return max(w, BOX_W), SPLIT + max(s[1] for s in sizes) + GAP + JOIN_H
    return BOX_W, BOX_H


class Painter:
    """Places one design's boxes and lines in ``scene``; ``rows`` are the X-ray's rows by label (for the
    shapes; empty when the design cannot work) and ``error_row`` the label of the row it breaks at."""

    def __init__(self, scene: QGraphicsScene, rows: dict[str, XRayRow], error_row: str, font: QFont) -> None:
        self.scene, self.rows, self.error_row = scene, rows, error_row
        self.font = font
        self.small = QFont(font)
        self.small.setPointSizeF(max(6.0, font.pointSizeF() * 0.85))
        self.pen = QPen(LINE, 1.2)
        self.boxes: dict[LayerPath, QGraphicsRectItem] = {}
        self.edges: list[str] = []  # the shapes written on the edges, in drawing order

    def draw(self, design: Design) -> None:
        w, _ = measure_rows(design.layers)
        cx = MARGIN + max(w, BOX_W) / 2
        self._box(cx, MARGIN, QCoreApplication.translate("DesignView", "input"), "#ffffff", None)
        y = MARGIN + BOX_H
        self._edge(cx, y, y + GAP, shape_text(design.input))
        end = self.rows_at(design.layers, cx, y + GAP, ())
        last = design.layers[-1].row if design.layers else ""
        out = self.rows.get(last)
        self._edge(cx, end, end + GAP, shape_text(out.output_shape) if out is not None else "")

    def rows_at(self, layers: tuple[Layer, ...], cx: float, y: float, prefix: LayerPath) -> float:
        """Draw ``layers`` from ``y`` down, centred on ``cx``; returns the bottom."""
        for i, layer in enumerate(layers):
            if i:
                before = self.rows.get(layers[i - 1].row)
                self._edge(cx, y, y + GAP, shape_text(before.output_shape) if before is not None else "")
                y += GAP
            y = self.row(layer, cx, y, (*prefix, i))
        return y

    def row(self, layer: Layer, cx: float, y: float, path: LayerPath) -> float:
        if layer.kind == RESIDUAL:
            return self._residual(layer, cx, y, path)
        if layer.kind == BRANCHES:
            return self._branches(layer, cx, y, path)
        fill = ERROR_FILL if layer.row == self.error_row else FILL.get(layer.kind, OTHER_FILL)
        self._box(cx, y, box_text(layer), fill, path, tip=layer.row)
        return y + BOX_H

    def _residual(self, layer: Layer, cx: float, y: float, path: LayerPath) -> float:
        w, _ = measure_rows(layer.layers)
        bottom = self.rows_at(layer.layers, cx, y, path)
        plus_y = bottom + GAP
        self._line(cx, bottom, cx, plus_y)
        side = cx + w / 2 + SIDE
        top = y - GAP / 2  # the skip leaves the edge that enters the block
        for a, b in (((cx, top), (side, top)), ((side, top), (side, plus_y + PLUS / 2)),
                     ((side, plus_y + PLUS / 2), (cx + PLUS / 2, plus_y + PLUS / 2))):
            self._line(*a, *b)
        fill = ERROR_FILL if layer.row == self.error_row else "#ffffff"
        circle = self.scene.addEllipse(QRectF(cx - PLUS / 2, plus_y, PLUS, PLUS), self.pen, QBrush(QColor(fill)))
        circle.setData(PATH_KEY, path)
        circle.setToolTip(layer.row)
        self._text(cx, plus_y + PLUS / 2, "+", self.font).setParentItem(circle)
        return plus_y + PLUS

    def _branches(self, layer: Layer, cx: float, y: float, path: LayerPath) -> float:
        sizes = [measure_rows(branch.layers) for branch in layer.branches]
        total = sum(s[0] for s in sizes) + BRANCH_GAP * (len(sizes) - 1)
        left = cx - total / 2
        centres = []
        for s in sizes:
            centres.append(left + s[0] / 2)
            left += s[0] + BRANCH_GAP
        split = y + SPLIT / 2
        self._line(cx, y, cx, split)
        self._line(centres[0], split, centres[-1], split)
        join = y + SPLIT + max(s[1] for s in sizes) + GAP
        for j, (branch, centre) in enumerate(zip(layer.branches, centres, strict=True)):
            self._line(centre, split, centre, y + SPLIT)
            bottom = self.rows_at(branch.layers, centre, y + SPLIT, (*path, j))
            end = self.rows.get(branch.layers[-1].row)
            self._edge(centre, bottom, join, shape_text(end.output_shape) if end is not None else "")
        fill = ERROR_FILL if layer.row == self.error_row else "#ffffff"
        self._line(centres[0], join, centres[-1], join)
        self._box(cx, join, "concat", fill, path, width=min(BOX_W, max(total, 70.0)), height=JOIN_H, tip=layer.row)
        return join + JOIN_H

    # ------------------------------------------------------------------ items
    def _box(self, cx: float, y: float, text: str, fill: str, path: LayerPath | None, *, width: float = BOX_W,
             height: float = BOX_H, tip: str = "") -> None:
        box = self.scene.addRect(QRectF(cx - width / 2, y, width, height), self.pen, QBrush(QColor(fill)))
        if path is not None:
            box.setData(PATH_KEY, path)
            self.boxes[path] = box
        if tip:
            box.setToolTip(tip)
        elided = QFontMetrics(self.font).elidedText(text, Qt.TextElideMode.ElideRight, int(width - 8))
        self._text(cx, y + height / 2, elided, self.font).setParentItem(box)  # a click on the text picks the box

    def _text(self, cx: float, cy: float, text: str, font: QFont, *, left: bool = False,
              colour: QColor | None = None) -> QGraphicsSimpleTextItem:
        item = self.scene.addSimpleText(text, font)
        if colour is not None:
            item.setBrush(QBrush(colour))
        rect = item.boundingRect()
        item.setPos(cx + 4 if left else cx - rect.width() / 2, cy - rect.height() / 2)
        item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        return item

    def _line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        self.scene.addLine(x1, y1, x2, y2, self.pen)

    def _edge(self, cx: float, top: float, bottom: float, shape: str) -> None:
        """A downward edge with its arrow head and the shape flowing along it."""
        self._line(cx, top, cx, bottom)
        for dx in (-3.5, 3.5):
            self._line(cx + dx, bottom - 5, cx, bottom)
        if shape:
            self._text(cx, (top + bottom) / 2, shape, self.small, left=True, colour=SHAPE_COLOUR)
            self.edges.append(shape)


class DesignDiagram(QGraphicsView):
    """``show(design, rows, error_row)`` draws; ``select(path)`` outlines a row's box."""

    rowClicked = Signal(object)  # the path of the row whose box was clicked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setBackgroundBrush(QBrush(QColor("#fbfbfb")))
        self.boxes: dict[LayerPath, QGraphicsRectItem] = {}
        self.edges: list[str] = []  # the shapes on the edges, in drawing order (tests read them)
        self.selected: LayerPath | None = None
        self.draws = 0  # designs drawn (tests)

    def show_design(self, design: Design, rows: dict[str, XRayRow], error_row: str = "") -> None:
        scene = self.scene()
        scene.clear()
        painter = Painter(scene, rows, error_row, self.font())
        painter.draw(design)
        self.boxes, self.edges = painter.boxes, painter.edges
        scene.setSceneRect(scene.itemsBoundingRect().adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN))
        self.draws += 1
        self.select(self.selected)

    def select(self, path: LayerPath | None) -> None:
        old = self.boxes.get(self.selected) if self.selected is not None else None
        if old is not None:
            old.setPen(QPen(LINE, 1.2))
        self.selected = path
        box = self.boxes.get(path) if path is not None else None
        if box is not None:
            box.setPen(QPen(QColor("#1a73e8"), 2.5))
            self.ensureVisible(box)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        item = self.itemAt(event.position().toPoint())
        while item is not None and item.data(PATH_KEY) is None:
            item = item.parentItem()
        if item is not None:
            self.rowClicked.emit(tuple(item.data(PATH_KEY)))
        super().mousePressEvent(event)

    def box_centre(self, path: LayerPath) -> QPointF:
        """Where the box of the row at ``path`` is on the view (tests click it)."""
        return QPointF(self.mapFromScene(self.boxes[path].rect().center()))
