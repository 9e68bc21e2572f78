"""How fast the window shows: cnnlab's window against a bare PySide6 window, in the same job.

Measured in fresh processes, alternating so a busy moment costs both alike (each round swaps which goes
first, so neither always follows the other's exit), ROUNDS rounds after one unrecorded warm-up round of
each (it fills the disk cache, generates the built-in shapes once and compiles every module: their bytecode
is cached in a folder of the job's, as an installed copy has it cached, whatever ``PYTHONDONTWRITEBYTECODE``
says):

* a bare window: ``QApplication`` + ``QMainWindow().show()`` at 1280×800 (:data:`BARE`);
* ``python -m ui --report-first-paint FILE`` (a first start: fresh settings, no runs), which writes when its
  window was drawn and when its parts (curves, inspection tabs, runs, Lessons) were in, then closes.

Each time is from just before the process is started to the turn of its event loop after its window's
first Expose (shown and drawn), read in the same way in both (an event filter on the window's QWindow).
Goal: cnnlab's window visible ≤ 2× the bare window (medians). The time until the parts are in (the plots
drawn, Start enabled) is reported beside it, with each part's share.

Run it under a real X server, e.g. Xvfb (the tests check the same split offscreen):

    xvfb-run -a -s "-screen 0 1280x800x24" python benchmarks/launch.py --write   # benchmarks/results/launch.md
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "results" / "launch.md"
ROUNDS = 11  # fresh processes of each: the median of 11 shrugs off a few slow starts on a shared machine
GOAL = 2.0  # cnnlab's window visible at most this many times the bare window's time
TIMEOUT_S = 120  # a start that hangs fails the benchmark instead of holding it up
BARE = r"""
import json, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1280, 800)


class Probe(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Expose and watched.isExposed():
            watched.removeEventFilter(self)
            QTimer.singleShot(0, done)
        return False


def done():
    with open(sys.argv[1], "w", encoding="utf-8") as f:
        json.dump({"painted": time.time()}, f)
    app.quit()


window.show()
probe = Probe()
window.windowHandle().installEventFilter(probe)
app.exec()
"""  # a bare PySide6 window, probed as ui.window_parts.FirstPaint probes cnnlab's


def launch(argv: list[str], report: Path, env: dict[str, str]) -> dict[str, float]:
    """Start ``argv`` (which writes ``report``), wait for it to end; the report's times as seconds from the start."""
    report.unlink(missing_ok=True)
    started = time.time()
    subprocess.run(argv, check=True, cwd=ROOT, env=env, timeout=TIMEOUT_S, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    data = json.loads(report.read_text(encoding="utf-8"))
    out = {key: value - started for key, value in data.items() if isinstance(value, float)}
    out.update({f"step {name}": seconds for name, seconds in data.get("steps", {}).items()})
    return out


def measure(rounds: int) -> tuple[list[dict[str, float]], list[dict[str, float]]]:
    bare: list[dict[str, float]] = []
    app: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for i in range(rounds + 1):  # round 0 warms up and is not kept
            config, runs = work / f"config-{i}", work / f"runs-{i}"
            runs.mkdir()
            env = {**os.environ, "XDG_CONFIG_HOME": str(config), "CNNLAB_RUNS": str(runs),  # a first start
                   "PYTHONPYCACHEPREFIX": str(work / "bytecode")}  # compiled once, in the warm-up round
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            bare_argv = [sys.executable, "-c", BARE, str(work / "bare.json")]
            app_argv = [sys.executable, "-m", "ui", "--report-first-paint", str(work / "app.json")]
            if i % 2:
                a, b = launch(app_argv, work / "app.json", env), launch(bare_argv, work / "bare.json", env)
            else:
                b, a = launch(bare_argv, work / "bare.json", env), launch(app_argv, work / "app.json", env)
            if i:
                bare.append(b)
                app.append(a)
            print(f"round {i}{' (warm-up)' if not i else ''}: bare {b['painted']:.3f} s, cnnlab {a['painted']:.3f} s "
                  f"(parts in at {a['ready']:.3f} s)", flush=True)
    return bare, app


def median_of(rows: list[dict[str, float]], key: str) -> float:
    return statistics.median(r[key] for r in rows)


def report(bare: list[dict[str, float]], app: list[dict[str, float]], load: tuple[float, float]) -> str:
    b, a, ready = median_of(bare, "painted"), median_of(app, "painted"), median_of(app, "ready")
    ratio = a / b
    steps = [k for k in app[0] if k.startswith("step ")]
    rows = [
        ("bare PySide6 window (`QMainWindow().show()`)", f"{1000 * b:.0f}", "", ""),
        ("cnnlab window visible (`python -m ui`)", f"{1000 * a:.0f}", f"{ratio:.2f}× the bare window",
         "yes" if ratio <= GOAL else "no"),
        ("cnnlab parts in: plots, tabs, Start enabled", f"{1000 * ready:.0f}", "", ""),
    ]
    display = os.environ.get("DISPLAY", "")
    return "\n".join([
        "# Launch: the window shows at once, its parts follow", "",
        f"Produced by `xvfb-run -a -s \"-screen 0 1280x800x24\" python benchmarks/launch.py --write` (see its "
        f"docstring): {len(app)} rounds, each a bare PySide6 window and `python -m ui` in fresh processes, in turn "
        f"first (cnnlab's a first start: fresh settings, no runs), after one warm-up round (which also compiled the "
        f"modules' bytecode, kept for the rounds, as an installed copy keeps it). Times from just before the process "
        f"starts to the turn of its event loop after its window's first Expose. Goal: cnnlab's window visible ≤ "
        f"{GOAL:g}× the bare window.", "",
        f"Machine: {platform.machine()} CPU, {os.cpu_count()} cores, Python {platform.python_version()}, display "
        f"`{display}` ({os.environ.get('QT_QPA_PLATFORM') or 'xcb'}). Load average (1 min) {load[0]:.1f} before and "
        f"{load[1]:.1f} after: above the core count the machine was shared and the times include waiting for a "
        "core.", "",
        "| what | median ms | against the goal | goal met |", "|---|---:|---|:---:|",
        *("| " + " | ".join(r) + " |" for r in rows), "",
        "Every round (ms): bare / cnnlab visible / cnnlab parts in: "
        + "; ".join(f"{1000 * x['painted']:.0f} / {1000 * y['painted']:.0f} / {1000 * y['ready']:.0f}"
                    for x, y in zip(bare, app, strict=True)) + ".", "",
        "Before the window shows, cnnlab imports PySide6 and its own Qt-free core and builds the setup column, the "
        "tool bar, the menus and a placeholder per tab; torch, numpy and the core's modules that need them are "
        "imported on a thread after the first paint, then each part is made on the GUI thread, one per turn of the "
        "event loop (median ms each: " + ", ".join(f"{k[5:]} {1000 * median_of(app, k):.0f}" for k in steps)
        + "). matplotlib and Captum load on a thread after that.", "",
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=ROUNDS, help=f"rounds of each (default {ROUNDS})")
    parser.add_argument("--write", action="store_true", help=f"write {OUT.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    if not os.environ.get("DISPLAY") and os.environ.get("QT_QPA_PLATFORM") != "offscreen":
        print("launch.py: no X display; run it under xvfb-run (see the docstring).", file=sys.stderr)
        return 2
    before = os.getloadavg()[0]
    bare, app = measure(args.rounds)
    text = report(bare, app, (before, os.getloadavg()[0]))
    print(text)
    if args.write:
        OUT.parent.mkdir(parents=True, exist_ok=True)
        OUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
