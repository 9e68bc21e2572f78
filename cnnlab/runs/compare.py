"""Two runs side by side: config differences, per-class accuracy, both curves and the prediction flips.

A flip is a test image one run gets right and the other wrong. When either run has repeats (the same setup
with other seeds, such as a sweep's), the comparison also says whether the difference in test accuracy is
larger than seed-to-seed variation (:mod:`cnnlab.runs.noise`). Predictions come from each run's
checkpoint on the test set the run was trained with (``cnnlab.inspection.predictions``); per-class
accuracy comes from their confusion matrices (``cnnlab.inspection.confusion``). Both runs must have
been tested on the same images, else one sentence says why not.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import torch

from cnnlab.datasets import ImageSet
from cnnlab.engine.data import DataRequest
from cnnlab.errors import UserError
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.inspection import Confusion, Predictions, Subject, confusion, predictions
from cnnlab.runs.noise import SeedNoise, seed_noise
from cnnlab.runs.store import RunRecord, load_run

CONFIG_SKIPPED = ("out_dir",)  # where a run was saved always differs and says nothing about training
CURVE_KEYS = ("train_loss", "val_loss", "train_acc", "val_acc", "lr")  # metrics.jsonl columns drawn as curves


RECORDED = {  # what a run folder's config.json records beside the TrainConfig, named as the window names settings
    "params": QT_TRANSLATE_NOOP("TrainConfig", "Parameters"),
    "device_used": QT_TRANSLATE_NOOP("TrainConfig", "Device used"),
    "deterministic": QT_TRANSLATE_NOOP("TrainConfig", "Deterministic"),
    "threads_used": QT_TRANSLATE_NOOP("TrainConfig", "CPU threads used"),
    "classes": QT_TRANSLATE_NOOP("TrainConfig", "Classes"),
    "input_shape": QT_TRANSLATE_NOOP("TrainConfig", "Input shape"),
    "train_size": QT_TRANSLATE_NOOP("TrainConfig", "Training images"),
    "val_size": QT_TRANSLATE_NOOP("TrainConfig", "Validation images"),
    "test_size": QT_TRANSLATE_NOOP("TrainConfig", "Test images"),
}
Translate = Callable[[str, str], str]  # (context, English text) -> the text in the reader's language


def setting_label(key: str) -> str:
    """A saved config key as a reader sees it, in English (context ``TrainConfig``): "lr" -> "Learning rate";
    a key of neither the TrainConfig nor :data:`RECORDED` stays as it is."""
    from cnnlab.engine.config import config_field

    try:
        return config_field(key).label
    except KeyError:
        return RECORDED.get(key, key)


def setting_text(key: str, value: Any, shown: Translate) -> str:
    """A saved config value as a reader sees it: the dataset's title, the recipe's and the choices' names
    through ``shown`` (the window's or a report's language), numbers short, lists joined; "–" for none."""
    from cnnlab.datasets import get_dataset_spec, list_datasets

    if value is None:
        return "–"
    if key == "dataset" and value in list_datasets():
        return shown("Dataset", get_dataset_spec(str(value)).title)
    if key == "recipe":
        return shown("SetupPanel", str(value))  # the recipe picker's names ("course" -> the course's settings)
    if key == "model" and isinstance(value, str):
        from cnnlab.runs.store import model_label

        return model_label(value)  # a design run's model by its design's name, not its file's path
    if isinstance(value, str):
        return shown("Choices", value)  # "adam", "one-cycle", "none": the pickers' names; other text as it is
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, list) and all(isinstance(v, dict) for v in value):  # threads_used: one entry per change
        return ", ".join(str(v.get("threads", "?")) for v in value)
    if isinstance(value, (list, tuple)):
        return "×".join(str(v) for v in value) if key == "input_shape" else ", ".join(str(v) for v in value)
    return str(value)


@dataclass(frozen=True)
class ConfigDifference:
    key: str
    a: Any  # None: the setting is missing in run A
    b: Any


def config_differences(a: dict[str, Any], b: dict[str, Any],
                       skipped: tuple[str, ...] = CONFIG_SKIPPED) -> list[ConfigDifference]:
    """Every setting whose value differs between two saved configs, in A's key order then B's extra keys."""
    keys = [k for k in a if k not in skipped] + [k for k in b if k not in a and k not in skipped]
    return [ConfigDifference(k, a.get(k), b.get(k)) for k in keys if a.get(k) != b.get(k)]


@dataclass(frozen=True)
class Flips:
    """Test-set indices (ascending) by which of the two runs predicts them right."""

    a_only_right: np.ndarray  # right in A, wrong in B
    b_only_right: np.ndarray  # right in B, wrong in A
    both_wrong: np.ndarray

    def to_dict(self) -> dict[str, list[int]]:
        return {"a_only_right": self.a_only_right.tolist(), "b_only_right": self.b_only_right.tolist(),
                "both_wrong": self.both_wrong.tolist()}


def prediction_flips(pred_a: np.ndarray, pred_b: np.ndarray, true: np.ndarray) -> Flips:
    """(N,) predicted classes of A and B and (N,) labels -> the indices of each kind of outcome."""
    right_a, right_b = pred_a == true, pred_b == true
    return Flips(a_only_right=np.flatnonzero(right_a & ~right_b), b_only_right=np.flatnonzero(right_b & ~right_a),
                 both_wrong=np.flatnonzero(~right_a & ~right_b))


def curves_of(record: RunRecord) -> dict[str, list[float | None]]:
    """A run's per-epoch curves from its metrics: ``epoch`` and each of ``CURVE_KEYS`` (None where missing)."""
    out: dict[str, list[float | None]] = {"epoch": [float(m["epoch"]) for m in record.metrics]}
    for key in CURVE_KEYS:
        out[key] = [m.get(key) if isinstance(m.get(key), (int, float)) else None for m in record.metrics]
    return out


