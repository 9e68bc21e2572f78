"""Training off the GUI thread (loading datasets and other jobs: :mod:`ui.background`).

Training runs in a child process (:mod:`cnnlab.launch.process`), so drawing the window never holds
up the training loop, which does not share the window's interpreter. A run's life is one Qt-free
:class:`~cnnlab.launch.session.RunSession`; :class:`TrainingThread` only runs it and turns the
typed messages it streams back into Qt signals, one signal per message type. Signals
emitted from the thread reach the window through queued connections, so every slot runs on the
GUI thread. The child coalesces batch events into lists: however fast batches go, the GUI thread
gets at most ``BATCH_UPDATES_PER_SECOND`` batch updates a second and never loses a curve point.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QThread, Signal

from cnnlab.engine import EpochEnd, RunEnd, RunStarted
from cnnlab.engine.doctor.diagnosis import Diagnosis
from cnnlab.engine.request import DataRequest
from cnnlab.launch import RunPlan
from cnnlab.launch.messages import Batches, Held, Message
from cnnlab.launch.process import ProcessPool, shared_pool
from cnnlab.launch.session import RunSession
from ui.background import CallThread

__all__ = ["CallThread", "DataRequest", "TrainingThread", "shared_pool"]  # DataRequest: the core's, for the window


class TrainingThread(QThread):
    """Runs one :class:`~cnnlab.launch.session.RunSession` and turns its messages into signals.

    The session owns the run's life (folder, training process, commands, the one RunEnd); this
    thread only carries its messages to the GUI thread. Exactly one ``runEnded`` is emitted per
    thread, whatever happens. ``pause``, ``resume`` and ``stop`` may be called at any time.
    """

    runStarted = Signal(object)  # RunStarted
    batchesDone = Signal(object)  # list[BatchEnd], oldest first
    epochEnded = Signal(object)  # EpochEnd (with a CPU copy of the weights)
    diagnosed = Signal(object)  # Diagnosis: the training doctor's finding, after its epoch's EpochEnd
    runEnded = Signal(object)  # RunEnd
    runHeld = Signal(object)  # None: a pause took hold; every batch trained before it was relayed first

    def __init__(self, plan: RunPlan, *, torch_threads: int | None = None, pool: ProcessPool | None = None,
                 parent: Any = None) -> None:
        super().__init__(parent)
        self.session = RunSession(plan, torch_threads=torch_threads, pool=pool or shared_pool(),
                                  listener=self._relay)

    @property
    def plan(self) -> RunPlan:
        return self.session.plan

    @property
    def run_dir(self) -> Path | None:
        return self.session.run_dir

    @property
    def process_pid(self) -> int | None:
        return self.session.process_pid

    def stop(self) -> bool:
        return self.session.stop()

    def pause(self) -> bool:
        return self.session.pause()

    def resume(self) -> bool:
        return self.session.resume()

    def run(self) -> None:  # runs on the worker thread
        self.session.run()

    def _relay(self, message: Message) -> None:
        match message:
            case RunStarted():
                self.runStarted.emit(message)
            case Batches(events=events):
                self.batchesDone.emit(list(events))
            case EpochEnd():
                self.epochEnded.emit(message)
            case Diagnosis():
                self.diagnosed.emit(message)
            case Held():
                self.runHeld.emit(None)
            case RunEnd():
                self.runEnded.emit(message)
