"""Scoring a model on tensors already in memory: loss, accuracy, predictions and the confusion matrix.

Everything runs in batches, without gradients, in eval mode (the model's modes are restored).
``checkpoint_eval`` builds the ``cnnlab eval`` job on these; ``cnnlab.inspection`` reuses them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

EVAL_BATCH = 1000  # large batches: no gradients are kept, and fewer calls are faster


def logits_of(output: object) -> torch.Tensor:
    """The main logits of a model output (models with auxiliary heads return a tuple)."""
    return output[0] if isinstance(output, (tuple, list)) else output  # type: ignore[return-value]  # a model's main output is its logits tensor


@contextmanager
def eval_mode(model: nn.Module) -> Iterator[nn.Module]:
    """Switch ``model`` (and every submodule) to eval mode for the block, then restore each one's mode."""
    modes = {m: m.training for m in model.modules()}
    model.eval()
    try:
        yield model
    finally:
        for m, training in modes.items():
            m.training = training


@torch.no_grad()
def predict_logits(model: nn.Module, x: torch.Tensor, batch_size: int = EVAL_BATCH) -> torch.Tensor:
    """Float images (N, C, H, W) -> logits (N, K) in eval mode; the model's mode is restored."""
    with eval_mode(model):
        outs = [logits_of(model(x[i:i + batch_size])) for i in range(0, len(x), batch_size)]
    return torch.cat(outs) if outs else torch.empty(0)


@torch.no_grad()
def evaluate(model: nn.Module, x: torch.Tensor, y: torch.Tensor,
             batch_size: int = EVAL_BATCH) -> tuple[float, float]:
    """(mean cross-entropy, accuracy) of ``model`` on float images ``x`` and labels ``y``."""
    if len(x) == 0:
        return float("nan"), float("nan")
    logits = predict_logits(model, x, batch_size)
    loss = F.cross_entropy(logits, y.to(logits.device)).item()
    acc = (logits.argmax(1) == y.to(logits.device)).float().mean().item()
    return loss, acc


def confusion_matrix(pred: torch.Tensor | np.ndarray, true: torch.Tensor | np.ndarray,
                     num_classes: int) -> torch.Tensor:
    """(K, K) int64 counts on the CPU, rows = true class, columns = predicted class."""
    idx = torch.as_tensor(true).long().cpu() * num_classes + torch.as_tensor(pred).long().cpu()
    return torch.bincount(idx, minlength=num_classes * num_classes).view(num_classes, num_classes)


def per_class_accuracy(matrix: torch.Tensor | np.ndarray) -> np.ndarray:
    """(K,) share of each true class (row of a confusion matrix) predicted right; NaN for an empty row."""
    m = np.asarray(matrix)
    totals = m.sum(1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(totals > 0, np.diag(m) / np.maximum(totals, 1), np.nan)
