"""Training in a child process, with the trainer's events streamed back through a pipe.

A front end that draws while it trains (the desktop app) must not share an interpreter with the
training loop: every redraw would hold the interpreter lock while the loop waits to launch its next
kernel, and two teams of OpenMP threads in one process slow each other down. A
:class:`TrainingProcess` trains a :class:`~cnnlab.launch.plan.RunPlan` in a spawned child, exactly as
``cnnlab train`` does, and sends back the same events, batch events coalesced into lists.

The child starts once (importing torch takes a few seconds) and then serves runs one after the
other, so it can be started ahead of the first run and reused::

    proc = TrainingProcess()
    proc.start()                          # returns at once; the child imports torch meanwhile
    proc.submit(Job(config, run_dir=...))
    for message in proc.messages():       # blocks; ends with the run's RunEnd
        ...
    proc.close()

``pause()``, ``resume()`` and ``stop()`` may be called from any thread while another thread reads
``messages()``. Every job ends with exactly one :class:`RunEnd`, also when the child dies.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import pickle
import queue
import signal
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import NoReturn

from cnnlab.engine.callbacks import Callback
from cnnlab.engine.control import RunControl
from cnnlab.engine.doctor.diagnosis import Diagnosis
from cnnlab.engine.events import BatchEnd, EpochEnd, RunEnd, RunStarted
from cnnlab.errors import Sentence, failure_sentence
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.launch.messages import Batches, Held, Message
from cnnlab.launch.plan import RunPlan
from cnnlab.processes import STOP_SIGNALS

BATCH_UPDATES_PER_SECOND = 15  # batch-event lists sent a second: the window redraws 8 times a second
ENV_PREFIX = "CNNLAB_"  # environment variables a job carries: where data and runs live
CLOSE_WAIT_S = 5.0  # how long close() waits for an idle child to exit before killing it


@dataclass(frozen=True)
class Job:
    """One run for the child: its plan, and what the child needs to carry it out like its parent."""

    plan: RunPlan
    torch_threads: int | None = None  # a fixed count when the plan's is None; None: measured, as `cnnlab train`
    env: dict[str, str] = field(default_factory=lambda: {k: v for k, v in os.environ.items()
                                                         if k.startswith(ENV_PREFIX)})


STOPPED_BEFORE_START = Sentence(QT_TRANSLATE_NOOP("CoreMessage", "The run was stopped before it started."))


class TrainingProcess:
    """A spawned child that trains the jobs it is given, one at a time."""

    def __init__(self) -> None:
        ctx = multiprocessing.get_context("spawn")  # fork is unsafe with GUI threads; spawn works everywhere
        self._commands_in, self._commands = ctx.Pipe(duplex=False)  # parent writes, child reads
        self._events, self._events_out = ctx.Pipe(duplex=False)  # child writes, parent reads
        self._process = ctx.Process(target=serve, args=(self._commands_in, self._events_out),
                                    name="cnnlab-training", daemon=True)
        self._send_lock = threading.Lock()  # a GUI thread may pause while a worker thread submits
        self._started = False
        self.busy = False  # a job was submitted and its RunEnd not yet read

    # ---------------------------------------------------------------- life
    def start(self) -> None:
        """Spawn the child; returns at once (the child imports torch while the caller goes on)."""
        if self._started:
            return
        self._process.start()
        self._started = True
        self._commands_in.close()  # the child's ends: closing ours lets each side see the other exit
        self._events_out.close()

    @property
    def alive(self) -> bool:
        return self._started and self._process.is_alive()

    @property
    def pid(self) -> int | None:
        return self._process.pid

    def close(self, timeout: float = CLOSE_WAIT_S) -> None:
        """Ask the child to exit (a run in progress stops and saves first); kill it after ``timeout``. A run's
        messages that nobody reads any more are taken here, so the child can send its last ones and exit."""
        if not self._started:
            return
        self._send(("quit",))
        if self.busy:
            self._drain(timeout)
        self._process.join(timeout)
        if self._process.is_alive():
            self._process.kill()
            self._process.join(timeout)
        for conn in (self._commands, self._events):
            conn.close()

    def _drain(self, timeout: float) -> None:
        """Read and drop the child's messages until it has gone (or ``timeout``): a child blocked on a full pipe
        could neither finish saving its run nor exit."""
        deadline = time.monotonic() + timeout
        try:
            while (left := deadline - time.monotonic()) > 0 and self._events.poll(left):
                self._events.recv_bytes()
        except (EOFError, OSError):  # the child has exited and its end of the pipe is closed
            pass
        self.busy = False

    # ---------------------------------------------------------------- runs
    def submit(self, job: Job) -> None:
        """Hand the child one run; read its progress with :meth:`messages`."""
        self.start()
        self.busy = True
        self._send(("run", job))

    def pause(self) -> None:
        self._send(("pause",))

    def resume(self) -> None:
        self._send(("resume",))

    def stop(self) -> None:
        """Stop the current run before its next batch; it still saves and reports its RunEnd."""
        self._send(("stop",))

    def messages(self, run_dir: str | Path | None = None) -> Iterator[Message]:
        """The current job's messages, ending with its RunEnd (made here if the child died)."""
        while self.busy:
            try:
                message = pickle.loads(self._events.recv_bytes())  # our own child's data: trusted
            except (EOFError, OSError):
                self.busy = False
                self._process.join(1.0)
                code = self._process.exitcode
                kept = run_dir is not None and Path(run_dir, "checkpoint.pt").is_file()
                if kept:
                    why = Sentence(QT_TRANSLATE_NOOP("CoreMessage", "The training process ended unexpectedly (exit "
                                                                    "code {code}); the checkpoint of the last finished "
                                                                    "epoch is kept."), code=code)
                else:
                    why = Sentence(QT_TRANSLATE_NOOP("CoreMessage", "The training process ended unexpectedly (exit "
                                                                    "code {code})."), code=code)
                yield RunEnd.early(why, run_dir if kept else None)
                return
            if isinstance(message, RunEnd):
                self.busy = False
            yield message

    def _send(self, command: tuple) -> None:
        with self._send_lock:
            try:
                self._commands.send_bytes(pickle.dumps(command, protocol=pickle.HIGHEST_PROTOCOL))
            except (OSError, ValueError):  # the child is gone: messages() reports it
                pass


