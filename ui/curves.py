"""Live loss and accuracy curves, train and validation, for this session's runs and opened ones.

Each run is a :class:`RunSeries` (plain lists of numbers); the :class:`CurvesView` draws the
visible ones with pyqtgraph. The x axis is iterations or epochs, or "auto": epochs when the
overlaid runs have different batch sizes (an iteration of batch 8 is not one of batch 128), else
iterations. Hovering shows the values under the mouse for every visible run, and the training doctor's
findings marked near it (a dashed line at the epoch of each, see :mod:`ui.diagnoses`). A list with check boxes
picks which runs are overlaid: a new run is shown with the runs the student ticked, drawn on top and
bolder; the others are unticked. The chapter's DNN-versus-CNN comparison is: train one, train the
other, tick the first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cnnlab.app.runs import RunEntry, RunsState
from cnnlab.engine import BatchEnd, EpochEnd, RunEnd
from cnnlab.engine.doctor.diagnosis import Diagnosis, diagnoses_of
from cnnlab.runs import RunRecord
from ui.curve_parts import (
    HoverReadout,
    RunDetails,
    RunList,
    export_plots,
    make_items,
    run_panel,
    style_items,
    style_plot,
)
from ui.diagnoses import DiagnosisMarks
from ui.i18n import run_label
from ui.run_series import AUTO, EPOCHS, ITERATIONS, X_CHOICES, RunSeries

REDRAW_INTERVAL_MS = 125  # live curves redraw at most 8 times a second: reads as live, leaves the cores to training
BOTTOM_MIN_HEIGHT = 130  # pixels for the run list and details: four runs and five lines of results


class CurvesView(QWidget):
    """Two plots (loss, accuracy) over the runs of the session; a run list below picks the overlay."""

    selectionChanged = Signal(str)  # key of the run picked in the list ("" when none)
    xModeChanged = Signal(str)  # the x axis drawn now: ITERATIONS or EPOCHS

    def __init__(self, runs: RunsState | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runs_state = runs if runs is not None else RunsState()  # the app model's runs: colours, ticks
        self.runs_state.events.visibility.connect(self._on_visibility)
        self._runs: dict[str, RunSeries] = {}
        self._items: dict[str, dict[str, pg.PlotDataItem]] = {}
        self._x_choice = AUTO  # what the student chose: AUTO, ITERATIONS or EPOCHS
        self._x_mode = ITERATIONS  # what is drawn now
        self._dirty: set[str] = set()  # runs with new points not drawn yet
        self._redraw_timer = QTimer(self)
        self._redraw_timer.setSingleShot(True)
        self._redraw_timer.setInterval(REDRAW_INTERVAL_MS)
        self._redraw_timer.timeout.connect(self.flush)

        self.x_axis = QComboBox()
        self.x_axis.addItem(self._auto_text(), AUTO)
        self.x_axis.addItem(self.tr("Iterations"), ITERATIONS)
        self.x_axis.addItem(self.tr("Epochs"), EPOCHS)
        self.x_axis.setToolTip(self.tr("Plot against training iterations (batches) or epochs. Auto: epochs when "
                                       "the overlaid runs have different batch sizes, else iterations."))
        self.x_axis.currentIndexChanged.connect(lambda _i: self.set_x_mode(self.x_axis.currentData()))
        legend = QLabel(self.tr("thin line: training · bold dashed line with dots: validation"))
        legend.setObjectName("hint")

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("X axis:")))
        top.addWidget(self.x_axis)
        top.addSpacing(12)
        top.addWidget(legend)
        top.addStretch(1)

        self.plots = pg.GraphicsLayoutWidget()
        self.plots.setBackground("w")
        self.loss_plot = self._make_plot(self.tr("Loss"), self.tr("loss"))
        self.acc_plot = self._make_plot(self.tr("Accuracy"), self.tr("accuracy (%)"))
        self.readout = HoverReadout((self.loss_plot, self.acc_plot), self._runs.values, self.x_mode)
        self._cursor = self.readout.cursor_lines
        self.plots.scene().sigMouseMoved.connect(self.readout.on_mouse_moved)
        self.plots.installEventFilter(self.readout)  # the mouse leaving the plots clears the read-out
        self._fit_ranges()  # empty: accuracy reads 0–100 %
        self.marks = DiagnosisMarks((self.loss_plot, self.acc_plot))  # the training doctor's findings

        self.run_list = RunList()
        self.run_list.ticked.connect(self._on_ticked)
        self.run_list.picked.connect(self._on_picked)
        self.details = RunDetails()

        bottom = run_panel(self.run_list, self.details,
                           self.tr("Runs (tick to overlay; the newest is drawn bold, on top)"))
        bottom.setMinimumHeight(BOTTOM_MIN_HEIGHT)

        upper = QWidget()
        ul = QVBoxLayout(upper)
        ul.setContentsMargins(0, 0, 0, 0)
        ul.addLayout(top)
        ul.addWidget(self.plots, 1)
        ul.addWidget(self.readout)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(upper)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.splitter)

    # ----------------------------------------------------------------- plots
    def _make_plot(self, title: str, y_label: str) -> pg.PlotItem:
        plot = self.plots.addPlot()
        style_plot(plot, title, y_label, self.tr("iteration"))
        return plot

    def _style(self, key: str) -> None:
        """Draw the newest run bold and on top, every other run thinner beneath it."""
        style_items(self._items[key], self._runs[key], key == self.runs_state.newest)

    def is_newest(self, key: str) -> bool:
        return key == self.runs_state.newest

    def _redraw(self, key: str) -> None:
        series, items = self._runs[key], self._items[key]
        if series.batch_step and items["train_loss"].opts.get("symbol") is not None:
            for name in ("train_loss", "train_acc"):
                items[name].setSymbol(None)
        for name, (x, y) in series.curves(self._x_mode).items():
            items[name].setData(x, y, connect="finite")
            items[name].setVisible(series.visible)
        self.marks.draw(series, self._x_mode)

    def _redraw_all(self) -> None:
        self._dirty.clear()
        self._update_x_mode()
        label = self.tr("iteration") if self._x_mode == ITERATIONS else self.tr("epoch")
        for plot in (self.loss_plot, self.acc_plot):
            plot.setLabel("bottom", label)
        for key in self._runs:
            self._style(key)
            self._redraw(key)
        self._fit_ranges()
        self.readout.refresh()

    def _fit_ranges(self) -> None:
        """Autorange to the visible curves; with none, the accuracy axis still reads 0–100 %."""
        for plot in (self.loss_plot, self.acc_plot):
            plot.enableAutoRange()
        if not any(s.visible and (s.epoch or s.batch_step) for s in self._runs.values()):
            self.acc_plot.setYRange(0, 100, padding=0.02)

    def _auto_text(self) -> str:
        return self.tr("Auto (epochs)") if self._x_mode == EPOCHS else self.tr("Auto (iterations)")

    def _update_x_mode(self) -> None:
        """The x axis drawn: the student's choice, or for AUTO epochs when the overlaid runs' batch sizes differ."""
        mode = self._x_choice
        if mode == AUTO:
            sizes = {s.batch_size() for s in self._runs.values() if s.visible}
            mode = EPOCHS if len(sizes - {None}) > 1 else ITERATIONS
        changed = mode != self._x_mode
        self._x_mode = mode
        self.x_axis.setItemText(self.x_axis.findData(AUTO), self._auto_text())
        if changed:
            self.xModeChanged.emit(mode)

    # ------------------------------------------------------------- the runs
    def _entry(self, key: str, config: dict[str, Any], show_only_this: bool) -> RunEntry:
        """The run in the app model: on top, with the ticked runs on its dataset (none with ``show_only_this``)."""
        if key in self._runs:
            self.remove_run(key)
        dataset = str(config.get("dataset") or "")
        return self.runs_state.add(key, run_label(config, key), show_only_this=show_only_this, dataset=dataset)

    def _add(self, series: RunSeries) -> RunSeries:
        self._runs[series.key] = series
        self._items[series.key] = make_items(self.loss_plot, self.acc_plot, series)
        self.run_list.add_run(series)
        self._redraw(series.key)
        return series

    def begin_run(self, key: str, config: dict[str, Any], show_only_this: bool = False) -> RunSeries:
        """A run that is about to train; batches and epochs arrive with :meth:`add_batches` / :meth:`add_epoch`.

        It is shown on top, in bold, with the runs the student ticked; the others are unticked."""
        entry = self._entry(key, config, show_only_this)
        series = RunSeries(entry, config=dict(config), live=True)
        self._add(series)
        self.run_list.sync_checks(self._runs)
        self._redraw_all()
        return series

    def add_batches(self, key: str, events: list[BatchEnd]) -> None:
        self._runs[key].add_batches(events)
        self._schedule(key)

    def add_epoch(self, key: str, event: EpochEnd) -> None:
        self._runs[key].add_epoch(event.metrics())
        self._schedule(key)

    def add_diagnosis(self, key: str, found: Diagnosis) -> None:
        """The doctor's finding: marked on the curves at its epoch, listed in the run's details."""
        self._runs[key].diagnoses.append(found)
        self._schedule(key)
        self._update_item(key)

    def _schedule(self, key: str) -> None:
        """Draw new points soon: bursts of updates cost one redraw."""
        self._dirty.add(key)
        if not self._redraw_timer.isActive():
            self._redraw_timer.start()

    def flush(self) -> None:
        """Draw the points that arrived since the last redraw."""
        self._redraw_timer.stop()
        dirty, self._dirty = self._dirty, set()
        for key in dirty:
            if key in self._runs:
                self._redraw(key)
        if dirty:
            self.readout.refresh()

    def set_paused(self, key: str, paused: bool) -> None:
        """The live run was paused or resumed: its line in the run list says so."""
        series = self._runs.get(key)
        if series is not None:
            series.paused = paused
            self._update_item(key)

    def finish_run(self, key: str, end: RunEnd) -> None:
        series = self._runs.get(key)
        if series is None:
            return
        series.live = False
        series.paused = False
        series.status, series.results, series.diagnoses = end.status, end.metrics(), list(end.diagnoses)
        self.flush()
        self._update_item(key)

    def add_record(self, record: RunRecord) -> RunSeries:
        """An opened run folder: its epoch-level curves and its results."""
        entry = self._entry(str(record.path), record.config, False)
        series = RunSeries(entry, config=dict(record.config), results=record.results,
                           status=(record.results or {}).get("status", ""))
        for m in record.metrics:
            series.add_epoch(m)
        series.diagnoses = diagnoses_of(record.results)
        self._add(series)
        self._redraw_all()
        return series

    def remove_run(self, key: str) -> None:
        for item in self._items.pop(key, {}).values():
            view = item.getViewBox()
            if view is not None:
                view.removeItem(item)
        self.marks.remove(key)
        self._runs.pop(key, None)
        self.run_list.remove_run(key)
        self.runs_state.remove(key)
        self.readout.refresh()  # the removed run's values go with it

    def set_visible(self, key: str, visible: bool) -> None:
        """Tick or untick a run, as the student does in the list: a ticked run stays when a new one arrives."""
        self.runs_state.set_visible(key, visible)

    def _on_visibility(self, _keys: frozenset[str]) -> None:
        """The app model drew or hid runs: the list's ticks and the plots follow."""
        self.run_list.sync_checks(self._runs)
        self._redraw_all()

    def runs(self) -> list[RunSeries]:
        return list(self._runs.values())

    def series(self, key: str) -> RunSeries | None:
        return self._runs.get(key)

    def plotted(self, key: str) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """What is drawn for a run (x, y per curve), pending points included; empty arrays when hidden."""
        self.flush()
        out = {}
        for name, item in self._items[key].items():
            x, y = item.getData()
            visible = item.isVisible()
            out[name] = (np.asarray(x if x is not None and visible else [], dtype=float),
                         np.asarray(y if y is not None and visible else [], dtype=float))
        return out

    def x_mode(self) -> str:
        """The x axis drawn now: ITERATIONS or EPOCHS (under AUTO, whichever suits the overlaid runs)."""
        return self._x_mode

    def x_choice(self) -> str:
        """The student's choice of x axis: AUTO, ITERATIONS or EPOCHS."""
        return self._x_choice

    def set_x_mode(self, mode: str) -> None:
        if mode not in X_CHOICES:
            raise ValueError(f"unknown x axis {mode!r}")
        self._x_choice = mode
        index = self.x_axis.findData(mode)
        if self.x_axis.currentIndex() != index:
            self.x_axis.setCurrentIndex(index)
        self._redraw_all()

    def export_png(self, path: str | Path, width: int = 1600) -> Path:
        """Both plots as one PNG ``width`` pixels wide (pyqtgraph's exporter, crisp at any window size)."""
        return export_plots(self.plots, path, width)

    # --------------------------------------------------------- run list and hover
    def _item_of(self, key: str) -> QListWidgetItem | None:
        return self.run_list.item_of(key)

    def _update_item(self, key: str) -> None:
        series = self._runs.get(key)
        if series is None:
            return
        self.run_list.update_run(series)
        current = self.run_list.currentItem()
        if current is not None and current.data(Qt.ItemDataRole.UserRole) == key:
            self.details.show_run(series)

    def _on_ticked(self, key: str, ticked: bool) -> None:
        if key in self._runs:
            self.runs_state.set_visible(key, ticked)

    def _on_picked(self, key: str) -> None:
        series = self._runs.get(key)
        if series is not None:
            self.details.show_run(series)
        self.selectionChanged.emit(key or "")

    def show_values_at(self, x: float) -> str:
        """Move the cursor line to ``x`` and show every visible run's values there; returns the text."""
        return self.readout.show_values_at(x)
