"""The parts of the Curves tab around its two plots: the list of runs that picks the overlay, the
details of the picked run, and the readout of the values under the mouse. Their texts keep the
``CurvesView`` translation context they were written in."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from cnnlab.errors import saved_message
from cnnlab.i18n import QT_TRANSLATE_NOOP
from ui.diagnoses import MARK_COLOR, names_text, readout_lines, sentence
from ui.i18n import config_label, core_message
from ui.run_series import ITERATIONS, RunSeries
from ui.widgets.layout import scrolling

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls
STATUS_WORDS = {"completed": QT_TRANSLATE_NOOP("CurvesView", "Completed"),  # how a run ended, as details say it
                "stopped": QT_TRANSLATE_NOOP("CurvesView", "Stopped"),
                "failed": QT_TRANSLATE_NOOP("CurvesView", "Failed")}
RECIPE_WORDS = {"default": QT_TRANSLATE_NOOP("CurvesView", "default"),  # the recipes, as details name them
                "course": QT_TRANSLATE_NOOP("CurvesView", "course")}
SWATCH_PX = 14  # the run's colour square in the list
NEWEST_Z, OTHER_Z = 10, 0  # the newest run is drawn over the others
NEWEST_WIDTH, OTHER_WIDTH = 1.0, 0.6  # pen width factors: the newest run bold, older ones thinner
FIX_LINK = "fix:"  # the details' links to fix and rerun: "fix:<index of the finding>"


def choice_text(value: object) -> str:
    """A config value as the details show it: choice names translated ("adam" -> "Adam"), numbers as they are."""
    from ui.setup.hyperparams import CHOICE_NAMES

    return translate("Choices", CHOICE_NAMES[value]) if isinstance(value, str) and value in CHOICE_NAMES else str(value)


def _swatch(color: str) -> QIcon:
    pm = QPixmap(SWATCH_PX, SWATCH_PX)
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


def style_plot(plot: pg.PlotItem, title: str, y_label: str, x_label: str) -> None:
    plot.setTitle(title, color="#222222", size="11pt")
    # No grid: pyqtgraph replays grid lines on every repaint, which cost more GUI time than
    # everything else while a run trains; the hover read-out gives exact values instead.
    plot.setLabel("left", y_label)
    plot.setLabel("bottom", x_label)
    for side in ("left", "bottom"):
        axis = plot.getAxis(side)
        axis.setPen(pg.mkPen("#444444"))
        axis.setTextPen(pg.mkPen("#222222"))
        axis.enableAutoSIPrefix(False)  # plain numbers: no "(x0.001)" scale after the axis title
    plot.setMenuEnabled(False)


def run_pens(series: RunSeries, newest: bool) -> tuple[Any, Any]:
    """(training pen, validation pen): the newest run's bold, older runs' thinner and fainter."""
    color = QColor(series.color)
    faint = QColor(color)
    faint.setAlpha(170 if newest else 110)  # the noisy batch curve stays readable under the validation line
    scale = NEWEST_WIDTH if newest else OTHER_WIDTH
    return (pg.mkPen(faint, width=1.6 * scale),
            pg.mkPen(color, width=2.6 * scale, style=Qt.PenStyle.DashLine))


def style_items(items: dict[str, pg.PlotDataItem], series: RunSeries, newest: bool) -> None:
    """The newest run bold and on top, every other run thinner beneath it."""
    train_pen, val_pen = run_pens(series, newest)
    for name, item in items.items():
        item.setPen(train_pen if name.startswith("train") else val_pen)
        item.setZValue(NEWEST_Z if newest else OTHER_Z)
        if name.startswith("val"):
            item.setSymbolSize(7 if newest else 5)


def make_items(loss_plot: pg.PlotItem, acc_plot: pg.PlotItem, series: RunSeries) -> dict[str, pg.PlotDataItem]:
    """The run's four curves. Training: a thin, slightly transparent line; validation: a bold dashed line with dots."""
    color = QColor(series.color)
    faint = QColor(color)
    faint.setAlpha(170)  # the noisy batch curve stays readable under the validation line
    train_pen, val_pen = run_pens(series, True)
    dots = {"symbol": "o", "symbolSize": 7, "symbolBrush": color, "symbolPen": pg.mkPen("w", width=1)}
    items = {
        "train_loss": loss_plot.plot(pen=train_pen),
        "val_loss": loss_plot.plot(pen=val_pen, **dots),
        "train_acc": acc_plot.plot(pen=train_pen),
        "val_acc": acc_plot.plot(pen=val_pen, **dots),
    }
    if not series.batch_step:  # an epoch-level training curve: mark its points too
        for name in ("train_loss", "train_acc"):
            items[name].setSymbol("s")
            items[name].setSymbolSize(5)
            items[name].setSymbolBrush(faint)
            items[name].setSymbolPen(None)
    return items


