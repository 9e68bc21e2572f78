"""A plan becomes a run: the trainer, with the run folder's writers ahead of the caller's callbacks."""

from __future__ import annotations

from collections.abc import Iterable

from cnnlab.datasets import DataSplits
from cnnlab.engine.callbacks import Callback
from cnnlab.engine.control import RunControl
from cnnlab.engine.events import RunEnd
from cnnlab.engine.threads import CpuSample
from cnnlab.engine.trainer import Trainer
from cnnlab.errors import UserError
from cnnlab.launch.plan import RunPlan
from cnnlab.runs.claim import release
from cnnlab.runs.epochs import EpochHistory
from cnnlab.runs.store import remove_if_empty
from cnnlab.runs.writer import RunWriter


def build_trainer(plan: RunPlan, callbacks: Iterable[Callback] = (), control: RunControl | None = None, *,
                  splits: DataSplits | None = None, cpu_since: CpuSample | None = None) -> Trainer:
    """The trainer of ``plan``: with a run folder, its writer (settings, metrics, checkpoints, results) and
    its epoch history come first, so the caller's callbacks hear of an epoch once it is saved."""
    writers: list[Callback] = []
    writer = None
    if plan.run_dir is not None:
        earlier = plan.continuation.earlier if plan.continuation is not None else None
        writer = RunWriter(plan.run_dir, earlier=earlier)
        writers = [writer, EpochHistory(plan.run_dir)]
    trainer = Trainer(plan.config, [*writers, *callbacks], control, splits=splits, run_dir=plan.run_dir,
                      start=plan.start, cpu_since=cpu_since)
    if writer is not None:
        writer.state = trainer.training_state  # each checkpoint carries what a continuation needs
    return trainer


def fit(trainer: Trainer, plan: RunPlan) -> RunEnd:
    """Run ``plan``'s trainer; a new run that trained nothing leaves no empty folder behind. The folder's
    claim is given back at the end if this process made the plan (not in a window's training process)."""
    try:
        return trainer.fit()
    except (UserError, KeyboardInterrupt):
        release(plan.run_dir)
        if plan.continuation is None:
            remove_if_empty(plan.run_dir)
        raise
    finally:
        release(plan.run_dir)


def train(plan: RunPlan, callbacks: Iterable[Callback] = (), control: RunControl | None = None, *,
          splits: DataSplits | None = None, cpu_since: CpuSample | None = None) -> RunEnd:
    """Train ``plan`` in this process (see :func:`fit`)."""
    return fit(build_trainer(plan, callbacks, control, splits=splits, cpu_since=cpu_since), plan)