@dataclass
class RunSide:
    """One of the two runs: its folder read back, the checkpoint's model on the test set, its outcomes."""

    record: RunRecord
    subject: Subject
    predictions: Predictions
    confusion: Confusion

    @property
    def accuracy(self) -> float:
        return self.predictions.accuracy


@dataclass
class Comparison:
    a: RunSide
    b: RunSide
    source: str  # the test set both were scored on: "shapes test split"
    config_diff: list[ConfigDifference]
    flips: Flips
    noise: SeedNoise | None = None  # whether the difference beats seed-to-seed variation; None: no repeats

    @property
    def classes(self) -> tuple[str, ...]:
        return self.a.subject.classes

    @property
    def test(self) -> ImageSet:
        return self.a.subject.test

    def per_class(self) -> list[tuple[str, int, float | None, float | None]]:
        """(class, test images, accuracy of A, accuracy of B); None for a class with no test images."""
        counts = self.a.confusion.matrix.sum(1)
        acc_a, acc_b = self.a.confusion.per_class_accuracy, self.b.confusion.per_class_accuracy
        return [(c, int(counts[i]), _finite(acc_a[i]), _finite(acc_b[i])) for i, c in enumerate(self.classes)]

    def to_dict(self) -> dict[str, Any]:
        return {
            "run_a": str(self.a.record.path), "run_b": str(self.b.record.path), "source": self.source,
            "n": len(self.test), "classes": list(self.classes),
            "test_acc": {"a": self.a.accuracy, "b": self.b.accuracy},
            "config_diff": [{"key": d.key, "a": d.a, "b": d.b} for d in self.config_diff],
            "per_class_acc": {c: {"n": n, "a": a, "b": b} for c, n, a, b in self.per_class()},
            "curves": {"a": curves_of(self.a.record), "b": curves_of(self.b.record)},
            **self.flips.to_dict(),
            "noise": self.noise.to_dict() if self.noise is not None else None,
        }


