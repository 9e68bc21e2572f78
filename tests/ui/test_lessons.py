"""The Lessons pane: each step, driven from its own button, lands on the tab holding the chapter's
figure, in the layout the figure needs, with exactly the step's runs drawn and the book's number
beside ours; a saved run opens without training; steps whose data is missing say so in one
sentence; a long run asks first. Runs are tiny (one epoch on 128 images) and go to a runs folder
of the test's own; MNIST, Fashion-MNIST and CIFAR-10 are tiny random copies in their formats."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import torch
from app_testing import (
    ALL_PANELS,
    RUN_TIMEOUT_MS,
    make_window,
    results_of,
    run_to_end,
    write_cifar_set,
    write_idx_set,
)
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QToolButton

import ui.setup.background_views as background_views
from cnnlab.chapter import get_step, steps_of
from cnnlab.chapter.runs import step_config, train_step
from cnnlab.engine.estimate import EpochEstimate, batches_per_epoch
from cnnlab.models import build_model
from ui import i18n
from ui.curves import CurvesView
from ui.main_window import MainWindow
from ui.panels import FeatureMapsPanel, KernelRolesPanel, KernelsPanel, MisclassifiedPanel
from ui.start_check import CANCEL, FEWER_IMAGES, GPU, TRAIN_ANYWAY, LongRun

QUICK: dict[str, Any] = {"epochs": 1, "train_limit": 128}  # a second or two per step on a CPU
# Every step of chapter 18, written out by hand from the chapter: the tab its figure is in, the layout the
# figure needs there ("": any), the steps whose runs the curves draw (the partner's first) and the book's text.
WALK = [
    ("colors-dnn", MisclassifiedPanel, "", ["colors-dnn"], "Book 81.6%"),
    ("colors-cnn", CurvesView, "", ["colors-dnn", "colors-cnn"], "Book 96.3%"),
    ("colors-1x1", FeatureMapsPanel, "per_class", ["colors-cnn"], "Book 96.3%"),
    ("shapes-dnn", MisclassifiedPanel, "", ["shapes-dnn"], "Book 89.8%"),
    ("shapes-cnn", CurvesView, "", ["shapes-dnn", "shapes-cnn"], "Book 96%"),
    ("shapes-roles", KernelRolesPanel, "", ["shapes-cnn"], "Book 96%"),
    ("color-shapes-dnn", MisclassifiedPanel, "", ["color-shapes-dnn"], "Book 89%"),
    ("color-shapes-cnn", MisclassifiedPanel, "", ["color-shapes-cnn"], "Book 97%"),
    ("mnist-dnn", CurvesView, "", ["mnist-dnn"], "Book 97.49%"),
    ("mnist-cnn", KernelsPanel, "", ["mnist-dnn", "mnist-cnn"], "Book 98.44%"),
    ("mnist-maps", FeatureMapsPanel, "one_image", ["mnist-cnn"], "Book 98.44%"),
    ("fashion-dnn", CurvesView, "", ["fashion-dnn"], "The book states no accuracy"),
    ("fashion-cnn", CurvesView, "", ["fashion-dnn", "fashion-cnn"], "Book 91.12%"),
    ("cifar-cnn", CurvesView, "", ["cifar-cnn"], "Book 73.72%"),
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


@pytest.fixture(scope="session")
def data_folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Tiny random copies of the downloaded sets, in their own file formats (drawn once per session)."""
    base = tmp_path_factory.mktemp("lesson-data")
    return {"mnist": write_idx_set(base / "mnist", 400, 60, seed=1),
            "fashion-mnist": write_idx_set(base / "fashion", 400, 60, seed=2),
            "cifar10": write_cifar_set(base / "cifar", 80, seed=3)}  # 400 training pictures, 80 test


def with_data(window: MainWindow, folders: dict[str, Path]) -> None:
    for dataset, folder in folders.items():
        window.setup.set_data_root(dataset, str(folder))


def step_runs(window: MainWindow, runs_of: dict[str, str], keys: list[str]) -> None:
    """The curves draw exactly the runs of these steps, the last one on top, and the tabs show the last."""
    runs = window.model.runs
    assert {e.key for e in runs.visible()} == {runs_of[k] for k in keys}
    assert runs.newest == runs_of[keys[-1]] and runs.current == runs_of[keys[-1]]


def answering(asked: list[LongRun], answers: Iterator[str]) -> Callable[[LongRun], str]:
    """Answers Start's question as the student would, in turn, and keeps each question."""
    def answer(question: LongRun) -> str:
        asked.append(question)
        return next(answers)
    return answer


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


@pytest.fixture
def walk_window(qtbot: Any, settings: Any, tmp_path_factory: pytest.TempPathFactory,
                monkeypatch: pytest.MonkeyPatch, data_folders: dict[str, Path]) -> Any:
    # one runs folder for both languages: the second walk opens the first one's runs (the saved-run path)
    monkeypatch.setenv("CNNLAB_RUNS", str(tmp_path_factory.getbasetemp() / "walk-runs"))
    w = make_window(qtbot, settings, panels=ALL_PANELS)
    w.lessons.pane.driver.overrides = dict(QUICK)
    with_data(w, data_folders)
    yield w
    w.close()
    assert w.wait_for_threads(RUN_TIMEOUT_MS)


