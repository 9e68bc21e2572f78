"""Live loss and accuracy curves, train and validation, for this session's runs and opened ones.

Each run is a :class:`RunSeries` (plain lists of numbers); the :class:`CurvesView` draws the
visible ones with pyqtgraph. The x axis is iterations or epochs, or "auto": epochs when the
overlaid runs have different batch sizes (an iteration of batch 8 is not one of batch 128), else
iterations. Hovering shows the values under the mouse for every visible run. A list with check boxes
picks which runs are overlaid: a new run is shown with the runs the student ticked, drawn on top and
bolder; the others are unticked. The chapter's DNN-versus-CNN comparison is: train one, train the
other, tick the first.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cnnlab.engine import BatchEnd, EpochEnd, RunEnd
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.runs import RunRecord
from ui.i18n import config_label, core_message, run_label
from ui.run_series import AUTO, EPOCHS, ITERATIONS, X_CHOICES, RunSeries

# Distinct, colour-blind-friendly hues (Okabe–Ito, then a few extra) for overlaid runs.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#8C564B", "#7F7F7F")
REDRAW_INTERVAL_MS = 125  # live curves redraw at most 8 times a second: reads as live, leaves the cores to training
BOTTOM_MIN_HEIGHT = 130  # pixels for the run list and details: four runs and five lines of results
NEWEST_Z, OTHER_Z = 10, 0  # the newest run is drawn over the others
NEWEST_WIDTH, OTHER_WIDTH = 1.0, 0.6  # pen width factors: the newest run bold, older ones thinner


translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls
STATUS_WORDS = {"completed": QT_TRANSLATE_NOOP("CurvesView", "Completed"),  # how a run ended, as details say it
                "stopped": QT_TRANSLATE_NOOP("CurvesView", "Stopped"),
                "failed": QT_TRANSLATE_NOOP("CurvesView", "Failed")}
RECIPE_WORDS = {"default": QT_TRANSLATE_NOOP("CurvesView", "default"),  # the recipes, as details name them
                "course": QT_TRANSLATE_NOOP("CurvesView", "course")}


def choice_text(value: object) -> str:
    """A config value as the details show it: choice names translated ("adam" -> "Adam"), numbers as they are."""
    from ui.setup.hyperparams import CHOICE_NAMES

    return translate("Choices", CHOICE_NAMES[value]) if isinstance(value, str) and value in CHOICE_NAMES else str(value)


def _swatch(color: str) -> QIcon:
    pm = QPixmap(14, 14)
    pm.fill(QColor(color))
    return QIcon(pm)


def _nearest(x: np.ndarray, y: np.ndarray, at: float) -> float | None:
    """The y of the finite point whose x is nearest to ``at``."""
    ok = np.isfinite(x) & np.isfinite(y)
    if not ok.any():
        return None
    xs, ys = x[ok], y[ok]
    return float(ys[int(np.argmin(np.abs(xs - at)))])


def _fmt(v: float | None, percent: bool = False) -> str:
    if v is None:
        return "–"
    return f"{v:.1f}%" if percent else f"{v:.4f}"


class CurvesView(QWidget):
    """Two plots (loss, accuracy) over the runs of the session; a run list below picks the overlay."""

    selectionChanged = Signal(str)  # key of the run picked in the list ("" when none)
    xModeChanged = Signal(str)  # the x axis drawn now: ITERATIONS or EPOCHS

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runs: dict[str, RunSeries] = {}
        self._items: dict[str, dict[str, pg.PlotDataItem]] = {}
        self._x_choice = AUTO  # what the student chose: AUTO, ITERATIONS or EPOCHS
        self._x_mode = ITERATIONS  # what is drawn now
        self._newest = ""  # key of the newest run, drawn on top and bold
        self._updating_list = False
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
        self.readout = QLabel(self.tr("Hover over a plot to read its values."))
        self.readout.setTextFormat(Qt.TextFormat.RichText)
        self.readout.setObjectName("curveReadout")
        self.readout.setMinimumHeight(36)
        self.readout.setWordWrap(True)
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
        self._cursor = {p: pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen("#888888", style=Qt.PenStyle.DotLine))
                        for p in (self.loss_plot, self.acc_plot)}
        for plot, line in self._cursor.items():
            line.setVisible(False)
            plot.addItem(line, ignoreBounds=True)
        self.plots.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self._fit_ranges()  # empty: accuracy reads 0–100 %

        self.run_list = QListWidget()
        self.run_list.setToolTip(self.tr("Runs of this session and opened run folders. A new run is shown with "
                                         "the runs you ticked; tick others to overlay them."))
        self.run_list.itemChanged.connect(self._on_item_changed)
        self.run_list.currentItemChanged.connect(self._on_current_changed)
        self.details = QLabel(self.tr("Train a model or open a run folder; its results appear here."))
        self.details.setObjectName("runDetails")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        runs_title = QLabel(self.tr("Runs (tick to overlay; the newest is drawn bold, on top)"))
        runs_title.setObjectName("sectionTitle")
        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(runs_title)
        left.addWidget(self.run_list)
        bottom = QWidget()
        bl = QHBoxLayout(bottom)
        bl.setContentsMargins(0, 0, 0, 0)
        details_area = QScrollArea()
        details_area.setWidget(self.details)
        details_area.setWidgetResizable(True)
        details_area.setFrameShape(QScrollArea.Shape.NoFrame)
        bl.addLayout(left, 3)
        bl.addWidget(details_area, 2)
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
        self._style_plot(plot, title, y_label)
        return plot

    def _style_plot(self, plot: pg.PlotItem, title: str, y_label: str) -> None:
        plot.setTitle(title, color="#222222", size="11pt")
        # No grid: pyqtgraph replays grid lines on every repaint, which cost more GUI time than
        # everything else while a run trains; the hover read-out gives exact values instead.
        plot.setLabel("left", y_label)
        plot.setLabel("bottom", self.tr("iteration"))
        for side in ("left", "bottom"):
            axis = plot.getAxis(side)
            axis.setPen(pg.mkPen("#444444"))
            axis.setTextPen(pg.mkPen("#222222"))
        plot.setMenuEnabled(False)

    def _pens(self, series: RunSeries, newest: bool) -> tuple[Any, Any]:
        """(training pen, validation pen): the newest run's bold, older runs' thinner and fainter."""
        color = QColor(series.color)
        faint = QColor(color)
        faint.setAlpha(170 if newest else 110)  # the noisy batch curve stays readable under the validation line
        scale = NEWEST_WIDTH if newest else OTHER_WIDTH
        return (pg.mkPen(faint, width=1.6 * scale),
                pg.mkPen(color, width=2.6 * scale, style=Qt.PenStyle.DashLine))

    def _style(self, key: str) -> None:
        """Draw the newest run bold and on top, every other run thinner beneath it."""
        series, items = self._runs[key], self._items[key]
        newest = key == self._newest
        train_pen, val_pen = self._pens(series, newest)
        for name, item in items.items():
            item.setPen(train_pen if name.startswith("train") else val_pen)
            item.setZValue(NEWEST_Z if newest else OTHER_Z)
            if name.startswith("val"):
                item.setSymbolSize(7 if newest else 5)

    def is_newest(self, key: str) -> bool:
        return key == self._newest

    def _make_items(self, series: RunSeries) -> dict[str, pg.PlotDataItem]:
        """Training: a thin, slightly transparent line; validation: a bold dashed line with dots."""
        color = QColor(series.color)
        faint = QColor(color)
        faint.setAlpha(170)  # the noisy batch curve stays readable under the validation line
        train_pen, val_pen = self._pens(series, True)
        dots = {"symbol": "o", "symbolSize": 7, "symbolBrush": color, "symbolPen": pg.mkPen("w", width=1)}
        items = {
            "train_loss": self.loss_plot.plot(pen=train_pen),
            "val_loss": self.loss_plot.plot(pen=val_pen, **dots),
            "train_acc": self.acc_plot.plot(pen=train_pen),
            "val_acc": self.acc_plot.plot(pen=val_pen, **dots),
        }
        if not series.batch_step:  # an epoch-level training curve: mark its points too
            for name in ("train_loss", "train_acc"):
                items[name].setSymbol("s")
                items[name].setSymbolSize(5)
                items[name].setSymbolBrush(faint)
                items[name].setSymbolPen(None)
        return items

    def _redraw(self, key: str) -> None:
        series, items = self._runs[key], self._items[key]
        if series.batch_step and items["train_loss"].opts.get("symbol") is not None:
            for name in ("train_loss", "train_acc"):
                items[name].setSymbol(None)
        for name, (x, y) in series.curves(self._x_mode).items():
            items[name].setData(x, y, connect="finite")
            items[name].setVisible(series.visible)

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
    def _next_color(self) -> str:
        return PALETTE[len(self._runs) % len(PALETTE)]

    def _add(self, series: RunSeries) -> RunSeries:
        if series.key in self._runs:
            self.remove_run(series.key)
        self._runs[series.key] = series
        self._items[series.key] = self._make_items(series)
        self._updating_list = True
        item = QListWidgetItem(_swatch(series.color), "")
        item.setData(Qt.ItemDataRole.UserRole, series.key)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if series.visible else Qt.CheckState.Unchecked)
        self.run_list.insertItem(0, item)  # newest first
        self._updating_list = False
        self._update_item(series.key)
        self.run_list.setCurrentItem(item)
        self._redraw(series.key)
        return series

    def _show_newest(self, key: str, show_only_this: bool) -> None:
        """A new run: it is overlaid with the runs the student ticked (none with ``show_only_this``)."""
        for other_key, other in self._runs.items():
            if other_key != key:
                other.visible = other.pinned and not show_only_this
        self._newest = key

    def begin_run(self, key: str, config: dict[str, Any], show_only_this: bool = False) -> RunSeries:
        """A run that is about to train; batches and epochs arrive with :meth:`add_batches` / :meth:`add_epoch`.

        It is shown on top, in bold, with the runs the student ticked; the others are unticked."""
        series = RunSeries(key=key, label=run_label(config, key), color=self._next_color(), config=dict(config),
                           live=True)
        self._show_newest(key, show_only_this)
        self._add(series)
        self._sync_checks()
        self._redraw_all()
        return series

    def add_batches(self, key: str, events: list[BatchEnd]) -> None:
        self._runs[key].add_batches(events)
        self._schedule(key)

    def add_epoch(self, key: str, event: EpochEnd) -> None:
        self._runs[key].add_epoch(event.metrics())
        self._schedule(key)

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
        series.status = end.status
        series.results = end.metrics()
        self.flush()
        self._update_item(key)

    def add_record(self, record: RunRecord) -> RunSeries:
        """An opened run folder: its epoch-level curves and its results."""
        series = RunSeries(key=str(record.path), label=run_label(record.config, record.path), color=self._next_color(),
                           config=dict(record.config), results=record.results,
                           status=(record.results or {}).get("status", ""))
        for m in record.metrics:
            series.add_epoch(m)
        self._show_newest(series.key, False)
        self._add(series)
        self._redraw_all()
        return series

    def remove_run(self, key: str) -> None:
        for item in self._items.pop(key, {}).values():
            view = item.getViewBox()
            if view is not None:
                view.removeItem(item)
        self._runs.pop(key, None)
        for i in range(self.run_list.count()):
            if self.run_list.item(i).data(Qt.ItemDataRole.UserRole) == key:
                self.run_list.takeItem(i)
                break

    def set_visible(self, key: str, visible: bool) -> None:
        """Tick or untick a run, as the student does in the list: a ticked run stays when a new one arrives."""
        self._runs[key].visible = self._runs[key].pinned = visible
        self._sync_checks()
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
        from pyqtgraph.exporters import ImageExporter

        exporter = ImageExporter(self.plots.scene())
        exporter.parameters()["width"] = width
        path = Path(path)
        if not path.parent.is_dir():
            raise OSError(f"the folder {path.parent} does not exist")
        exporter.export(str(path))
        if not path.is_file():
            raise OSError("the image could not be written there")
        return path

    # --------------------------------------------------------- run list UI
    def _item_of(self, key: str) -> QListWidgetItem | None:
        for i in range(self.run_list.count()):
            item = self.run_list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == key:
                return item
        return None

    def _update_item(self, key: str) -> None:
        item, series = self._item_of(key), self._runs.get(key)
        if item is None or series is None:
            return
        self._updating_list = True
        item.setText(f"{series.label} — {series.summary()}")
        item.setToolTip(key)
        self._updating_list = False
        if self.run_list.currentItem() is item:
            self._show_details(series)

    def _sync_checks(self) -> None:
        self._updating_list = True
        for i in range(self.run_list.count()):
            item = self.run_list.item(i)
            series = self._runs.get(item.data(Qt.ItemDataRole.UserRole))
            if series is not None:
                item.setCheckState(Qt.CheckState.Checked if series.visible else Qt.CheckState.Unchecked)
        self._updating_list = False

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        if self._updating_list:
            return
        key = item.data(Qt.ItemDataRole.UserRole)
        if key in self._runs:
            self._runs[key].visible = self._runs[key].pinned = item.checkState() == Qt.CheckState.Checked
            self._redraw_all()

    def _on_current_changed(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        key = current.data(Qt.ItemDataRole.UserRole) if current is not None else ""
        series = self._runs.get(key)
        if series is not None:
            self._show_details(series)
        self.selectionChanged.emit(key or "")

    def _show_details(self, series: RunSeries) -> None:
        c, r = series.config, series.results or {}
        esc = html.escape
        rows = [f"<b style='color:{series.color}'>{esc(series.label)}</b>"]
        hyper = [f"{config_label(k)} {choice_text(c[k])}"
                 for k in ("optimizer", "lr", "batch_size", "epochs", "schedule", "augment") if c.get(k) is not None]
        if hyper:
            recipe = str(c.get("recipe", "?"))
            rows.append(esc(self.tr(", ").join(hyper)) + " · " + self.tr("recipe {0}").format(
                esc(self.tr(RECIPE_WORDS.get(recipe, recipe)))))
        if series.live:
            rows.append(self.tr("Training…"))
        elif r:
            if r.get("test_acc") is not None:
                rows.append(self.tr("Test accuracy <b>{0}%</b> (loss {1})").format(
                    f"{100 * r['test_acc']:.2f}", f"{r.get('test_loss', 0):.4f}"))
            if r.get("val_acc") is not None:
                rows.append(self.tr("Validation accuracy {0}%").format(f"{100 * r['val_acc']:.2f}"))
            status = str(r.get("status", series.status))
            rows.append(self.tr("{0} after {1} epoch(s), {2} s, {3} images/s").format(
                esc(self.tr(STATUS_WORDS.get(status, status.capitalize()))), r.get("epochs_done", len(series.epoch)),
                f"{r.get('train_seconds', 0):.1f}", f"{r.get('samples_per_second', 0):,.0f}"))
            if r.get("message"):
                rows.append(f"<span style='color:#b00020'>{esc(core_message(r['message']))}</span>")
        if Path(series.key).is_absolute():
            rows.append(f"<span style='color:#666'>{esc(series.key)}</span>")
        self.details.setText("<br>".join(rows))

    # ---------------------------------------------------------------- hover
    def _on_mouse_moved(self, pos: QPointF) -> None:
        for plot in (self.loss_plot, self.acc_plot):
            if plot.sceneBoundingRect().contains(pos):
                x = plot.vb.mapSceneToView(pos).x()
                self.show_values_at(x)
                return
        for line in self._cursor.values():
            line.setVisible(False)

    def show_values_at(self, x: float) -> str:
        """Move the cursor line to ``x`` and show every visible run's values there; returns the text."""
        for line in self._cursor.values():
            line.setPos(x)
            line.setVisible(True)
        axis = self.tr("iteration") if self._x_mode == ITERATIONS else self.tr("epoch")
        where = f"{axis} {x:,.0f}" if self._x_mode == ITERATIONS else f"{axis} {x:.2f}"
        lines = [f"<b>{where}</b>"]
        for s in self._runs.values():
            if not s.visible:
                continue
            cur = s.curves(self._x_mode)
            vals = {name: _nearest(*cur[name], x) for name in cur}
            if all(v is None for v in vals.values()):
                continue
            lines.append(
                f"<span style='color:{s.color}'>■</span> {html.escape(s.label)}: "
                + self.tr("loss {0} / val {1}, accuracy {2} / val {3}").format(
                    _fmt(vals["train_loss"]), _fmt(vals["val_loss"]), _fmt(vals["train_acc"], True),
                    _fmt(vals["val_acc"], True)))
        text = "<br>".join(lines)
        self.readout.setText(text)
        return text
