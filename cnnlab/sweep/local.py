"""Local workers: N training processes side by side, each training one trial at a time.

Each trial is a :class:`~cnnlab.launch.session.RunSession`, the app's own way to train a plan in a spawned
training process; the processes are kept in a :class:`~cnnlab.launch.process.ProcessPool` between trials,
so torch is imported once per worker. Every trial's CPU thread count is fixed
(:func:`threads_per_worker`: the free cores shared out, measured when the sweep first starts and kept in its
manifest): N workers of one thread each on N cores train side by side without their thread teams waiting
on each other's cores, and a fixed count is what makes the trials reproducible.
"""

from __future__ import annotations

import queue
import threading
from functools import partial

from cnnlab.engine.events import EpochEnd, RunStarted
from cnnlab.engine.threads import count_for_free, usable_cpus
from cnnlab.launch.messages import Message
from cnnlab.launch.plan import RunPlan
from cnnlab.launch.process import ProcessPool, TrainingProcess
from cnnlab.launch.session import RunSession
from cnnlab.sweep.events import Began, Epoch, Finished, WorkerEvent, judged_accuracy


def threads_per_worker(workers: int, free: float | None, cpus: int | None = None) -> int:
    """CPU threads for each of ``workers`` trials training at once: the cores other programs leave free (``free``,
    measured; None: not measurable here, so all usable cores) shared out, at least one each. Beside a busy
    program two threads train several times slower than one (see cnnlab/engine/threads.py), so busy cores are
    not counted."""
    usable = cpus or usable_cpus()
    cores = usable if free is None else count_for_free(free, usable)
    return max(1, cores // max(1, workers))


class WorkerPool(ProcessPool):
    """The workers' processes, all started at once; closed as any pool's (each exits at once: see
    ``cnnlab.launch.process._leave``)."""

    def start(self, count: int) -> None:
        """Start idle processes until ``count`` are there (each imports torch in the background)."""
        with self._lock:
            self._idle = [p for p in self._idle if p.alive]
            while len(self._idle) < count:
                proc = TrainingProcess()
                proc.start()
                self._idle.append(proc)


class LocalWorkers:
    """``workers`` trials at a time, each in a training process of its own."""

    def __init__(self, workers: int, pool: ProcessPool | None = None, *, start: bool = False) -> None:
        """``pool``: a caller's training processes (the app's, already warm), left open at the end; else the
        workers' own, whose processes ``start`` starts at once."""
        self.slots = workers  # trials trained at once
        self.own_pool = pool is None
        if pool is None:
            own = WorkerPool(keep=workers)  # an idle process per worker is kept between trials
            if start:
                own.start(workers)
            pool = own
        self.pool = pool
        self.events: queue.Queue[WorkerEvent] = queue.Queue()
        self.sessions: dict[int, RunSession] = {}
        self._lock = threading.Lock()  # sessions are added here and removed by their threads

    def submit(self, trial: int, plan: RunPlan) -> None:
        session = RunSession(plan, pool=self.pool, listener=partial(self._heard, trial))
        with self._lock:
            self.sessions[trial] = session
        threading.Thread(target=self._train, args=(trial, session), name=f"cnnlab-sweep-trial-{trial}",
                         daemon=True).start()

    def _heard(self, trial: int, message: Message) -> None:
        if isinstance(message, RunStarted):
            self.events.put(Began(trial))
        elif isinstance(message, EpochEnd):
            self.events.put(Epoch(trial, message.epoch, message.epochs,
                                  judged_accuracy(message.val_acc, message.train_acc)))

    def _train(self, trial: int, session: RunSession) -> None:
        """Train one trial; its end is told once the session has handed its process back to the pool, so the
        next trial finds it idle (a new one would import torch again)."""
        try:
            end = session.run()
        finally:
            with self._lock:
                self.sessions.pop(trial, None)
        self.events.put(Finished(trial, end.status, end.test_acc, end.epochs_done, str(end.message)))

    def wait(self, timeout: float) -> list[WorkerEvent]:
        """What the workers said, waiting up to ``timeout`` seconds for the first of it."""
        try:
            out = [self.events.get(timeout=timeout)]
        except queue.Empty:
            return []
        while True:
            try:
                out.append(self.events.get_nowait())
            except queue.Empty:
                return out

    def prune(self, trial: int) -> None:
        with self._lock:
            session = self.sessions.get(trial)
        if session is not None:
            session.stop()

    def stop_all(self) -> None:
        """Stop every trial in progress (each saves what it trained, and trains again when the sweep continues)."""
        with self._lock:
            sessions = list(self.sessions.values())
        for session in sessions:
            session.stop()

    def close(self) -> None:
        if self.own_pool:
            self.pool.close()
