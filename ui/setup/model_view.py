"""The model's card (who, when, the idea) and its layer table in the lecture's form.

When the setup column is too narrow for all seven columns, the Input column (each row's input is
the row above's output) is hidden first, then the ID column (the row order), so Output and
Params stay in view; a row's tooltip still gives both shapes.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cnnlab.catalog import translate as translate_to
from cnnlab.i18n import QT_TRANSLATE_NOOP
from ui.i18n import CHINESE, card_idea, card_text, core_message, current_language
from ui.widgets.layout import rich_label

if TYPE_CHECKING:  # the card shows before torch is imported; the layer table once it is
    from cnnlab.models import ModelCard, Summary

COLUMNS = ("ID", "Layer", "Type", "Kernel / size", "Input", "Output", "Params")  # English sources, translated below
_COLUMN_NAMES = (QT_TRANSLATE_NOOP("ModelView", "ID"), QT_TRANSLATE_NOOP("ModelView", "Layer"),
                 QT_TRANSLATE_NOOP("ModelView", "Type"), QT_TRANSLATE_NOOP("ModelView", "Kernel / size"),
                 QT_TRANSLATE_NOOP("ModelView", "Input"), QT_TRANSLATE_NOOP("ModelView", "Output"),
                 QT_TRANSLATE_NOOP("ModelView", "Params"))
HIDE_FIRST = (COLUMNS.index("Input"), COLUMNS.index("ID"))  # hidden in this order when the table is too narrow
TABLE_MIN_HEIGHT = 44  # pixels: the header and one layer row; the column must fit a 600-pixel-high screen

LAYER_TYPES = (  # the summary's layer words (cnnlab.models.summary), marked for translation
    QT_TRANSLATE_NOOP("LayerType", "Conv"), QT_TRANSLATE_NOOP("LayerType", "FC"),
    QT_TRANSLATE_NOOP("LayerType", "MaxPool"), QT_TRANSLATE_NOOP("LayerType", "AvgPool"),
    QT_TRANSLATE_NOOP("LayerType", "BatchNorm"), QT_TRANSLATE_NOOP("LayerType", "LRN"),
    QT_TRANSLATE_NOOP("LayerType", "Dropout"), QT_TRANSLATE_NOOP("LayerType", "Flatten"),
    QT_TRANSLATE_NOOP("LayerType", "ReLU"), QT_TRANSLATE_NOOP("LayerType", "Gray"),
)


def layer_type(name: str) -> str:
    """"Conv" -> "卷积" as the lecture's tables say; block names (BasicBlock...) stay as they are."""
    return QCoreApplication.translate("LayerType", name)


def _dims(shape: list[int]) -> str:
    return "×".join(str(s) for s in shape)


def card_html(name: str, card: ModelCard) -> str:
    esc = html.escape
    head = f"<b>{esc(card_text(card.title))}</b> <span style='color:#666'>({esc(name)})</span>"
    who = ", ".join(p for p in (esc(card.authors), str(card.year) if card.year else "") if p)
    rows = [head + (f"<br>{who}" if who else "")]
    if card.paper:
        paper = esc(card.paper)
        rows.append(f"<a href='{paper}'>{paper}</a>" if card.paper.startswith("http") else f"<i>{paper}</i>")
    if card.idea:
        rows.append(esc(card_idea(card)))
        chinese = translate_to("ModelCard", card.idea, CHINESE)  # the course's language, beside the English line
        if current_language() != CHINESE and chinese != card.idea:
            rows.append(f"<span style='color:#444'>{esc(chinese)}</span>")
    if card.notes:
        rows.append(f"<span style='color:#666'>{esc(card_text(card.notes))}</span>")
    return "<br>".join(rows)


class ModelView(QWidget):
    """``show_model(name, card, summary)``; ``show_error(name, card, message)`` when it cannot be built."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.card = rich_label("modelCard", links=True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([QCoreApplication.translate("ModelView", c) for c in COLUMNS])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)  # Params takes the room left: never a pixel too wide
        self.table.setMinimumHeight(TABLE_MIN_HEIGHT)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)  # compact rows
        self.total = QLabel()
        self.table.viewport().installEventFilter(self)  # refit the columns when the visible width changes
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 6, 2, 2)  # the table's seven columns need every pixel of the column
        layout.addWidget(self.card)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.total)

    def show_model(self, name: str, card: ModelCard, summary: Summary | None, note: str = "") -> None:
        self.card.setText(card_html(name, card))
        self.table.setRowCount(0)
        if summary is None:
            self.total.setText(note)
            return
        self.table.setRowCount(len(summary.rows))
        for r, row in enumerate(summary.rows):
            cells = (str(row.index), "  " * row.depth + row.name, layer_type(row.type), row.params_text or row.note,
                     _dims(row.input_shape), _dims(row.output_shape), row.params_label)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c in (0, 6):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setToolTip(QCoreApplication.translate("ModelView", "{0}: input {1} → output {2}").format(
                    row.name, _dims(row.input_shape), _dims(row.output_shape)))
                self.table.setItem(r, c, item)
        self.fit_columns()
        shape = _dims(summary.input_shape)
        self.total.setText(QCoreApplication.translate("ModelView", "Input {0} · {1} parameters ({2} trainable)")
                           .format(shape, f"{summary.total_params:,}", f"{summary.trainable_params:,}"))

    def needed_width(self, hidden: tuple[int, ...] = ()) -> int:
        """Pixels the columns' texts need, leaving out ``hidden`` (measured from the texts, so a hidden
        column counts the same as a shown one)."""
        fm = self.table.fontMetrics()
        head = self.table.horizontalHeader().fontMetrics()
        pad = 14  # a cell's margins and grid line
        total = 0
        for c in range(self.table.columnCount()):
            if c in hidden:
                continue
            header = self.table.horizontalHeaderItem(c)
            widths = [head.horizontalAdvance(header.text()) + 2 * pad if header is not None else 0]
            for r in range(self.table.rowCount()):
                item = self.table.item(r, c)
                if item is not None:
                    widths.append(fm.horizontalAdvance(item.text()) + pad)
            total += max(widths)
        return total

    def fit_columns(self) -> None:
        """Hide the Input column, then the ID column, while the columns do not fit the visible width."""
        room = self.table.viewport().width() - 12  # a few pixels spare: no scroll bar for a pixel
        hidden: tuple[int, ...] = ()
        for column in HIDE_FIRST:
            if self.needed_width(hidden) <= room:
                break
            hidden += (column,)
        for column in HIDE_FIRST:
            self.table.setColumnHidden(column, column in hidden)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.fit_columns()
            QTimer.singleShot(0, self.fit_columns)  # again once the scroll bars have settled
        return super().eventFilter(watched, event)

    def show_error(self, name: str, card: ModelCard, message: str) -> None:
        self.show_model(name, card, None)
        self.total.setText(f"<span style='color:#b00020'>{html.escape(core_message(message))}</span>")
