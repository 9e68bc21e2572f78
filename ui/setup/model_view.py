"""The model's card (who, when, the idea) and its layer table in the lecture's form."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cnnlab.models import ModelCard, Summary
from ui.widgets.layout import rich_label

COLUMNS = ("ID", "Layer", "Type", "Kernel / size", "Input", "Output", "Params")


def _dims(shape: list[int]) -> str:
    return "×".join(str(s) for s in shape)


def card_html(name: str, card: ModelCard) -> str:
    esc = html.escape
    head = f"<b>{esc(card.title)}</b> <span style='color:#666'>({esc(name)})</span>"
    who = ", ".join(p for p in (esc(card.authors), str(card.year) if card.year else "") if p)
    rows = [head + (f"<br>{who}" if who else "")]
    if card.paper:
        paper = esc(card.paper)
        rows.append(f"<a href='{paper}'>{paper}</a>" if card.paper.startswith("http") else f"<i>{paper}</i>")
    if card.idea:
        rows.append(esc(card.idea))
    if card.idea_zh:
        rows.append(f"<span style='color:#444'>{esc(card.idea_zh)}</span>")
    if card.notes:
        rows.append(f"<span style='color:#666'>{esc(card.notes)}</span>")
    return "<br>".join(rows)


class ModelView(QWidget):
    """``show_model(name, card, summary)``; ``show_error(name, card, message)`` when it cannot be built."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.card = rich_label("modelCard", links=True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)  # compact rows
        self.total = QLabel()
        layout = QVBoxLayout(self)
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
            cells = (str(row.index), "  " * row.depth + row.name, row.type, row.params_text or row.note,
                     _dims(row.input_shape), _dims(row.output_shape), row.params_label)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c in (0, 6):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        shape = _dims(summary.input_shape)
        self.total.setText(f"Input {shape} · {summary.total_params:,} parameters "
                           f"({summary.trainable_params:,} trainable)")

    def show_error(self, name: str, card: ModelCard, message: str) -> None:
        self.show_model(name, card, None)
        self.total.setText(f"<span style='color:#b00020'>{html.escape(message)}</span>")
