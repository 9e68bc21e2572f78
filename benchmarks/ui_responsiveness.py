"""How responsive the window stays while a CPU run trains: event-loop gaps, p50 / p99 / max, and
how long Stop takes mid-epoch (from the click to the run's end, checkpoint kept).

A QTimer ticks every 10 ms on the GUI thread while the app trains (in its training process),
exactly as a student's run does (curves drawing, progress bar moving). The gaps between ticks
are how long the event loop was unable to react (the goal: the worst under 100 ms). Then ``--stops``
long runs are each stopped after their first batches arrive (the goal: within a second). Timing
bounds live here, not in the unit tests, which must pass on a busy machine.

    python benchmarks/ui_responsiveness.py                      # shapes, full set, 3 epochs
    python benchmarks/ui_responsiveness.py --dataset mnist --data-root ../shared/data/mnist --epochs 1
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen" if not os.environ.get("DISPLAY") else "xcb")

from PySide6.QtCore import QEventLoop, QSettings  # noqa: E402 (after the line that puts the checkout on sys.path)
from PySide6.QtWidgets import QApplication  # noqa: E402 (after the line that puts the checkout on sys.path)

from cnnlab.datasets import DataSplits  # noqa: E402 (after the line that puts the checkout on sys.path)
from cnnlab.engine import RunEnd, TrainConfig  # noqa: E402 (after the line that puts the checkout on sys.path)
from ui.heartbeat import Gaps, Heartbeat  # noqa: E402  (Gaps: app_speed uses ur.Gaps)
from ui.main_window import MainWindow  # noqa: E402 (after the line that puts the checkout on sys.path)
from ui.worker import DataRequest  # noqa: E402 (after the line that puts the checkout on sys.path)


def application() -> QApplication:
    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    return app


def make_window(settings_dir: Path, torch_threads: int | None, size: tuple[int, int] = (1280, 800)) -> MainWindow:
    settings = QSettings(str(settings_dir / "bench-settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings, torch_threads=torch_threads, error_dialogs=False)
    window.resize(*size)
    window.show()
    return window


def configure(window: MainWindow, config: TrainConfig) -> None:
    """Put a resolved config into the window's setup area, as a student would by hand."""
    setup = window.setup
    setup.set_dataset(config.dataset)
    if config.data_root:
        setup.set_data_root(config.dataset, config.data_root)
    setup.set_model(str(config.model))
    setup.set_device(config.device if config.device != "auto" else "cpu")
    setup.hyper.fill({"epochs": config.epochs, "batch_size": config.batch_size, "lr": config.lr,
                      "optimizer": config.optimizer, "schedule": config.schedule, "augment": config.augment,
                      "weight_decay": config.weight_decay, "seed": config.seed,
                      "train_limit": config.train_limit})


def show_tab(window: MainWindow, title: str) -> None:
    """Bring the tab called ``title`` to the front, as a student watching it during training would."""
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    if title not in titles:
        raise SystemExit(f"no tab called {title!r}; the tabs are {', '.join(titles)}")
    window.tabs.setCurrentIndex(titles.index(title))


def train_in_window(window: MainWindow, config: TrainConfig, splits: DataSplits,
                    heartbeat: bool = True) -> tuple[RunEnd, Gaps]:
    """One run through the app's path; the heartbeat (if wanted) runs from the first event to the end.

    The heartbeat wakes the GUI thread 100 times a second, which a student's window never does, so
    speed measurements run without it.
    """
    window.remember_splits(DataRequest.for_config(config), splits)  # the data the setup area already loaded
    configure(window, config)
    beat = Heartbeat()
    loop = QEventLoop()
    result: list[RunEnd] = []
    if heartbeat:
        window.runStarted.connect(lambda _e: beat.start())

    def finished(end: RunEnd) -> None:
        result.append(end)
        loop.quit()

    window.runFinished.connect(finished)
    if not window.start():
        raise SystemExit(f"the window refused to start: {window.status_text()}")
    loop.exec()
    gaps = beat.stop()
    while window.is_running():
        application().processEvents()
    if heartbeat:
        window.runStarted.disconnect()
    window.runFinished.disconnect()
    return result[0], gaps


def add_run_arguments(p: argparse.ArgumentParser) -> None:
    """The run both app benchmarks train: dataset, model, data, length and threads."""
    p.add_argument("--dataset", default="shapes")
    p.add_argument("--model", default=None, help="default: the dataset's model")
    p.add_argument("--data-root", default=None)
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--train-limit", type=int, default=None)
    p.add_argument("--torch-threads", type=int, default=None,
                   help="torch threads of the app's training process (default: torch's own, as the app uses)")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_run_arguments(p)
    p.add_argument("--tab", default="Curves", help="the tab shown while training, e.g. Confusion or Misclassified")
    p.add_argument("--stops", type=int, default=3, help="long runs to stop mid-epoch, timing each Stop")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from cnnlab.engine.config import resolve_config

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["CNNLAB_RUNS"] = str(Path(tmp) / "runs")  # the benchmark's runs stay out of the user's list
        config = resolve_config(TrainConfig(dataset=args.dataset, model=args.model, data_root=args.data_root,
                                            epochs=args.epochs, train_limit=args.train_limit, device="cpu"))
        splits = DataRequest.for_config(config).load()
        application()
        window = make_window(Path(tmp), args.torch_threads)
        show_tab(window, args.tab)
        end, gaps = train_in_window(window, config, splits)
        stops = [stop_latency(window, config, splits) for _ in range(args.stops)]
        window.close()
    print(f"{config.model} on {config.dataset}, {end.epochs_done} epoch(s), {end.samples_per_second:,.0f} images/s "
          f"({end.status}), {args.tab} tab shown")
    print(f"event-loop gaps over {len(gaps.gaps_ms)} ticks: p50 {gaps.p50:.1f} ms, p99 {gaps.p99:.1f} ms, "
          f"max {gaps.max:.1f} ms")
    if stops:
        print(f"Stop mid-epoch, from the click to the run's end: {', '.join(f'{t * 1000:.0f}' for t in stops)} ms "
              f"(max {max(stops) * 1000:.0f} ms; goal under 1,000 ms)")
    return 0


def batches_seen(window: MainWindow) -> int:
    """Batch points the Curves tab holds for the window's current run (0 before its first arrives)."""
    key = window._run_key
    series = None if key is None else window.curves.series(key)
    return 0 if series is None else len(series.batch_step)


def stop_latency(window: MainWindow, config: TrainConfig, splits: DataSplits) -> float:
    """Seconds from Stop (once the first batches have arrived) to the run's end, for a run of many epochs."""
    import time
    from dataclasses import replace

    window.remember_splits(DataRequest.for_config(config), splits)
    configure(window, replace(config, epochs=200))
    loop = QEventLoop()
    ended: list[float] = []

    def finished(_end: RunEnd) -> None:
        ended.append(time.perf_counter())
        loop.quit()

    window.runFinished.connect(finished)
    if not window.start():
        raise SystemExit(f"the window refused to start: {window.status_text()}")
    while batches_seen(window) < 2:
        application().processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
    t0 = time.perf_counter()
    window.stop()
    if not ended:
        loop.exec()
    while window.is_running():
        application().processEvents()
    window.runFinished.disconnect()
    return ended[0] - t0


if __name__ == "__main__":
    raise SystemExit(main())
