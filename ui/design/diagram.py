"""The design drawn as the lecture draws a network: one box per layer from the input down, each edge labelled
with the shape that flows along it (C×H×W, or N after the flatten); a residual block's skip line runs beside
its layers to a "+", a ``branches`` row's branches stand side by side and meet in "concat".

Layout is two passes over the rows: :func:`measure` gives each row's width and height, :class:`Planner`
places boxes and lines; :class:`DesignDiagram` draws them in a ``QGraphicsScene``. Clicking a box selects its
row (``rowClicked``).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractGraphicsShapeItem,
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

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


@dataclass(frozen=True)
class Shape:
    """One thing drawn: a box (a layer, "input", "concat"), a circle (a residual's "+"), a line, or the shape
    written beside an edge. ``where`` places it; the rest is what it says and how it is filled."""

    kind: str  # "box", "circle", "line" or "label"
    where: tuple[float, ...]  # box and circle: x, y, width, height; line: x1, y1, x2, y2; label: x, y
    text: str = ""
    fill: str = ""
    path: LayerPath | None = None  # the row a box or circle stands for (a click picks it)
    tip: str = ""


class Planner:
    """Lays one design out as a list of :class:`Shape`: ``rows`` are the X-ray's rows by label (for the shapes;
    empty when the design cannot work) and ``error_row`` the label of the row it breaks at. Where things go
    depends only on the rows' kinds and nesting, so an edit of a value changes texts and fills, not places."""

    def __init__(self, rows: dict[str, XRayRow], error_row: str) -> None:
        self.rows, self.error_row = rows, error_row
        self.plan: list[Shape] = []

    def draw(self, design: Design) -> list[Shape]:
        w, _ = measure_rows(design.layers)
        cx = MARGIN + max(w, BOX_W) / 2
        self._box(cx, MARGIN, QCoreApplication.translate("DesignView", "input"), "#ffffff", None)
        y = MARGIN + BOX_H
        self._edge(cx, y, y + GAP, shape_text(design.input))
        end = self.rows_at(design.layers, cx, y + GAP, ())
        self._edge(cx, end, end + GAP, self._shape(design.layers[-1]))
        return self.plan

    def _shape(self, layer: Layer) -> str:
        row = self.rows.get(layer.row)
        return shape_text(row.output_shape) if row is not None else ""

    def rows_at(self, layers: tuple[Layer, ...], cx: float, y: float, prefix: LayerPath) -> float:
        """Draw ``layers`` from ``y`` down, centred on ``cx``; returns the bottom."""
        for i, layer in enumerate(layers):
            if i:
                self._edge(cx, y, y + GAP, self._shape(layers[i - 1]))
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
        top = y - GAP + 4  # the skip leaves the edge that enters the block above its shape
        for a, b in (((cx, top), (side, top)), ((side, top), (side, plus_y + PLUS / 2)),
                     ((side, plus_y + PLUS / 2), (cx + PLUS / 2, plus_y + PLUS / 2))):
            self._line(*a, *b)
        fill = ERROR_FILL if layer.row == self.error_row else "#ffffff"
        self.plan.append(Shape("circle", (cx - PLUS / 2, plus_y, PLUS, PLUS), "+", fill, path, layer.row))
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
            self._edge(centre, bottom, join, self._shape(branch.layers[-1]))
        fill = ERROR_FILL if layer.row == self.error_row else "#ffffff"
        self._line(centres[0], join, centres[-1], join)
        self._box(cx, join, "concat", fill, path, width=min(BOX_W, max(total, 70.0)), height=JOIN_H, tip=layer.row)
        return join + JOIN_H

    def _box(self, cx: float, y: float, text: str, fill: str, path: LayerPath | None, *, width: float = BOX_W,
             height: float = BOX_H, tip: str = "") -> None:
        self.plan.append(Shape("box", (cx - width / 2, y, width, height), text, fill, path, tip))

    def _line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        self.plan.append(Shape("line", (x1, y1, x2, y2)))

    def _edge(self, cx: float, top: float, bottom: float, shape: str) -> None:
        """A downward edge with its arrow head and the shape flowing along it."""
        self._line(cx, top, cx, bottom)
        for dx in (-3.5, 3.5):
            self._line(cx + dx, bottom - 5, cx, bottom)
        self.plan.append(Shape("label", (cx + 4, (top + bottom) / 2), shape))


