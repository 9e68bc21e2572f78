"""The epoch slider: the inspection tabs as they were after epoch 1, 2, … of the current run.

It sits in the run tool bar, before *Lessons*: the tab bar beside it needs its whole width for nine
tabs at 1280 px in English. A run folder keeps each epoch's weights (``epochs/epoch_003.pt``,
see :mod:`cnnlab.runs.epochs`) when its model is small enough; moving the slider builds that epoch's
subject off the GUI thread and hands it to the inspection tabs (kernels, feature maps, confusion
matrix, misclassified images). A run folder without that history says "Last epoch only", its tooltip
says why (a model over the size limit, or a folder that keeps none); a run with no finished epoch
hides the slider. The label stays short: the tool bar keeps room for Lessons in both languages.

The slider and the tabs meet in the app model: the slider writes the run and epoch the tabs show
(``model.runs.set_current``), and :class:`EpochSubjects` loads whatever run and epoch the model names,
so a lesson or a test that sets the model moves the slider and the tabs alike.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QWidget

from cnnlab.engine import RunEnd
from cnnlab.engine.data import DataRequest
from cnnlab.inspection import Subject
from cnnlab.runs import RunRecord, load_run
from cnnlab.runs.epochs import HISTORY_MAX_BYTES, epoch_subject, missing_history, saved_epochs
from ui.left_column import LESSONS_ANCHOR

if TYPE_CHECKING:
    from ui.shell import Shell

SLIDER_WIDTH = 120  # pixels: room to drag between a dozen epochs; the progress bar beside it gives way
SETTLE_MS = 150  # a drag builds only the epoch it rests on


class EpochSlider(QWidget):
    """``show_run(run_dir)`` offers that run's saved epochs; ``epoch`` is the one the tabs show."""

    def __init__(self, window: Shell) -> None:
        super().__init__()
        self.main = window
        self.action: QAction | None = None  # its place in the tool bar: a tool bar shows and hides widgets by action
        self.subjects: EpochSubjects | None = None  # what loads the epoch the app model names
        self.run_dir: Path | None = None
        self.epochs: list[int] = []  # the saved epochs of run_dir, in order
        self.missing = ""  # why run_dir keeps no epochs ("no_epoch", "too_big", "not_kept"; see missing_history)
        self.label = QLabel()
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("epochSlider")
        self.slider.setFixedWidth(SLIDER_WIDTH)
        self.slider.setPageStep(1)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.slider)
        self.setToolTip(self.history_tip())
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SETTLE_MS)
        self._timer.timeout.connect(self._load)
        self.slider.valueChanged.connect(self._moved)
        window.runs.runFinished.connect(self._finished)
        window.runs.changed.connect(self._update_enabled)
        window.model.runs.events.current.connect(self._current_changed)
        window.model.runs.events.epoch.connect(self._epoch_changed)
        self._set_shown(False)

    def _set_shown(self, shown: bool) -> None:
        if self.action is not None:
            self.action.setVisible(shown)
        else:
            self.setVisible(shown)

    @property
    def epoch(self) -> int | None:
        return self.epochs[self.slider.value()] if self.epochs else None

    # ------------------------------------------------------------------ which run
    def _finished(self, end: RunEnd) -> None:
        if end.run_dir:
            self.show_run(Path(end.run_dir))

    def opened(self, record: RunRecord) -> None:
        self.show_run(record.path)

    def _current_changed(self, key: str | None) -> None:
        """The app model names another run: offer its epochs if it is a finished run folder."""
        if key is not None and not self.main.is_running() and Path(key) != self.run_dir and Path(key).is_dir():
            self.show_run(Path(key))

    def _epoch_changed(self, epoch: int | None) -> None:
        """The app model names another epoch of this run: move the slider there without loading twice."""
        if epoch in self.epochs and epoch != self.epoch and str(self.run_dir) == self.main.model.runs.current:
            self.slider.blockSignals(True)
            self.slider.setValue(self.epochs.index(epoch))
            self.slider.blockSignals(False)
            self._show_label()

    def history_tip(self) -> str:
        return self.tr("Each epoch's weights are kept for models of up to {0} MB (every chapter network), "
                       "so the inspection tabs can show any epoch; larger models keep only the last "
                       "epoch.").format(HISTORY_MAX_BYTES // 2**20)

    def show_run(self, run_dir: Path) -> None:
        """Offer ``run_dir``'s saved epochs, the last one selected (it is what the tabs show now)."""
        self.run_dir, self.epochs = run_dir, saved_epochs(run_dir)
        self.missing = "" if self.epochs else missing_history(run_dir)
        self.setToolTip(self.history_tip())
        if self.missing == "too_big":
            self.setToolTip(self.tr("This model's weights are over {0} MB, so its run keeps only the last epoch's "
                                    "weights.").format(HISTORY_MAX_BYTES // 2**20))
        elif self.missing == "not_kept":
            self.setToolTip(self.tr("This run folder keeps only the last epoch's weights (it was written before "
                                    "each epoch's weights were kept, or they were removed)."))
        self._set_shown(self.missing != "no_epoch")  # no epoch finished: nothing to look back on
        self.slider.blockSignals(True)
        self.slider.setRange(0, max(0, len(self.epochs) - 1))
        self.slider.setValue(max(0, len(self.epochs) - 1))
        self.slider.blockSignals(False)
        self.slider.setVisible(len(self.epochs) > 1)
        self._show_label()
        self._update_enabled()

    def _update_enabled(self) -> None:
        self.slider.setEnabled(len(self.epochs) > 1 and not self.main.is_running())  # live epochs own the tabs

    def _show_label(self) -> None:
        if len(self.epochs) > 1 and self.epoch is not None:
            self.label.setText(self.tr("After epoch {0} of {1}").format(self.epoch, self.epochs[-1]))
        elif self.epochs:
            self.label.setText(self.tr("After epoch {0}").format(self.epochs[-1]))
        else:
            self.label.setText(self.tr("Last epoch only"))  # why: the tooltip

    # ------------------------------------------------------------------ one epoch
    def _moved(self, _value: int) -> None:
        self._show_label()
        self._timer.start()

    def select(self, epoch: int) -> None:
        """Show ``epoch`` (one of ``epochs``) in the tabs."""
        self.slider.setValue(self.epochs.index(epoch))
        self._timer.stop()
        self._load()

    def _load(self) -> None:
        if self.run_dir is not None and self.epoch is not None:
            self.main.model.runs.set_current(str(self.run_dir), self.epoch)  # EpochSubjects loads it


class EpochSubjects:
    """Loads the saved epoch the app model names (``runs.current`` and ``runs.epoch``) into the inspection
    tabs, off the GUI thread. A live run feeds the tabs itself; an epoch of None means "as opened"."""

    def __init__(self, window: Shell) -> None:
        self.main = window
        self.shown: tuple[str, int] | None = None  # the (run folder, epoch) last handed to the tabs
        window.model.runs.events.epoch.connect(self._changed)
        window.model.runs.events.current.connect(self._changed)

    def _changed(self, _value: object) -> None:
        window, runs = self.main, self.main.model.runs
        key, epoch = runs.current, runs.epoch
        if key is None or epoch is None or window.is_running() or self.shown == (key, epoch):
            return
        run_dir = Path(key)
        if epoch not in saved_epochs(run_dir):
            return

        def build() -> Subject:  # a worker thread: Qt-free work only
            record = load_run(run_dir)
            request = replace(DataRequest.from_dict(record.config), train_limit=None)  # the whole test set
            splits = window.cache.get(request) or request.load()
            return epoch_subject(run_dir, epoch, splits.test)

        def done(subject: object) -> None:
            if isinstance(subject, Subject) and (runs.current, runs.epoch) == (key, epoch):  # still the one named
                self.shown = (key, epoch)
                window.feed.set_subject(subject)

        window.jobs.run(build, done, lambda message: window.status.show(message, error=True))


def install_epoch_slider(window: Shell) -> EpochSlider:
    """Put the slider at the end of the run tool bar, before the Lessons button (hidden until a run has ended
    or is opened)."""
    slider = EpochSlider(window)
    slider.subjects = EpochSubjects(window)  # kept with the slider: the model's callbacks hold no owner
    bar = window.toolbar
    lessons = next((a for a in bar.actions() if a.objectName() == LESSONS_ANCHOR), None)
    if lessons is None:
        bar.addSeparator()
        slider.action = bar.addWidget(slider)
    else:
        bar.insertSeparator(lessons)
        slider.action = bar.insertWidget(lessons, slider)
    slider._set_shown(False)
    return slider
