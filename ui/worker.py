"""Work that must not run on the GUI thread: training and loading datasets.

The training thread runs ``cnnlab.engine.Trainer.fit`` with one extra callback,
:class:`SignalBridge`, which only turns engine events into Qt signals. Signals emitted from the
worker reach the window through queued connections, so every slot runs on the GUI thread.

The bridge coalesces batch events into lists: however fast batches go, the GUI thread gets at
most ``MAX_UPDATES_PER_SECOND`` batch updates a second and never loses a curve point.
"""

from __future__ import annotations

import sys
import threading
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import torch
from PySide6.QtCore import QThread, Signal

from cnnlab.datasets import DataSplits, load_dataset
from cnnlab.engine import BatchEnd, Callback, EpochEnd, RunControl, RunEnd, RunStarted, TrainConfig, Trainer
from cnnlab.errors import UserError
from cnnlab.runs.store import prepare_run_dir

MAX_UPDATES_PER_SECOND = 15  # the window redraws 8 times a second; more signals only cost the GUI thread

# Loads are serialised: two threads drawing the same generated set at once would race on its cache
# file, and on two cores a second load only slows the first.
_LOAD_LOCK = threading.Lock()


@dataclass(frozen=True)
class DataRequest:
    """The arguments of one ``load_dataset`` call; hashable so loaded splits can be reused."""

    dataset: str
    data_root: str | None = None  # None: the app data folder and the usual places
    seed: int = 0  # fixes generated data and the validation split
    val_fraction: float = 0.1  # the course holds out a tenth of the training set
    train_limit: int | None = None  # None: every training image
    image_size: int | None = None  # image folders only

    @classmethod
    def for_config(cls, config: TrainConfig) -> "DataRequest":
        return cls(config.dataset, config.data_root, config.seed, config.val_fraction, config.train_limit,
                   config.image_size)

    def load(self) -> DataSplits:
        with _LOAD_LOCK:
            return load_dataset(self.dataset, data_root=self.data_root, seed=self.seed,
                                val_fraction=self.val_fraction, train_limit=self.train_limit,
                                image_size=self.image_size)


def describe_failure(exc: BaseException) -> str:
    """One sentence for an exception: a UserError's own message, else a plain description."""
    if isinstance(exc, UserError):
        return str(exc)
    if isinstance(exc, MemoryError) or "DefaultCPUAllocator" in str(exc):
        return "The computer ran out of memory; lower the batch size or train on fewer images."
    if isinstance(exc, torch.cuda.OutOfMemoryError):
        return "The GPU ran out of memory; lower the batch size or train on the CPU."
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return f"Something went wrong ({type(exc).__name__}: {first})."


def early_run_end(message: str, run_dir: Path | None = None, status: str = "failed") -> RunEnd:
    """The RunEnd the window gets when a run ends before the trainer could report it."""
    return RunEnd(status=status, epochs_done=0, test_loss=None, test_acc=None, val_acc=None,
                  train_seconds=0.0, samples_per_second=0.0, run_dir=str(run_dir) if run_dir else None,
                  checkpoint=None, message=message)


class SignalBridge(Callback):
    """Engine events -> Qt signals of a :class:`TrainingThread`, batch events coalesced."""

    def __init__(self, thread: "TrainingThread", interval: float = 1 / MAX_UPDATES_PER_SECOND) -> None:
        self._thread = thread
        self._interval = interval
        self._pending: list[BatchEnd] = []
        self._last_emit = 0.0
        self.ended = False  # True once a RunEnd went out: the window gets exactly one

    def flush(self) -> None:
        """Send the batch events held back so far (before epoch ends, pauses and the run end)."""
        if self._pending:
            batch, self._pending = self._pending, []
            self._last_emit = time.monotonic()
            self._thread.batchesDone.emit(batch)

    def on_run_begin(self, event: RunStarted) -> None:
        self._thread.runStarted.emit(event)

    def on_batch_end(self, event: BatchEnd) -> None:
        self._pending.append(event)
        if time.monotonic() - self._last_emit >= self._interval:
            self.flush()

    def on_epoch_end(self, event: EpochEnd) -> None:
        self.flush()
        self._thread.epochEnded.emit(event)

    def on_run_end(self, event: RunEnd) -> None:
        self.flush()
        self.ended = True
        self._thread.runEnded.emit(event)


