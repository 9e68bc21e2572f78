"""The training doctor's findings in the window: their short names and sentences in the window's language,
and their marks on the curves (a vertical line at the epoch each was found, its name on the loss plot and
its sentences as the line's tool tip; the hover read-out adds them too, see ``ui.curve_parts``)."""

from __future__ import annotations

import html
import math
from collections.abc import Iterable

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor

from cnnlab.engine.doctor.diagnosis import (
    AT_CHANCE,
    DEAD_RELUS,
    EXPLODING_GRADIENTS,
    FEW_IMAGES,
    LOSS_FLAT,
    LOSS_NOT_FINITE,
    ONE_CLASS,
    OVERFITTING,
    Diagnosis,
)
from cnnlab.errors import Sentence
from cnnlab.i18n import QT_TRANSLATE_NOOP
from ui.i18n import class_name, core_message
from ui.run_series import EPOCHS, RunSeries

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls
SHORT_NAMES = {  # each finding in a few words: the mark's label, the runs table's column
    LOSS_NOT_FINITE: QT_TRANSLATE_NOOP("Doctor", "loss not finite"),
    EXPLODING_GRADIENTS: QT_TRANSLATE_NOOP("Doctor", "exploding gradients"),
    DEAD_RELUS: QT_TRANSLATE_NOOP("Doctor", "dead ReLUs"),
    OVERFITTING: QT_TRANSLATE_NOOP("Doctor", "overfitting"),
    AT_CHANCE: QT_TRANSLATE_NOOP("Doctor", "at chance"),
    ONE_CLASS: QT_TRANSLATE_NOOP("Doctor", "one class"),
    LOSS_FLAT: QT_TRANSLATE_NOOP("Doctor", "loss not moving"),
    FEW_IMAGES: QT_TRANSLATE_NOOP("Doctor", "too few images"),
}
MARK_COLOR = "#b00020"  # the window's colour for what went wrong (as failed runs' messages)
MARK_Z = 20  # above every run's curves
NEAR_EPOCHS = 0.5  # the hover read-out names a finding within half an epoch of the mouse


def short_name(code: str) -> str:
    return translate("Doctor", SHORT_NAMES[code]) if code in SHORT_NAMES else code


def sentence(d: Diagnosis) -> str:
    """The finding's sentence in the window's language (a class it names by its translated name)."""
    args = dict(d.args)
    if d.code in (ONE_CLASS, FEW_IMAGES) and isinstance(args.get("name"), str):
        args["name"] = class_name(args["name"])
    return core_message(Sentence(d.template, **args))


def names_text(found: Iterable[Diagnosis]) -> str:
    """"dead ReLUs, at chance": the findings' short names, each once."""
    return translate("Doctor", ", ").join(dict.fromkeys(short_name(d.code) for d in found))


def mark_x(series: RunSeries, d: Diagnosis, x_mode: str) -> float:
    """Where the finding's epoch ends on the curves' x axis (iterations or epochs); a finding in an epoch that has
    not ended (a loss that became NaN) sits at the run's last batch; NaN when there is nothing to place it on."""
    if d.epoch <= 0:
        return 0.0
    if d.epoch <= len(series.epoch):
        return float(d.epoch) if x_mode == EPOCHS else series.epoch_step[d.epoch - 1]
    if series.batch_step:
        return series.batch_epoch[-1] if x_mode == EPOCHS else series.batch_step[-1]
    return float(d.epoch) if x_mode == EPOCHS else math.nan


def near(series: RunSeries, x: float, x_mode: str) -> list[Diagnosis]:
    """The run's findings marked within half an epoch of ``x``."""
    if x_mode == EPOCHS:
        reach = NEAR_EPOCHS
    else:
        steps = series.epoch_step[0] if series.epoch_step and math.isfinite(series.epoch_step[0]) else 1.0
        reach = NEAR_EPOCHS * steps
    return [d for d in series.diagnoses if abs(mark_x(series, d, x_mode) - x) <= reach]


def readout_lines(series: RunSeries, x: float, x_mode: str) -> list[str]:
    """The hover read-out's lines for the findings near ``x`` (rich text)."""
    return [f"<span style='color:{MARK_COLOR}'>⚠ {html.escape(short_name(d.code))}: {html.escape(sentence(d))}"
            f"</span>" for d in near(series, x, x_mode)]


class DiagnosisMarks:
    """A vertical line on both plots at each epoch a run's findings mark, in the run's colour, dashed; the loss
    plot's line is labelled with the findings' short names, and every line's tool tip holds their sentences."""

    def __init__(self, plots: tuple[pg.PlotItem, ...]) -> None:
        self.plots = plots
        self._lines: dict[str, list[tuple[pg.PlotItem, pg.InfiniteLine]]] = {}  # run key -> (plot, line) each
        self._drawn: dict[str, tuple[object, ...]] = {}  # run key -> what its lines show (redrawn when it changes)

    def draw(self, series: RunSeries, x_mode: str) -> None:
        """Place the run's marks for the x axis ``x_mode``; hidden while the run is."""
        groups: dict[float, list[Diagnosis]] = {}
        for d in series.diagnoses:
            x = mark_x(series, d, x_mode)
            if math.isfinite(x):
                groups.setdefault(x, []).append(d)
        shown = (tuple((x, tuple(d.code for d in ds)) for x, ds in sorted(groups.items())), series.color,
                 series.visible)
        if self._drawn.get(series.key) == shown:
            return
        self.remove(series.key)
        self._drawn[series.key] = shown
        if not series.visible:
            return
        pen = pg.mkPen(QColor(series.color), width=1.5, style=Qt.PenStyle.DashDotLine)
        lines = []
        for x, found in sorted(groups.items()):
            tip = "\n".join(f"⚠ {sentence(d)}" for d in found)
            for i, plot in enumerate(self.plots):
                label = names_text(found) if i == 0 else None
                line = pg.InfiniteLine(pos=x, angle=90, movable=False, pen=pen, label=label, labelOpts={  # the
                    # label sits right of the line, left of it in the plot's right half: never cut off at an edge
                    "position": 0.92, "color": MARK_COLOR, "fill": pg.mkBrush(255, 255, 255, 220)})
                line.setZValue(MARK_Z)
                line.setToolTip(tip)
                plot.addItem(line, ignoreBounds=True)
                lines.append((plot, line))
        self._lines[series.key] = lines

    def lines(self, key: str) -> list[pg.InfiniteLine]:
        """The run's marks, every plot's (for tests and tools)."""
        return [line for _plot, line in self._lines.get(key, [])]

    def remove(self, key: str) -> None:
        for plot, line in self._lines.pop(key, []):
            plot.removeItem(line)
        self._drawn.pop(key, None)
