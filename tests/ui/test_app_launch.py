"""`cnnlab gui` reaches the desktop app through the `cnnlab.frontends` entry point."""

from __future__ import annotations

import ui.app
from cnnlab.cli import _load_frontend


def test_gui_command_finds_the_desktop_app_through_its_entry_point() -> None:
    assert _load_frontend("gui") is ui.app.main


def test_the_app_warms_the_training_process_and_ends_it_on_exit(qtbot, tmp_path, monkeypatch) -> None:
    from PySide6.QtCore import QSettings

    from cnnlab.launch.process import TrainingProcess
    from ui.worker import shared_pool

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    monkeypatch.setattr(ui.app, "ORGANIZATION", "cnnlab-test")
    monkeypatch.setattr(ui.app, "WARM_DELAY_MS", 0)
    pool = shared_pool()
    pool.close()
    started: list[TrainingProcess] = []
    original = pool.warm

    def warm_and_record() -> None:
        original()
        started.extend(pool._idle)

    monkeypatch.setattr(pool, "warm", warm_and_record)
    assert ui.app.main(["--quit-after", "0"]) == 0
    assert len(started) == 1, "the app starts one training process ahead of the first run"
    assert not started[0].alive and not pool._idle, "and ends it when it quits"


def test_the_app_reports_its_first_paint_and_its_parts_then_closes(qtbot, tmp_path, monkeypatch) -> None:
    """The launch benchmark's probe: ``--report-first-paint FILE`` (hidden)."""
    import json
    import time

    from PySide6.QtCore import QSettings

    from ui.worker import shared_pool

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    monkeypatch.setattr(ui.app, "ORGANIZATION", "cnnlab-test")
    monkeypatch.setattr(shared_pool(), "warm", lambda: None)  # no training process: the app closes at once
    report = tmp_path / "launch.json"
    began = time.time()
    assert ui.app.main(["--report-first-paint", str(report)]) == 0  # returns: the window closed itself
    times = json.loads(report.read_text(encoding="utf-8"))
    assert began < times["painted"] <= times["ready"] <= time.time()
    assert list(times["steps"]) == [  # every part, in the order made
        "engine", "curves", "inspection tabs", "runs", "runs tab", "fix and rerun", "epoch slider", "lessons",
        "run tools", "design", "sweeps", "getting started"]
    assert all(seconds >= 0 for seconds in times["steps"].values())


def test_the_app_icon_loads_from_the_shipped_assets(qtbot) -> None:
    from cnnlab.paths import asset
    from ui.main_window import app_icon

    assert asset("cnnlab.svg").read_bytes().lstrip().startswith(b"<")  # an SVG document
    icon = app_icon()
    assert not icon.isNull() and not icon.pixmap(64, 64).toImage().isNull()
