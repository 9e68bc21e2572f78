"""The Sweeps window: the sweep in progress (trial k of n, the current trial's epoch, Stop) above the results of
the runs folder's sweeps. Non-modal: the main window stays usable while a sweep trains."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from cnnlab.sweep.events import TrialEnded, TrialEpoch, TrialStarted
from ui.i18n import config_label
from ui.sweeps.results_view import SweepResultsView

SIZE = (1100, 640)  # pixels: the table and the plot side by side, inside a 1280×800 screen


def _settings_text(settings: dict[str, Any], seed: int) -> str:
    parts = [f"{config_label(k)} {v:g}" if isinstance(v, float) else f"{config_label(k)} {v}"
             for k, v in settings.items()]
    return ", ".join([*parts, f"{config_label('seed')} {seed}"])


class SweepsWindow(QDialog):
    """Progress of the running sweep (hidden when none runs) and :class:`SweepResultsView`."""

    stopRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sweeps"))
        self.setModal(False)
        self.resize(*SIZE)
        self.total = 0  # trials of the running sweep
        self.trials: dict[int, str] = {}  # running trials: what each trains
        self.heading = QLabel()
        self.heading.setObjectName("sectionTitle")
        self.trial_text = QLabel()
        self.trial_text.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setFormat(self.tr("%v of %m trial(s)"))
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setToolTip(self.tr("Stop the sweep: the trials in progress save what they trained; start "
                                            "the same sweep again to continue it"))
        self.stop_button.clicked.connect(self._stop)
        self.results = SweepResultsView()
        self.progress = QWidget()
        row = QHBoxLayout()
        row.addWidget(self.bar, 1)
        row.addWidget(self.stop_button)
        lay = QVBoxLayout(self.progress)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.heading)
        lay.addLayout(row)
        lay.addWidget(self.trial_text)
        layout = QVBoxLayout(self)
        layout.addWidget(self.progress)
        layout.addWidget(self.results, 1)
        self.progress.setVisible(False)

    def started(self, name: str, total: int) -> None:
        self.total, self.trials = total, {}
        self.heading.setText(self.tr("Training the sweep {0}…").format(name))
        self.bar.setRange(0, max(1, total))
        self.bar.setValue(0)
        self.trial_text.setText(self.tr("Starting the workers…"))
        self.stop_button.setEnabled(True)
        self.progress.setVisible(True)

    def event_heard(self, event: object) -> None:
        """One of the core's sweep events: the bar and the line under it follow."""
        if isinstance(event, TrialStarted):
            self.trials[event.trial] = _settings_text(event.settings, event.seed)
            self.trial_text.setText(self.tr("Trial {0} of {1}: {2}").format(
                len(self.trials) + self.bar.value(), self.total, self.trials[event.trial]))
        elif isinstance(event, TrialEpoch):
            what = self.trials.get(event.trial, "")
            self.trial_text.setText(self.tr("Trial {0} of {1}: {2}, epoch {3} of {4}, accuracy {5:.1f}%").format(
                min(self.total, self.bar.value() + 1), self.total, what, event.epoch, event.epochs,
                100 * event.accuracy))
        elif isinstance(event, TrialEnded):
            self.trials.pop(event.trial, None)
            self.bar.setValue(event.done)

    def ended(self, sentence: str) -> None:
        self.stop_button.setEnabled(False)
        self.heading.setText(sentence)
        self.trial_text.setText("")

    def _stop(self) -> None:
        self.stop_button.setEnabled(False)
        self.trial_text.setText(self.tr("Stopping: the trials in progress save what they trained…"))
        self.stopRequested.emit()

    def keyPressEvent(self, event: Any) -> None:  # Escape hides the window; the sweep goes on
        if event.key() == Qt.Key.Key_Escape:
            self.hide()
            return
        super().keyPressEvent(event)
