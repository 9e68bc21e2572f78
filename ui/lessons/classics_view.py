"""18.1: the seven classic networks in a table (our parameter count beside the usual one), the
chosen network's card, and one button that builds it on the current dataset."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cnnlab.chapter.classics import CLASSICS, Classic, classic_params
from cnnlab.models import get_model_spec
from ui.background import RunInThread
from ui.i18n import card_idea, card_text
from ui.lessons.content import CLASSIC_NOTES, tr
from ui.lessons.text import WrappedText

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls


def params_text(n: int | None) -> str:
    """61 706 -> "61.7 k", 138 357 544 -> "138.4 M"; None -> "-"."""
    if n is None:
        return "-"
    if n >= 1_000_000:
        return f"{n / 1e6:.1f} M"
    return f"{n / 1e3:.1f} k"


def count_all() -> dict[str, int]:
    """Every classic's parameter count (Qt-free: runs on a worker thread)."""
    return {c.model: classic_params(c) for c in CLASSICS}


class ClassicsView(QWidget):
    """``buildRequested(model name)`` when the student asks to build the chosen network."""

    buildRequested = Signal(str)

    def __init__(self, run_in_thread: RunInThread, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(len(CLASSICS), 4)
        self.table.setObjectName("lesson_classics")
        self.table.setHorizontalHeaderLabels([translate("Lessons", "Network"), translate("Lessons", "Year"),
                                              translate("Lessons", "Ours"), translate("Lessons", "Usually quoted")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for row, classic in enumerate(CLASSICS):
            card = get_model_spec(classic.model).card
            self._set(row, 0, card_text(card.title))
            self._set(row, 1, str(card.year or ""))
            self._set(row, 2, "…")
            self._set(row, 3, params_text(classic.reference_params))
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # every row is shown
        self._fit_table()
        layout.addWidget(self.table)
        self.card = WrappedText("lesson_classic_card")
        layout.addWidget(self.card)
        self.build = QPushButton(translate("Lessons", "Build on the current dataset"))
        self.build.setObjectName("lesson_build")
        self.build.setToolTip(translate("Lessons", "Puts the chosen network into the setup for the chosen dataset; "
                                        "its layer table appears there."))
        self.build.clicked.connect(lambda: self.buildRequested.emit(self.chosen().model))
        layout.addWidget(self.build, 0, Qt.AlignmentFlag.AlignLeft)
        self.table.currentCellChanged.connect(lambda row, *_: self._show_card(row))
        self.table.selectRow(0)
        self._show_card(0)
        self._run_in_thread = run_in_thread
        self._counting = False

    def count(self) -> None:
        """Count the parameters once, off the GUI thread (VGG-16 and DenseNet take a moment to build)."""
        if not self._counting:
            self._counting = True
            self._run_in_thread(count_all, self._show_counts, lambda _message: None)  # a nicety: no error shown

    def _fit_table(self) -> None:
        """As tall as its header and seven rows: the page scrolls, not the table."""
        self.table.resizeRowsToContents()
        header = max(self.table.horizontalHeader().height(), self.table.horizontalHeader().sizeHint().height())
        self.table.setFixedHeight(header + self.table.verticalHeader().length() + 2 * self.table.frameWidth())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_table()  # the header's height is known once it is shown

    def _set(self, row: int, column: int, text: str) -> None:
        item = QTableWidgetItem(text)
        if column:
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.table.setItem(row, column, item)

    def _show_counts(self, counts: object) -> None:
        assert isinstance(counts, dict)
        for row, classic in enumerate(CLASSICS):
            self._set(row, 2, params_text(counts.get(classic.model)))
        self._show_card(self.table.currentRow())

    def chosen(self) -> Classic:
        return CLASSICS[max(0, self.table.currentRow())]

    def _show_card(self, row: int) -> None:
        if row < 0:
            return
        classic = CLASSICS[row]
        card = get_model_spec(classic.model).card
        size = translate("Lessons", "{0}×{0} inputs, {1} classes").format(classic.side, classic.classes)
        at_size = translate("Lessons", "Parameters at the paper's size ({0}):")
        self.card.setText(
            f"<p><b>{html.escape(card_text(card.title))}</b> ({card.year}) · {html.escape(card.authors)}<br>"
            f"<i>{html.escape(card.paper)}</i></p>"
            f"<p>{html.escape(card_idea(card))}</p>"
            f"<p>{html.escape(at_size.format(size))} "
            f"{html.escape(self._text(row, 2))} · {html.escape(tr(CLASSIC_NOTES[classic.model]))}</p>")

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""