# ==================================================================== the child


class _PipeSender(Callback):
    """Engine events -> messages; batch events coalesced to BATCH_UPDATES_PER_SECOND lists."""

    def __init__(self, out: Connection) -> None:
        self._out = out
        self._pending: list[BatchEnd] = []
        self._last_send = 0.0
        self.ended = False  # True once a RunEnd went out: each job sends exactly one

    def send(self, message: Message) -> None:
        self._out.send_bytes(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))

    def flush(self) -> None:
        """Send the batch events held back (before epoch ends, pauses and the run end)."""
        if self._pending:
            batch, self._pending = self._pending, []
            self._last_send = time.monotonic()
            self.send(Batches(tuple(batch)))

    def on_run_begin(self, event: RunStarted) -> None:
        self.send(event)

    def on_batch_end(self, event: BatchEnd) -> None:
        self._pending.append(event)
        if time.monotonic() - self._last_send >= 1 / BATCH_UPDATES_PER_SECOND:
            self.flush()

    def on_epoch_end(self, event: EpochEnd) -> None:
        self.flush()
        self.send(event)

    def on_diagnosis(self, event: Diagnosis) -> None:
        self.flush()
        self.send(event)

    def on_run_end(self, event: RunEnd) -> None:
        self.flush()
        self.ended = True
        self.send(event)


class _FlushingControl(RunControl):
    """A RunControl that sends the held-back progress before the trainer sleeps in a pause."""

    def __init__(self, sender: _PipeSender) -> None:
        super().__init__()
        self._sender = sender

    def wait_while_paused(self) -> float:
        if self.paused:
            self._sender.flush()
            self._sender.send(Held())  # after the last batch's events: the pause has taken hold
        return super().wait_while_paused()


class _CommandReader(threading.Thread):
    """Reads every command: a run gets its control here, so commands that follow it in the pipe
    (pause, stop) reach that run even before the main thread has started training it."""

    def __init__(self, commands: Connection, events: Connection) -> None:
        super().__init__(name="cnnlab-commands", daemon=True)
        self._commands = commands
        self._events = events
        self.jobs: queue.Queue[tuple[Job, _PipeSender, _FlushingControl] | None] = queue.Queue()  # None: quit
        self._control: RunControl | None = None  # the newest run's; commands between runs go to the last one

    def run(self) -> None:
        while True:
            try:
                command = pickle.loads(self._commands.recv_bytes())
            except (EOFError, OSError):  # the parent is gone: stop the run, then exit
                command = ("quit",)
            name = command[0]
            if name == "run":
                sender = _PipeSender(self._events)
                control = self._control = _FlushingControl(sender)
                self.jobs.put((command[1], sender, control))
            elif self._control is not None:
                _apply(self._control, name)
            if name == "quit":
                self.jobs.put(None)
                return


