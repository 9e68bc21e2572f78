"""Sweeps in the window: the New sweep form's trial count, its problems in the form's own words and its base as
the setup names it, a sweep trained off the GUI thread (in the window's own training process) with Start held
meanwhile, its results (mean ± std against the trials' own results.json), Train this setup, a bad sweep file as
one sentence before any question, and Compare's verdict on seed-to-seed variation."""

from __future__ import annotations

import json
import statistics
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from app_testing import RUN_TIMEOUT_MS, configure
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog

from cnnlab.launch.process import ProcessPool, TrainingProcess, shared_pool
from cnnlab.runs.compare import Comparison
from ui import i18n
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
    assert form.note.text() == "Learning rates: Learning rate must be above 0 and at most 10."


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[None]:
    assert i18n.install(qapp, "zh_CN") == "zh_CN"
    yield
    i18n.install(qapp, "en")


PROBLEMS = [  # (box, text, the note: the box named as the form labels it, never a sweep file's key)
    ("seeds", "0", "Seeds (repeats): give at least one seed."),
    ("seeds", "1, 1", "Seeds (repeats): 1 is listed twice."),
    ("seeds", "3, -1", "Seeds (repeats): Seed cannot be negative."),
    ("seeds", "three", "Seeds (repeats): give a count (3: seeds 1, 2, 3) or seeds separated by commas (7, 8, 9)."),
    ("lrs", "0.01, 0.01", "Learning rates: 0.01 is listed twice."),
    ("lrs", "0.001, fast", "Learning rates: give numbers separated by commas."),
    ("lrs", ",", "Learning rates: give at least one value, or leave the box empty for the setup's."),
    ("batch_sizes", "16, 1", "Batch sizes: Batch size must be at least 2 (batch norm needs two images)."),
    ("name", "my sweep!", "Name: use letters, digits, '.', '-' and '_', starting with a letter or digit (the name is "
                          "the sweep's folder)."),
]


@pytest.mark.parametrize(("box", "text", "note"), PROBLEMS)
def test_the_forms_problems_name_its_own_boxes(qtbot, box: str, text: str, note: str) -> None:
    form = SweepForm(dict(BASE))
    qtbot.addWidget(form)
    getattr(form, box).setText(text)
    assert form.spec is None and not form.start_button.isEnabled()
    assert form.note.text() == note


def test_a_search_with_nothing_but_seeds_is_said_of_the_search_box(qtbot) -> None:
    form = SweepForm(dict(BASE))
    qtbot.addWidget(form)
    form.lrs.setText("")
    form.search.setCurrentIndex(form.search.findData("random"))
    assert form.spec is None
    assert form.note.text() == ("Search: a random or Bayesian search chooses among learning rates or batch sizes; to "
                                "repeat the setup over seeds alone, choose Grid.")
    form.search.setCurrentIndex(form.search.findData("grid"))  # repeats of the setup alone: a grid of one
    assert form.spec is not None and form.spec.total_runs == 3


def test_the_chinese_form_names_its_box_and_the_setups_titles(qtbot, chinese: None) -> None:
    form = SweepForm({**BASE, "train_limit": None, "epochs": 2})
    qtbot.addWidget(form)
    form.seeds.setText("0")
    assert "vary" not in form.note.text() and "扫描" not in form.note.text()  # not the sweep file's key
    assert form.note.text().startswith(form.labels["seed"]) and form.labels["seed"] != "Seeds (repeats)"
    # shapes and default as the setup's pickers name them
    assert form.base_text.text() == "基础设置：几何形状，shape-cnn，2 轮，方案 默认"


def test_the_base_line_names_a_design_by_its_name_and_says_the_train_limit(qtbot, tmp_path: Path) -> None:
    design = str(tmp_path / "designs" / "my-net.yaml")
    form = SweepForm({**BASE, "model": design})
    qtbot.addWidget(form)
    assert form.name.text() == "shapes-my-net"
    assert form.base_text.text() == "Base: Shapes, my-net, 1 epoch(s), recipe default, 128 training images"
    assert form.spec is not None and form.spec.base["model"] == design  # the trials train the file itself


def test_a_sweep_trains_off_the_gui_thread_and_shows_its_spread(
        window, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CNNLAB_RUNS", str(tmp_path / "runs"))
    configure(window, epochs="1", train_limit="128", batch_size="32")
    tools = window.sweeps
    pool = shared_pool()  # the window's training processes: one worker trains in its idle one
    pool.warm()
    warm = list(pool._idle)
    taken: list[TrainingProcess] = []

    def acquire() -> TrainingProcess:
        taken.append(ProcessPool.acquire(pool))
        return taken[-1]
    monkeypatch.setattr(pool, "acquire", acquire)
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
    assert len(warm) == 1 and len(taken) == 4 and taken[0] is warm[0]  # the first trial: the window's idle process
    # (started long before, not one that begins training straight after importing torch); later trials take the
    # pool's idle process, which the window may have replaced meanwhile

    view = tools.view.results
    assert view.picker.currentText() == "lr-two" and view.table.rowCount() == 2
    seconds = view.table.horizontalHeaderItem(4)  # after Learning rate, Seeds, Runs and Test accuracy
    assert seconds.text() == "Train s" and "training batches only" in seconds.toolTip()
    assert seconds.toolTip() in view.summary.text()  # said under the table too
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


def test_open_sweep_file_reads_the_file_before_it_asks_how_many_trials_train_at_once(
        window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: x\nvary: {lr: [0.001\n", encoding="utf-8")
    weights = tmp_path / "model.pt"
    weights.write_bytes(b"\x80\x02}q\x00(X\x05\x00\x00\x00model")  # a pickle's first bytes: not text
    good = tmp_path / "good.yaml"
    good.write_text("name: y\nbase: {epochs: 1, train_limit: 64}\nvary: {seed: [1]}\n", encoding="utf-8")
    asked: list[Any] = []
    started: list[tuple[str, int]] = []

    def ask(*args: Any) -> tuple[int, bool]:
        asked.append(args)
        return 2, True

    def start(spec: Any, workers: int = 1) -> bool:
        started.append((spec.name, workers))
        return True
    monkeypatch.setattr(QInputDialog, "getInt", ask)
    monkeypatch.setattr(window.sweeps, "start", start)
    for path, said in ((broken, "is not valid YAML"), (weights, "cannot be read: it is not UTF-8 text")):
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, chosen=path: (str(chosen), ""))
        window.sweeps.choose_file()
        assert said in window.status_text() and not asked and not started
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (str(good), ""))
    window.sweeps.choose_file()
    assert len(asked) == 1 and started == [("y", 2)]


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
