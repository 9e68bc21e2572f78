"""The main window: setup on the left, curves and inspection tabs on the right, a run tool bar on top.

The window owns the threads. A :class:`ui.worker.TrainingThread` hands each run to the app's
training process and relays its events; datasets for the preview and for opened runs load in
:class:`ui.worker.CallThread`. Every slot here runs on the GUI thread and does only cheap work
(append points, set labels), so the window stays responsive while a run trains.
"""

from __future__ import annotations

import json
import sys
import traceback
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import torch
from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QToolBar,
    QWidget,
)

import cnnlab
from cnnlab.datasets import DataSplits
from cnnlab.engine import BatchEnd, CheckpointMeta, EpochEnd, RunEnd, RunStarted
from cnnlab.engine.callbacks import clock
from cnnlab.engine.session import RunState
from cnnlab.errors import UserError
from cnnlab.inspection import Subject
from cnnlab.paths import asset
from cnnlab.runs import RunRecord, list_runs, load_run
from ui.curves import CurvesView
from ui.panels.base import PreparingPanel
from ui.setup import SetupPanel
from ui.worker import CallThread, DataRequest, TrainingThread

APP_TITLE = "cnnlab"
STYLE = Path(__file__).resolve().parent / "style.qss"
RECENT_RUNS = 10  # entries in File ▸ Recent runs: enough to find last week's run, short enough to scan
CACHED_SPLITS = 3  # loaded datasets kept for reuse (a full CIFAR-10 is ~180 MB of uint8)
CLOSE_WAIT_MS = 60_000  # longest wait for a run to save and end when the window closes
PROGRESS_INTERVAL_MS = 125  # progress bar refresh: 8 a second reads as live and leaves the cores to training
SETUP_WIDTH = 440  # pixels for the setup column at first start: the layer table's seven columns fit

SHORTCUTS: dict[str, tuple[QKeySequence | QKeySequence.StandardKey, ...]] = {
    "start": (QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter"), QKeySequence("F5")),
    "pause": (QKeySequence("Ctrl+P"),),
    "stop": (QKeySequence("Esc"), QKeySequence("Ctrl+.")),
    "open": (QKeySequence.StandardKey.Open,),
    "export": (QKeySequence("Ctrl+E"),),
    "quit": (QKeySequence.StandardKey.Quit,),
}


def app_icon() -> QIcon:
    return QIcon(str(asset("cnnlab.svg")))


def _keys_text(keys: tuple[QKeySequence | QKeySequence.StandardKey, ...]) -> str:
    texts = [QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) for k in keys]
    return ", ".join(t for t in texts if t)


