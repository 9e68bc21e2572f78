"""Training through the app versus headless: samples per second, side by side in one process.

"headless" is what ``cnnlab train`` runs: ``Trainer.fit`` on the main thread, writing a run
folder. "app" is the window's path: the setup area's config, the training process the window
hands the run to, the thread that turns its events into signals, and the live curves and progress
bar drawing on the GUI thread (offscreen unless a display is set). Both get the same resolved
config; runs alternate so a change in machine load hits both alike. The app should keep within
10% of headless.

The event-loop gaps measured during the app runs are reported too (see ui_responsiveness.py).

    python benchmarks/app_speed.py                       # shapes + shape-cnn, 3 epochs, 5 rounds
    python benchmarks/app_speed.py --dataset mnist --data-root ../shared/data/mnist --epochs 1
    python benchmarks/app_speed.py --write               # also write benchmarks/results/app.md
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

try:  # run as a script: python benchmarks/app_speed.py
    import ui_responsiveness as ur  # also puts the repository on sys.path and picks the Qt platform
except ImportError:  # run as a module: python -m benchmarks.app_speed
    from benchmarks import ui_responsiveness as ur
import torch

from cnnlab.engine import TrainConfig
from cnnlab.engine.config import resolve_config
from cnnlab.launch import RunPlan, build_trainer
from cnnlab.runs.store import new_run_dir
from ui.worker import DataRequest

RESULTS = Path(__file__).resolve().parent / "results" / "app.md"


HEADLESS_THREADS = torch.get_num_threads()  # what `cnnlab train` gets: torch's default


def headless(config: TrainConfig, splits, runs: Path, threads: int = HEADLESS_THREADS) -> float:
    torch.set_num_threads(threads)
    plan = RunPlan(config, new_run_dir(config.dataset, str(config.model), runs))
    end = build_trainer(plan, splits=splits).fit()
    return end.samples_per_second


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ur.add_run_arguments(p)
    p.add_argument("--rounds", type=int, default=5, help="headless/app pairs; medians are reported")
    p.add_argument("--heartbeat-rounds", type=int, default=2, help="app runs with the event-loop heartbeat")
    p.add_argument("--write", action="store_true", help="also write the table to benchmarks/results/app.md")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    with tempfile.TemporaryDirectory() as tmp:
        runs = Path(tmp) / "runs"
        os.environ["CNNLAB_RUNS"] = str(runs)
        config = resolve_config(TrainConfig(dataset=args.dataset, model=args.model, data_root=args.data_root,
                                            epochs=args.epochs, train_limit=args.train_limit, device="cpu"))
        splits = DataRequest.for_config(config).load()
        ur.application()
        window = ur.make_window(Path(tmp), args.torch_threads)
        args.torch_threads = window.torch_threads  # the training process's (None: torch's default)
        headless(config, splits, runs)  # warm-up: first-call costs of torch kernels hit neither side
        ur.train_in_window(window, config, splits, heartbeat=False)
        app_threads = window.torch_threads or HEADLESS_THREADS
        speed = []
        for r in range(args.rounds):
            h = headless(config, splits, runs)
            same = headless(config, splits, runs, app_threads) if app_threads != HEADLESS_THREADS else h
            end, _ = ur.train_in_window(window, config, splits, heartbeat=False)
            a = end.samples_per_second
            speed.append((h, same, a))
            print(f"round {r + 1}: headless {h:,.0f} img/s ({same:,.0f} on {app_threads} thread(s)), "
                  f"app {a:,.0f} img/s; app / headless {a / h:.3f}, app / headless on the same threads "
                  f"{a / same:.3f}", flush=True)
        beats = []
        for r in range(args.heartbeat_rounds):
            end, gaps = ur.train_in_window(window, config, splits, heartbeat=True)
            beats.append((end.samples_per_second, gaps))
            print(f"heartbeat round {r + 1}: gaps p50 {gaps.p50:.1f} / p99 {gaps.p99:.1f} / max {gaps.max:.1f} ms "
                  f"over {len(gaps.gaps_ms)} ticks ({end.samples_per_second:,.0f} img/s)", flush=True)
        window.close()
    ratio = statistics.median(a / h for h, _, a in speed)
    same_ratio = statistics.median(a / same for _, same, a in speed)
    gaps = ur.Gaps([g for _, b in beats for g in b.gaps_ms])
    print(f"{config.model} on {config.dataset}: headless {statistics.median(h for h, _, _ in speed):,.0f} img/s, "
          f"app {statistics.median(a for _, _, a in speed):,.0f} img/s, median ratio {ratio:.3f} "
          f"({same_ratio:.3f} against headless on the app's threads); "
          f"event loop p50 {gaps.p50:.1f} ms, p99 {gaps.p99:.1f} ms, max {gaps.max:.1f} ms")
    if args.write:
        write_results(args, config, speed, beats, load)
    return 0


INTRO = """# App speed and responsiveness

