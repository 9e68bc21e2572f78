"""The Design view: a network edited as the lecture writes it, a layer table beside its diagram, with the
X-ray (output shape, parameters, FLOPs, receptive field, memory) on every row, counted off the GUI thread
after every edit. A design that cannot work shows the core's sentence under the table, its row in red.

The view holds one immutable :class:`~cnnlab.design.spec.Design`; an edit makes a new one and pushes it on the
undo stack (:mod:`ui.design.commands`), whose commands call :meth:`DesignView.show_design`. Files, the zoo,
comparing and training are :mod:`ui.design.files_menu` and :mod:`ui.design.train`.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from cnnlab.design.shapes import Row, analyse
from cnnlab.design.spec import BRANCH, Design
from cnnlab.errors import DesignError
from ui.background import RunInThread
from ui.design.commands import DesignEdit
from ui.design.diagram import DesignDiagram
from ui.design.edits import (
    LayerPath,
    add_branch,
    find_row,
    insert_after,
    layer_at,
    move,
    new_layer,
    relabel,
    remove_at,
)
from ui.design.header import DesignHeader
from ui.design.table import LayerTable
from ui.design.tree_model import FLOPS_COLOUR, PARAMS_COLOUR, DesignTreeModel, compact, size_text
from ui.design.xray_runner import XRayResult, XRayRunner
from ui.i18n import core_message
from ui.widgets.layout import rich_label

DIAGRAM_WIDTH = 420  # pixels the diagram starts with beside the table: a block with its skip line, two branches
TABLE_WIDTH = 820  # pixels the table starts with: every column of a chapter network without a scroll bar
ERROR_STYLE = "color: #b00020"


def walk(rows: tuple[Row, ...]) -> list[Row]:
    """Every analysed row, blocks and their rows alike, depth first."""
    out: list[Row] = []
    for row in rows:
        out += [row, *walk(row.children)]
    return out


class DesignView(QWidget):
    """``run_in_thread(fn, done, failed)`` runs the X-ray counts (the window's jobs)."""

    xrayShown = Signal(object)  # XRayResult: the table, totals and diagram show it
    designOpened = Signal(object)  # Design: a new document (New, Open, a model, a run) replaced the last
    stateChanged = Signal()  # the design, its file or the picked row changed: commands may turn on or off

    def __init__(self, design: Design, run_in_thread: RunInThread, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.design = relabel(design)
        self.file: Path | None = None  # the file the design was opened from or saved to
        self.result: XRayResult | None = None  # the X-ray shown
        self.opened = False  # a design was opened (New, a file, a model, a run) since the view was made
        self.undo = QUndoStack(self)
        self.model = DesignTreeModel(self.design, self)
        self.model.edit = lambda design, key: self.apply(design, self.tr("Change a value"), key,
                                                         self.table.selected_path())
        self.table = LayerTable(self.model)
        self.diagram = DesignDiagram()
        self.header = DesignHeader()
        self.header.changed = self._field_changed
        self.runner = XRayRunner(run_in_thread, self)
        self.runner.ready.connect(self._show_xray)

        self.title = QLabel()
        self.title.setObjectName("designTitle")
        self.notice = QLabel()  # what the last command said (opened, saved, or why not)
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.totals = rich_label("designTotals")
        self.message = rich_label("designMessage")
        self.message.setStyleSheet(ERROR_STYLE)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.table, 1)
        self.predict_slot = QWidget()  # a prediction card about a row sits here, under the table
        self.predict_slot.setObjectName("designPredictSlot")
        QVBoxLayout(self.predict_slot).setContentsMargins(0, 0, 0, 0)
        self.predict_slot.hide()
        column.addWidget(self.predict_slot)
        column.addWidget(self.totals)
        column.addWidget(self.message)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.diagram)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([TABLE_WIDTH, DIAGRAM_WIDTH])
        self.splitter.setChildrenCollapsible(False)
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(6, 4, 6, 6)
        top = QWidget()
        top_row = QVBoxLayout(top)
        top_row.setContentsMargins(0, 0, 0, 0)
        top_row.addWidget(self.title)
        top_row.addWidget(self.header)
        top_row.addWidget(self.notice)
        self.column.addWidget(top)
        self.column.addWidget(self.splitter, 1)

        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.diagram.rowClicked.connect(self.table.select_path)
        self.undo.cleanChanged.connect(self._clean_changed)
        shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(self.remove)
        self.show_design(self.design, None)

    def set_toolbar(self, bar: QWidget) -> None:
        """Put the commands' tool bar above everything else."""
        self.column.insertWidget(0, bar)

    # ------------------------------------------------------------------ documents
    def open_design(self, design: Design, file: Path | None = None) -> None:
        """Make ``design`` the one edited (a new document: the undo history starts again)."""
        self.undo.clear()
        self.file, self.opened = file, True
        self.show_design(relabel(design), None)
        self.undo.setClean()
        self._show_title()
        self.designOpened.emit(self.design)

    def mark_saved(self, file: Path) -> None:
        self.file = file
        self.undo.setClean()
        self._show_title()

    def modified(self) -> bool:
        return not self.undo.isClean()

    def _clean_changed(self, _clean: bool) -> None:
        try:
            self._show_title()
        except RuntimeError:  # the stack empties itself as it is deleted with the view: nothing left to show
            pass

    def _show_title(self) -> None:
        where = str(self.file) if self.file is not None else self.tr("not saved yet")
        star = " *" if self.modified() and self.file is not None else ""
        self.title.setText(f"<b>{html.escape(self.design.name)}</b>{star} — {html.escape(where)}")
        self.stateChanged.emit()

    # ------------------------------------------------------------------ edits
    def apply(self, design: Design, text: str, key: object = None, select: LayerPath | None = None) -> None:
        """Make ``design`` the edited one as one undoable step (merged with the last when ``key`` is the same)."""
        self.undo.push(DesignEdit(self, self.design, relabel(design), text, key, self.table.selected_path(),
                                  select))

    def show_design(self, design: Design, select: LayerPath | None) -> None:
        """Show ``design`` (the undo commands call this); its X-ray is counted off the GUI thread."""
        self.design = design
        reset = self.model.set_design(design)
        if not reset:
            self.table.fit_columns(self.model.changed_columns)
        self.header.fill(design)
        if reset:  # rows added, removed or moved; a value edit leaves the selection (and an open editor) alone
            self.table.select_path(select)
        self._show_title()
        self.runner.request(design)

    def _field_changed(self, field: str, design: Design) -> None:
        texts = {"name": self.tr("Rename the design"), "input": self.tr("Change the input"),
                 "classes": self.tr("Change the classes")}
        self.apply(design, texts[field], field, self.table.selected_path())

    def selected_path(self) -> LayerPath | None:
        return self.table.selected_path()

    def _channels_at(self, path: LayerPath | None) -> int | None:
        """The channels leaving the row at ``path`` (the last row when None); None after the flatten. Worked
        out here (arithmetic, well under a millisecond): the X-ray shown may be an edit behind."""
        if path is None:
            path = (len(self.design.layers) - 1,)
        label = layer_at(self.design, path).row
        try:
            rows = analyse(self.design)
        except DesignError:
            found = self.model.rows.get(label)
            shape = found.output_shape if found is not None else self.design.input
        else:
            shape = next((row.output for row in walk(rows) if row.layer.row == label), self.design.input)
        return shape[0] if len(shape) == 3 else None

    def add(self, kind: str) -> None:
        """Add a row of ``kind`` after the selected one (into a selected branch: at its end)."""
        at = self.selected_path()
        layer = new_layer(kind, self._channels_at(at), self.design.classes)
        design, path = insert_after(self.design, at, layer)
        self.apply(design, self.tr("Add {0}").format(kind), select=path)

    def add_branch(self) -> bool:
        """Another branch on the selected ``branches`` row (or the one holding the selected branch)."""
        at = self.selected_path()
        if at is None:
            return False
        done = add_branch(self.design, at, new_layer("conv", self._channels_at(at), self.design.classes))
        if done is None:
            return False
        self.apply(done[0], self.tr("Add a branch"), select=done[1])
        return True

    def remove(self) -> bool:
        at = self.selected_path()
        done = remove_at(self.design, at) if at is not None else None
        if done is None:
            return False
        self.apply(done[0], self.tr("Remove a row"), select=done[1])
        return True

    def move_row(self, step: int) -> bool:
        at = self.selected_path()
        done = move(self.design, at, step) if at is not None else None
        if done is None:
            return False
        self.apply(done[0], self.tr("Move a row"), select=done[1])
        return True

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self.diagram.select(self.selected_path())
        self.stateChanged.emit()  # the Add branch and Remove actions depend on the row picked

    def selected_is_block(self) -> bool:
        at = self.selected_path()
        return at is not None and layer_at(self.design, at).kind in ("branches", BRANCH)

    # ------------------------------------------------------------------ the X-ray
    def _show_xray(self, result: XRayResult) -> None:
        if result.design is not self.design:  # a design shown meanwhile (the runner asks again for it)
            return
        self.result = result
        error = core_message(result.error) if result.error else ""
        self.model.set_xray(result.xray if result.xray is not None else result.partial, result.row, error)
        self.table.fit_columns(self.model.changed_columns)
        self.redraw_diagram()
        self.message.setText(html.escape(error))
        self.message.setVisible(bool(error))
        if result.xray is None:
            self.totals.setText(self.tr("The rows before the one that breaks show their numbers; the totals come "
                                        "when the design works."))
            if result.row:
                path = find_row(self.design.layers, result.row)
                if path is not None:
                    self.table.scrollTo(self.model.index_of(path))
        else:
            self.totals.setText(self.totals_text(result))
        self.xrayShown.emit(result)

    def redraw_diagram(self) -> None:
        """The diagram of the design shown, without the shapes a pending prediction asks for."""
        self.diagram.show_design(self.design, self.model.shown_rows(), self.result.row if self.result else "")

    def totals_text(self, result: XRayResult) -> str:
        x = result.xray
        assert x is not None
        parts = [self.tr("<b>{0}</b> parameters").format(f"{x.total_params:,}"),
                 self.tr("<b>{0}</b> FLOPs per image").format(compact(x.total_flops)),
                 self.tr("{0} of activations per image").format(size_text(x.total_memory))]
        marks = []
        if x.most_params:
            marks.append(f"<span style='background:{PARAMS_COLOUR.name()}'>&nbsp;"
                         + self.tr("most parameters: row {0}").format(x.most_params) + "&nbsp;</span>")
        if x.most_flops:
            colour = PARAMS_COLOUR if x.most_flops == x.most_params else FLOPS_COLOUR
            marks.append(f"<span style='background:{colour.name()}'>&nbsp;"
                         + self.tr("most FLOPs: row {0}").format(x.most_flops) + "&nbsp;</span>")
        return " · ".join(parts) + ("<br>" + " ".join(marks) if marks else "")
