"""Events the trainer sends to callbacks. Frozen dataclasses: safe to pass between threads."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from cnnlab.engine.checkpoint import CheckpointMeta
from cnnlab.engine.doctor.diagnosis import Diagnosis
from cnnlab.errors import Sentence


@dataclass(frozen=True)
class RunStarted:
    run_dir: str | None
    config: dict[str, Any]  # the resolved TrainConfig as a dict
    dataset: str
    classes: tuple[str, ...]
    input_shape: tuple[int, int, int]
    model: str
    params: int
    device: str
    epochs: int
    steps_per_epoch: int
    train_size: int
    val_size: int
    test_size: int
    threads: int = 0  # CPU threads torch trains with (measured or fixed); 0: not known (older runs)
    meta: CheckpointMeta | None = None  # what a checkpoint of this run records about model and data
    # the CPU thread counts as {"from_step": batches trained before, "threads": n}: a continued run's earlier
    # ones and the count it starts with
    threads_used: tuple[dict[str, int], ...] = ()
    deterministic: bool = False  # torch's deterministic algorithms are on (a reproducible run)
    notes: tuple[str, ...] = ()  # the dataset's warnings (links skipped, a class left out...); none for clean data


@dataclass(frozen=True)
class BatchEnd:
    """Coalesced: sent at most ~30 times a second and at each epoch's last batch."""

    epoch: int  # 1-based
    batch: int  # 1-based within the epoch
    batches: int  # per epoch
    step: int  # 1-based over the whole run
    total_steps: int
    loss: float  # mean training loss over the batches since the previous BatchEnd
    acc: float  # training accuracy over the same batches
    lr: float
    samples_per_second: float  # training throughput so far (paused time excluded)
    elapsed: float  # training seconds so far
    eta: float  # seconds left, estimated from throughput
    threads: int = 0  # CPU threads torch trains with now; 0: not known (older runs)
    gpu_memory: int = 0  # bytes of GPU memory the run's tensors hold now; 0: a CPU run


@dataclass(frozen=True)
class EpochEnd:
    epoch: int
    epochs: int
    step: int
    train_loss: float
    train_acc: float
    val_loss: float | None  # None when no validation split is held out
    val_acc: float | None
    lr: float
    seconds: float  # wall seconds of this epoch, validation included
    samples_per_second: float  # training throughput of the run so far (paused time excluded)
    weights: dict[str, torch.Tensor] = field(repr=False, default_factory=dict)  # CPU copy at epoch end
    images: int = 0  # images trained in this epoch; 0: not known (older runs)
    threads: int = 0  # CPU threads torch trained this epoch with; 0: not known (older runs)

    def metrics(self) -> dict[str, Any]:
        """The JSON-safe part, as written to metrics.jsonl."""
        return {k: getattr(self, k) for k in ("epoch", "step", "train_loss", "train_acc", "val_loss",
                                              "val_acc", "lr", "seconds", "samples_per_second")}


@dataclass(frozen=True)
class RunEnd:
    status: str  # "completed", "stopped" or "failed"
    epochs_done: int
    test_loss: float | None
    test_acc: float | None
    val_acc: float | None
    train_seconds: float
    samples_per_second: float
    run_dir: str | None
    checkpoint: str | None
    message: str = ""  # the one-sentence reason when failed
    weights: dict[str, torch.Tensor] = field(repr=False, default_factory=dict)
    device: str = ""  # where it trained ("cpu", "cuda:0"); "": it never started
    deterministic: bool = False  # torch's deterministic algorithms were on (a reproducible run)
    threads_used: tuple[dict[str, int], ...] = ()  # the CPU thread counts, each from the batch it took over
    diagnoses: tuple[Diagnosis, ...] = ()  # what the training doctor found, in the order found; none: all well
    gpu_options: tuple[str, ...] = ()  # the GPU speed settings the run turned on (cnnlab/engine/gpu_options.py)
    compile_seconds: float | None = None  # torch.compile's time (the first step), not in train_seconds; None: off

    @classmethod
    def early(cls, message: str, run_dir: str | Path | None = None, status: str = "failed") -> RunEnd:
        """The end of a run that trained nothing: it failed, or was stopped, before its first epoch ended."""
        return cls(status=status, epochs_done=0, test_loss=None, test_acc=None, val_acc=None, train_seconds=0.0,
                   samples_per_second=0.0, run_dir=str(run_dir) if run_dir else None, checkpoint=None,
                   message=message)

    def metrics(self) -> dict[str, Any]:
        """The JSON-safe part, as written to results.json (a translatable message keeps its template too)."""
        out = {k: getattr(self, k) for k in ("status", "epochs_done", "test_loss", "test_acc", "val_acc",
                                             "train_seconds", "samples_per_second", "run_dir", "checkpoint",
                                             "message")}
        out["message"] = str(self.message)
        if self.device:  # what the run trained with, so it can be repeated: device, determinism, thread counts
            out.update(device=self.device, deterministic=self.deterministic,
                       threads_used=[dict(entry) for entry in self.threads_used], gpu_options=list(self.gpu_options),
                       compile_seconds=self.compile_seconds)
        if isinstance(self.message, Sentence):
            out["message_template"] = self.message.to_json()
        out["diagnoses"] = [d.to_json() for d in self.diagnoses]
        return out
