"""Soak test of the real window: many start/stop cycles at random moments, then complete runs.

The driver is event-driven (QTimer and the window's signals; the GUI thread never sleeps) and
seeded. Each of the ``--cycles`` start/stop cycles stops a small run at one of these moments,
taken in turn from a seeded shuffle: right after Start, while the training process loads the
data, during the first batch, mid-epoch, at an epoch end, or while paused. Then ``--runs``
complete runs train back to back, switching datasets (the generated shapes, colors and
color-shapes sets) and touring every inspection tab between runs. Every wait has a deadline;
a deadline that is hit counts as a timeout (a failure) and ends the soak.

At the end the window and the training-process pool are closed, and one JSON line is printed:

* ``crashes``: runs that ended "failed" (a training process that died included), a complete run
  that did not complete, and Starts the window refused;
* ``exceptions``: Python exceptions seen in this process (``sys.excepthook``,
  ``threading.excepthook``, ``sys.unraisablehook``) plus ``Traceback`` lines on the stderr of
  this process and of the training process (file descriptor 2 is redirected to a file that both
  inherit; it is echoed to the real stderr at the end);
* ``processes_left``: child processes after closing (``multiprocessing.active_children()`` and a
  scan of /proc for processes whose parent is this one);
* ``threads_left``: Python threads beyond the main one, plus QThreads still running, after closing;
* ``window_rss_growth_mb`` / ``training_rss_growth_mb``: VmRSS of the window's process and of the
  training process after the last complete run versus after the first shapes run that follows one
  whole rotation of the datasets (run 4; both on the shapes set: the complete runs rotate shapes,
  colors, color-shapes and the last one is shapes again). The runs before it fill the window's caches
  once (each dataset's splits, the Lab's imports and models); growth that continues shows after it.

The window runs in a child of this script (``--inner``), so a crash of the window's process itself
(a segfault) is counted as a crash and still gives a JSON line; its stderr, which the training
process inherits, goes to a file that is scanned for Tracebacks and echoed at the end.

Exit code 0 when crashes, exceptions, processes_left, threads_left and timeouts are 0 and both
growths are under 100 MB; else 1.

    QT_QPA_PLATFORM=offscreen python benchmarks/soak.py --cycles 10 --runs 3
    QT_QPA_PLATFORM=offscreen python benchmarks/soak.py --cycles 50 --runs 20 --seed 1
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ("shapes", "colors", "color-shapes")  # generated: no download
MOMENTS = ("right_after_start", "data_loading", "first_batch", "mid_epoch", "epoch_end", "paused")
DEADLINE_S = 120.0  # longest wait for any one step (a small run takes seconds); hitting it is a failure
POLL_MS = 20  # how often a condition is checked by the event-driven waits
WARM_DELAY_MS = 1500  # as ui/app.py: the pool's training process starts 1.5 s after the window opens
GROWTH_LIMIT_MB = 100.0
TRACEBACK = re.compile(r"^\s*Traceback \(most recent call last\)", re.MULTILINE)


def rss_mb(pid: int | None) -> float | None:
    """VmRSS of ``pid`` in MB from /proc, or None when it is gone."""
    if pid is None:
        return None
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def child_pids(parent: int) -> list[int]:
    """Processes whose parent is ``parent``, by a scan of /proc (zombies included)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields_ = stat[stat.rindex(")") + 2:].split()  # after "pid (comm) ": state, ppid, ...
        if int(fields_[1]) == parent:
            pids.append(int(entry.name))
    return pids


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")[:200]
    except OSError:
        return "?"


def is_resource_tracker(pid: int) -> bool:
    """multiprocessing's resource tracker: started by the first spawn, it exits when this process does
    (it watches a pipe from us), so it is not a process the app leaked."""
    return "multiprocessing.resource_tracker" in cmdline(pid)


