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

    .venv/bin/python benchmarks/sweep_speed.py                 # 8 trials of 4 epochs, 2 rounds
    .venv/bin/python benchmarks/sweep_speed.py --write         # also write benchmarks/results/sweep_speed.md
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import markdown_table
from cnnlab.engine import TrainConfig
from cnnlab.engine.data import DataRequest
from cnnlab.engine.events import RunEnd
from cnnlab.launch import plan_run
from cnnlab.launch.process import ProcessPool
from cnnlab.launch.session import RunSession
from cnnlab.sweep.driver import run_sweep
from cnnlab.sweep.local import WorkerPool
from cnnlab.sweep.spec import parse_sweep

RESULTS = Path(__file__).resolve().parent / "results" / "sweep_speed.md"
GOAL = 0.8  # ideal (sequential / 2) over the sweep's time


def sequential(seeds: list[int], epochs: int, runs: Path) -> tuple[float, list[RunEnd]]:
    """The trials one after another in one training process, default settings; seconds from its start."""
    start = time.perf_counter()
    pool: ProcessPool = WorkerPool(keep=1)
    ends = []
    try:
        for seed in seeds:
            plan = plan_run(TrainConfig(dataset="shapes", model="shape-cnn", epochs=epochs, seed=seed, device="cpu"),
                            parent=runs)
            ends.append(RunSession(plan, pool=pool).run())
    finally:
        pool.close()
    return time.perf_counter() - start, ends


def swept(seeds: list[int], epochs: int, runs: Path, name: str, workers: int) -> tuple[float, int]:
    """The same trials as a sweep on ``workers`` workers; seconds and each trial's thread count."""
    spec = parse_sweep({"name": name, "base": {"dataset": "shapes", "model": "shape-cnn", "epochs": epochs,
                                               "device": "cpu"}, "vary": {"seed": seeds}})
    start = time.perf_counter()
    results = run_sweep(spec, workers=workers, parent=runs)
    seconds = time.perf_counter() - start
    (config,) = results.configs
    assert len(config.runs) == len(seeds), results.to_dict()
    threads = {json.loads(Path(r, "config.json").read_text())["threads"] for r in config.runs}
    return seconds, max(threads)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--trials", type=int, default=8, help="trials (seeds 1..N)")
    p.add_argument("--epochs", type=int, default=4, help="epochs per trial on the full shapes training set")
    p.add_argument("--workers", type=int, default=2, help="the sweep's local workers")
    p.add_argument("--rounds", type=int, default=2, help="sequential / sweep pairs, alternating; medians reported")
    p.add_argument("--write", action="store_true", help="also write benchmarks/results/sweep_speed.md")
    args = p.parse_args(argv)
    seeds = list(range(1, args.trials + 1))
    with tempfile.TemporaryDirectory(prefix="cnnlab-sweep-bench-") as tmp:
        os.environ["CNNLAB_RUNS"] = str(Path(tmp) / "runs")
        for seed in seeds:  # every trial's generated set drawn and cached before anything is timed
            DataRequest(dataset="shapes", seed=seed).load()
        rows, ratios, t0 = [], [], time.perf_counter()
        for n in range(args.rounds):
            load_before = os.getloadavg()[0]
            order = ("seq", "sweep") if n % 2 == 0 else ("sweep", "seq")
            seconds: dict[str, float] = {}
            for kind in order:
                if kind == "seq":
                    seconds["seq"], ends = sequential(seeds, args.epochs, Path(tmp) / "runs")
                    threads_seq = sorted({e.threads_used[-1]["threads"] for e in ends if e.threads_used})
                else:
                    seconds["sweep"], threads_sweep = swept(seeds, args.epochs, Path(tmp) / "runs", f"bench{n}",
                                                            args.workers)
            ideal = seconds["seq"] / args.workers
            ratio = ideal / seconds["sweep"]
            ratios.append(ratio)
            rows.append([str(n + 1), " then ".join(order), f"{seconds['seq']:.1f}", f"{ideal:.1f}",
                         f"{seconds['sweep']:.1f}", f"**{ratio:.2f}**",
                         ", ".join(map(str, threads_seq)), str(threads_sweep), f"{load_before:.1f}"])
            print(" | ".join(rows[-1]), flush=True)
        total = time.perf_counter() - t0
    header = ["round", "order", "sequential s", "ideal s (seq / 2)", "sweep s", "ideal / sweep",
              "threads (seq)", "threads per worker (sweep)", "load avg before"]
    table = markdown_table(header, rows)
    med = statistics.median(ratios)
    print(table)
    print(f"median ideal / sweep {med:.2f} (goal >= {GOAL}), {total:.0f} s in all")
    if args.write:
        text = f"""# A sweep on {args.workers} workers against the same trials one after another

`benchmarks/sweep_speed.py --trials {args.trials} --epochs {args.epochs} --workers {args.workers} --rounds \
{args.rounds}` on {os.cpu_count()} cores ({platform.processor() or platform.machine()}), {total:.0f} s in all.
{args.trials} shape-CNN trials on the full shapes training set (4,500 images, default recipe, {args.epochs} epochs,
seeds 1–{args.trials}). *sequential*: one after another with default settings (the trainer measures its thread
count), each a `RunSession` in one training process, that process's start included. *sweep*: `run_sweep` of the
same trials with {args.workers} local workers, their processes' start included; each trial reproducible with the
free cores shared out. The ideal is the sequential time divided by {args.workers}. Rounds alternate the order.

{table}

**Median ideal / sweep: {med:.2f}** (goal ≥ {GOAL}).
"""
        RESULTS.write_text(text, encoding="utf-8")
        print(f"written to {RESULTS}")
    return 0 if med >= GOAL else 1


if __name__ == "__main__":
    raise SystemExit(main())
