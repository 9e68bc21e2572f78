"""The setup's epoch estimate: the trainer's batch count, timed steps scaled by hand, the run's RNG untouched."""

from __future__ import annotations

import itertools

import pytest
import torch

from cnnlab.engine.config import TrainConfig
from cnnlab.engine.estimate import SLOW_EPOCH_S, EpochEstimate, batches_per_epoch, estimate_epoch
from cnnlab.errors import UserError


@pytest.mark.parametrize(("images", "batch", "expected"), [(100, 32, 4), (97, 32, 3), (64, 32, 2), (33, 32, 1)])
def test_batches_per_epoch_drops_a_last_batch_of_one_image(images: int, batch: int, expected: int) -> None:
    # 100 = 3×32 + 4 (a fourth batch of 4); 97 = 3×32 + 1 (the lone image is dropped)
    assert batches_per_epoch(images, batch) == expected


def fake_clock(step_seconds: float):
    ticks = itertools.count()
    return lambda: next(ticks) * step_seconds  # each reading step_seconds after the one before


def test_an_epoch_is_the_seconds_per_step_times_its_batches() -> None:
    cfg = TrainConfig(dataset="shapes", model="shape-cnn", batch_size=50, threads=1)
    est = estimate_epoch(cfg, (1, 28, 28), 5, 1000, clock=fake_clock(0.25))
    assert est.batches == 20 and est.seconds_per_batch == pytest.approx(0.25)
    assert est.seconds == pytest.approx(5.0) and not est.slow  # 20 × 0.25 s
    slow = estimate_epoch(cfg, (1, 28, 28), 5, 1000, clock=fake_clock(4.0))
    assert slow.seconds == pytest.approx(80.0) and slow.seconds > SLOW_EPOCH_S and slow.slow


def test_timing_draws_nothing_from_the_runs_random_generator() -> None:
    torch.manual_seed(7)
    expected = torch.rand(3)
    torch.manual_seed(7)
    estimate_epoch(TrainConfig(dataset="colors", model="color-cnn", batch_size=8), (3, 28, 28), 6, 64)
    assert torch.equal(torch.rand(3), expected)


def test_a_real_estimate_is_positive_and_uses_the_configs_batch() -> None:
    est = estimate_epoch(TrainConfig(dataset="shapes", model="dnn", batch_size=16), (1, 28, 28), 5, 160)
    assert isinstance(est, EpochEstimate) and est.batches == 10 and est.seconds_per_batch > 0
    assert est.device == "cpu"


def test_a_bad_config_is_one_sentence() -> None:
    with pytest.raises(UserError):
        estimate_epoch(TrainConfig(dataset="shapes", model="shape-cnn", batch_size=0), (1, 28, 28), 5, 100)