class Problems:
    """Exceptions seen by the hooks, written to the real stderr (not the captured one)."""

    def __init__(self, real_stderr: Any) -> None:
        self.real_stderr = real_stderr
        self.exceptions: list[str] = []
        self.lock = threading.Lock()

    def record(self, where: str, text: str) -> None:
        with self.lock:
            self.exceptions.append(f"{where}: {text}")
            body = "".join(f"[soak]   {line}\n" for line in text.splitlines())  # no bare "Traceback" line
            self.real_stderr.write(f"[soak] exception ({where}):\n{body}")
            self.real_stderr.flush()

    def install(self) -> None:
        def excepthook(tp: Any, value: Any, tb: Any) -> None:
            self.record("sys.excepthook", "".join(traceback.format_exception(tp, value, tb)))

        def thread_hook(args: Any) -> None:
            self.record(f"thread {getattr(args.thread, 'name', '?')}",
                        "".join(traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback)))

        def unraisable(u: Any) -> None:
            text = "".join(traceback.format_exception(u.exc_type, u.exc_value, u.exc_traceback))
            self.record("unraisable", f"{u.err_msg or ''} {u.object!r}\n{text}")

        sys.excepthook = excepthook
        threading.excepthook = thread_hook
        sys.unraisablehook = unraisable


@dataclass
class Run:
    """One start of the window: a cycle (stopped at ``moment``) or a complete run (moment None)."""

    index: int
    dataset: str
    moment: str | None
    fields: dict[str, str]
    started_at: float = 0.0
    run_started: bool = False
    batches_seen: int = 0
    stop_sent: bool = False
    stopped_as: str = ""  # the moment the stop really came at (may differ: a fast run outruns its plan)
    pid: int | None = None
    end: Any = None
    epochs_seen: int = 0
    notes: list[str] = field(default_factory=list)


