"""Run folders in the window: File ▸ Open run, File ▸ Recent runs, and exporting the curves.

An opened run's curves and results go to the curves tab; when it has a checkpoint, its test set is
loaded (from the cache when it can) and the inspection tabs get the checkpoint's model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMenu, QTabWidget, QWidget

from cnnlab.datasets import DataSplits
from cnnlab.errors import UserError
from cnnlab.inspection import Subject
from cnnlab.runs import RunRecord, load_run, scan_runs
from ui.background import BackgroundJobs
from ui.curves import CurvesView
from ui.data_cache import SplitsCache
from ui.i18n import core_message, run_label
from ui.inspection_feed import InspectionFeed
from ui.status_line import StatusLine
from ui.worker import DataRequest

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls
RECENT_RUNS = 10  # entries in File ▸ Recent runs: enough to find last week's run, short enough to scan


class RunFolders:
    """Opens run folders into the curves and the inspection tabs; fills ``recent_menu``; exports curves."""

    def __init__(self, window: QWidget, recent_menu: QMenu, tabs: QTabWidget, curves: CurvesView,
                 status: StatusLine, feed: InspectionFeed, cache: SplitsCache, jobs: BackgroundJobs) -> None:
        self.window, self.recent_menu, self.tabs, self.curves = window, recent_menu, tabs, curves
        self.status, self.feed, self.cache, self.jobs = status, feed, cache, jobs
        self.on_opened: Callable[[RunRecord], None] | None = None  # the window shows the run's setup with it
        recent_menu.aboutToShow.connect(self.fill_recent_menu)

    def choose_run(self) -> None:
        from cnnlab.paths import runs_dir

        start = str(runs_dir()) if runs_dir().is_dir() else str(Path.home())
        folder = QFileDialog.getExistingDirectory(self.window, translate("RunFolders", "Open a run folder"), start)
        if folder:
            self.open_run(folder)

    def open_run(self, path: str | Path) -> RunRecord | None:
        """Show a run folder's curves and results; load its data for the inspection tabs."""
        try:
            record = load_run(path)
        except UserError as e:
            self.status.show_error(str(e), translate("RunFolders", "Cannot open the run"))
            return None
        self.curves.add_record(record)
        self.curves.runs_state.set_current(str(record.path), None)  # the app model: the tabs show it as saved
        self.tabs.setCurrentWidget(self.curves)
        if self.on_opened is not None:  # before the status sentence: the setup's data load must not cover it
            self.on_opened(record)
        r = record.results or {}
        label = run_label(record.config, record.path) + _state(record.status)
        if r.get("test_acc") is not None:
            self.status.show(translate("RunFolders", "Opened {0}: {1} epoch(s), test accuracy {2}%.").format(
                label, len(record.metrics), f"{100 * r['test_acc']:.2f}"))
        else:
            self.status.show(translate("RunFolders", "Opened {0}: {1} epoch(s).").format(label, len(record.metrics)))
        if self.feed.panels:
            self.feed.set_subject(None)  # the tabs never keep showing another run while this one's loads (or fails)
            if record.checkpoint is not None:
                self._load_subject(record)
        return record

    def _load_subject(self, record: RunRecord) -> None:
        # the whole test set, as the run saw it
        request = replace(DataRequest.from_dict(record.config), train_limit=None)
        checkpoint = record.checkpoint
        assert checkpoint is not None

        def done(result: object) -> None:
            assert isinstance(result, DataSplits)
            self.cache.remember(request, result)
            try:
                subject = Subject.from_checkpoint(checkpoint, result.test)
            except UserError as e:
                self.status.show(translate("RunFolders", "Curves shown; the inspection tabs cannot use it: {0}")
                                 .format(core_message(str(e))), error=True)
                return
            self.feed.set_subject(subject)

        def failed(message: str) -> None:
            self.status.show(translate("RunFolders", "Curves shown; the inspection tabs need its data: {0}")
                             .format(core_message(message)), error=True)

        splits = self.cache.get(request)
        if splits is not None:
            done(splits)
        else:
            self.jobs.run(request.load, done, failed)

    def fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        problems: list[str] = []
        try:
            scan = scan_runs(check_checkpoints=False)
            runs, problems = scan.runs[:RECENT_RUNS], scan.problems
        except UserError as e:  # the runs folder is a file or cannot be read
            runs = []
            self.status.show(str(e), error=True)
        except OSError as e:
            runs = []
            self.status.show(translate("RunFolders", "Cannot list the runs folder: {0}.").format(e.strerror or e),
                             error=True)
        if problems:  # damaged run folders are named, not opened
            damaged = self.recent_menu.addAction(
                translate("RunFolders", "{0} damaged run folder(s) left out").format(len(problems)))
            damaged.setEnabled(False)
            damaged.setToolTip("\n".join(core_message(p) for p in problems))
        if not runs and not problems:
            empty = self.recent_menu.addAction(translate("RunFolders", "No runs yet"))
            empty.setEnabled(False)
            return
        for record in runs:
            r = record.results or {}
            acc = (translate("RunFolders", " — test {0}%").format(f"{100 * r['test_acc']:.1f}")
                   if r.get("test_acc") is not None else "")
            action = self.recent_menu.addAction(run_label(record.config, record.path) + _state(record.status) + acc)
            action.setToolTip(str(record.path))
            action.triggered.connect(lambda _checked=False, p=record.path: self.open_run(p))

    def choose_export(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self.window, translate("RunFolders", "Export curves as PNG"),
                                                    str(Path.home() / "curves.png"),
                                                    translate("RunFolders", "PNG images (*.png)"))
        if path:
            self.export_curves(path if path.lower().endswith(".png") else path + ".png")

    def export_curves(self, path: str | Path) -> Path | None:
        try:
            out = self.curves.export_png(path)
        except OSError as e:
            self.status.show_error(translate("RunFolders", "Cannot write {0}: {1}.").format(path, e.strerror or e),
                                   translate("RunFolders", "Export failed"))
            return None
        self.status.show(translate("RunFolders", "Curves saved as {0}.").format(out))
        return out


def _state(status: str) -> str:
    """" (stopped)" after a run's label when it did not complete; "" when it did."""
    if status == "completed":
        return ""
    names = {"stopped": translate("RunFolders", "stopped"), "failed": translate("RunFolders", "failed"),
             "interrupted": translate("RunFolders", "interrupted")}
    return f" ({names.get(status, status)})"
