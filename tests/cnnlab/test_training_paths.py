"""Training paths no other test reaches: momentum and RMSprop, step and cosine schedules,
augmentation, and the CLI's progress output. Schedules are checked against their formulas."""

from __future__ import annotations

import math
import re

import pytest
import torch

from cnnlab.cli import main
from cnnlab.datasets import load_dataset
from cnnlab.engine import BatchEnd, Callback, EpochEnd, TrainConfig, Trainer
from cnnlab.engine.data import augment

LR = 0.02  # large enough that a schedule's steps show in the numbers


class Batches(Callback):
    def __init__(self) -> None:
        self.batches: list[BatchEnd] = []
        self.epochs: list[EpochEnd] = []

    def on_batch_end(self, event: BatchEnd) -> None:
        self.batches.append(event)

    def on_epoch_end(self, event: EpochEnd) -> None:
        self.epochs.append(event)


def train(**changes: object) -> tuple[Trainer, Batches]:
    base: dict[str, object] = dict(dataset="shapes", model="shape-cnn", epochs=3, train_limit=192, batch_size=32,
                                   lr=LR, device="cpu", val_fraction=0.0)
    base.update(changes)
    cfg = TrainConfig(**base)  # type: ignore[arg-type]  # the test's dict of keyword values: mypy cannot see their types
    seen = Batches()
    splits = load_dataset("shapes", train_limit=192, val_fraction=0.0)
    trainer = Trainer(cfg, [seen], splits=splits)
    trainer.fit()
    return trainer, seen


def expected_lr(schedule: str, step: int, total: int) -> float:
    """The learning rate after ``step`` of ``total`` batches, by the schedule's textbook formula."""
    if schedule == "step":
        return LR * 0.1 ** (step // max(1, total // 3))
    if schedule == "cosine":
        return LR * (1 + math.cos(math.pi * step / total)) / 2
    return LR


@pytest.mark.parametrize("optimizer", ["momentum", "rmsprop"])
@pytest.mark.parametrize("schedule", ["step", "cosine", "none"])
def test_each_optimizer_trains_with_each_schedule_at_the_formulas_rate(optimizer: str, schedule: str) -> None:
    _, seen = train(optimizer=optimizer, schedule=schedule)
    total = seen.batches[-1].total_steps
    assert total == 3 * 6  # 192 images in batches of 32, three epochs
    for e in seen.batches:
        assert e.lr == pytest.approx(expected_lr(schedule, e.step, total), rel=1e-6, abs=1e-12), (e.step, e.lr)
    assert seen.epochs[-1].train_loss < seen.epochs[0].train_loss


def test_flip_mirrors_about_half_the_batch_and_shift_moves_content() -> None:
    x = torch.arange(8 * 1 * 5 * 5, dtype=torch.float32).view(8, 1, 5, 5)  # every pixel distinct
    flipped = augment(x.clone(), "flip", torch.Generator().manual_seed(0))
    mirrored = [bool(torch.equal(flipped[i], x[i].flip(2))) for i in range(8)]
    kept = [bool(torch.equal(flipped[i], x[i])) for i in range(8)]
    assert all(m or k for m, k in zip(mirrored, kept, strict=True)) and any(mirrored) and any(kept)
    shifted = augment(x.clone(), "shift", torch.Generator().manual_seed(0))
    assert shifted.shape == x.shape and not torch.equal(shifted, x)
    assert set(shifted.unique().tolist()) <= set(x.unique().tolist()), "a shift only moves (and repeats) pixels"


def test_a_run_with_augmentation_trains(tmp_path) -> None:
    _, seen = train(augment="flip+shift", optimizer="adam", schedule="one-cycle", lr=3e-3)
    assert len(seen.epochs) == 3 and seen.epochs[-1].train_loss < seen.epochs[0].train_loss


def test_the_cli_prints_its_progress_and_epoch_lines(tmp_path, capsys) -> None:
    code = main(["train", "--dataset", "shapes", "--epochs", "2", "--train-limit", "128", "--batch-size", "32",
                 "--out", str(tmp_path / "run")])
    out = capsys.readouterr()
    text = out.out + out.err
    assert code == 0
    epoch_lines = re.findall(r"^epoch (\d)/2 loss [\d.]+ acc [\d.]+ val_loss [\d.]+ val_acc [\d.]+ .*img/s", text, re.M)
    assert epoch_lines == ["1", "2"], text
    assert re.search(r"^test accuracy 0\.\d{4} \(loss [\d.]+\); run saved in .*run$", text, re.M), text
