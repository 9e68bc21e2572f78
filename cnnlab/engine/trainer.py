"""The training loop: plain function-like object, no threads, no Qt.

Data sits in memory as normalised float tensors (on the device); batches are taken by indexing a
seeded permutation. Metrics are accumulated on the device and read back only when an event is
sent (at most ~30 times a second), so the loop runs at the speed of a bare PyTorch loop.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import torch
from torch import nn
from torch.nn import functional as F

from cnnlab.datasets import DataSplits, load_dataset
from cnnlab.engine.callbacks import Callback
from cnnlab.engine.checkpoint import CheckpointMeta
from cnnlab.engine.config import TrainConfig, resolve_config
from cnnlab.engine.control import RunControl
from cnnlab.engine.data import augment, normalize
from cnnlab.engine.device import resolve_device
from cnnlab.engine.evaluate import evaluate
from cnnlab.engine.events import BatchEnd, EpochEnd, RunEnd, RunStarted
from cnnlab.errors import TrainingError, UserError
from cnnlab.models import build_model

EMIT_INTERVAL = 1 / 30  # seconds between BatchEnd events: smooth curves, negligible overhead
MIN_ONE_CYCLE_STEPS = 8  # shorter runs have no room to warm up and anneal: constant learning rate


def make_optimizer(params: Iterable[nn.Parameter], cfg: TrainConfig) -> torch.optim.Optimizer:
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
    raise UserError(f"Unknown optimizer {cfg.optimizer!r}.")


def make_schedule(opt: torch.optim.Optimizer, cfg: TrainConfig, total_steps: int) -> torch.optim.lr_scheduler.LRScheduler | None:
    """Stepped once per batch."""
    if cfg.schedule == "one-cycle" and total_steps >= MIN_ONE_CYCLE_STEPS:
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
    return F.cross_entropy(output, target), output  # type: ignore[arg-type]


@dataclass
class Prepared:
    """Everything a run needs, built before the first batch."""

    config: TrainConfig
    splits: DataSplits
    model: nn.Module
    device: torch.device
    meta: CheckpointMeta


def prepare(config: TrainConfig, splits: DataSplits | None = None) -> Prepared:
    """Resolve the recipe, load the data and build the model (seeded)."""
    cfg = resolve_config(config)
    assert cfg.model is not None
    device = resolve_device(cfg.device)
    if splits is None:
        splits = load_dataset(cfg.dataset, data_root=cfg.data_root, seed=cfg.seed, val_fraction=cfg.val_fraction,
                              train_limit=cfg.train_limit, image_size=cfg.image_size)
    info = splits.info
    torch.manual_seed(cfg.seed)
    model = build_model(cfg.model, in_channels=info.channels, image_size=info.size, num_classes=info.num_classes)
    meta = CheckpointMeta.for_dataset(cfg.model, info)
    return Prepared(cfg, splits, model.to(device), device, meta)


class Trainer:
    """``Trainer(config, callbacks, control).fit()`` trains one run and returns its ``RunEnd``."""

    def __init__(self, config: TrainConfig, callbacks: Iterable[Callback] = (), control: RunControl | None = None,
                 *, splits: DataSplits | None = None, run_dir: Path | None = None) -> None:
        self.config = config
        self.callbacks = list(callbacks)
        self.control = control or RunControl()
        self.splits = splits  # already-loaded data (the GUI and benchmarks reuse it)
        self.run_dir = run_dir  # None: no RunWriter is added (callers choose)
        self.model: nn.Module | None = None

    def _emit(self, hook: str, event: object) -> None:
        for cb in self.callbacks:
            getattr(cb, hook)(event)

    def fit(self) -> RunEnd:
        try:
            return self._fit()
        except torch.cuda.OutOfMemoryError:
            msg = "The GPU ran out of memory; lower the batch size or train on the CPU."
            self._emit("on_run_end", self._failed(msg))
            raise TrainingError(msg) from None
        except UserError as e:
            self._emit("on_run_end", self._failed(str(e)))
            raise
        except Exception as e:  # a bug, not a user mistake: callbacks still learn that the run ended
            self._emit("on_run_end", self._failed(f"Training failed unexpectedly ({type(e).__name__}: {e})."))
            raise

    def _failed(self, message: str) -> RunEnd:
        return RunEnd.early(message, self.run_dir)

    def _fit(self) -> RunEnd:
        p = prepare(self.config, self.splits)
        cfg, splits, model, device = p.config, p.splits, p.model, p.device
        self.model, self.config = model, cfg
        if self.run_dir is not None:
            from cnnlab.runs.store import RunWriter

            self.callbacks.insert(0, RunWriter(self.run_dir, p.meta))
        assert cfg.epochs and cfg.batch_size and cfg.augment is not None
        info = splits.info
        x_train = normalize(splits.train.x, info.mean, info.std, device)  # (N, C, H, W) float32
        y_train = splits.train.y.to(device)
        x_val = normalize(splits.val.x, info.mean, info.std, device)
        y_val = splits.val.y.to(device)

        n, bs = len(x_train), cfg.batch_size
        batches = n // bs + (1 if n % bs > 1 else 0)  # a last batch of one image would break batch norm
        if batches == 0:
            raise UserError(f"The training set has {n} images, fewer than one batch of {bs}.")
        total_steps = batches * cfg.epochs
        opt = make_optimizer(model.parameters(), cfg)
        sched = make_schedule(opt, cfg, total_steps)
        aux_weight = float(getattr(model, "aux_weight", 0.3))  # GoogLeNet's weighting of its side heads
        gen = torch.Generator().manual_seed(cfg.seed)
        params = sum(q.numel() for q in model.parameters())
        self._emit("on_run_begin", RunStarted(
            run_dir=str(self.run_dir) if self.run_dir else None, config=cfg.to_dict(), dataset=info.name,
            classes=info.classes, input_shape=info.input_shape, model=cfg.model or "", params=params,
            device=str(device), epochs=cfg.epochs, steps_per_epoch=batches, train_size=n,
            val_size=len(x_val), test_size=len(splits.test)))

        control = self.control
        step, train_time, samples_seen = 0, 0.0, 0
        epochs_done, last_val_acc = 0, None
        stopped = False
        for epoch in range(1, cfg.epochs + 1):
            model.train()
            epoch_start = time.perf_counter()
            order = torch.randperm(n, generator=gen).to(device)
            ep_loss = torch.zeros((), device=device)  # summed per batch: epoch figures never depend on timing
            ep_correct = torch.zeros((), device=device, dtype=torch.long)
            ep_seen = 0
            shown_loss, shown_correct, shown_seen = 0.0, 0, 0  # epoch totals at the previous BatchEnd
            t_mark = time.perf_counter()
            next_emit = t_mark + EMIT_INTERVAL
            for b in range(batches):
                if control.paused:
                    train_time += time.perf_counter() - t_mark
                    control.wait_while_paused()
                    t_mark = time.perf_counter()
                if control.stop_requested:
                    stopped = True
                    break
                idx = order[b * bs:(b + 1) * bs]
                xb, yb = x_train[idx], y_train[idx]
                if cfg.augment != "none":
                    xb = augment(xb, cfg.augment, gen)
                loss, logits = classification_loss(model(xb), yb, aux_weight)
                opt.zero_grad(set_to_none=True)
                loss.backward()
                opt.step()
                if sched is not None:
                    sched.step()
                step += 1
                ep_loss.add_(loss.detach(), alpha=len(yb))  # no autograd involved: detached / integer ops
                ep_correct.add_((logits.argmax(1) == yb).sum())
                ep_seen += len(yb)
                now = time.perf_counter()
                if now >= next_emit or b == batches - 1:
                    total_loss, total_correct = ep_loss.item(), int(ep_correct.item())  # one sync per event
                    n_win = ep_seen - shown_seen
                    wl = (total_loss - shown_loss) / n_win
                    if not math.isfinite(wl):
                        raise TrainingError(f"The loss became {wl} at epoch {epoch}, batch {b + 1}; "
                                            f"lower the learning rate (now {cfg.lr:g}) and train again.")
                    elapsed = train_time + (now - t_mark)
                    rate = (samples_seen + ep_seen) / max(elapsed, 1e-9)
                    self._emit("on_batch_end", BatchEnd(
                        epoch=epoch, batch=b + 1, batches=batches, step=step, total_steps=total_steps,
                        loss=wl, acc=(total_correct - shown_correct) / n_win, lr=opt.param_groups[0]["lr"],
                        samples_per_second=rate, elapsed=elapsed,
                        eta=(total_steps - step) * bs / max(rate, 1e-9)))
                    shown_loss, shown_correct, shown_seen = total_loss, total_correct, ep_seen
                    next_emit = now + EMIT_INTERVAL
            train_time += time.perf_counter() - t_mark
            samples_seen += ep_seen
            if stopped:
                break
            val_loss, val_acc = evaluate(model, x_val, y_val) if len(x_val) else (None, None)
            last_val_acc = val_acc
            epochs_done = epoch
            self._emit("on_epoch_end", EpochEnd(
                epoch=epoch, epochs=cfg.epochs, step=step, train_loss=ep_loss.item() / max(ep_seen, 1),
                train_acc=ep_correct.item() / max(ep_seen, 1), val_loss=val_loss, val_acc=val_acc,
                lr=opt.param_groups[0]["lr"], seconds=time.perf_counter() - epoch_start,
                samples_per_second=samples_seen / max(train_time, 1e-9), weights=_cpu_copy(model)))
            if control.stop_requested:
                stopped = True
                break

        test_loss = test_acc = None
        if not stopped:
            x_test = normalize(splits.test.x, info.mean, info.std, device)
            test_loss, test_acc = evaluate(model, x_test, splits.test.y.to(device))
        ckpt = str(self.run_dir / "checkpoint.pt") if self.run_dir is not None else None
        end = RunEnd(
            status="stopped" if stopped else "completed", epochs_done=epochs_done, test_loss=test_loss,
            test_acc=test_acc, val_acc=last_val_acc, train_seconds=train_time,
            samples_per_second=samples_seen / max(train_time, 1e-9),
            run_dir=str(self.run_dir) if self.run_dir else None, checkpoint=ckpt, weights=_cpu_copy(model))
        self._emit("on_run_end", end)
        return end


def _cpu_copy(model: nn.Module) -> dict[str, torch.Tensor]:
    """A detached CPU copy of the weights: what inspection and checkpoints read, never the live model."""
    return {k: v.detach().to("cpu", copy=True) for k, v in model.state_dict().items()}
