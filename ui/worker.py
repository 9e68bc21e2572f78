"""Work that must not run on the GUI thread: training and loading datasets.

Training runs in a child process (:mod:`cnnlab.engine.process`), so drawing the window never holds
up the training loop, which does not share the window's interpreter. :class:`TrainingThread` only
hands the run to that process and turns the events it streams back into Qt signals. Signals
emitted from the thread reach the window through queued connections, so every slot runs on the
GUI thread. The child coalesces batch events into lists: however fast batches go, the GUI thread
gets at most ``BATCH_UPDATES_PER_SECOND`` batch updates a second and never loses a curve point.
"""

from __future__ import annotations

import atexit
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QThread, Signal

from cnnlab.datasets import DataSplits
from cnnlab.engine import RunEnd, TrainConfig
from cnnlab.engine.data import DataRequest
from cnnlab.engine.process import STOPPED_BEFORE_START, Job, ProcessPool, TrainingProcess
from cnnlab.errors import failure_sentence
from cnnlab.runs.store import prepare_run_dir, remove_if_empty

__all__ = ["CallThread", "DataRequest", "TrainingThread", "shared_pool"]  # DataRequest: the core's, for the window


class TrainingThread(QThread):
    """Makes the run folder, hands the run to a training process and turns its messages into signals.

    Exactly one ``runEnded`` is emitted per thread, whatever happens (failures included, with
    ``status == "failed"`` and a one-sentence ``message``). ``pause``, ``resume`` and ``stop`` may be
    called at any time, also before the training process has taken the run.
    """

    dataReady = Signal(object)  # DataSplits, before training starts (only when none were given)
    runStarted = Signal(object)  # RunStarted
    batchesDone = Signal(object)  # list[BatchEnd], oldest first
    epochEnded = Signal(object)  # EpochEnd (with a CPU copy of the weights)
    runEnded = Signal(object)  # RunEnd

    def __init__(self, config: TrainConfig, splits: DataSplits | None = None, *,
                 torch_threads: int | None = None, pool: ProcessPool | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self.config = config
        self.splits = splits  # already loaded for this config's DataRequest, or None to have them sent back
        self.torch_threads = torch_threads  # None: torch's default, the same as a headless run
        self.pool = pool or shared_pool()
        self.run_dir: Path | None = None
        self._lock = threading.Lock()
        self._process: TrainingProcess | None = None
        self._early: list[str] = []  # commands given before the process took the run
        self.process_pid: int | None = None  # the training process's, once it has the run
        self.stop_requested = False

    def stop(self) -> None:
        self.stop_requested = True
        self._command("stop")

    def pause(self) -> None:
        self._command("pause")

    def resume(self) -> None:
        self._command("resume")

    def _command(self, name: str) -> None:
        with self._lock:
            if self._process is None:
                self._early.append(name)
            else:
                getattr(self._process, name)()

    def run(self) -> None:  # runs on the worker thread
        ended = False
        proc: TrainingProcess | None = None
        try:
            cfg = self.config
            self.run_dir = prepare_run_dir(cfg.out_dir, cfg.dataset, cfg.model or "")
            proc = self.pool.acquire()
            self.process_pid = proc.pid
            with self._lock:
                if "stop" in self._early:  # closed or stopped while the process started
                    ended = True
                    self.runEnded.emit(RunEnd.early(STOPPED_BEFORE_START, status="stopped"))
                    return
                proc.submit(Job(cfg, str(self.run_dir), self.torch_threads, send_data=self.splits is None))
                for name in self._early:
                    getattr(proc, name)()
                self._process = proc
            for message in proc.messages(str(self.run_dir)):
                ended = message.kind == "end"
                self._signal_for(message.kind).emit(message.payload)
        except Exception as exc:  # every failure becomes one sentence for the window
            sentence = failure_sentence(exc)
            if not ended:
                self.runEnded.emit(RunEnd.early(sentence, self.run_dir))
        finally:
            with self._lock:
                self._process = None
            if proc is not None:
                self.pool.release(proc)
            remove_if_empty(self.run_dir)

    def _signal_for(self, kind: str) -> Any:
        return {"data": self.dataReady, "started": self.runStarted, "batches": self.batchesDone,
                "epoch": self.epochEnded, "end": self.runEnded}[kind]


_POOL: ProcessPool | None = None


def shared_pool() -> ProcessPool:
    """The app's training processes: one idle child is kept between runs (and windows)."""
    global _POOL
    if _POOL is None:
        _POOL = ProcessPool()
        atexit.register(_POOL.close)
    return _POOL


class CallThread(QThread):
    """Runs ``fn()`` off the GUI thread; emits ``done(result)`` or ``failed(one sentence)``."""

    done = Signal(object)
    failed = Signal(str)

    def __init__(self, fn: Callable[[], object], parent: Any = None) -> None:
        super().__init__(parent)
        self._fn = fn
        self.shows_busy = True  # the window's busy indicator shows while this runs

    def run(self) -> None:  # runs on the worker thread
        try:
            result = self._fn()
        except Exception as exc:  # shown to the user as one sentence
            self.failed.emit(failure_sentence(exc))
        else:
            self.done.emit(result)
