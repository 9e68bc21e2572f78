"""The status line at the window's foot and the run's progress bar in the tool bar.

:class:`StatusLine` shows one sentence (red when it is a failure) and a busy indicator;
:class:`RunProgress` is the progress bar and its "epoch · batch · img/s · left" line, redrawn at
most every PROGRESS_INTERVAL_MS so the GUI thread leaves the cores to training.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import QLabel, QMainWindow, QProgressBar, QSizePolicy, QWidget

from cnnlab.app.status import StatusState
from cnnlab.cli_format import byte_size, clock
from ui.i18n import core_message

if TYPE_CHECKING:  # the status line shows before torch is imported
    from cnnlab.engine import BatchEnd, RunEnd, RunStarted

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls
Offer = tuple[str, Callable[[], object]]  # a button's text and what clicking it does

PROGRESS_INTERVAL_MS = 125  # progress bar refresh: 8 a second reads as live and leaves the cores to training
BUSY_WIDTH = 120  # pixels of the indeterminate "working" bar: noticeable, not a second progress bar
BUSY_HEIGHT = 14  # pixels: the busy bar fits the status line's text height
PROGRESS_MIN_WIDTH = 200  # pixels: "Paused · 100%" fits, and the bar is long enough to read progress from
PROGRESS_LINE_WIDTH = 420  # pixels: "epoch 10/10 · batch 1000/1000 · 12,345 img/s · 2 threads · 1:00:00 left" fits


class StatusLine:
    """The app model's status sentence in the status bar, and the busy indicator beside it."""

    def __init__(self, window: QMainWindow, state: StatusState | None = None, *, error_dialogs: bool = True) -> None:
        self.window = window
        self.state = state if state is not None else StatusState()  # the app model's status: this shows it
        self.state.events.status.connect(self._draw)
        self.error_dialogs = error_dialogs  # False: failures go to the status line only (tests)
        self.last_error = ""  # the last one-sentence failure shown
        self.last_offer: Offer | None = None  # and the remedy its dialog offered, if any
        self.label = QLabel("")
        self.label.setObjectName("statusMessage")
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # indeterminate: "working"
        self.busy.setMaximumWidth(BUSY_WIDTH)
        self.busy.setMaximumHeight(BUSY_HEIGHT)
        self.busy.hide()
        window.statusBar().addWidget(self.label, 1)
        window.statusBar().addPermanentWidget(self.busy)

    def after_first_paint(self) -> None:
        """The sentence can be selected (set once the window is drawn: naming Qt's flags makes PySide6 build
        their enums, 15 ms the first paint does without)."""
        from PySide6.QtCore import Qt

        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def text(self) -> str:
        return self.label.text()

    def show(self, text: str, error: bool = False) -> None:
        """Say one sentence (in the app model); sentences from the core (UserError) are translated when drawn."""
        self.state.say(text, "error" if error else "info")

    def _draw(self, status: tuple[str, str]) -> None:
        severity, text = status
        error = severity == "error"
        shown = core_message(text) if error else text
        self.label.setText(shown)
        self.label.setToolTip(shown)  # the whole sentence, where a narrow window cuts the line off
        if bool(self.label.property("error")) != error:  # restyled only when it changes (unset reads as False)
            self.label.setProperty("error", error)
            self.label.style().unpolish(self.label)
            self.label.style().polish(self.label)

    def show_error(self, message: str, title: str = "cnnlab", offer: Offer | None = None) -> None:
        """A failure the student should notice: status line, and a dialog unless turned off. ``offer``: (button
        text, what it does), a remedy the dialog offers beside OK (a smaller batch after running out of memory)."""
        self.show(message, error=True)
        message = core_message(message)
        self.last_error = message
        self.last_offer = offer
        if self.error_dialogs:
            from PySide6.QtCore import Qt  # with the dialog: the window's first paint does not wait for them
            from PySide6.QtWidgets import QMessageBox

            box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, self.window)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            if offer is not None:
                remedy = box.addButton(offer[0], QMessageBox.ButtonRole.AcceptRole)
                box.setDefaultButton(remedy)
                remedy.clicked.connect(offer[1])
            box.open()  # not modal to the event loop: training curves keep drawing

    def set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)

    def show_font_warning(self, sentence: str) -> None:
        """A lasting note on the right of the status bar (no CJK font: Chinese would be boxes)."""
        note = QLabel(sentence)
        note.setObjectName("fontWarning")
        note.setStyleSheet("color: #b00020")
        note.setToolTip(sentence)
        self.window.statusBar().addPermanentWidget(note)


