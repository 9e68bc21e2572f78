"""The numbers behind one run's curves, batch and epoch level, and the x axes they are drawn against.

A :class:`RunSeries` holds plain lists filled from the engine's events (a run trained in this session)
or from a run folder's metrics.jsonl (an opened run); :class:`ui.curves.CurvesView` draws it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication

from cnnlab.app.runs import RunEntry
from cnnlab.engine import BatchEnd
from cnnlab.engine.doctor.diagnosis import Diagnosis

ITERATIONS, EPOCHS, AUTO = "iterations", "epochs", "auto"
X_CHOICES = (AUTO, ITERATIONS, EPOCHS)  # the X axis menu, in this order: auto first, as the default

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls


def _nan(v: float | None) -> float:
    return math.nan if v is None else float(v)


@dataclass
class RunSeries:
    """The numbers of one run's curves. Batch points exist only for runs trained in this session."""

    entry: RunEntry  # the run in the app model: key, label, colour, drawn or not, ticked or not
    config: dict[str, Any] = field(default_factory=dict)
    live: bool = False  # being trained right now
    paused: bool = False  # live, but paused by the student
    status: str = ""  # "", "completed", "stopped", "failed"
    results: dict[str, Any] | None = None
    # batch level (train only): x as iteration and as fractional epoch
    batch_step: list[float] = field(default_factory=list)
    batch_epoch: list[float] = field(default_factory=list)
    batch_loss: list[float] = field(default_factory=list)
    batch_acc: list[float] = field(default_factory=list)
    # epoch level
    epoch: list[float] = field(default_factory=list)
    epoch_step: list[float] = field(default_factory=list)
    train_loss: list[float] = field(default_factory=list)
    train_acc: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_acc: list[float] = field(default_factory=list)
    diagnoses: list[Diagnosis] = field(default_factory=list)  # the training doctor's findings, in the order found

    @property
    def key(self) -> str:
        return self.entry.key

    @property
    def label(self) -> str:
        return self.entry.label

    @property
    def color(self) -> str:
        return self.entry.color

    @property
    def visible(self) -> bool:
        return self.entry.visible

    @property
    def pinned(self) -> bool:
        return self.entry.pinned

    def add_batches(self, events: list[BatchEnd]) -> None:
        for e in events:
            self.batch_step.append(e.step)
            self.batch_epoch.append(e.epoch - 1 + e.batch / e.batches)
            self.batch_loss.append(e.loss)
            self.batch_acc.append(e.acc)

    def add_epoch(self, metrics: dict[str, Any]) -> None:
        """One epoch's metrics: an ``EpochEnd.metrics()`` dict or a line of metrics.jsonl."""
        self.epoch.append(float(metrics["epoch"]))
        self.epoch_step.append(float(metrics.get("step", math.nan)))
        self.train_loss.append(_nan(metrics.get("train_loss")))
        self.train_acc.append(_nan(metrics.get("train_acc")))
        self.val_loss.append(_nan(metrics.get("val_loss")))
        self.val_acc.append(_nan(metrics.get("val_acc")))

    def curves(self, x_mode: str) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """(x, y) per curve: train_loss, val_loss, train_acc, val_acc (accuracy in percent)."""
        ex = np.asarray(self.epoch if x_mode == EPOCHS else self.epoch_step, dtype=float)
        if self.batch_step:  # a live or session run: the batch-level training curve
            bx = np.asarray(self.batch_epoch if x_mode == EPOCHS else self.batch_step, dtype=float)
            train_loss = (bx, np.asarray(self.batch_loss, dtype=float))
            train_acc = (bx, 100 * np.asarray(self.batch_acc, dtype=float))
        else:  # an opened run: one point per epoch
            train_loss = (ex, np.asarray(self.train_loss, dtype=float))
            train_acc = (ex, 100 * np.asarray(self.train_acc, dtype=float))
        return {
            "train_loss": train_loss,
            "val_loss": (ex, np.asarray(self.val_loss, dtype=float)),
            "train_acc": train_acc,
            "val_acc": (ex, 100 * np.asarray(self.val_acc, dtype=float)),
        }

    def summary(self) -> str:
        """A few words on how the run ended, for its line in the run list."""
        r = self.results or {}
        if self.live:
            return translate("CurvesView", "paused") if self.paused else translate("CurvesView", "training…")
        if self.status == "failed":
            return translate("CurvesView", "failed")
        acc = r.get("test_acc")
        if acc is not None:
            return translate("CurvesView", "test {0}%").format(f"{100 * acc:.1f}")
        if self.status == "stopped" or r.get("status") == "stopped":
            return translate("CurvesView", "stopped after {0} epoch(s)").format(len(self.epoch))
        return translate("CurvesView", "{0} epoch(s)").format(len(self.epoch))

    def batch_size(self) -> int | None:
        value = self.config.get("batch_size")
        return int(value) if isinstance(value, int | float) else None