def _apply(control: RunControl, name: str) -> None:
    if name == "pause":
        control.pause()
    elif name == "resume":
        control.resume()
    elif name in ("stop", "quit"):
        control.stop()


def serve(commands: Connection, events: Connection) -> None:
    """The child's main: train each job it is given until told to quit or the parent goes away."""
    for name in STOP_SIGNALS:  # Ctrl+C, a shutdown sent to the whole group, a closed terminal:
        if hasattr(signal, name):  # the parent's to handle (it stops the run, which is saved), not ours to die of
            signal.signal(getattr(signal, name), signal.SIG_IGN)
    import torch
    import torch._dynamo  # noqa: F401  # the first optimizer imports it (~1 s): done while the child waits for a job

    default_threads = torch.get_num_threads()
    reader = _CommandReader(commands, events)
    reader.start()
    while True:
        item = reader.jobs.get()
        if item is None:
            _leave()
        job, sender, control = item
        _apply_env(job.env)
        torch.set_num_threads(default_threads)  # each run starts alike; the trainer sets or measures its count
        try:
            run_job(job, sender, control)
        except (BrokenPipeError, EOFError, OSError):  # the parent went away mid-run
            _leave()
        finally:
            if torch.cuda.is_initialized():
                torch.cuda.empty_cache()  # an idle child keeps no GPU memory that other programs could use


def _leave() -> NoReturn:
    """End the child at once. Every run's files are written and closed before its RunEnd is sent, and what was
    sent is in the pipe, so nothing is left to tidy: the interpreter's teardown with torch loaded (most of a
    second, `benchmarks/sweep_speed.py`) would only keep a closing window or a finished sweep waiting."""
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()
    os._exit(0)


def run_job(job: Job, sender: _PipeSender, control: RunControl) -> None:
    """Load the plan's data, train and send every event; every failure ends as one RunEnd sentence."""
    from cnnlab.engine.data import load_data
    from cnnlab.engine.threads import cpu_sample
    from cnnlab.launch.assemble import train

    cpu_since = cpu_sample()  # the free-core window of a short run spans the data loading
    try:
        plan = job.plan.with_threads(job.torch_threads)  # the form's count wins; then the front end's; else measured
        splits = load_data(plan.data)
        if control.stop_requested:  # stopped while the data loaded
            sender.send(RunEnd.early(STOPPED_BEFORE_START, status="stopped"))
            return
        train(plan, [sender], control, splits=splits, cpu_since=cpu_since)
    except (BrokenPipeError, EOFError):
        raise
    except Exception as exc:  # every failure becomes one sentence for the parent
        sentence = failure_sentence(exc)
        if not sender.ended:
            sender.send(RunEnd.early(sentence))  # before training: the folder is empty


def _apply_env(env: dict[str, str]) -> None:
    """Make the child's CNNLAB_* variables the parent's of the moment the job was made."""
    for key in [k for k in os.environ if k.startswith(ENV_PREFIX) and k not in env]:
        del os.environ[key]
    os.environ.update(env)


class ProcessPool:
    """Idle training processes kept for the next run, so a run starts without importing torch again."""

    def __init__(self, keep: int = 1) -> None:
        self.keep = keep  # idle children kept; one serves a window that trains one run at a time
        self._idle: list[TrainingProcess] = []
        self._lock = threading.Lock()

    def warm(self) -> None:
        """Start an idle child now (it imports torch in the background) unless one is waiting."""
        with self._lock:
            self._idle = [p for p in self._idle if p.alive]
            if self._idle or self.keep == 0:
                return
            proc = TrainingProcess()
            proc.start()
            self._idle.append(proc)

    def acquire(self) -> TrainingProcess:
        """A started child for one run: an idle one if alive, else a new one."""
        with self._lock:
            while self._idle:
                proc = self._idle.pop()
                if proc.alive:
                    return proc
        proc = TrainingProcess()
        proc.start()
        return proc

    def release(self, proc: TrainingProcess) -> None:
        """Take a child back after its run; keep it if it is healthy and there is room."""
        with self._lock:
            if proc.alive and not proc.busy and len(self._idle) < self.keep:
                self._idle.append(proc)
                return
        proc.close()

    def close(self) -> None:
        """End every idle child (at exit)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for proc in idle:
            proc.close()


_POOL: ProcessPool | None = None


def shared_pool() -> ProcessPool:
    """This program's training processes: one idle child is kept between runs (and windows)."""
    global _POOL
    if _POOL is None:
        _POOL = ProcessPool()
        atexit.register(_POOL.close)
    return _POOL
