"""The setup's "about N s per epoch" line with the whole run's time, and the hint when an epoch would take over
a minute. Any change to the setup shows "Timing one epoch…" at once: an estimate shown is always the setup's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QWidget

if TYPE_CHECKING:  # the setup shows before torch is imported
    from cnnlab.engine.estimate import EpochEstimate


def duration_text(seconds: float) -> str:
    """12 s, 3.5 min, 1.2 h: the unit a student reads at a glance."""
    if seconds < 90:
        if seconds < 1:
            return QCoreApplication.translate("EstimateView", "under 1 s")
        return QCoreApplication.translate("EstimateView", "{0:.0f} s").format(seconds)
    if seconds < 90 * 60:
        return QCoreApplication.translate("EstimateView", "{0:.1f} min").format(seconds / 60)
    return QCoreApplication.translate("EstimateView", "{0:.1f} h").format(seconds / 3600)


def approx_text(seconds: float) -> str:
    """"about 12 s", "about 3.5 min"; "under 1 s" already says how sure it is (no "about" before it)."""
    if seconds < 1:
        return duration_text(seconds)
    return QCoreApplication.translate("EstimateView", "about {0}").format(duration_text(seconds))


class EstimateView(QLabel):
    """One wrapped line under the pickers: the estimate, the hint, or nothing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hint")
        self.setWordWrap(True)
        self.estimate: EpochEstimate | None = None  # the one shown, for tests and the hint
        self.hide()

    def show_pending(self) -> None:
        self.estimate = None
        self.setText(self.tr("Timing one epoch…"))
        self.show()

    def clear_estimate(self) -> None:
        self.estimate = None
        self.setText("")
        self.hide()

    def show_estimate(self, estimate: EpochEstimate, device_label: str, epochs: int | None = None) -> None:
        self.estimate = estimate
        text = _sentence(self.tr("{0} per epoch on {1} ({2} batches).").format(
            approx_text(estimate.seconds), device_label, estimate.batches))  # "About 12 s", "Under 1 s"
        if epochs is not None and epochs > 1:
            text += " " + _sentence(self.tr("{0} for all {1} epochs.").format(approx_text(estimate.seconds * epochs),
                                                                              epochs))
        if estimate.slow:
            text += " " + self.tr("That is over a minute an epoch: train on fewer images (Train on), "
                                  "use a GPU, or pick a smaller model.")
        self.setText(text)
        self.setProperty("slow", estimate.slow)
        self.show()


def _sentence(text: str) -> str:
    """The first letter capitalised ("about 12 s per epoch" begins a sentence; Chinese is left as it is)."""
    return text[:1].upper() + text[1:]