@pytest.fixture(params=["en", "zh_CN"])
def language(request: pytest.FixtureRequest, qapp: QApplication) -> Any:
    assert i18n.install(qapp, request.param) == request.param
    yield request.param
    i18n.install(qapp, "en")  # the other tests read English


def test_a_walk_through_every_lesson_shows_each_steps_view_runs_and_layout(qtbot, language, walk_window) -> None:
    w = walk_window
    assert [key for key, *_ in WALK] == [s.key for n in ("18.2", "18.3", "18.4", "18.5") for s in steps_of(n)]
    w.lessons.action.trigger()
    w.lessons.pane.show_section("18.1")  # no step: a classic is built on the current dataset, nothing trains
    w.lessons.pane.classics.table.selectRow(0)
    with qtbot.assertNotEmitted(w.runStarted):
        w.lessons.pane.classics.build.click()
    assert w.setup.model_name() == "lenet5" and w.tabs.currentWidget() is w.curves
    runs_of: dict[str, str] = {}
    for key, tab, layout, shown, book in WALK:
        step = get_step(key)
        w.lessons.pane.show_section(step.section)
        outcome = press_step(qtbot, w, key)
        qtbot.waitUntil(lambda: not w.is_running(), timeout=RUN_TIMEOUT_MS)
        runs_of[key] = outcome.run_dir
        assert isinstance(w.tabs.currentWidget(), tab), key
        if layout:
            assert w.tabs.currentWidget().shown_layout() == layout, key
        step_runs(w, runs_of, shown)
        config = step_config(step, "default")  # the tuned recipe, under QUICK
        saved = (Path(outcome.run_dir) / "config.json").read_text(encoding="utf-8")
        assert f'"optimizer": "{config.optimizer}"' in saved and '"train_limit": 128' in saved, key
        if language == "en":
            ours = results_of(outcome.run_dir)["test_acc"]
            assert w.lessons.pane.cards[key].result.text() == f"{book} · this run {100 * ours:.1f}%", key
        if not step.table:
            assert not outcome.trained  # the previous step's run, opened again


def test_the_dnn_versus_cnn_overlay_is_the_lessons_own_runs_on_their_own_epochs(
        qtbot, lessons_window, data_folders) -> None:
    w = lessons_window
    with_data(w, data_folders)
    w.setup.hyper.fill({"epochs": 4, "train_limit": 128})
    other = run_to_end(qtbot, w).run_dir  # the student's own run before the lesson, ticked to stay drawn
    assert other is not None
    w.model.runs.set_visible(other, True)
    w.lessons.action.trigger()
    w.lessons.pane.show_section("18.3")
    dnn = press_step(qtbot, w, "mnist-dnn").run_dir
    qtbot.waitUntil(lambda: not w.is_running(), timeout=RUN_TIMEOUT_MS)
    cnn = press_step(qtbot, w, "mnist-cnn").run_dir
    qtbot.waitUntil(lambda: not w.is_running(), timeout=RUN_TIMEOUT_MS)
    assert isinstance(w.tabs.currentWidget(), KernelsPanel)  # the figure's tab; the curves hold the overlay
    step_runs(w, {"mnist-dnn": dnn, "mnist-cnn": cnn}, ["mnist-dnn", "mnist-cnn"])
    assert w.curves.plotted(other)["val_acc"][0].size == 0  # the 4-epoch run is not drawn
    w.curves.set_x_mode("epochs")
    (x_low, x_high), _y = w.curves.acc_plot.getViewBox().childrenBounds()
    assert 1.0 <= x_high < 1.1  # one epoch each (QUICK; a point's symbol pads the bounds), not the other run's four


def test_the_pane_stays_on_the_card_whose_button_was_pressed(qtbot, lessons_window) -> None:
    w = lessons_window
    open_section(qtbot, w, "18.2")
    pane = w.lessons.pane
    page = pane.sections.currentWidget()
    card = pane.cards["shapes-dnn"]  # in the middle of the page: the next card's button is below it
    page.ensureWidgetVisible(card.button)
    card.button.setFocus()
    outcome = press_step(qtbot, w, "shapes-dnn")
    qtbot.waitUntil(lambda: not w.is_running(), timeout=RUN_TIMEOUT_MS)
    assert outcome.trained
    focused = QApplication.focusWidget()
    assert not any(focused is c.button for c in pane.cards.values() if c is not card)
    top_left = card.result.mapTo(page.widget(), QPoint(0, 0))
    view = page.viewport().rect().translated(0, page.verticalScrollBar().value())
    assert view.contains(top_left) and view.contains(top_left + QPoint(0, card.result.height() - 1))


