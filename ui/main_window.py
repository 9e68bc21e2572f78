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

It is built in two stages so that it shows at once. The frame — the setup column (or the Lessons'
place), the tool bar, the menus, the status line and a placeholder per tab — needs neither torch nor
pyqtgraph and is made by the constructor. The parts that do (the curves, the inspection tabs, the run
controller, the Runs tab, the epoch slider, the Lessons pane, the run tools) are made by
:class:`WindowParts`: at once (the default, for tests and tools), or with ``deferred=True`` after the
window's first paint, step by step (:mod:`ui.window_parts`), Start waiting for them with the reason
beside it. ``partsReady`` says they are in.

Every slot runs on the GUI thread and does only cheap work (append points, set labels), so the
window stays responsive while a run trains.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar, cast

from PySide6.QtCore import QCoreApplication, QSettings, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QProgressBar, QSplitter, QTabWidget, QWidget

from cnnlab.app import AppModel
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.paths import asset
from ui import actions as window_actions
from ui.background import BackgroundJobs
from ui.data_cache import DataPreview, SplitsCache
from ui.language_menu import add_language_menu
from ui.left_column import install_left_column, save_lessons_open
from ui.panel_titles import PANEL_TITLES
from ui.setup import SetupPanel
from ui.start_reason import StartReason
from ui.status_line import RunProgress, StatusLine
from ui.window_parts import CURVES_TAB, DESIGN_TAB, RUNS_TAB, FirstPaint, PartsLoader, Step, TabSlots
from ui.window_settings import WindowSettings

if TYPE_CHECKING:  # the parts made after the first paint (torch, pyqtgraph)
    from cnnlab.datasets import DataSplits
    from cnnlab.engine.request import DataRequest
    from cnnlab.inspection import Subject
    from cnnlab.runs import RunRecord
    from ui.curves import CurvesView
    from ui.design.install import DesignTab
    from ui.epoch_slider import EpochSlider
    from ui.fix_and_rerun import FixAndRerun
    from ui.inspection_feed import InspectedLink, InspectionFeed, PanelFactories
    from ui.recent_runs import RunFolders
    from ui.run_controller import RunController
    from ui.run_tools import RunTools
    from ui.runs_view import RunsView
    from ui.start_check import StartCheck
    from ui.sweeps import SweepTools
    from ui.worker import TrainingThread

