"""A sweep's results in the window: per configuration the mean ± sample standard deviation (n − 1) over the
seeds of test accuracy, training time and parameters, its seeds and runs; the first varied setting against
accuracy with error bars; the best configuration highlighted, with "Train this setup"."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cnnlab.errors import UserError
from cnnlab.sweep.plot import LOG_SPAN
from cnnlab.sweep.results import ConfigResult, Spread, SweepResults
from ui.i18n import config_label, core_message

BEST = QColor(255, 243, 205)  # the best configuration's row: a pale amber that dark text reads on
LINE_COLOR = "#0072B2"  # Okabe–Ito blue, as the curves' first run
CAP = 0.3  # error bar caps: this share of the gap between neighbouring x values (or of one unit)
SPLIT = (560, 440)  # pixels of the table and the plot: the table's seven columns fit without scrolling
ROW_PADDING = 6  # pixels above and below a table row's text, as the Runs tab


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _value_text(value: Any) -> str:
    return f"{value:g}" if _number(value) else str(value)


def spread_text(s: Spread, scale: float = 1.0, digits: int = 2) -> str:
    """"98.20 ± 0.56" (the std only with two values or more); "–" with none."""
    if s.mean is None:
        return "–"
    if s.std is None:
        return f"{scale * s.mean:.{digits}f}"
    return f"{scale * s.mean:.{digits}f} ± {scale * s.std:.{digits}f}"


def _item(text: str, tip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if tip:
        item.setToolTip(tip)
    return item


class SweepResultsView(QWidget):
    """The sweeps of the runs folder in a picker, the picked one's table and plot."""

    trainRequested = Signal(object)  # dict: the best configuration's training settings (a config.json's keys)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.results: SweepResults | None = None
        self.picker = QComboBox()
        self.picker.setMinimumContentsLength(24)
        self.picker.currentTextChanged.connect(self._picked)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.clicked.connect(lambda: self.refresh(self.picker.currentText() or None))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableWidget(0, 0)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + ROW_PADDING)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.plot_widget = pg.PlotWidget()
        self.plot_widget.setBackground("w")
        self.plot = self.plot_widget.getPlotItem()
        self.plot.showGrid(x=True, y=True, alpha=0.3)
        self.plot.setLabel("left", self.tr("test accuracy (%)"))
        self.train_button = QPushButton(self.tr("Train this setup"))
        self.train_button.setToolTip(self.tr("Put the best configuration's settings into the setup, ready to Start"))
        self.train_button.clicked.connect(self.train_best)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Sweep")))
        top.addWidget(self.picker, 1)
        top.addWidget(self.refresh_button)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self.plot_widget)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setSizes(list(SPLIT))
        split.setChildrenCollapsible(False)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.train_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addLayout(bottom)
        self.show_results(None)

    # ---------------------------------------------------------------- loading
    def refresh(self, name: str | None = None) -> None:
        """List the runs folder's sweeps again and show ``name`` (else the one shown, else the newest)."""
        from cnnlab.sweep.folder import list_sweeps

        try:
            names = list_sweeps()
        except UserError as e:
            names = []
            self.summary.setText(core_message(str(e)))
        keep = name or self.picker.currentText()
        self.picker.blockSignals(True)
        self.picker.clear()
        self.picker.addItems(names)
        self.picker.blockSignals(False)
        if names:
            self.picker.setCurrentText(keep if keep in names else names[-1])
            self._picked(self.picker.currentText())
        else:
            self.show_results(None)

    def _picked(self, name: str) -> None:
        from cnnlab.sweep.results import sweep_results

        if not name:
            return
        try:
            self.show_results(sweep_results(name))
        except UserError as e:
            self.show_results(None)
            self.summary.setText(core_message(str(e)))

    # ---------------------------------------------------------------- showing
    def show_results(self, results: SweepResults | None) -> None:
        self.results = results
        self.plot.clear()
        self.table.clear()
        self.table.setRowCount(0)
        self.train_button.setEnabled(results is not None and results.best is not None)
        if results is None:
            self.summary.setText(self.tr("No sweep yet: Run ▸ New sweep… trains one."))
            return
        varied = list(results.spec.varied)
        heads = [config_label(k) for k in varied] + [
            self.tr("Seeds"), self.tr("Runs"), self.tr("Test accuracy (%)"), self.tr("Train s"), self.tr("Params"),
            self.tr("Not completed")]
        self.table.setColumnCount(len(heads))
        self.table.setHorizontalHeaderLabels(heads)
        seconds = self.table.horizontalHeaderItem(len(varied) + 3)  # Train s, after Seeds, Runs, Test accuracy
        if seconds is not None:
            seconds.setToolTip(self.seconds_note())
        self.table.setRowCount(len(results.configs))
        best = results.best
        for row, config in enumerate(results.configs):
            self._fill_row(row, varied, config, config is best)
        self._draw(results)
        states = results.states()
        done = states.get("completed", 0)
        text = self.tr("{0}: {1} of {2} trial(s) completed; mean ± sample standard deviation (n − 1) over the "
                       "seeds.").format(results.name, done, results.spec.total_runs)
        if best is not None:
            text += " " + self.tr("Best: {0}, test accuracy {1}% over {2} seed(s).").format(
                self.settings_text(best.settings), spread_text(best.accuracy, 100), len(best.seeds))
        text += " " + self.seconds_note()
        for problem in results.problems:
            text += " " + core_message(problem)
        self.summary.setText(text)

    def seconds_note(self) -> str:
        """What Train s counts, so that trials are compared on their training alone."""
        return self.tr("Train s: seconds of training batches only; loading data and testing are not counted, but "
                       "other programs busy on the machine slow it down.")

    def settings_text(self, settings: dict[str, Any]) -> str:
        return ", ".join(f"{config_label(k)} {_value_text(v)}" for k, v in settings.items()) or self.tr("the base")

    def _fill_row(self, row: int, varied: list[str], config: ConfigResult, best: bool) -> None:
        others = sum(n for state, n in config.states.items() if state != "completed")
        cells = [_item(_value_text(config.settings.get(k, ""))) for k in varied] + [
            _item(", ".join(str(s) for s in config.seeds)),
            _item(str(len(config.runs)), "\n".join(Path(r).name for r in config.runs)),
            _item(spread_text(config.accuracy, 100)),
            _item(spread_text(config.seconds, 1, 1)),
            _item(spread_text(config.parameters, 1, 0)),
            _item(str(others) if others else "–", ", ".join(f"{s}: {n}" for s, n in config.states.items()))]
        for col, item in enumerate(cells):
            if best:
                item.setBackground(QBrush(BEST))
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
            self.table.setItem(row, col, item)

    def _draw(self, results: SweepResults) -> None:
        """Accuracy against the first varied setting (log scale for a wide numeric span), mean ± std bars."""
        varied = results.spec.varied
        key = varied[0] if varied else ""
        points = [(c.settings.get(key, ""), 100 * (c.accuracy.mean or 0.0), 100 * (c.accuracy.std or 0.0))
                  for c in results.configs if c.test_acc]
        self.plot.setLabel("bottom", config_label(key) if key else self.tr("all runs"))
        if not points:
            return
        xs = [p[0] for p in points]
        numeric = all(_number(x) for x in xs)
        log = numeric and min(xs) > 0 and max(xs) / min(xs) >= LOG_SPAN
        axis = self.plot.getAxis("bottom")
        if numeric:
            points.sort(key=lambda p: p[0])
            where = np.array([math.log10(p[0]) if log else float(p[0]) for p in points])
            axis.setTicks([[(w, _value_text(p[0])) for w, p in zip(where, points, strict=True)]])
        else:
            where = np.arange(len(points), dtype=float)
            axis.setTicks([[(float(i), _value_text(p[0])) for i, p in enumerate(points)]])
        means = np.array([p[1] for p in points])
        stds = np.array([p[2] for p in points])
        gaps = np.diff(where)
        beam = CAP * (float(gaps.min()) if len(gaps) and gaps.min() > 0 else 1.0)
        self.plot.addItem(pg.ErrorBarItem(x=where, y=means, height=2 * stds, beam=beam, pen=pg.mkPen(LINE_COLOR)))
        self.plot.plot(where, means, pen=pg.mkPen(LINE_COLOR, width=2), symbol="o", symbolBrush=LINE_COLOR)
        self.plot.enableAutoRange()

    # ---------------------------------------------------------------- the best, trained
    def best_settings(self) -> dict[str, Any] | None:
        """The best configuration's training settings (its first seed), as a run's config.json holds them."""
        if self.results is None:
            return None
        config = self.results.best_config()
        return None if config is None else dict(config.to_dict())

    def train_best(self) -> None:
        settings = self.best_settings()
        if settings is not None:
            self.trainRequested.emit(settings)
