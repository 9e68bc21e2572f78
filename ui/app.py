"""Starting the desktop app: ``cnnlab``, ``cnnlab gui`` and ``python -m ui`` all call :func:`main`.

The window shows first (its setup, tool bar and menus need neither torch nor pyqtgraph) and makes its
heavy parts after its first paint (:mod:`ui.main_window`); what needs them — opening a run given on the
command line, the training process warmed for the first Start — waits for ``partsReady``.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from cnnlab.launch.process import ProcessPool
    from ui.main_window import MainWindow

ORGANIZATION = "cnnlab"  # QSettings' folder name for the remembered settings
APPLICATION = "cnnlab"
WARM_DELAY_MS = 1000  # start the training process this long after the window's parts are in: its preview loads first


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="cnnlab gui", description="Open the cnnlab window.")
    parser.add_argument("run", nargs="?", help="a run folder to open (its curves and results)")
    parser.add_argument("--run", dest="run_option", metavar="RUN", help="the same, as an option")
    parser.add_argument("--dataset", help="preselect this dataset (see 'cnnlab datasets')")
    parser.add_argument("--model", help="preselect this model (see 'cnnlab models')")
    parser.add_argument("--lang", choices=("zh_CN", "en"),
                        help="the window's language (default: the one chosen in View > Language, else the system's)")
    # smoke tests: close SECONDS after the window's parts are in (0: once every start-up timer of 0 ms has run)
    parser.add_argument("--quit-after", type=float, metavar="SECONDS", help=argparse.SUPPRESS)
    # the launch benchmark: write when the window was first drawn and when its parts were in (JSON), then close
    parser.add_argument("--report-first-paint", type=Path, metavar="FILE", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (the existing one if there is one), with names and icon set."""
    app = QApplication.instance()
    if app is None:
        app = QApplication([sys.argv[0] if sys.argv else "cnnlab", *(argv or [])])
    assert isinstance(app, QApplication)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("cnnlab")
    from ui.main_window import app_icon

    app.setWindowIcon(app_icon())
    return app


def collect_garbage_on_gui_thread() -> object:
    """Switch Python's automatic cycle collection to a timer on the GUI thread (pyqtgraph's collector).

    The collector otherwise runs on whichever thread allocates, and the window's worker threads (data
    loads, layer tables, inspection) allocate a lot: a cycle holding a Qt object freed there crashes Qt
    on the GUI thread later. :func:`stop_collecting` undoes it."""
    from pyqtgraph.util.garbage_collector import GarbageCollector

    return GarbageCollector(interval=1.0)  # once a second: cycles are few, and a pass takes milliseconds


def stop_collecting(collector: object | None) -> None:
    timer = getattr(collector, "timer", None)
    if timer is not None:
        timer.stop()
    gc.enable()
    gc.collect()


def main(argv: list[str] | None = None) -> int:
    """Open the window (on the built-in default, shapes + shape-cnn, the first time) and run it."""
    args_in = sys.argv[1:] if argv is None else list(argv)
    try:
        args = parse_args(args_in)
    except SystemExit as e:  # --help or a bad option: argparse has printed why
        return int(e.code or 0)
    app = make_application()
    from ui import i18n

    chosen = i18n.choose_language(args.lang, QSettings())
    font_warning = i18n.font_warning(chosen)  # no CJK font: English rather than boxes, and one sentence why
    i18n.install(app, i18n.ENGLISH if font_warning else chosen)  # before any widget is made
    from cnnlab.errors import UserError
    from ui.main_window import MainWindow

    gc.disable()  # collected on the GUI thread's timer once the parts (pyqtgraph) are in, never on a worker thread
    window = MainWindow(QSettings(), deferred=True)
    try:
        if args.dataset:
            window.setup.set_dataset(args.dataset)
        if args.model:
            window.setup.set_model(args.model)
    except UserError as e:
        window.show_status(i18n.core_message(str(e)), error=True)
    if font_warning:
        window.status.show_font_warning(font_warning)
    window.show()
    window.load_parts()  # after the first paint
    from ui.stop_signals import close_on_stop_signals

    stop_signals = close_on_stop_signals(window.close, app)  # Ctrl+C, SIGTERM, SIGHUP: close, saving a run
    collector: list[object] = []  # pyqtgraph's garbage collector, once the parts (pyqtgraph) are in
    pools: list[ProcessPool] = []  # the training processes, once the parts (torch) are in

    def parts_ready() -> None:
        from ui.worker import shared_pool

        collector.append(collect_garbage_on_gui_thread())
        pools.append(shared_pool())
        QTimer.singleShot(WARM_DELAY_MS, pools[0].warm)  # so Start does not wait for torch to import
        if args.run_option or args.run:
            window.open_run(args.run_option or args.run)
        if args.quit_after is not None:
            QTimer.singleShot(int(args.quit_after * 1000), window.close)

    window.when_ready(parts_ready)
    if args.report_first_paint is not None:
        report_launch(window, args.report_first_paint)
    try:
        code = int(app.exec())
    finally:
        if stop_signals is not None:
            stop_signals.close()
        for pool in pools:
            pool.close()  # the idle training process ends with the app
        lab_worker = sys.modules.get("ui.lab.worker")  # imported with the Lab's tab, if it was
        if lab_worker is not None:
            lab_worker.stop_lab_thread()  # the Lab's worker thread too (made again if another window opens)
        stop_collecting(collector[0] if collector else None)
    return code


def report_launch(window: MainWindow, path: Path) -> None:
    """Write ``{"painted": t, "ready": t, "steps": {part: seconds}}`` (``time.time()`` when the window was first
    drawn and when its parts were in; how long each part took to make) to ``path`` once both are known, then
    close the window: the launch benchmark's probe."""
    times: dict[str, float] = {}

    def note(event: str) -> None:
        times[event] = time.time()
        if len(times) == 2:
            path.write_text(json.dumps({**times, "steps": window.parts.times}), encoding="utf-8")
            QTimer.singleShot(0, window.close)

    window.painted.connect(lambda: note("painted"))
    window.partsReady.connect(lambda: note("ready"))


if __name__ == "__main__":
    raise SystemExit(main())
