"""The parts of one training step that the trainer, the epoch estimate and the benchmarks share:
optimizer, learning-rate schedule, loss, and how many batches an epoch has."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import cast

import torch
from torch import nn
from torch.nn import functional as F

from cnnlab.engine.config import TrainConfig
from cnnlab.errors import Sentence, TrainingError, UserError
from cnnlab.i18n import QT_TRANSLATE_NOOP

MIN_ONE_CYCLE_STEPS = 8  # shorter runs have no room to warm up and anneal: constant learning rate


def batches_per_epoch(images: int, batch_size: int) -> int:
    """The trainer's batches for ``images``: a last batch of one image is dropped (it would break batch norm)."""
    return images // batch_size + (1 if images % batch_size > 1 else 0)


def make_optimizer(params: Iterable[nn.Parameter], cfg: TrainConfig) -> torch.optim.Optimizer:
    """The optimizer a resolved ``TrainConfig`` names."""
    assert cfg.lr is not None and cfg.weight_decay is not None
    if cfg.optimizer == "sgd":
        return torch.optim.SGD(params, lr=cfg.lr, weight_decay=cfg.weight_decay)
    if cfg.optimizer == "momentum":
        return torch.optim.SGD(params, lr=cfg.lr, momentum=cfg.momentum, weight_decay=cfg.weight_decay)
    if cfg.optimizer == "adam":
        # AdamW: decoupled decay, identical to Adam when weight_decay is 0
        return torch.optim.AdamW(params, lr=cfg.lr, weight_decay=cfg.weight_decay)
    if cfg.optimizer == "rmsprop":
        return torch.optim.RMSprop(params, lr=cfg.lr, weight_decay=cfg.weight_decay)
    raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "Unknown optimizer {optimizer}."),
                    optimizer=repr(cfg.optimizer))


def make_schedule(
    opt: torch.optim.Optimizer, cfg: TrainConfig, total_steps: int,
) -> torch.optim.lr_scheduler.LRScheduler | None:
    """The learning-rate schedule a resolved ``TrainConfig`` names, stepped once per batch."""
    if cfg.schedule == "one-cycle" and total_steps >= MIN_ONE_CYCLE_STEPS:
        assert cfg.lr is not None  # resolved by resolve_config, as make_optimizer also checks
        cycle_momentum = cfg.optimizer in ("momentum", "adam", "rmsprop")  # plain SGD has no momentum to cycle
        return torch.optim.lr_scheduler.OneCycleLR(
            opt, max_lr=cfg.lr, total_steps=total_steps, pct_start=0.25, cycle_momentum=cycle_momentum)
    if cfg.schedule == "cosine":
        return torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=total_steps)
    if cfg.schedule == "step":
        # lr × 0.1 after each third of the run: the classic staircase
        return torch.optim.lr_scheduler.StepLR(opt, step_size=max(1, total_steps // 3), gamma=0.1)
    return None


def classification_loss(output: object, target: torch.Tensor, aux_weight: float) -> tuple[torch.Tensor, torch.Tensor]:
    """Cross-entropy of the main logits plus ``aux_weight`` × each auxiliary head's; returns (loss, logits)."""
    if isinstance(output, (tuple, list)):
        main, *aux = output
        loss = F.cross_entropy(main, target)
        for a in aux:
            if a is not None:
                loss = loss + aux_weight * F.cross_entropy(a, target)
        return loss, main
    logits = cast(torch.Tensor, output)  # a plain model returns its logits
    return F.cross_entropy(logits, target), logits


LOSS_BECAME = QT_TRANSLATE_NOOP("CoreMessage", "The loss became {loss} at epoch {epoch}, batch {batch}; lower the "
                                               "learning rate (now {lr:g}) and train again.")  # also a diagnosis


def check_finite(loss: float, epoch: int, batch: int, lr: float | None) -> None:
    """Divergence check: a NaN or infinite loss ends the run with a sentence (the doctor's diagnosis says the same)."""
    if not math.isfinite(loss):
        raise TrainingError(LOSS_BECAME, loss=str(loss), epoch=epoch, batch=batch, lr=lr)


OUT_OF_MEMORY = QT_TRANSLATE_NOOP("CoreMessage", "The GPU ran out of memory with batches of {batch} images; try a "
                                                 "batch size of {smaller}, or train on the CPU.")  # front ends offer it


def out_of_memory_sentence(batch_size: int | None) -> str:
    """What to do when the GPU's memory runs out: half the batch (at least 2, batch norm's minimum)."""
    if batch_size and batch_size > 2:
        return Sentence(OUT_OF_MEMORY, batch=batch_size, smaller=max(2, batch_size // 2))
    return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "The GPU ran out of memory even with the smallest batch; pick a "
                                                     "smaller model or train on the CPU."))


def smaller_batch(message: str) -> int | None:
    """The batch size an out-of-memory ``message`` suggests (for a front end to offer in one click); None for
    any other message."""
    if isinstance(message, Sentence) and message.template == OUT_OF_MEMORY:
        smaller = message.args.get("smaller")
        return smaller if isinstance(smaller, int) else None
    return None
