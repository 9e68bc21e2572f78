"""Run ▸ Continue, File ▸ Export report / Export model and the epoch slider in the window."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cnnlab.engine import TrainConfig
from cnnlab.launch import RunPlan, train
from cnnlab.runs import load_run


@pytest.fixture
def stopped_run(tmp_path: Path) -> Path:
    """Two epochs of a planned four, stopped by its callback, trained headless on one thread."""
    from cnnlab.engine import Callback

    class StopAfterTwo(Callback):
        def on_epoch_end(self, event) -> None:
            if event.epoch == 2:
                self.request_stop("two are enough for now")

    run_dir = tmp_path / "stopped"
    run_dir.mkdir()
    config = TrainConfig(dataset="shapes", epochs=4, train_limit=160, batch_size=32, threads=1, schedule="none")
    train(RunPlan(config, run_dir), [StopAfterTwo()])
    return run_dir


def test_the_menus_hold_continue_and_the_exports(window) -> None:
    texts = [a.text() for top in window.menuBar().actions() if top.menu() for a in top.menu().actions()]
    assert "&Continue training…" in texts and "Export &report…" in texts and "Export &model (ONNX)…" in texts
    assert not window.run_tools.continue_action.isEnabled()  # no run yet


def test_continue_trains_the_opened_run_on_in_its_folder(window, qtbot, stopped_run: Path) -> None:
    window.open_run(stopped_run)
    assert window.run_tools.current == stopped_run and window.run_tools.continue_action.isEnabled()
    with qtbot.waitSignal(window.runFinished, timeout=120_000) as ended:
        assert window.run_tools.continue_to(stopped_run, 3)
    end = ended.args[0]
    assert (end.status, end.epochs_done, end.run_dir) == ("completed", 3, str(stopped_run))
    record = load_run(stopped_run)
    assert [m["epoch"] for m in record.metrics] == [1, 2, 3] and record.config["epochs"] == 3
    series = window.curves.series(str(stopped_run))
    assert series is not None and series.epoch == [1.0, 2.0, 3.0]  # the curves go on from the earlier epochs
    qtbot.waitUntil(lambda: not window.is_running(), timeout=30_000)


def test_continuing_to_no_more_epochs_is_a_status_sentence(window, stopped_run: Path) -> None:
    window.open_run(stopped_run)
    assert not window.run_tools.continue_to(stopped_run, 2)
    assert "--epochs is the new total, so give more than 2" in window.status_text()


def test_export_report_and_model_write_their_files(window, qtbot, stopped_run: Path, tmp_path: Path) -> None:
    window.open_run(stopped_run)
    out = tmp_path / "report.html"
    window.run_tools.export_report(out)
    qtbot.waitUntil(lambda: "Report saved" in window.status_text(), timeout=120_000)
    text = out.read_text(encoding="utf-8")
    assert "Training report" in text and text.count("data:image/png;base64,") >= 3
    results = json.loads((stopped_run / "results.json").read_text())
    assert results["status"] == "stopped"
    model = tmp_path / "model.onnx"
    window.run_tools.export_model(model)
    qtbot.waitUntil(lambda: "Model saved" in window.status_text(), timeout=120_000)
    assert model.is_file() and model.stat().st_size > 10_000


def test_the_epoch_slider_gives_the_tabs_the_weights_after_that_epoch(qtbot, settings, stopped_run: Path) -> None:
    import torch
    from app_testing import RecordingPanel, make_window

    panel = RecordingPanel()
    window = make_window(qtbot, settings, panels=[("Recorder", lambda: panel)])
    window.open_run(stopped_run)
    slider = window.epoch_slider
    qtbot.waitUntil(lambda: slider.isVisibleTo(window))  # the tool bar shows it as its layout updates
    assert slider.epochs == [1, 2] and slider.epoch == 2
    assert "After epoch 2 of 2" in slider.label.text() and "8 MB" in slider.toolTip()
    qtbot.waitUntil(lambda: bool(panel.subjects), timeout=60_000)  # the opened run's checkpoint first
    slider.select(1)
    qtbot.waitUntil(lambda: panel.subjects[-1] is not None and panel.subjects[-1].epoch == 1, timeout=60_000)
    saved = torch.load(stopped_run / "epochs" / "epoch_001.pt", weights_only=True)["state_dict"]
    got = panel.subjects[-1].model.state_dict()
    assert all(torch.equal(saved[k], got[k]) for k in saved)
    assert "After epoch 1 of 2" in slider.label.text()
    assert (window.model.runs.current, window.model.runs.epoch) == (str(stopped_run), 1)  # and the app model knows
    window.close()


def test_the_app_model_names_the_epoch_and_the_slider_and_tabs_follow(qtbot, settings, stopped_run: Path) -> None:
    """What a lesson does: it sets the run and epoch in the app model, never touching the slider."""
    import torch
    from app_testing import RecordingPanel, make_window

    panel = RecordingPanel()
    window = make_window(qtbot, settings, panels=[("Recorder", lambda: panel)])
    window.open_run(stopped_run)
    assert (window.model.runs.current, window.model.runs.epoch) == (str(stopped_run), None)  # as saved
    qtbot.waitUntil(lambda: bool(panel.subjects), timeout=60_000)
    window.model.runs.set_current(str(stopped_run), 1)
    qtbot.waitUntil(lambda: panel.subjects[-1] is not None and panel.subjects[-1].epoch == 1, timeout=60_000)
    saved = torch.load(stopped_run / "epochs" / "epoch_001.pt", weights_only=True)["state_dict"]
    got = panel.subjects[-1].model.state_dict()
    assert all(torch.equal(saved[k], got[k]) for k in saved)
    slider = window.epoch_slider
    assert slider.epoch == 1 and "After epoch 1 of 2" in slider.label.text()
    loads = len(panel.subjects)
    window.model.runs.set_current(str(stopped_run), 1)  # the same epoch again: nothing reloads
    window.model.runs.set_current(str(stopped_run), 7)  # an epoch the run did not keep: nothing changes
    assert len(panel.subjects) == loads and slider.epoch == 1
    window.close()


def test_one_inspected_image_in_the_app_model_and_every_tab_with_an_image(qtbot, settings, stopped_run: Path) -> None:
    """A click in one tab or a lesson setting the model: the tabs with an image of their own all look at it."""
    from app_testing import ALL_PANELS, make_window

    from ui.panels.feature_maps import FeatureMapsPanel
    from ui.panels.gradcam import GradCamPanel
    from ui.panels.misclassified import MisclassifiedPanel

    window = make_window(qtbot, settings, panels=ALL_PANELS)
    window.open_run(stopped_run)
    qtbot.waitUntil(lambda: window.feed.subject is not None, timeout=60_000)
    maps = next(p for p in window.panels if isinstance(p, FeatureMapsPanel))
    cam = next(p for p in window.panels if isinstance(p, GradCamPanel))
    wrong = next(p for p in window.panels if isinstance(p, MisclassifiedPanel))
    window.model.inspect(image=5)  # as a lesson would
    assert wrong.detail.index == 5
    window.tabs.setCurrentWidget(maps)  # drawn when shown: the number asked for before waits for it
    assert maps.chooser.spin.value() == 5
    window.tabs.setCurrentWidget(cam)
    assert cam.chooser.spin.value() == 5
    cam.chooser.spin.setValue(9)  # the student picks another image in Grad-CAM …
    assert window.model.inspected.image == 9  # … the app model knows …
    assert wrong.detail.index == 9 and maps.chooser.spin.value() == 9  # … and so do the others
    window.close()
