"""A sweep on 2 local workers against the same trials one after another.

Eight shape-CNN trials on shapes (seeds 1 to 8, the default recipe, a few epochs each), timed two ways in one
job, alternating so a change in the machine's load hits both alike:

* **sequential**: the eight run one after another with default settings (torch's thread count measured by the
  trainer, as ``cnnlab train`` does), each a :class:`~cnnlab.launch.session.RunSession` in one training process
  (the app's path; started inside the timing, as the sweep's are);
* **sweep**: ``run_sweep`` of the same eight with ``--workers 2`` (two training processes started inside the
  timing, the free cores shared out, the trials reproducible).

The ideal is the sequential time halved; the goal is ideal / sweep >= 0.8. Every dataset is drawn before the
timing starts (both ways read the same cache).

What the machine allows is measured in the same rounds with a bare PyTorch loop (``benchmarks.common.bare_loop``,
no cnnlab trainer, fresh processes): one trial's images alone with torch's default thread count, and the same in
two processes side by side with the cores shared out. Their rate ratio is the most any 2-worker sweep can reach
of the ideal here, start-up and all overheads left out (the *bare ceiling*); the last column is the sweep's
share of it.

    .venv/bin/python benchmarks/sweep_speed.py                 # 8 trials of 6 epochs, 3 rounds
    .venv/bin/python benchmarks/sweep_speed.py --write         # also write benchmarks/results/sweep_speed.md
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import markdown_table
from cnnlab.engine import TrainConfig
from cnnlab.engine.data import DataRequest
from cnnlab.engine.events import RunEnd
from cnnlab.engine.threads import cpu_sample, free_cores
from cnnlab.launch import plan_run
from cnnlab.launch.process import ProcessPool
from cnnlab.launch.session import RunSession
from cnnlab.sweep.driver import run_sweep
from cnnlab.sweep.local import WorkerPool
from cnnlab.sweep.spec import parse_sweep

RESULTS = Path(__file__).resolve().parent / "results" / "sweep_speed.md"
QUIET_WINDOW_S = 2.0  # how long the idle cores are watched before a timing
QUIET_SHARE = 0.85  # a timing starts once this share of the cores has been idle over that window
T = TypeVar("T")
DISTURBED = 0.25  # cores other programs used during a timing, on average, above which a round counts as disturbed
GOAL = 0.8  # ideal (sequential / 2) over the sweep's time


def free_now(seconds: float = QUIET_WINDOW_S) -> float:
    """Cores other programs left idle over the last ``seconds`` (all of them where /proc/stat is missing)."""
    before = cpu_sample()
    time.sleep(seconds)
    after = cpu_sample()
    free = free_cores(before, after) if before is not None and after is not None else None
    return float(os.cpu_count() or 1) if free is None else free


def wait_quiet(need: float, limit_s: float) -> float:
    """Wait (up to ``limit_s``) until ``need`` cores are idle, so one timing is not another program's; returns the
    idle cores seen last."""
    deadline = time.monotonic() + limit_s
    free = free_now()
    while free < need and time.monotonic() < deadline:
        free = free_now()
    return free


def sequential(seeds: list[int], epochs: int, runs: Path) -> list[RunEnd]:
    """The trials one after another in one training process (started here), default settings."""
    pool: ProcessPool = WorkerPool(keep=1)
    ends = []
    try:
        for seed in seeds:
            plan = plan_run(TrainConfig(dataset="shapes", model="shape-cnn", epochs=epochs, seed=seed, device="cpu"),
                            parent=runs)
            ends.append(RunSession(plan, pool=pool).run())
    finally:
        pool.close()
    return ends


def swept(seeds: list[int], epochs: int, runs: Path, name: str, workers: int) -> tuple[int, float]:
    """The same trials as a sweep on ``workers`` workers; returns each trial's thread count and its median img/s."""
    spec = parse_sweep({"name": name, "base": {"dataset": "shapes", "model": "shape-cnn", "epochs": epochs,
                                               "device": "cpu"}, "vary": {"seed": seeds}})
    results = run_sweep(spec, workers=workers, parent=runs)
    (config,) = results.configs
    assert len(config.runs) == len(seeds), results.to_dict()
    threads = {json.loads(Path(r, "config.json").read_text())["threads"] for r in config.runs}
    rates = [json.loads(Path(r, "results.json").read_text())["samples_per_second"] for r in config.runs]
    return max(threads), statistics.median(rates)