def test_a_long_run_asks_first_and_trains_on_fewer_images(qtbot, lessons_window, data_folders,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    def slow(cfg, shape, classes, images):  # 20 s a batch, as a big model on a slow CPU
        return EpochEstimate(20.0, batches_per_epoch(images, cfg.batch_size), "cpu")

    monkeypatch.setattr(background_views, "estimate_epoch", slow)
    w = lessons_window
    with_data(w, data_folders)
    w.lessons.pane.driver.overrides = {"epochs": 2}  # every image of the tiny CIFAR-10 copy
    asked: list[LongRun] = []
    answers = iter([CANCEL, FEWER_IMAGES])
    w.start_check.answer = answering(asked, answers)
    open_section(qtbot, w, "18.5")
    w.lessons.pane.set_recipe("course")  # batches of 32
    card = w.lessons.pane.cards["cifar-cnn"]
    with qtbot.assertNotEmitted(w.runStarted), \
            qtbot.waitSignal(w.lessons.pane.driver.stepProblem, timeout=RUN_TIMEOUT_MS):
        click(qtbot, card.button)
    assert len(w.setup.loaded()[1].train) == 360  # 400 less the tenth held out
    # 360 images in batches of 32: 12 batches × 20 s = 4 min an epoch, 8 min for two; in 3 min fit
    # 180 / (2 × 20 / 32) = 144 images, 140 at two leading digits: 140 × 2 × 20/32 s = 175 s
    question = asked[0]
    assert question.text == "This run would take about 8.0 min: 2 epochs of about 4.0 min each on CPU."
    gpu = [GPU] if w.setup.device.count() > 1 else []  # this machine's GPU, where it has one
    assert question.keys() == [FEWER_IMAGES, *gpu, TRAIN_ANYWAY, CANCEL]  # the tuned recipe's 20 epochs: dearer
    assert question.choices[0].label == "Train on 140 images (about 2.9 min)"
    assert card.result.text() == "Not started: the run would take about 8.0 min."
    assert not w.is_running() and card.button.isEnabled()
    outcome = press_step(qtbot, w, "cifar-cnn")
    assert len(asked) == 2 and outcome.trained
    assert '"train_limit": 140' in (Path(outcome.run_dir) / "config.json").read_text(encoding="utf-8")


def test_any_start_asks_before_a_long_run(qtbot, window, monkeypatch: pytest.MonkeyPatch) -> None:
    def slow(cfg, shape, classes, images):
        return EpochEstimate(20.0, batches_per_epoch(images, cfg.batch_size), "cpu")

    monkeypatch.setattr(background_views, "estimate_epoch", slow)
    asked: list[LongRun] = []
    window.start_check.answer = answering(asked, iter([CANCEL]))
    with qtbot.assertNotEmitted(window.runStarted):
        window.start_action.trigger()
    assert len(asked) == 1 and not window.is_running()
    assert window.status_text().startswith("Not started: the run would take about ")
    window.setup.hyper.set_text("epochs", "1")
    window.setup.hyper.set_text("train_limit", "64")  # 2 batches × 20 s: under three minutes, no question
    with qtbot.waitSignal(window.runFinished, timeout=RUN_TIMEOUT_MS):
        assert window.start()
    assert len(asked) == 1


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_epoch_slider_says_why_only_the_last_epoch_is_kept_and_lessons_stays_in_the_tool_bar(
        qtbot, settings, tmp_path: Path, lang: str) -> None:
    app = QApplication.instance()
    assert app is not None and i18n.install(app, lang) == lang
    try:
        w = make_window(qtbot, settings, panels=ALL_PANELS)
        small, big, unfinished = tmp_path / "resnet20", tmp_path / "big", tmp_path / "unfinished"
        for folder in (small, big, unfinished):
            folder.mkdir()
        resnet = build_model("resnet20", in_channels=3, image_size=(32, 32), num_classes=10)
        torch.save({"state_dict": resnet.state_dict()}, small / "checkpoint.pt")  # about 1 MB of weights
        torch.save({"state_dict": {"w": torch.zeros(9 * 2**18)}}, big / "checkpoint.pt")  # 9 MiB of float32
        slider, lessons = w.epoch_slider, w.toolbar.widgetForAction(w.lessons.action)
        extension = w.toolbar.findChild(QToolButton, "qt_toolbar_ext_button")
        slider.show_run(small)
        qtbot.waitUntil(lambda: slider.isVisibleTo(w) and slider.width() >= slider.sizeHint().width())
        assert slider.missing == "not_kept" and "MB" not in slider.label.text() + slider.toolTip()
        assert lessons.isVisible() and (extension is None or not extension.isVisible())  # not in the » menu
        slider.show_run(big)
        assert slider.missing == "too_big" and "8 MB" in slider.toolTip() and "MB" not in slider.label.text()
        slider.show_run(unfinished)  # stopped before its first epoch ended: nothing to look back on
        assert slider.action is not None and not slider.action.isVisible()
    finally:
        i18n.install(app, "en")
