"""Choosing the CPU thread count while a run trains (auto mode): how many cores other programs leave
free, and which count the free cores train fastest with. The policy itself (when to probe, which counts
to try, how to decide) is :class:`cnnlab.engine.threads.ThreadPolicy`; this class times the candidates on
copies of the run's model and optimizer, so the run trains exactly as it would at the chosen count fixed."""

from __future__ import annotations

import copy
import time

import torch

from cnnlab.engine import threads as cpu_threads
from cnnlab.engine.data import augment
from cnnlab.engine.run_state import RunState
from cnnlab.engine.steps import classification_loss, make_optimizer
from cnnlab.engine.threads import CpuSample, ThreadPolicy, measure


class ThreadChooser:
    """One run's thread decisions: the first before its first epoch, rechecks in each rate window."""

    def __init__(self, cpu_since: CpuSample | None = None) -> None:
        self._cpu_since = cpu_since  # CPU counters taken before the caller loaded the data: a longer window
        self._cpu_before: CpuSample | None = None  # CPU counters as the run began: the first free-core window
        self._cpu_mark: CpuSample | None = None  # CPU counters at the last rate window: the next window's start

    def begin(self) -> None:
        """The run is being prepared: other programs show from now on how busy they keep the cores."""
        self._cpu_before = self._cpu_since or cpu_threads.cpu_sample()
        self._cpu_since, self._cpu_mark = None, None  # a second run starts its own windows

    def choose(self, run: RunState) -> None:
        """Before the first epoch (auto, CPU): a run too short to probe trains with the cores other programs
        left free while it was prepared; a longer one probes the counts those cores can hold."""
        steps_left = run.total_steps - run.step
        short = run.threads.wants_free_cores(steps_left)
        if run.device.type != "cpu" or not (short or run.threads.wants_probe(steps_left)):
            return
        free = self._free_since_start(run)
        if not short:
            self.probe(run, free=free)
        elif free is not None:  # no /proc/stat: torch's count stays
            torch.set_num_threads(run.threads.sized(free, torch.get_num_threads()))

    def recheck(self, run: RunState, images: int, seconds: float) -> None:
        """A rate window ended with ``images`` trained in ``seconds``: probe again when the policy asks."""
        free = self._free_in_window(run)
        if run.threads.observe(images, seconds):
            self.probe(run, in_lap=True, free=free)

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

    def probe(self, run: RunState, *, in_lap: bool = False, free: float | None = None) -> None:
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
