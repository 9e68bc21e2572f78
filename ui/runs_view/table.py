"""The runs table: a Qt model over the rows of the runs database, and the proxy that sorts and filters it.

Display text and sort keys are separate roles: the accuracy shows as "61.0%" but sorts as a
number, a missing accuracy sorts below every real one.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from cnnlab.runs.index import RunRow
from cnnlab.runs.store import model_label
from ui.diagnoses import names_text, sentence, short_name
from ui.i18n import dataset_label

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # the raw value a column sorts by
ROW_ROLE = Qt.ItemDataRole.UserRole + 2  # the whole RunRow of a table row

# (key, header); the header is translated when shown
COLUMNS: tuple[tuple[str, object], ...] = (  # QT_TRANSLATE_NOOP gives back its text; most read first
    ("date", QT_TRANSLATE_NOOP("RunsTableModel", "Date")),
    ("name", QT_TRANSLATE_NOOP("RunsTableModel", "Name")),
    ("note", QT_TRANSLATE_NOOP("RunsTableModel", "Note")),
    ("dataset", QT_TRANSLATE_NOOP("RunsTableModel", "Dataset")),
    ("model", QT_TRANSLATE_NOOP("RunsTableModel", "Model")),
    ("epochs", QT_TRANSLATE_NOOP("RunsTableModel", "Epochs")),
    ("test_acc", QT_TRANSLATE_NOOP("RunsTableModel", "Test acc.")),
    ("train_seconds", QT_TRANSLATE_NOOP("RunsTableModel", "Train time")),
    ("status", QT_TRANSLATE_NOOP("RunsTableModel", "Status")),
    ("diagnoses", QT_TRANSLATE_NOOP("RunsTableModel", "Doctor")),  # the training doctor's findings, by name
    ("recipe", QT_TRANSLATE_NOOP("RunsTableModel", "Recipe")),  # the last two scroll into view on a small screen
    ("device", QT_TRANSLATE_NOOP("RunsTableModel", "Device")),
)
KEYS = tuple(key for key, _ in COLUMNS)
EDITABLE = ("name", "note")  # what the student may type into the table
NUMERIC = ("epochs", "test_acc", "train_seconds")  # right-aligned, sorted as numbers


def duration_text(seconds: float | None) -> str:
    """12.5 -> "12.5 s", 754 -> "12 min 34 s", 7300 -> "2 h 1 min"; None -> ""."""
    if seconds is None or not math.isfinite(seconds):
        return ""
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, secs = divmod(int(round(seconds)), 60)
    if minutes < 60:
        return f"{minutes} min {secs} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min"


class RunsTableModel(QAbstractTableModel):
    """One row per run. ``edit(row, key, text)`` stores a note or name (the view passes the index's
    ``set_note`` / ``set_name``) and returns the updated row, or raises ``UserError``."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[RunRow] = []
        self.edit: Callable[[RunRow, str, str], RunRow] | None = None
        self.on_edit_failed: Callable[[str], None] | None = None

    def set_rows(self, rows: list[RunRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's name and default)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's own default argument, as Qt declares it)
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("RunsTableModel", str(COLUMNS[section][1]))
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and KEYS[index.column()] in EDITABLE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, key = self.rows[index.row()], KEYS[index.column()]
        if role == ROW_ROLE:
            return row
        if role == SORT_ROLE:
            return self._sort_key(row, key)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, key)
        if role == Qt.ItemDataRole.EditRole:
            return row.name if key == "name" else row.note if key == "note" else self._text(row, key)
        if role == Qt.ItemDataRole.ToolTipRole:
            if key in ("date", "name"):
                return f"{row.date}\n{row.path}"
            if key == "diagnoses":
                return "\n".join(f"⚠ {sentence(d)}" for d in row.diagnoses) or None
            if key == "model" and row.model != model_label(row.model):
                return row.model
            return (row.note or None) if key == "note" else None
        if role == Qt.ItemDataRole.TextAlignmentRole and key in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def _text(row: RunRow, key: str) -> str:
        if key == "name":
            return row.name  # empty until the student names the run; the tool tip shows its folder
        if key == "test_acc":
            return "" if row.test_acc is None else f"{100 * row.test_acc:.2f}%"
        if key == "train_seconds":
            return duration_text(row.train_seconds)
        if key == "status":
            return QCoreApplication.translate("RunStatus", row.status)
        if key == "recipe":  # "default" / "course", as the setup's recipe picker names them
            return QCoreApplication.translate("SetupPanel", row.recipe)
        if key == "note":
            return row.note.replace("\n", " ")
        if key == "dataset":
            return dataset_label(row.dataset)
        if key == "model":  # a design run by its design's name, not its file's path (the tool tip has the path)
            return model_label(row.model)
        if key == "date":
            return row.date[:16]  # to the minute; the full time sorts and shows in the tool tip
        if key == "diagnoses":  # compact: the first finding and how many more; the tool tip says each
            names = list(dict.fromkeys(short_name(d.code) for d in row.diagnoses))
            return "" if not names else f"⚠ {names[0]}" + (f" +{len(names) - 1}" if len(names) > 1 else "")
        return str(getattr(row, key))

    @staticmethod
    def _sort_key(row: RunRow, key: str) -> Any:
        if key in ("test_acc", "train_seconds"):
            value = getattr(row, key)
            return -1.0 if value is None else float(value)  # no score sorts below every score
        if key == "epochs":
            return row.epochs
        if key == "diagnoses":
            return f"{len(row.diagnoses):03d} {names_text(row.diagnoses)}"  # by how many, then which
        if key == "name":
            return (row.name or row.folder).lower()
        return str(getattr(row, key)).lower()

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        from cnnlab.errors import UserError

        key = KEYS[index.column()] if index.isValid() else ""
        if role != Qt.ItemDataRole.EditRole or key not in EDITABLE or self.edit is None:
            return False
        row = self.rows[index.row()]
        text = str(value)
        if text == (row.name if key == "name" else row.note):
            return False
        try:
            self.rows[index.row()] = self.edit(row, key, text)
        except UserError as e:
            if self.on_edit_failed is not None:
                self.on_edit_failed(str(e))
            return False
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(COLUMNS) - 1))
        return True

    def row_of(self, folder: str) -> int:
        """The table row of a run folder's name; -1 when it is not listed."""
        return next((i for i, r in enumerate(self.rows) if r.folder == folder), -1)


class RunsFilter(QSortFilterProxyModel):
    """Sorts by each column's raw value; keeps the rows whose dataset, model and status match the
    chosen ones ("" for any) and whose name, note, folder, model or dataset holds the search text."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.wanted: dict[str, str] = {"dataset": "", "model": "", "status": ""}
        self.text = ""

    def set_choice(self, key: str, value: str) -> None:
        self.beginFilterChange()
        self.wanted[key] = value
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self.text = text.strip().lower()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, RunsTableModel)
        row = model.rows[source_row]
        if any(value and getattr(row, key) != value for key, value in self.wanted.items()):
            return False
        if not self.text:
            return True
        return any(self.text in part.lower() for part in (row.name, row.note, row.folder, row.model, row.dataset))


STATUS_NAMES = (  # the statuses a run can have, for lupdate; shown through translate("RunStatus", status)
    QT_TRANSLATE_NOOP("RunStatus", "completed"), QT_TRANSLATE_NOOP("RunStatus", "stopped"),
    QT_TRANSLATE_NOOP("RunStatus", "failed"), QT_TRANSLATE_NOOP("RunStatus", "running"),
    QT_TRANSLATE_NOOP("RunStatus", "interrupted"), QT_TRANSLATE_NOOP("RunStatus", "unfinished"),
)
