"""Sweeps in the window: the New sweep form's trial count, a sweep trained off the GUI thread with Start held
meanwhile, its results (mean ± std against the trials' own results.json), Train this setup, a bad sweep file as
one sentence, and Compare's verdict on seed-to-seed variation."""

from __future__ import annotations

import json
import statistics
from pathlib import Path

import pytest
from app_testing import RUN_TIMEOUT_MS, configure

from cnnlab.runs.compare import Comparison
from ui.sweeps.form import SweepForm, seeds_of, sweep_data

BASE = {"dataset": "shapes", "model": "shape-cnn", "recipe": "default", "epochs": 1, "batch_size": 32, "lr": 0.003,
        "seed": 0, "out_dir": None, "train_limit": 128, "threads": None}


def test_seeds_are_a_count_or_a_list_and_the_form_builds_a_sweep_file() -> None:
    assert seeds_of("3") == [1, 2, 3]
    assert seeds_of("7, 9") == [7, 9]
    assert seeds_of("5,") == [5]
    data = sweep_data("s", BASE, "0.001, 0.01", "2", "16 32", "grid", 20)
    assert data["vary"] == {"lr": [0.001, 0.01], "batch_size": [16, 32], "seed": [1, 2]}
    assert "lr" not in data["base"] and "seed" not in data["base"] and "out_dir" not in data["base"]
    assert "trials" not in data  # a grid tries its own combinations
    with pytest.raises(ValueError):
        sweep_data("s", BASE, "0.001, fast", "2", "", "grid", 20)


def test_the_form_counts_the_trials_and_says_a_bad_value_in_one_sentence(qtbot) -> None:
    form = SweepForm(dict(BASE))
    qtbot.addWidget(form)
    form.lrs.setText("0.001, 0.003, 0.01")
    form.seeds.setText("3")
    assert form.spec is not None and form.spec.total_runs == 9
    assert "3 configuration(s) × 3 seed(s) = 9 trial(s)" in form.note.text()
    form.search.setCurrentIndex(form.search.findData("random"))
    form.trials.setValue(4)
    assert form.spec is not None and form.spec.total_runs == 12  # 4 sampled configurations × 3 seeds
    form.lrs.setText("0.001, -1")
    assert form.spec is None and not form.start_button.isEnabled()
    assert "vary.lr" in form.note.text() and "\n" not in form.note.text()


def test_a_sweep_trains_off_the_gui_thread_and_shows_its_spread(
        window, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CNNLAB_RUNS", str(tmp_path / "runs"))
    configure(window, epochs="1", train_limit="128", batch_size="32")
    tools = window.sweeps
    form = SweepForm(tools.base() or {}, window)
    qtbot.addWidget(form)
    form.name.setText("lr-two")
    form.lrs.setText("0.0003, 0.01")
    form.seeds.setText("1, 2")
    assert form.spec is not None and form.spec.total_runs == 4
    with qtbot.waitSignal(tools.sweepEnded, timeout=4 * RUN_TIMEOUT_MS) as ended:
        assert tools.start(form.spec, 1)
        assert not window.start_action.isEnabled() and not window.start()  # one run at a time
        assert "sweep is training" in window.status_text()
        assert not tools.start(form.spec, 1)  # nor a second sweep
    qtbot.waitUntil(lambda: not tools.running(), timeout=RUN_TIMEOUT_MS)
    results = ended.args[0]
    assert results is not None and results.states() == {"completed": 4}
    assert window.start_action.isEnabled()
    assert tools.view.bar.value() == 4  # the progress followed every trial

    view = tools.view.results
    assert view.picker.currentText() == "lr-two" and view.table.rowCount() == 2
    by_lr: dict[float, list[float]] = {}
    for run in (tmp_path / "runs").iterdir():
        if (run / "sweep.json").is_file():
            config = json.loads((run / "config.json").read_text(encoding="utf-8"))
            acc = json.loads((run / "results.json").read_text(encoding="utf-8"))["test_acc"]
            by_lr.setdefault(config["lr"], []).append(acc)
    assert sorted(by_lr) == [0.0003, 0.01] and all(len(v) == 2 for v in by_lr.values())
    for row, lr in enumerate([0.0003, 0.01]):  # the file's order
        expected = f"{100 * statistics.fmean(by_lr[lr]):.2f} ± {100 * statistics.stdev(by_lr[lr]):.2f}"
        assert view.table.item(row, 3).text() == expected
    best_lr = max(by_lr, key=lambda lr: statistics.fmean(by_lr[lr]))
    best_row = [0.0003, 0.01].index(best_lr)
    assert view.table.item(best_row, 0).font().bold() and not view.table.item(1 - best_row, 0).font().bold()

    view.train_button.click()  # Train this setup: the best configuration in the setup, ready to Start
    assert float(window.setup.hyper.texts()["lr"]) == best_lr
    assert window.setup.hyper.texts()["seed"] == "1"

    compared: list[Comparison] = []
    window.runs_view.compared.connect(compared.append)
    a, b = (Path(results.configs[i].runs[0]) for i in (0, 1))
    window.runs_view.compare(a, b)
    qtbot.waitUntil(lambda: bool(compared), timeout=RUN_TIMEOUT_MS)
    noise = compared[0].noise
    assert noise is not None and noise.a.n == 2 and noise.b.n == 2  # each side's two seeds
    label = window.runs_view.comparison.noise
    assert label.text() == str(noise.sentence()) and not label.isHidden()


def test_a_bad_sweep_file_or_a_training_run_refuses_in_one_sentence(
        window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nvary: {lr: [0.001, -1]}\n", encoding="utf-8")
    assert not window.sweeps.start_file(bad)
    assert "vary.lr" in window.status_text() and "\n" not in window.status_text()
    assert not window.sweeps.running()
    good = tmp_path / "good.yaml"
    good.write_text("name: y\nbase: {epochs: 1, train_limit: 64}\nvary: {seed: [1]}\n", encoding="utf-8")
    monkeypatch.setattr(window.runs, "is_running", lambda: True)  # a normal run trains
    assert not window.sweeps.start_file(good)
    assert window.status_text() == "A run is training: start the sweep once it has ended."
