"""The main window: setup on the left, curves and inspection tabs on the right, a run tool bar on top.

The window only composes its parts and wires their signals:

* :mod:`ui.actions` — actions, shortcuts, menus, the tool bar, the Help dialogs;
* :mod:`ui.status_line` — the status line, the busy indicator and the run's progress bar;
* :mod:`ui.run_controller` — start, pause and stop a run and react to its events (the training doctor's
  findings among them: :mod:`ui.diagnoses` marks them, :mod:`ui.fix_and_rerun` reruns a run fixed);
* :mod:`ui.background` and :mod:`ui.data_cache` — jobs off the GUI thread, loaded datasets, the preview;
* :mod:`ui.inspection_feed` — the inspection tabs and the subjects they are given;
* :mod:`ui.recent_runs` — open and recent run folders, exporting the curves;
* :mod:`ui.window_settings` — what is saved between sessions.

Every slot runs on the GUI thread and does only cheap work (append points, set labels), so the
window stays responsive while a run trains.
"""

from __future__ import annotations

from pathlib import Path
from typing import Generic, TypeVar, cast

from PySide6.QtCore import QCoreApplication, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QProgressBar, QSplitter, QTabWidget, QWidget

from cnnlab.app import AppModel
from cnnlab.datasets import DataSplits
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.inspection import Subject
from cnnlab.paths import asset
from cnnlab.runs import RunRecord
from ui import actions as window_actions
from ui.background import BackgroundJobs
from ui.curves import CurvesView
from ui.data_cache import DataPreview, SplitsCache
from ui.design import install_design_view
from ui.epoch_slider import install_epoch_slider
from ui.fix_and_rerun import install_fix_and_rerun
from ui.getting_started import install_getting_started, save_lessons_open
from ui.inspection_feed import InspectedLink, InspectionFeed, PanelFactories, add_panels
from ui.language_menu import add_language_menu
from ui.lessons import install_lessons
from ui.recent_runs import RunFolders
from ui.run_controller import RunController
from ui.run_tools import install_run_tools
from ui.runs_view import install_runs_view
from ui.setup import SetupPanel
from ui.start_check import StartCheck
from ui.start_reason import StartReason
from ui.status_line import RunProgress, StatusLine
from ui.window_settings import WindowSettings
from ui.worker import DataRequest, TrainingThread

APP_TITLE = "cnnlab"  # the app's display name, which Qt appends to the window title ("… — cnnlab")
STYLE = Path(__file__).resolve().parent / "style.qss"  # the app's stylesheet, shipped beside this module
CLOSE_WAIT_MS = 60_000  # longest wait for a run to save and end when the window closes
T = TypeVar("T")  # the type of a forwarded attribute
READY = QT_TRANSLATE_NOOP("MainWindow", "Ready: press Start (Ctrl+Return) to train.")  # nothing needs saying


class Forward(Generic[T]):
    """An attribute of the window that is ``part.name`` of one of its parts, read and written through,
    e.g. ``Forward[str]("status.last_error")``."""

    def __init__(self, path: str) -> None:
        self.part, self.name = path.split(".")

    def __get__(self, window: object, owner: type | None = None) -> T:
        return cast(T, getattr(getattr(window, self.part), self.name))

    def __set__(self, window: object, value: T) -> None:
        setattr(getattr(window, self.part), self.name, value)


def window_title() -> str:
    """"convolutional networks lab — cnnlab". Qt appends the application's display name to a title
    unless the title already ends with it, so ending with ``APP_TITLE`` names the app exactly once,
    with or without ``make_application``'s display name, on every platform."""
    lab = QCoreApplication.translate("MainWindow", "convolutional networks lab")  # not in an f-string: lupdate
    return f"{lab} — {APP_TITLE}"


def app_icon() -> QIcon:
    return QIcon(str(asset("cnnlab.svg")))


