"""How many CPU threads torch trains with: measured on the machine as it is, not guessed.

torch's thread pool assumes it has the cores to itself. Beside one busy process on a two-core
machine, two threads train the shape CNN 3.6 times slower than one (their team waits at every
barrier for the thread that lost its core). So with ``TrainConfig.threads`` left at ``None`` the
trainer times a few training batches at each candidate count before the first epoch (on copies of
the model and optimizer: the run's weights are those of the same run at a fixed count) and keeps the
fastest. The trainer reports its rate every ``CHECK_S`` training seconds; the policy asks for a new
probe (between two batches) when a window trains markedly slower than the best window since the last
probe (below ``DROP`` × its img/s: another program took cores), and anyway once the training since the
last probe is ``1 / PROBE_SHARE`` times the probe's cost (cores may have come free, which does not slow
anything down). Probes thus cost at most about ``PROBE_SHARE`` of the training time, twice that when
the machine keeps changing.

On Linux, /proc/stat tells how many cores other programs leave free: how busy this process's cores
were over a window (while the run was being prepared, or over the last rate window), minus this
process's own CPU time (:func:`cpu_sample`, :func:`free_cores`). A probe times only the counts those
cores can hold (:meth:`ThreadPolicy.probe_candidates`): beside two busy programs on two cores a single
warm-up batch at two threads costs as much as twenty at one, a tenth of a short run. When only one
count is left it is taken untimed, and the next recheck reads the counters again. A run under
``MIN_STEPS_TO_PROBE`` batches cannot win back a probe's batches at all, so it trains with the free
cores (:func:`count_for_free`). Where there is no /proc/stat (macOS, Windows) probes time every
candidate and a short run keeps torch's count.

:class:`ThreadPolicy` holds the decisions, as pure functions of timings and rates that tests drive
with made-up numbers; :func:`measure` takes the timings, with a clock tests can replace.
"""

from __future__ import annotations

import math
import os
import statistics
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import torch

MAX_THREADS = 64  # TrainConfig.threads' upper bound
DROP = 0.7  # a window below this share of the best rate since the last probe: something took cores
PROBE_SHARE = 0.04  # probes' share of training time: a new probe is due after 25× the last one's seconds
MIN_RECHECK_S = 1.0  # ... but not sooner than this many training seconds after it
CHECK_S = 0.5  # training seconds per rate window the trainer reports
NEAR = 0.1  # counts within 10 % of the fastest are a tie: the fewest threads win (more threads risk far more
# when another program wakes up, 3-10× slower on two cores, than they gain on a quiet machine, ~1.3×)
PRUNE = 3.0  # a candidate whose first timed batch is 3× the best median so far cannot win: stop timing it
PROBE_WARMUP = 1  # uncounted batches after a switch (thread start-up); a hopeless one ends the count
PROBE_BATCHES = 3  # timed batches per candidate: a median of three rides out one interruption
MIN_STEPS_TO_PROBE = 100  # shorter runs cannot win back the probe's batches: they use the free cores
MIN_SAMPLE_S = 0.05  # /proc/stat counts in 1/100 s: a window this long tells a busy core from an idle one
WHOLE_CORE = 0.75  # a core counts as free when others leave at least this share of it idle
PROBE_SLACK = 0.5  # a probe times counts up to the free cores rounded: a wrong skip is corrected by the
# next recheck, a hopeless count's first batch costs as much as 3-20 good ones
PROC_STAT = Path("/proc/stat")  # Linux's per-core CPU time counters
USER_HZ = 100  # /proc/stat's unit: 1/100 s on every Linux architecture


def usable_cpus() -> int:
    """Cores this process may run on (its affinity mask where the OS has one)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def candidate_counts(cpus: int) -> tuple[int, ...]:
    """Thread counts worth timing on ``cpus`` cores: 1, 2, 4, … and ``cpus`` itself (at most MAX_THREADS)."""
    cpus = max(1, min(cpus, MAX_THREADS))
    counts = {cpus}
    n = 1
    while n < cpus:
        counts.add(n)
        n *= 2
    return tuple(sorted(counts))


@dataclass(frozen=True)
class CpuSample:
    """CPU time counters at one moment: every program's on this process's cores, and this process's own."""

    busy: float  # seconds all programs ran on the cores (user, nice, system, irq, softirq, steal)
    total: float  # seconds of core time that passed on them, busy or idle
    own: float  # this process's CPU seconds (all its threads)
    cores: int  # how many cores the counts cover


