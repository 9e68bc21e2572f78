"""One training run from Start to its end, without Qt: the object a front end holds while it trains.

A :class:`RunSession` owns everything about a run's life: its run folder, the training process
that trains it (:mod:`cnnlab.launch.process`), the pause / resume / stop commands (kept until the
process has the run, then sent on), and the stream of events the process sends back. A front end
calls :meth:`RunSession.run` on a worker thread and only reacts to the messages it is handed
(the pattern of Orange3's task state: one object carries progress, partial results and the end)::

    session = RunSession(plan_run(config), listener=print)
    threading.Thread(target=session.run).start()
    session.pause(); session.resume(); session.stop()   # any thread, any time

Every session ends with exactly one :class:`RunEnd` message, whatever happens:
stopped before it started, a failure (one sentence), or a training process that died.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from enum import Enum
from pathlib import Path

from cnnlab.engine.events import RunEnd, RunStarted
from cnnlab.errors import failure_sentence
from cnnlab.launch.messages import Message
from cnnlab.launch.plan import RunPlan
from cnnlab.launch.process import STOPPED_BEFORE_START, Job, ProcessPool, TrainingProcess, shared_pool
from cnnlab.runs.claim import release
from cnnlab.runs.store import remove_if_empty

Listener = Callable[[Message], None]


class RunState(Enum):
    """Where a run stands, as a front end shows it."""

    STARTING = "starting"  # preparing the folder, the process or the data; no batch trained yet
    RUNNING = "running"
    PAUSED = "paused"
    STOPPING = "stopping"  # asked to stop: saving what was trained so far
    ENDED = "ended"


class RunSession:
    """One run: start it with :meth:`run` (blocking), steer it with :meth:`pause` / :meth:`resume` / :meth:`stop`."""

    def __init__(self, plan: RunPlan, *, torch_threads: int | None = None,
                 pool: ProcessPool | None = None, listener: Listener | None = None) -> None:
        self.plan = plan
        self.torch_threads = torch_threads  # None: torch's default, the same as `cnnlab train`
        self.pool = pool or shared_pool()
        self.listener: Listener = listener or (lambda message: None)
        self.run_dir: Path | None = plan.run_dir
        self.process_pid: int | None = None  # the training process's, once it has the run
        self.end: RunEnd | None = None
        self._lock = threading.Lock()  # commands come from the GUI thread while run() streams
        self._process: TrainingProcess | None = None
        self._commands: list[str] = []  # given before the process had the run; sent on when it does
        self._started = self._paused = self._stopping = False

    # ------------------------------------------------------------ state
    @property
    def state(self) -> RunState:
        if self.end is not None:
            return RunState.ENDED
        if self._stopping:
            return RunState.STOPPING
        if self._paused:
            return RunState.PAUSED
        return RunState.RUNNING if self._started else RunState.STARTING

    @property
    def paused(self) -> bool:
        return self.state is RunState.PAUSED

    @property
    def stopping(self) -> bool:
        return self.state is RunState.STOPPING

    @property
    def started(self) -> bool:
        """True once the trainer has sent its RunStarted (the run has a model, data and a folder)."""
        return self._started

    # ------------------------------------------------------------ commands
    def pause(self) -> bool:
        """Hold the run before its next batch; False when it is not running or already paused."""
        with self._lock:
            if self.end is not None or self._stopping or self._paused:
                return False
            self._paused = True
            self._command("pause")
            return True

    def resume(self) -> bool:
        with self._lock:
            if self.end is not None or self._stopping or not self._paused:
                return False
            self._paused = False
            self._command("resume")
            return True

    def stop(self) -> bool:
        """End the run before its next batch; it still saves and ends with its RunEnd. False when already stopping."""
        with self._lock:
            if self.end is not None or self._stopping:
                return False
            self._stopping, self._paused = True, False
            self._command("stop")
            return True

    def _command(self, name: str) -> None:  # holds self._lock
        if self._process is None:
            self._commands.append(name)
        else:
            getattr(self._process, name)()

    # ------------------------------------------------------------ the run
    def run(self) -> RunEnd:
        """Train the run to its end, handing every message to the listener; returns the RunEnd."""
        proc: TrainingProcess | None = None
        try:
            proc = self.pool.acquire()
            self.process_pid = proc.pid
            with self._lock:
                if self._stopping:  # stopped (or the window closed) while the process started
                    self._deliver(RunEnd.early(STOPPED_BEFORE_START, status="stopped"))
                    return self._ended()
                proc.submit(Job(self.plan, self.torch_threads))
                for name in self._commands:  # in the order given, after the job in the pipe
                    getattr(proc, name)()
                self._commands, self._process = [], proc
            for message in proc.messages(self.run_dir):
                if isinstance(message, RunStarted):
                    self._started = True
                self._deliver(message)
        except Exception as exc:  # every failure becomes one sentence for the front end
            sentence = failure_sentence(exc)
            if self.end is None:
                self._deliver(RunEnd.early(sentence, self.run_dir))
        finally:
            with self._lock:
                self._process = None
            if proc is not None:
                self.pool.release(proc)
            release(self.run_dir)  # the plan claimed the folder in this process
            if self.plan.continuation is None:
                remove_if_empty(self.run_dir)
        return self._ended()

    def _deliver(self, message: Message) -> None:
        if isinstance(message, RunEnd):
            self.end = message
        self.listener(message)

    def _ended(self) -> RunEnd:
        assert self.end is not None, "every session ends with one RunEnd"
        return self.end
