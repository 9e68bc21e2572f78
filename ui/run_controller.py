"""The window's side of one run: start, pause and stop it, and react to its events.

A run starts from a :class:`cnnlab.launch.RunPlan` made here once (settings resolved, run folder made,
or the continued run read); the run itself is a Qt-free :class:`cnnlab.launch.session.RunSession` held
by a :class:`ui.worker.TrainingThread`. :class:`RunController` makes that thread, relays its events to
the curves, the progress bar, the status line and the inspection feed, and lets go of the thread when
it finishes. The inspection tabs read the run's images from the window's data cache; on a miss they are
loaded here in the background (the training process never sends its data back). Every slot runs on
the GUI thread and does only cheap work.
"""

from __future__ import annotations

import contextlib
from dataclasses import replace
from functools import partial
from pathlib import Path

import torch
from PySide6.QtCore import QObject, Signal

from cnnlab.datasets import DataSplits, get_dataset_spec, list_datasets
from cnnlab.engine import BatchEnd, CheckpointMeta, EpochEnd, RunEnd, RunStarted, TrainConfig
from cnnlab.engine.doctor.diagnosis import Diagnosis
from cnnlab.engine.steps import smaller_batch
from cnnlab.errors import UserError
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.launch import RunPlan, plan_continuation, plan_run
from cnnlab.launch.session import RunState
from cnnlab.runs.store import load_run, run_label
from ui.actions import SHORTCUTS, keys_text
from ui.background import BackgroundJobs
from ui.curves import CurvesView
from ui.data_cache import SplitsCache
from ui.diagnoses import names_text, sentence
from ui.i18n import core_message, dataset_title
from ui.inspection_feed import InspectionFeed
from ui.setup import SetupPanel
from ui.status_line import RunProgress, StatusLine
from ui.worker import DataRequest, TrainingThread


def _ignore(_message: str) -> None:
    """A failed background load of the run's images: the training process reports the same failure."""


