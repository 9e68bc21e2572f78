"""The training loop: plain function-like object, no threads, no Qt.

Data sits in memory as normalised float tensors (on the device); batches are taken by indexing a
seeded permutation. Metrics are accumulated on the device and read back only when an event is
sent (at most ~30 times a second), so the loop runs at the speed of a bare PyTorch loop.
"""

from __future__ import annotations

import copy
import math
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import torch
from torch import nn
from torch.nn import functional as F

from cnnlab.datasets import DataSplits
from cnnlab.engine import threads as cpu_threads
from cnnlab.engine.callbacks import Callback
from cnnlab.engine.checkpoint import CheckpointMeta
from cnnlab.engine.config import TrainConfig, resolve_config
from cnnlab.engine.control import RunControl
from cnnlab.engine.data import DataRequest, augment, load_data, normalize
from cnnlab.engine.device import resolve_device
from cnnlab.engine.estimate import batches_per_epoch
from cnnlab.engine.events import BatchEnd, EpochEnd, RunEnd, RunStarted
from cnnlab.engine.meter import MetricMeter
from cnnlab.engine.scoring import evaluate
from cnnlab.engine.threads import CHECK_S, CpuSample, ThreadPolicy, measure
from cnnlab.engine.train_state import PartialEpoch, capture, restore
from cnnlab.errors import TrainingError, UserError
from cnnlab.models import build_model

if TYPE_CHECKING:
    from cnnlab.runs.resume import Continuation

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


def make_schedule(
    opt: torch.optim.Optimizer, cfg: TrainConfig, total_steps: int,
) -> torch.optim.lr_scheduler.LRScheduler | None:
    """Stepped once per batch."""
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
        splits = load_data(DataRequest.for_config(cfg))
    info = splits.info
    torch.manual_seed(cfg.seed)
    model = build_model(cfg.model, in_channels=info.channels, image_size=info.size, num_classes=info.num_classes)
    meta = CheckpointMeta.for_dataset(cfg.model, info)
    return Prepared(cfg, splits, model.to(device), device, meta)


class Stopwatch:
    """Training seconds: runs during an epoch's batches, stands still while paused and between epochs.

    Reads the module's ``time`` at each call, so tests can swap in a stepping clock."""

    def __init__(self) -> None:
        self.total = 0.0  # seconds banked by finished laps: none yet
        self._mark = 0.0  # perf_counter() when the current lap began

    def start(self) -> float:
        self._mark = time.perf_counter()
        return self._mark

    def stop(self) -> None:
        self.total += time.perf_counter() - self._mark

    def elapsed(self, now: float) -> float:
        """Training seconds up to ``now``, the current lap included."""
        return self.total + (now - self._mark)

    def wait_while_paused(self, control: RunControl) -> None:
        """Block while ``control`` is paused; the wait is not counted."""
        if control.paused:
            self.stop()
            control.wait_while_paused()
            self.start()


@dataclass
class RunState:
    """What one run's epochs share: data on the device, model, optimizer and running counts."""

    cfg: TrainConfig
    splits: DataSplits
    model: nn.Module
    device: torch.device
    x_train: torch.Tensor  # (N, C, H, W) float32, normalised
    y_train: torch.Tensor  # (N,) class indices
    x_val: torch.Tensor  # (V, C, H, W)
    y_val: torch.Tensor  # (V,)
    batches: int  # per epoch
    opt: torch.optim.Optimizer
    sched: torch.optim.lr_scheduler.LRScheduler | None
    aux_weight: float
    gen: torch.Generator
    threads: ThreadPolicy  # the CPU thread count: fixed by the config or measured (see engine/threads.py)
    clock: Stopwatch = field(default_factory=Stopwatch)  # fresh per run: no time carried over
    step: int = 0  # batches trained so far in the run
    samples_seen: int = 0  # images trained so far in the run (finished epochs and stopped ones)
    epochs_done: int = 0  # epochs that ended with an EpochEnd
    last_val_acc: float | None = None  # None until an epoch is validated (or with no validation split)
    stopped: bool = False  # a user or a callback ended the run early
    stop_reason: str = ""  # a callback's sentence; empty for a user's stop
    sched_steps: int = 0  # steps the schedule was planned for: the run's first total, kept when it is continued
    partial: PartialEpoch | None = None  # an epoch stopped between batches (and, when continued, to finish first)

    @property
    def total_steps(self) -> int:
        assert self.cfg.epochs
        return self.batches * self.cfg.epochs

    @property
    def lr(self) -> float:
        return float(self.opt.param_groups[0]["lr"])


