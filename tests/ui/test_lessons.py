"""The Lessons pane: each step, driven from its own button, lands on the tab holding the chapter's
figure with the book's number beside ours; a saved run opens without training; steps whose data
is missing say so in one sentence. Runs are tiny (one epoch on 128 images) and go to a runs folder
of the test's own."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from app_testing import ALL_PANELS, RUN_TIMEOUT_MS, make_window, results_of
from PySide6.QtCore import QPoint, Qt

from cnnlab.chapter import get_step, steps_of
from cnnlab.chapter.runs import step_config, train_step
from ui.curves import CurvesView
from ui.main_window import MainWindow
from ui.panels import FeatureMapsPanel, KernelRolesPanel, KernelsPanel, MisclassifiedPanel

QUICK: dict[str, Any] = {"epochs": 1, "train_limit": 128}  # a second or two per step on a CPU
# The tab each step's figure is in, written out by hand from the chapter: (step, tab class, book text)
FIGURES_18_2 = [
    ("colors-dnn", MisclassifiedPanel, "Book 81.6%"),
    ("colors-cnn", CurvesView, "Book 96.3%"),
    ("colors-1x1", FeatureMapsPanel, "Book 96.3%"),
    ("shapes-dnn", MisclassifiedPanel, "Book 89.8%"),
    ("shapes-cnn", CurvesView, "Book 96%"),
    ("shapes-roles", KernelRolesPanel, "Book 96%"),
    ("color-shapes-dnn", MisclassifiedPanel, "Book 89%"),
    ("color-shapes-cnn", MisclassifiedPanel, "Book 97%"),
]


@pytest.fixture
def runs_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "runs"
    monkeypatch.setenv("CNNLAB_RUNS", str(folder))  # this test's runs only: no other test's run is "saved"
    return folder


@pytest.fixture
def lessons_window(qtbot: Any, settings: Any, runs_folder: Path) -> Any:
    w = make_window(qtbot, settings, panels=ALL_PANELS)
    w.lessons.pane.driver.overrides = dict(QUICK)
    yield w
    w.close()
    assert w.wait_for_threads(RUN_TIMEOUT_MS)


def click(qtbot: Any, widget: Any, at: QPoint | None = None) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=at if at is not None else widget.rect().center())


def open_section(qtbot: Any, window: MainWindow, number: str) -> None:
    """Two clicks: the tool bar's Lessons button, then the section's tab."""
    click(qtbot, window.toolbar.widgetForAction(window.lessons.action))
    assert window.lessons.currentWidget() is window.lessons.pane
    bar = window.lessons.pane.sections.tabBar()
    index = [bar.tabText(i) for i in range(bar.count())].index(number)
    click(qtbot, bar, bar.tabRect(index).center())
    assert bar.currentIndex() == index


def press_step(qtbot: Any, window: MainWindow, key: str) -> Any:
    """The third click: the step's button; returns the StepOutcome once its tab is shown."""
    card = window.lessons.pane.cards[key]
    with qtbot.waitSignal(window.lessons.pane.driver.stepShown, timeout=RUN_TIMEOUT_MS) as shown:
        click(qtbot, card.button)
    return shown.args[0]


def test_every_18_2_step_lands_on_its_figure_with_both_numbers(qtbot, lessons_window) -> None:
    w = lessons_window
    open_section(qtbot, w, "18.2")
    assert [s.key for s in steps_of("18.2")] == [key for key, _tab, _book in FIGURES_18_2]
    for key, tab, book in FIGURES_18_2:
        outcome = press_step(qtbot, w, key)
        qtbot.waitUntil(lambda: not w.is_running(), timeout=RUN_TIMEOUT_MS)
        assert isinstance(w.tabs.currentWidget(), tab), key
        ours = results_of(outcome.run_dir)["test_acc"]
        text = w.lessons.pane.cards[key].result.text()
        assert text == f"{book} · this run {100 * ours:.1f}%", key
        config = step_config(get_step(key), "default")  # what the step trained, the tuned recipe over QUICK
        saved = (Path(outcome.run_dir) / "config.json").read_text(encoding="utf-8")
        assert f'"optimizer": "{config.optimizer}"' in saved and '"train_limit": 128' in saved
        if key.endswith(("-1x1", "-roles")):
            assert not outcome.trained  # the previous step's run, opened again


