"""The layer table: a tree view of :class:`~ui.design.tree_model.DesignTreeModel` whose setting cells are
edited with spin boxes that hand every value over as it is typed (the X-ray follows the typing), and whose
columns are fitted to their contents."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QDoubleSpinBox,
    QHeaderView,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QWidget,
)

from cnnlab.design.files import MINIMUM
from ui.design.edits import LayerPath
from ui.design.tree_model import COLUMNS, DesignTreeModel

LARGEST = {"out": 65_536, "kernel": 1_024, "stride": 1_024, "padding": 1_024, "groups": 65_536}  # far past any net
P_STEP = 0.05  # the arrows move dropout's p by 5 points
P_MOST = 0.99  # p below 1 (1 would zero every value)
ROW_PADDING = 6  # pixels above and below a row's text
CELL_PAD = 14  # pixels of a cell's margins and grid line beside its text
CHECK_WIDTH = 36  # pixels for the bias column's check box


class LiveDelegate(QStyledItemDelegate):
    """Spin boxes for the settings; each value typed is committed at once, so the X-ray follows the typing."""

    editor: QAbstractSpinBox | None = None  # the editor opened last (tests type into it)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        key = COLUMNS[index.column()]
        editor: QAbstractSpinBox
        if key == "p":
            box = QDoubleSpinBox(parent)
            box.setRange(0.0, P_MOST)
            box.setSingleStep(P_STEP)
            box.setDecimals(2)
            box.valueChanged.connect(lambda _v: self.commitData.emit(box))
            editor = box
        else:
            spin = QSpinBox(parent)
            spin.setRange(MINIMUM.get(key, 1), LARGEST.get(key, 65_536))
            spin.valueChanged.connect(lambda _v: self.commitData.emit(spin))
            editor = spin
        editor.setFrame(False)
        editor.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.editor = editor
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, (QSpinBox, QDoubleSpinBox)) and isinstance(value, (int, float)) \
                and editor.value() != value:  # the model showing the value just typed: leave the editor alone
            editor.setValue(value)  # type: ignore[arg-type]  # an int for a QSpinBox, a float for p

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,
                     index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, (QSpinBox, QDoubleSpinBox)):
            editor.interpretText()
            model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)


class LayerTable(QTreeView):
    def __init__(self, model: DesignTreeModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.design_model = model
        self._header_widths: list[int] = []  # pixels each header's text needs (measured once)
        self.delegate = LiveDelegate(self)
        self.setItemDelegate(self.delegate)
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(True)
        self.setAllColumnsShowFocus(True)
        self.setIndentation(14)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        triggers = QAbstractItemView.EditTrigger
        self.setEditTriggers(triggers.DoubleClicked | triggers.EditKeyPressed | triggers.AnyKeyPressed
                             | triggers.SelectedClicked)
        header = self.header()
        # Widths are set from the texts shown (fit_columns), not by the header measuring every cell at each change
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # the layer column takes the room left
        header.setMinimumSectionSize(self.fontMetrics().horizontalAdvance("0000") + 8)
        self.setStyleSheet(f"QTreeView::item {{ padding: {ROW_PADDING // 2}px 2px; }}")
        model.modelReset.connect(self.expandAll)
        model.modelReset.connect(lambda: QTimer.singleShot(0, self.fit_columns))  # after the header's own reset

    def fit_columns(self, columns: set[int] | None = None) -> None:
        """Each column (of ``columns``, None: all) as wide as its header and the widest text it shows; the
        layer column takes the rest."""
        header, model = self.header(), self.design_model
        cells = self.fontMetrics()
        if not self._header_widths:
            heads = header.fontMetrics()
            self._header_widths = [heads.horizontalAdvance(str(model.headerData(c, Qt.Orientation.Horizontal) or ""))
                                   + CELL_PAD + 6 for c in range(len(COLUMNS))]
            self._header_widths[COLUMNS.index("bias")] = max(self._header_widths[COLUMNS.index("bias")], CHECK_WIDTH)
        if header.count() != len(COLUMNS):
            return
        if any(header.sectionSize(c) == header.defaultSectionSize() for c in range(1, len(COLUMNS))):
            columns = None  # the header has reset its sizes: every column again
        for column in sorted(columns if columns is not None else range(len(COLUMNS))):
            if column == 0:
                continue
            width = max([self._header_widths[column]]
                        + [cells.horizontalAdvance(text) + CELL_PAD for text in set(model.column_texts(column))])
            if header.sectionSize(column) != width:
                header.resizeSection(column, width)

    def selected_path(self) -> LayerPath | None:
        rows = self.selectionModel().selectedRows()
        return self.design_model.path(rows[0]) if rows else None

    def select_path(self, path: LayerPath | None) -> None:
        selection = self.selectionModel()
        if path is None or not path:
            selection.clearSelection()
            return
        index = self.design_model.index_of(path)
        selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                  | QItemSelectionModel.SelectionFlag.Rows)
        self.scrollTo(index)

    def edit_cell(self, path: LayerPath, key: str) -> QAbstractSpinBox | None:
        """Open the editor of setting ``key`` on the row at ``path`` and return it (tests and the keyboard)."""
        index = self.design_model.index_of(path, COLUMNS.index(key))
        self.setCurrentIndex(index)
        self.delegate.editor = None
        self.edit(index)
        return self.delegate.editor