class RunController(QObject):
    """At most one run at a time; ``training_thread`` is its :class:`TrainingThread` until that finishes."""

    aboutToStart = Signal()  # the settings are valid and a run is about to start (the window saves them)
    changed = Signal()  # the run started, paused, resumed, stopped or finished: actions and busy may change
    runStarted = Signal(object)  # RunStarted, after the window has shown it
    epochEnded = Signal(object)  # EpochEnd, after the curves have it
    diagnosed = Signal(object)  # Diagnosis, the training doctor's finding, after the curves mark it
    runFinished = Signal(object)  # RunEnd, after the window has shown it

    def __init__(self, setup: SetupPanel, curves: CurvesView, progress: RunProgress, status: StatusLine,
                 cache: SplitsCache, feed: InspectionFeed, jobs: BackgroundJobs, *, torch_threads: int | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setup, self.curves, self.progress, self.status = setup, curves, progress, status
        self.cache, self.feed, self.jobs = cache, feed, jobs
        # torch threads of the training process; None: torch's default, the same as `cnnlab train`
        self.torch_threads = torch_threads
        self.training_thread: TrainingThread | None = None
        self.run_key: str | None = None  # the curves' key of the run, once it has started
        self._run_model = ""
        self._run_splits: DataSplits | None = None  # the run's images for the inspection tabs, once loaded
        self._waiting: tuple[dict, int] | None = None  # the newest weights to inspect once the images are loaded
        self._training_text = ""  # the status sentence while the run trains
        self._resumed_shown = False  # "Training resumed." is up until the next batches arrive
        self._gui_threads = torch.get_num_threads()  # restored when a run ends
        self._plan: RunPlan | None = None  # the run's plan, from Start until the next run
        self.refusal = ""  # the sentence of the last Start the settings refused; "" once a run starts

    # ------------------------------------------------------------------ state
    def is_running(self) -> bool:
        return self.training_thread is not None

    def preparing(self) -> bool:
        """Started, but the training process has not begun the run yet."""
        return self.training_thread is not None and self.run_key is None

    def stopping(self) -> bool:
        """Stopping or already ended: the run takes no more commands."""
        thread = self.training_thread
        return thread is not None and thread.session.state in (RunState.STOPPING, RunState.ENDED)

    def paused(self) -> bool:
        return self.training_thread is not None and self.training_thread.session.paused

    # --------------------------------------------------------------- commands
    def start(self) -> bool:
        """Start training with the current settings; False (and a message) when it cannot."""
        if self.is_running():
            return False
        try:
            plan = plan_run(self.setup.config())
        except UserError as e:
            self.refusal = str(e)
            self.status.show(self.refusal, error=True)
            return False
        self.refusal = ""
        return self._launch(plan)

    def start_with(self, config: TrainConfig) -> bool:
        """Start a run of ``config`` as it is (fix and rerun: a run's settings with one change), shown in the
        setup too; False (and a message) when it cannot start."""
        if self.is_running():
            return False
        try:
            plan = plan_run(config)
        except UserError as e:
            self.status.show(str(e), error=True)
            return False
        self.setup.show_run_config(plan.config.to_dict())
        return self._launch(plan)

    def retry_with_batch(self, batch_size: int) -> bool:
        """The last run's settings again as a new run, with batches of ``batch_size`` (after running out of GPU
        memory); False (and a message) when it cannot start."""
        if self._plan is None:
            return False
        return self.start_with(replace(self._plan.config, batch_size=batch_size))

    def refusal_gone(self) -> bool:
        """Whether the settings now get past what refused the last Start (no folder is made to find out)."""
        try:
            plan_run(self.setup.config(), folder=False)
        except UserError:
            return False
        return True

    def continue_run(self, run_dir: Path, epochs: int) -> bool:
        """Train the run in ``run_dir`` on to ``epochs`` in all, in the same folder; False (and a message)
        when it cannot be continued."""
        if self.is_running():
            return False
        try:
            plan = plan_continuation(run_dir, epochs)
        except UserError as e:
            self.status.show(str(e), error=True)
            return False
        return self._launch(plan)

    def _launch(self, plan: RunPlan) -> bool:
        request = plan.data
        splits = self.cache.get(request)
        self.aboutToStart.emit()
        thread = TrainingThread(plan, torch_threads=self.torch_threads, parent=self.parent())
        self._plan = plan
        thread.runStarted.connect(self._on_run_started)
        thread.batchesDone.connect(self._on_batches)
        thread.epochEnded.connect(self._on_epoch_end)
        thread.diagnosed.connect(self._on_diagnosis)
        thread.runEnded.connect(self._on_run_end)
        thread.finished.connect(lambda t=thread: self.thread_finished(t))
        self.training_thread, self.run_key = thread, None
        # While a run trains, torch work on the GUI thread (the inspection model built at each epoch
        # end) runs on one thread: a team of several would wait for a core the training holds.
        self._gui_threads = torch.get_num_threads()
        torch.set_num_threads(1)
        self._run_model = plan.config.model or ""
        self._run_splits, self._waiting = splits, None
        if splits is None:
            self.jobs.run(request.load, partial(self._on_data_ready, request), _ignore,
                          shows_busy=False)  # a failure is the run's own to report, in its RunEnd
        self.setup.set_running(True)
        self.progress.preparing()
        self.status.show(self.tr("Loading {0}…").format(dataset_title(self.setup.spec().title)) if splits is None
                         else self.tr("Preparing the run…"))
        thread.start()
        self.changed.emit()
        return True

    def toggle_pause(self) -> None:
        if self.training_thread is None or self.stopping():
            return
        if self.training_thread.resume():
            self.status.show(self.tr("Training resumed."))
            self._resumed_shown = True  # until the next batches: then the training sentence again
            self.progress.resumed()
        elif self.training_thread.pause():
            self.progress.paused()
            self.status.show(self.tr("Paused: press Resume ({0}) to go on, or Stop to end the run.").format(
                keys_text(SHORTCUTS["pause"])))
        if self.run_key is not None:
            self.curves.set_paused(self.run_key, self.paused())
        self.changed.emit()

    def stop(self) -> None:
        if self.training_thread is None or self.stopping():
            return
        self.training_thread.stop()
        self._resumed_shown = False
        self.progress.stopping()
        self.status.show(self.tr("Stopping: saving what was trained so far…"))
        self.changed.emit()

    # ----------------------------------------------------------------- events
    def _on_data_ready(self, request: DataRequest, loaded: object) -> None:
        assert isinstance(loaded, DataSplits)
        self.cache.remember(request, loaded)
        if self._plan is None or self._plan.data != request:  # another run has started since
            return
        self._run_splits = loaded
        if self._waiting is not None:
            weights, epoch = self._waiting
            self._waiting = None
            self._inspect(weights, epoch)

    def _on_run_started(self, event: RunStarted) -> None:
        self.run_key = event.run_dir or f"session run {len(self.curves.runs()) + 1}"
        series = self.curves.begin_run(self.run_key, event.config)
        continued = self._plan is not None and self._plan.continuation is not None
        if continued and event.run_dir:  # a continued run's curves start with its epochs so far
            with contextlib.suppress(UserError):
                for m in load_run(event.run_dir).metrics:
                    series.add_epoch(m)
        self.progress.started(event)
        self._training_text = self.tr("Training {0} ({1} parameters) on {2}: {3} training images on {4}.").format(
            event.model, f"{event.params:,}", dataset_title(get_dataset_spec(event.dataset).title)
            if event.dataset in list_datasets() else event.dataset, f"{event.train_size:,}", event.device)
        self._resumed_shown = False
        if continued:
            notes = (self._plan.note, core_message(self._plan.threads_note)) if self._plan is not None else ()
            self._training_text = " ".join([self.tr("Continuing {0} to {1} epochs.").format(
                run_label(event.config, event.run_dir), event.epochs), *(note for note in notes if note)])
        if event.config.get("compile_model"):  # the first batch waits for torch.compile: say why nothing moves
            self._training_text += " " + self.tr("Compiling the model first (seconds to minutes)…")
        self.status.show(self._training_text)
        self.changed.emit()
        self.runStarted.emit(event)

    def _on_batches(self, events: list[BatchEnd]) -> None:
        if self.run_key is None or not events:
            return
        self.curves.add_batches(self.run_key, events)
        self.progress.batch(events[-1])
        if self._resumed_shown and not self.paused():
            self._resumed_shown = False
            if self.status.text() == self.tr("Training resumed."):  # nothing newer said meanwhile
                self.status.show(self._training_text)

    def _inspect(self, weights: dict, epoch: int) -> None:
        if self._run_splits is None:  # the images are still loading: the newest weights wait for them
            self._waiting = (weights, epoch)
            return
        meta = CheckpointMeta.for_dataset(self._run_model, self._run_splits.info)
        if self.run_key is not None and self.run_key in self.curves.runs_state.entries:
            self.curves.runs_state.set_current(self.run_key, epoch)  # the app model: what the tabs show
        self.feed.schedule(meta, weights, self._run_splits, epoch)

    def _on_epoch_end(self, event: EpochEnd) -> None:
        if self.run_key is None:
            return
        self.curves.add_epoch(self.run_key, event)
        self.progress.show_now()
        self._inspect(event.weights, event.epoch)
        self.epochEnded.emit(event)

    def _on_diagnosis(self, found: Diagnosis) -> None:
        if self.run_key is None:
            return
        self.curves.add_diagnosis(self.run_key, found)
        where = self.tr("epoch {0}").format(found.epoch) if found.epoch else self.tr("the data")
        self.status.show(self.tr("The training doctor, {0}: {1}").format(where, sentence(found)))
        self.diagnosed.emit(found)

    def _on_run_end(self, end: RunEnd) -> None:
        self._resumed_shown = False
        if self.run_key is not None:
            self.curves.finish_run(self.run_key, end)
        if end.weights:
            self._inspect(end.weights, end.epochs_done)
        self.progress.ended(end)
        if end.status == "completed":
            seconds = f"{end.train_seconds:.1f}"
            if end.test_acc is not None:
                text = self.tr("Finished: test accuracy {0}% after {1} epoch(s) in {2} s; saved in {3}.").format(
                    f"{100 * end.test_acc:.2f}", end.epochs_done, seconds, end.run_dir)
            else:
                text = self.tr("Finished after {0} epoch(s) in {1} s; saved in {2}.").format(
                    end.epochs_done, seconds, end.run_dir)
            if end.compile_seconds is not None:
                text += " " + self.tr("Compiling the model took {0} s more.").format(f"{end.compile_seconds:.1f}")
            self.status.show(text)
        elif end.status == "stopped":
            if end.run_dir and end.checkpoint:
                self.status.show(self.tr("Stopped after {0} finished epoch(s); the checkpoint is saved in {1}.")
                                 .format(end.epochs_done, end.run_dir))
            else:
                self.status.show(self.tr("Stopped after {0} finished epoch(s).").format(end.epochs_done))
        else:
            smaller = smaller_batch(end.message)  # out of GPU memory: the same run with a smaller batch, one click
            offer = None if smaller is None or self._plan is None else (
                self.tr("Train with batches of {0}").format(smaller), partial(self.retry_with_batch, smaller))
            self.status.show_error(end.message or QT_TRANSLATE_NOOP("CoreMessage", "The run failed."),
                                   self.tr("Training failed"), offer)
        if end.diagnoses and end.status == "completed":  # a run at chance never reads as a plain success
            self.status.show(self.tr("Finished after {0} epoch(s), but the training doctor found: {1}; the run's "
                                     "details say why and offer Fix and rerun.").format(end.epochs_done,
                                                                                        names_text(end.diagnoses)))
        self.runFinished.emit(end)

    def thread_finished(self, thread: TrainingThread) -> None:
        """Called once per run: by the thread's ``finished`` signal, or by closeEvent, which comes first."""
        if self.training_thread is not thread:  # handled already; the thread may be deleted by now: do not touch it
            return
        self.training_thread = None
        torch.set_num_threads(self._gui_threads)
        self.setup.set_running(False)
        self.changed.emit()
        thread.deleteLater()
