"""The bar above the runs table: a search field and one pick-one box per filtered column."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from cnnlab.runs.index import RunRow
from cnnlab.runs.store import model_label
from ui.i18n import dataset_label
from ui.runs_view.table import RunsFilter

FILTERS = ("dataset", "model", "status")  # the columns with a pick-one filter above the table
SEARCH_WIDTH = 120  # pixels: room for a word or two of search text
BOX_CHARS = 8  # characters a filter box shows before it widens: keeps the tab within a 1280-pixel window


class RunsFilterBar(QWidget):
    """Drives ``proxy``'s text and column filters; ``refresh_button`` is the view's to connect."""

    def __init__(self, proxy: RunsFilter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search names and notes"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(SEARCH_WIDTH)
        self.search.textChanged.connect(proxy.set_text)
        self.boxes: dict[str, QComboBox] = {}
        bar = QHBoxLayout(self)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.search, 2)
        labels = {"dataset": self.tr("Dataset:"), "model": self.tr("Model:"), "status": self.tr("Status:")}
        for key in FILTERS:
            box = QComboBox()
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(BOX_CHARS)
            box.addItem(self.tr("any"), "")
            box.currentIndexChanged.connect(lambda _i, k=key, b=box: proxy.set_choice(k, b.currentData() or ""))
            self.boxes[key] = box
            bar.addWidget(QLabel(labels[key]))
            bar.addWidget(box, 1)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        bar.addWidget(self.refresh_button)

    def offer(self, rows: list[RunRow]) -> None:
        """Each box offers the values its column has among ``rows`` (and keeps the one picked)."""
        for key, box in self.boxes.items():
            current = box.currentData() or ""
            values = sorted({getattr(r, key) for r in rows if getattr(r, key)} | ({current} - {""}))
            box.blockSignals(True)
            box.clear()
            box.addItem(self.tr("any"), "")
            for v in values:
                shown = {"status": QCoreApplication.translate("RunStatus", v), "dataset": dataset_label(v),
                         "model": model_label(v)}
                box.addItem(shown.get(key, v), v)
            box.setCurrentIndex(max(0, box.findData(current)))
            box.blockSignals(False)