class _FlushingControl(RunControl):
    """A RunControl that shows the held-back progress before the trainer sleeps in a pause."""

    def __init__(self) -> None:
        super().__init__()
        self.before_wait: Callable[[], None] = lambda: None

    def wait_while_paused(self) -> float:
        if self.paused:
            self.before_wait()
        return super().wait_while_paused()


class TrainingThread(QThread):
    """Loads the data (unless given), makes the run folder and trains; reports through signals.

    Exactly one ``runEnded`` is emitted per thread, whatever happens (failures included, with
    ``status == "failed"`` and a one-sentence ``message``).
    """

    dataReady = Signal(object)  # DataSplits, before training starts
    runStarted = Signal(object)  # RunStarted
    batchesDone = Signal(object)  # list[BatchEnd], oldest first
    epochEnded = Signal(object)  # EpochEnd (with a CPU copy of the weights)
    runEnded = Signal(object)  # RunEnd

    def __init__(self, config: TrainConfig, splits: DataSplits | None = None, *,
                 torch_threads: int | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self.config = config
        self.splits = splits  # already loaded for this config's DataRequest, or None to load here
        self.torch_threads = torch_threads  # None: torch's default, the same as a headless run
        self.control = _FlushingControl()
        self.run_dir: Path | None = None
        self._bridge = SignalBridge(self)
        self.control.before_wait = self._bridge.flush

    def stop(self) -> None:
        self.control.stop()

    def pause(self) -> None:
        self.control.pause()

    def resume(self) -> None:
        self.control.resume()

    def run(self) -> None:  # runs on the worker thread
        previous_threads = torch.get_num_threads()
        if self.torch_threads:
            torch.set_num_threads(self.torch_threads)  # torch's setting is process-wide: restored below
        try:
            splits = self.splits or DataRequest.for_config(self.config).load()
            self.dataReady.emit(splits)
            if self.control.stop_requested:  # closed or stopped while the data loaded
                self.runEnded.emit(early_run_end("The run was stopped before it started.", status="stopped"))
                return
            cfg = self.config
            self.run_dir = prepare_run_dir(cfg.out_dir, cfg.dataset, cfg.model or "")
            Trainer(cfg, [self._bridge], self.control, splits=splits, run_dir=self.run_dir).fit()
        except Exception as exc:  # every failure becomes one sentence for the window
            if not isinstance(exc, UserError):
                traceback.print_exc(file=sys.stderr)  # a bug: keep the details for a report
            if not self._bridge.ended:
                self.runEnded.emit(early_run_end(describe_failure(exc), self.run_dir))
        finally:
            self._remove_if_empty(self.run_dir)
            if self.torch_threads:
                torch.set_num_threads(previous_threads)

    @staticmethod
    def _remove_if_empty(run_dir: Path | None) -> None:
        """A run that failed before writing anything leaves no empty folder behind."""
        try:
            if run_dir is not None and run_dir.is_dir() and not any(run_dir.iterdir()):
                run_dir.rmdir()
        except OSError:
            pass


class CallThread(QThread):
    """Runs ``fn()`` off the GUI thread; emits ``done(result)`` or ``failed(one sentence)``."""

    done = Signal(object)
    failed = Signal(str)

    def __init__(self, fn: Callable[[], object], parent: Any = None) -> None:
        super().__init__(parent)
        self._fn = fn

    def run(self) -> None:  # runs on the worker thread
        try:
            result = self._fn()
        except Exception as exc:  # shown to the user as one sentence
            if not isinstance(exc, UserError):
                traceback.print_exc(file=sys.stderr)
            self.failed.emit(describe_failure(exc))
        else:
            self.done.emit(result)
