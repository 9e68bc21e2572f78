"""Defects a new user saw, each pinned by behaviour: layout at 1280×800, the curves' overlay and
x axis, Grad-CAM's layer and note, stale status text, Open run's setup and the window title."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from app_testing import ALL_PANELS, LONG_RUN, RUN_TIMEOUT_MS, configure, make_window, start_run
from PySide6.QtWidgets import QApplication

from cnnlab.datasets import load_dataset
from cnnlab.engine import CheckpointMeta, TrainConfig
from cnnlab.inspection import Subject
from cnnlab.launch import RunPlan, train
from cnnlab.models import build_model
from cnnlab.runs.store import new_run_dir
from ui.curves import CurvesView
from ui.main_window import MainWindow
from ui.panels import GradCamPanel, MisclassifiedPanel
from ui.panels.base import InspectionPanel


def shapes_subject() -> Subject:
    torch.manual_seed(0)
    splits = load_dataset("shapes")
    net = build_model("shape-cnn", in_channels=1, image_size=28, num_classes=5).eval()  # untrained: many wrong
    return Subject(model=net, meta=CheckpointMeta.for_dataset("shape-cnn", splits.info), test=splits.test, epoch=1)


def test_every_tab_fits_1280_by_800_without_widening_the_window(qtbot, settings) -> None:
    w = make_window(qtbot, settings, panels=ALL_PANELS)
    w.set_subject(shapes_subject())
    for i in range(w.tabs.count()):
        w.tabs.setCurrentIndex(i)
        page = w.tabs.widget(i)
        if isinstance(page, InspectionPanel):
            qtbot.waitUntil(lambda p=page: p.draws > 0, timeout=RUN_TIMEOUT_MS)
        qtbot.waitUntil(lambda: w.tabs.minimumSizeHint().width() <= w.tabs.width())
        assert w.width() == 1280, w.tabs.tabText(i)
        if isinstance(page, MisclassifiedPanel):  # the last column is in view, once laid out
            qtbot.waitUntil(lambda p=page: p.grid.pixmap().width() <= p.grid_area.viewport().width())
        if isinstance(page, GradCamPanel):  # the third picture and its caption too, at a readable size
            qtbot.waitUntil(lambda p=page: p.view.pixmap().width() <= p.left_area.viewport().width())
            assert page.classes_view.pixmap().width() <= page.left_area.viewport().width()
            assert page.big_side() > 110
    w.setup.tabs.setCurrentIndex(1)  # the Model tab
    table = w.setup.model_view.table
    qtbot.waitUntil(lambda: table.rowCount() > 0, timeout=RUN_TIMEOUT_MS)
    qtbot.waitUntil(lambda: table.horizontalScrollBar().maximum() == 0)
    for column in (5, 6):  # Output, Params
        assert not table.isColumnHidden(column)
        x = table.columnViewportPosition(column)
        assert 0 <= x and x + table.columnWidth(column) <= table.viewport().width()
    assert w.width() == 1280


def series_config(batch: int) -> dict:
    return {"dataset": "shapes", "model": "shape-cnn", "batch_size": batch, "epochs": 2}


def fill(view: CurvesView, key: str, batches: int) -> None:
    for epoch in (1, 2):
        view.series(key).add_epoch({"epoch": epoch, "step": epoch * batches, "val_acc": 0.5})  # type: ignore[union-attr]  # the series exists: the test made it
    view.flush()


def test_a_new_run_is_overlaid_only_with_ticked_runs_and_on_epochs_when_batches_differ(qtbot) -> None:
    view = CurvesView()
    qtbot.addWidget(view)
    assert view.acc_plot.viewRange()[1][1] >= 99  # empty accuracy axis reads 0–100 %, not 0–1
    view.begin_run("old", series_config(8))
    fill(view, "old", 700)
    view.begin_run("older-ticked", series_config(8))
    view.set_visible("older-ticked", True)  # the student ticks it: it stays
    assert view.x_mode() == "iterations"  # one batch size overlaid
    view.begin_run("new", series_config(128))
    assert not view.series("old").visible  # type: ignore[union-attr]  # the series exists: the test made it
    assert view.series("older-ticked").visible and view.series("new").visible  # type: ignore[union-attr]  # the series exists: the test made it
    assert view.is_newest("new")
    items = view._items
    assert items["new"]["val_acc"].zValue() > items["older-ticked"]["val_acc"].zValue()
    assert items["new"]["val_acc"].opts["pen"].widthF() > items["older-ticked"]["val_acc"].opts["pen"].widthF()
    assert view.x_mode() == "epochs" and view.x_choice() == "auto"  # batch sizes 8 and 128: epochs align them
    view.set_x_mode("iterations")
    assert view.x_mode() == "iterations"


def test_grad_cam_offers_the_rule_s_layer_and_explains_misleading_maps(qtbot) -> None:
    from cnnlab.inspection import default_cam_layer

    panel = GradCamPanel()
    qtbot.addWidget(panel)
    panel.resize(840, 700)
    panel.show()
    subject = shapes_subject()
    panel.set_subject(subject)
    qtbot.waitUntil(lambda: panel.draws == 1)
    assert panel.layer_box.currentText() == default_cam_layer(subject.model, (1, 28, 28)) == "conv2"
    assert "ReLU" in panel.note.text() and "12×12" in panel.note.text()
    panel.layer_box.setCurrentText("conv1")
    assert "conv2 (12×12 maps) is offered first" in panel.note.text()


@pytest.fixture(scope="module")
def other_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CNNLAB_DATA", str(tmp_path_factory.getbasetemp() / "cnnlab-data"))
        mp.delenv("CNNLAB_RUNS", raising=False)
        run_dir = new_run_dir("shapes", "dnn")
        config = TrainConfig(dataset="shapes", model="dnn", epochs=1, train_limit=128, batch_size=16, lr=0.01)
        train(RunPlan(config, run_dir))
    return run_dir


def test_open_run_shows_its_dataset_model_and_fields_in_the_setup(window: MainWindow, other_run: Path,
                                                                  qtbot) -> None:
    window.setup.set_model("shape-cnn")
    configure(window, batch_size="64", lr="0.003")
    assert window.open_run(other_run) is not None
    assert window.setup.dataset_name() == "shapes" and window.setup.model_name() == "dnn"
    assert window.setup.hyper.text("batch_size") == "16" and window.setup.hyper.text("lr") == "0.01"
    assert window.setup.hyper.text("train_limit") == "128"
    assert window.setup.config().model == "dnn"
    assert "Opened" in window.status_text()


def test_the_title_names_the_app_once(qtbot, settings) -> None:
    from ui.app import make_application

    app = make_application()
    w = make_window(qtbot, settings)
    title = w.windowTitle()
    shown = title if title.endswith(app.applicationDisplayName()) else f"{title} — {app.applicationDisplayName()}"
    assert shown.count("cnnlab") == 1 and shown == "convolutional networks lab — cnnlab"


def test_loading_message_goes_when_the_samples_show(window: MainWindow, qtbot) -> None:
    window.setup.set_dataset("colors")
    qtbot.waitUntil(lambda: window.setup.loaded() is not None, timeout=RUN_TIMEOUT_MS)
    assert not window.status_text().startswith("Loading")


def test_status_after_resume_pause_and_stop_is_current(window: MainWindow, qtbot) -> None:
    configure(window, **LONG_RUN)
    start_run(qtbot, window)
    key = window.runs.run_key
    assert key is not None
    training = window.status_text()
    qtbot.waitUntil(lambda: window.progress.value() > 0, timeout=RUN_TIMEOUT_MS)
    window.toggle_pause()
    qtbot.waitUntil(lambda: window.runs.paused())
    item = window.curves._item_of(key)
    assert item is not None and "paused" in item.text() and "training" not in item.text()
    window.toggle_pause()
    assert window.status_text() == "Training resumed."
    qtbot.waitUntil(lambda: window.status_text() == training, timeout=RUN_TIMEOUT_MS)  # not for the rest of the run
    assert "training…" in item.text()
    with qtbot.waitSignal(window.runFinished, timeout=RUN_TIMEOUT_MS):
        window.stop()
        assert "left" not in window.run_progress.line.text()
    qtbot.waitUntil(lambda: not window.is_running(), timeout=RUN_TIMEOUT_MS)
    assert "left" not in window.run_progress.line.text()


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_every_tab_title_shows_at_1280_beside_the_epoch_slider(qtbot, settings, tmp_path: Path, lang: str) -> None:
    from ui import i18n

    app = QApplication.instance()
    assert app is not None
    assert i18n.install(app, lang) == lang or lang != "zh_CN" or not i18n.qm_path(lang).exists()
    try:
        w = make_window(qtbot, settings, panels=ALL_PANELS)
        (tmp_path / "epochs").mkdir()
        for epoch in (1, 2, 3):  # what a 3-epoch run of a chapter network keeps
            (tmp_path / "epochs" / f"epoch_{epoch:03d}.pt").write_bytes(b"")
        w.epoch_slider.show_run(tmp_path)
        bar = w.tabs.tabBar()
        slider = w.epoch_slider
        qtbot.waitUntil(lambda: slider.isVisibleTo(w) and slider.width() >= slider.sizeHint().width())  # laid out
        assert slider.epochs == [1, 2, 3] and slider.slider.isVisibleTo(w)
        assert bar.sizeHint().width() <= bar.width()  # no scroll arrows: every title in view
        last = bar.tabRect(bar.count() - 1)
        assert last.right() <= bar.width(), bar.tabText(bar.count() - 1)
        toolbar = w.toolbar
        assert toolbar.minimumSizeHint().width() <= w.width()
        assert w.width() == 1280
    finally:
        i18n.install(app, "en")