def check_finite(loss: float, epoch: int, batch: int, lr: float | None) -> None:
    """Divergence check: a NaN or infinite loss ends the run with a sentence."""
    if not math.isfinite(loss):
        raise TrainingError(f"The loss became {loss} at epoch {epoch}, batch {batch}; "
                            f"lower the learning rate (now {lr:g}) and train again.")


def out_of_memory_sentence(batch_size: int | None) -> str:
    """What to do when the GPU's memory runs out: half the batch (at least 2, batch norm's minimum)."""
    if batch_size and batch_size > 2:
        return (f"The GPU ran out of memory with batches of {batch_size} images; try a batch size of "
                f"{max(2, batch_size // 2)}, or train on the CPU.")
    return "The GPU ran out of memory even with the smallest batch; pick a smaller model or train on the CPU."


class Trainer:
    """``Trainer(config, callbacks, control).fit()`` trains one run and returns its ``RunEnd``."""

    def __init__(self, config: TrainConfig, callbacks: Iterable[Callback] = (), control: RunControl | None = None,
                 *, splits: DataSplits | None = None, run_dir: Path | None = None,
                 resume: Continuation | None = None, cpu_since: CpuSample | None = None) -> None:
        self.config = config
        self.callbacks = list(callbacks)  # the caller's callbacks; never changed by fit()
        self.control = control or RunControl()
        self.splits = splits  # already-loaded data (the GUI and benchmarks reuse it)
        self.run_dir = run_dir  # None: no RunWriter is added (callers choose)
        self.resume = resume  # a run folder's saved state to continue from (cnnlab.runs.resume); None: a new run
        self._run: RunState | None = None  # the run in progress, for training_state()
        self.model: nn.Module | None = None
        self._batch_size: int | None = config.batch_size  # the resolved one once the run starts (OOM advice)
        self.thread_policy: ThreadPolicy | None = None  # set when a run starts
        self._active: list[Callback] = list(self.callbacks)  # this run's callbacks: the writer joins them
        self._cpu_since = cpu_since  # CPU counters taken before the caller loaded ``splits``: a longer window
        self._cpu_before: CpuSample | None = None  # CPU counters as the run began: the first free-core window
        self._cpu_mark: CpuSample | None = None  # CPU counters at the last rate window: the next window's start

    def _emit(self, hook: str, event: object) -> None:
        for cb in self._active:
            getattr(cb, hook)(event)

    def fit(self) -> RunEnd:
        self._active = list(self.callbacks)  # a new list per run: a second fit() adds no second writer
        threads_before = torch.get_num_threads()  # restored after the run: the caller's setting is theirs
        # while the run is prepared, other programs show how busy they keep the cores
        self._cpu_before = self._cpu_since or cpu_threads.cpu_sample()
        self._cpu_since, self._cpu_mark = None, None  # a second fit() starts its own windows
        try:
            return self._fit()
        except torch.cuda.OutOfMemoryError:
            msg = out_of_memory_sentence(self._batch_size)
            if torch.cuda.is_available():
                torch.cuda.empty_cache()  # the failed run's blocks go back to the GPU for the next run
            self._emit("on_run_end", self._failed(msg))
            raise TrainingError(msg) from None
        except UserError as e:
            self._emit("on_run_end", self._failed(str(e)))
            raise
        except Exception as e:  # a bug, not a user mistake: callbacks still learn that the run ended
            self._emit("on_run_end", self._failed(f"Training failed unexpectedly ({type(e).__name__}: {e})."))
            raise
        finally:
            torch.set_num_threads(threads_before)

    def _failed(self, message: str) -> RunEnd:
        return RunEnd.early(message, self.run_dir)

    def training_state(self) -> dict[str, Any]:
        """What a continuation needs besides the weights (see engine/train_state.py), as of now."""
        assert self._run is not None, "no run in progress"
        return capture(self._run)

    def _fit(self) -> RunEnd:
        run = self._start()
        assert run.cfg.epochs
        for epoch in range(run.epochs_done + 1, run.cfg.epochs + 1):  # a continued run goes on after its last
            self._emit("on_epoch_begin", epoch)
            if not self._epoch(run, epoch):
                break
        return self._finish(run)

    # --- setting up ---------------------------------------------------------------------------

    def _start(self) -> RunState:
        """Prepare the run, add its writer, and send ``on_run_begin``."""
        p = prepare(self.config, self.splits)
        self._batch_size = p.config.batch_size
        self.model, self.config = p.model, p.config
        if self.resume is not None:
            p.model.load_state_dict(self.resume.weights)
        if self.run_dir is not None:
            from cnnlab.runs.epochs import EpochHistory
            from cnnlab.runs.store import RunWriter

            writer = RunWriter(self.run_dir, p.meta, state=self.training_state, continuation=self.resume)
            self._active = [writer, EpochHistory(self.run_dir, p.meta, p.model), *self._active]
        run = self._run = self._state(p)
        if self.resume is not None:
            restore(run, self.resume.state)
        self.thread_policy = run.threads  # the run's thread decisions, for reports and tests
        if run.threads.fixed is not None:
            torch.set_num_threads(run.threads.fixed)
        run.threads.chosen = torch.get_num_threads()  # until a probe chooses
        self._choose_threads(run)
        for cb in self._active:
            cb.stop_reason = None  # a stop asked for in an earlier run does not carry over
        self._emit("on_run_begin", self._started(run))
        return run

    def _state(self, p: Prepared) -> RunState:
        cfg, info, device = p.config, p.splits.info, p.device
        assert cfg.epochs and cfg.batch_size and cfg.augment is not None
        x_train = normalize(p.splits.train.x, info.mean, info.std, device)  # (N, C, H, W) float32
        n, bs = len(x_train), cfg.batch_size
        batches = batches_per_epoch(n, bs)
        if batches == 0:
            raise UserError(f"The training set has {n} images, fewer than one batch of {bs}.")
        opt = make_optimizer(p.model.parameters(), cfg)
        # a continued run keeps its first plan: the same schedule, stepped as far as that plan goes
        sched_steps = int(self.resume.state["schedule_steps"]) if self.resume is not None else batches * cfg.epochs
        return RunState(
            cfg=cfg, splits=p.splits, model=p.model, device=device, x_train=x_train,
            y_train=p.splits.train.y.to(device), x_val=normalize(p.splits.val.x, info.mean, info.std, device),
            y_val=p.splits.val.y.to(device), batches=batches, opt=opt,
            sched=make_schedule(opt, cfg, sched_steps), sched_steps=sched_steps,
            aux_weight=float(getattr(p.model, "aux_weight", 0.3)),  # GoogLeNet's weighting of its side heads
            gen=torch.Generator().manual_seed(cfg.seed), threads=ThreadPolicy(cfg.threads))

    def _started(self, run: RunState) -> RunStarted:
        cfg, info = run.cfg, run.splits.info
        assert cfg.epochs
        return RunStarted(
            run_dir=str(self.run_dir) if self.run_dir else None, config=cfg.to_dict(), dataset=info.name,
            classes=info.classes, input_shape=info.input_shape, model=cfg.model or "",
            params=sum(q.numel() for q in run.model.parameters()), device=str(run.device), epochs=cfg.epochs,
            steps_per_epoch=run.batches, train_size=len(run.x_train), val_size=len(run.x_val),
            test_size=len(run.splits.test), threads=torch.get_num_threads())

    def _choose_threads(self, run: RunState) -> None:
        """Before the first epoch (auto, CPU): a run too short to probe trains with the cores other programs
        left free while it was prepared; a longer one probes the counts those cores can hold."""
        steps_left = run.total_steps - run.step
        short = run.threads.wants_free_cores(steps_left)
        if run.device.type != "cpu" or not (short or run.threads.wants_probe(steps_left)):
            return
        free = self._free_since_start(run)
        if not short:
            self._probe_threads(run, free=free)
        elif free is not None:  # no /proc/stat: torch's count stays
            torch.set_num_threads(run.threads.sized(free, torch.get_num_threads()))

    def _free_since_start(self, run: RunState) -> float | None:
        """Idle cores since the run began preparing (None: not measurable here); a window shorter than
        MIN_SAMPLE_S is topped up by waiting, counted as training time. The next window starts now."""
        if self._cpu_before is None:
            return None
        free, waited = cpu_threads.free_cores_since(self._cpu_before)
        run.clock.total += waited
        self._cpu_mark = cpu_threads.cpu_sample()
        return free

    def _free_in_window(self, run: RunState) -> float | None:
        """Idle cores since the last rate window (auto, CPU; None otherwise or not measurable)."""
        if run.device.type != "cpu" or not run.threads.auto or self._cpu_mark is None:
            return None
        after = cpu_threads.cpu_sample()
        if after is None:
            return None
        free, self._cpu_mark = cpu_threads.free_cores(self._cpu_mark, after), after
        return free

    def _probe_threads(self, run: RunState, *, in_lap: bool = False, free: float | None = None) -> None:
        """Time a few batches at each candidate thread count that ``free`` idle cores can hold and train on the
        fastest (auto mode on the CPU, when a probe is due); with one such count, take it untimed. The
        batches run on copies of the model and optimizer with their own generator, and torch's global RNG
        is put back: the run trains exactly as at a fixed count.
        The probe's seconds count as training time (they are the price of the choice); ``in_lap``: the
        stopwatch is running (a probe between two batches), so they are counted already."""
        if run.device.type != "cpu" or not run.threads.wants_probe(run.total_steps - run.step):
            return
        candidates = run.threads.probe_candidates(free)
        if len(candidates) == 1:
            torch.set_num_threads(candidates[0])
            run.threads.chose(candidates[0], {}, 0.0, free)
            return
        start = time.perf_counter()
        try:
            model = copy.deepcopy(run.model)
        except Exception:  # a model that cannot be copied trains at the count it has: never probed
            run.threads.candidates = (torch.get_num_threads(),)
            return
        opt = make_optimizer(model.parameters(), run.cfg)
        opt.load_state_dict(copy.deepcopy(run.opt.state_dict()))
        gen = torch.Generator().manual_seed(run.cfg.seed)
        idx = torch.arange(min(run.cfg.batch_size or 2, len(run.x_train)))  # (B,) the first batch's images
        kind = run.cfg.augment or "none"
        model.train()

        def step() -> None:
            xb, yb = run.x_train[idx], run.y_train[idx]  # (B, C, H, W), (B,)
            if kind != "none":
                xb = augment(xb, kind, gen)
            loss, _ = classification_loss(model(xb), yb, run.aux_weight)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()

        rng = torch.get_rng_state()  # dropout draws from it
        try:
            timings = measure(step, candidates)
        finally:
            torch.set_rng_state(rng)
        count = ThreadPolicy.decide(timings)
        torch.set_num_threads(count)
        cost = time.perf_counter() - start
        run.threads.chose(count, timings, cost, free)
        if not in_lap:
            run.clock.total += cost

    # --- one epoch ----------------------------------------------------------------------------

    def _epoch(self, run: RunState, epoch: int) -> bool:
        """Train, validate and report one epoch; False when the run should end here."""
        epoch_start = time.perf_counter()
        meter = self._train_epoch(run, epoch)
        if meter is None:
            return False
        self._end_epoch(run, epoch, meter, epoch_start)
        reason = next((cb.stop_reason for cb in self._active if cb.stop_reason is not None), None)
        if reason is not None or self.control.stop_requested:
            run.stopped, run.stop_reason = True, reason or ""
            return False
        return True

    def _train_epoch(self, run: RunState, epoch: int) -> MetricMeter | None:
        """The epoch step: one pass over the shuffled training set; None if the user stopped it."""
        run.model.train()
        bs = run.cfg.batch_size
        assert bs
        meter = MetricMeter(run.device)
        first = 0  # the epoch's first batch to train: later when a stopped epoch is finished
        if run.partial is not None:  # a continued run finishes the epoch it was stopped in
            order, first = run.partial.order.to(run.device), run.partial.batches_done  # (N,)
            run.partial.fill(meter)
            run.partial = None
        else:
            order = torch.randperm(len(run.x_train), generator=run.gen).to(run.device)  # (N,) shuffled indices
        next_emit = run.clock.start() + EMIT_INTERVAL
        next_check, window = next_emit - EMIT_INTERVAL + CHECK_S, (run.samples_seen + meter.seen, run.clock.total)
        reported = first  # batches of this epoch already in a BatchEnd
        for b in range(first, run.batches):
            run.clock.wait_while_paused(self.control)
            if self.control.stop_requested:
                run.stopped = True
                run.partial = PartialEpoch(order.cpu(), b, meter.loss.detach().clone(), meter.correct.clone(),
                                           meter.seen)
                break
            self._train_batch(run, order[b * bs:(b + 1) * bs], meter)
            now = time.perf_counter()
            # the epoch's last batch always reports; a timed report waits when fewer batches than this window's
            # would be left, so the last point of an epoch averages as many images as the others (not one batch)
            if b == run.batches - 1 or (now >= next_emit and run.batches - 1 - b >= b + 1 - reported):
                self._report(run, meter, epoch, b + 1, now)
                next_emit, reported = now + EMIT_INTERVAL, b + 1
            if now >= next_check:  # a rate window for the thread policy; a probe, when due, runs here
                images, seconds = run.samples_seen + meter.seen, run.clock.elapsed(now)
                free = self._free_in_window(run)
                if run.threads.observe(images - window[0], seconds - window[1]):
                    self._probe_threads(run, in_lap=True, free=free)
                now = time.perf_counter()
                window, next_check = (images, run.clock.elapsed(now)), now + CHECK_S
        run.clock.stop()
        run.samples_seen += meter.seen
        return None if run.stopped else meter

    def _train_batch(self, run: RunState, idx: torch.Tensor, meter: MetricMeter) -> None:
        """One optimizer step on the images at ``idx`` (B,)."""
        xb, yb = run.x_train[idx], run.y_train[idx]  # (B, C, H, W), (B,)
        if run.cfg.augment != "none":
            assert run.cfg.augment is not None
            xb = augment(xb, run.cfg.augment, run.gen)
        loss, logits = classification_loss(run.model(xb), yb, run.aux_weight)  # (), (B, K)
        run.opt.zero_grad(set_to_none=True)
        loss.backward()
        run.opt.step()
        if run.sched is not None and run.step < run.sched_steps:  # past its plan: the last learning rate stays
            run.sched.step()
        run.step += 1
        meter.add(loss, logits, yb)

    def _report(self, run: RunState, meter: MetricMeter, epoch: int, batch: int, now: float) -> None:
        """Send a BatchEnd for the batches since the previous one."""
        loss, acc = meter.window()
        check_finite(loss, epoch, batch, run.cfg.lr)
        elapsed = run.clock.elapsed(now)
        rate = (run.samples_seen + meter.seen) / max(elapsed, 1e-9)
        assert run.cfg.batch_size
        self._emit("on_batch_end", BatchEnd(
            epoch=epoch, batch=batch, batches=run.batches, step=run.step, total_steps=run.total_steps,
            loss=loss, acc=acc, lr=run.lr, samples_per_second=rate, elapsed=elapsed,
            eta=(run.total_steps - run.step) * run.cfg.batch_size / max(rate, 1e-9), threads=torch.get_num_threads()))

    def _end_epoch(self, run: RunState, epoch: int, meter: MetricMeter, epoch_start: float) -> None:
        """Validate and send the EpochEnd."""
        val_loss, val_acc = evaluate(run.model, run.x_val, run.y_val) if len(run.x_val) else (None, None)
        run.last_val_acc, run.epochs_done = val_acc, epoch
        train_loss, train_acc = meter.epoch()
        assert run.cfg.epochs
        self._emit("on_epoch_end", EpochEnd(
            epoch=epoch, epochs=run.cfg.epochs, step=run.step, train_loss=train_loss, train_acc=train_acc,
            val_loss=val_loss, val_acc=val_acc, lr=run.lr, seconds=time.perf_counter() - epoch_start,
            samples_per_second=run.samples_seen / max(run.clock.total, 1e-9), weights=_cpu_copy(run.model),
            images=meter.seen, threads=torch.get_num_threads()))

    # --- the end ------------------------------------------------------------------------------

    def _finish(self, run: RunState) -> RunEnd:
        """Test (unless stopped), then send and return the RunEnd."""
        test_loss = test_acc = None
        if not run.stopped:
            info = run.splits.info
            x_test = normalize(run.splits.test.x, info.mean, info.std, run.device)  # (T, C, H, W)
            test_loss, test_acc = evaluate(run.model, x_test, run.splits.test.y.to(run.device))
        ckpt = str(self.run_dir / "checkpoint.pt") if self.run_dir is not None else None
        end = RunEnd(
            status="stopped" if run.stopped else "completed", epochs_done=run.epochs_done, test_loss=test_loss,
            test_acc=test_acc, val_acc=run.last_val_acc, train_seconds=run.clock.total,
            samples_per_second=run.samples_seen / max(run.clock.total, 1e-9),
            run_dir=str(self.run_dir) if self.run_dir else None, checkpoint=ckpt, message=run.stop_reason,
            weights=_cpu_copy(run.model))
        self._emit("on_run_end", end)
        return end


def _cpu_copy(model: nn.Module) -> dict[str, torch.Tensor]:
    """A detached CPU copy of the weights: what inspection and checkpoints read, never the live model."""
    return {k: v.detach().to("cpu", copy=True) for k, v in model.state_dict().items()}
