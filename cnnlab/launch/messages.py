"""What the training process sends its parent: the trainer's own events (the doctor's findings among them), plus
two of the pipe's. A receiver dispatches on the type (``match message: case EpochEnd(): ...``)."""

from __future__ import annotations

from dataclasses import dataclass

from cnnlab.engine.doctor.diagnosis import Diagnosis
from cnnlab.engine.events import BatchEnd, EpochEnd, RunEnd, RunStarted


@dataclass(frozen=True)
class Batches:
    """The batch events since the previous message, oldest first (the child coalesces them)."""

    events: tuple[BatchEnd, ...]


@dataclass(frozen=True)
class Held:
    """A pause took hold: the run waits before its next batch, and every batch trained before the
    pause was sent ahead of this."""


Message = RunStarted | Batches | EpochEnd | Diagnosis | Held | RunEnd  # everything a run's stream carries
