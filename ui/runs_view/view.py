"""The Runs tab: the runs database as a table, with a note, rename, delete (to the trash, with
undo), open, and Compare for two picked runs.

The index is read off the GUI thread; notes, names, deletes and undo are quick file moves and
writes done on it. A comparison (a test-set pass of two checkpoints) runs off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cnnlab.errors import UserError
from cnnlab.runs.index import IndexScan, RunIndex, RunRow, Trashed
from ui.background import BackgroundJobs
from ui.i18n import core_message
from ui.runs_view.comparison import ComparisonView
from ui.runs_view.filter_bar import RunsFilterBar
from ui.runs_view.table import KEYS, ROW_ROLE, RunsFilter, RunsTableModel

TEXT_MIN_WIDTH = 90  # pixels at least for the name and note columns when the columns are first fitted
ROW_PADDING = 8  # pixels above and below a row's text: compact rows, room to edit a note


class RunsView(QWidget):
    """``open_run(path)`` is the window's own way to open a run folder; ``parent_dir`` the runs
    folder (default: the one ``cnnlab.paths.runs_dir`` names when the view refreshes)."""

    refreshed = Signal()  # the table shows the index as read just now
    compared = Signal(object)  # a Comparison is shown
    compareFailed = Signal(object)  # str: the sentence saying why two runs cannot be compared

    def __init__(self, jobs: BackgroundJobs, open_run: Callable[[Path], object], parent_dir: Path | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.jobs, self.open_run, self.parent_dir = jobs, open_run, parent_dir
        self.undo_stack: list[list[Trashed]] = []  # each delete, most recent last
        self._refreshing = False
        self._refresh_again = False
        self._comparing = False
        self._sized = False  # the columns were fitted to their contents once

        self.model = RunsTableModel(self)
        self.model.edit = self._edit
        self.model.on_edit_failed = self._say_error
        self.proxy = RunsFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(KEYS.index("date"), Qt.SortOrder.DescendingOrder)  # newest first
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + ROW_PADDING)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)  # the last column takes what is left
        self.table.setToolTip(self.tr("Double-click a name or a note to edit it; pick two runs to compare them."))
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(self._on_double_click)

        self.filter_bar = RunsFilterBar(self.proxy)
        self.search, self.boxes = self.filter_bar.search, self.filter_bar.boxes
        self.refresh_button = self.filter_bar.refresh_button
        self.refresh_button.clicked.connect(self.refresh)

        self.open_button = QPushButton(self.tr("Open"))
        self.open_button.setToolTip(self.tr("Show the run's curves and look inside its network"))
        self.rename_button = QPushButton(self.tr("Rename…"))
        self.note_button = QPushButton(self.tr("Note…"))
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.setToolTip(self.tr("Move the picked runs to the trash folder inside the runs folder"))
        self.undo_button = QPushButton(self.tr("Undo delete"))
        self.compare_button = QPushButton(self.tr("Compare"))
        self.compare_button.setToolTip(self.tr("Pick two runs on the same dataset to compare them"))
        self.open_button.clicked.connect(self.open_current)
        self.rename_button.clicked.connect(lambda: self._edit_current("name"))
        self.note_button.clicked.connect(lambda: self._edit_current("note"))
        self.delete_button.clicked.connect(self.delete_selected)
        self.undo_button.clicked.connect(self.undo_delete)
        self.compare_button.clicked.connect(self.compare_selected)
        buttons = QHBoxLayout()
        for b in (self.open_button, self.rename_button, self.note_button, self.delete_button, self.undo_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.compare_button)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        table_page = QWidget()
        tl = QVBoxLayout(table_page)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.filter_bar)
        tl.addWidget(self.table, 1)
        tl.addLayout(buttons)
        tl.addWidget(self.message)

        self.comparison = ComparisonView()
        self.back_button = QPushButton(self.tr("◀ Back to the runs"))
        self.back_button.clicked.connect(self.show_table)
        compare_page = QWidget()
        cl = QVBoxLayout(compare_page)
        cl.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addStretch(1)
        cl.addLayout(top)
        cl.addWidget(self.comparison, 1)

        self.pages = QStackedWidget()
        self.pages.addWidget(table_page)
        self.pages.addWidget(compare_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.pages)

        for keys, slot in ((QKeySequence.StandardKey.Undo, self.undo_delete),
                           (QKeySequence.StandardKey.Delete, self.delete_selected)):
            shortcut = QShortcut(QKeySequence(keys), self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)
        self._update_buttons()

    def index(self) -> RunIndex:
        return RunIndex(self.parent_dir)

    # ---------------------------------------------------------------- reading the index
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()  # cheap once indexed: only changed folders are read again

    def refresh(self) -> None:
        """Read the index again (off the GUI thread); the table keeps its selection."""
        if self._refreshing:
            self._refresh_again = True
            return
        self._refreshing = True
        self.jobs.run(self.index().scan, self._on_scan, self._on_scan_failed, shows_busy=False)

    def _after_refresh(self) -> None:
        self._refreshing = False
        if self._refresh_again:
            self._refresh_again = False
            self.refresh()
        else:
            self.refreshed.emit()

    def _on_scan(self, result: object) -> None:
        assert isinstance(result, IndexScan)
        self.set_rows(result.runs)
        if result.problems:
            self.message.setText(self.tr("{0} damaged run folder(s) are left out:").format(len(result.problems))
                                 + " " + " ".join(core_message(p) for p in result.problems))
        elif self.message.property("problems"):
            self.message.clear()
        self.message.setProperty("problems", bool(result.problems))
        self._after_refresh()

    def _on_scan_failed(self, message: str) -> None:
        self.set_rows([])
        self._say_error(message)
        self._after_refresh()

    def set_rows(self, rows: list[RunRow]) -> None:
        picked = {r.folder for r in self.selected_rows()}
        self.model.set_rows(rows)
        self.filter_bar.offer(rows)
        if picked:
            self.select_folders(picked)
        if rows and not self._sized:  # fit the columns to the first runs shown; later the student's widths stay
            self._sized = True
            self.fit_columns()
        self._update_buttons()

    def fit_columns(self) -> None:
        """Columns as wide as their contents, except that the name and the note share what the others
        leave of the visible width (TEXT_MIN_WIDTH at least each; their tool tips hold them whole)."""
        self.table.resizeColumnsToContents()
        texts = [KEYS.index("name"), KEYS.index("note")]
        shown = KEYS.index("status") + 1  # recipe and device may scroll out of view; the others should fit
        others = sum(self.table.columnWidth(c) for c in range(shown) if c not in texts)
        share = max(TEXT_MIN_WIDTH, (self.table.viewport().width() - others) // len(texts))
        for column in texts:
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), share))

    # ---------------------------------------------------------------- selection
    def selected_rows(self) -> list[RunRow]:
        rows = [self.proxy.data(i, ROW_ROLE) for i in self.table.selectionModel().selectedRows()]
        return [r for r in rows if isinstance(r, RunRow)]

    def select_folders(self, folders: set[str]) -> None:
        selection = self.table.selectionModel()
        selection.clearSelection()
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            r = self.proxy.data(index, ROW_ROLE)
            if isinstance(r, RunRow) and r.folder in folders:
                selection.select(index, QItemSelectionModel.SelectionFlag.Select
                                 | QItemSelectionModel.SelectionFlag.Rows)

    def _update_buttons(self) -> None:
        picked = self.selected_rows()
        one = len(picked) == 1
        for b in (self.open_button, self.rename_button, self.note_button):
            b.setEnabled(one)
        self.delete_button.setEnabled(bool(picked))
        self.undo_button.setEnabled(bool(self.undo_stack))
        self.compare_button.setEnabled(len(picked) == 2 and not self._comparing)

    # ---------------------------------------------------------------- notes and names
    def _edit(self, row: RunRow, key: str, text: str) -> RunRow:
        index = self.index()
        return index.set_note(row.folder, text) if key == "note" else index.set_name(row.folder, text)

    def _edit_current(self, key: str) -> None:
        current = self.table.selectionModel().selectedRows()
        if len(current) == 1:
            index = self.proxy.index(current[0].row(), KEYS.index(key))
            self.table.setCurrentIndex(index)
            self.table.edit(index)

    def _on_double_click(self, index: QModelIndex) -> None:
        if KEYS[index.column()] not in ("name", "note"):  # those two are edited in place
            self.open_current()

    def _say(self, text: str) -> None:
        self.message.setStyleSheet("")
        self.message.setText(text)

    def _say_error(self, text: str) -> None:
        """A core sentence (English) in the window's language."""
        self.message.setStyleSheet("color: #b00020")
        self.message.setText(core_message(text))

    # ---------------------------------------------------------------- open, delete, undo
    def open_current(self) -> None:
        picked = self.selected_rows()
        if len(picked) == 1:
            self.open_run(picked[0].path)

    def delete_selected(self) -> None:
        """Move the picked runs to the trash; one Undo puts them all back."""
        picked = self.selected_rows()
        if not picked:
            return
        index = self.index()
        moved: list[Trashed] = []
        for row in picked:
            try:
                moved.append(index.trash(row.folder))
            except UserError as e:
                self._say_error(str(e))
                break
        if moved:
            self.undo_stack.append(moved)
            self._say(self.tr("Moved {0} run(s) to the trash ({1}); press Undo delete to bring them back.").format(
                len(moved), index.trash_dir))
        self.refresh()
        self._update_buttons()

    def undo_delete(self) -> None:
        if not self.undo_stack:
            return
        moved = self.undo_stack.pop()
        index = self.index()
        back: list[str] = []
        for item in moved:
            try:
                back.append(index.restore(item).name)
            except UserError as e:
                self._say_error(str(e))
                break
        else:
            self._say(self.tr("Brought back {0} run(s) from the trash.").format(len(back)))
        self.refresh()
        self.refreshed.connect(self._select_restored(set(back)))
        self._update_buttons()

    def _select_restored(self, folders: set[str]) -> Callable[[], None]:
        def select() -> None:
            self.refreshed.disconnect(select)
            self.select_folders(folders)
        return select

    # ---------------------------------------------------------------- compare
    def compare_selected(self) -> None:
        picked = sorted(self.selected_rows(), key=lambda r: (r.date, r.folder))  # A: the older run
        if len(picked) != 2 or self._comparing:
            return
        self.compare(picked[0].path, picked[1].path)

    def compare(self, a: Path, b: Path) -> None:
        """Compare run folders ``a`` and ``b`` (off the GUI thread), then show the comparison."""
        from cnnlab.runs.compare import compare_runs

        self._comparing = True
        self._update_buttons()
        self._say(self.tr("Comparing {0} and {1}: scoring both checkpoints on the test set…").format(a.name, b.name))

        def done(result: object) -> None:
            self._comparing = False
            self._update_buttons()
            self._say("")
            self.comparison.show_comparison(result)  # type: ignore[arg-type]  # the job's result is the Comparison it computed
            self.pages.setCurrentIndex(1)
            self.compared.emit(result)

        def failed(message: str) -> None:
            self._comparing = False
            self._update_buttons()
            self._say_error(message)
            self.compareFailed.emit(message)

        self.jobs.run(lambda: compare_runs(a, b), done, failed)

    def show_table(self) -> None:
        self.pages.setCurrentIndex(0)

