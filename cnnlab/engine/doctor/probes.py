"""What the doctor measures inside the training loop, on the device, without a host sync per batch.

* :class:`GradientWatch`: the gradient norm every ``GRAD_EVERY`` batches, kept as a running maximum on
  the device; the trainer's report window reads it once (one scalar).
* :class:`ActivityProbe`: while the model scores the validation images (a pass the trainer makes anyway),
  forward hooks note which ReLU units fire at all and count the model's answers per class; read once
  per epoch.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import torch
from torch import nn

from cnnlab.engine.doctor.thresholds import GRAD_BASELINE, GRAD_EVERY, PROBE_IMAGES
from cnnlab.engine.scoring import logits_of


class GradientWatch:
    """The largest gradient norm since the last :meth:`read`, and the norm at the start of the run."""

    def __init__(self, model: nn.Module) -> None:
        self.params = [p for p in model.parameters() if p.requires_grad]  # listed once: no walk per sample
        self._peak: torch.Tensor | None = None  # () on the device: the largest norm sampled since the last read
        self._first: list[torch.Tensor] = []  # () each: the run's first GRAD_BASELINE samples
        self.start: float | None = None  # the median of those, once all are read back

    def sample(self, step: int) -> None:
        """After ``loss.backward()`` of batch ``step`` (0-based): every GRAD_EVERY-th batch, one norm on the device."""
        if step % GRAD_EVERY:
            return
        grads = [p.grad for p in self.params if p.grad is not None]
        if not grads:
            return
        # () the L2 norm of every gradient together: the norm of the per-tensor norms (torch.nn.utils.get_total_norm
        # computes the same, but its grouping by device and type costs twice the time for a small model)
        norm = torch.linalg.vector_norm(torch.stack([torch.linalg.vector_norm(g.detach()) for g in grads]))
        self._peak = norm if self._peak is None else torch.maximum(self._peak, norm)  # NaN stays NaN
        if len(self._first) < GRAD_BASELINE:
            self._first.append(norm)

    def read(self) -> float | None:
        """The largest norm since the previous read; None when none was sampled, or while the starting norm is
        not known yet (the peak then waits for the next read). One device sync."""
        if self.start is None and len(self._first) == GRAD_BASELINE:
            self.start = statistics.median(torch.stack(self._first).tolist())
        if self._peak is None or (self.start is None and bool(torch.isfinite(self._peak))):
            return None
        peak, self._peak = float(self._peak), None
        return peak


class ActivityProbe:
    """Forward hooks for one scoring pass: which units of each ReLU fire on the first PROBE_IMAGES images, and
    how often the model answers each class on every image."""

    def __init__(self, num_classes: int,
                 images: int = PROBE_IMAGES) -> None:  # images: thresholds.PROBE_IMAGES, one evaluation batch
        self.num_classes = num_classes
        self.limit = images  # images the ReLUs are watched on
        self.fired: dict[str, torch.Tensor] = {}  # (units,) bool on the device, per ReLU call
        self.answers: torch.Tensor | None = None  # (K,) int64 on the device: answers per class
        self.images = 0  # images the ReLUs were watched on
        self._calls: dict[str, int] = {}  # this forward's calls of each ReLU (a module may be used twice)
        self._watching = False  # the current forward is one of the first `limit` images

    @contextmanager
    def watch(self, model: nn.Module) -> Iterator[ActivityProbe]:
        handles = [model.register_forward_pre_hook(self._begin), model.register_forward_hook(self._answers)]
        handles += [m.register_forward_hook(self._relu(name)) for name, m in model.named_modules()
                    if isinstance(m, nn.ReLU)]
        try:
            yield self
        finally:
            for handle in handles:
                handle.remove()

    def _begin(self, _module: nn.Module, inputs: tuple[torch.Tensor, ...]) -> None:
        self._calls = {}
        self._watching = self.images < self.limit
        if self._watching:
            self.images += len(inputs[0])

    def _answers(self, _module: nn.Module, _inputs: object, output: object) -> None:
        picked = logits_of(output).argmax(1)  # (B,)
        counts = torch.bincount(picked, minlength=self.num_classes)[:self.num_classes]  # (K,)
        self.answers = counts if self.answers is None else self.answers + counts

    def _relu(self, name: str) -> Callable[[nn.Module, object, torch.Tensor], None]:
        def hook(_module: nn.Module, _inputs: object, output: torch.Tensor) -> None:
            if not self._watching or output.dim() < 2:
                return
            call = self._calls.get(name, 0)
            self._calls[name] = call + 1
            key = name if call == 0 else f"{name}#{call + 1}"
            others = [d for d in range(output.dim()) if d != 1]  # every dimension but the units' (channels, features)
            units = output.detach().amax(dim=others) > 0  # (C,) fired on some image, somewhere
            seen = self.fired.get(key)
            self.fired[key] = units if seen is None or seen.shape != units.shape else seen | units
        return hook

    def read(self) -> tuple[dict[str, tuple[int, int]], list[int]]:
        """(per ReLU: (units that never fired, units), answers per class); one device sync."""
        if not self.fired:
            silent: dict[str, tuple[int, int]] = {}
        else:
            names = list(self.fired)
            quiet = torch.stack([(~self.fired[n]).sum() for n in names]).tolist()  # one read for every layer
            silent = {n: (int(q), len(self.fired[n])) for n, q in zip(names, quiet, strict=True)}
        answers = self.answers.tolist() if self.answers is not None else []
        return silent, [int(a) for a in answers]