def _finite(v: float) -> float | None:
    return None if math.isnan(v) else float(v)


def _test_request(record: RunRecord, data_root: str | Path | None) -> DataRequest:
    """The data a run was tested on: its own request with every training image (the test split
    does not depend on the training limit), from ``data_root`` when given."""
    request = replace(DataRequest.from_dict(record.config), train_limit=None)
    return replace(request, data_root=str(data_root)) if data_root is not None else request

NO_CHECKPOINT = QT_TRANSLATE_NOOP("CoreMessage", "The run {path} has no checkpoint.pt, so its test predictions "
                                                 "cannot be computed.")


def _side(record: RunRecord, test: ImageSet, test_classes: tuple[str, ...], input_shape: tuple[int, ...]) -> RunSide:
    checkpoint = record.checkpoint
    if checkpoint is None:
        raise UserError(NO_CHECKPOINT, path=record.path)
    subject = Subject.from_checkpoint(checkpoint, test)
    if tuple(c.lower() for c in subject.classes) != tuple(c.lower() for c in test_classes):
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "The checkpoint of {path} was trained on classes "
                                                         "{names}, but its test set has {names2}."),
                        path=record.path, names=', '.join(subject.classes), names2=', '.join(test_classes))
    if tuple(subject.meta.input_shape) != tuple(input_shape):
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "The checkpoint of {path} expects {input_shape} "
                                                         "images, but its test set holds {input_shape2}."),
                        path=record.path, input_shape=tuple(subject.meta.input_shape), input_shape2=tuple(input_shape))
    preds = predictions(subject)
    return RunSide(record=record, subject=subject, predictions=preds, confusion=confusion(preds))


def compare_runs(run_a: str | Path | RunRecord, run_b: str | Path | RunRecord, *,
                 data_root: str | Path | None = None) -> Comparison:
    """Compare two run folders on their common test set; ``data_root`` overrides where both read their data."""
    a = run_a if isinstance(run_a, RunRecord) else load_run(run_a)
    b = run_b if isinstance(run_b, RunRecord) else load_run(run_b)
    for record in (a, b):
        if "dataset" not in record.config:
            raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "The run folder {path} does not say which dataset "
                                                             "it was trained on."),
                            path=record.path)
    da, db = str(a.config["dataset"]), str(b.config["dataset"])
    if da != db:
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "The runs were trained on different datasets ({a} and {b}); "
                                          "prediction flips need both runs tested on the same images."), a=da, b=db)
    for record in (a, b):
        if record.checkpoint is None:
            raise UserError(NO_CHECKPOINT, path=record.path)
    request_a, request_b = _test_request(a, data_root), _test_request(b, data_root)
    splits_a = request_a.load()
    splits_b = splits_a if request_b == request_a else request_b.load()
    test_a, test_b = splits_a.test, splits_b.test
    if test_a.x.shape != test_b.x.shape or not torch.equal(test_a.x, test_b.x) or not torch.equal(test_a.y, test_b.y):
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "The two {dataset} runs were tested on different images "
                                          "(their seeds or data folders differ: {seed_a} and {seed_b}, {root_a} and "
                                          "{root_b}); prediction flips need the same test set."),
                        dataset=da, seed_a=request_a.seed, seed_b=request_b.seed,
                        root_a=request_a.data_root or "default", root_b=request_b.data_root or "default")
    side_a = _side(a, test_a, splits_a.info.classes, splits_a.info.input_shape)
    side_b = _side(b, test_a, splits_a.info.classes, splits_a.info.input_shape)
    flips = prediction_flips(side_a.predictions.pred, side_b.predictions.pred, side_a.predictions.true)
    return Comparison(a=side_a, b=side_b, source=f"{da} test split", config_diff=config_differences(a.config, b.config),
                      flips=flips, noise=seed_noise(a, b))
