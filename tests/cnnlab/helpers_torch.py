"""Shared torch settings for the core's tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import torch


@pytest.fixture
def one_thread() -> Iterator[None]:
    """Run a test on one intra-op thread, then restore the setting.

    The chapter's networks are too small to gain from a second thread; on a busy two-core
    machine the second one mostly waits for a core and makes small batches several times slower.
    """
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


def use_clock(monkeypatch: pytest.MonkeyPatch, clock: object) -> None:
    """Give the trainer's loop, its stopwatch and its thread probes ``clock`` as their ``time`` module."""
    from cnnlab.engine import run_state, thread_choice, trainer

    for module in (trainer, run_state, thread_choice):
        monkeypatch.setattr(module, "time", clock)


class SteppingClock:
    """Stands in for the trainer's clock: every reading is ``step`` seconds after the previous one,
    so progress events fall on the same batches in every run."""

    def __init__(self, step: float) -> None:
        self.step, self.now = step, 0.0

    def perf_counter(self) -> float:
        self.now += self.step
        return self.now