APP_TITLE = "cnnlab"  # the app's display name, which Qt appends to the window title ("… — cnnlab")
STYLE = Path(__file__).resolve().parent / "style.qss"  # the app's stylesheet, shipped beside this module
CLOSE_WAIT_MS = 60_000  # longest wait for a run to save and end when the window closes
T = TypeVar("T")  # the type of a forwarded attribute
READY = QT_TRANSLATE_NOOP("MainWindow", "Ready: press Start (Ctrl+Return) to train.")  # nothing needs saying
LOADING = QT_TRANSLATE_NOOP("MainWindow", "Loading the plots and the training engine…")  # the parts are coming
LOADING_REASON = QT_TRANSLATE_NOOP("MainWindow", "Loading…")  # beside Start while it waits for the parts
translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls


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
    """The cnnlab window. ``settings`` defaults to the app's QSettings; tests pass a private one.
    ``deferred=True``: the heavy parts are made after the first paint (``cnnlab gui``), see the module."""

    # Re-emitted after the window has handled the worker's event (tests and tools wait on these).
    runStarted = Signal(object)  # RunStarted
    epochEnded = Signal(object)  # EpochEnd
    runFinished = Signal(object)  # RunEnd
    dataLoaded = Signal(object)  # DataRequest whose preview is shown
    subjectChanged = Signal(object)  # Subject given to the panels
    painted = Signal()  # the window was first shown and drawn (deferred windows load their parts then)
    partsReady = Signal()  # every part is in: the curves, the tabs, runs, the Lessons

    # Made by WindowParts with the heavy parts (after the first paint when deferred).
    curves: CurvesView
    panels: list[QWidget]  # the inspection panels, in tab order
    feed: InspectionFeed
    inspected: InspectedLink  # one test image looked at in every tab
    runs: RunController
    start_check: StartCheck  # Start asks first when a run would be long
    folders: RunFolders
    runs_view: RunsView  # the Runs tab (history, compare two) and File ▸ Runs…
    epoch_slider: EpochSlider  # tool bar, before Lessons: the tabs after epoch 1, 2, …
    run_tools: RunTools  # Run ▸ Continue…, File ▸ Export report… and Export model…
    getting_started: QAction  # Help ▸ Getting started
    fix_and_rerun: FixAndRerun  # the training doctor's findings, rerun with their fix and compared
    design: DesignTab  # the Design tab, View ▸ Design…, Runs ▸ Open in designer
    sweeps: SweepTools  # Run ▸ New sweep…, Open sweep file…, Sweep results…

    def __init__(self, settings: QSettings | None = None, *, torch_threads: int | None = None,
                 panels: PanelFactories | None = None, error_dialogs: bool = True, deferred: bool = False) -> None:
        super().__init__()
        self.settings = settings if settings is not None else QSettings()
        self._shown_problem = ""  # the setup problem the status line shows, if any
        self._ended_setup: tuple[object, ...] | None = None  # the setup of the run whose end the tool bar shows
        self.setWindowTitle(window_title())
        self.setWindowIcon(app_icon())

        self.jobs = BackgroundJobs(self)
        if deferred:
            self.jobs.hold()  # until torch is in: a job importing it would hold up the paint and the loader
        self.parts = PartsLoader(WindowParts(self, panels, torch_threads).steps(), self)
        self.cache = SplitsCache()
        self.setup = SetupPanel(run_in_thread=self.jobs.run, later=deferred)  # deferred: its Data, Model tabs too
        self.model = AppModel(self.setup.setup_state)  # what every view shows, Qt-free (tests drive it)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tab_slots = TabSlots(self.tabs)  # a placeholder per tab until its part is made
        self.tab_slots.reserve(CURVES_TAB, self.tr("Curves"))
        for title in [t for t, _ in panels] if panels is not None else PANEL_TITLES:
            self.tab_slots.reserve(title, QCoreApplication.translate("Panels", title))  # titles: ui.panel_titles
        self.tab_slots.reserve(RUNS_TAB, self.tr("Runs"))
        self.tab_slots.reserve(DESIGN_TAB, self.tr("Design"))
        self.splitter = QSplitter()  # horizontal, Qt's default
        self.splitter.addWidget(self.setup)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 1)  # a wider window widens the setup a little (the layer table)…
        self.splitter.setStretchFactor(1, 3)  # …and the plots most
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        self.status = StatusLine(self, self.model.status, error_dialogs=error_dialogs)
        self.run_progress = RunProgress(self)
        self.preview = DataPreview(self.setup, self.cache, self.jobs, self.status, self)
        self.commands = window_actions.make_actions(self, self)
        self.epochs_action = QAction(self.tr("Curves against &epochs"), self, checkable=True)  # View: with the curves
        self.epochs_action.setToolTip(self.tr("Plot against epochs instead of iterations."))
        self.epochs_action.setEnabled(False)
        self.recent_menu = window_actions.make_menus(self, self.commands, self.epochs_action)
        self.toolbar = window_actions.make_toolbar(self, self.commands, *self.run_progress.widgets())
        self.start_reason = StartReason(self.toolbar, self.commands.stop, self.run_progress.widgets(), self)
        # chapter 18 step by step, in place of the setup (View ▸ Lessons), open at the first start
        self.lessons = install_left_column(self, self.setup, self.splitter, self.toolbar, self.settings)
        self.window_settings = WindowSettings(self.settings, self, self.setup, self.splitter)
        if STYLE.is_file():  # once the frame is built: styled in one pass, not again as each part joins it
            self.setStyleSheet(STYLE.read_text(encoding="utf-8"))
        self._wire()
        self.parts.ready.connect(self._parts_ready)
        self.parts.failed.connect(self._parts_failed)
        for waiting in (self.commands.open, self.commands.export, self.recent_menu):
            waiting.setEnabled(False)  # the run folders and the curves come with the parts
        if not deferred:  # every part now, and the saved state restored over them (the window as it will show)
            self._after_first_paint()
            self.parts.install_all()
        notes = self.window_settings.restore()
        add_language_menu(self, self.settings, self.show_status)
        self.show_status(" ".join(notes) if notes else self.tr(READY if self.parts_ready() else LOADING))
        self._update_actions()

    def _wire(self) -> None:
        self.setup.changed.connect(self._update_actions)
        self.setup.failed.connect(lambda sentence: self.show_status(sentence, error=True))
        self.setup.dataRequested.connect(self.preview.load)
        self.preview.loaded.connect(self.dataLoaded)
        self.jobs.busyChanged.connect(self._update_busy)

    # ================================================================= parts
    def parts_ready(self) -> bool:
        """The heavy parts are in (always, unless the window was made with ``deferred=True``)."""
        return self.parts.is_ready

    def load_parts(self) -> None:
        """Make the heavy parts once the window has been drawn (a ``deferred`` window, after ``show``)."""
        FirstPaint(self, self._first_paint)

    def _first_paint(self) -> None:
        self.painted.emit()
        self._after_first_paint()
        self.parts.start()

    def _after_first_paint(self) -> None:
        """What the first paint did without, though it needs neither torch nor pyqtgraph: the setup's Data and
        Model tabs, and the labels' details that name Qt's flags (PySide6 builds their enums on first use)."""
        self.setup.build_views()
        self.status.after_first_paint()
        self.start_reason.after_first_paint()

    def when_ready(self, then: Callable[[], object]) -> None:
        """Call ``then`` once the parts are in: now if they are."""
        if self.parts_ready():
            then()
        else:
            self.partsReady.connect(lambda: then())

    def _parts_ready(self) -> None:
        gc.freeze()  # torch's, Qt's and the parts' objects live as long as the window: no collection walks them again
        for waiting in (self.commands.open, self.commands.export, self.recent_menu):
            waiting.setEnabled(True)
        if self.status_text() == self.tr(LOADING):
            self.show_status(self.tr(READY))
        self._update_actions()
        self.partsReady.emit()

    def _parts_failed(self, sentence: str) -> None:
        self.start_reason.show(sentence)
        self.show_status(sentence, error=True)

    # ====================================== the parts, as tests and tools reach them
    start_action = Forward[QAction]("commands.start")
    pause_action = Forward[QAction]("commands.pause")
    stop_action = Forward[QAction]("commands.stop")
    progress = Forward[QProgressBar]("run_progress.bar")
    status_label = Forward[QLabel]("status.label")
    torch_threads = Forward[int | None]("runs.torch_threads")
    error_dialogs = Forward[bool]("status.error_dialogs")
    last_error = Forward[str]("status.last_error")
    subject: Forward[Subject | None] = Forward("feed.subject")  # annotated, not subscripted: imported with the parts
    _thread: Forward[TrainingThread | None] = Forward("runs.training_thread")
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
        self.status.set_busy(self.jobs.busy() or (self.parts_ready() and self.runs.preparing()))

    def _update_actions(self) -> None:
        ready = self.parts_ready()
        running = self.is_running()
        problem = "" if running else self.setup.problem()
        waiting = "" if ready or problem else (self.parts.broken or self.tr(LOADING_REASON))
        sweeping = ready and self.sweeps.running()
        self.start_action.setEnabled(ready and not running and not problem and not sweeping)
        self.start_reason.show(problem or waiting, waiting=not problem and bool(waiting) and not self.parts.broken)
        steerable = running and not self.runs.stopping()
        self.pause_action.setEnabled(steerable and self.runs.run_key is not None)
        self.stop_action.setEnabled(steerable)
        self.pause_action.setText(self.tr("&Resume") if running and self.runs.paused() else self.tr("&Pause"))
        idle = self.tr(READY) if ready else self.tr(LOADING)  # what the status line says when all is well
        if problem:
            self.show_status(problem, error=True)
        elif self._shown_problem and self.status_text() == self._shown_problem:
            self.show_status(idle)
        elif (ready and not running and self.model.status.error and self.runs.refusal
              and self.model.status.message == self.runs.refusal and self.runs.refusal_gone()):
            self.show_status(idle)  # the settings no longer refuse a Start: the red note goes
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
        return self.parts_ready() and self.runs.is_running()

    def start(self) -> bool:
        """Start training with the current settings, after asking when the run would be long; False (and a
        message) when it cannot, or the student chose not to (or the parts are still loading)."""
        if not self.parts_ready() or self.is_running():
            return False
        if self.sweeps.running():
            self.show_status(self.tr("A sweep is training: start the run once it has ended."), error=True)
            return False
        if not self.start_check.allows():
            return False
        return self.runs.start()

    def toggle_pause(self) -> None:
        if self.is_running():
            self.runs.toggle_pause()

    def stop(self) -> None:
        if self.is_running():
            self.runs.stop()

    def remember_splits(self, request: DataRequest, splits: DataSplits) -> None:
        """Keep loaded data for reuse: a run or preview with the same request will not load it again."""
        self.cache.remember(request, splits)

    def set_subject(self, subject: Subject | None) -> None:
        self.feed.set_subject(subject)

    def choose_run(self) -> None:
        self.folders.choose_run()

    def open_run(self, path: str | Path) -> RunRecord | None:
        """Show a run folder's curves and results; load its data for the inspection tabs (once the parts are
        in: see :meth:`when_ready`)."""
        return self.folders.open_run(path)

    def place_tab(self, key: str, page: QWidget, title: str) -> None:
        """``page`` in the tab reserved for ``key`` (the end when none was)."""
        self.tab_slots.fill(key, page, title)

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
        self.parts.stop()  # no more parts; the import threads end first (the app must not quit under them)
        if self.is_running():
            self.show_status(self.tr("Stopping the run and saving its checkpoint…"))
            QApplication.processEvents()
        # Read after processEvents: a run that finished meanwhile has been handled (and its thread deleted).
        thread = self.runs.training_thread if self.parts_ready() else None
        if thread is not None:
            thread.stop()
            if thread.wait(CLOSE_WAIT_MS):
                self.runs.thread_finished(thread)  # now, not when the queued signal would arrive
        if self.parts_ready():
            self.sweeps.close()  # its trials in progress save what they trained
        self.jobs.close()
        self.jobs.wait(CLOSE_WAIT_MS)
        event.accept()

    def wait_for_threads(self, msecs: int = CLOSE_WAIT_MS) -> bool:
        """Block until the training and loading threads are done (tools and tests)."""
        thread = self.runs.training_thread if self.parts_ready() else None
        ok = thread.wait(msecs) if thread is not None else True
        return self.jobs.wait(msecs) and ok


