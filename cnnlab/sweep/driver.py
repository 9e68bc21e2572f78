"""Running a sweep: :func:`run_sweep` asks the study for trials, hands them to the workers (local processes or
Ray tasks), reports their epochs to the pruner and records how each ended, until the sweep is done or
stopped. One thread does all of it; the workers only send events.

A trial gets its run folder here (planned and claimed as ``cnnlab train`` does, in the runs folder) and
its ``sweep.json`` tag at once, so even a run interrupted by a kill lists under its sweep. The manifest
says what became of every trial; a killed sweep run again with the same file continues where it was.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

from cnnlab import strict_json
from cnnlab.errors import Sentence, StorageError, UserError
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.launch.plan import RunPlan, plan_run
from cnnlab.launch.process import ProcessPool
from cnnlab.runs.store import CONFIG, RESULTS, SWEEP_TAG
from cnnlab.sweep.events import (
    Began,
    Epoch,
    Finished,
    SweepEvent,
    TrialEnded,
    TrialEpoch,
    TrialStarted,
    WorkerEvent,
)
from cnnlab.sweep.folder import COMPLETED, FAILED, INTERRUPTED, PRUNED, SweepFolder, TrialRecord
from cnnlab.sweep.spec import SweepSpec, check_configurations
from cnnlab.sweep.study import SweepStudy

POLL_S = 0.2  # how long the sweep waits for its workers' news before looking at its stop event again

Listener = Callable[[SweepEvent], None]


class Workers(Protocol):
    """Where trials train: local processes (``sweep.local``) or Ray tasks (``sweep.ray_workers``)."""

    slots: int  # trials trained at once

    def submit(self, trial: int, plan: RunPlan) -> None: ...

    def wait(self, timeout: float) -> list[WorkerEvent]: ...

    def prune(self, trial: int) -> None: ...

    def stop_all(self) -> None: ...

    def close(self) -> None: ...


@dataclass
class _Running:
    record: TrialRecord
    run_dir: Path
    last_epoch: int = 0  # the last epoch reported to the pruner (a retried Ray task reports them again)
    pruned: bool = False


class _Sweep:
    """One run of a sweep: the loop and what it does with each event."""

    def __init__(self, spec: SweepSpec, folder: SweepFolder, study: SweepStudy, workers: Workers,
                 threads: int | None, listener: Listener, stop: threading.Event) -> None:
        self.spec, self.folder, self.study, self.workers = spec, folder, study, workers
        self.threads = threads  # each trial's CPU thread count
        self.listener = listener
        self.stop = stop
        self.running: dict[int, _Running] = {}
        self.stopping = False

    def loop(self) -> None:
        while True:
            if self.stop.is_set() and not self.stopping:
                self.stopping = True
                self.workers.stop_all()
            while not self.stopping and len(self.running) < self.workers.slots and self._start_next():
                pass
            if not self.running:
                return
            for event in self.workers.wait(POLL_S):
                self._heard(event)

    def _start_next(self) -> bool:
        """Hand the next trial to a worker; False when the study has none left."""
        trial = self.study.next_trial()
        if trial is None:
            return False
        record = self.study.describe(trial)
        config = self.spec.train_config(record.settings, record.seed, self.threads)
        try:
            plan = plan_run(config, parent=self.folder.runs)
        except StorageError:  # the machine's fault (a full disk): the sweep stops, the trial trains when continued
            raise
        except UserError as e:  # a configuration that cannot train (checked ahead, so rare): failed for good
            record.state, record.message = FAILED, str(e)
            self.study.finish(trial.number, FAILED, None)
            self.folder.record(record)
            self._tell(TrialEnded(record.number, record.settings, record.seed, FAILED, None, "", record.message,
                                  *self._progress()))
            return True
        assert plan.run_dir is not None
        record.run = plan.run_dir.name
        self.folder.tag_run(plan.run_dir, record)
        self.folder.record(record)
        self.running[trial.number] = _Running(record, plan.run_dir)
        self.workers.submit(trial.number, plan)
        self._tell(TrialStarted(record.number, record.settings, record.seed, str(plan.run_dir)))
        return True

    def _heard(self, event: WorkerEvent) -> None:
        running = self.running.get(event.trial)
        if running is None:  # a late report of a trial that has ended
            return
        if isinstance(event, Began):
            if event.node:  # a Ray task began (again: on a retry, perhaps on another node)
                self._tell(TrialStarted(event.trial, running.record.settings, running.record.seed,
                                        str(running.run_dir), event.node))
        elif isinstance(event, Epoch):
            self._epoch(running, event)
        elif isinstance(event, Finished):
            self._finished(running, event)

    def _epoch(self, running: _Running, event: Epoch) -> None:
        pruned = False
        if event.epoch > running.last_epoch:
            running.last_epoch = event.epoch
            running.record.epochs_done = event.epoch
            if not running.pruned and not self.stopping and self.study.report(event.trial, event.epoch,
                                                                              event.accuracy):
                running.pruned = pruned = True
                self.workers.prune(event.trial)
        self._tell(TrialEpoch(event.trial, event.epoch, event.epochs, event.accuracy, pruned))

    def _finished(self, running: _Running, event: Finished) -> None:
        del self.running[event.trial]
        record = running.record
        record.epochs_done, record.node = event.epochs_done, event.node
        record.test_acc = event.test_acc if event.status == "completed" else None
        if event.status == "completed" and event.test_acc is not None:
            record.state, record.message = COMPLETED, ""
        elif running.pruned and event.status == "stopped":
            record.state = PRUNED
            record.message = Sentence(QT_TRANSLATE_NOOP("CoreMessage", "Stopped by the sweep's pruner after epoch "
                                                                       "{epoch}: its accuracy was below the median "
                                                                       "of the trials before it."),
                                      epoch=running.last_epoch)
        elif event.status == "failed" and _run_failed(running.run_dir):
            record.state, record.message = FAILED, event.message  # the trainer's own failure: a rerun repeats it
        else:  # stopped with the sweep, or its process or node died: it trains again when the sweep continues
            record.state, record.message = INTERRUPTED, event.message
        if not (running.run_dir / CONFIG).exists():  # nothing was trained: only the sweep's tag would be left
            (running.run_dir / SWEEP_TAG).unlink(missing_ok=True)
            _remove_empty(running.run_dir)
        self.study.finish(event.trial, record.state, record.test_acc)
        self.folder.record(record)
        self._tell(TrialEnded(record.number, record.settings, record.seed, record.state, record.test_acc,
                              str(running.run_dir), str(record.message), *self._progress()))

    def _progress(self) -> tuple[int, int]:
        return self.study.finished_runs(), self.spec.total_runs

    def _tell(self, event: SweepEvent) -> None:
        self.listener(event)


def _run_failed(run_dir: Path) -> bool:
    """The run's own results say it failed (a loss that became NaN, memory, a design that does not fit): what the
    trainer writes, not a training process or a node that died under it."""
    try:
        results = strict_json.loads((run_dir / RESULTS).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return False
    return isinstance(results, dict) and results.get("status") == "failed"


def _remove_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:  # not empty, or gone: left as it is
        pass


def run_sweep(spec: SweepSpec, *, workers: int = 1, ray: str | None = None, on_event: Listener | None = None,
              stop: threading.Event | None = None, parent: Path | None = None, pool: ProcessPool | None = None) -> Any:
    """Run ``spec``'s sweep to its end (or until ``stop`` is set), continuing it if it was interrupted, and
    return its results (:class:`~cnnlab.sweep.results.SweepResults`). ``workers``: trials trained at once on
    this machine, each in its own process with the cores shared out; ``ray``: a Ray cluster's address to
    train on instead; ``on_event``: called on this thread with each :data:`SweepEvent`; ``parent``: the runs
    folder (default: the usual one); ``pool``: training processes to take the local workers from (the app's
    own, already warm; by default the sweep starts its own). Every reason it cannot run is one ``UserError``."""
    from cnnlab.engine.threads import cpu_sample, free_cores_since
    from cnnlab.sweep.local import LocalWorkers, threads_per_worker
    from cnnlab.sweep.ray_workers import RayWorkers
    from cnnlab.sweep.results import sweep_results

    if workers < 1:
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "A sweep needs at least 1 worker, not {count}."),
                        count=workers)
    since = cpu_sample()  # how busy the cores are while the sweep is checked: the free ones are shared out
    check_configurations(spec, data=ray is None)  # a Ray cluster's nodes read data from their own folders
    free = free_cores_since(since)[0] if since is not None and ray is None else None  # before the workers start
    # the workers start now: their processes import torch while the sweep's folder and study are made
    trainers: Workers = RayWorkers(ray, spec) if ray is not None else LocalWorkers(workers, pool, start=True)
    try:
        folder = SweepFolder.open(spec, parent)
        try:
            study = SweepStudy(spec, folder)
            study.start()
            if ray is not None:
                threads: int | None = spec.cpus  # what each task asks Ray for
            else:
                if folder.manifest.threads is None:  # the first start measures; a continued sweep keeps the count
                    folder.manifest.threads = threads_per_worker(workers, free)
                    folder.save()
                threads = folder.manifest.threads
            _Sweep(spec, folder, study, trainers, threads, on_event or (lambda event: None),
                   stop or threading.Event()).loop()
        finally:
            folder.release()
    except BaseException:  # a failure of the sweep itself: the trials in progress stop and save too
        trainers.stop_all()
        raise
    finally:
        trainers.close()
    return sweep_results(spec.name, parent)


def continue_spec(name: str, parent: Path | None = None) -> SweepSpec:
    """The spec of an existing sweep, from its manifest (to continue it without its file)."""
    from cnnlab.sweep.folder import manifest_spec, read_manifest, sweeps_dir

    root = sweeps_dir(parent) / name
    return replace(manifest_spec(read_manifest(root), root), source=None)
