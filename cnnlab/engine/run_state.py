"""What one run holds while it trains: the prepared data and model, the training clock, the running
counts, and where a continued run starts from. Plain data; the trainer changes it."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import torch
from torch import nn

from cnnlab.datasets import DataSplits
from cnnlab.design.build import build_run_model
from cnnlab.engine.checkpoint import CheckpointMeta
from cnnlab.engine.config import TrainConfig, resolve_config
from cnnlab.engine.control import RunControl
from cnnlab.engine.data import DataRequest, load_data
from cnnlab.engine.device import resolve_device
from cnnlab.engine.gpu_options import GpuOptions
from cnnlab.engine.threads import ThreadPolicy

if TYPE_CHECKING:
    from cnnlab.engine.meter import MetricMeter


@dataclass(frozen=True)
class StartPoint:
    """Where a continued run starts: the weights and the training state a checkpoint saved
    (see engine/train_state.py)."""

    weights: dict[str, torch.Tensor] = field(repr=False)
    state: dict[str, Any] = field(repr=False)  # the checkpoint's "training" entry
    # The checkpoint's model options: a design run's design, so the run goes on without (or despite edits to) its
    # file; none for a registry model or an older checkpoint
    model_options: dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass
class Prepared:
    """Everything a run needs, built before the first batch."""

    config: TrainConfig
    splits: DataSplits
    model: nn.Module
    device: torch.device
    meta: CheckpointMeta


def prepare(config: TrainConfig, splits: DataSplits | None = None,  # None: loaded here
            model_options: dict[str, Any] | None = None) -> Prepared:  # None: a new run's (the model's own)
    """Resolve the recipe, load the data and build the model (seeded); ``model_options``: a continued run's
    checkpoint's (its design), None for a new run."""
    cfg = resolve_config(config)
    assert cfg.model is not None
    device = resolve_device(cfg.device)
    if splits is None:
        splits = load_data(DataRequest.for_config(cfg))
    info = splits.info
    torch.manual_seed(cfg.seed)
    model, name, options = build_run_model(cfg.model, in_channels=info.channels, image_size=info.size,
                                           num_classes=info.num_classes, dataset=info.name, **(model_options or {}))
    meta = CheckpointMeta.for_dataset(name, info, options)  # a design's copy travels in the checkpoint
    return Prepared(cfg, splits, model.to(device), device, meta)


class Stopwatch:
    """Training seconds: runs during an epoch's batches, stands still while paused and between epochs.

    Reads the module's ``time`` at each call, so tests can swap in a stepping clock."""

    def __init__(self) -> None:
        self.total = 0.0  # seconds banked by finished laps: none yet
        self._mark = 0.0  # perf_counter() when the current lap began

    def start(self) -> float:
        self._mark = time.perf_counter()
        return self._mark

    def stop(self) -> None:
        self.total += time.perf_counter() - self._mark

    def elapsed(self, now: float) -> float:
        """Training seconds up to ``now``, the current lap included."""
        return self.total + (now - self._mark)

    def leave_out(self, seconds: float) -> None:
        """Not count the last ``seconds`` of the current lap (compiling the model is not training)."""
        self._mark += seconds

    def wait_while_paused(self, control: RunControl) -> None:
        """Block while ``control`` is paused; the wait is not counted."""
        if control.paused:
            self.stop()
            control.wait_while_paused()
            self.start()


@dataclass
class PartialEpoch:
    """An epoch stopped between two batches: enough to train the rest of it as if never stopped."""

    order: torch.Tensor  # (N,) int64: the epoch's shuffled training indices, on the CPU
    batches_done: int  # batches of the epoch already trained
    loss_sum: torch.Tensor  # () float: the epoch's sum of batch-mean loss × batch size so far
    correct: torch.Tensor  # () int64: the epoch's right answers so far
    seen: int  # images of the epoch trained so far

    def to_dict(self) -> dict[str, Any]:
        return {"order": self.order.cpu(), "batches_done": self.batches_done, "loss_sum": self.loss_sum.cpu(),
                "correct": self.correct.cpu(), "seen": self.seen}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PartialEpoch:
        return cls(order=data["order"], batches_done=int(data["batches_done"]), loss_sum=data["loss_sum"],
                   correct=data["correct"], seen=int(data["seen"]))

    def fill(self, meter: MetricMeter) -> None:
        """Give ``meter`` the totals of the batches trained before the stop."""
        meter.loss.copy_(self.loss_sum.to(meter.loss.device))
        meter.correct.copy_(self.correct.to(meter.correct.device))
        meter.seen = self.seen
        meter._shown = (float(meter.loss.item()), int(meter.correct.item()), self.seen)  # windows start here


@dataclass
class RunState:
    """What one run's epochs share: data on the device, model, optimizer and running counts."""

    cfg: TrainConfig
    splits: DataSplits
    model: nn.Module
    device: torch.device
    x_train: torch.Tensor  # (N, C, H, W) float32, normalised
    y_train: torch.Tensor  # (N,) class indices
    x_val: torch.Tensor  # (V, C, H, W)
    y_val: torch.Tensor  # (V,)
    batches: int  # per epoch
    opt: torch.optim.Optimizer
    sched: torch.optim.lr_scheduler.LRScheduler | None
    aux_weight: float
    gen: torch.Generator
    threads: ThreadPolicy  # the CPU thread count: fixed by the config or measured (see engine/threads.py)
    clock: Stopwatch = field(default_factory=Stopwatch)  # fresh per run: no time carried over
    step: int = 0  # batches trained so far in the run
    samples_seen: int = 0  # images trained so far in the run (finished epochs and stopped ones)
    epochs_done: int = 0  # epochs that ended with an EpochEnd
    last_val_acc: float | None = None  # None until an epoch is validated (or with no validation split)
    stopped: bool = False  # a user or a callback ended the run early
    stop_reason: str = ""  # a callback's sentence; empty for a user's stop
    sched_steps: int = 0  # steps the schedule was planned for: the run's first total, kept when it is continued
    partial: PartialEpoch | None = None  # an epoch stopped between batches (and, when continued, to finish first)
    gpu: GpuOptions = field(default_factory=GpuOptions)  # the GPU speed settings turned on (none on a CPU)
    compiled: Any = None  # torch.compile's wrapper of the model, which the training steps call; None: not compiled
    compile_seconds: float | None = None  # the first compiled step's seconds (the compiling), left out of training

    @property
    def total_steps(self) -> int:
        assert self.cfg.epochs
        return self.batches * self.cfg.epochs

    @property
    def lr(self) -> float:
        return float(self.opt.param_groups[0]["lr"])
