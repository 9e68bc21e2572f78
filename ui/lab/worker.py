"""The Lab's analysis off the GUI thread: the newest input wins, stale results are dropped, the canvas
never waits.

:class:`LabComputer` (GUI thread) hands one :class:`LabJob` at a time to a :class:`LabWorker` living in
its own ``QThread``. While the worker computes, newer inputs replace one another in a single waiting
slot; when the worker is free again it takes the newest. A result older than the one already shown is
dropped. The worker runs its own copy of the model, so the GUI thread's views (which also run the
model) never share hooks or buffers with it.

Occlusion and integrated gradients are slower than a stroke: while the pen moves they are computed
coarse (a bigger occlusion square and step, fewer integration points), and once the input has rested
for ``REST_MS`` the same input is computed again at full detail (``refine``).
"""

from __future__ import annotations

import atexit
import copy
import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

import numpy as np
import torch
from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot
from torch import nn

from cnnlab.engine.checkpoint import CheckpointMeta
from cnnlab.errors import failure_sentence
from cnnlab.inspection.attribution import IG_STEPS, OCCLUSION_PATCH, OCCLUSION_STRIDE
from cnnlab.inspection.lab import LabResult, analyse
from cnnlab.inspection.sanity import DEFAULT_SEED, SanityReport, sanity_check

REST_MS = 120  # the pen has rested this long: refine a coarse map (longer than the gap between mouse moves)
COARSE_IG_STEPS = 4  # integration points while drawing: an eighth of the full count, the same picture roughly
COARSE_PATCH, COARSE_STRIDE = 2, 3  # while drawing, the occlusion square is 2× and its step 3× larger (3×3 places)
SLOW_METHODS = ("occlusion", "ig")  # computed coarse first while drawing
ONE_IMAGE_THREADS = 1  # torch threads for one small image: a second thread only waits, worse on a busy machine


@contextmanager
def one_image_threads() -> Iterator[None]:
    """Torch on ``ONE_IMAGE_THREADS`` for this thread during the block, then as before (the other tabs'
    test-set batches keep their threads)."""
    threads = torch.get_num_threads()
    torch.set_num_threads(ONE_IMAGE_THREADS)
    try:
        yield
    finally:
        torch.set_num_threads(threads)


