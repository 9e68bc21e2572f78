"""The test set's outcomes: predictions for every image, the misclassified ones, the confusion matrix."""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from cnnlab.engine.scoring import confusion_matrix, eval_mode, logits_of, per_class_accuracy
from cnnlab.inspection.subject import Subject

PREDICT_BATCH = 2000  # images per forward pass: few calls, and a CIFAR batch's first-layer maps stay ~260 MB
SORTS = ("confident", "unsure", "index")  # most confident mistakes first / least confident / test order


@dataclass(frozen=True)
class Predictions:
    """``probs`` (N, K) softmax, ``pred`` (N,) argmax, ``true`` (N,) labels of a test set."""

    probs: np.ndarray
    pred: np.ndarray
    true: np.ndarray

    @property
    def num_classes(self) -> int:
        return int(self.probs.shape[1])

    @property
    def confidence(self) -> np.ndarray:
        """(N,) probability given to the predicted class."""
        return self.probs[np.arange(len(self.pred)), self.pred]

    @property
    def wrong(self) -> np.ndarray:
        """(N,) True where the prediction is not the label."""
        return self.pred != self.true

    @property
    def accuracy(self) -> float:
        return float((~self.wrong).mean()) if len(self.pred) else float("nan")


def predictions(subject: Subject, batch_size: int = PREDICT_BATCH) -> Predictions:
    """Probabilities, predictions and labels for the subject's whole test set, in batches.

    Cached on the subject (a snapshot whose weights never change), so panels share one pass.
    """
    cached = subject.cache.get("predictions")
    if isinstance(cached, Predictions):
        return cached
    probs = np.zeros((0, len(subject.classes)), dtype=np.float32)
    parts = []
    model, fmt = _for_inference(subject.model)
    with eval_mode(model), torch.inference_mode():
        for start in range(0, len(subject.test), batch_size):
            x = subject.inputs(slice(start, start + batch_size)).contiguous(memory_format=fmt)  # (B, C, H, W)
            logits = logits_of(model(x))  # (B, K)
            parts.append(torch.softmax(logits.float(), dim=1).numpy())
    if parts:
        probs = np.concatenate(parts)
    result = Predictions(probs=probs, pred=probs.argmax(1).astype(np.int64),
                         true=subject.test.y.numpy().astype(np.int64))
    subject.cache["predictions"] = result
    return result


def _for_inference(model: nn.Module) -> tuple[nn.Module, torch.memory_format]:
    """A channels-last copy of a conv net (CPU convolutions run ~1.5× faster on it), else the model itself."""
    if not any(isinstance(m, nn.Conv2d) for m in model.modules()):
        return model, torch.contiguous_format
    return copy.deepcopy(model).to(memory_format=torch.channels_last), torch.channels_last


def misclassified(preds: Predictions, *, true_class: int | None = None, pred_class: int | None = None,
                  sort: str = "confident") -> np.ndarray:
    """Indices of the wrong predictions, optionally of one true and / or predicted class.

    ``sort``: "confident" (most confident mistakes first, the worst ones), "unsure" (least
    confident first) or "index" (test-set order). Ties keep test-set order.
    """
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
    mask = preds.wrong.copy()
    if true_class is not None:
        mask &= preds.true == true_class
    if pred_class is not None:
        mask &= preds.pred == pred_class
    idx = np.flatnonzero(mask)
    if sort == "index":
        return idx
    conf = preds.confidence[idx]
    order = np.argsort(-conf if sort == "confident" else conf, kind="stable")
    return idx[order]


def cell_indices(preds: Predictions, true_class: int, pred_class: int) -> np.ndarray:
    """Test-set indices of one confusion-matrix cell (label ``true_class``, predicted ``pred_class``)."""
    return np.flatnonzero((preds.true == true_class) & (preds.pred == pred_class))


@dataclass(frozen=True)
class Confusion:
    """``matrix`` (K, K) counts with rows = true class and columns = predicted class."""

    matrix: np.ndarray

    @property
    def per_class_accuracy(self) -> np.ndarray:
        """(K,) share of each true class predicted right; NaN for a class with no test images."""
        return per_class_accuracy(self.matrix)

    @property
    def accuracy(self) -> float:
        total = self.matrix.sum()
        return float(np.trace(self.matrix) / total) if total else float("nan")

    @property
    def row_share(self) -> np.ndarray:
        """(K, K) each count divided by its row total: how a true class spreads over predictions."""
        totals = self.matrix.sum(1, keepdims=True)
        return self.matrix / np.maximum(totals, 1)


def confusion(preds: Predictions) -> Confusion:
    """Confusion matrix of ``preds`` over its ``num_classes`` classes."""
    return Confusion(matrix=confusion_matrix(preds.pred, preds.true, preds.num_classes).numpy())
