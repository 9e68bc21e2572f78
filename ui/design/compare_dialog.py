"""Two designs side by side: the rows that differ (:func:`cnnlab.design.compare.diff_designs`) with their
parameters and FLOPs before and after, and the totals."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cnnlab.design.compare import DesignDiff
from cnnlab.design.shapes import shape_text
from cnnlab.design.xray import XRayRow
from ui.design.tree_model import compact
from ui.widgets.layout import rich_label

DIALOG_SIZE = (900, 520)  # pixels: the six columns of a row written out in full


def change(before: int | None, after: int | None, fmt: str = "params") -> str:
    """"400 → 800 (+400)"; a side that has no row shows "–"."""
    def text(n: int | None) -> str:
        return "–" if n is None else (f"{n:,}" if fmt == "params" else compact(n))
    out = f"{text(before)} → {text(after)}"
    if before is not None and after is not None and before != after:
        delta = after - before
        out += f" ({'+' if delta > 0 else '−'}{text(abs(delta))})"
    return out


def _number(row: XRayRow | None, key: str) -> int | None:
    return None if row is None else int(getattr(row, key))


class CompareDialog(QDialog):
    def __init__(self, diff: DesignDiff, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        a, b = diff.a.design, diff.b.design
        self.diff = diff
        self.setWindowTitle(self.tr("Compare designs"))
        self.resize(*DIALOG_SIZE)
        self.head = rich_label("compareHead")
        lines = [f"<b>{html.escape(a.name)}</b> → <b>{html.escape(b.name)}</b>"]
        if a.input != b.input or a.classes != b.classes:
            lines.append(self.tr("input {0} → {1}, classes {2} → {3}").format(
                shape_text(a.input), shape_text(b.input), a.classes, b.classes))
        if not diff.changes:
            lines.append(self.tr("The rows are the same."))
        self.head.setText("<br>".join(lines))
        headers = (self.tr("Row"), self.tr("Layer before"), self.tr("Row"), self.tr("Layer after"),
                   self.tr("Params before → after"), self.tr("FLOPs before → after"))
        self.table = QTableWidget(len(diff.changes), len(headers))
        self.table.setHorizontalHeaderLabels(list(headers))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        for r, c in enumerate(diff.changes):
            cells = (c.before.row if c.before else "–", c.before_text or "–", c.after.row if c.after else "–",
                     c.after_text or "–", change(_number(c.before, "params"), _number(c.after, "params")),
                     change(_number(c.before, "flops"), _number(c.after, "flops"), "flops"))
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if col >= 4:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, col, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for col in (1, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        self.totals = rich_label("compareTotals")
        self.totals.setText(self.tr("Total parameters {0} · total FLOPs {1}").format(
            change(diff.a.total_params, diff.b.total_params),
            change(diff.a.total_flops, diff.b.total_flops, "flops")))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.head)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals)
        layout.addWidget(buttons)
