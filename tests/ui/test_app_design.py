"""The Design tab in the window: its menu entry and shortcut, the setup stepping aside for it, a design trained
through the same Start on the generated shapes (adapted to the dataset first, when the student agrees), and
the run opened again in the designer from the Runs tab without the design file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from app_testing import ALL_PANELS, LOAD_TIMEOUT_MS, RUN_TIMEOUT_MS, configure, make_window
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu

import ui.setup.background_views as background_views
from cnnlab.design.files import load_design
from cnnlab.design.spec import Design, Layer, numbered
from cnnlab.engine.checkpoint import load_checkpoint
from cnnlab.engine.estimate import EpochEstimate, batches_per_epoch
from ui.design.install import DESIGN_KEYS
from ui.design.tree_model import COLUMNS
from ui.main_window import MainWindow
from ui.start_check import CANCEL, LongRun

TINY = Design("tiny", (1, 28, 28), 10, numbered((
    Layer("conv", out=4, kernel=3, padding=1), Layer("relu"), Layer("maxpool", kernel=4), Layer("flatten"),
    Layer("linear", out=10))))  # 10 classes: shapes has 5, so Train asks to adapt it
ONE_EPOCH = {"epochs": "1", "train_limit": "128", "batch_size": "16"}  # 8 batches: the run is the point, not its score


def settled(qtbot: Any, window: MainWindow) -> None:
    view = window.design.view
    qtbot.waitUntil(lambda: view.result is not None and view.result.design is view.design and not view.runner.busy(),
                    timeout=RUN_TIMEOUT_MS)


def use_shapes(qtbot: Any, window: MainWindow) -> None:
    window.setup.set_dataset("shapes")
    def loaded() -> bool:
        data = window.setup.loaded()
        return data is not None and data[1].info.name == "shapes"

    qtbot.waitUntil(loaded, timeout=LOAD_TIMEOUT_MS)


def test_view_design_shows_the_tab_and_the_setup_steps_aside(window: MainWindow, qtbot: Any) -> None:
    tab = window.design
    menu = window.menuBar().findChild(QMenu, "viewMenu")
    assert isinstance(menu, QMenu) and tab.show_action in menu.actions()
    assert tab.show_action.shortcut() == QKeySequence(DESIGN_KEYS)
    left = window.splitter.widget(0)
    assert left is not None and left.isVisible()
    tab.show_action.trigger()
    assert window.tabs.currentWidget() is tab.view and not left.isVisible()
    settled(qtbot, window)
    assert window.width() == 1280 and tab.view.table.horizontalScrollBar().maximum() == 0  # every column in view
    window.tabs.setCurrentWidget(window.curves)
    assert left.isVisible()


def test_the_first_design_takes_the_setup_s_images_and_classes(window: MainWindow, qtbot: Any) -> None:
    use_shapes(qtbot, window)
    window.tabs.setCurrentWidget(window.design.view)
    design = window.design.view.design
    assert (design.input, design.classes, design.layers[-1].out) == ((1, 28, 28), 5, 5)


def test_a_design_trains_through_start_and_reopens_from_its_run(window: MainWindow, qtbot: Any, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CNNLAB_RUNS", str(tmp_path / "runs"))  # this test's runs only: the design's name is data
    use_shapes(qtbot, window)
    tab = window.design
    tab.view.open_design(TINY)
    window.tabs.setCurrentWidget(tab.view)
    asked: list[str] = []

    def agree(sentence: str) -> bool:
        asked.append(sentence)
        return True

    tab.trainer.ask_adapt = agree
    configure(window, **ONE_EPOCH)  # typed before Train: the run keeps them, not the recipe's 10 epochs
    with qtbot.waitSignal(window.runFinished, timeout=RUN_TIMEOUT_MS) as finished:
        assert tab.trainer.train(), window.status_text()
        assert window.is_running()  # the button trains: no second Start to press
    assert asked == ["The design tiny has 10 classes but shapes has 5; set classes: 5 and out: 5 on its last linear "
                     "layer."]
    design = tab.view.design
    assert design.classes == 5 and design.layers[-1].out == 5 and tab.view.undo.count() == 1  # one step: Undo
    path = tab.view.file
    assert path is not None and load_design(path) == design and not tab.view.modified()
    assert window.setup.model_name() == str(path) and window.setup.model.currentData() == str(path)
    assert window.tabs.currentWidget() is window.curves
    assert {name: window.setup.hyper.text(name) for name in ONE_EPOCH} == ONE_EPOCH

    end = finished.args[0]
    assert end.status == "completed" and end.run_dir, end
    run_dir = Path(end.run_dir)
    config = json.loads((run_dir / "config.json").read_text(encoding="utf-8"))
    assert (config["model"], config["epochs"], config["train_limit"], config["batch_size"]) == (str(path), 1, 128, 16)
    qtbot.waitUntil(lambda: not window.is_running(), timeout=RUN_TIMEOUT_MS)
    loaded = load_checkpoint(run_dir / "checkpoint.pt")
    assert loaded.meta.model == "design" and loaded.meta.model_options["design"] == design.to_dict()
    assert sum(p.numel() for p in loaded.model.parameters()) == 4 * 9 + 4 + 4 * 7 * 7 * 5 + 5

    path.unlink()  # the run keeps its own copy
    tab.view.open_design(TINY)
    runs = window.runs_view
    window.tabs.setCurrentWidget(runs)
    qtbot.waitUntil(lambda: any(r.path == run_dir for r in runs.model.rows), timeout=RUN_TIMEOUT_MS)
    runs.select_folders({run_dir.name})
    assert tab.open_run_action in runs.table.actions() and tab.open_run_action.isEnabled()
    tab.open_run_action.trigger()
    qtbot.waitUntil(lambda: window.tabs.currentWidget() is tab.view and tab.view.design.name == "tiny"
                    and tab.view.design.classes == 5, timeout=RUN_TIMEOUT_MS)
    assert tab.view.design == design and tab.view.file is None
    settled(qtbot, window)
    assert tab.view.result is not None and tab.view.result.xray is not None


def test_a_design_that_does_not_fit_is_refused_unless_adapted(window: MainWindow, qtbot: Any) -> None:
    use_shapes(qtbot, window)
    tab = window.design
    tab.view.open_design(TINY)
    model_before = window.setup.model_name()
    tab.trainer.ask_adapt = lambda _sentence: False
    assert not tab.trainer.train()
    assert "has 10 classes but shapes has 5" in window.status_text()
    assert window.setup.model_name() == model_before and tab.view.design.classes == 10


def test_a_design_that_cannot_work_is_refused_with_its_sentence(window: MainWindow, qtbot: Any) -> None:
    tab = window.design
    bad = Design("bad", (1, 8, 8), 5, numbered((Layer("conv", out=4, kernel=9), Layer("flatten"),
                                                 Layer("linear", out=5))))
    tab.view.open_design(bad)
    model_before = window.setup.model_name()
    assert not tab.trainer.train()
    assert window.status_text() == ("row 1: kernel 9 on a 8×8 input; use a kernel of at most 8, pad the input, or "
                                    "remove a pooling before it.")
    assert window.setup.model_name() == model_before


def test_a_long_design_run_asks_first_like_start(window: MainWindow, qtbot: Any,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    def slow(cfg: Any, shape: Any, classes: int, images: int) -> EpochEstimate:  # 20 s a batch: a slow CPU
        return EpochEstimate(20.0, batches_per_epoch(images, cfg.batch_size), "cpu")

    monkeypatch.setattr(background_views, "estimate_epoch", slow)
    use_shapes(qtbot, window)
    tab = window.design
    tab.view.open_design(TINY)
    tab.trainer.ask_adapt = lambda _sentence: True
    asked: list[LongRun] = []

    def cancel(question: LongRun) -> str:
        asked.append(question)
        return CANCEL

    window.start_check.answer = cancel
    configure(window, epochs="3")
    with qtbot.assertNotEmitted(window.runStarted):
        assert not tab.trainer.train()
    assert len(asked) == 1 and asked[0].estimate.epochs == 3 and not window.is_running()
    assert window.status_text().startswith("Not started: the run would take about ")
    assert window.setup.model_name() == str(tab.view.file)  # the design stays in the setup for a later Start
    assert window.setup.hyper.text("epochs") == "3"


def test_a_design_error_leaves_the_status_line_once_the_design_works_again(window: MainWindow, qtbot: Any,
                                                                           tmp_path: Path) -> None:
    tab = window.design
    view = tab.view
    good = TINY
    view.open_design(good)
    settled(qtbot, window)
    view.model.setData(view.model.index_of((0,), COLUMNS.index("kernel")), 40)  # 40×40 on a 28×28 input
    settled(qtbot, window)
    assert view.result is not None and view.result.error
    assert not tab.trainer.train()
    broken = window.status_text()
    assert broken.startswith("row 1: kernel 40 on a 28×28 input") and window.model.status.error
    view.undo.undo()
    settled(qtbot, window)
    assert view.design == good and window.status_text() == ""  # the sentence was about the design undone

    bad_file = tmp_path / "broken.yaml"
    bad_file.write_text("name: [unclosed\n", encoding="utf-8")
    assert not tab.actions.open_file(bad_file)
    assert window.status_text().startswith("The design file") and view.design == good  # said, the good one shown
    view.model.setData(view.model.index_of((0,), COLUMNS.index("out")), 6)  # the student goes on editing
    settled(qtbot, window)
    assert window.status_text() == ""

    assert not tab.actions.open_file(bad_file)
    window.show_status("A sentence of the window's own.", error=True)  # said since: not the designer's to take
    view.model.setData(view.model.index_of((0,), COLUMNS.index("out")), 5)
    settled(qtbot, window)
    assert window.status_text() == "A sentence of the window's own."

    assert not tab.actions.open_file(bad_file)
    tab.actions.new()  # another design shown: the failed open is history
    assert window.status_text() == ""


def test_ctrl_z_in_the_design_tab_undoes_the_last_edit(qtbot: Any, settings: QSettings) -> None:
    window = make_window(qtbot, settings, panels=ALL_PANELS)  # the Lab's drawing has Ctrl+Z too
    view = window.design.view
    window.design.show_action.trigger()
    settled(qtbot, window)
    before = view.design
    view.model.setData(view.model.index_of((0,), COLUMNS.index("out")), 12)
    assert view.design.layers[0].out == 12
    view.table.setFocus()
    qtbot.waitUntil(view.table.hasFocus)
    qtbot.keyClick(view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert view.design == before
    window.close()
    assert window.wait_for_threads(RUN_TIMEOUT_MS)
