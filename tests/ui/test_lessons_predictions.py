"""Predictions in the window: every lesson 18.1–18.5 asks before it shows; Reveal shows the guess beside the
truth (computed, or measured on the step's run once it is shown) and the log gains it; Skip puts the question
away and keeps nothing; View ▸ My predictions lists the log; the designer's ask_prediction. Runs are tiny (one
epoch on 128 images) in a runs folder of the test's own; MNIST and Fashion-MNIST are tiny random copies."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
from app_testing import ALL_PANELS, RUN_TIMEOUT_MS, make_window, results_of, write_idx_set
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QMenu, QVBoxLayout, QWidget

from cnnlab.chapter import SECTIONS, steps_of
from cnnlab.engine.checkpoint import load_checkpoint
from cnnlab.engine.data import normalize
from cnnlab.errors import Sentence
from cnnlab.predictions import Choice, Prediction, PredictionLog, Question
from ui.predict import PredictionCard, PredictionsDialog, ask_prediction

QUICK: dict[str, Any] = {"epochs": 1, "train_limit": 128}  # a second or two per step on a CPU


@pytest.fixture
def runs_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "runs"
    monkeypatch.setenv("CNNLAB_RUNS", str(folder))  # the log and the runs of this test only
    return folder


@pytest.fixture
def lessons(qtbot: Any, settings: Any, runs_folder: Path, tmp_path: Path) -> Any:
    w = make_window(qtbot, settings, panels=ALL_PANELS)
    w.lessons.pane.driver.overrides = dict(QUICK)
    w.setup.set_data_root("mnist", str(write_idx_set(tmp_path / "mnist", 300, 60, seed=1)))
    w.setup.set_data_root("fashion-mnist", str(write_idx_set(tmp_path / "fashion", 300, 60, seed=2)))
    w.lessons.action.trigger()
    yield w
    w.close()
    assert w.wait_for_threads(RUN_TIMEOUT_MS)


def logged(runs: Path) -> tuple[Prediction, ...]:
    read = PredictionLog(runs / "predictions.jsonl").read()
    assert read.damaged == 0
    return read.predictions


def cards_of(window: Any, key: str) -> list[PredictionCard]:
    return window.lessons.pane.predictions.cards.get(key, [])


def press_step(qtbot: Any, window: Any, key: str) -> Any:
    card = window.lessons.pane.cards[key]
    with qtbot.waitSignal(window.lessons.pane.driver.stepShown, timeout=RUN_TIMEOUT_MS) as shown:
        qtbot.mouseClick(card.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.is_running(), timeout=RUN_TIMEOUT_MS)
    return shown.args[0]


def test_every_lesson_asks_a_prediction_above_what_it_shows(qtbot: Any, lessons: Any) -> None:
    pane = lessons.lessons.pane
    for section in SECTIONS:
        pane.show_section(section.number)
        keys = [section.number, *(s.key for s in steps_of(section.number))]
        cards = [card for key in keys for card in cards_of(lessons, key)]
        assert cards, section.number
        for card in cards:
            qtbot.waitUntil(lambda c=card: c.isVisibleTo(lessons))  # a card added to a shown page shows next turn
            assert card.state == "asking"
            assert card.text.text() and not card.reveal_button.isEnabled()  # no guess yet
            assert card.skip_button.isEnabled() and not card.result.isVisibleTo(card)
    for key, card_list in pane.predictions.cards.items():
        if key in pane.cards:  # a step's cards sit above its button, so they are met before the answer
            step = pane.cards[key]
            assert all(card.mapTo(step, card.rect().topLeft()).y() < step.button.mapTo(step, step.button.rect()
                                                                                      .topLeft()).y()
                       for card in card_list)
    assert lessons.width() == 1280


def test_a_computed_truth_is_revealed_beside_the_guess_and_logged(qtbot: Any, lessons: Any,
                                                                  runs_folder: Path) -> None:
    lessons.lessons.pane.show_section("18.1")
    card = next(c for c in cards_of(lessons, "18.1") if c.question.id == "18.1/lenet5/c5-params")
    spin = card.input.spin
    assert spin is not None
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), "50000")
    assert card.reveal_button.isEnabled()
    with qtbot.waitSignal(card.revealed) as revealed:
        qtbot.mouseClick(card.reveal_button, Qt.MouseButton.LeftButton)
    truth = 120 * (16 * 5 * 5 + 1)  # C5 by hand: 120 units, each reading 16 maps of 5×5, plus a bias
    assert card.state == "revealed" and revealed.args[0].truth == truth
    assert "50,000 parameters" in card.guess_box.text() and f"{truth:,} parameters" in card.truth_box.text()
    assert card.gap.text().startswith("<b>4% too high.</b> parameters = out × (in + 1)")
    assert card.result.isVisibleTo(card) and not card.buttons.isVisibleTo(card)
    (entry,) = logged(runs_folder)
    assert (entry.question, entry.guess, entry.truth, entry.run) == ("18.1/lenet5/c5-params", 50_000, truth, "")


def test_skip_puts_the_question_away_keeps_nothing_and_the_step_still_runs(qtbot: Any, lessons: Any,
                                                                           runs_folder: Path) -> None:
    lessons.lessons.pane.show_section("18.3")
    (card,) = cards_of(lessons, "mnist-cnn")
    card.set_guess(70)
    with qtbot.waitSignal(card.skipped):
        qtbot.mouseClick(card.skip_button, Qt.MouseButton.LeftButton)
    assert card.state == "skipped" and not card.input.isVisibleTo(card)
    assert card.note.text() == "Skipped: no guess is kept."
    outcome = press_step(qtbot, lessons, "mnist-cnn")  # nothing blocks the step
    assert outcome.key == "mnist-cnn" and card.state == "skipped"
    assert not (runs_folder / "predictions.jsonl").exists()
    qtbot.mouseClick(card.again_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: card.input.isVisibleTo(card))
    assert card.state == "asking" and card.input.guess() is None and not card.reveal_button.isEnabled()  # fresh


def test_the_accuracy_guess_waits_for_the_run_and_meets_the_measured_truth(qtbot: Any, lessons: Any,
                                                                           runs_folder: Path) -> None:
    lessons.lessons.pane.show_section("18.3")
    (card,) = cards_of(lessons, "mnist-cnn")
    assert card.text.text() == "What test accuracy will this network reach after one epoch?"  # QUICK: one epoch
    assert card.input.slider is not None
    card.input.slider.setValue(85)  # moved, not revealed: pressing the step keeps the guess as it stands
    outcome = press_step(qtbot, lessons, "mnist-cnn")
    qtbot.waitUntil(lambda: card.state == "revealed")
    truth = 100 * results_of(outcome.run_dir)["test_acc"]
    assert card.prediction is not None and card.prediction.truth == pytest.approx(truth)
    assert f"{truth:.1f}%" in card.truth_box.text() and "85.0%" in card.guess_box.text()
    assert "Measured" in card.truth_box.text()
    (entry,) = logged(runs_folder)
    assert entry.run == outcome.run_dir and entry.kind == "slider" and entry.guess == 85


def test_which_run_wins_is_read_off_the_lessons_two_runs(qtbot: Any, lessons: Any, runs_folder: Path) -> None:
    lessons.lessons.pane.show_section("18.2")
    (card,) = cards_of(lessons, "shapes-cnn")
    card.set_guess("cnn")
    card.reveal()  # the truth needs the CNN's run, and the DNN's to compare with
    assert card.state == "waiting" and not card.input.isEnabled()
    press_step(qtbot, lessons, "shapes-cnn")  # no DNN run yet: one sentence, nothing logged
    assert card.state == "closed" and card.note.text().startswith("The DNN has no finished run")
    assert not (runs_folder / "predictions.jsonl").exists()
    card.ask_again()
    dnn = press_step(qtbot, lessons, "shapes-dnn").run_dir
    card.set_guess("dnn")
    card.reveal()
    cnn = press_step(qtbot, lessons, "shapes-cnn").run_dir  # its saved run opens again
    accs = results_of(cnn)["test_acc"], results_of(dnn)["test_acc"]
    expected = "cnn" if accs[0] > accs[1] else "dnn" if accs[1] > accs[0] else "tie"
    assert card.state == "revealed" and card.prediction is not None and card.prediction.truth == expected
    assert logged(runs_folder)[-1].run == cnn


def test_the_class_shirts_are_taken_for_comes_from_the_runs_test_set(qtbot: Any, lessons: Any,
                                                                     runs_folder: Path, tmp_path: Path) -> None:
    lessons.lessons.pane.show_section("18.4")
    (card,) = cards_of(lessons, "fashion-cnn")
    assert len(card.input.buttons) == 9 and "Shirt" not in card.input.buttons
    card.set_guess("Coat")
    card.reveal()
    outcome = press_step(qtbot, lessons, "fashion-cnn")
    qtbot.waitUntil(lambda: card.state in ("revealed", "closed"), timeout=RUN_TIMEOUT_MS)
    # by hand: the test images and labels straight from the IDX files, through the saved network
    folder = tmp_path / "fashion"
    # IDX: a 16-byte header, then (N, 1, 28, 28) pixels; an 8-byte header, then (N,) labels
    images = np.frombuffer((folder / "t10k-images-idx3-ubyte").read_bytes()[16:], np.uint8).reshape(-1, 1, 28, 28)
    labels = np.frombuffer((folder / "t10k-labels-idx1-ubyte").read_bytes()[8:], np.uint8)
    ck = load_checkpoint(Path(outcome.run_dir) / "checkpoint.pt")
    ck.model.eval()
    with torch.no_grad():
        logits = ck.model(normalize(torch.from_numpy(images.copy()), ck.meta.mean, ck.meta.std))  # (N, 10)
        predicted = logits.argmax(1).numpy()  # (N,)
    classes = list(ck.meta.classes)
    shirt = classes.index("Shirt")
    counts = np.bincount(predicted[labels == shirt], minlength=10)
    counts[shirt] = 0
    if counts.sum() == 0:
        assert card.state == "closed" and "no shirt" in card.note.text()
        return
    most = {classes[i] for i in np.flatnonzero(counts == counts.max())}
    assert card.state == "revealed" and card.prediction is not None
    assert card.prediction.truth in most and (card.prediction.truth == "Coat") == ("Coat" in most)
    assert logged(runs_folder)[-1].question == "18.4/fashion-cnn/confused-with"


def test_my_predictions_lists_the_log_and_how_calibrated_it_is(qtbot: Any, lessons: Any, runs_folder: Path) -> None:
    menu = lessons.menuBar().findChild(QMenu, "viewMenu")
    names = [a.objectName() for a in menu.actions()]
    assert names.index("myPredictions") == 1  # View ▸ Lessons, then My predictions…
    assert menu.actions()[1].text().replace("&", "") == "My predictions…"
    log = PredictionLog()
    times = ("2026-03-01T10:00:00+00:00", "2026-03-01T10:01:00+00:00", "2026-03-01T10:02:00+00:00")
    log.add(Prediction(question="a", context="18.1", kind="number", guess=100, truth=28, units="pixels",
                       time=times[0]))
    log.add(Prediction(question="b", context="18.2", kind="choice", guess="cnn", truth="cnn", time=times[1],
                       labels={"cnn": Sentence("the CNN")}))
    log.add(Prediction(question="c", context="design", kind="number", guess=30, truth=28, time=times[2]))
    dialog = PredictionsDialog()
    qtbot.addWidget(dialog)
    table = dialog.table
    assert table.rowCount() == 3
    def cell(row: int, column: int) -> str:
        item = table.item(row, column)
        assert item is not None
        return item.text()

    assert [cell(r, 1) for r in range(3)] == ["Designer", "18.2", "18.1"]  # the newest first
    assert cell(0, 3) == "30" and cell(2, 3) == "100 pixels"
    assert cell(1, 4) == "the CNN" and cell(2, 5) == "257% too high."
    summary = dialog.summary.text()
    assert "3 guesses, 2 of them hits (67%)." in summary and "Numbers: 1 of 2 within 10% of the truth" in summary
    assert dialog.calibration.trend == pytest.approx((0.0, 0.5, 2 / 3))
    assert not dialog.problem.isVisibleTo(dialog)
    with (runs_folder / "predictions.jsonl").open("ab") as f:
        f.write(b"\x00garbage\n")
    damaged = PredictionsDialog()
    qtbot.addWidget(damaged)
    assert damaged.table.rowCount() == 3 and damaged.problem.text().startswith("One line of the prediction log")


def test_the_designer_can_ask_through_ask_prediction(qtbot: Any, tmp_path: Path) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    layout = QVBoxLayout(parent)
    question = Question(id="design/row-2/side", context="design", kind="number", units="pixels",
                        text=Sentence("What side does row 2 give?"), explanation=Sentence("(28 − 3) ÷ 1 + 1"),
                        low=0, high=1000, truth=26.0)
    log = PredictionLog(tmp_path / "predictions.jsonl")
    card = ask_prediction(parent, question, log)
    assert layout.indexOf(card) == 0
    card.set_guess(26)
    with qtbot.waitSignal(card.revealed) as revealed:
        card.reveal()
    assert revealed.args[0].guess == 26 and card.gap.text().startswith("<b>Exactly right.</b>")
    assert log.read().predictions == (revealed.args[0],)
    choose = ask_prediction(parent, Question(id="design/winner", context="design", kind="choice",
                                             text=Sentence("Which?"), choices=(Choice("a", "red"),
                                                                               Choice("b", "blue")), truth="b"),
                            PredictionLog(tmp_path / "blocked" / "x" / "predictions.jsonl"))
    (tmp_path / "blocked").write_text("a file in the folder's place", encoding="utf-8")
    choose.set_guess("a")
    choose.reveal()  # the log cannot be written: the truth is shown all the same, with the sentence
    assert choose.state == "revealed" and choose.note.text().endswith("the predictions saved before are unchanged.")


def test_clicking_into_the_number_box_and_typing_gives_the_guess(qtbot: Any, tmp_path: Path) -> None:
    question = Question(id="design/row-8/params", context="design", kind="number", units="parameters",
                        text=Sentence("How many parameters does row 8 have?"), low=0, high=10**9, truth=48_120.0)
    card = PredictionCard(question, PredictionLog(tmp_path / "predictions.jsonl"))
    qtbot.addWidget(card)
    with qtbot.waitActive(card):  # a click gives focus in the active window only
        card.show()
        card.activateWindow()
    spin = card.input.spin
    assert spin is not None
    edit = spin.lineEdit()
    for x in (2, edit.width() - 4):  # a click before the "?", then one far after it
        spin.setValue(spin.minimum())
        assert spin.text() == "?" and not card.reveal_button.isEnabled()
        qtbot.mouseClick(edit, Qt.MouseButton.LeftButton, pos=QPoint(x, edit.height() // 2))
        focused = QApplication.focusWidget()
        assert focused is spin  # the keys go where the student's keys would
        qtbot.keyClicks(focused, "48120")
        assert card.guess() == 48_120 and card.reveal_button.isEnabled()
    qtbot.keyClicks(spin, "5")  # a digit typed after a number goes on the number, as anywhere else
    assert card.guess() == 481_205


def test_a_question_the_shown_run_answers_no_longer_invites_a_guess(qtbot: Any, lessons: Any,
                                                                    runs_folder: Path) -> None:
    lessons.lessons.pane.show_section("18.3")
    (card,) = cards_of(lessons, "mnist-cnn")
    assert card.state == "asking" and card.input.guess() is None  # the slider where it starts: no guess
    outcome = press_step(qtbot, lessons, "mnist-cnn")
    step = lessons.lessons.pane.cards["mnist-cnn"]
    assert "this run" in step.result.text()  # the answer is in view below the card …
    assert card.state == "seen"  # … so the card asks no more
    assert not card.input.isVisibleTo(card) and not card.buttons.isVisibleTo(card)
    assert card.note.text() == ("The answer is already shown, so no guess is kept; Ask again to guess before the "
                                "next run.")
    assert not (runs_folder / "predictions.jsonl").exists()
    card.ask_again()
    assert card.state == "asking" and card.reveal_button.isVisibleTo(card) and outcome.trained
