"""Trials as Ray tasks on an existing Ray cluster (``cnnlab sweep FILE --ray ADDRESS``; ``pip install
cnnlab[cluster]``).

Each trial is one task (:func:`train_trial`): on whichever node Ray schedules it, it trains the trial's
settings into a temporary run folder there, exactly as ``cnnlab train`` would, and returns the folder's
files as the bytes of a tar archive with the run's end; the sweep writes them into the trial's run folder
in the local runs folder, so the run lists and opens like any other. A task whose worker or node dies is run
again by Ray elsewhere (``max_retries``), from the start: nothing half-trained comes back.

While it trains, a task reports each epoch's accuracy to a small actor on the driver's node
(:class:`Board`), which the sweep reads for Optuna's pruner; the task asks the board after each epoch
whether to stop (pruned, or the sweep was stopped). This sweep's ``cnnlab`` package travels to the
cluster with the job (Ray's ``py_modules``), so the nodes run the same code as the driver; they need
torch and the rest of cnnlab's requirements installed, and find datasets in their own data folders.
"""

from __future__ import annotations

import io
import logging
import socket
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from cnnlab import strict_json
from cnnlab.engine.atomic import write_atomically
from cnnlab.engine.callbacks import Callback
from cnnlab.engine.events import EpochEnd
from cnnlab.errors import Sentence, UserError, describe_failure
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.launch.plan import RunPlan
from cnnlab.runs.claim import CLAIM, release
from cnnlab.runs.store import RESULTS, WRITER
from cnnlab.sweep.events import Began, Epoch, Finished, WorkerEvent, judged_accuracy
from cnnlab.sweep.spec import SweepSpec

RAY_RETRIES = 3  # runs of a trial after its worker or node died (Ray's own default for tasks, said aloud)
LEFT_OUT = (CLAIM, WRITER)  # the remote process's claim and writer file mean nothing on this machine
PRUNE, STOP = "prune", "stop"  # what the board tells a task after an epoch
CONNECT_TIMEOUT_S = 5.0  # how long an address may take to answer before it is said to be unreachable


class Board:
    """A Ray actor on the driver's node: the tasks' epoch reports, and what the sweep wants them to do."""

    def __init__(self) -> None:
        self.reports: list[tuple[Any, ...]] = []  # ("began", trial, node) or ("epoch", trial, epoch, epochs, acc)
        self.verdicts: dict[int, str] = {}
        self.stopped = False  # the sweep is stopping: every task ends after its epoch

    def began(self, trial: int, node: str) -> None:
        self.reports.append(("began", trial, node))

    def epoch(self, trial: int, epoch: int, epochs: int, accuracy: float) -> None:
        self.reports.append(("epoch", trial, epoch, epochs, accuracy))

    def take(self) -> list[tuple[Any, ...]]:
        out, self.reports = self.reports, []
        return out

    def prune(self, trial: int) -> None:
        self.verdicts[trial] = PRUNE

    def stop_all(self) -> None:
        self.stopped = True

    def verdict(self, trial: int) -> str:
        return STOP if self.stopped else self.verdicts.get(trial, "")


class _Reporter(Callback):
    """In a task: each epoch's accuracy to the board, and the board's verdict back."""

    def __init__(self, board: Any, trial: int) -> None:
        self.board = board
        self.trial = trial

    def on_epoch_end(self, event: EpochEnd) -> None:
        import ray

        self.board.epoch.remote(self.trial, event.epoch, event.epochs,
                                judged_accuracy(event.val_acc, event.train_acc))
        verdict = ray.get(self.board.verdict.remote(self.trial))
        if verdict == PRUNE:
            self.request_stop(Sentence(QT_TRANSLATE_NOOP("CoreMessage", "Stopped by the sweep's pruner after epoch "
                                                                        "{epoch}: its accuracy was below the median "
                                                                        "of the trials before it."),
                                       epoch=event.epoch))
        elif verdict == STOP:
            self.request_stop(Sentence(QT_TRANSLATE_NOOP("CoreMessage", "The sweep was stopped; this trial trains "
                                                                        "again when the sweep is continued.")))


def pack(folder: Path) -> bytes:
    """A run folder's files as an uncompressed tar (checkpoints barely compress), without its claim."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.name not in LEFT_OUT and not path.name.endswith(".tmp"):
                tar.add(path, arcname=path.relative_to(folder).as_posix(), recursive=False)
    return buffer.getvalue()


def unpack(data: bytes, run_dir: Path) -> None:
    """Write a packed run folder's files into ``run_dir`` (the tar's paths stay inside it: tarfile's "data"
    filter), and make its results name this machine's folder."""
    with tarfile.open(fileobj=io.BytesIO(data), mode="r") as tar:
        tar.extractall(run_dir, filter="data")
    results = run_dir / RESULTS
    if results.is_file():
        saved = strict_json.loads(results.read_text(encoding="utf-8"))
        if isinstance(saved, dict):
            saved["run_dir"] = str(run_dir)
            if saved.get("checkpoint"):
                saved["checkpoint"] = str(run_dir / "checkpoint.pt")
            data_out = strict_json.file_bytes(saved)
            write_atomically(results, lambda f: f.write(data_out))