def run_panel(run_list: QListWidget, details: QLabel, title: str) -> QWidget:
    """The run list under its title, beside the picked run's details (scrolled when long)."""
    runs_title = QLabel(title)
    runs_title.setObjectName("sectionTitle")
    left = QVBoxLayout()
    left.setContentsMargins(0, 0, 0, 0)
    left.addWidget(runs_title)
    left.addWidget(run_list)
    bottom = QWidget()
    bl = QHBoxLayout(bottom)
    bl.setContentsMargins(0, 0, 0, 0)
    details_area = scrolling(details, top_left=False)
    bl.addLayout(left, 3)
    bl.addWidget(details_area, 2)
    return bottom


class RunList(QListWidget):
    """One checkable line per run, newest first: ticking a run overlays it (``ticked``), picking one
    shows its details (``picked``, "" when none)."""

    ticked = Signal(str, bool)  # run key, ticked
    picked = Signal(str)  # run key

    def __init__(self) -> None:
        super().__init__()
        self._updating = False  # the view is changing the list: no tick is the student's
        self.setToolTip(translate("CurvesView", "Runs of this session and opened run folders. A new run is shown "
                                                "with the runs you ticked; tick others to overlay them."))
        self.itemChanged.connect(self._on_item_changed)
        self.currentItemChanged.connect(self._on_current_changed)  # a method, not a lambda: no cycle through self

    def item_of(self, key: str) -> QListWidgetItem | None:
        for i in range(self.count()):
            item = self.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == key:
                return item
        return None

    def add_run(self, series: RunSeries) -> None:
        """A line for ``series`` on top, picked."""
        self._updating = True
        item = QListWidgetItem(_swatch(series.color), "")
        item.setData(Qt.ItemDataRole.UserRole, series.key)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if series.visible else Qt.CheckState.Unchecked)
        self.insertItem(0, item)  # newest first
        self._updating = False
        self.update_run(series)
        self.setCurrentItem(item)

    def update_run(self, series: RunSeries) -> None:
        """The run's line says its label and how it stands."""
        item = self.item_of(series.key)
        if item is None:
            return
        self._updating = True
        found = f"  ⚠ {names_text(series.diagnoses)}" if series.diagnoses else ""  # the doctor's findings, by name
        item.setText(f"{series.label} — {series.summary()}{found}")
        item.setToolTip(series.key)
        self._updating = False

    def remove_run(self, key: str) -> None:
        item = self.item_of(key)
        if item is not None:
            self.takeItem(self.row(item))

    def sync_checks(self, runs: dict[str, RunSeries]) -> None:
        """Each line's tick shows whether its run is drawn."""
        self._updating = True
        for i in range(self.count()):
            item = self.item(i)
            series = runs.get(item.data(Qt.ItemDataRole.UserRole))
            if series is not None:
                item.setCheckState(Qt.CheckState.Checked if series.visible else Qt.CheckState.Unchecked)
        self._updating = False

    def _on_current_changed(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        self.picked.emit(current.data(Qt.ItemDataRole.UserRole) if current is not None else "")

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        if not self._updating:
            self.ticked.emit(item.data(Qt.ItemDataRole.UserRole), item.checkState() == Qt.CheckState.Checked)


class RunDetails(QLabel):
    """The picked run's settings, results and the training doctor's findings, each with a "Fix and rerun" link
    (``fixRequested``: the run's key and the finding's index) when a change of settings should fix it."""

    fixRequested = Signal(str, int)  # run key, index of the finding in its series' diagnoses

    def __init__(self) -> None:
        super().__init__(translate("CurvesView", "Train a model or open a run folder; its results appear here."))
        self.setObjectName("runDetails")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.setOpenExternalLinks(False)
        self.shown_key = ""  # the run whose details are shown
        self.linkActivated.connect(self._on_link)

    def _on_link(self, link: str) -> None:
        if link.startswith(FIX_LINK) and link[len(FIX_LINK):].isdigit():
            self.fixRequested.emit(self.shown_key, int(link[len(FIX_LINK):]))

    def show_run(self, series: RunSeries) -> None:
        c, r = series.config, series.results or {}
        esc = html.escape
        rows = [f"<b style='color:{series.color}'>{esc(series.label)}</b>"]
        hyper = [f"{config_label(k)} {choice_text(c[k])}"
                 for k in ("optimizer", "lr", "batch_size", "epochs", "schedule", "augment") if c.get(k) is not None]
        if hyper:
            recipe = str(c.get("recipe", "?"))
            rows.append(esc(translate("CurvesView", ", ").join(hyper)) + " · " + translate(
                "CurvesView", "recipe {0}").format(esc(translate("CurvesView", RECIPE_WORDS.get(recipe, recipe)))))
        if series.live:
            rows.append(translate("CurvesView", "Training…"))
        elif r:
            if r.get("test_acc") is not None:
                rows.append(translate("CurvesView", "Test accuracy <b>{0}%</b> (loss {1})").format(
                    f"{100 * r['test_acc']:.2f}", f"{r.get('test_loss', 0):.4f}"))
            if r.get("val_acc") is not None:
                rows.append(translate("CurvesView", "Validation accuracy {0}%").format(f"{100 * r['val_acc']:.2f}"))
            status = str(r.get("status", series.status))
            rows.append(translate("CurvesView", "{0} after {1} epoch(s), {2} s, {3} images/s").format(
                esc(translate("CurvesView", STATUS_WORDS.get(status, status.capitalize()))),
                r.get("epochs_done", len(series.epoch)), f"{r.get('train_seconds', 0):.1f}",
                f"{r.get('samples_per_second', 0):,.0f}"))
            if r.get("message"):
                rows.append(f"<span style='color:#b00020'>{esc(core_message(saved_message(r)))}</span>")
        rows += doctor_rows(series)
        if Path(series.key).is_absolute():
            rows.append(f"<span style='color:#666'>{esc(series.key)}</span>")
        self.shown_key = series.key
        self.setText("<br>".join(rows))


def doctor_rows(series: RunSeries) -> list[str]:
    """The details' lines of the doctor's findings: each sentence, and a Fix and rerun link where a change of
    settings should fix it (not while the run trains: one run at a time)."""
    rows = []
    fix = html.escape(translate("CurvesView", "Fix and rerun"))
    for i, d in enumerate(series.diagnoses):
        where = translate("CurvesView", "epoch {0}").format(d.epoch) if d.epoch else translate("CurvesView", "data")
        link = "" if not d.fix or series.live else \
            f" <a href='{FIX_LINK}{i}'>{fix}</a>"
        rows.append(f"<span style='color:{MARK_COLOR}'>⚠ {html.escape(where)}: {html.escape(sentence(d))}</span>{link}")
    return rows


def export_plots(plots: pg.GraphicsLayoutWidget, path: str | Path, width: int) -> Path:
    """The plots as one PNG ``width`` pixels wide (pyqtgraph's exporter, crisp at any window size)."""
    from pyqtgraph.exporters import ImageExporter

    exporter = ImageExporter(plots.scene())
    exporter.parameters()["width"] = width
    path = Path(path)
    if not path.parent.is_dir():
        raise OSError(f"the folder {path.parent} does not exist")
    exporter.export(str(path))
    if not path.is_file():
        raise OSError("the image could not be written there")
    return path


class HoverReadout(QLabel):
    """A cursor line on each plot at the mouse and, below, every shown run's values there."""

    def __init__(self, plots: tuple[pg.PlotItem, ...], runs: Callable[[], Iterable[RunSeries]],
                 x_mode: Callable[[], str]) -> None:
        super().__init__()
        self.plots, self.runs, self.x_mode = plots, runs, x_mode
        self.at: float | None = None  # the x the read-out shows values at; None: the mouse is off the plots
        self.mode = x_mode()  # the x axis that ``at`` is on
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setObjectName("curveReadout")
        self.setMinimumHeight(36)
        self.setWordWrap(True)
        self.cursor_lines = {p: pg.InfiniteLine(angle=90, movable=False,
                                                pen=pg.mkPen("#888888", style=Qt.PenStyle.DotLine)) for p in plots}
        for plot, line in self.cursor_lines.items():
            line.setVisible(False)
            plot.addItem(line, ignoreBounds=True)
        self.clear()

    def on_mouse_moved(self, pos: QPointF) -> None:
        for plot in self.plots:
            if plot.sceneBoundingRect().contains(pos):
                self.show_values_at(plot.vb.mapSceneToView(pos).x())
                return
        self.clear()

    def clear(self) -> None:
        """The mouse left the plots: no cursor line and, instead of values that no longer apply, the hint."""
        self.at = None
        for line in self.cursor_lines.values():
            line.setVisible(False)
        self.setText(translate("CurvesView", "Hover over a plot to read its values."))

    def refresh(self) -> None:
        """The curves changed (new points, runs shown or hidden): the values follow; on another x axis the
        x shown means something else, so the read-out clears."""
        if self.at is not None and self.x_mode() != self.mode:
            self.clear()
        elif self.at is not None:
            self.show_values_at(self.at)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Installed on the plots' widget: the mouse leaving it leaves no stale values behind."""
        if event.type() == QEvent.Type.Leave:
            self.clear()
        return super().eventFilter(watched, event)

    def show_values_at(self, x: float) -> str:
        """Move the cursor lines to ``x`` and show every visible run's values there; returns the text."""
        self.at, self.mode = x, self.x_mode()
        for line in self.cursor_lines.values():
            line.setPos(x)
            line.setVisible(True)
        iterations = self.x_mode() == ITERATIONS
        axis = translate("CurvesView", "iteration") if iterations else translate("CurvesView", "epoch")
        where = f"{axis} {x:,.0f}" if iterations else f"{axis} {x:.2f}"
        lines = [f"<b>{where}</b>"]
        for s in self.runs():
            if not s.visible:
                continue
            cur = s.curves(self.x_mode())
            vals = {name: _nearest(*cur[name], x) for name in cur}
            if all(v is None for v in vals.values()):
                continue
            lines.append(
                f"<span style='color:{s.color}'>■</span> {html.escape(s.label)}: "
                + translate("CurvesView", "loss {0} / val {1}, accuracy {2} / val {3}").format(
                    _fmt(vals["train_loss"]), _fmt(vals["val_loss"]), _fmt(vals["train_acc"], True),
                    _fmt(vals["val_acc"], True)))
            lines += readout_lines(s, x, self.x_mode())  # the doctor's findings marked near the mouse
        text = "<br>".join(lines)
        self.setText(text)
        return text
