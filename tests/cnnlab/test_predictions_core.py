"""Predictions: scoring and the calibration summary against hand computation, the log across a restart, two
writing processes and a damaged file, ``cnnlab predictions``, and the lessons' truths against hand counts."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cnnlab import strict_json
from cnnlab.cli import main
from cnnlab.datasets import get_dataset_spec
from cnnlab.errors import Sentence, StorageError
from cnnlab.predictions import Choice, NoTruth, Prediction, PredictionLog, Question, calibrate, gap_sentence, score
from cnnlab.predictions import chapter as lessons
from cnnlab.runs.store import RunRecord

ROOT = Path(__file__).resolve().parents[2]


NOW = "2026-03-01T09:00:00+00:00"  # a fixed time, for predictions whose time does not matter


def number(guess: float, truth: float, *, scale: str = "linear", units: str = "", time: str = NOW) -> Prediction:
    return Prediction(question="q", context="test", kind="number", guess=guess, truth=truth, scale=scale,
                      units=units, time=time)


def choice(guess: str, truth: str, time: str = NOW) -> Prediction:
    return Prediction(question="c", context="test", kind="choice", guess=guess, truth=truth, time=time)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# ------------------------------------------------------------------------------------------- scoring
@pytest.mark.parametrize(("guess", "truth", "scale", "units", "hit", "rel", "ratio", "gap"), [
    (30, 28, "linear", "pixels", True, 2 / 28, 30 / 28, "7% too high."),
    (20, 28, "linear", "pixels", False, 8 / 28, 28 / 20, "29% too low."),
    (100_000, 48_120, "log", "parameters", False, 51_880 / 48_120, 100_000 / 48_120, "2.1× too high."),
    (30_000, 48_120, "log", "parameters", True, 18_120 / 48_120, 48_120 / 30_000, "1.6× too low."),
    (50_000, 48_120, "log", "parameters", True, 1_880 / 48_120, 50_000 / 48_120, "4% too high."),  # close: percent
    (0, 8, "log", "parameters", False, 1.0, math.inf, "100% too low."),
    (90, 97.3, "linear", "%", True, 7.3 / 97.3, 97.3 / 90, "7.3 points too low."),
    (3, 0, "linear", "", False, math.inf, math.inf, "Off by 3."),
    (28, 28, "linear", "pixels", True, 0.0, 1.0, "Exactly right."),
])
def test_numbers_are_scored_as_by_hand(guess, truth, scale, units, hit, rel, ratio, gap) -> None:
    p = number(guess, truth, scale=scale, units=units)
    s = score(p)
    assert s.hit is hit
    assert s.relative_error == pytest.approx(rel) and s.factor == pytest.approx(ratio)
    assert s.difference == pytest.approx(guess - truth)
    assert str(gap_sentence(p)) == gap


def test_choices_are_right_or_wrong() -> None:
    assert score(choice("cnn", "cnn")).hit and str(gap_sentence(choice("cnn", "cnn"))) == "Right."
    assert not score(choice("dnn", "cnn")).hit and str(gap_sentence(choice("dnn", "cnn"))) == "Not this time."
    assert score(choice("dnn", "cnn")).relative_error is None


def test_the_calibration_summary_and_its_trend_as_by_hand() -> None:
    # listed out of order: the summary goes by the time each was revealed
    made = [
        number(20, 28, time="2026-03-01T10:01:00+00:00"),  # miss (29% off), within 2×
        choice("dnn", "cnn", "2026-03-01T10:00:00+00:00"),  # miss: the first
        number(200_000, 48_120, scale="log", time="2026-03-01T10:02:00+00:00"),  # miss: 4.2× off
        choice("cnn", "cnn", "2026-03-01T10:03:00+00:00"),  # hit
        number(29, 28, time="2026-03-01T10:04:00+00:00"),  # hit: 3.6% off
        number(40_000, 48_120, scale="log", time="2026-03-01T10:05:00+00:00"),  # hit: 1.2× off, 17% off
    ]
    c = calibrate(made)
    hits = [0, 0, 0, 1, 1, 1]  # in time order
    assert (c.count, c.hits, c.numbers, c.choices, c.right) == (6, 3, 4, 2, 1)
    assert c.within_10 == 1 and c.within_2x == 3  # 29 of 28; 20/28, 29/28, 40 000/48 120
    assert c.first_half == pytest.approx(0.0) and c.second_half == pytest.approx(1.0)
    assert c.trend == pytest.approx([sum(hits[max(0, i - 4):i + 1]) / len(hits[max(0, i - 4):i + 1])
                                     for i in range(6)])
    assert c.trend[-1] == pytest.approx(3 / 5)
    rel = sorted([8 / 28, 151_880 / 48_120, 1 / 28, 8_120 / 48_120])
    assert c.median_relative_error == pytest.approx((rel[1] + rel[2]) / 2)
    assert "6 predictions, 3 hits (50%)" in c.text() and "(better)" in c.text()
    assert calibrate([]).count == 0 and calibrate([]).first_half is None


def test_a_question_answers_only_with_its_truth_and_a_tie_counts_either_way() -> None:
    q = Question(id="x", context="test", kind="choice", text=Sentence("Which?"),
                 choices=(Choice("a", "A"), Choice("b", "B"), Choice("c", "C")))
    with pytest.raises(ValueError):
        q.answer("a")  # no truth yet
    known = q.with_truth("a", also_right=("b",))
    assert known.answer("b").truth == "b" and score(known.answer("b")).hit
    assert known.answer("c").truth == "a" and known.answer("c").labels == {"a": "A", "c": "C"}
    with pytest.raises(ValueError):
        known.answer("z")


def test_a_record_keeps_its_question_template_through_json() -> None:
    text = Sentence("After {epochs} epochs?", epochs=3)
    p = Question(id="18.3/mnist-cnn/accuracy", context="18.3", kind="slider", units="%", text=text,
                 truth=97.5, run="/runs/x").answer(90)
    back = Prediction.from_json(strict_json.loads(strict_json.dumps(p.to_json())))
    assert back == p
    assert isinstance(back.text, Sentence) and back.text.template == "After {epochs} epochs?"


# ------------------------------------------------------------------------------------------ the log
def test_the_log_survives_a_restart_and_lives_in_the_runs_folder(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CNNLAB_RUNS", str(tmp_path / "runs"))
    first = [number(30, 28), choice("cnn", "cnn")]
    writer = PredictionLog()
    for p in first:
        writer.add(p)
    assert writer.path == tmp_path / "runs" / "predictions.jsonl"
    again = PredictionLog().read()  # a new log object: as after the window was closed and opened again
    assert again.predictions == tuple(first) and again.damaged == 0 and again.problem is None


def test_two_processes_appending_at_once_lose_no_line(tmp_path: Path) -> None:
    path = tmp_path / "predictions.jsonl"
    script = ("import sys\nfrom cnnlab.predictions import Prediction, PredictionLog\nlog = PredictionLog(sys.argv[1])\n"
              "for i in range(40):\n    log.add(Prediction(question=sys.argv[2], context='t', kind='number', "
              "guess=float(i), truth=1.0))\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writers = [subprocess.Popen([sys.executable, "-c", script, str(path), name], env=env) for name in ("a", "b")]
    assert [w.wait(timeout=60) for w in writers] == [0, 0]
    read = PredictionLog(path).read()
    assert read.damaged == 0
    for name in ("a", "b"):
        assert [p.guess for p in read.predictions if p.question == name] == [float(i) for i in range(40)]


def test_a_damaged_log_is_named_in_one_sentence_and_nothing_is_lost(tmp_path: Path) -> None:
    path = tmp_path / "predictions.jsonl"
    good = number(30, 28)
    damaged = (strict_json.dumps(good.to_json()) + "\n{not json\n").encode() + b"\xff\xfe\n" + \
        b'{"v": 1, "question": "q"}\n' + b'{"v": 1, "question": "cut sh'  # a crash mid-line, no newline
    path.write_bytes(damaged)
    log = PredictionLog(path)
    read = log.read()
    assert read.predictions == (good,) and read.damaged == 4
    assert str(read.problem) == (f"4 lines of the prediction log {path} could not be read; they are left in the file "
                                 "as they are, and the other 1 predictions are listed.")
    assert path.read_bytes() == damaged  # reading changes nothing
    later = choice("cnn", "dnn")
    log.add(later)
    assert path.read_bytes().startswith(damaged)  # appended after the damage, which stays as it was
    read = log.read()
    assert read.predictions == (good, later) and read.damaged == 4  # the cut line did not swallow the new one


def test_a_log_that_cannot_be_written_or_read_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "runs"
    blocker.write_text("a file where the runs folder should be", encoding="utf-8")
    with pytest.raises(StorageError) as e:
        PredictionLog(blocker / "predictions.jsonl").add(number(1, 2))
    assert str(e.value).endswith("so this prediction is not kept; the predictions saved before are unchanged.")
    assert "\n" not in str(e.value)
    runs = tmp_path / "other"
    (runs / "predictions.jsonl").mkdir(parents=True)  # a folder in the log's place: it cannot be read
    monkeypatch.setenv("CNNLAB_RUNS", str(runs))
    code, out, err = run(capsys, "predictions")
    assert code == 3 and out == ""
    assert err.startswith(f"cnnlab: The prediction log {runs / 'predictions.jsonl'} cannot be listed: ")
    assert err.count("\n") == 1


# ------------------------------------------------------------------------------------------ the CLI
def test_cnnlab_predictions_lists_guesses_truths_and_the_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CNNLAB_RUNS", str(tmp_path))
    code, out, _ = run(capsys, "predictions")
    assert code == 0 and out.startswith("No predictions yet")
    log = PredictionLog()
    log.add(number(50_000, 48_120, scale="log", units="parameters", time="2026-03-01T10:00:00+00:00"))
    log.add(choice("dnn", "cnn", "2026-03-01T10:05:00+00:00"))
    code, out, err = run(capsys, "predictions", "--json")
    assert code == 0 and err == ""
    data = json.loads(out.strip().splitlines()[-1])
    assert [(p["guess"], p["truth"], p["hit"]) for p in data["predictions"]] == [(50_000, 48_120, True),
                                                                               ("dnn", "cnn", False)]
    assert data["predictions"][0]["factor"] == pytest.approx(50_000 / 48_120)
    assert data["summary"]["count"] == 2 and data["summary"]["hits"] == 1 and data["damaged_lines"] == 0
    code, out, _ = run(capsys, "predictions")
    assert code == 0 and "50,000" in out and "48,120" in out and "4% too high." in out
    assert "2 predictions, 1 hit (50%); numbers: 1 of 1 within 10%, 1 within 2×; choices: 0 of 1 right." in out
    with (tmp_path / "predictions.jsonl").open("ab") as f:
        f.write(b"{half a line")
    code, out, err = run(capsys, "predictions")
    assert code == 0 and "50,000" in out  # the readable ones are still listed
    assert err.startswith("cnnlab: One line of the prediction log ") and err.count("\n") == 1


# ------------------------------------------------------------------------------- the lessons' truths
def test_the_lessons_computed_truths_are_the_hand_counts() -> None:
    assert lessons.lenet_c1_side().truth == (32 + 2 * 0 - 5) // 1 + 1  # 28
    assert lessons.lenet_c5_params().truth == 120 * (16 * 5 * 5 + 1)  # 48 120
    assert lessons.color_conv_params().truth == 2 * (3 * 1 * 1 + 1)  # 8
    side = ((32 - 2) // 2 - 2) // 2  # conv 3×3 pad 1, conv 3×3, pool 2, conv pad 1, conv, pool 2: 6
    q = lessons.cifar_dense_params()
    assert q.truth == 512 * (64 * side * side + 1) and q.scale == "log"
    assert str(q.text).startswith("The dense layer reads the 64 maps of 6×6 ")
    assert str(q.explanation) == "parameters = out × (in + 1) = 512 × (64×6×6 + 1) = 1,180,160"


def record(path: str, test_acc: float | None, epochs: int = 2) -> RunRecord:
    return RunRecord(path=Path(path), config={}, results={"test_acc": test_acc, "epochs_done": epochs})


def test_the_lessons_measured_truths_come_from_the_runs() -> None:
    acc = lessons.accuracy_question("mnist-cnn", 2)
    assert str(acc.text) == "What test accuracy will this network reach after 2 epochs?" and acc.truth is None
    known = lessons.accuracy_truth(acc, record("/runs/cnn", 0.9731))
    assert known.truth == pytest.approx(97.31) and known.run == "/runs/cnn"
    assert str(known.explanation).endswith("after 2 epochs of this run; the book reports 98.44%.")
    with pytest.raises(NoTruth):
        lessons.accuracy_truth(acc, record("/runs/cnn", None))
    win = lessons.winner_question("shapes-cnn")
    assert lessons.winner_truth(win, record("/c", 0.95), record("/d", 0.90)).truth == "cnn"
    assert lessons.winner_truth(win, record("/c", 0.85), record("/d", 0.90)).truth == "dnn"
    assert lessons.winner_truth(win, record("/c", 0.9), record("/d", 0.9)).truth == "tie"
    with pytest.raises(NoTruth):
        lessons.winner_truth(win, record("/c", 0.95), None)


def test_the_class_shirts_are_taken_for_comes_from_the_confusion_matrix() -> None:
    classes = get_dataset_spec("fashion-mnist").classes
    assert classes is not None
    q = lessons.confusion_question("fashion-cnn")
    assert "Shirt" not in q.keys() and len(q.keys()) == 9
    matrix = [[0] * 10 for _ in range(10)]
    shirt = classes.index("Shirt")
    matrix[shirt] = [5, 0, 3, 0, 5, 0, 40, 0, 1, 0]  # as many shirts taken for T-shirts as for coats
    known = lessons.confusion_truth(q, matrix, classes, "/runs/f")
    assert known.truth == "T-shirt/top" and known.also_right == ("Coat",)
    assert score(known.answer("Coat")).hit and not score(known.answer("Pullover")).hit
    assert str(known.explanation).startswith("5 of the 14 shirts it got wrong")
    matrix[shirt] = [0] * 6 + [40] + [0] * 3
    with pytest.raises(NoTruth):
        lessons.confusion_truth(q, matrix, classes, "/runs/f")
