"""The design as a Qt tree model: one row per layer (a block's rows under it), a column per setting a cell
edits, then the X-ray columns. The model shows a design and an X-ray it is given; an edit in a cell is handed
to ``edit(new design, key)`` (the view's undo stack), which gives the model the new design back.

A value edit keeps the tree as it is (the open editor stays, only changed cells repaint); adding, removing or
moving a row resets it. Rows are addressed by their path (:mod:`ui.design.edits`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QStandardItem, QStandardItemModel

from cnnlab.design.shapes import shape_text
from cnnlab.design.spec import BRANCH, Design, Layer
from cnnlab.design.xray import XRay, XRayRow
from cnnlab.i18n import QT_TRANSLATE_NOOP
from ui.design.edits import (
    EDITABLE,
    FIELDS,
    LayerPath,
    layer_at,
    paths,
    set_value,
    structure,
    value_of,
)

XRAY_COLUMNS = ("output", "params", "flops", "rf", "memory")
COLUMNS = ("layer", *FIELDS, *XRAY_COLUMNS)
HEADERS = {  # English sources, translated when shown; the settings keep the names a design file gives them
    "layer": QT_TRANSLATE_NOOP("DesignView", "Layer"), "out": QT_TRANSLATE_NOOP("DesignView", "out"),
    "kernel": QT_TRANSLATE_NOOP("DesignView", "kernel"), "stride": QT_TRANSLATE_NOOP("DesignView", "stride"),
    "padding": QT_TRANSLATE_NOOP("DesignView", "padding"), "groups": QT_TRANSLATE_NOOP("DesignView", "groups"),
    "bias": QT_TRANSLATE_NOOP("DesignView", "bias"), "p": QT_TRANSLATE_NOOP("DesignView", "p"),
    "output": QT_TRANSLATE_NOOP("DesignView", "Output"), "params": QT_TRANSLATE_NOOP("DesignView", "Params"),
    "flops": QT_TRANSLATE_NOOP("DesignView", "FLOPs"), "rf": QT_TRANSLATE_NOOP("DesignView", "RF"),
    "memory": QT_TRANSLATE_NOOP("DesignView", "Memory"),
}
HEADER_TIPS = {
    "out": QT_TRANSLATE_NOOP("DesignView", "Output channels of a convolution, output features of a linear layer"),
    "kernel": QT_TRANSLATE_NOOP("DesignView", "Side of the square kernel"),
    "stride": QT_TRANSLATE_NOOP("DesignView", "Step of the kernel (grey: PyTorch's default, 1 for a convolution "
                                              "and the kernel for a pooling)"),
    "padding": QT_TRANSLATE_NOOP("DesignView", "Zeros added on each side of the input"),
    "groups": QT_TRANSLATE_NOOP("DesignView", "Channel groups: each output channel sees the input channels of "
                                              "its group only"),
    "bias": QT_TRANSLATE_NOOP("DesignView", "Whether the layer adds a bias"),
    "p": QT_TRANSLATE_NOOP("DesignView", "Probability that dropout zeroes a value while training"),
    "output": QT_TRANSLATE_NOOP("DesignView", "The row's output for one image: channels×height×width, or a "
                                              "number after the flatten"),
    "params": QT_TRANSLATE_NOOP("DesignView", "Weights and biases"),
    "flops": QT_TRANSLATE_NOOP("DesignView", "Floating-point operations for one image, counted by PyTorch's flop "
                                             "counter (a multiply-add is 2)"),
    "rf": QT_TRANSLATE_NOOP("DesignView", "Receptive field: the side of the input square one output value sees"),
    "memory": QT_TRANSLATE_NOOP("DesignView", "Memory of the row's output for one image (float32)"),
}
XRAY_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's XRayRow, in its first column (None until counted)
FLAGS_ROLE = -1  # not a role: a cell's flags, kept with its roles to see when they change
SHOWN = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable  # every cell
EDITED = SHOWN | Qt.ItemFlag.ItemIsEditable  # a setting's cell
TICKED = SHOWN | Qt.ItemFlag.ItemIsUserCheckable  # the bias cell
ERROR_COLOUR = QColor("#f4c7cc")  # the row a bad design breaks at
PARAMS_COLOUR = QColor("#ffe6a6")  # the layer with the most parameters
FLOPS_COLOUR = QColor("#cfe6ff")  # the layer with the most FLOPs (both: the parameters' colour)
DEFAULT_COLOUR = QColor("#8a8a8a")  # a stride left at PyTorch's default
Index = QModelIndex | QPersistentModelIndex
Edit = Callable[[Design, object], None]  # (the edited design, a key: edits with the same key merge into one undo)


def tr(text: str) -> str:
    return QCoreApplication.translate("DesignView", text)


def warning_icon() -> QIcon:
    """The style's warning sign: it marks the row a bad design breaks at, picked or not."""
    from PySide6.QtWidgets import QApplication, QStyle

    return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)


