"""Training speed beside busy programs: fixed thread counts against the measured (auto) choice.

For 0, 1 and 2 busy processes (``python -c "while True: pass"``, started here and killed after each
level) it trains the shape CNN on shapes and the MNIST CNN on MNIST (from ../shared/data/mnist, or
--data-root; the row is skipped with a sentence when the files are missing) with ``cnnlab train
--threads 1``, ``--threads 2`` and the default (auto), each a fresh ``cnnlab train --quiet --json``
process, and the same three through the app's path (:class:`cnnlab.launch.session.RunSession`, Qt-free,
which trains in a spawned training process). img/s is the run's own figure (training seconds, the
thread probe included). The goal: auto / best fixed >= 0.9 in every row, the CLI's auto against the
CLI's fixed counts and the app's against the app's (each path has its own overheads).

    .venv/bin/python benchmarks/contention.py            # about 25 minutes on two cores (3 runs per cell)
    .venv/bin/python benchmarks/contention.py --quick    # a tenth of the images: runs too short to probe
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import SHARED_DATA, markdown_table

RESULTS = Path(__file__).resolve().parent / "results" / "contention.md"
BUSY_CODE = "while True: pass"


@dataclass(frozen=True)
class Case:
    title: str
    args: tuple[str, ...]  # cnnlab train options
    needs: Path | None = None  # a folder that must hold the data


@dataclass
class Result:
    rate: float  # img/s
    threads: int | None  # the count the run ended with


def cli_run(case: Case, threads: int | None, out: Path) -> Result:
    cmd = [sys.executable, "-m", "cnnlab", "train", *case.args, "--quiet", "--json", "--out", str(out)]
    if threads is not None:
        cmd += ["--threads", str(threads)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {done.stderr.strip()}")
    data = json.loads(done.stdout.strip().splitlines()[-1])
    return Result(float(data["samples_per_second"]), data.get("threads"))


def session_run(case: Case, threads: int | None, out: Path) -> Result:
    from cnnlab.cli import build_parser, config_from_args
    from cnnlab.launch import plan_run
    from cnnlab.launch.messages import Batches, Message
    from cnnlab.launch.process import ProcessPool
    from cnnlab.launch.session import RunSession

    config = replace(config_from_args(build_parser().parse_args(["train", *case.args])), out_dir=str(out),
                     threads=threads)
    seen: list[int] = []

    def listen(message: Message) -> None:
        if isinstance(message, Batches) and message.events:
            seen.append(message.events[-1].threads)

    pool = ProcessPool(keep=0)
    end = RunSession(plan_run(config), pool=pool, listener=listen).run()
    pool.close()
    if end.status != "completed":
        raise SystemExit(f"the session run failed: {end.message}")
    return Result(end.samples_per_second, seen[-1] if seen else None)


def median_result(results: list[Result]) -> Result:
    """The run with the median rate (the lower middle one of an even count)."""
    ordered = sorted(results, key=lambda r: r.rate)
    return ordered[(len(ordered) - 1) // 2]


def start_busy(n: int) -> list[subprocess.Popen[bytes]]:
    return [subprocess.Popen([sys.executable, "-c", BUSY_CODE]) for _ in range(n)]


def stop_busy(procs: list[subprocess.Popen[bytes]]) -> None:
    for p in procs:
        p.kill()
    for p in procs:
        p.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-root", default=str(SHARED_DATA / "mnist"), help="folder with the MNIST files")
    parser.add_argument("--quick", action="store_true", help="a tenth of the images")
    parser.add_argument("--busy", default="0,1,2", help="busy-process counts to measure")
    parser.add_argument("--only", choices=("shape", "mnist"), help="measure one of the two models")
    parser.add_argument("--repeat", type=int, default=3, help="runs per cell; the median rate is kept "
                        "(single runs are noisy)")
    parser.add_argument("--out", default=None, help="markdown file to write (default: results/contention.md, "
                        "contention-quick.md with --quick)")
    args = parser.parse_args()
    scale = 10 if args.quick else 1
    default = f"contention{'-quick' if args.quick else ''}{'-' + args.only if args.only else ''}.md"
    out = Path(args.out) if args.out else RESULTS.with_name(default)
    cases = [
        Case(f"shape-cnn on shapes, 3 epochs × {4500 // scale:,}", (
            "--dataset", "shapes", "--epochs", "3", "--train-limit", str(4500 // scale))),
        Case(f"mnist-cnn on MNIST, 1 epoch × {20000 // scale:,}", (
            "--dataset", "mnist", "--epochs", "1", "--train-limit", str(20000 // scale), "--data-root",
            args.data_root), needs=Path(args.data_root)),
    ]
    if args.only:
        cases = [c for c in cases if c.title.startswith(args.only)]
    header = ["model", "busy", "CLI 1 thread", "CLI 2 threads", "CLI auto", "app 1 thread", "app 2 threads",
              "app auto", "CLI auto / best", "app auto / best"]
    rows: list[list[str]] = []
    notes: list[str] = []
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        k = 0
        for busy in (int(b) for b in args.busy.split(",")):
            procs = start_busy(busy)
            try:
                time.sleep(0.5)  # let the busy processes get going
                for case in cases:
                    if case.needs is not None and not any(case.needs.glob("train-images*")):
                        sentence = f"{case.title}: skipped, no MNIST files in {case.needs}."
                        if sentence not in notes:
                            notes.append(sentence)
                        continue
                    tries: dict[tuple[str, str], list[Result]] = {
                        (path, name): [] for path in ("cli", "app") for name in ("1", "2", "auto")}
                    for _ in range(max(1, args.repeat)):  # interleaved: a passing disturbance hits every column
                        for path, name in tries:
                            k += 1
                            threads = None if name == "auto" else int(name)
                            train = cli_run if path == "cli" else session_run
                            tries[path, name].append(train(case, threads, Path(tmp) / f"r{k}"))
                    got = {key: median_result(results) for key, results in tries.items()}
                    row = [case.title, str(busy)]
                    for path in ("cli", "app"):
                        row += [f"{got[path, '1'].rate:,.0f}", f"{got[path, '2'].rate:,.0f}",
                                f"{got[path, 'auto'].rate:,.0f} ({got[path, 'auto'].threads} thr)"]
                    for path in ("cli", "app"):
                        best = max(got[path, "1"].rate, got[path, "2"].rate)
                        row.append(f"{got[path, 'auto'].rate / best:.2f}")
                    rows.append(row)
                    print(" | ".join(row), flush=True)
            finally:
                stop_busy(procs)
    table = markdown_table(header, rows)
    import os

    from cnnlab.engine.threads import usable_cpus

    text = "\n".join([
        "# Training beside busy programs: fixed thread counts and the measured choice",
        "",
        f"`benchmarks/contention.py{' --quick' if args.quick else ''}`, {usable_cpus()} usable cores "
        f"(os.cpu_count() {os.cpu_count()}), {time.perf_counter() - t0:.0f} s. img/s is each run's own figure "
        f"(training seconds, the thread probe or free-core sample included), the median of {max(1, args.repeat)} "
        "runs per cell; \"busy\" is the number of `python -c \"while True: pass\"` "
        "processes beside it; \"thr\" the count auto ended with. Goal: auto / best fixed ≥ 0.9, each path "
        "against its own fixed counts.",
        "",
        table,
        "",
        *notes,
        "",
        "The machine is shared: other programs' load still shows as noise between rows, less so in the medians.",
        "",
    ])
    out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
