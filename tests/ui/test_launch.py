"""The window shows first and makes its heavy parts after: its first paint imports neither torch nor
pyqtgraph, matplotlib or Captum; Start waits for the parts with the reason beside it, nothing a student
can click breaks meanwhile, and once the parts are in every tab is there and Start is enabled."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from app_testing import ALL_PANELS, LOAD_TIMEOUT_MS
from PySide6.QtCore import QSettings, QTimer

import ui.window_parts
from ui.curves import CurvesView
from ui.lessons import LessonsPane
from ui.main_window import LOADING, LOADING_REASON, MainWindow
from ui.panel_titles import PANEL_TITLES
from ui.runs_view import RunsView
from ui.window_parts import PartsLoader

REPO = Path(__file__).resolve().parents[2]
HEAVY = ("torch", "pyqtgraph", "matplotlib", "captum", "numpy")  # none of them is needed to draw the window
FIRST_PAINT = r"""
import json, sys
from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication

app = QApplication(sys.argv[:1])
import PySide6.QtCore

lazy = "Qt" not in vars(PySide6.QtCore)  # PySide6 makes Qt's namespace (and its ~90 enums) when first named
from ui.main_window import MainWindow

window = MainWindow(QSettings(sys.argv[1], QSettings.Format.IniFormat), deferred=True, error_dialogs=False)
window.parts.start = lambda: None  # this process looks at the first paint only: no parts, no thread left running
seen = {}


def painted():
    seen["heavy"] = sorted(m for m in sys.argv[2].split(",") if m in sys.modules)
    seen["tabs"] = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    seen["pages"] = [window.tabs.widget(i).objectName() for i in range(window.tabs.count())]
    seen["start"] = window.start_action.isEnabled()
    seen["reason"] = window.start_reason.text()
    seen["left"] = window.lessons.currentWidget().objectName()
    seen["setup_visible"] = window.setup.isVisible()
    seen["qt_namespace_made"] = lazy and "Qt" in vars(PySide6.QtCore)
    loop.quit()