def compact(n: int) -> str:
    """12,345 → "12.3 K", 1,234,567 → "1.23 M": a FLOP count that fits a narrow column."""
    for unit, size in (("G", 10**9), ("M", 10**6), ("K", 10**3)):
        if n >= size:
            value = n / size
            return f"{value:.3g} {unit}" if value < 100 else f"{value:.0f} {unit}"
    return str(n)


def size_text(n: int) -> str:
    """Bytes as "12.3 KB"."""
    for unit, size in (("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n} B"


def flat_rows(rows: tuple[XRayRow, ...]) -> dict[str, XRayRow]:
    out: dict[str, XRayRow] = {}
    for row in rows:
        out[row.row] = row
        out.update(flat_rows(row.layers))
    return out


class DesignTreeModel(QStandardItemModel):
    """The cells live in Qt's own items, so painting never calls into Python; an update sets only the cells
    whose texts, colours or flags changed."""

    def __init__(self, design: Design, parent: Any = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.design = design
        self.edit: Edit = lambda _design, _key: None  # set by the view
        self.xray: XRay | None = None
        self.rows: dict[str, XRayRow] = {}  # the X-ray's rows by label
        self.error_row = ""  # the label of the row a bad design breaks at
        self.error = ""  # its sentence, in the window's language
        self.hidden: set[tuple[str, str]] = set()  # (row label, X-ray column) a pending prediction shows as "?"
        self._cells: dict[LayerPath, list[dict[int, Any]]] = {}  # each row's cells: each role's value
        self._items: dict[LayerPath, list[QStandardItem]] = {}  # each row's items, by column
        self._keys: dict[LayerPath, tuple[object, ...]] = {}  # what each row's cells were worked out from
        self.changed_columns: set[int] = set()  # the columns whose texts the last update changed
        self.retranslate()
        self._build()

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels([tr(HEADERS[key]) for key in COLUMNS])
        for column, key in enumerate(COLUMNS):
            if key in HEADER_TIPS:
                self.setHeaderData(column, Qt.Orientation.Horizontal, tr(HEADER_TIPS[key]), Qt.ItemDataRole.ToolTipRole)

    # ------------------------------------------------------------------ what is shown
    def set_design(self, design: Design) -> bool:
        """Show ``design``; True when its rows changed (added, removed, moved), which builds the tree again."""
        same = structure(design.layers) == structure(self.design.layers)
        self.design = design
        if same:
            self._update()
            return False
        self._build()
        return True

    def set_xray(self, xray: XRay | None, error_row: str = "", error: str = "") -> None:
        """Show ``xray`` (None: the design cannot work; ``error_row`` is then the row named by ``error``)."""
        self.xray, self.error_row, self.error = xray, error_row, error
        self.rows = flat_rows(xray.layers) if xray is not None else {}
        self._update()

    def set_hidden(self, hidden: set[tuple[str, str]]) -> None:
        """Show "?" in these (row label, X-ray column) cells until they are given back (a prediction is pending)."""
        self.hidden = set(hidden)
        self._update()

    def shown_rows(self) -> dict[str, XRayRow]:
        """The X-ray rows the diagram may draw: not a row whose output shape is still to be predicted."""
        return {label: row for label, row in self.rows.items() if (label, "output") not in self.hidden}

    def _build(self) -> None:
        self.beginResetModel()
        self.blockSignals(True)  # one reset for the views, not a signal per item
        self.removeRows(0, self.rowCount())
        self._cells, self._items, self._keys = {}, {}, {}
        for path in paths(self.design.layers):
            self._keys[path] = self._key(path)
            cells = self._line(path)
            items = []
            for roles in cells:
                item = QStandardItem()
                item.setFlags(roles[FLAGS_ROLE])
                for role, value in roles.items():
                    if role != FLAGS_ROLE:
                        item.setData(value, role)
                items.append(item)
            parent = self.invisibleRootItem() if len(path) == 1 else self._items[path[:-1]][0]
            parent.appendRow(items)
            self._cells[path], self._items[path] = cells, items
        self.blockSignals(False)
        self.endResetModel()
        self.changed_columns = set(range(len(COLUMNS)))

    def _update(self) -> None:
        """Set the cells that changed (rows and columns alike: only they repaint)."""
        self.changed_columns = set()
        for path, old in self._cells.items():
            key = self._key(path)
            if key == self._keys[path]:
                continue  # neither the row nor its X-ray changed: nor did its cells
            self._keys[path] = key
            new = self._line(path)
            items = self._items[path]
            for column, (was, now) in enumerate(zip(old, new, strict=True)):
                if was == now:
                    continue
                item = items[column]
                if now[FLAGS_ROLE] != was[FLAGS_ROLE]:
                    item.setFlags(now[FLAGS_ROLE])
                values = {role: value for role, value in now.items() if role != FLAGS_ROLE and was.get(role) != value}
                values.update({role: None for role in was if role not in now})
                for role, value in values.items():
                    item.setData(value, role)
                if Qt.ItemDataRole.DisplayRole in values:
                    self.changed_columns.add(column)
            self._cells[path] = new

    # ------------------------------------------------------------------ the tree
    def path(self, index: Index) -> LayerPath:
        out: list[int] = []
        while index.isValid():
            out.insert(0, index.row())
            index = index.parent()
        return tuple(out)

    def index_of(self, path: LayerPath, column: int = 0) -> QModelIndex:
        if not path:
            return QModelIndex()
        return self._items[path][column].index()

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """A cell edited in a view: the edited design goes to ``edit`` (which shows it back)."""
        if not index.isValid():
            return False
        key = COLUMNS[index.column()]
        path = self.path(index)
        layer = layer_at(self.design, path)
        if key not in EDITABLE.get(layer.kind, ()):
            return False
        if key == "bias":
            if role != Qt.ItemDataRole.CheckStateRole:
                return False
            checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value)
            new = set_value(self.design, path, key, checked)
        elif role == Qt.ItemDataRole.EditRole and isinstance(value, (int, float)) and not isinstance(value, bool):
            if value == value_of(layer, key):
                return True  # the same value again (an editor opened and closed): nothing to undo
            new = set_value(self.design, path, key, value)
        else:
            return False
        self.edit(new, (path, key))
        return True

    # ------------------------------------------------------------------ cells
    def column_texts(self, column: int) -> list[str]:
        """What column ``column`` shows on every row (the table fits its width to them)."""
        return [str(cells[column].get(Qt.ItemDataRole.DisplayRole) or "") for cells in self._cells.values()]

    def _key(self, path: LayerPath) -> tuple[object, ...]:
        layer = layer_at(self.design, path)
        marks = (layer.row == self.error_row and self.error,
                 self.xray is not None and layer.row in (self.xray.most_params, self.xray.most_flops)
                 and (self.xray.most_params, self.xray.most_flops))
        hidden = tuple(sorted(key for row, key in self.hidden if row == layer.row))
        return layer, self.rows.get(layer.row), marks, hidden

    def _line(self, path: LayerPath) -> list[dict[int, Any]]:
        """The row's cells: each role's value, and its flags under FLAGS_ROLE."""
        layer = layer_at(self.design, path)
        row = self.rows.get(layer.row)
        background = self._background(layer)
        settings = EDITABLE.get(layer.kind, ())
        line = []
        for key in COLUMNS:
            roles: dict[int, Any] = self._setting(layer, key) if key in FIELDS else self._text(layer, key, row)
            if background is not None:
                roles[Qt.ItemDataRole.BackgroundRole] = background
            roles[FLAGS_ROLE] = (TICKED if key == "bias" else EDITED) if key in settings else SHOWN
            line.append(roles)
        line[0][XRAY_ROLE] = row
        return line

    def _setting(self, layer: Layer, key: str) -> dict[int, Any]:
        value = value_of(layer, key)
        if value is None:
            return {}
        if key == "bias":
            return {Qt.ItemDataRole.CheckStateRole: Qt.CheckState.Checked if value else Qt.CheckState.Unchecked}
        roles: dict[int, Any] = {Qt.ItemDataRole.DisplayRole: f"{value:g}" if isinstance(value, float) else value,
                                 Qt.ItemDataRole.EditRole: value,
                                 Qt.ItemDataRole.TextAlignmentRole: Qt.AlignmentFlag.AlignCenter}
        if key == "stride" and layer.stride is None:
            roles[Qt.ItemDataRole.ForegroundRole] = QBrush(DEFAULT_COLOUR)
        return roles

    def _text(self, layer: Layer, key: str, row: XRayRow | None) -> dict[int, Any]:
        display, tip = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole
        if key == "layer":
            name = QCoreApplication.translate("DesignView", "branch") if layer.kind == BRANCH else layer.kind
            roles: dict[int, Any] = {display: f"{layer.row}  {name}"}
            if layer.row == self.error_row and self.error:
                roles[tip] = self.error
                roles[Qt.ItemDataRole.DecorationRole] = warning_icon()  # seen on a picked row too
            elif row is not None:
                roles[tip] = QCoreApplication.translate(
                    "DesignView", "{0}: its module's name in the built network").format(row.name)
            return roles
        if row is None:
            return {}
        roles = {Qt.ItemDataRole.TextAlignmentRole: Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter}
        if (layer.row, key) in self.hidden:  # predict first: the answer waits for Reveal
            roles[display] = "?"
            roles[tip] = QCoreApplication.translate("DesignView",
                                                    "Predict it first: the answer shows when you reveal or skip")
            return roles
        if key == "output":
            roles[display] = shape_text(row.output_shape)
        elif key == "params":
            roles[display] = f"{row.params:,}"
        elif key == "flops":
            roles[display], roles[tip] = compact(row.flops), f"{row.flops:,}"
        elif key == "rf":
            roles[display] = str(row.receptive_field)
        elif key == "memory":
            roles[display], roles[tip] = size_text(row.memory), f"{row.memory:,} B"
        if self.xray is not None and ((key == "params" and layer.row == self.xray.most_params)
                                      or (key == "flops" and layer.row == self.xray.most_flops)):
            bold = QFont()
            bold.setBold(True)
            roles[Qt.ItemDataRole.FontRole] = bold
        return roles

    def _background(self, layer: Layer) -> QBrush | None:
        if layer.row and layer.row == self.error_row:
            return QBrush(ERROR_COLOUR)
        if self.xray is not None and layer.row and layer.row == self.xray.most_params:
            return QBrush(PARAMS_COLOUR)
        if self.xray is not None and layer.row and layer.row == self.xray.most_flops:
            return QBrush(FLOPS_COLOUR)
        return None
