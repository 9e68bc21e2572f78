"""Loss, accuracy and predictions over a whole split, in batches, without gradients."""

from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F

EVAL_BATCH = 1000  # large batches: no gradients are kept, and fewer calls are faster


def logits_of(output: object) -> torch.Tensor:
    """The main logits of a model output (models with auxiliary heads return a tuple)."""
    return output[0] if isinstance(output, (tuple, list)) else output  # type: ignore[return-value]


@torch.no_grad()
def predict_logits(model: nn.Module, x: torch.Tensor, batch_size: int = EVAL_BATCH) -> torch.Tensor:
    """Float images (N, C, H, W) -> logits (N, K) in eval mode; the model's mode is restored."""
    was_training = model.training
    model.eval()
    try:
        outs = [logits_of(model(x[i:i + batch_size])) for i in range(0, len(x), batch_size)]
    finally:
        model.train(was_training)
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


def confusion_matrix(pred: torch.Tensor, true: torch.Tensor, num_classes: int) -> torch.Tensor:
    """(K, K) counts, rows = true class, columns = predicted class."""
    idx = true.long().cpu() * num_classes + pred.long().cpu()
    return torch.bincount(idx, minlength=num_classes * num_classes).view(num_classes, num_classes)