class WindowParts:
    """The window's heavy parts, one install step each, in the order they are made (see the module)."""

    def __init__(self, window: MainWindow, panels: PanelFactories | None, torch_threads: int | None) -> None:
        self.w, self.panel_factories, self.torch_threads = window, panels, torch_threads

    def steps(self) -> list[Step]:
        return [("engine", self.engine), ("curves", self.curves), ("inspection tabs", self.inspection),
                ("runs", self.runs), ("runs tab", self.runs_view), ("fix and rerun", self.fix_and_rerun),
                ("epoch slider", self.epoch_slider), ("lessons", self.lessons), ("run tools", self.run_tools),
                ("design", self.design), ("sweeps", self.sweeps), ("getting started", self.getting_started)]

    def engine(self) -> None:
        """This machine's GPUs in the device picker; the jobs that waited for torch start (the preview's load)."""
        w = self.w
        if w.setup.devices_later:
            from cnnlab.engine.device import available_devices

            notes = w.setup.set_devices(available_devices())
            if notes:
                w.show_status(" ".join(notes))
        w.jobs.release()

    def curves(self) -> None:
        """The curves in their tab, and View ▸ Curves against epochs kept in step with the x axis they draw
        (their box may say Auto); their splitter and axis as saved."""
        from ui.curves import CurvesView

        w = self.w
        w.curves = CurvesView(w.model.runs)
        w.place_tab(CURVES_TAB, w.curves, translate("MainWindow", "Curves"))
        action = w.epochs_action
        action.triggered.connect(lambda on: w.curves.set_x_mode("epochs" if on else "iterations"))
        w.curves.xModeChanged.connect(lambda mode: action.setChecked(mode == "epochs"))
        w.window_settings.restore_curves(w.curves)
        action.setChecked(w.curves.x_mode() == "epochs")
        action.setEnabled(True)

    def inspection(self) -> None:
        from ui.inspection_feed import InspectedLink, InspectionFeed, add_panels

        w = self.w
        w.panels = add_panels(w.tab_slots, self.panel_factories)
        w.feed = InspectionFeed(w.panels, w.jobs, w.status, w.is_running, w)
        w.inspected = InspectedLink(w.model, w.panels, w)  # one test image looked at in every tab
        w.feed.subjectChanged.connect(w.subjectChanged)

    def runs(self) -> None:
        """Start, pause, stop; opened and recent run folders."""
        from ui.recent_runs import RunFolders
        from ui.run_controller import RunController
        from ui.start_check import StartCheck

        w = self.w
        w.runs = RunController(w.setup, w.curves, w.run_progress, w.status, w.cache, w.feed, w.jobs,
                               torch_threads=self.torch_threads, parent=w)
        w.start_check = StartCheck(w.setup, w.status, w)  # Start asks first when a run would be long
        w.folders = RunFolders(w, w.recent_menu, w.tabs, w.curves, w.status, w.feed, w.cache, w.jobs)
        w.folders.on_opened = w._show_opened_setup
        w.runs.aboutToStart.connect(w.window_settings.save)
        w.runs.changed.connect(w._update_actions)
        w.runs.changed.connect(w._update_busy)
        w.runs.runStarted.connect(w.runStarted)
        w.runs.epochEnded.connect(w.epochEnded)
        w.runs.runFinished.connect(w._on_run_finished)
        w.runs.runFinished.connect(w.runFinished)

    def runs_view(self) -> None:
        from ui.runs_view import install_runs_view

        self.w.runs_view = install_runs_view(self.w)  # the Runs tab (history, compare two) and File ▸ Runs…

    def fix_and_rerun(self) -> None:
        from ui.fix_and_rerun import install_fix_and_rerun

        self.w.fix_and_rerun = install_fix_and_rerun(self.w, self.w.runs_view)  # the doctor's findings, fixed

    def design(self) -> None:
        from ui.design import install_design_view

        self.w.design = install_design_view(self.w, self.w.runs_view)  # the Design tab, View ▸ Design…

    def epoch_slider(self) -> None:
        from ui.epoch_slider import install_epoch_slider

        self.w.epoch_slider = install_epoch_slider(self.w)  # tool bar, before Lessons: the tabs after epoch 1, 2…

    def lessons(self) -> None:
        from ui.lessons import install_lessons

        install_lessons(self.w, self.w.lessons)  # chapter 18 step by step, in the left column's Lessons page

    def run_tools(self) -> None:
        from ui.run_tools import install_run_tools

        w = self.w
        w.run_tools = install_run_tools(w)  # Run ▸ Continue…, File ▸ Export report… and Export model…
        w.run_tools.shown_pair = w._shown_pair  # Export report writes the compared pair while it is in view
        for changed in (w.runs_view.compared, w.runs_view.pages.currentChanged, w.tabs.currentChanged):
            changed.connect(lambda *_args: w.run_tools.update())

    def sweeps(self) -> None:
        from ui.sweeps import install_sweeps

        w = self.w
        w.sweeps = install_sweeps(w, w.runs_view)  # Run ▸ New sweep…, Open sweep file…, Sweep results…
        w.sweeps.changed.connect(w._update_actions)  # Start waits while a sweep trains

    def getting_started(self) -> None:
        from ui.getting_started import install_getting_started

        self.w.getting_started = install_getting_started(self.w, self.w.lessons)  # Help ▸ Getting started, What's this?