@dataclass(frozen=True)
class LabJob:
    """One input for the worker: ``drawing`` is a private copy, ``model`` the worker's copy of the model."""

    client: int  # which LabComputer asked: the one worker answers every Lab panel
    serial: int
    model: nn.Module
    meta: CheckpointMeta
    drawing: np.ndarray  # (h, w) or (h, w, 3) uint8
    mode: str
    method: str | None
    target: int | None
    patch: int = OCCLUSION_PATCH
    stride: int = OCCLUSION_STRIDE
    steps: int = IG_STEPS
    coarse: bool = False  # True: a quick first look at a slow method; a full one follows when the pen rests

    @property
    def settings(self) -> tuple[object, ...]:
        """Everything but the drawing (at full detail): a result for other settings is stale, not just late."""
        return (id(self.model), self.meta, self.mode, self.method, self.target,
                self.patch // COARSE_PATCH if self.coarse else self.patch,
                self.stride // COARSE_STRIDE if self.coarse else self.stride)

    def coarsened(self) -> LabJob:
        """The quick version of this job (itself when its method is fast)."""
        if self.method not in SLOW_METHODS:
            return self
        return replace(self, patch=self.patch * COARSE_PATCH, stride=self.stride * COARSE_STRIDE,
                       steps=min(self.steps, COARSE_IG_STEPS), coarse=True)


@dataclass(frozen=True)
class LabOutcome:
    """A job's result (or why it failed) with the job it answers."""

    job: LabJob
    result: LabResult | None
    problem: str = ""


@dataclass(frozen=True)
class SanityJob:
    """A sanity check of every method on one input: ``model`` is the check's own copy, ``image`` the normalised
    input (C, H, W), ``target`` None for the predicted class."""

    client: int  # which view asked
    serial: int
    model: nn.Module
    image: torch.Tensor
    target: int | None
    patch: int = OCCLUSION_PATCH
    stride: int = OCCLUSION_STRIDE
    seed: int = DEFAULT_SEED


@dataclass(frozen=True)
class SanityOutcome:
    """A check's report (or why it failed) with the job it answers."""

    job: SanityJob
    report: SanityReport | None
    problem: str = ""


class LabWorker(QObject):
    """Lives in the worker thread: computes each job it is sent (analyses and sanity checks, one at a time)."""

    finished = Signal(object)  # LabOutcome
    checked = Signal(object)  # SanityOutcome
    checking = Signal(int, int, int, int)  # client, serial, steps done, steps in all

    @Slot(object)
    def compute(self, job: LabJob) -> None:
        try:
            with one_image_threads():
                result = analyse(job.model, job.meta, job.drawing, job.mode, job.method, job.target, patch=job.patch,
                                 stride=job.stride, steps=job.steps)
        except Exception as exc:  # a model the Lab cannot run: one sentence, the canvas stays usable
            self.finished.emit(LabOutcome(job, None, failure_sentence(exc)))
            return
        self.finished.emit(LabOutcome(job, result))

    @Slot(object)
    def check(self, job: SanityJob) -> None:
        def progress(done: int, total: int) -> None:
            self.checking.emit(job.client, job.serial, done, total)

        try:
            with one_image_threads():
                report = sanity_check(job.model, job.image, job.target, patch=job.patch, stride=job.stride,
                                      seed=job.seed, progress=progress)
        except Exception as exc:  # a model the check cannot run: one sentence
            self.checked.emit(SanityOutcome(job, None, failure_sentence(exc)))
            return
        self.checked.emit(SanityOutcome(job, report))


class LabComputer(QObject):
    """The GUI thread's side: ``request`` an input, receive ``ready(LabOutcome)`` for the freshest one."""

    ready = Signal(object)  # LabOutcome, newer than any shown before
    _send = Signal(object)  # to the worker, across threads (queued)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._client = next(_CLIENTS)
        worker = lab_worker()  # the application's one, living as long as its thread: never deleted under a job
        self._send.connect(worker.compute)
        worker.finished.connect(self._on_finished)  # Qt drops the connection when this object goes
        self._serial = 0  # the newest job's number
        self._settings: tuple[object, ...] = ()  # the newest job's settings
        self._shown = -1  # the newest job whose outcome was shown
        self._busy = False  # a job is in the worker
        self._waiting: LabJob | None = None  # the newest job not yet sent (older ones were replaced)
        self._full: LabJob | None = None  # the full-detail job to run once the pen rests
        # the GUI-thread model whose copy the worker runs, and that copy; the model is held so that its id can
        # never be taken by a newer model (an ablated copy made after this one was freed) while cached
        self._model: tuple[nn.Module, nn.Module] | None = None
        self._rest = QTimer(self)
        self._rest.setSingleShot(True)
        self._rest.setInterval(REST_MS)
        self._rest.timeout.connect(self._refine)

    def worker_model(self, model: nn.Module) -> nn.Module:
        """The worker's own copy of ``model`` (made once per model object)."""
        if self._model is None or self._model[0] is not model:
            self._model = (model, copy.deepcopy(model).eval())  # one model at a time: the older copy goes
        return self._model[1]

    def request(self, model: nn.Module, meta: CheckpointMeta, drawing: np.ndarray, mode: str, method: str | None,
                target: int | None, *, patch: int = OCCLUSION_PATCH, stride: int = OCCLUSION_STRIDE,
                steps: int = IG_STEPS, quick: bool = True) -> int:
        """Compute this input (newest wins); ``quick``: a slow method is computed coarse first. Returns its serial."""
        self._serial += 1
        full = LabJob(self._client, self._serial, self.worker_model(model), meta, np.array(drawing, copy=True), mode,
                      method, target, patch, stride, steps)
        job = full.coarsened() if quick else full
        self._full = full if job.coarse else None
        self._settings = full.settings
        self._rest.stop()
        self._queue(job)
        return self._serial

    def _queue(self, job: LabJob) -> None:
        if self._busy:
            self._waiting = job  # replaces any older waiting job: the newest input wins
            return
        self._busy = True
        self._send.emit(job)

    def _on_finished(self, outcome: LabOutcome) -> None:
        if outcome.job.client != self._client:
            return  # another Lab panel's answer
        self._busy = False
        job = outcome.job
        # a late result for the same settings shows the drawing as it was a moment ago (the view keeps up
        # while the pen moves); one for other settings (another model, method, class...) is stale: dropped
        fresh = job.serial > self._shown or (job.serial == self._shown and not job.coarse)
        if fresh and (job.serial == self._serial or job.settings == self._settings):
            self._shown = job.serial
            self.ready.emit(outcome)
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            self._queue(waiting)
        elif self._full is not None and self._full.serial == self._serial:
            self._rest.start()  # the pen may be resting: refine when nothing newer comes

    def _refine(self) -> None:
        full, self._full = self._full, None
        if full is not None and full.serial == self._serial:
            self._queue(full)

    @property
    def busy(self) -> bool:
        """A job is being computed or waits (tests and the benchmark wait for ``not busy``)."""
        return self._busy or self._waiting is not None or self._rest.isActive()

    def close(self) -> None:
        """Send nothing more (the panel goes away); a job in progress finishes and is not shown."""
        self._rest.stop()
        self._waiting = self._full = None
        self._serial += 1  # whatever is in the worker is now stale


_CLIENTS = itertools.count()  # a number per LabComputer, never reused
_THREAD: QThread | None = None
_WORKER: LabWorker | None = None


def lab_worker() -> LabWorker:
    """The application's one Lab worker, in its own thread, made on first use and ended with the program.

    One worker for every Lab panel, never deleted while its thread runs: a worker owned by a panel could be
    freed by Python (on whichever thread collects the panel) while its own thread still used it."""
    global _THREAD, _WORKER
    if _WORKER is None:
        _THREAD = QThread()
        _THREAD.setObjectName("cnnlab-lab")
        _WORKER = LabWorker()
        _WORKER.moveToThread(_THREAD)
        _THREAD.start()
        atexit.register(stop_lab_thread)
    return _WORKER


def stop_lab_thread() -> None:
    """Let the Lab thread finish its job and end (at exit: a running QThread must not be destroyed); the
    worker goes with it, once its thread has stopped."""
    global _THREAD, _WORKER
    thread, _THREAD = _THREAD, None
    if thread is not None:
        thread.quit()
        thread.wait()
    _WORKER = None