class DesignDiagram(QGraphicsView):
    """``show_design(design, rows, error_row)`` draws; ``select(path)`` outlines a row's box. A drawing whose
    places did not change (an edited value, a new X-ray) only has its texts and fills changed."""

    rowClicked = Signal(object)  # the path of the row whose box was clicked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setBackgroundBrush(QBrush(QColor("#fbfbfb")))
        self.pen = QPen(LINE, 1.2)
        self.small = QFont(self.font())
        self.small.setPointSizeF(max(6.0, self.font().pointSizeF() * 0.85))
        self.plan: list[Shape] = []
        self.drawn: list[tuple[QGraphicsItem, QGraphicsSimpleTextItem | None]] = []  # per shape: it, its text
        self.boxes: dict[LayerPath, QAbstractGraphicsShapeItem] = {}
        self.edges: list[str] = []  # the shapes on the edges, in drawing order (tests read them)
        self.selected: LayerPath | None = None
        self.draws = 0  # drawings made from scratch (tests)

    def show_design(self, design: Design, rows: dict[str, XRayRow], error_row: str = "") -> None:
        plan = Planner(rows, error_row).draw(design)
        if [(s.kind, s.where) for s in plan] == [(s.kind, s.where) for s in self.plan]:
            for i, (old, new) in enumerate(zip(self.plan, plan, strict=True)):
                if old != new:
                    self._restyle(i, new)
        else:
            self._draw(plan)
        self.plan = plan
        self.edges = [s.text for s in plan if s.kind == "label" and s.text]

    def _draw(self, plan: list[Shape]) -> None:
        scene = self.scene()
        scene.clear()
        self.drawn, self.boxes = [], {}
        for shape in plan:
            self.drawn.append(self._item(shape))
        scene.setSceneRect(scene.itemsBoundingRect().adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN))
        self.draws += 1
        self.select(self.selected)

    def _item(self, shape: Shape) -> tuple[QGraphicsItem, QGraphicsSimpleTextItem | None]:
        scene = self.scene()
        if shape.kind == "line":
            x1, y1, x2, y2 = shape.where
            return scene.addLine(x1, y1, x2, y2, self.pen), None
        if shape.kind == "label":
            text = scene.addSimpleText(shape.text, self.small)
            text.setBrush(QBrush(SHAPE_COLOUR))
            text.setPos(shape.where[0], shape.where[1] - text.boundingRect().height() / 2)
            return text, text
        x, y, w, h = shape.where
        rect = QRectF(x, y, w, h)
        item: QAbstractGraphicsShapeItem = scene.addEllipse(rect, self.pen) if shape.kind == "circle" \
            else scene.addRect(rect, self.pen)
        text = QGraphicsSimpleTextItem(item)  # a click on the text picks the box
        text.setFont(self.font())
        text.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        if shape.path is not None:
            item.setData(PATH_KEY, shape.path)
            self.boxes[shape.path] = item
        pair = item, text
        self._style(pair, shape)
        return pair

    def _style(self, pair: tuple[QGraphicsItem, QGraphicsSimpleTextItem | None], shape: Shape) -> None:
        item, text = pair
        if isinstance(item, QAbstractGraphicsShapeItem):
            item.setBrush(QBrush(QColor(shape.fill)))
            item.setToolTip(shape.tip)
        if text is None:
            return
        if shape.kind == "label":
            text.setText(shape.text)
            return
        x, y, w, h = shape.where
        shown = QFontMetrics(text.font()).elidedText(shape.text, Qt.TextElideMode.ElideRight, int(w - 8))
        text.setText(shown)
        size = text.boundingRect()
        text.setPos(x + (w - size.width()) / 2, y + (h - size.height()) / 2)

    def _restyle(self, i: int, shape: Shape) -> None:
        self._style(self.drawn[i], shape)

    def select(self, path: LayerPath | None) -> None:
        old = self.boxes.get(self.selected) if self.selected is not None else None
        if old is not None:
            old.setPen(self.pen)
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
        return QPointF(self.mapFromScene(self.boxes[path].boundingRect().center()))