BARE = """
import json, sys, torch
sys.path.insert(0, sys.argv[1])
threads, epochs, seed = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
if threads > 0:
    torch.set_num_threads(threads)
from benchmarks.common import bare_loop
from cnnlab.engine.data import DataRequest
from cnnlab.engine.recipes import recipe_for
r = recipe_for("shapes", "shape-cnn", "default")
splits = DataRequest(dataset="shapes", seed=seed).load()
print(json.dumps(bare_loop(splits, "shape-cnn", epochs=epochs, batch_size=r.batch_size, lr=r.lr, seed=seed)))
"""  # one bare trial in a fresh process: its training img/s on stdout


def bare_rates(epochs: int, threads: int, copies: int) -> float:
    """img/s of one bare trial (the median over ``copies`` of them trained side by side), ``threads`` each (0:
    torch's default)."""
    root = str(Path(__file__).resolve().parents[1])
    procs = [subprocess.Popen([sys.executable, "-c", BARE, root, str(threads), str(epochs), str(n + 1)],
                              stdout=subprocess.PIPE, text=True) for n in range(copies)]
    rates = []
    for proc in procs:
        out, _ = proc.communicate()
        if proc.returncode != 0:
            raise SystemExit(f"the bare loop failed (exit code {proc.returncode})")
        rates.append(float(json.loads(out.strip().splitlines()[-1])))
    return statistics.median(rates)