def run_soak(args: argparse.Namespace, problems: Problems) -> dict[str, Any]:
    import random

    from PySide6.QtCore import QCoreApplication, QEvent, QSettings, QThread, QTimer, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from ui.app import collect_garbage_on_gui_thread, stop_collecting
    from ui.main_window import MainWindow
    from ui.worker import shared_pool

    app = QApplication.instance() or QApplication([sys.argv[0]])
    collector = collect_garbage_on_gui_thread()  # as ui/app.py's main() does
    qt_messages: Counter[str] = Counter()

    def qt_handler(mode: Any, _context: Any, message: str) -> None:
        qt_messages[str(mode).rsplit(".", 1)[-1]] += 1
        if args.verbose:
            problems.real_stderr.write(f"[qt] {message}\n")

    qInstallMessageHandler(qt_handler)
    rng = random.Random(args.seed)
    tmp = tempfile.TemporaryDirectory(prefix="cnnlab-soak-")
    os.environ["CNNLAB_RUNS"] = str(Path(tmp.name) / "runs")  # the soak's runs stay out of the user's list
    settings = QSettings(str(Path(tmp.name) / "soak-settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings, error_dialogs=False)
    window.resize(1280, 800)
    window.show()
    pool = shared_pool()
    QTimer.singleShot(WARM_DELAY_MS, pool.warm)

    moments = [MOMENTS[i % len(MOMENTS)] for i in range(args.cycles)]
    rng.shuffle(moments)
    used_limits: set[int] = set()

    def fresh_limit() -> int:  # a train limit not used before: the run's data is not cached, so it loads
        while True:
            n = rng.randint(300, 600)
            if n not in used_limits:
                used_limits.add(n)
                return n

    plan: list[Run] = []
    for i, moment in enumerate(moments):
        plan.append(Run(i, rng.choice(DATASETS), moment,
                        {"epochs": "2", "train_limit": str(fresh_limit()), "batch_size": "16"}))
    for j in range(args.runs):
        # The last complete run trains the first one's dataset, so first vs last compares like with like
        # (each dataset's first run grows the training process by its own working set once).
        dataset = DATASETS[0] if j == args.runs - 1 else DATASETS[j % len(DATASETS)]
        plan.append(Run(len(plan), dataset, None,
                        {"epochs": str(rng.randint(1, 2)), "train_limit": str(fresh_limit()), "batch_size": "32"}))

    state: dict[str, Any] = {"current": None, "index": 0, "timeouts": [], "crashes": [], "done": False}
    window_rss: list[float] = []
    training_rss: list[float] = []
    training_pids: set[int] = set()
    ends: Counter[str] = Counter()
    stopped_as: Counter[str] = Counter()
    t0 = time.monotonic()

    def log(text: str) -> None:
        if args.verbose:
            problems.real_stderr.write(f"[soak {time.monotonic() - t0:7.2f}s] {text}\n")
            problems.real_stderr.flush()

    # ------------------------------------------------------------ event-driven waiting
    def wait_until(cond: Any, then: Any, what: str, timeout_s: float = DEADLINE_S) -> None:
        start = time.monotonic()

        def poll() -> None:
            if state["done"]:
                return
            if cond():
                then()
            elif time.monotonic() - start > timeout_s:
                state["timeouts"].append(what)
                problems.real_stderr.write(f"[soak] deadline hit: {what}\n")
                finish()
            else:
                QTimer.singleShot(POLL_MS, poll)

        QTimer.singleShot(0, poll)

    def later(ms: int, fn: Any) -> None:
        QTimer.singleShot(ms, fn)

    # ------------------------------------------------------------ stopping at a moment
    def stop(run: Run, moment: str) -> None:
        if run.stop_sent or run.end is not None or state["current"] is not run:
            return
        run.stop_sent = True
        run.stopped_as = moment
        log(f"run {run.index}: stop at {moment}")
        window.stop()

    def on_started(event: Any) -> None:
        run = state["current"]
        if run is None:
            return
        run.run_started = True
        thread = window._thread
        if thread is not None and thread.process_pid is not None:
            run.pid = thread.process_pid
            training_pids.add(thread.process_pid)
        if run.moment == "data_loading" and not run.stop_sent:
            run.notes.append("data loaded before the stop")
        elif run.moment == "mid_epoch":
            later(rng.randint(30, 400), lambda: stop(run, "mid_epoch"))
        elif run.moment == "paused":
            window.toggle_pause()
            log(f"run {run.index}: paused={window.runs.paused()}")

            def maybe_resume_then_stop() -> None:
                if state["current"] is not run or run.end is not None:
                    return
                if rng.random() < 0.5:  # resume and pause again once, then stop while paused
                    window.toggle_pause()
                    window.toggle_pause()
                stop(run, "paused" if window.runs.paused() else "paused(not held)")

            later(rng.randint(100, 600), maybe_resume_then_stop)

    def on_batches(run: Run, _events: Any) -> None:
        run.batches_seen += 1
        if run.moment == "first_batch" and run.batches_seen == 1:
            stop(run, "first_batch")

    def on_epoch(_event: Any) -> None:
        run = state["current"]
        if run is None:
            return
        run.epochs_seen += 1
        if run.moment == "epoch_end":
            stop(run, "epoch_end")
        elif run.moment is None and window.tabs.count() > 1:  # a complete run: look at a tab meanwhile
            window.tabs.setCurrentIndex(rng.randrange(window.tabs.count()))

    def on_finished(end: Any) -> None:
        run = state["current"]
        if run is None or run.end is not None:
            if run is not None:
                run.notes.append("a second runFinished")
                state["crashes"].append(f"run {run.index}: a second runFinished")
            return
        run.end = end
        ends[end.status] += 1
        if run.pid is None and window._thread is not None:
            run.pid = window._thread.process_pid
        if run.moment is None:
            training_rss.append(rss_mb(run.pid) or float("nan"))
        if end.status == "failed":
            state["crashes"].append(f"run {run.index} ({run.dataset}, {run.moment}): {end.message}")
        elif run.moment is None and end.status != "completed":
            state["crashes"].append(f"run {run.index}: a complete run ended {end.status}")
        if run.moment is not None:
            stopped_as[run.stopped_as or f"ended {end.status} before the stop"] += 1
        log(f"run {run.index}: ended {end.status} {end.message!r} after {end.epochs_done} epoch(s), pid {run.pid}")

    window.runStarted.connect(on_started)
    window.epochEnded.connect(on_epoch)
    window.runFinished.connect(on_finished)

    # ------------------------------------------------------------ the plan
    def next_step() -> None:
        if state["done"]:
            return
        if state["index"] >= len(plan):
            finish()
            return
        run = plan[state["index"]]
        state["index"] += 1
        window.setup.set_dataset(run.dataset)
        for name, text in run.fields.items():
            window.setup.hyper.set_text(name, text)
        if run.moment is not None and window.tabs.count() > 1 and rng.random() < 0.5:
            tab = rng.randrange(window.tabs.count())
            log(f"run {run.index}: show tab {window.tabs.tabText(tab)!r} (preparing={window._preparing}, "
                f"jobs={len(window.jobs.threads)})")
            window.tabs.setCurrentIndex(tab)
        wait_until(lambda: not window.is_running() and not window.setup.problem(),
                   lambda: start(run), f"run {run.index}: the window ready to start")

    def start(run: Run) -> None:
        state["current"] = run
        run.started_at = time.monotonic()
        log(f"run {run.index}: start {run.dataset} {run.fields} moment={run.moment}")
        if not window.start():
            state["crashes"].append(f"run {run.index}: the window refused to start: {window.status_text()}")
            state["current"] = None
            later(0, next_step)
            return
        thread = window._thread
        if thread is not None:
            thread.batchesDone.connect(lambda events, r=run: on_batches(r, events))
        if run.moment == "right_after_start":
            stop(run, "right_after_start")
        elif run.moment == "data_loading":
            def stop_while_loading() -> None:
                if not run.run_started:
                    stop(run, "data_loading")

            later(rng.randint(0, 300), stop_while_loading)
        wait_until(lambda: run.end is not None and not window.is_running(), lambda: after(run),
                   f"run {run.index} ({run.dataset}, {run.moment or 'complete'}): its end")

    def after(run: Run) -> None:
        state["current"] = None
        if run.moment is not None:
            later(0, next_step)
            return
        tab_tour(list(range(window.tabs.count())), run)

    def tab_tour(indices: list[int], run: Run) -> None:
        """Show every tab in turn, each until the inspection feed is idle, then measure and go on."""
        if not indices:
            def measure() -> None:
                gc.collect()
                window_rss.append(rss_mb(os.getpid()) or float("nan"))
                log(f"run {run.index}: window {window_rss[-1]:.0f} MB, training {training_rss[-1]:.0f} MB")
                next_step()

            wait_until(lambda: not window._preparing and not window.jobs.threads, measure,
                       f"run {run.index}: the inspection tabs idle")
            return
        window.tabs.setCurrentIndex(indices[0])
        wait_until(lambda: not window._preparing, lambda: later(30, lambda: tab_tour(indices[1:], run)),
                   f"run {run.index}: tab {window.tabs.tabText(indices[0])!r}")

    def finish() -> None:
        if not state["done"]:
            state["done"] = True
            QTimer.singleShot(0, app.quit)

    wait_until(lambda: window.setup.loaded() is not None or bool(window.setup.data_error()), next_step,
               "the first data preview")
    app.exec()

    # ------------------------------------------------------------ closing and counting what is left
    window.close()
    threads_ok = window.wait_for_threads(60_000)
    pool.close()
    stop_collecting(collector)
    for _ in range(3):  # let deleteLater and queued signals run
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        app.processEvents()
    qthreads_running = [t for t in window.findChildren(QThread) if t.isRunning()]
    qthreads_running += [t for t in app.findChildren(QThread) if t.isRunning() and t not in qthreads_running]
    py_threads = [t for t in threading.enumerate() if t is not threading.main_thread() and t.is_alive()]
    import multiprocessing

    mp_children = multiprocessing.active_children()
    deadline = time.monotonic() + 5.0
    left_pids = child_pids(os.getpid())
    while left_pids and time.monotonic() < deadline:  # after the window is closed: a short wait is fine here
        time.sleep(0.1)
        left_pids = child_pids(os.getpid())
    helpers = [pid for pid in left_pids if is_resource_tracker(pid)]  # multiprocessing's own, ends with us
    left_pids = [pid for pid in left_pids if pid not in helpers]
    for pid in left_pids:
        problems.real_stderr.write(f"[soak] child process left: {pid} {cmdline(pid)!r}\n")
    for t in py_threads:
        problems.real_stderr.write(f"[soak] thread left: {t!r}\n")
    for qt in qthreads_running:
        problems.real_stderr.write(f"[soak] QThread still running: {qt!r}\n")
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    cycles_done = sum(1 for r in plan if r.moment is not None and r.end is not None)
    runs_done = sum(1 for r in plan if r.moment is None and r.end is not None)
    for run in plan:
        if run.notes:
            log(f"run {run.index}: {'; '.join(run.notes)}")
    for line in state["crashes"]:
        problems.real_stderr.write(f"[soak] crash: {line}\n")

    def growth(values: list[float]) -> float | None:
        """Last minus the baseline: the first shapes run after one whole rotation of the datasets (run 4),
        when there are enough runs; before it the window fills its caches once (each dataset's splits, the
        Lab's imports and models), which is not growth that continues."""
        base = len(DATASETS) if len(values) > len(DATASETS) + 1 else 0
        return round(values[-1] - values[base], 1) if len(values) >= 2 else (0.0 if values else None)

    result = {
        "cycles": cycles_done,
        "runs": runs_done,
        "crashes": len(state["crashes"]),
        "exceptions": len(problems.exceptions),  # the stderr Tracebacks are added by main()
        "processes_left": len(set(left_pids) | {p.pid for p in mp_children}),
        "resource_trackers": len(helpers),
        "threads_left": len(py_threads) + len(qthreads_running) + (0 if threads_ok else 1),
        "window_rss_growth_mb": growth(window_rss),
        "training_rss_growth_mb": growth(training_rss),
        "timeouts": len(state["timeouts"]),
        "window_rss_mb": [round(v, 1) for v in window_rss],
        "training_rss_mb": [round(v, 1) for v in training_rss],
        "training_pids": len(training_pids),
        "ends": dict(ends),
        "stopped_at": dict(stopped_as),
        "qt_messages": dict(qt_messages),
        "seconds": round(time.monotonic() - t0, 1),
        "seed": args.seed,
    }
    tmp.cleanup()
    return result


def ok(result: dict[str, Any]) -> bool:
    growths = [result["window_rss_growth_mb"], result["training_rss_growth_mb"]]
    return (all(result.get(k) == 0 for k in ("crashes", "exceptions", "processes_left", "threads_left", "timeouts"))
            and all(g is not None and g < GROWTH_LIMIT_MB for g in growths)
            and result["cycles"] + result["runs"] > 0)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    p.add_argument("--cycles", type=int, default=10, help="start/stop cycles at random moments")
    p.add_argument("--runs", type=int, default=3, help="complete runs after the cycles, switching datasets")
    p.add_argument("--seed", type=int, default=0, help="seeds the moments, delays and run sizes")
    p.add_argument("--verbose", action="store_true", help="log every step (and Qt's messages) to stderr")
    p.add_argument("--inner", metavar="JSON", help=argparse.SUPPRESS)  # the window's process writes its result here
    return p.parse_args(argv)


def inner(args: argparse.Namespace) -> int:
    """The window's process: drive the soak and write the result as JSON to ``args.inner``."""
    import faulthandler

    faulthandler.enable()  # a segfault leaves the Python stacks on stderr for the report
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    problems = Problems(sys.stderr)
    problems.install()
    result = run_soak(args, problems)
    Path(args.inner).write_text(json.dumps(result), encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the window in a child process (so a crash of the window itself is counted, not fatal here),
    with its stderr, which the training process inherits, going to a file; then print the JSON line."""
    import subprocess

    args = parse_args(argv)
    if args.inner:
        return inner(args)
    limit_s = 300 + 60 * args.cycles + 120 * args.runs  # generous: a healthy soak takes a fraction
    with tempfile.TemporaryDirectory(prefix="cnnlab-soak-out-") as out:
        result_path, err_path = Path(out, "result.json"), Path(out, "stderr.txt")
        cmd = [sys.executable, str(Path(__file__).resolve()), "--cycles", str(args.cycles), "--runs", str(args.runs),
               "--seed", str(args.seed), "--inner", str(result_path)] + (["--verbose"] if args.verbose else [])
        timed_out = False
        with err_path.open("wb") as err:
            proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, cwd=str(ROOT))
            try:
                code = proc.wait(limit_s)
            except subprocess.TimeoutExpired:
                timed_out = True
                proc.kill()
                code = proc.wait()
        text = err_path.read_text(encoding="utf-8", errors="replace")
        sys.stderr.write(text)
        sys.stderr.flush()
        if result_path.is_file():
            result = json.loads(result_path.read_text(encoding="utf-8"))
        else:  # the window's process died (or hung): that is a crash
            result = {"cycles": None, "runs": None, "crashes": 1, "exceptions": 0, "processes_left": None,
                      "threads_left": None, "window_rss_growth_mb": None, "training_rss_growth_mb": None,
                      "timeouts": int(timed_out), "window_exit_code": code}
            fatal = [line for line in text.splitlines() if line.startswith("Fatal Python error")]
            if fatal:
                result["fatal"] = fatal[0]
        orphans = [pid for pid in child_pids(os.getpid()) if not is_resource_tracker(pid)]
        if orphans and result.get("processes_left") is not None:
            result["processes_left"] += len(orphans)
    tracebacks = len(TRACEBACK.findall(text))
    result["exceptions"] += tracebacks
    result["stderr_tracebacks"] = tracebacks
    result["window_exit_code"] = code
    print(json.dumps(result), flush=True)
    return 0 if ok(result) and code == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