class MainWindow(QMainWindow):
    """The cnnlab window. ``settings`` defaults to the app's QSettings; tests pass a private one."""

    # Re-emitted after the window has handled the worker's event (tests and tools wait on these).
    runStarted = Signal(object)  # RunStarted
    epochEnded = Signal(object)  # EpochEnd
    runFinished = Signal(object)  # RunEnd
    dataLoaded = Signal(object)  # DataRequest whose preview is shown
    subjectChanged = Signal(object)  # Subject given to the panels

    def __init__(self, settings: QSettings | None = None, *, torch_threads: int | None = None,
                 panels: list[tuple[str, Callable[[], QWidget]]] | None = None,
                 error_dialogs: bool = True) -> None:
        super().__init__()
        self.settings = settings if settings is not None else QSettings()
        # torch threads of the training process; None: torch's default, the same as `cnnlab train`
        self.torch_threads = torch_threads
        self.error_dialogs = error_dialogs  # False: failures go to the status line only (tests)
        self.last_error = ""  # the last one-sentence failure shown
        self._shown_problem = ""  # the setup problem the status line shows, if any
        self._thread: TrainingThread | None = None
        self._run_key: str | None = None
        self._run_model = ""
        self._run_splits: DataSplits | None = None
        self._gui_threads = torch.get_num_threads()  # restored when a run ends
        self._splits_cache: OrderedDict[DataRequest, DataSplits] = OrderedDict()
        self._loaders: set[CallThread] = set()  # data and layer-table jobs still running
        self._pending_subject: tuple[CheckpointMeta, dict, DataSplits, int] | None = None
        self._preparing = False  # a subject is being built off the GUI thread
        self.subject: Subject | None = None

        self.setWindowTitle(f"{APP_TITLE} — convolutional networks lab")
        self.setWindowIcon(app_icon())
        if STYLE.is_file():
            self.setStyleSheet(STYLE.read_text(encoding="utf-8"))

        self.setup = SetupPanel(run_in_thread=self._run_in_thread)
        self.curves = CurvesView()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.curves, "Curves")
        self.panels: list[QWidget] = []
        self._add_panels(panels)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.setup)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 1)  # a wider window widens the setup a little (the layer table)…
        self.splitter.setStretchFactor(1, 3)  # …and the plots most
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        self._make_actions()
        self._make_menus()
        self._make_toolbar()
        self._make_status_bar()

        self.setup.changed.connect(self._update_actions)
        self.setup.dataRequested.connect(self._load_preview)
        self._last_batch: BatchEnd | None = None
        self._progress_timer = QTimer(self)
        self._progress_timer.setSingleShot(True)
        self._progress_timer.setInterval(PROGRESS_INTERVAL_MS)
        self._progress_timer.timeout.connect(self._show_progress)
        self._subject_timer = QTimer(self)
        self._subject_timer.setSingleShot(True)
        self._subject_timer.timeout.connect(self._apply_subject)

        self._restore_settings()
        self._update_actions()

    # ================================================================ building
    def _add_panels(self, panels: list[tuple[str, Callable[[], QWidget]]] | None) -> None:
        """One tab per inspection panel (``ui.panels.PANELS``, read now so later entries count)."""
        if panels is None:
            from ui import panels as panel_module

            panels = list(panel_module.PANELS)
        for title, factory in panels:
            try:
                panel = factory()
            except Exception:  # one broken panel must not keep the app from starting
                traceback.print_exc(file=sys.stderr)
                continue
            self.panels.append(panel)
            self.tabs.addTab(panel, title)

    def _action(self, text: str, slot: Callable[[], object], keys: tuple = (), tip: str = "") -> QAction:
        action = QAction(text, self)
        if keys:
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        shortcut = _keys_text(keys)
        action.setToolTip(f"{tip or text} ({shortcut})" if shortcut else (tip or text))
        action.setStatusTip(tip or text)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _make_actions(self) -> None:
        self.start_action = self._action("&Start", self.start, SHORTCUTS["start"], "Start training with these settings")
        self.pause_action = self._action("&Pause", self.toggle_pause, SHORTCUTS["pause"],
                                         "Pause the run; press again to resume")
        self.stop_action = self._action("S&top", self.stop, SHORTCUTS["stop"],
                                        "Stop the run and keep what was trained")
        self.open_action = self._action("&Open run…", self.choose_run, SHORTCUTS["open"],
                                        "Open a finished run folder and show its curves")
        self.export_action = self._action("&Export curves as PNG…", self.choose_export, SHORTCUTS["export"],
                                          "Save both plots as a PNG image")
        self.quit_action = self._action("&Quit", self.close, SHORTCUTS["quit"], "Close cnnlab")
        self.shortcuts_action = self._action("&Keyboard shortcuts", self.show_shortcuts)
        self.about_action = self._action("&About cnnlab", self.show_about)

    def _make_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.open_action)
        self.recent_menu = QMenu("&Recent runs", self)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addMenu(self.recent_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        run_menu = bar.addMenu("&Run")
        for a in (self.start_action, self.pause_action, self.stop_action):
            run_menu.addAction(a)
        view_menu = bar.addMenu("&View")
        self.epochs_action = QAction("Curves against &epochs", self, checkable=True)
        self.epochs_action.setToolTip("Plot against epochs instead of iterations.")
        self.epochs_action.toggled.connect(lambda on: self.curves.set_x_mode("epochs" if on else "iterations"))
        self.curves.x_axis.currentIndexChanged.connect(
            lambda _i: self.epochs_action.setChecked(self.curves.x_mode() == "epochs"))
        view_menu.addAction(self.epochs_action)
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self.about_action)

    def _make_toolbar(self) -> None:
        bar = QToolBar("Run")
        bar.setObjectName("runToolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for a in (self.start_action, self.pause_action, self.stop_action):
            bar.addAction(a)
            button = bar.widgetForAction(a)
            button.setObjectName(f"{a.text().replace('&', '').lower()}Button")
            button.setMinimumWidth(72)
        bar.addSeparator()
        self.progress = QProgressBar()
        self.progress.setObjectName("runProgress")
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setTextVisible(True)
        self.progress.setFormat("Ready")
        self.progress.setMinimumWidth(200)
        self.progress.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        bar.addWidget(self.progress)
        self.progress_label = QLabel("")
        self.progress_label.setObjectName("progressLabel")
        self.progress_label.setMinimumWidth(360)
        bar.addWidget(self.progress_label)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.toolbar = bar

    def _make_status_bar(self) -> None:
        self.status_label = QLabel("")
        self.status_label.setObjectName("statusMessage")
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # indeterminate: "working"
        self.busy.setMaximumWidth(120)
        self.busy.setMaximumHeight(14)
        self.busy.hide()
        self.statusBar().addWidget(self.status_label, 1)
        self.statusBar().addPermanentWidget(self.busy)

    # ================================================================ status
    def status_text(self) -> str:
        return self.status_label.text()

    def show_status(self, text: str, error: bool = False) -> None:
        self.status_label.setText(text)
        self.status_label.setProperty("error", error)
        self.status_label.style().unpolish(self.status_label)
        self.status_label.style().polish(self.status_label)

    def show_error(self, message: str, title: str = "cnnlab") -> None:
        """A failure the student should notice: status line, and a dialog unless turned off."""
        self.last_error = message
        self.show_status(message, error=True)
        if self.error_dialogs:
            box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, self)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()  # not modal to the event loop: training curves keep drawing

    def _update_busy(self) -> None:
        loading = any(t.shows_busy for t in self._loaders) or (self._thread is not None and self._run_key is None)
        self.busy.setVisible(loading)

    def _update_actions(self) -> None:
        running = self.is_running()
        problem = "" if running else self.setup.problem()
        self.start_action.setEnabled(not running and not problem)
        steerable = running and not self._stopping()
        self.pause_action.setEnabled(steerable and self._run_key is not None)
        self.stop_action.setEnabled(steerable)
        self.pause_action.setText("&Resume" if self._paused() else "&Pause")
        if problem:
            self.show_status(problem, error=True)
        elif self._shown_problem and self.status_text() == self._shown_problem:
            self.show_status("Ready: press Start (Ctrl+Return) to train.")
        self._shown_problem = problem

    def is_running(self) -> bool:
        return self._thread is not None

    def _stopping(self) -> bool:
        """Stopping or already ended: the run takes no more commands."""
        return self._thread is not None and self._thread.session.state in (RunState.STOPPING, RunState.ENDED)

    def _paused(self) -> bool:
        return self._thread is not None and self._thread.session.paused

    # ================================================================ data
    def _cached(self, request: DataRequest) -> DataSplits | None:
        splits = self._splits_cache.get(request)
        if splits is not None:
            self._splits_cache.move_to_end(request)
        return splits

    def remember_splits(self, request: DataRequest, splits: DataSplits) -> None:
        """Keep loaded data for reuse: a run or preview with the same request will not load it again."""
        self._splits_cache[request] = splits
        self._splits_cache.move_to_end(request)
        while len(self._splits_cache) > CACHED_SPLITS:
            self._splits_cache.popitem(last=False)

    def _run_in_thread(self, fn: Callable[[], object], done: Callable[[object], None],
                       failed: Callable[[str], None], shows_busy: bool = True) -> CallThread:
        """Run ``fn`` on a worker thread; ``shows_busy=False`` for quick background work the user did
        not ask for (the busy indicator would only flicker)."""
        thread = CallThread(fn, self)
        thread.shows_busy = shows_busy
        thread.done.connect(done)
        thread.failed.connect(failed)
        self._loaders.add(thread)

        def finished() -> None:
            self._loaders.discard(thread)
            thread.deleteLater()
            self._update_busy()

        thread.finished.connect(finished)
        thread.start()
        self._update_busy()
        return thread

    def _load_preview(self, request: DataRequest) -> None:
        splits = self._cached(request)
        if splits is not None:
            self.setup.show_data(request, splits)
            self.dataLoaded.emit(request)
            return

        def done(result: object) -> None:
            assert isinstance(result, DataSplits)
            self.remember_splits(request, result)
            self.setup.show_data(request, result)
            self.dataLoaded.emit(request)

        def failed(message: str) -> None:
            self.setup.show_data_error(request, message)
            if request == self.setup.data_request():
                self.show_status(message, error=True)
            self.dataLoaded.emit(request)

        self.show_status(f"Loading {self.setup.spec().title}…")
        self._run_in_thread(request.load, done, failed)

    # ================================================================ a run
    def start(self) -> bool:
        """Start training with the current settings; False (and a message) when it cannot."""
        if self.is_running():
            return False
        try:
            config = self.setup.config()
        except UserError as e:
            self.show_status(str(e), error=True)
            return False
        request = DataRequest.for_config(config)
        splits = self._cached(request)
        self._save_settings()
        thread = TrainingThread(config, splits, torch_threads=self.torch_threads, parent=self)
        thread.dataReady.connect(lambda s, r=request: self._on_data_ready(r, s))
        thread.runStarted.connect(self._on_run_started)
        thread.batchesDone.connect(self._on_batches)
        thread.epochEnded.connect(self._on_epoch_end)
        thread.runEnded.connect(self._on_run_end)
        thread.finished.connect(lambda t=thread: self._on_thread_finished(t))
        self._thread, self._run_key, self._last_batch = thread, None, None
        # While a run trains, torch work on the GUI thread (the inspection model built at each epoch
        # end) runs on one thread: a team of several would wait for a core the training holds.
        self._gui_threads = torch.get_num_threads()
        torch.set_num_threads(1)
        self._run_model = config.model or ""
        self._run_splits = splits
        self.setup.set_running(True)
        self.progress.setRange(0, 0)
        self.progress.setFormat("Preparing…")
        self.progress_label.setText("")
        self.show_status(f"Loading {self.setup.spec().title}…" if splits is None else "Preparing the run…")
        thread.start()
        self._update_actions()
        self._update_busy()
        return True

    def toggle_pause(self) -> None:
        if self._thread is None or self._stopping():
            return
        if self._thread.resume():
            self.show_status("Training resumed.")
            self.progress.setFormat("%p%")
        elif self._thread.pause():
            self._show_progress()
            keys = _keys_text(SHORTCUTS["pause"])
            self.show_status(f"Paused: press Resume ({keys}) to go on, or Stop to end the run.")
            self.progress.setFormat("Paused · %p%")
        self._update_actions()

    def stop(self) -> None:
        if self._thread is None or self._stopping():
            return
        self._thread.stop()
        self.show_status("Stopping: saving what was trained so far…")
        self._update_actions()

    def _on_data_ready(self, request: DataRequest, splits: DataSplits) -> None:
        self._run_splits = splits
        self.remember_splits(request, splits)

    def _on_run_started(self, event: RunStarted) -> None:
        self._run_key = event.run_dir or f"session run {len(self.curves.runs()) + 1}"
        self.curves.begin_run(self._run_key, event.config)
        self.progress.setRange(0, event.epochs * event.steps_per_epoch)
        self.progress.setValue(0)
        self.progress.setFormat("%p%")
        self.progress_label.setText(f"epoch 1/{event.epochs}")
        self.show_status(f"Training {event.model} ({event.params:,} parameters) on {event.dataset}: "
                         f"{event.train_size:,} training images on {event.device}.")
        self._update_actions()
        self._update_busy()
        self.runStarted.emit(event)

    def _on_batches(self, events: list[BatchEnd]) -> None:
        if self._run_key is None or not events:
            return
        self.curves.add_batches(self._run_key, events)
        self._last_batch = events[-1]
        if not self._progress_timer.isActive():
            self._progress_timer.start()

    def _show_progress(self) -> None:
        """The progress bar and its line, at most PROGRESS_INTERVAL_MS apart: every redraw takes CPU
        time from the training process, so fewer updates mean faster training."""
        e = self._last_batch
        if e is None or self._thread is None:
            return
        self.progress.setValue(e.step)
        self.progress_label.setText(
            f"epoch {e.epoch}/{e.total_steps // e.batches} · batch {e.batch}/{e.batches} · "
            f"{e.samples_per_second:,.0f} img/s · {clock(e.eta)} left")

    def _on_epoch_end(self, event: EpochEnd) -> None:
        if self._run_key is None:
            return
        self.curves.add_epoch(self._run_key, event)
        self._show_progress()
        if self._run_splits is not None:
            meta = CheckpointMeta.for_dataset(self._run_model, self._run_splits.info)
            self._schedule_subject(meta, event.weights, self._run_splits, event.epoch)
        self.epochEnded.emit(event)

    def _on_run_end(self, end: RunEnd) -> None:
        if self._run_key is not None:
            self.curves.finish_run(self._run_key, end)
        if end.weights and self._run_splits is not None:
            meta = CheckpointMeta.for_dataset(self._run_model, self._run_splits.info)
            self._schedule_subject(meta, end.weights, self._run_splits, end.epochs_done)
        self._progress_timer.stop()
        self.progress.setRange(0, 1)
        self.progress.setValue(1 if end.status == "completed" else 0)
        if end.status == "completed":
            acc = f"test accuracy {100 * end.test_acc:.2f}%" if end.test_acc is not None else "finished"
            self.progress.setFormat("Done")
            self.show_status(f"Finished: {acc} after {end.epochs_done} epoch(s) in {end.train_seconds:.1f} s; "
                             f"saved in {end.run_dir}.")
        elif end.status == "stopped":
            self.progress.setFormat("Stopped")
            where = f"; the checkpoint is saved in {end.run_dir}" if end.run_dir and end.checkpoint else ""
            self.show_status(f"Stopped after {end.epochs_done} finished epoch(s){where}.")
        else:
            self.progress.setFormat("Failed")
            self.show_error(end.message or "The run failed.", "Training failed")
        self.runFinished.emit(end)

    def _on_thread_finished(self, thread: TrainingThread) -> None:
        """Called once per run: by the thread's ``finished`` signal, or by closeEvent, which comes first."""
        if self._thread is not thread:  # handled already; the thread may be deleted by now: do not touch it
            return
        self._thread = None
        torch.set_num_threads(self._gui_threads)
        self.setup.set_running(False)
        self._update_actions()
        self._update_busy()
        thread.deleteLater()

    # ============================================================ inspection
    def _schedule_subject(self, meta: CheckpointMeta, weights: dict, splits: DataSplits, epoch: int) -> None:
        """Hand the panels this epoch's weights; epochs that end in a burst only build the newest."""
        if not self.panels or not weights:
            return
        self._pending_subject = (meta, weights, splits, epoch)
        if not self._subject_timer.isActive():
            self._subject_timer.start(0)

    def _apply_subject(self) -> None:
        """Build the newest pending subject off the GUI thread, with the heavy work of the tabs in view
        (predictions for a whole test set take a few hundred ms), then hand it to every panel."""
        if self._pending_subject is None or self._preparing:
            return
        meta, weights, splits, epoch = self._pending_subject
        self._pending_subject = None
        in_view = [p for p in self.panels if p.isVisible() and isinstance(p, PreparingPanel)]
        one_thread = self.is_running()  # the training process has the cores

        def prepare() -> Subject:  # runs on a worker thread: Qt-free work only
            if one_thread:
                torch.set_num_threads(1)  # for this worker thread only: torch's setting is per thread
            subject = Subject.from_weights(meta, weights, splits.test, epoch)
            for panel in in_view:
                panel.prepare(subject)
            return subject

        def done(subject: object) -> None:
            self._preparing = False
            assert isinstance(subject, Subject)
            self.set_subject(subject)
            self._apply_subject()  # an epoch that ended meanwhile

        def failed(message: str) -> None:  # a model the inspection cannot rebuild must not stop training
            self._preparing = False
            self.show_status(f"The inspection tabs cannot show this model: {message}", error=True)
            self._apply_subject()

        self._preparing = True
        self._run_in_thread(prepare, done, failed, shows_busy=False)

    def set_subject(self, subject: Subject | None) -> None:
        self.subject = subject
        for panel in self.panels:
            try:
                panel.set_subject(subject)  # type: ignore[attr-defined]
            except Exception:  # a panel's bug must not take the window down
                traceback.print_exc(file=sys.stderr)
        self.subjectChanged.emit(subject)

    # ============================================================ run folders
    def choose_run(self) -> None:
        from cnnlab.paths import runs_dir

        start = str(runs_dir()) if runs_dir().is_dir() else str(Path.home())
        folder = QFileDialog.getExistingDirectory(self, "Open a run folder", start)
        if folder:
            self.open_run(folder)

    def open_run(self, path: str | Path) -> RunRecord | None:
        """Show a run folder's curves and results; load its data for the inspection tabs."""
        try:
            record = load_run(path)
        except UserError as e:
            self.show_error(str(e), "Cannot open the run")
            return None
        self.curves.add_record(record)
        self.tabs.setCurrentWidget(self.curves)
        r = record.results or {}
        acc = f", test accuracy {100 * r['test_acc']:.2f}%" if r.get("test_acc") is not None else ""
        self.show_status(f"Opened {record.label}: {len(record.metrics)} epoch(s){acc}.")
        if self.panels and record.checkpoint is not None:
            self._load_run_subject(record)
        return record

    def _load_run_subject(self, record: RunRecord) -> None:
        c = record.config
        request = replace(DataRequest.from_dict(c), train_limit=None)  # the whole test set, as the run saw it
        checkpoint = record.checkpoint
        assert checkpoint is not None

        def done(result: object) -> None:
            assert isinstance(result, DataSplits)
            self.remember_splits(request, result)
            try:
                subject = Subject.from_checkpoint(checkpoint, result.test)
            except UserError as e:
                self.show_status(f"Curves shown; the inspection tabs cannot use it: {e}", error=True)
                return
            self.set_subject(subject)

        def failed(message: str) -> None:
            self.show_status(f"Curves shown; the inspection tabs need its data: {message}", error=True)

        splits = self._cached(request)
        if splits is not None:
            done(splits)
        else:
            self._run_in_thread(request.load, done, failed)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        try:
            runs = list_runs()[:RECENT_RUNS]
        except OSError as e:
            runs = []
            self.show_status(f"Cannot list the runs folder: {e.strerror or e}.", error=True)
        if not runs:
            empty = self.recent_menu.addAction("No runs yet")
            empty.setEnabled(False)
            return
        for record in runs:
            r = record.results or {}
            acc = f" — test {100 * r['test_acc']:.1f}%" if r.get("test_acc") is not None else ""
            action = self.recent_menu.addAction(f"{record.label}{acc}")
            action.setToolTip(str(record.path))
            action.triggered.connect(lambda _checked=False, p=record.path: self.open_run(p))

    def choose_export(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, "Export curves as PNG", str(Path.home() / "curves.png"),
                                                    "PNG images (*.png)")
        if path:
            self.export_curves(path if path.lower().endswith(".png") else path + ".png")

    def export_curves(self, path: str | Path) -> Path | None:
        try:
            out = self.curves.export_png(path)
        except OSError as e:
            self.show_error(f"Cannot write {path}: {e.strerror or e}.", "Export failed")
            return None
        self.show_status(f"Curves saved as {out}.")
        return out

    # ================================================================ help
    def shortcuts_text(self) -> str:
        rows = [("Start training", "start"), ("Pause / resume", "pause"), ("Stop (keeps what was trained)", "stop"),
                ("Open a run folder", "open"), ("Export curves as PNG", "export"), ("Quit", "quit")]
        return "\n".join(f"{label}: {_keys_text(SHORTCUTS[key])}" for label, key in rows)

    def show_shortcuts(self) -> None:
        QMessageBox.information(self, "Keyboard shortcuts", self.shortcuts_text())

    def show_about(self) -> None:
        QMessageBox.about(self, "About cnnlab",
                          f"<b>cnnlab {cnnlab.__version__}</b><br>A teaching lab for convolutional neural networks: "
                          "pick a dataset and a network, train it while the curves draw, then look inside.<br><br>"
                          "Built on PyTorch, PySide6 and pyqtgraph.")

    # ============================================================== settings
    def _restore_settings(self) -> None:
        raw = self.settings.value("setup", "")
        try:
            state = json.loads(raw) if isinstance(raw, str) and raw else {}
        except json.JSONDecodeError:
            state = {}
        notes = self.setup.restore(state if isinstance(state, dict) else {})
        geometry = self.settings.value("geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        window_state = self.settings.value("windowState")
        if isinstance(window_state, QByteArray) and not window_state.isEmpty():
            self.restoreState(window_state)
        splitter = self.settings.value("splitter")
        if not (isinstance(splitter, QByteArray) and self.splitter.restoreState(splitter)):
            self.splitter.setSizes([SETUP_WIDTH, max(400, self.width() - SETUP_WIDTH)])
        curves_split = self.settings.value("curvesSplitter")
        if isinstance(curves_split, QByteArray):
            self.curves.splitter.restoreState(curves_split)
        if self.settings.value("xMode") in ("iterations", "epochs"):
            self.curves.set_x_mode(str(self.settings.value("xMode")))
        if notes:
            self.show_status(" ".join(notes))
        else:
            self.show_status("Ready: press Start (Ctrl+Return) to train.")

    def _save_settings(self) -> None:
        self.settings.setValue("setup", json.dumps(self.setup.state()))
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("windowState", self.saveState())
        self.settings.setValue("splitter", self.splitter.saveState())
        self.settings.setValue("curvesSplitter", self.curves.splitter.saveState())
        self.settings.setValue("xMode", self.curves.x_mode())
        self.settings.sync()

    # ================================================================ closing
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        """Stop a run cleanly (its checkpoint so far is kept), wait for loaders, save the settings."""
        self._save_settings()
        if self._thread is not None:
            self.show_status("Stopping the run and saving its checkpoint…")
            QApplication.processEvents()
        # Read after processEvents: a run that finished meanwhile has been handled (and its thread deleted).
        thread = self._thread
        if thread is not None:
            thread.stop()
            if thread.wait(CLOSE_WAIT_MS):
                self._on_thread_finished(thread)  # now, not when the queued signal would arrive
        for loader in list(self._loaders):
            loader.wait(CLOSE_WAIT_MS)
        event.accept()

    def wait_for_threads(self, msecs: int = CLOSE_WAIT_MS) -> bool:
        """Block until the training and loading threads are done (tools and tests)."""
        ok = True
        threads: list[Any] = [self._thread, *self._loaders]
        for t in threads:
            if t is not None:
                ok = t.wait(msecs) and ok
        return ok