def cpu_sample(stat: Path | None = None, cpus: set[int] | None = None,
               own: Callable[[], float] = time.process_time) -> CpuSample | None:
    """The counters now, over the cores in ``cpus`` (default: this process's affinity); None without /proc/stat."""
    try:
        lines = (stat or PROC_STAT).read_text().splitlines()
    except OSError:
        return None
    if cpus is None:
        cpus = set(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    busy = total = 0.0
    cores = 0
    for line in lines:
        name, *fields = line.split()
        if not (name.startswith("cpu") and name[3:].isdigit()) or (cpus is not None and int(name[3:]) not in cpus):
            continue
        ticks = [int(f) for f in fields[:8]]  # user nice system idle iowait irq softirq steal
        ticks += [0] * (8 - len(ticks))
        idle = ticks[3] + ticks[4]
        total += sum(ticks)
        busy += sum(ticks) - idle
        cores += 1
    if cores == 0:
        return None
    return CpuSample(busy / USER_HZ, total / USER_HZ, own(), cores)


def free_cores(before: CpuSample, after: CpuSample) -> float | None:
    """Cores other programs left idle between two samples (0 … cores); None when too little time passed."""
    elapsed = (after.total - before.total) / max(1, after.cores)  # seconds per core
    if elapsed < MIN_SAMPLE_S / 2 or after.cores != before.cores:
        return None
    others = (after.busy - before.busy) - max(0.0, after.own - before.own)  # core-seconds not ours
    return max(0.0, min(float(after.cores), after.cores - others / elapsed))


def free_cores_since(before: CpuSample, sample: Callable[[], CpuSample | None] | None = None,
                     sleep: Callable[[float], None] = time.sleep) -> tuple[float | None, float]:
    """Free cores from ``before`` to now, and the seconds waited to make the window MIN_SAMPLE_S long
    (``sample``: this module's :func:`cpu_sample` as it is when called, so tests can replace it)."""
    sample = sample or cpu_sample
    after = sample()
    if after is None:
        return None, 0.0
    waited = max(0.0, MIN_SAMPLE_S - (after.total - before.total) / max(1, after.cores))
    if waited > 0:
        sleep(waited)
        after = sample() or after
    return free_cores(before, after), waited


def count_for_free(free: float, ceiling: int) -> int:
    """Threads for a run with ``free`` idle cores: one per (nearly) whole free core, 1 to ``ceiling``."""
    return max(1, min(ceiling, math.floor(free + (1 - WHOLE_CORE))))


def median(samples: Sequence[float]) -> float:
    return statistics.median(samples) if samples else math.inf


class ThreadPolicy:
    """One run's thread count: ``fixed`` (TrainConfig.threads) or measured among ``candidates``."""

    def __init__(self, fixed: int | None = None, candidates: Sequence[int] | None = None) -> None:
        self.fixed = fixed
        self.candidates = tuple(candidates) if candidates is not None else candidate_counts(usable_cpus())
        self.chosen: int | None = fixed  # the count in use once set; None: whatever torch had
        self.reference: float | None = None  # img/s of the fastest window since the last probe
        self.since_probe = 0.0  # training seconds since the last probe
        self.probe_cost = 0.0  # seconds the last probe took
        self.due = fixed is None  # a probe is due: before the first epoch, then between two batches
        self.probes: list[dict[int, list[float]]] = []  # every probe's timings, for reports and tests
        self.free: float | None = None  # idle cores the last choice saw (None: not measured)
        # the counts the run trained with, each from the batch it took over (a continued run's earlier part first)
        self.used: list[dict[str, int]] = []

    def in_use(self, step: int, count: int) -> None:
        """The run trains from batch ``step`` (batches trained so far, over the whole run) with ``count``
        threads: noted in ``used`` as ``{"from_step": step, "threads": count}`` when the count changes."""
        if self.used and self.used[-1]["threads"] == count:
            return
        if self.used and self.used[-1]["from_step"] == step:  # changed again before any batch trained
            self.used.pop()
            if self.used and self.used[-1]["threads"] == count:
                return
        self.used.append({"from_step": step, "threads": count})

    @property
    def auto(self) -> bool:
        return self.fixed is None

    def wants_probe(self, steps_left: int) -> bool:
        """Probe now? Only in auto mode, when due, with a choice to make and enough run left to gain."""
        return self.auto and self.due and len(self.candidates) > 1 and steps_left >= MIN_STEPS_TO_PROBE

    def wants_free_cores(self, steps_left: int) -> bool:
        """Size the run by the free cores instead? In auto mode, with a choice, when the run is too short to probe."""
        return self.auto and self.due and len(self.candidates) > 1 and steps_left < MIN_STEPS_TO_PROBE

    def sized(self, free: float, ceiling: int) -> int:
        """A short run with ``free`` idle cores trains with :func:`count_for_free` threads, never re-checked."""
        self.free, self.chosen, self.due = free, count_for_free(free, ceiling), False
        return self.chosen

    def probe_candidates(self, free: float | None) -> tuple[int, ...]:
        """The candidates worth timing with ``free`` idle cores: up to ``free`` rounded, at least the fewest
        (``free`` None: not measured, so all of them)."""
        if free is None:
            return self.candidates
        cap = math.floor(free + PROBE_SLACK)
        return tuple(c for c in self.candidates if c <= cap) or self.candidates[:1]

    @staticmethod
    def decide(timings: Mapping[int, Sequence[float]], near: float = NEAR) -> int:
        """The count to train with: lowest median seconds per batch; within ``near`` of it, the fewest threads."""
        medians = {count: median(samples) for count, samples in timings.items() if samples}
        if not medians:
            raise ValueError("no timings to decide from")
        best = min(medians.values())
        return min(count for count, m in medians.items() if m <= best * (1 + near))

    @staticmethod
    def hopeless(first: float, best_median: float, prune: float = PRUNE) -> bool:
        """A candidate whose first timed batch took ``prune`` × the best median so far is not timed further."""
        return first > prune * best_median

    def chose(self, count: int, timings: dict[int, list[float]], cost: float = 0.0,
              free: float | None = None) -> None:
        """A probe that took ``cost`` seconds picked ``count`` (``timings`` empty: the only count ``free`` cores
        allowed, taken untimed); the windows after it set the new reference."""
        self.chosen, self.reference, self.due, self.since_probe, self.probe_cost = count, None, False, 0.0, cost
        self.free = free
        self.probes.append(timings)

    def observe(self, images: int, seconds: float, *, drop: float | None = None,
                share: float | None = None) -> bool:
        """Note a window of training (``images`` in ``seconds``); True when a probe is due: the window is below
        ``drop`` × the fastest since the last probe (after half the recheck interval), or the interval is over."""
        drop = DROP if drop is None else drop  # module settings read now: tests may change them
        share = PROBE_SHARE if share is None else share
        if not self.auto or not self.probes or seconds <= 0 or images <= 0:
            return False
        rate = images / seconds
        self.since_probe += seconds
        interval = max(MIN_RECHECK_S, self.probe_cost / share) if share > 0 else math.inf
        if self.reference is not None and rate < drop * self.reference and self.since_probe >= interval / 2:
            self.due = True
        self.reference = rate if self.reference is None else max(self.reference, rate)
        if self.since_probe >= interval:
            self.due = True
        return self.due


def measure(step: Callable[[], None], candidates: Sequence[int], *,
            clock: Callable[[], float] = time.perf_counter, set_threads: Callable[[int], None] = torch.set_num_threads,
            warmup: int = PROBE_WARMUP, batches: int = PROBE_BATCHES) -> dict[int, list[float]]:
    """Seconds per ``step()`` at each candidate count (``warmup`` untimed steps after each switch)."""
    timings: dict[int, list[float]] = {}
    best = math.inf
    for count in candidates:
        set_threads(count)
        samples = timings[count] = []
        for _ in range(warmup):
            start = clock()
            step()
            took = clock() - start
            if ThreadPolicy.hopeless(took, best):  # even the warm-up says it cannot win: one sample
                samples.append(took)
                break
        for _ in range(batches if not samples else 0):
            start = clock()
            step()
            samples.append(clock() - start)
            if len(samples) == 1 and ThreadPolicy.hopeless(samples[0], best):
                break
        best = min(best, median(samples))
    return timings
