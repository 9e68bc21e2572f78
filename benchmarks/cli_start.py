"""How fast the command line starts, and how fast the first ``cnnlab runs`` lists 2,000 runs.

Measured, each in fresh processes and in the same job so the machine's state is shared:

* ``cnnlab --help`` against a bare ``python -c "import argparse, json, pathlib, importlib.metadata"``
  (what any console script needs): median of 7 each, alternating; goal ≤ 2× the bare line. The peak memory
  (max RSS) of one run of each is recorded too.
* the first ``cnnlab runs --parent DIR`` over 2,000 generated small run folders (config.json, results.json,
  metrics.jsonl and a tiny checkpoint.pt each), the runs index not yet built: median of 3, each over a fresh
  copy; goal ≤ 2 s beyond the CLI's start (the ``--help`` median). A second listing (index built) beside it.
* what the listing no longer does: reading each checkpoint's header with torch (``checkpoint_problem``),
  per run, over 200 of the same folders.

    python benchmarks/cli_start.py            # writes benchmarks/results/cli_start.md
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "results" / "cli_start.md"
REPEATS = 7  # fresh processes per command: the median of 7 shrugs off one slow start on a shared machine
LISTING_REPEATS = 3  # first listings, each over a fresh copy of the run folders
RUNS = 2000  # run folders listed
CHECKED = 200  # run folders whose checkpoint header is read for the per-run cost
BARE = [sys.executable, "-c", "import argparse, json, pathlib, importlib.metadata"]  # a console script's floor
HELP_GOAL = 2.0  # cnnlab --help at most this many times the bare line
LISTING_GOAL_S = 2.0  # the first listing of 2,000 runs at most this many seconds beyond the CLI's start


def cnnlab_command() -> tuple[list[str], str]:
    """What the ``cnnlab`` console script runs (``from cnnlab.cli import main``), importing this checkout's
    package (run from its root: ``-c`` puts the working folder first on the path, where an installed script
    would import the installed copy); and how it was run, in words."""
    code = "import sys; from cnnlab.cli import main; sys.argv[0] = 'cnnlab'; sys.exit(main())"
    return [sys.executable, "-c", code], "The console script's two lines (`from cnnlab.cli import main; main()`)"


def seconds(argv: list[str], env: dict[str, str] | None = None) -> float:
    t0 = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=ROOT)
    return time.perf_counter() - t0


def peak_mb(argv: list[str]) -> float:
    """Max RSS of one run of ``argv``, in MB (read from a wrapper that runs nothing else)."""
    wrapper = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
               "stdout=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    kb = subprocess.run([sys.executable, "-c", wrapper, *argv], check=True, capture_output=True, text=True,
                        cwd=ROOT).stdout
    return int(kb.strip()) / 1024  # Linux reports kilobytes


def write_runs(parent: Path, count: int, checkpoint: bytes) -> None:
    """``count`` small finished run folders, named as cnnlab names them (one a second, newest last)."""
    config = {"dataset": "shapes", "model": "shape-cnn", "recipe": "default", "epochs": 2, "lr": 0.003, "seed": 0,
              "device": "auto", "device_used": "cpu", "classes": ["circle", "rectangle", "triangle", "diamond",
                                                                   "line"]}
    metrics = "".join(json.dumps({"epoch": e, "train_loss": 1.0 / e, "val_acc": 0.5 + 0.1 * e}) + "\n"
                      for e in (1, 2)).encode()
    start = time.mktime((2026, 1, 1, 9, 0, 0, 0, 0, -1))
    for i in range(count):
        run = parent / f"{time.strftime('%Y%m%d-%H%M%S', time.localtime(start + i))}-shapes-shape-cnn"
        run.mkdir(parents=True)
        (run / "config.json").write_text(json.dumps(config))
        (run / "metrics.jsonl").write_bytes(metrics)
        (run / "results.json").write_text(json.dumps({"status": "completed", "epochs_done": 2,
                                                      "test_acc": 0.5 + (i % 50) / 100, "train_seconds": 3.0}))
        (run / "checkpoint.pt").write_bytes(checkpoint)


def tiny_checkpoint(folder: Path) -> bytes:
    """The bytes of a real (small) cnnlab checkpoint, saved once in a separate process."""
    code = ("import sys, torch; from cnnlab.engine.checkpoint import CheckpointMeta, save_checkpoint; "
            "meta = CheckpointMeta('shape-cnn', {}, 'shapes', ('a', 'b'), (1, 28, 28), (0.5,), (0.25,)); "
            "save_checkpoint(sys.argv[1], meta, {'w': torch.zeros(8, 1, 3, 3)}, 1)")
    path = folder / "tiny.pt"
    subprocess.run([sys.executable, "-c", code, str(path)], check=True, cwd=ROOT)
    return path.read_bytes()


def header_seconds_per_run(parent: Path, count: int) -> float:
    """Seconds per run of ``checkpoint_problem`` (what each listing did before), torch already loaded."""
    code = ("import sys, time, pathlib; from cnnlab.engine.checkpoint import checkpoint_problem; "
            "runs = sorted(pathlib.Path(sys.argv[1]).iterdir())[:int(sys.argv[2])]; t0 = time.perf_counter(); "
            "bad = [r for r in runs if checkpoint_problem(r / 'checkpoint.pt')]; assert not bad, bad; "
            "print((time.perf_counter() - t0) / len(runs))")
    out = subprocess.run([sys.executable, "-c", code, str(parent), str(count)], check=True, capture_output=True,
                         text=True, cwd=ROOT).stdout
    return float(out)


def main() -> int:
    cnnlab, how = cnnlab_command()
    load_before = os.getloadavg()[0]
    bare_s, help_s = [], []
    for _ in range(REPEATS):  # alternating, so a busy moment costs both alike
        bare_s.append(seconds(BARE))
        help_s.append(seconds([*cnnlab, "--help"]))
    bare, helped = statistics.median(bare_s), statistics.median(help_s)
    bare_mb, help_mb = peak_mb(BARE), peak_mb([*cnnlab, "--help"])
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        checkpoint = tiny_checkpoint(work)
        template = work / "template"
        t0 = time.perf_counter()
        write_runs(template, RUNS, checkpoint)
        written_s = time.perf_counter() - t0
        first_s, second_s = [], []
        for i in range(LISTING_REPEATS):
            parent = work / f"runs-{i}"
            shutil.copytree(template, parent)
            env = {**os.environ, "CNNLAB_RUNS": str(parent)}
            first_s.append(seconds([*cnnlab, "runs", "--parent", str(parent)], env))
            second_s.append(seconds([*cnnlab, "runs", "--parent", str(parent)], env))
        listed = subprocess.run([*cnnlab, "runs", "--parent", str(work / "runs-0"), "--json"], check=True,
                                capture_output=True, text=True, cwd=ROOT).stdout
        assert len(json.loads(listed.strip().splitlines()[-1])) == RUNS
        per_run = header_seconds_per_run(template, CHECKED)
    first, second = statistics.median(first_s), statistics.median(second_s)
    load_after = os.getloadavg()[0]
    ratio, beyond = helped / bare, first - helped
    rows = [
        ("bare `python -c \"import argparse, json, pathlib, importlib.metadata\"`", f"{1000 * bare:.0f}",
         f"{bare_mb:.0f}", "", ""),
        ("`cnnlab --help`", f"{1000 * helped:.0f}", f"{help_mb:.0f}", f"{ratio:.2f}× the bare line",
         "yes" if ratio <= HELP_GOAL else "no"),
        (f"first `cnnlab runs`, {RUNS:,} runs (index built)", f"{1000 * first:.0f}", "",
         f"{beyond:.2f} s beyond the CLI's start", "yes" if beyond <= LISTING_GOAL_S else "no"),
        (f"second `cnnlab runs`, {RUNS:,} runs (index kept)", f"{1000 * second:.0f}", "", "", ""),
    ]
    lines = [
        "# Command line: start and the first runs listing", "",
        f"Produced by `python benchmarks/cli_start.py` (see its docstring for what is measured). {how} in fresh "
        f"processes: medians of {REPEATS} (start) and {LISTING_REPEATS} (first listing, each over a fresh copy of "
        f"{RUNS:,} generated run folders, written in {written_s:.1f} s). Goals: `cnnlab --help` ≤ {HELP_GOAL:g}× the "
        f"bare line; the first listing of {RUNS:,} runs ≤ {LISTING_GOAL_S:g} s beyond the CLI's start.", "",
        f"Machine: {platform.machine()} CPU, {os.cpu_count()} cores, Python {platform.python_version()}. Load "
        f"average (1 min) {load_before:.1f} before and {load_after:.1f} after: above the core count the machine "
        "was shared and the times include waiting for a core.", "",
        "| command | ms | peak MB | against the goal | goal met |", "|---|---:|---:|---|:---:|",
        *("| " + " | ".join(r) + " |" for r in rows), "",
        f"The listing reads each run's small files (config, results, metrics) and no checkpoint: reading a "
        f"checkpoint's header with torch (`checkpoint_problem`) costs {1000 * per_run:.1f} ms a run here (measured "
        f"over {CHECKED} of the same folders, torch already loaded), {per_run * RUNS:.1f} s for {RUNS:,} runs plus "
        "torch's own start; a damaged checkpoint is named when the run is opened or evaluated instead.", "",
    ]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
