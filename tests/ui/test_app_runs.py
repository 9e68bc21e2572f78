"""Run folders in the window: opening one, the recent-runs menu, exporting curves, the worker's signals."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_testing import RecordingPanel, make_window

from cnnlab.engine import TrainConfig
from cnnlab.inspection import Subject
from cnnlab.launch import RunPlan, train
from cnnlab.runs.store import new_run_dir


@pytest.fixture(scope="module")
def finished_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A run trained headless, as ``cnnlab train`` does, into the session's runs folder."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CNNLAB_DATA", str(tmp_path_factory.getbasetemp() / "cnnlab-data"))  # as tests/conftest.py
        mp.delenv("CNNLAB_RUNS", raising=False)
        run_dir = new_run_dir("shapes", "dnn")
        config = TrainConfig(dataset="shapes", model="dnn", epochs=3, train_limit=256, batch_size=32)
        train(RunPlan(config, run_dir))
    return run_dir


def test_opening_a_run_folder_shows_its_curves_and_results(window, finished_run: Path) -> None:
    record = window.open_run(finished_run)
    assert record is not None and len(record.metrics) == 3
    curves = window.curves
    drawn = curves.plotted(str(finished_run))
    assert list(drawn["val_loss"][0]) == [m["step"] for m in record.metrics]  # epoch resolution, at iterations
    assert list(drawn["train_acc"][1]) == pytest.approx([100 * m["train_acc"] for m in record.metrics])
    curves.set_x_mode("epochs")
    assert list(curves.plotted(str(finished_run))["val_acc"][0]) == [1, 2, 3]
    assert curves.run_list.count() == 1 and "test" in curves.run_list.item(0).text()
    assert "Test accuracy" in curves.details.text()
    assert f"{100 * record.results['test_acc']:.2f}%" in curves.details.text()
    assert "Opened dnn on shapes" in window.status_text()


def test_opening_a_folder_that_is_no_run_is_one_sentence(window, tmp_path: Path) -> None:
    assert window.open_run(tmp_path) is None
    assert window.last_error == f"{tmp_path} is not a cnnlab run folder (it has no config.json)."
    assert window.curves.run_list.count() == 0


def test_opened_run_gives_the_panels_its_checkpoint(qtbot, settings, finished_run: Path) -> None:
    panel = RecordingPanel()
    w = make_window(qtbot, settings, panels=[("Recorder", lambda: panel)])
    w.open_run(finished_run)
    qtbot.waitUntil(lambda: bool(panel.subjects), timeout=60_000)
    subject = panel.subjects[-1]
    assert isinstance(subject, Subject) and subject.epoch == 3 and subject.meta.model == "dnn"
    w.close()


def test_a_run_whose_checkpoint_is_damaged_leaves_no_other_run_in_the_tabs(qtbot, settings, finished_run: Path,
                                                                           tmp_path: Path) -> None:
    import shutil

    panel = RecordingPanel()
    w = make_window(qtbot, settings, panels=[("Recorder", lambda: panel)])
    w.open_run(finished_run)
    qtbot.waitUntil(lambda: bool(panel.subjects) and panel.subjects[-1] is not None, timeout=60_000)
    damaged = tmp_path / "damaged"
    shutil.copytree(finished_run, damaged)
    (damaged / "checkpoint.pt").write_bytes(b"not a checkpoint")
    w.open_run(damaged)
    qtbot.waitUntil(lambda: "the inspection tabs cannot use it" in w.status_text(), timeout=60_000)
    assert panel.subjects[-1] is None and w.feed.subject is None  # not the first run's model, unlabelled
    w.close()


def test_recent_runs_menu_lists_and_opens_runs(window, finished_run: Path) -> None:
    window.recent_menu.aboutToShow.emit()
    actions = [a for a in window.recent_menu.actions() if a.toolTip() == str(finished_run)]
    assert actions, [a.text() for a in window.recent_menu.actions()]
    actions[0].trigger()
    series = window.curves.series(str(finished_run))
    assert series is not None and series.epoch == [1.0, 2.0, 3.0]  # the run's three epochs, from its folder
    current = window.curves.run_list.currentItem()
    assert current is not None and current.toolTip() == str(finished_run)  # picked in the run list
    assert series.visible and window.model.runs.newest == str(finished_run)


def test_export_curves_as_png(window, finished_run: Path, tmp_path: Path) -> None:
    window.open_run(finished_run)
    out = window.export_curves(tmp_path / "curves.png")
    assert out is not None and out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Curves saved" in window.status_text()
    assert window.export_curves(tmp_path / "no-such-folder" / "curves.png") is None
    assert window.last_error.startswith("Cannot write") and window.last_error.endswith(".")


def test_main_opens_a_run_named_on_the_command_line(qtbot, finished_run: Path, tmp_path: Path, monkeypatch) -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    import ui.app
    from ui.main_window import MainWindow

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    monkeypatch.setattr(ui.app, "ORGANIZATION", "cnnlab-test")
    assert ui.app.main(["--run", str(finished_run), "--quit-after", "0"]) == 0  # as `cnnlab gui --run` calls it
    opened = [w for w in QApplication.topLevelWidgets()
              if isinstance(w, MainWindow) and w.curves.series(str(finished_run)) is not None]
    assert len(opened) == 1
    opened[0].deleteLater()


def test_errors_also_open_a_dialog_when_asked(window, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QMessageBox

    window.error_dialogs = True  # the app's default; the other tests keep failures in the status line
    window.open_run(tmp_path)
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert len(boxes) == 1 and boxes[0].text() == window.last_error
    assert "Traceback" not in boxes[0].text() and boxes[0].text().endswith(".")
    boxes[0].accept()