loop = QEventLoop()
window.painted.connect(painted)
window.show()
window.load_parts()
QTimer.singleShot(60_000, loop.quit)  # a bound on a start that hangs (the test then fails), not a wait
loop.exec()
seen["after"] = sorted(m for m in sys.argv[2].split(",") if m in sys.modules)  # the Data and Model tabs made too
print(json.dumps(seen))
"""


def first_paint(tmp_path: Path, lessons_open: bool | None) -> dict[str, Any]:
    """What a fresh process had imported and showed when its deferred window was first drawn."""
    settings = tmp_path / "settings.ini"
    if lessons_open is not None:
        QSettings(str(settings), QSettings.Format.IniFormat).setValue("lessonsOpen", lessons_open)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CNNLAB_RUNS": str(tmp_path / "runs"),
           "CNNLAB_DATA": str(tmp_path / "data")}
    proc = subprocess.run([sys.executable, "-c", FIRST_PAINT, str(settings), ",".join(HEAVY)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_the_first_paint_imports_no_torch_pyqtgraph_matplotlib_or_captum(tmp_path: Path) -> None:
    seen = first_paint(tmp_path, lessons_open=False)  # a returning student: the setup in view
    assert seen["heavy"] == [] and seen["after"] == []
    assert not seen["qt_namespace_made"]  # 15 ms the first paint does without (see ui/window_parts.py)
    assert seen["tabs"] == ["Curves", *PANEL_TITLES, "Runs", "Design"]  # every tab in its place…
    assert set(seen["pages"]) == {"tabLoading"}  # …each saying it is loading
    assert not seen["start"] and seen["reason"] == LOADING_REASON  # Start waits, and says why
    assert seen["setup_visible"] and seen["left"] == ""  # the setup column (page 0), drawn at once


def test_at_the_first_start_the_lessons_place_says_it_is_loading(tmp_path: Path) -> None:
    seen = first_paint(tmp_path, lessons_open=None)  # no saved choice: the Lessons open
    assert seen["heavy"] == [] and seen["left"] == "lessonsLoading" and not seen["setup_visible"]


def deferred_window(qtbot: Any, settings: QSettings, panels: list | None = []) -> MainWindow:  # noqa: B006
    w = MainWindow(settings, panels=panels, error_dialogs=False, deferred=True)
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    return w


def test_start_waits_for_the_parts_and_nothing_clicked_meanwhile_breaks(qtbot: Any, settings: QSettings) -> None:
    settings.setValue("lessonsOpen", False)
    w = deferred_window(qtbot, settings)
    assert not w.parts_ready() and not w.start_action.isEnabled() and w.start_reason.text() == LOADING_REASON
    assert w.status_text() == LOADING
    assert not w.start() and not w.is_running()  # Ctrl+Return while loading: nothing starts
    w.stop()
    w.toggle_pause()
    assert not w.commands.open.isEnabled() and not w.commands.export.isEnabled()  # they need the parts
    w.lessons.action.trigger()  # Lessons: the place that says it is loading
    page = w.lessons.currentWidget()
    assert page is not None and page.objectName() == "lessonsLoading"
    w.lessons.action.trigger()
    w.setup.set_dataset("colors")  # chosen before the parts are in: its data loads once they are
    with qtbot.waitSignal(w.partsReady, timeout=LOAD_TIMEOUT_MS):
        w.load_parts()
    assert w.start_action.isEnabled() and w.start_reason.text() == "" and w.commands.open.isEnabled()
    qtbot.waitUntil(lambda: w.setup.loaded() is not None, timeout=LOAD_TIMEOUT_MS)
    assert w.setup.loaded()[0].dataset == "colors"  # type: ignore[index]  # loaded: not None
    w.close()
    assert w.wait_for_threads()


def test_once_the_parts_are_in_every_tab_is_there(qtbot: Any, settings: QSettings) -> None:
    w = deferred_window(qtbot, settings, ALL_PANELS)  # a first start: the Lessons open
    w.tabs.setCurrentIndex(0)
    with qtbot.waitSignal(w.partsReady, timeout=LOAD_TIMEOUT_MS):
        w.load_parts()
    pages = [w.tabs.widget(i) for i in range(w.tabs.count())]
    assert [w.tabs.tabText(i) for i in range(w.tabs.count())] == ["Curves", *PANEL_TITLES, "Runs", "Design"]
    assert isinstance(pages[0], CurvesView) and pages[0] is w.curves and isinstance(pages[-2], RunsView)
    assert pages[-1] is w.design.view
    assert pages[1:-2] == w.panels and w.tabs.currentIndex() == 0  # the placeholder in view became the curves
    assert all(p is not None and len(p.whatsThis()) > 40 for p in pages)  # Getting started's What's this?
    assert isinstance(w.lessons.currentWidget(), LessonsPane) and w.lessons.pane.sections.tabText(0) == "18.1"
    assert w.parts.is_ready and not w.tab_slots.pending() and w.status_text() != LOADING
    assert w.start_action.isEnabled() and w.epochs_action.isEnabled()
    w.close()
    assert w.wait_for_threads()


def test_closing_while_the_parts_load_keeps_the_settings(qtbot: Any, settings: QSettings) -> None:
    settings.setValue("lessonsOpen", False)
    w = deferred_window(qtbot, settings)
    with qtbot.waitSignal(w.painted, timeout=LOAD_TIMEOUT_MS):
        w.load_parts()
    w.lessons.action.setChecked(True)
    w.close()  # the import thread is waited for; no part is made after this
    assert not w.parts.is_ready and w.wait_for_threads() and not w.jobs.threads
    assert settings.value("lessonsOpen", type=bool) is True


def test_a_missing_module_says_so_beside_start(qtbot: Any, settings: QSettings, monkeypatch: Any) -> None:
    monkeypatch.setattr(ui.window_parts, "ENGINE_MODULES", ("cnnlab_no_such_module",))
    w = deferred_window(qtbot, settings)
    with qtbot.waitSignal(w.parts.failed, timeout=LOAD_TIMEOUT_MS):
        w.load_parts()
    reason = w.start_reason.text()
    assert reason.startswith("cnnlab_no_such_module could not be imported (ModuleNotFoundError")
    assert reason.endswith("reinstall cnnlab's requirements.") and w.status_text() == reason
    assert not w.start_action.isEnabled() and not w.parts_ready()
    w.close()


def test_the_loader_makes_one_part_per_turn_of_the_event_loop(qtbot: Any) -> None:
    order: list[str] = []

    def first() -> None:
        order.append("first")
        QTimer.singleShot(0, lambda: order.append("a click"))  # queued while the first part is made

    loader = PartsLoader([("first", first), ("second", lambda: order.append("second"))])
    with qtbot.waitSignal(loader.ready, timeout=LOAD_TIMEOUT_MS):
        loader.start()
    assert order == ["first", "a click", "second"] and loader.done == ["first", "second"]
    loader.stop()


def test_held_jobs_wait_for_the_release_and_a_close_drops_them(qtbot: Any) -> None:
    from PySide6.QtWidgets import QWidget

    from ui.background import BackgroundJobs

    owner = QWidget()  # the jobs' owner, as the window is: deleted with the test's widgets
    qtbot.addWidget(owner)
    jobs = BackgroundJobs(owner)
    jobs.hold()
    done: list[object] = []
    for i in range(3):
        jobs.run(lambda i=i: i, done.append, lambda _m: None)  # type: ignore[misc]  # i=i: each job its own number
    assert jobs.busy() and len(jobs.threads) == 3  # asked for: the busy bar shows…
    assert not any(t.isRunning() or t.isFinished() for t in jobs.threads)  # …but none has started
    jobs.release()
    qtbot.waitUntil(lambda: len(done) == 3 and not jobs.threads, timeout=LOAD_TIMEOUT_MS)
    assert sorted(int(str(d)) for d in done) == [0, 1, 2] and not jobs.busy()
    jobs.hold()
    jobs.run(lambda: done.append(99), lambda _r: None, lambda _m: None)
    jobs.close()  # the window closes while the job waits: it never runs
    jobs.release()
    assert not jobs.threads and 99 not in done


def test_a_gpu_chosen_last_time_is_judged_once_torch_lists_the_devices(qtbot: Any, settings: QSettings) -> None:
    settings.setValue("lessonsOpen", False)
    settings.setValue("setup", json.dumps({"dataset": "shapes", "model": "shape-cnn", "device": "cuda:7"}))
    w = deferred_window(qtbot, settings)
    assert w.setup.device_name() == "cuda:7"  # kept while the CPU is all the picker can offer yet
    with qtbot.waitSignal(w.partsReady, timeout=LOAD_TIMEOUT_MS):
        w.load_parts()
    assert w.setup.device_name() == "cpu" and w.setup.device.currentData() == "cpu"  # no eighth GPU here
    assert "The device cuda:7 used last time is not available; training on the CPU." in w.status_text()
    w.close()
    assert w.wait_for_threads()


def test_a_part_that_cannot_be_made_says_so_instead_of_loading_forever(qtbot: Any) -> None:
    made: list[str] = []

    def broken() -> None:
        raise RuntimeError("no screen for it")

    loader = PartsLoader([("curves", broken), ("tabs", lambda: made.append("tabs"))])
    with qtbot.waitSignal(loader.failed, timeout=LOAD_TIMEOUT_MS) as blocker:
        loader.start()
    assert blocker.args == ["The window could not make its curves (RuntimeError: no screen for it); restart cnnlab, "
                            "and report it if it happens again."]
    assert made == [] and not loader.is_ready  # no part after the broken one
    loader.stop()
