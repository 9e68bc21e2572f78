"""The training loop: plain function-like object, no threads, no Qt.

Data sits in memory as normalised float tensors (on the device); batches are taken by indexing a
seeded permutation. Metrics are accumulated on the device and read back only when an event is
sent (at most ~30 times a second), so the loop runs at the speed of a bare PyTorch loop; the training
doctor's gradient norm (cnnlab.engine.doctor) is read back with them.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

import torch
from torch import nn

from cnnlab.datasets import DataSplits
from cnnlab.engine import compiling, gpu_options
from cnnlab.engine.callbacks import Callback
from cnnlab.engine.config import TrainConfig
from cnnlab.engine.control import RunControl
from cnnlab.engine.data import augment, normalize
from cnnlab.engine.determinism import TorchDeterminism, make_deterministic, nondeterministic_operation
from cnnlab.engine.device import memory_in_use
from cnnlab.engine.doctor.diagnosis import Diagnosis
from cnnlab.engine.doctor.doctor import Doctor
from cnnlab.engine.events import BatchEnd, EpochEnd, RunEnd, RunStarted
from cnnlab.engine.meter import MetricMeter
from cnnlab.engine.run_state import PartialEpoch, Prepared, RunState, StartPoint, prepare
from cnnlab.engine.scoring import evaluate
from cnnlab.engine.steps import (
    batches_per_epoch,
    check_finite,
    classification_loss,
    make_optimizer,
    make_schedule,
    out_of_memory_sentence,
)
from cnnlab.engine.thread_choice import ThreadChooser
from cnnlab.engine.threads import CHECK_S, CpuSample, ThreadPolicy
from cnnlab.engine.train_state import capture, recorded_threads, restore
from cnnlab.errors import Sentence, TrainingError, UserError
from cnnlab.i18n import QT_TRANSLATE_NOOP

EMIT_INTERVAL = 1 / 30  # seconds between BatchEnd events: smooth curves, negligible overhead


class Trainer:
    """``Trainer(config, callbacks, control).fit()`` trains one run and returns its ``RunEnd``."""

    def __init__(self, config: TrainConfig, callbacks: Iterable[Callback] = (), control: RunControl | None = None,
                 *, splits: DataSplits | None = None, run_dir: Path | None = None,
                 start: StartPoint | None = None, cpu_since: CpuSample | None = None,
                 doctor: bool = True) -> None:  # doctor: the training doctor's checks; off only to measure their cost
        self.config = config
        self.callbacks = list(callbacks)  # the caller's callbacks, in order; never changed by fit()
        self.control = control or RunControl()
        self.splits = splits  # already-loaded data (the GUI and benchmarks reuse it)
        self.run_dir = run_dir  # the run folder the events name (its writer is one of the callbacks); None: none
        self.start = start  # where a continued run starts (weights and training state); None: a new run
        self._run: RunState | None = None  # the run in progress, for training_state()
        self.model: nn.Module | None = None
        self._batch_size: int | None = config.batch_size  # the resolved one once the run starts (OOM advice)
        self.thread_policy: ThreadPolicy | None = None  # set when a run starts
        self._threads = ThreadChooser(cpu_since)  # the CPU thread count's choices during the run
        self.diagnose = doctor  # run the training doctor's checks (off only to measure what they cost)
        self.doctor = Doctor(enabled=False)  # the run's, made when it starts

    def _emit(self, hook: str, event: object) -> None:
        for cb in self.callbacks:
            getattr(cb, hook)(event)

    def fit(self) -> RunEnd:
        threads_before = torch.get_num_threads()  # restored after the run: the caller's setting is theirs
        determinism_before = TorchDeterminism.now()  # likewise: a reproducible run turns on deterministic algorithms
        self._threads.begin()  # while the run is prepared, other programs show how busy they keep the cores
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
            not_compiled = compiling.compile_failure(e)
            if not_compiled is not None:
                self._emit("on_run_end", self._failed(str(not_compiled)))
                raise not_compiled from None
            operation = nondeterministic_operation(e)
            if operation is not None:  # a reproducible run met a kernel without a deterministic version
                msg = Sentence(QT_TRANSLATE_NOOP("CoreMessage", "The model uses {operation}, which has no "
                                                                "deterministic version on {device}, so it cannot train "
                                                                "reproducibly there; train it on the CPU, or without "
                                                                "Reproducible."),
                               operation=operation, device=str(self._run.device) if self._run else self.config.device)
                self._emit("on_run_end", self._failed(msg))
                raise TrainingError(msg) from None
            self._emit("on_run_end", self._failed(Sentence(QT_TRANSLATE_NOOP(
                "CoreMessage", "Training failed unexpectedly ({problem})."), problem=f"{type(e).__name__}: {e}")))
            raise
        finally:
            torch.set_num_threads(threads_before)
            determinism_before.apply()

    def _failed(self, message: str) -> RunEnd:
        return replace(RunEnd.early(message, self.run_dir), diagnoses=tuple(self.doctor.found))

    def _diagnosed(self, found: list[Diagnosis]) -> None:
        """Send the doctor's new findings to the callbacks that listen for them."""
        for d in found:
            for cb in self.callbacks:
                getattr(cb, "on_diagnosis", lambda _d: None)(d)

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
        """Prepare the run and send ``on_run_begin``."""
        p = prepare(self.config, self.splits, self.start.model_options if self.start is not None else None)
        self._batch_size = p.config.batch_size
        self.model, self.config = p.model, p.config
        if self.start is not None:
            p.model.load_state_dict(self.start.weights)
        run = self._run = self._state(p)
        if self.start is not None:
            restore(run, self.start.state)
        self.thread_policy = run.threads  # the run's thread decisions, for reports and tests
        if run.cfg.reproducible:
            make_deterministic(run.device)
        run.gpu = gpu_options.choose(run.device, run.cfg.model, run.cfg.reproducible)
        gpu_options.apply(run.gpu, run.model)
        if run.cfg.compile_model:
            run.compiled = compiling.compile_model(run.model)
        if run.threads.fixed is not None:
            torch.set_num_threads(run.threads.fixed)
        run.threads.chosen = torch.get_num_threads()  # until a probe chooses
        self._threads.choose(run)
        run.threads.in_use(run.step, torch.get_num_threads())
        for cb in self.callbacks:
            cb.stop_reason = None  # a stop asked for in an earlier run does not carry over
        self._emit("on_run_begin", self._started(run, p))
        self.doctor = Doctor(enabled=self.diagnose)
        self._diagnosed(self.doctor.begin(run))
        return run

    def _state(self, p: Prepared) -> RunState:
        cfg, info, device = p.config, p.splits.info, p.device
        assert cfg.epochs and cfg.batch_size and cfg.augment is not None
        x_train = normalize(p.splits.train.x, info.mean, info.std, device)  # (N, C, H, W) float32
        n, bs = len(x_train), cfg.batch_size
        batches = batches_per_epoch(n, bs)
        if batches == 0:
            raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "The training set has {images} images, fewer than one "
                                              "batch of {batch}."), images=n, batch=bs)
        opt = make_optimizer(p.model.parameters(), cfg)
        # a continued run keeps its first plan: the same schedule, stepped as far as that plan goes
        sched_steps = int(self.start.state["schedule_steps"]) if self.start is not None else batches * cfg.epochs
        return RunState(
            cfg=cfg, splits=p.splits, model=p.model, device=device, x_train=x_train,
            y_train=p.splits.train.y.to(device), x_val=normalize(p.splits.val.x, info.mean, info.std, device),
            y_val=p.splits.val.y.to(device), batches=batches, opt=opt,
            sched=make_schedule(opt, cfg, sched_steps), sched_steps=sched_steps,
            aux_weight=float(getattr(p.model, "aux_weight", 0.3)),  # GoogLeNet's weighting of its side heads
            gen=torch.Generator().manual_seed(cfg.seed), threads=ThreadPolicy(self._fixed_threads(cfg)))

    def _fixed_threads(self, cfg: TrainConfig) -> int | None:
        """The run's fixed thread count: the config's; a continuation left unset goes on with the count its
        checkpoint was training with (the run computes what it would have, whatever the load); else None."""
        if cfg.threads is not None or self.start is None:
            return cfg.threads
        return recorded_threads(self.start.state)

    def _started(self, run: RunState, p: Prepared) -> RunStarted:
        cfg, info = run.cfg, run.splits.info
        assert cfg.epochs
        return RunStarted(
            run_dir=str(self.run_dir) if self.run_dir else None, config=cfg.to_dict(), dataset=info.name,
            classes=info.classes, input_shape=info.input_shape, model=cfg.model or "",
            params=sum(q.numel() for q in run.model.parameters()), device=str(run.device), epochs=cfg.epochs,
            steps_per_epoch=run.batches, train_size=len(run.x_train), val_size=len(run.x_val),
            test_size=len(run.splits.test), threads=torch.get_num_threads(), meta=p.meta,
            threads_used=tuple(dict(e) for e in run.threads.used),
            deterministic=torch.are_deterministic_algorithms_enabled(),
            notes=tuple(run.splits.notes))

    # --- one epoch ----------------------------------------------------------------------------

    def _epoch(self, run: RunState, epoch: int) -> bool:
        """Train, validate and report one epoch; False when the run should end here."""
        epoch_start = time.perf_counter()
        meter = self._train_epoch(run, epoch)
        if meter is None:
            return False
        self._end_epoch(run, epoch, meter, epoch_start)
        reason = next((cb.stop_reason for cb in self.callbacks if cb.stop_reason is not None), None)
        if reason is not None or self.control.stop_requested:
            run.stopped, run.stop_reason = True, reason or self.control.reason
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
                run.stopped, run.stop_reason = True, self.control.reason
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
                self._threads.recheck(run, images - window[0], seconds - window[1])
                run.threads.in_use(run.step, torch.get_num_threads())
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
        began = time.perf_counter()
        compiled = run.compiled is not None and len(xb) == run.cfg.batch_size  # a shorter last batch: plain model,
        first_compiled = compiled and run.compile_seconds is None  # so the model is compiled for one shape only
        net = run.compiled if compiled else run.model
        loss, logits = classification_loss(net(gpu_options.batch_format(run.gpu, xb)), yb, run.aux_weight)  # (), (B, K)
        run.opt.zero_grad(set_to_none=True)
        loss.backward()
        if first_compiled:  # the forward and backward graphs are compiled now: not training time
            run.compile_seconds = compiling.finished(run.device, began)
            run.clock.leave_out(run.compile_seconds)
        self.doctor.after_backward(run.step)  # every few batches, the gradients' norm (on the device)
        run.opt.step()
        if run.sched is not None and run.step < run.sched_steps:  # past its plan: the last learning rate stays
            run.sched.step()
        run.step += 1
        meter.add(loss, logits, yb)

    def _report(self, run: RunState, meter: MetricMeter, epoch: int, batch: int, now: float) -> None:
        """Send a BatchEnd for the batches since the previous one."""
        loss, acc = meter.window()
        assert run.cfg.lr is not None
        self._diagnosed(self.doctor.window(loss, epoch, batch, run.cfg.lr))
        check_finite(loss, epoch, batch, run.cfg.lr)
        elapsed = run.clock.elapsed(now)
        rate = (run.samples_seen + meter.seen) / max(elapsed, 1e-9)
        assert run.cfg.batch_size
        self._emit("on_batch_end", BatchEnd(
            epoch=epoch, batch=batch, batches=run.batches, step=run.step, total_steps=run.total_steps,
            loss=loss, acc=acc, lr=run.lr, samples_per_second=rate, elapsed=elapsed,
            eta=(run.total_steps - run.step) * run.cfg.batch_size / max(rate, 1e-9), threads=torch.get_num_threads(),
            gpu_memory=memory_in_use(run.device)))

    def _end_epoch(self, run: RunState, epoch: int, meter: MetricMeter, epoch_start: float) -> None:
        """Validate and send the EpochEnd."""
        with self.doctor.watching(run.model, run.splits.info.num_classes):  # ReLUs and answers, on the way
            val_loss, val_acc = evaluate(run.model, run.x_val, run.y_val) if len(run.x_val) else (None, None)
        run.last_val_acc, run.epochs_done = val_acc, epoch
        train_loss, train_acc = meter.epoch()
        assert run.cfg.epochs
        self._emit("on_epoch_end", EpochEnd(
            epoch=epoch, epochs=run.cfg.epochs, step=run.step, train_loss=train_loss, train_acc=train_acc,
            val_loss=val_loss, val_acc=val_acc, lr=run.lr, seconds=time.perf_counter() - epoch_start,
            samples_per_second=run.samples_seen / max(run.clock.total, 1e-9), weights=_cpu_copy(run.model),
            images=meter.seen, threads=torch.get_num_threads()))
        self._diagnosed(self.doctor.epoch_end(run, epoch, train_loss, val_loss, val_acc))

    # --- the end ------------------------------------------------------------------------------

    def _finish(self, run: RunState) -> RunEnd:
        """Test (unless stopped), then send and return the RunEnd."""
        test_loss = test_acc = None
        if not run.stopped:
            info = run.splits.info
            x_test = normalize(run.splits.test.x, info.mean, info.std, run.device)  # (T, C, H, W)
            test_loss, test_acc = evaluate(run.model, x_test, run.splits.test.y.to(run.device))
            self._diagnosed(self.doctor.run_end(run, test_acc))
        ckpt = str(self.run_dir / "checkpoint.pt") if self.run_dir is not None else None
        end = RunEnd(
            status="stopped" if run.stopped else "completed", epochs_done=run.epochs_done, test_loss=test_loss,
            test_acc=test_acc, val_acc=run.last_val_acc, train_seconds=run.clock.total,
            samples_per_second=run.samples_seen / max(run.clock.total, 1e-9),
            run_dir=str(self.run_dir) if self.run_dir else None, checkpoint=ckpt, message=run.stop_reason,
            weights=_cpu_copy(run.model), device=str(run.device),
            deterministic=torch.are_deterministic_algorithms_enabled(),
            threads_used=tuple(dict(e) for e in run.threads.used), diagnoses=tuple(self.doctor.found),
            gpu_options=run.gpu.names(), compile_seconds=run.compile_seconds)
        self._emit("on_run_end", end)
        return end


def _cpu_copy(model: nn.Module) -> dict[str, torch.Tensor]:
    """A detached CPU copy of the weights: what inspection and checkpoints read, never the live model."""
    return {k: v.detach().to("cpu", copy=True).contiguous() for k, v in model.state_dict().items()}  # as stored
    # by a model never turned channels-last: checkpoints and inspection read plain (O, I, kH, kW) weights
