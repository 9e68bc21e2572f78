"""View ▸ My predictions: every guess beside its truth, and how calibrated the guesses have become (the
shares within 10% and 2×, the choices that were right, and a line of the running share of hits)."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cnnlab.predictions import Calibration, PredictionLog, calibrate, gap_sentence, score
from cnnlab.predictions.scoring import TREND_WINDOW, in_order
from ui.curve_parts import style_plot
from ui.i18n import core_message
from ui.predict.inputs import shown_value

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls
DIALOG_SIZE = (1000, 640)  # pixels: fits a 1280×800 screen with its window frame
PLOT_HEIGHT = 170  # pixels: the trend line under the summary, the table below it
TICKS = 10  # about this many numbered guesses on the trend's axis


def _share(part: float, whole: int = 1) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "–"


def summary_text(c: Calibration) -> str:
    """The calibration summary in the window's language (a few short lines)."""
    if not c.count:
        return translate("Predict", "No predictions yet: the lessons ask for a guess before they show each answer.")
    lines = [translate("Predict", "{0} guesses, {1} of them hits ({2}).").format(c.count, c.hits,
                                                                                  _share(c.hits, c.count))]
    if c.numbers:
        lines.append(translate("Predict", "Numbers: {0} of {1} within 10% of the truth, {2} within 2×.").format(
            c.within_10, c.numbers, c.within_2x))
    if c.choices:
        lines.append(translate("Predict", "Choices: {0} of {1} right.").format(c.right, c.choices))
    if c.first_half is not None and c.second_half is not None:
        if c.second_half > c.first_half:
            trend = translate("Predict", "your guesses are getting closer")
        elif c.second_half < c.first_half:
            trend = translate("Predict", "fewer hits than before")
        else:
            trend = translate("Predict", "as many hits as before")
        lines.append(translate("Predict", "Hits in the earlier half of your guesses: {0}; in the later half: {1} "
                               "({2}).").format(_share(c.first_half), _share(c.second_half), trend))
    return "<br>".join(lines)


class PredictionsDialog(QDialog):
    """The log read once when opened; ``table`` lists the newest guess first."""

    def __init__(self, log: PredictionLog | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("predictionsDialog")
        self.setWindowTitle(translate("Predict", "My predictions"))
        self.resize(*DIALOG_SIZE)
        read = (log or PredictionLog()).read()
        predictions = in_order(read.predictions)
        self.calibration = calibrate(predictions)
        layout = QVBoxLayout(self)
        self.summary = QLabel(summary_text(self.calibration))
        self.summary.setObjectName("predictionsSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.problem = QLabel(core_message(read.problem) if read.problem else "")
        self.problem.setObjectName("predictionsProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.setVisible(bool(read.problem))
        layout.addWidget(self.problem)
        self.plot = pg.PlotWidget(background="w")
        self.plot.setObjectName("predictionsTrend")
        self.plot.setFixedHeight(PLOT_HEIGHT)
        self.plot.setMouseEnabled(x=False, y=False)
        item = self.plot.getPlotItem()
        style_plot(item, translate("Predict", "Share of hits among your last {0} guesses").format(TREND_WINDOW),
                   translate("Predict", "hits (%)"), translate("Predict", "guess, oldest first"))
        xs = list(range(1, len(self.calibration.trend) + 1))
        self.plot.plot(xs, [100 * v for v in self.calibration.trend], pen=pg.mkPen("#1a4f9c", width=2),
                       symbol="o", symbolSize=6, symbolBrush="#1a4f9c")
        step = max(1, len(xs) // TICKS)  # whole guesses on the axis, about TICKS of them
        item.getAxis("bottom").setTickSpacing(major=step, minor=step)
        self.plot.setXRange(0.5, max(1, len(xs)) + 0.5, padding=0)
        self.plot.setYRange(0, 100)
        self.plot.setVisible(bool(predictions))
        layout.addWidget(self.plot)
        self.table = self._table(predictions)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.table.resizeRowsToContents()  # the question column has its width once shown: wrap it to that

    def _table(self, predictions: list) -> QTableWidget:
        heads = [translate("Predict", "When"), translate("Predict", "Where"), translate("Predict", "Question"),
                 translate("Predict", "Your guess"), translate("Predict", "Truth"), translate("Predict", "Gap")]
        table = QTableWidget(len(predictions), len(heads))
        table.setObjectName("predictionsTable")
        table.setHorizontalHeaderLabels(heads)
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setWordWrap(True)
        for row, p in enumerate(reversed(predictions)):  # the newest first
            when = p.when()
            where = translate("Predict", "Designer") if p.context == "design" else p.context
            cells = [when.strftime("%Y-%m-%d %H:%M") if when else p.time, where, core_message(p.text),
                     shown_value(p.kind, p.guess, p.units, p.label(p.guess)),
                     shown_value(p.kind, p.truth, p.units, p.label(p.truth)), core_message(gap_sentence(p))]
            hit = score(p).hit
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column in (3, 4):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if column == 5 and hit:
                    item.setForeground(Qt.GlobalColor.darkGreen)
                table.setItem(row, column, item)
        header = table.horizontalHeader()
        for column in range(len(heads)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        table.resizeRowsToContents()
        return table


def add_predictions_action(window: QWidget, menu: QMenu | None, log: PredictionLog | None = None) -> QAction:
    """View ▸ My predictions… (added to ``menu`` when there is one) opening :class:`PredictionsDialog`."""
    action = QAction(translate("Predict", "My &predictions…"), window)
    action.setObjectName("myPredictions")
    action.setToolTip(translate("Predict", "Every guess you made before an answer was shown, beside the truth, and "
                                "how close your guesses have come."))
    action.triggered.connect(lambda: PredictionsDialog(log, window).exec())
    if menu is not None:
        menu.addAction(action)
    return action
