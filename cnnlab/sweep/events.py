"""What a sweep tells its caller as it goes (``run_sweep(..., on_event=...)``), and what its workers tell the
sweep. Frozen dataclasses: safe to hand from a worker thread to a front end's."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class TrialStarted:
    """A trial has a run folder and was handed to a worker (again, on another node, when a Ray task is retried)."""

    trial: int  # optuna's trial number
    settings: dict[str, Any] = field(hash=False)  # the varied settings but the seed
    seed: int
    run_dir: str
    node: str = ""  # the Ray node it runs on; "" for a local worker


@dataclass(frozen=True)
class TrialEpoch:
    """A trial finished an epoch; ``accuracy`` is what the pruner judges (validation, else training accuracy)."""

    trial: int
    epoch: int
    epochs: int
    accuracy: float
    pruned: bool = False  # the pruner stopped the trial after this epoch


@dataclass(frozen=True)
class TrialEnded:
    """A trial ended: completed, pruned, failed (a rerun would fail again) or interrupted (it trains again when the
    sweep is continued)."""

    trial: int
    settings: dict[str, Any] = field(hash=False)
    seed: int
    state: str
    test_acc: float | None
    run_dir: str
    message: str = ""  # why it failed or was stopped; "" when it completed
    done: int = 0  # trials finished for good so far
    total: int = 0  # trials the sweep trains in all


SweepEvent = TrialStarted | TrialEpoch | TrialEnded


# ---------------------------------------------------------------- from the workers


@dataclass(frozen=True)
class Began:
    """A worker began a trial's run (``node``: where, on Ray)."""

    trial: int
    node: str = ""


@dataclass(frozen=True)
class Epoch:
    trial: int
    epoch: int
    epochs: int
    accuracy: float


@dataclass(frozen=True)
class Finished:
    """A trial's run ended, its folder complete in the runs folder."""

    trial: int
    status: str  # the run's: completed, stopped or failed
    test_acc: float | None
    epochs_done: int
    message: str = ""
    node: str = ""


WorkerEvent = Began | Epoch | Finished


def judged_accuracy(val_acc: float | None, train_acc: float) -> float:
    """What a trial reports after each epoch: validation accuracy, else (no validation split) training accuracy."""
    return val_acc if val_acc is not None else train_acc