def train_trial(config: dict[str, Any], trial: int, board: Any) -> dict[str, Any]:
    """The Ray task: train one trial on this node and return its run folder's files and its end."""
    import ray

    from cnnlab.engine.config import TrainConfig
    from cnnlab.launch import plan_run, train

    node = ray.get_runtime_context().get_node_id()
    board.began.remote(trial, node)
    with tempfile.TemporaryDirectory(prefix="cnnlab-trial-") as tmp:
        plan = None
        try:
            plan = plan_run(TrainConfig.from_dict(config), parent=Path(tmp))
            end = train(plan, [_Reporter(board, trial)])
            return {"node": node, "status": end.status, "test_acc": end.test_acc, "epochs_done": end.epochs_done,
                    "message": str(end.message or ""), "files": pack(plan.run_dir) if plan.run_dir else b""}
        except UserError as e:  # the run failed (its folder says how), or could not start
            files = pack(plan.run_dir) if plan is not None and plan.run_dir and plan.run_dir.is_dir() else b""
            return {"node": node, "status": "failed", "test_acc": None, "epochs_done": 0, "message": str(e),
                    "files": files}


def check_reachable(address: str, timeout: float = CONNECT_TIMEOUT_S) -> None:
    """A ``host:port`` address where nothing answers is one sentence now, not a minute of Ray's retries
    (other forms, such as ``auto``, are left to Ray)."""
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit() or "://" in address:
        return
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=timeout).close()
    except OSError as e:
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "No Ray cluster answers at {address} ({reason}); start "
                                                         "one with `ray start --head` and give its address."),
                        address=address, reason=(e.strerror or str(e) or type(e).__name__).lower()) from None


def _package_dir() -> str:
    import cnnlab

    return str(Path(cnnlab.__file__).resolve().parent)


class RayWorkers:
    """Trials as tasks on the Ray cluster at ``address``; as many at once as its CPUs hold."""

    def __init__(self, address: str, spec: SweepSpec) -> None:
        try:
            import ray
            from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy
        except ImportError:
            raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "Training on a Ray cluster needs Ray: pip install "
                                                             "'cnnlab[cluster]'.")) from None
        self.ray = ray
        self.own = not ray.is_initialized()  # a caller's own connection is left open
        if self.own:
            check_reachable(address)
            try:
                ray.init(address=address, log_to_driver=False, logging_level=logging.WARNING,
                         runtime_env={"py_modules": [_package_dir()], "excludes": ["__pycache__/"]})
            except (ConnectionError, ValueError, RuntimeError) as e:
                raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "No Ray cluster could be reached at {address} "
                                                                 "({reason}); start one with `ray start --head` "
                                                                 "and give its address."),
                                address=address, reason=str(e).splitlines()[0] if str(e) else type(e).__name__) \
                    from None
        here = ray.get_runtime_context().get_node_id()
        self.board: Any = ray.remote(num_cpus=0)(Board).options(
            scheduling_strategy=NodeAffinitySchedulingStrategy(here, soft=False)).remote()
        self.task: Any = ray.remote(train_trial).options(num_cpus=spec.cpus, num_gpus=spec.gpus,
                                                         max_retries=RAY_RETRIES)
        self.slots = max(1, int(ray.cluster_resources().get("CPU", 1) // spec.cpus))
        self.pending: dict[Any, tuple[int, RunPlan]] = {}  # task -> its trial and local plan
        self.began: set[int] = set()  # trials whose task has begun on a node

    def submit(self, trial: int, plan: RunPlan) -> None:
        config = {**plan.config.to_dict(), "out_dir": None}  # the task makes its own folder on its node
        self.pending[self.task.remote(config, trial, self.board)] = (trial, plan)

    def wait(self, timeout: float) -> list[WorkerEvent]:
        ray = self.ray
        events: list[WorkerEvent] = []
        for report in ray.get(self.board.take.remote()):
            if report[0] == "began":
                self.began.add(report[1])
                events.append(Began(report[1], report[2]))
            else:
                events.append(Epoch(*report[1:]))
        if not self.pending:
            return events
        ready, _ = ray.wait(list(self.pending), num_returns=len(self.pending), timeout=0 if events else timeout)
        for ref in ready:
            trial, plan = self.pending.pop(ref)
            events.append(self._finished(trial, plan, ref))
        return events

    def _finished(self, trial: int, plan: RunPlan, ref: Any) -> Finished:
        """The task's end, its files written into the trial's run folder, which the sweep then gives back."""
        try:
            return self._unpacked(trial, plan, ref)
        finally:
            release(plan.run_dir)  # claimed when the sweep planned the trial; the remote run has ended

    def _unpacked(self, trial: int, plan: RunPlan, ref: Any) -> Finished:
        try:
            out = self.ray.get(ref)
        except self.ray.exceptions.RayError as e:  # the task failed on every try (its nodes kept dying)
            message = Sentence(QT_TRANSLATE_NOOP("CoreMessage", "The trial's Ray task failed ({problem})."),
                               problem=str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__)
            return Finished(trial, "failed", None, 0, message)
        if out["files"] and plan.run_dir is not None:
            try:
                unpack(out["files"], plan.run_dir)
            except (OSError, tarfile.TarError, ValueError) as e:
                return Finished(trial, "failed", None, 0, describe_failure(e), out["node"])
        return Finished(trial, out["status"], out["test_acc"], out["epochs_done"], out["message"], out["node"])

    def prune(self, trial: int) -> None:
        self.board.prune.remote(trial)

    def stop_all(self) -> None:
        """Tasks training stop after their epoch (and send what they trained); tasks still waiting for a node are
        cancelled."""
        self.board.stop_all.remote()
        for ref, (trial, _) in self.pending.items():
            if trial not in self.began:
                self.ray.cancel(ref)

    def close(self) -> None:
        if self.own:
            self.ray.shutdown()
