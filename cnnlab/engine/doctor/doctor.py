"""The training doctor: the trainer calls it at a few points of a run and sends on what it finds.

* :meth:`Doctor.begin`: the data (the dataset's too-few-images warning);
* :meth:`Doctor.after_backward`: every few batches, the gradient norm on the device (no sync);
* :meth:`Doctor.window`: at each progress report (the trainer reads its loss then anyway): the gradient
  norm's peak, read once, and a loss that is not finite;
* :meth:`Doctor.watching` and :meth:`Doctor.epoch_end`: ReLU activity and the answers per class on the
  validation pass, then the epoch's checks (dead ReLUs, one class, chance, a flat loss, overfitting);
* :meth:`Doctor.run_end`: the test accuracy against chance, so that no run finishes at chance unremarked.

Each kind of finding is said once per run, at the epoch it is first seen.
"""

from __future__ import annotations

import math
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING

import torch
from torch import nn

from cnnlab.engine.doctor import checks
from cnnlab.engine.doctor.checks import EpochFigures
from cnnlab.engine.doctor.diagnosis import AT_CHANCE, LOSS_FLAT, ONE_CLASS, Diagnosis
from cnnlab.engine.doctor.probes import ActivityProbe, GradientWatch
from cnnlab.engine.doctor.thresholds import ONE_CLASS_SHARE, PROBE_IMAGES, SMALL_TRAIN, STREAK_EPOCHS
from cnnlab.engine.scoring import predict_logits

if TYPE_CHECKING:
    from cnnlab.engine.run_state import RunState


