"""The design as a Qt tree model: one row per layer (a block's rows under it), a column per setting a cell
edits, then the X-ray columns. The model shows a design and an X-ray it is given; an edit in a cell is handed
to ``edit(new design, key)`` (the view's undo stack), which gives the model the new design back.

A value edit keeps the tree as it is (the open editor stays, only changed cells repaint); adding, removing or
moving a row resets it. Rows are addressed by their path (:mod:`ui.design.edits`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from cnnlab.design.shapes import shape_text
from cnnlab.design.spec import BRANCH, Design, Layer
from cnnlab.design.xray import XRay, XRayRow
from cnnlab.i18n import QT_TRANSLATE_NOOP
from ui.design.edits import (
    EDITABLE,
    FIELDS,
    LayerPath,
    children,
    layer_at,
    paths,
    rows_at,
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
XRAY_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's XRayRow (None until counted)
PATH_ROLE = Qt.ItemDataRole.UserRole + 2  # the row's path
ERROR_COLOUR = QColor("#f4c7cc")  # the row a bad design breaks at
PARAMS_COLOUR = QColor("#ffe6a6")  # the layer with the most parameters
FLOPS_COLOUR = QColor("#cfe6ff")  # the layer with the most FLOPs (both: the parameters' colour)
DEFAULT_COLOUR = QColor("#8a8a8a")  # a stride left at PyTorch's default
Index = QModelIndex | QPersistentModelIndex
Edit = Callable[[Design, object], None]  # (the edited design, a key: edits with the same key merge into one undo)


def tr(text: str) -> str:
    return QCoreApplication.translate("DesignView", text)


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


class DesignTreeModel(QAbstractItemModel):
    def __init__(self, design: Design, parent: Any = None) -> None:
        super().__init__(parent)
        self.design = design
        self.edit: Edit = lambda _design, _key: None  # set by the view
        self.xray: XRay | None = None
        self.rows: dict[str, XRayRow] = {}  # the X-ray's rows by label
        self.error_row = ""  # the label of the row a bad design breaks at
        self.error = ""  # its sentence, in the window's language
        self._paths: list[LayerPath] = []
        self._ids: dict[LayerPath, int] = {}
        self._index_paths()

    def _index_paths(self) -> None:
        self._paths = paths(self.design.layers)
        self._ids = {path: i for i, path in enumerate(self._paths)}

    # ------------------------------------------------------------------ what is shown
    def set_design(self, design: Design) -> bool:
        """Show ``design``; True when its rows changed (added, removed, moved), which resets the tree."""
        if structure(design.layers) == structure(self.design.layers):
            self.design = design
            self._changed(0, len(COLUMNS) - 1)
            return False
        self.beginResetModel()
        self.design = design
        self._index_paths()
        self.endResetModel()
        return True

    def set_xray(self, xray: XRay | None, error_row: str = "", error: str = "") -> None:
        """Show ``xray`` (None: the design cannot work; ``error_row`` is then the row named by ``error``)."""
        self.xray, self.error_row, self.error = xray, error_row, error
        self.rows = flat_rows(xray.layers) if xray is not None else {}
        self._changed(0, len(COLUMNS) - 1)

    def _changed(self, first: int, last: int) -> None:
        """Every cell in columns ``first`` to ``last`` may have changed (one signal per list of rows)."""
        for parent in [(), *self._paths]:
            count = len(rows_at(self.design, parent))
            if count:
                top = self.index_of(parent)
                self.dataChanged.emit(self.index(0, first, top), self.index(count - 1, last, top))

    # ------------------------------------------------------------------ the tree
    def path(self, index: Index) -> LayerPath:
        return self._paths[index.internalId()]

    def index_of(self, path: LayerPath, column: int = 0) -> QModelIndex:
        if not path:
            return QModelIndex()
        return self.createIndex(path[-1], column, self._ids[path])

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008 (Qt's default)
        top = self.path(parent) if parent.isValid() else ()
        path = (*top, row)
        if path not in self._ids or not 0 <= column < len(COLUMNS):
            return QModelIndex()
        return self.createIndex(row, column, self._ids[path])

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008 (QObject.parent() too)
        if not index.isValid():
            return QModelIndex()
        path = self.path(index)
        return self.index_of(path[:-1])

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's name and default)
        if not parent.isValid():
            return len(self.design.layers)
        if parent.column() > 0:
            return 0
        return len(children(layer_at(self.design, self.path(parent))))

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's name and default)
        return len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        key = COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return tr(HEADERS[key])
        if role == Qt.ItemDataRole.ToolTipRole and key in HEADER_TIPS:
            return tr(HEADER_TIPS[key])
        if role == Qt.ItemDataRole.TextAlignmentRole and section > 0:
            return Qt.AlignmentFlag.AlignCenter
        return None

    # ------------------------------------------------------------------ cells
    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        key = COLUMNS[index.column()]
        layer = layer_at(self.design, self.path(index))
        if key in EDITABLE.get(layer.kind, ()):
            return base | (Qt.ItemFlag.ItemIsUserCheckable if key == "bias" else Qt.ItemFlag.ItemIsEditable)
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        path = self.path(index)
        layer = layer_at(self.design, path)
        key = COLUMNS[index.column()]
        row = self.rows.get(layer.row)
        if role == PATH_ROLE:
            return path
        if role == XRAY_ROLE:
            return row
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._background(layer)
        if key in FIELDS:
            return self._setting(layer, key, role)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(layer, key, row, role == Qt.ItemDataRole.ToolTipRole)
        if role == Qt.ItemDataRole.TextAlignmentRole and key != "layer":
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.FontRole and self.xray is not None and (
                (key == "params" and layer.row == self.xray.most_params)
                or (key == "flops" and layer.row == self.xray.most_flops)):
            bold = QFont()
            bold.setBold(True)
            return bold
        return None

    def _setting(self, layer: Layer, key: str, role: int) -> Any:
        value = value_of(layer, key)
        if value is None:
            return None
        if key == "bias":
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return f"{value:g}" if isinstance(value, float) and role == Qt.ItemDataRole.DisplayRole else value
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.ForegroundRole and key == "stride" and layer.stride is None:
            return QBrush(DEFAULT_COLOUR)
        return None

    def _text(self, layer: Layer, key: str, row: XRayRow | None, tip: bool) -> str | None:
        if key == "layer":
            name = tr("branch") if layer.kind == BRANCH else layer.kind
            if tip and layer.row == self.error_row and self.error:
                return self.error
            return f"{layer.row}  {name}" if not tip else (f"{row.name}" if row is not None else None)
        if row is None:
            return None
        if key == "output":
            return shape_text(row.output_shape)
        if key == "params":
            return f"{row.params:,}"
        if key == "flops":
            return f"{row.flops:,}" if tip else compact(row.flops)
        if key == "rf":
            return str(row.receptive_field)
        if key == "memory":
            return f"{row.memory:,} B" if tip else size_text(row.memory)
        return None

    def _background(self, layer: Layer) -> QBrush | None:
        if layer.row and layer.row == self.error_row:
            return QBrush(ERROR_COLOUR)
        if self.xray is not None and layer.row and layer.row == self.xray.most_params:
            return QBrush(PARAMS_COLOUR)
        if self.xray is not None and layer.row and layer.row == self.xray.most_flops:
            return QBrush(FLOPS_COLOUR)
        return None

    def setData(self, index: Index, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
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
