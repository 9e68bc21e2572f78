"""How long one epoch would take, before Start: a few timed training steps on random images.

The setup shows the figure (zoo models on a CPU take minutes an epoch) and, above
:data:`SLOW_EPOCH_S`, suggests training on fewer images, a GPU or a smaller model. The steps run on a
fresh model and optimizer, so nothing of a later run depends on them.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import torch

from cnnlab.engine.config import TrainConfig, resolve_config
from cnnlab.engine.device import resolve_device
from cnnlab.engine.steps import batches_per_epoch, classification_loss, make_optimizer
from cnnlab.engine.threads import measure, median
from cnnlab.models import build_model

__all__ = ["SLOW_EPOCH_S", "EpochEstimate", "batches_per_epoch", "estimate_epoch"]

SLOW_EPOCH_S = 60.0  # over a minute an epoch, a lesson stalls: the setup suggests a faster choice
TIMED_STEPS = 3  # a median of three rides out one interruption by another program
WARMUP_STEPS = 1  # the first step allocates buffers and picks kernels: not counted


@dataclass(frozen=True)
class EpochEstimate:
    seconds_per_batch: float
    batches: int
    device: str  # "cpu", "cuda:0", ...

    @property
    def seconds(self) -> float:
        """Training seconds for one epoch (validation adds a little: it is forward passes only)."""
        return self.seconds_per_batch * self.batches

    @property
    def slow(self) -> bool:
        return self.seconds > SLOW_EPOCH_S


def estimate_epoch(config: TrainConfig, input_shape: tuple[int, int, int], num_classes: int, train_images: int, *,
                   clock: Callable[[], float] = time.perf_counter, steps: int = TIMED_STEPS) -> EpochEstimate:
    """Time ``steps`` training steps of ``config``'s model, optimizer and batch size on random images of
    ``input_shape`` (C, H, W) and scale to ``train_images`` per epoch. Raises ``UserError`` for a bad config."""
    cfg = resolve_config(config)
    with torch.random.fork_rng(devices=[]):  # the weights drawn here must not shift a later run's draws
        return _time_steps(cfg, input_shape, num_classes, train_images, clock, steps)


def _time_steps(cfg: TrainConfig, input_shape: tuple[int, int, int], num_classes: int, train_images: int,
                clock: Callable[[], float], steps: int) -> EpochEstimate:
    assert cfg.model is not None and cfg.batch_size is not None
    device = resolve_device(cfg.device)
    c, h, w = input_shape
    model = build_model(cfg.model, in_channels=c, image_size=(h, w), num_classes=num_classes).to(device)
    model.train()
    opt = make_optimizer(model.parameters(), cfg)
    batch = min(cfg.batch_size, max(2, train_images))
    gen = torch.Generator().manual_seed(0)  # random images of its own: the global generator is the run's
    x = torch.randn(batch, c, h, w, generator=gen).to(device)  # (B, C, H, W)
    y = torch.randint(0, num_classes, (batch,), generator=gen).to(device)  # (B,)
    aux_weight = float(getattr(model, "aux_weight", 0.3))

    def step() -> None:
        loss, _ = classification_loss(model(x), y, aux_weight)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        if device.type == "cuda":
            torch.cuda.synchronize(device)  # the clock must see the GPU's work, not only its queueing

    count = torch.get_num_threads()
    timings = measure(step, [count], clock=clock, set_threads=lambda _n: None, warmup=WARMUP_STEPS, batches=steps)
    per_batch = median(timings[count])
    if not math.isfinite(per_batch):
        per_batch = 0.0
    return EpochEstimate(per_batch, batches_per_epoch(train_images, cfg.batch_size), str(device))