class Doctor:
    """One run's checks; ``Doctor(enabled=False)`` finds nothing and costs nothing (for comparisons)."""

    def __init__(self, enabled: bool = True) -> None:  # enabled: on for every run; off only to measure the cost
        self.enabled = enabled
        self.found: list[Diagnosis] = []  # everything found so far, in order
        self._grads: GradientWatch | None = None
        self._probe: ActivityProbe | None = None  # the current epoch's
        self._history: list[EpochFigures] = []
        self._first_loss: float | None = None  # the run's first reported training loss
        self._labels: list[int] = []  # training images per class
        self._val_chance = 0.0  # the validation accuracy of always answering the most common class
        self._streaks = {"one": 0, "chance": 0}  # epochs in a row answering one class, and at chance

    def _new(self, *found: Diagnosis | None) -> list[Diagnosis]:
        """The findings whose kind was not found before, now remembered."""
        fresh = []
        for d in found:
            if d is not None and all(d.code != old.code for old in self.found):
                self.found.append(d)
                fresh.append(d)
        return fresh

    def has(self, code: str) -> bool:
        return any(d.code == code for d in self.found)

    # ----------------------------------------------------------------- the run's start
    def begin(self, run: RunState) -> list[Diagnosis]:
        """The run is prepared: count the labels, watch the gradients; the dataset's too-few-images warning."""
        if not self.enabled:
            return []
        k = run.splits.info.num_classes
        self._grads = GradientWatch(run.model)
        self._labels = torch.bincount(run.splits.train.y, minlength=k)[:k].tolist()
        self._val_chance = checks.majority_share(torch.bincount(run.splits.val.y, minlength=k)[:k].tolist())
        return self._new(*checks.few_images(run.splits.notes))

    def after_backward(self, step: int) -> None:
        """After ``loss.backward()`` of batch ``step``: every few batches, the gradient norm (on the device)."""
        if self._grads is not None:
            self._grads.sample(step)

    def window(self, loss: float, epoch: int, batch: int, lr: float) -> list[Diagnosis]:
        """A progress report's mean loss: the gradients' peak since the last report is read back here."""
        if not self.enabled:
            return []
        if self._first_loss is None:
            self._first_loss = loss
        peak = self._grads.read() if self._grads is not None else None
        found = [checks.exploding_gradients(epoch, peak, self._grads.start if self._grads else None, lr)
                 if peak is not None else None]
        if not math.isfinite(loss):
            found.append(checks.loss_not_finite(loss, epoch, batch, lr))
        return self._new(*found)

    # ----------------------------------------------------------------- each epoch
    def watching(self, model: nn.Module, num_classes: int) -> AbstractContextManager[object]:
        """Around the validation pass: ReLU activity and answers per class, gathered on the device."""
        if not self.enabled:
            return nullcontext()
        self._probe = ActivityProbe(num_classes)
        return self._probe.watch(model)

    def epoch_end(self, run: RunState, epoch: int, train_loss: float, val_loss: float | None,
                  val_acc: float | None) -> list[Diagnosis]:
        """After the epoch's EpochEnd: dead ReLUs, a flat loss, overfitting, one class, chance."""
        if not self.enabled:
            return []
        cfg, info = run.cfg, run.splits.info
        assert cfg.lr is not None and cfg.augment is not None and cfg.epochs
        if self._probe is None or self._probe.images == 0:  # no validation split: a probe on training images
            with self.watching(run.model, info.num_classes):
                predict_logits(run.model, run.x_train[:PROBE_IMAGES])
        assert self._probe is not None
        silent, answers = self._probe.read()
        images, self._probe = self._probe.images, None
        self._history.append(EpochFigures(epoch, train_loss, val_loss, val_acc))
        flat = checks.loss_is_flat(self._first_loss, self._history, info.num_classes)
        last = epoch == cfg.epochs
        found = [checks.dead_relus(epoch, silent, images, cfg.lr),
                 checks.loss_flat(self._first_loss, self._history, info.num_classes, cfg.lr),
                 checks.overfitting(self._history, cfg.augment)]
        one = checks.one_class(epoch, answers, self._labels, info.classes, self._advice(run, flat))
        self._streaks["one"] = self._streaks["one"] + 1 if one is not None else 0
        if self._streaks["one"] >= STREAK_EPOCHS or last:
            found.insert(1, one)
        if val_acc is not None and self._val_chance < ONE_CLASS_SHARE:  # (labels of one class: ONE_CLASS says so)
            at = checks.at_chance(val_acc, self._val_chance)
            self._streaks["chance"] = self._streaks["chance"] + 1 if at else 0
            if at and (self._streaks["chance"] >= STREAK_EPOCHS or last):
                found.append(checks.chance_on_validation(epoch, val_acc, self._val_chance, self._advice(run, flat)))
        return self._new(*found)

    def _advice(self, run: RunState, flat: bool) -> checks.Advice:
        """What to do about a run at chance: the labels when they are of one class, all the images when it trains on
        a small subset, a higher learning rate when the loss has not moved, else a lower one (the loss moved, but
        to nowhere)."""
        cfg = run.cfg
        assert cfg.lr is not None
        one = next((d for d in self.found if d.code == ONE_CLASS), None)
        if one is not None and not one.fix:  # the labels variant has no fix
            return checks.check_labels()
        if cfg.train_limit is not None and len(run.x_train) < SMALL_TRAIN:
            return checks.more_images(len(run.x_train))
        return checks.raise_lr(cfg.lr) if flat or self.has(LOSS_FLAT) else checks.lower_lr(cfg.lr)

    # ----------------------------------------------------------------- the end
    def run_end(self, run: RunState, test_acc: float) -> list[Diagnosis]:
        """After the test: a run at chance never finishes without a diagnosis."""
        if not self.enabled or self.has(AT_CHANCE) or not math.isfinite(test_acc):
            return []
        k = run.splits.info.num_classes
        chance = checks.majority_share(torch.bincount(run.splits.test.y, minlength=k)[:k].tolist())
        if k < 2 or not checks.at_chance(test_acc, chance):
            return []
        flat = checks.loss_is_flat(self._first_loss, self._history, k)
        return self._new(checks.chance_on_test(run.epochs_done, test_acc, chance, self._advice(run, flat)))