def test_the_cnn_step_overlays_the_dnn_run_on_the_curves(qtbot, lessons_window) -> None:
    w = lessons_window
    open_section(qtbot, w, "18.2")
    dnn = press_step(qtbot, w, "shapes-dnn")
    qtbot.waitUntil(lambda: not w.is_running(), timeout=RUN_TIMEOUT_MS)
    cnn = press_step(qtbot, w, "shapes-cnn")
    qtbot.waitUntil(lambda: not w.is_running(), timeout=RUN_TIMEOUT_MS)
    assert w.tabs.currentWidget() is w.curves
    visible = {s.key for s in w.curves.runs() if s.visible}
    assert {dnn.run_dir, cnn.run_dir} <= visible


def test_a_saved_run_opens_without_training(qtbot, lessons_window, runs_folder) -> None:
    w = lessons_window
    step = get_step("color-shapes-cnn")
    end = train_step(step_config(step, "course", device=w.setup.device_name(), **QUICK))  # into the runs folder
    assert end.status == "completed" and end.run_dir is not None and end.test_acc is not None
    assert Path(end.run_dir).parent == runs_folder
    open_section(qtbot, w, "18.2")
    w.lessons.pane.recipe_buttons["course"].click()
    assert w.lessons.pane.cards[step.key].button.text() == "Show the saved run"
    with qtbot.assertNotEmitted(w.runStarted):
        outcome = press_step(qtbot, w, step.key)
    assert not outcome.trained and outcome.run_dir == end.run_dir
    assert isinstance(w.tabs.currentWidget(), MisclassifiedPanel)
    assert w.lessons.pane.cards[step.key].result.text() == f"Book 97% · this run {100 * end.test_acc:.1f}%"
    assert sorted(runs_folder.iterdir()) == [Path(end.run_dir)]  # nothing new was trained


@pytest.mark.parametrize(("section", "title"), [("18.3", "MNIST"), ("18.4", "Fashion-MNIST"), ("18.5", "CIFAR-10")])
def test_steps_without_their_data_say_so_in_one_sentence(qtbot, lessons_window, section, title) -> None:
    w = lessons_window
    open_section(qtbot, w, section)
    for step in steps_of(section):
        card = w.lessons.pane.cards[step.key]
        with qtbot.assertNotEmitted(w.runStarted), qtbot.waitSignal(w.lessons.pane.driver.stepProblem) as problem:
            click(qtbot, card.button)
        sentence = problem.args[1]
        assert card.result.text() == sentence and f"needs the {title} files" in sentence
        assert sentence.endswith(".") and sentence.count(". ") == 0
        assert w.setup.dataset_name() == step.dataset  # the setup shows where to choose the data folder
    assert not w.is_running()


def test_mnist_step_would_show_its_kernels(lessons_window) -> None:
    # the step's tab, without data: the driver maps each tab key to the window's panel
    driver = lessons_window.lessons.pane.driver
    assert isinstance(driver.tab_widget(get_step("mnist-cnn").tab), KernelsPanel)
    assert isinstance(driver.tab_widget(get_step("mnist-maps").tab), FeatureMapsPanel)


def test_18_1_lists_the_classics_and_builds_one_on_the_current_dataset(qtbot, lessons_window) -> None:
    w = lessons_window
    open_section(qtbot, w, "18.1")
    table = w.lessons.pane.classics.table
    assert table.rowCount() == 7
    lenet = 6 * (1 * 25 + 1) + 16 * 151 + 48_120 + 10_164 + 850  # LeNet-5 by hand: C1, C3, C5, F6, output
    qtbot.waitUntil(lambda: table.item(0, 2).text() != "…", timeout=RUN_TIMEOUT_MS)
    assert table.item(0, 2).text() == f"{lenet / 1e3:.1f} k"
    table.selectRow(6)  # DenseNet-121
    dataset = w.setup.dataset_name()
    click(qtbot, w.lessons.pane.classics.build)
    assert w.setup.model_name() == "densenet121" and w.setup.dataset_name() == dataset
    assert "DenseNet-121" in w.status_text()