def bare_ceiling(epochs: int, workers: int) -> tuple[float, float]:
    """(alone, side by side): one bare trial's img/s with torch's default threads, and with ``workers`` of them
    trained at once on the cores shared out."""
    per_worker = max(1, (os.cpu_count() or 1) // workers)
    return bare_rates(epochs, 0, 1), bare_rates(epochs, per_worker, workers)


@dataclass
class Timing:
    seconds: float
    others: float  # cores other programs kept busy during it, on average (0 where /proc/stat is missing)


def timed(work: Callable[[], T]) -> tuple[Timing, T]:
    """Run ``work``; its wall seconds, and the cores other programs used meanwhile: all the cores' busy time less
    this process's and its (ended, reaped) children's."""
    before, own, kids = cpu_sample(), time.process_time(), _children_cpu()
    start = time.perf_counter()
    out = work()
    seconds = time.perf_counter() - start
    after = cpu_sample()
    mine = (time.process_time() - own) + (_children_cpu() - kids)
    others = 0.0 if before is None or after is None else max(0.0, (after.busy - before.busy) - mine) / seconds
    return Timing(seconds, others), out


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--trials", type=int, default=8, help="trials (seeds 1..N)")
    p.add_argument("--epochs", type=int, default=6, help="epochs per trial on the full shapes training set")
    p.add_argument("--workers", type=int, default=2, help="the sweep's local workers")
    p.add_argument("--rounds", type=int, default=3, help="sequential / sweep pairs, alternating; medians reported")
    p.add_argument("--quiet-wait", type=float, default=600.0, help="seconds to wait before each timing for the "
                   "other programs to leave the cores idle (the machine is shared); 0: do not wait")
    p.add_argument("--write", action="store_true", help="also write benchmarks/results/sweep_speed.md")
    args = p.parse_args(argv)
    need = QUIET_SHARE * (os.cpu_count() or 1)
    seeds = list(range(1, args.trials + 1))
    with tempfile.TemporaryDirectory(prefix="cnnlab-sweep-bench-") as tmp:
        runs = Path(tmp) / "runs"
        os.environ["CNNLAB_RUNS"] = str(runs)
        for seed in seeds:  # every trial's generated set drawn and cached before anything is timed
            DataRequest(dataset="shapes", seed=seed).load()
        rows, ratios, clean, ceilings, shares, t0 = [], [], [], [], [], time.perf_counter()
        for n in range(args.rounds):
            order = ("seq", "sweep") if n % 2 == 0 else ("sweep", "seq")
            times: dict[str, Timing] = {}
            threads: dict[str, str] = {}
            rate: dict[str, float] = {}  # a trial's own img/s (its training seconds), median over the trials
            for kind in order:
                if args.quiet_wait > 0:
                    wait_quiet(need, args.quiet_wait)
                if kind == "seq":
                    times[kind], ends = timed(partial(sequential, seeds, args.epochs, runs))
                    threads[kind] = ", ".join(map(str, sorted({e.threads_used[-1]["threads"]
                                                               for e in ends if e.threads_used})))
                    rate["seq"] = statistics.median(e.samples_per_second for e in ends)
                else:
                    times[kind], (used, rate["sweep"]) = timed(partial(swept, seeds, args.epochs, runs, f"bench{n}",
                                                                       args.workers))
                    threads[kind] = str(used)
            if args.quiet_wait > 0:
                wait_quiet(need, args.quiet_wait)
            alone, side = bare_ceiling(args.epochs, args.workers)
            ideal = times["seq"].seconds / args.workers
            ratio = ideal / times["sweep"].seconds
            ceiling = side / alone
            ceilings.append(ceiling)
            shares.append(ratio / ceiling)
            ratios.append(ratio)
            if max(times["seq"].others, times["sweep"].others) < DISTURBED:
                clean.append(ratio)
            rows.append([str(n + 1), " then ".join(order), f"{times['seq'].seconds:.1f}", f"{ideal:.1f}",
                         f"{times['sweep'].seconds:.1f}", f"**{ratio:.2f}**", threads["seq"], threads["sweep"],
                         f"{rate['seq']:,.0f}", f"{rate['sweep']:,.0f}", f"{rate['sweep'] / rate['seq']:.2f}",
                         f"{alone:,.0f} / {side:,.0f}", f"**{ceiling:.2f}**", f"**{ratio / ceiling:.2f}**",
                         f"{times['seq'].others:.2f} / {times['sweep'].others:.2f}"])
            print(" | ".join(rows[-1]), flush=True)
        total = time.perf_counter() - t0
    header = ["round", "order", "sequential s", "ideal s (seq / 2)", "sweep s", "ideal / sweep",
              "threads (seq)", "threads per worker (sweep)", "trial img/s (seq)", "trial img/s (sweep)",
              "trial img/s sweep / seq", "bare img/s (alone / side by side)", "bare ceiling",
              "sweep / bare ceiling", "cores other programs used (seq / sweep)"]
    table = markdown_table(header, rows)
    med = statistics.median(ratios)
    med_clean = statistics.median(clean) if clean else None
    clean_text = (f"{med_clean:.2f} over the {len(clean)} round(s) that other programs left alone (under "
                  f"{DISTURBED} of a core on average in both timings)") if med_clean is not None else \
        "no round was left alone by other programs"
    ceiling_text = (f"bare ceiling {statistics.median(ceilings):.2f}, the sweep reached "
                    f"{statistics.median(shares):.2f} of it")
    print(table)
    print(f"median ideal / sweep {med:.2f}; {clean_text} (goal >= {GOAL}); {ceiling_text}; {total:.0f} s in all")
    if args.write:
        text = f"""# A sweep on {args.workers} workers against the same trials one after another

`benchmarks/sweep_speed.py --trials {args.trials} --epochs {args.epochs} --workers {args.workers} --rounds \
{args.rounds}` on {os.cpu_count()} cores ({platform.processor() or platform.machine()}), {total:.0f} s in all.
{args.trials} shape-CNN trials on the full shapes training set (4,500 images, default recipe, {args.epochs} epochs,
seeds 1–{args.trials}). *sequential*: one after another with default settings (the trainer measures its thread
count), each a `RunSession` in one training process, that process's start included. *sweep*: `run_sweep` of the
same trials with {args.workers} local workers, their processes' start included; each trial reproducible with the
free cores shared out. The ideal is the sequential time divided by {args.workers}. Rounds alternate the order.
The machine is shared: before each timing the script waits until other programs leave {QUIET_SHARE:.0%} of the
cores idle over {QUIET_WINDOW_S:g} s, and the last column says how many cores other programs used during each
timing all the same (all cores' busy time less this process's and its children's, per second).

*trial img/s* is each trial's own rate (its images over its training seconds), the median over the trials: in the
sweep, that of one trial while the other worker trains beside it. With the start-up left out, the sweep takes
N / (workers × sweep rate) and the ideal N / (workers × seq rate), so their ratio bounds ideal / sweep.

*bare*: what the machine allows, measured in each round with a bare PyTorch loop (`benchmarks.common.bare_loop`,
no cnnlab, fresh processes, {args.epochs} epochs of one trial): img/s alone with torch's default thread count, and
each of {args.workers} copies trained side by side with the cores shared out. *bare ceiling* = side by side / alone:
the most ideal / sweep any {args.workers}-worker sweep can reach here with every overhead left out. *sweep / bare
ceiling*: the share of that the sweep reached.

{table}

**Median ideal / sweep: {med:.2f} over all rounds; {clean_text} (goal ≥ {GOAL}). Median {ceiling_text}.**
"""
        RESULTS.write_text(text, encoding="utf-8")
        print(f"written to {RESULTS}")
    return 0 if (med_clean if med_clean is not None else med) >= GOAL else 1


if __name__ == "__main__":
    raise SystemExit(main())