class MainWindow(QMainWindow):
    """The cnnlab window. ``settings`` defaults to the app's QSettings; tests pass a private one."""

    # Re-emitted after the window has handled the worker's event (tests and tools wait on these).
    runStarted = Signal(object)  # RunStarted
    epochEnded = Signal(object)  # EpochEnd
    runFinished = Signal(object)  # RunEnd
    dataLoaded = Signal(object)  # DataRequest whose preview is shown
    subjectChanged = Signal(object)  # Subject given to the panels

    def __init__(self, settings: QSettings | None = None, *, torch_threads: int | None = None,
                 panels: PanelFactories | None = None, error_dialogs: bool = True) -> None:
        super().__init__()
        self.settings = settings if settings is not None else QSettings()
        self._shown_problem = ""  # the setup problem the status line shows, if any
        self._ended_setup: tuple[object, ...] | None = None  # the setup of the run whose end the tool bar shows
        self.setWindowTitle(window_title())
        self.setWindowIcon(app_icon())
        if STYLE.is_file():
            self.setStyleSheet(STYLE.read_text(encoding="utf-8"))

        self.jobs = BackgroundJobs(self)
        self.cache = SplitsCache()
        self.setup = SetupPanel(run_in_thread=self.jobs.run)
        self.model = AppModel(self.setup.setup_state)  # what every view shows, Qt-free (tests drive it)
        self.curves = CurvesView(self.model.runs)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.curves, self.tr("Curves"))
        self.panels: list[QWidget] = add_panels(self.tabs, panels)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.setup)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 1)  # a wider window widens the setup a little (the layer table)…
        self.splitter.setStretchFactor(1, 3)  # …and the plots most
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        self.status = StatusLine(self, self.model.status, error_dialogs=error_dialogs)
        self.run_progress = RunProgress(self)
        self.feed = InspectionFeed(self.panels, self.jobs, self.status, self.is_running, self)
        self.inspected = InspectedLink(self.model, self.panels, self)  # one test image looked at in every tab
        self.runs = RunController(self.setup, self.curves, self.run_progress, self.status, self.cache, self.feed,
                                  self.jobs, torch_threads=torch_threads, parent=self)
        self.preview = DataPreview(self.setup, self.cache, self.jobs, self.status, self)
        self.start_check = StartCheck(self.setup, self.status, self)  # Start asks first when a run would be long
        self.commands = window_actions.make_actions(self, self)
        self.epochs_action = self._make_epochs_action()
        self.recent_menu = window_actions.make_menus(self, self.commands, self.epochs_action)
        self.toolbar = window_actions.make_toolbar(self, self.commands, *self.run_progress.widgets())
        self.start_reason = StartReason(self.toolbar, self.commands.stop, self.run_progress.widgets(), self)
        self.folders = RunFolders(self, self.recent_menu, self.tabs, self.curves, self.status, self.feed,
                                  self.cache, self.jobs)
        self.folders.on_opened = self._show_opened_setup
        self.window_settings = WindowSettings(self.settings, self, self.setup, self.splitter, self.curves)
        self._wire()
        self.runs_view = install_runs_view(self)  # the Runs tab (history, compare two) and File ▸ Runs…
        self.fix_and_rerun = install_fix_and_rerun(self, self.runs_view)  # the doctor's findings, fixed and compared
        self.epoch_slider = install_epoch_slider(self)  # tool bar, before Lessons: the tabs after epoch 1, 2, …
        self.lessons = install_lessons(self)  # chapter 18 step by step, in place of the setup: View ▸ Lessons
        self.run_tools = install_run_tools(self)  # Run ▸ Continue…, File ▸ Export report… and Export model…
        self.design = install_design_view(self, self.runs_view)  # the Design tab, View ▸ Design…, Open in designer
        self.run_tools.shown_pair = self._shown_pair  # Export report writes the compared pair while it is in view
        for changed in (self.runs_view.compared, self.runs_view.pages.currentChanged, self.tabs.currentChanged):
            changed.connect(lambda *_args: self.run_tools.update())
        notes = self.window_settings.restore()
        add_language_menu(self, self.settings, self.show_status)
        # Help ▸ Getting started and What's this?; the Lessons open at the first start
        self.getting_started = install_getting_started(self, self.lessons, self.settings)
        self.show_status(" ".join(notes) if notes else self.tr(READY))
        self._update_actions()

    def _wire(self) -> None:
        self.setup.changed.connect(self._update_actions)
        self.setup.failed.connect(lambda sentence: self.show_status(sentence, error=True))
        self.setup.dataRequested.connect(self.preview.load)
        self.preview.loaded.connect(self.dataLoaded)
        self.feed.subjectChanged.connect(self.subjectChanged)
        self.jobs.busyChanged.connect(self._update_busy)
        self.runs.aboutToStart.connect(self.window_settings.save)
        self.runs.changed.connect(self._update_actions)
        self.runs.changed.connect(self._update_busy)
        self.runs.runStarted.connect(self.runStarted)
        self.runs.epochEnded.connect(self.epochEnded)
        self.runs.runFinished.connect(self._on_run_finished)
        self.runs.runFinished.connect(self.runFinished)

    def _make_epochs_action(self) -> QAction:
        """View ▸ Curves against epochs, kept in step with the x axis the curves draw (their box may say Auto)."""
        action = QAction(self.tr("Curves against &epochs"), self, checkable=True)
        action.setToolTip(self.tr("Plot against epochs instead of iterations."))
        action.triggered.connect(lambda on: self.curves.set_x_mode("epochs" if on else "iterations"))
        self.curves.xModeChanged.connect(lambda mode: action.setChecked(mode == "epochs"))
        action.setChecked(self.curves.x_mode() == "epochs")
        return action

    # ====================================== the parts, as tests and tools reach them
    start_action = Forward[QAction]("commands.start")
    pause_action = Forward[QAction]("commands.pause")
    stop_action = Forward[QAction]("commands.stop")
    progress = Forward[QProgressBar]("run_progress.bar")
    status_label = Forward[QLabel]("status.label")
    torch_threads = Forward[int | None]("runs.torch_threads")
    error_dialogs = Forward[bool]("status.error_dialogs")
    last_error = Forward[str]("status.last_error")
    subject = Forward[Subject | None]("feed.subject")
    _thread = Forward[TrainingThread | None]("runs.training_thread")
    _run_key = Forward[str | None]("runs.run_key")
    _preparing = Forward[bool]("feed.preparing")

    # ================================================================ status
    def status_text(self) -> str:
        return self.status.text()

    def show_status(self, text: str, error: bool = False) -> None:
        self.status.show(text, error)

    def show_error(self, message: str, title: str = "cnnlab") -> None:
        self.status.show_error(message, title)

    def _update_busy(self) -> None:
        self.status.set_busy(self.jobs.busy() or self.runs.preparing())

    def _update_actions(self) -> None:
        running = self.is_running()
        problem = "" if running else self.setup.problem()
        self.start_action.setEnabled(not running and not problem)
        self.start_reason.show(problem)
        steerable = running and not self.runs.stopping()
        self.pause_action.setEnabled(steerable and self.runs.run_key is not None)
        self.stop_action.setEnabled(steerable)
        self.pause_action.setText(self.tr("&Resume") if self.runs.paused() else self.tr("&Pause"))
        if problem:
            self.show_status(problem, error=True)
        elif self._shown_problem and self.status_text() == self._shown_problem:
            self.show_status(self.tr(READY))
        elif (not running and self.model.status.error and self.runs.refusal
              and self.model.status.message == self.runs.refusal and self.runs.refusal_gone()):
            self.show_status(self.tr(READY))  # the settings no longer refuse a Start: the red note goes
        self._shown_problem = problem
        if not running and self._ended_setup is not None and self._setup_now() != self._ended_setup:
            self._ended_setup = None
            self.run_progress.reset()  # the bar spoke of the last run; the settings now are for the next

    def _setup_now(self) -> tuple[object, ...]:
        """What the next run would train: pickers and every field as typed."""
        s = self.setup.setup_state
        return s.dataset, s.model, s.recipe, s.device, tuple(sorted(s.texts.items()))

    def _on_run_finished(self, _end: object) -> None:
        self._ended_setup = self._setup_now()  # the progress bar shows this run's end until the setup changes

    # ============================================================ commands
    def is_running(self) -> bool:
        return self.runs.is_running()

    def start(self) -> bool:
        """Start training with the current settings, after asking when the run would be long; False (and a
        message) when it cannot, or the student chose not to."""
        if self.is_running() or not self.start_check.allows():
            return False
        return self.runs.start()

    def toggle_pause(self) -> None:
        self.runs.toggle_pause()

    def stop(self) -> None:
        self.runs.stop()

    def remember_splits(self, request: DataRequest, splits: DataSplits) -> None:
        """Keep loaded data for reuse: a run or preview with the same request will not load it again."""
        self.cache.remember(request, splits)

    def set_subject(self, subject: Subject | None) -> None:
        self.feed.set_subject(subject)

    def choose_run(self) -> None:
        self.folders.choose_run()

    def open_run(self, path: str | Path) -> RunRecord | None:
        """Show a run folder's curves and results; load its data for the inspection tabs."""
        return self.folders.open_run(path)

    def _show_opened_setup(self, record: RunRecord) -> None:
        """The setup shows the opened run's dataset, model and fields (not while a run trains: it is locked)."""
        self.run_tools.opened(record)  # Continue and the exports act on it
        self.epoch_slider.opened(record)
        if not self.is_running():
            self.setup.show_run_config(record.config)
            self._ended_setup = None
            self.run_progress.reset()  # the tool bar's progress was the last trained run's, not this one's

    def _shown_pair(self) -> tuple[Path, Path] | None:
        """The two run folders the Runs tab compares (A, B), when that comparison is what the window shows."""
        view = self.runs_view
        c = view.comparison.comparison
        if self.tabs.currentWidget() is view and view.pages.currentIndex() == 1 and c is not None:
            return c.a.record.path, c.b.record.path
        return None

    def choose_export(self) -> None:
        self.folders.choose_export()

    def export_curves(self, path: str | Path) -> Path | None:
        return self.folders.export_curves(path)

    def shortcuts_text(self) -> str:
        return window_actions.shortcuts_text()

    def show_shortcuts(self) -> None:
        window_actions.show_shortcuts(self)

    def show_about(self) -> None:
        window_actions.show_about(self)

    # ================================================================ closing
    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop a run cleanly (its checkpoint so far is kept), wait for loaders, save the settings."""
        self.window_settings.save()
        save_lessons_open(self.lessons, self.settings)
        if self.runs.training_thread is not None:
            self.show_status(self.tr("Stopping the run and saving its checkpoint…"))
            QApplication.processEvents()
        # Read after processEvents: a run that finished meanwhile has been handled (and its thread deleted).
        thread = self.runs.training_thread
        if thread is not None:
            thread.stop()
            if thread.wait(CLOSE_WAIT_MS):
                self.runs.thread_finished(thread)  # now, not when the queued signal would arrive
        self.jobs.close()
        self.jobs.wait(CLOSE_WAIT_MS)
        event.accept()

    def wait_for_threads(self, msecs: int = CLOSE_WAIT_MS) -> bool:
        """Block until the training and loading threads are done (tools and tests)."""
        thread = self.runs.training_thread
        ok = thread.wait(msecs) if thread is not None else True
        return self.jobs.wait(msecs) and ok
