"""How long one epoch would take, before Start: a few timed training steps on random images.

The setup shows the figure (zoo models on a CPU take minutes an epoch) and, above
:data:`SLOW_EPOCH_S`, suggests training on fewer images, a GPU or a smaller model. The steps run on a
fresh model and optimizer, so nothing of a later run depends on them. :class:`RunEstimate` scales one
epoch to the whole run; above :data:`LONG_RUN_S` the window asks before it starts.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import torch

from cnnlab.design.build import build_network
from cnnlab.engine.config import TrainConfig, resolve_config
from cnnlab.engine.device import resolve_device
from cnnlab.engine.steps import batches_per_epoch, classification_loss, make_optimizer
from cnnlab.engine.threads import measure, median

__all__ = ["LONG_RUN_S", "SLOW_EPOCH_S", "EpochEstimate", "RunEstimate", "batches_per_epoch", "estimate_epoch"]

SLOW_EPOCH_S = 60.0  # over a minute an epoch, a lesson stalls: the setup suggests a faster choice
LONG_RUN_S = 180.0  # three minutes: longer than a lesson step should take unasked; Start asks first beyond it
MIN_IMAGES = 100  # fewer training images than this teach little: not offered as the cheaper choice
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


@dataclass(frozen=True)
class RunEstimate:
    """A whole run: ``epochs`` epochs of ``epoch``, on ``images`` training images in batches of ``batch_size``."""

    epoch: EpochEstimate
    epochs: int
    batch_size: int
    images: int

    @property
    def seconds(self) -> float:
        return self.epoch.seconds * self.epochs

    @property
    def long(self) -> bool:
        return self.seconds > LONG_RUN_S

    def seconds_for(self, *, epochs: int | None = None, images: int | None = None) -> float:
        """About how long the run takes with other epochs or images, at the same time per image."""
        per_image = self.epoch.seconds_per_batch / max(1, self.batch_size)
        return per_image * (images or self.images) * (epochs or self.epochs)

    def images_within(self, seconds: float = LONG_RUN_S) -> int | None:
        """The most training images, rounded down to two leading digits, that train within ``seconds``; None
        when that is every image already, or fewer than MIN_IMAGES."""
        per_image_run = self.epoch.seconds_per_batch / max(1, self.batch_size) * self.epochs
        if per_image_run <= 0:
            return None
        fit = int(seconds / per_image_run)
        step = 10 ** max(0, len(str(fit)) - 2)
        fit = fit // step * step  # 12 345 -> 12 000, 345 -> 340
        return fit if MIN_IMAGES <= fit < self.images else None


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
    model = build_network(cfg.model, in_channels=c, image_size=(h, w), num_classes=num_classes).to(device)
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