Written by `benchmarks/app_speed.py --write`; each section is one dataset and model.
Samples per second are the trainer's own count (paused time excluded). *headless* is
`Trainer.fit` on the main thread with torch's default threads, as `cnnlab train` runs;
*app* is the window's path: its training process, the thread that turns the process's
events into signals, and the live curves and progress bar drawing on the GUI thread
(offscreen). Rounds alternate, so a change in machine load hits both alike. The heartbeat
rounds add a 10 ms QTimer on the GUI thread and record the gaps between its ticks: how long
the window could not react.
"""


def write_results(args: argparse.Namespace, config: TrainConfig, speed: list[tuple[float, float, float]],
                  beats: list, load: float) -> None:
    ratio = statistics.median(a / h for h, _, a in speed)
    same_ratio = statistics.median(a / same for _, same, a in speed)
    threads = args.torch_threads or HEADLESS_THREADS
    lines = [
        f"## {config.model} on {config.dataset}, app training process on {threads} torch thread(s)",
        "",
        f"- run: {config.epochs} epoch(s), batch {config.batch_size}, {config.optimizer} {config.lr:g}, "
        f"train limit {config.train_limit or 'none'}",
        f"- machine: {platform.machine()}, {os.cpu_count()} CPU(s), torch {torch.__version__}; "
        f"{HEADLESS_THREADS} torch threads headless, {threads} in the app's training process; "
        f"load average {load:.2f} at the start (the machine is shared)",
        f"- date: {time.strftime('%Y-%m-%d %H:%M')}",
        "",
        f"| round | headless img/s | headless on {threads} thread(s) | app img/s | app / headless | "
        f"app / headless on {threads} thread(s) |",
        "|---|---|---|---|---|---|",
        *[f"| {i} | {h:,.0f} | {same:,.0f} | {a:,.0f} | {a / h:.3f} | {a / same:.3f} |"
          for i, (h, same, a) in enumerate(speed, 1)],
        f"| **median** | {statistics.median(h for h, _, _ in speed):,.0f} | "
        f"{statistics.median(s for _, s, _ in speed):,.0f} | {statistics.median(a for _, _, a in speed):,.0f} | "
        f"**{ratio:.3f}** | **{same_ratio:.3f}** |",
        "",
    ]
    if beats:
        gaps = ur.Gaps([g for _, b in beats for g in b.gaps_ms])
        lines += [
            "| heartbeat round | app img/s | ticks | gap p50 ms | gap p99 ms | gap max ms |",
            "|---|---|---|---|---|---|",
            *[f"| {i} | {a:,.0f} | {len(g.gaps_ms)} | {g.p50:.1f} | {g.p99:.1f} | {g.max:.1f} |"
              for i, (a, g) in enumerate(beats, 1)],
            f"| **all** | | {len(gaps.gaps_ms)} | {gaps.p50:.1f} | {gaps.p99:.1f} | **{gaps.max:.1f}** |",
            "",
        ]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    existing = RESULTS.read_text(encoding="utf-8") if RESULTS.is_file() else INTRO
    marker = f"<!-- {config.dataset}/{config.model}/process-threads={threads} -->"
    block = "\n".join([marker, *lines, marker])
    if marker in existing:  # replace this section, keep the others
        head, _, rest = existing.partition(marker)
        _, _, tail = rest.partition(marker)
        text = head + block + tail
    else:
        text = existing.rstrip("\n") + "\n\n" + block + "\n"
    RESULTS.write_text(text, encoding="utf-8")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    raise SystemExit(main())
