"""Fix and rerun: a finding of the training doctor, in a run's details, starts the same run with the change
it suggests (the core's :func:`cnnlab.engine.doctor.fixes.fixed_config`); the first run stays drawn on the
curves beside the new one, and when the new one ends the Runs tab compares the two side by side."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from cnnlab.engine import RunEnd
from cnnlab.engine.doctor.fixes import fixed_config
from cnnlab.errors import UserError
from ui.i18n import core_message

if TYPE_CHECKING:
    from ui.runs_view.view import RunsView
    from ui.shell import Shell


class FixAndRerun(QObject):
    """Listens to the details' "Fix and rerun" links; ``first`` is the fixed run's folder while its rerun trains."""

    rerunStarted = Signal(object)  # TrainConfig: the settings of the rerun, as started

    def __init__(self, window: Shell, runs_view: RunsView) -> None:
        super().__init__(window.window())
        self.window, self.runs_view = window, runs_view
        self.first: Path | None = None  # the run being fixed, until its rerun ends
        window.curves.details.fixRequested.connect(self.fix)
        window.runFinished.connect(self._finished)

    def fix(self, key: str, index: int) -> bool:
        """Rerun the run ``key`` with the fix of its ``index``-th finding; False (and a message) when it cannot."""
        series = self.window.curves.series(key)
        if series is None or not 0 <= index < len(series.diagnoses):
            return False
        if self.window.is_running():
            self.window.show_status(self.tr("A run is training: fix and rerun once it has ended."), error=True)
            return False
        try:
            config = fixed_config(series.config, series.diagnoses[index])
        except UserError as e:
            self.window.show_status(core_message(str(e)), error=True)
            return False
        self.window.curves.set_visible(key, True)  # the first run stays drawn beside its rerun
        if not self.window.runs.start_with(config):
            return False
        self.first = Path(key) if Path(key).is_absolute() else None  # a run with a folder can be compared
        self.rerunStarted.emit(config)
        return True

    def _finished(self, end: RunEnd) -> None:
        first, self.first = self.first, None
        if first is None or not end.run_dir or not end.checkpoint:  # nothing to compare (it failed early)
            return
        self.window.tabs.setCurrentWidget(self.runs_view)
        self.runs_view.compare(first, Path(end.run_dir))


def install_fix_and_rerun(window: Shell, runs_view: RunsView) -> FixAndRerun:
    return FixAndRerun(window, runs_view)