class RunProgress(QObject):
    """The run's progress bar (``bar``) and its line (``line``), both for the tool bar."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bar = QProgressBar()
        self.bar.setObjectName("runProgress")
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.bar.setTextVisible(True)
        self.bar.setFormat(self.tr("Ready"))
        self.bar.setMinimumWidth(PROGRESS_MIN_WIDTH)
        self.bar.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.line = QLabel("")
        self.line.setObjectName("progressLabel")
        self.line.setMinimumWidth(PROGRESS_LINE_WIDTH)
        self._active = False  # a run is between preparing() and ended()
        self._stopping = False  # Stop was pressed: no time left to show, only what is being saved
        self._last_batch: BatchEnd | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PROGRESS_INTERVAL_MS)
        self._timer.timeout.connect(self.show_now)

    def widgets(self) -> tuple[QWidget, QWidget]:
        return self.bar, self.line

    def preparing(self) -> None:
        self._active, self._last_batch, self._stopping = True, None, False
        self.bar.setRange(0, 0)
        self.bar.setFormat(self.tr("Preparing…"))
        self.line.setText("")

    def started(self, event: RunStarted) -> None:
        self.bar.setRange(0, event.epochs * event.steps_per_epoch)
        self.bar.setValue(0)
        self.bar.setFormat("%p%")
        self.line.setText(self.tr("epoch 1/{0}").format(event.epochs))

    def batch(self, event: BatchEnd) -> None:
        """The newest batch; drawn when the interval since the last redraw is over."""
        self._last_batch = event
        if not self._timer.isActive():
            self._timer.start()

    def show_now(self) -> None:
        """The progress bar and its line, at most PROGRESS_INTERVAL_MS apart: every redraw takes CPU
        time from the training process, so fewer updates mean faster training."""
        e = self._last_batch
        if e is None or not self._active:
            return
        self.bar.setValue(e.step)
        where = self._where(e)
        if self._stopping:  # the time left no longer applies
            self.line.setText(self.tr("{0} · stopping…").format(where))
            return
        speed = self.tr("{0} img/s").format(f"{e.samples_per_second:,.0f}")
        if e.gpu_memory > 0:  # a GPU run: its memory matters, not the CPU's threads
            uses = self.tr("GPU memory {0}").format(byte_size(e.gpu_memory))
        else:
            uses = "" if e.threads <= 0 else (self.tr("1 thread") if e.threads == 1 else
                                              self.tr("{0} threads").format(e.threads))
        left = self.tr("{0} left").format(clock(e.eta))
        self.line.setText(" · ".join(t for t in (where, speed, uses, left) if t))

    def _where(self, e: BatchEnd) -> str:
        return self.tr("epoch {0}/{1} · batch {2}/{3}").format(
            e.epoch, e.total_steps // e.batches, e.batch, e.batches)

    def stopping(self) -> None:
        """Stop was pressed: the line stops promising time left."""
        self._stopping = True
        self.show_now()
        if self._last_batch is None:
            self.line.setText(self.tr("stopping…"))

    def paused(self) -> None:
        self.show_now()
        self.bar.setFormat(self.tr("Paused · %p%"))

    def resumed(self) -> None:
        self.bar.setFormat("%p%")

    def reset(self) -> None:
        """Back to "Ready": what the bar and its line said was about a run the setup has moved on from."""
        self._timer.stop()
        self._active, self._last_batch, self._stopping = False, None, False
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.bar.setFormat(self.tr("Ready"))
        self.line.setText("")

    def ended(self, end: RunEnd) -> None:
        """The run is over: the line keeps where it got to, never a time left."""
        self._timer.stop()
        self._active = False
        e = self._last_batch
        self.line.setText(self._where(e) if e is not None else "")
        self.bar.setRange(0, 1)
        self.bar.setValue(1 if end.status == "completed" else 0)
        done = {"completed": self.tr("Done"), "stopped": self.tr("Stopped")}
        self.bar.setFormat(done.get(end.status, self.tr("Failed")))
