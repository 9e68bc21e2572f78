"""Same seed, same run: the thread counts a run trains with are recorded, a continuation replays them, and
``--reproducible`` fixes the count and turns on deterministic algorithms.

The load is simulated by forcing what the thread measurement picks (the chooser is replaced): on a
real machine it picks whatever count the other programs leave fastest. The expectations are
independent of the code under test: a second, uninterrupted run compared tensor by tensor, and the
batch a count took over counted by hand (160 images, a tenth held out: 144 training images in 5
batches of 32, the last of 16).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import torch

from cnnlab.cli import main
from cnnlab.engine import Callback, TrainConfig
from cnnlab.engine import trainer as trainer_module
from cnnlab.engine.config import resolve_config
from cnnlab.engine.data import DataRequest, load_data
from cnnlab.engine.thread_choice import ThreadChooser
from cnnlab.engine.threads import ThreadPolicy
from cnnlab.engine.train_state import recorded_threads
from cnnlab.errors import TrainingError
from cnnlab.launch import RunPlan, build_trainer, fit, plan_continuation
from cnnlab.runs import load_run

BATCHES = 5  # per epoch, by hand: 144 training images in batches of 32 (the last of 16)


def tiny(**over: object) -> TrainConfig:
    base = dict(dataset="shapes", epochs=2, train_limit=160, batch_size=32, seed=3, optimizer="momentum", lr=0.05,
                schedule="none", augment="flip+shift", weight_decay=0.0, device="cpu")
    base.update(over)
    return TrainConfig(**base)  # type: ignore[arg-type]  # the test's dict of keyword values: mypy cannot see their types


@pytest.fixture(scope="module")
def splits():
    return load_data(DataRequest.for_config(tiny()))


class Load:
    """What the thread measurement picks under the machine's load of the moment (set ``count`` to change it)."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.choices = 0  # measurements made (a run with a fixed or replayed count makes none)

    def choose(self, chooser: ThreadChooser, run) -> None:
        if run.threads.auto:
            self.choices += 1
            torch.set_num_threads(self.count)
            run.threads.chose(self.count, {}, 0.0, None)


@pytest.fixture
def load(monkeypatch: pytest.MonkeyPatch) -> Iterator[Load]:
    picked = Load(1)  # one thread: what a busy machine picks, and quick on one
    monkeypatch.setattr(ThreadChooser, "choose", lambda chooser, run: picked.choose(chooser, run))
    before = torch.get_num_threads()
    yield picked
    assert torch.get_num_threads() == before  # every run gives the caller its count back
    assert not torch.are_deterministic_algorithms_enabled()  # and its deterministic setting


class StopAfterEpoch(Callback):
    def __init__(self, epoch: int) -> None:
        self.epoch = epoch

    def on_epoch_end(self, event) -> None:
        if event.epoch == self.epoch:
            self.request_stop("test stop")


def train(cfg: TrainConfig, splits, run_dir: Path, callbacks=()):
    run_dir.mkdir()
    plan = RunPlan(resolve_config(cfg), run_dir)
    return fit(build_trainer(plan, list(callbacks), splits=splits), plan)


def resume(plan: RunPlan, splits):
    return fit(build_trainer(plan, splits=splits), plan)


def same_weights(a: dict[str, torch.Tensor], b: dict[str, torch.Tensor]) -> bool:
    assert a.keys() == b.keys()
    return all(torch.equal(a[k], b[k]) for k in a)


def results(run_dir: Path) -> dict:
    return json.loads((run_dir / "results.json").read_text())


def test_a_continuation_replays_the_recorded_count_whatever_the_load_now(splits, tmp_path, load):
    alone = train(tiny(), splits, tmp_path / "alone")  # the measurement picks 1 thread throughout
    stopped = tmp_path / "stopped"
    first = train(tiny(), splits, stopped, [StopAfterEpoch(1)])
    assert (first.status, first.epochs_done) == ("stopped", 1)
    saved = torch.load(stopped / "checkpoint.pt", weights_only=True)
    assert saved["training"]["threads"] == [{"from_step": 0, "threads": 1}]
    assert load_run(stopped).config["threads"] is None  # the setting stays "measured"
    shutil.copytree(stopped, tmp_path / "overridden")

    load.count = 2  # the machine got quieter: a measurement now would pick two threads
    choices = load.choices
    plan = plan_continuation(stopped)
    assert plan.with_threads(2) is plan  # the app's own default count does not override the recorded one either
    assert not plan.threads_differ and "the 1 CPU thread(s) the run last used" in plan.threads_note
    end = resume(plan, splits)
    assert load.choices == choices  # nothing was measured: the count was replayed
    assert same_weights(alone.weights, end.weights)
    assert end.test_loss == alone.test_loss
    assert results(stopped)["threads_used"] == [{"from_step": 0, "threads": 1}]

    # the same continuation told to use two threads: warned, recorded from the batch it took over, and different
    plan = plan_continuation(tmp_path / "overridden", given=TrainConfig(threads=2))
    assert plan.threads_differ and "instead of the 1 the run last used" in plan.threads_note
    other = resume(plan, splits)
    assert not same_weights(alone.weights, other.weights)  # the count changes the arithmetic: replaying matters
    assert results(tmp_path / "overridden")["threads_used"] == [{"from_step": 0, "threads": 1},
                                                                {"from_step": BATCHES, "threads": 2}]


def test_an_uninterrupted_run_records_its_counts_and_device(splits, tmp_path, load):
    end = train(tiny(epochs=1), splits, tmp_path / "run")
    assert end.status == "completed"
    config = load_run(tmp_path / "run").config
    assert (config["device_used"], config["deterministic"], config["threads_used"]) == \
        ("cpu", False, [{"from_step": 0, "threads": 1}])
    assert {k: results(tmp_path / "run")[k] for k in ("device", "deterministic", "threads_used")} == \
        {"device": "cpu", "deterministic": False, "threads_used": [{"from_step": 0, "threads": 1}]}


def cli_args(run_dir: Path, *extra: str) -> list[str]:
    return ["train", "--dataset", "shapes", "--train-limit", "160", "--batch-size", "32", "--schedule", "none",
            "--optimizer", "momentum", "--lr", "0.05", "--seed", "3", "--epochs", "1", "--device", "cpu",
            "--out", str(run_dir), "--quiet", *extra]


def test_reproducible_runs_fix_and_record_the_count_and_are_identical_whatever_the_load(tmp_path, load, capsys):
    before = torch.get_num_threads()
    try:
        torch.set_num_threads(2)
        assert main(cli_args(tmp_path / "a", "--reproducible", "--json")) == 0
        load.count = 2  # another load: measured, the count would differ
        torch.set_num_threads(1)  # and so does the caller's
        assert main(cli_args(tmp_path / "b", "--reproducible")) == 0
    finally:
        torch.set_num_threads(before)
    assert load.choices == 0  # a reproducible run measures nothing
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["reproducible"] and summary["threads_used"] == [{"from_step": 0, "threads": 1}]
    for run in ("a", "b"):
        config = load_run(tmp_path / run).config
        assert (config["reproducible"], config["threads"], config["deterministic"]) == (True, 1, True)
        assert results(tmp_path / run)["threads_used"] == [{"from_step": 0, "threads": 1}]
        assert results(tmp_path / run)["deterministic"] is True
    a = torch.load(tmp_path / "a" / "checkpoint.pt", weights_only=True)
    b = torch.load(tmp_path / "b" / "checkpoint.pt", weights_only=True)
    assert same_weights(a["state_dict"], b["state_dict"])
    assert results(tmp_path / "a")["test_loss"] == results(tmp_path / "b")["test_loss"]


def test_threads_on_resume_warns_even_quietly_and_a_replay_says_so(tmp_path, load, capsys):
    run_dir = tmp_path / "run"
    assert main(cli_args(run_dir)) == 0  # measured: 1 thread
    capsys.readouterr()
    load.count = 2  # measured now, the count would be 2
    assert main(["train", "--resume", str(run_dir), "--epochs", "2"]) == 0  # replays the 1 it last used
    assert "The continuation trains with the 1 CPU thread(s) the run last used" in capsys.readouterr().err
    assert results(run_dir)["threads_used"] == [{"from_step": 0, "threads": 1}]  # no change, no new entry
    assert main(["train", "--resume", str(run_dir), "--epochs", "3", "--threads", "2", "--quiet"]) == 0
    err = capsys.readouterr().err.strip().splitlines()  # first the warning; the training doctor may follow
    assert err[0] == ("The continuation trains with 2 CPU thread(s) instead of the 1 the run "
                      "last used, so its result will differ from that of the run left alone.")
    assert all(line.startswith(("The training doctor found", " ")) for line in err[1:])
    assert results(run_dir)["threads_used"] == [{"from_step": 0, "threads": 1},
                                                {"from_step": 2 * BATCHES, "threads": 2}]


def test_an_operation_without_a_deterministic_kernel_is_one_sentence(splits, monkeypatch, tmp_path):
    def no_deterministic_kernel(*args: object) -> None:  # torch's own wording, as on a GPU
        raise RuntimeError("adaptive_avg_pool2d_backward_cuda does not have a deterministic implementation, but you "
                           "set 'torch.use_deterministic_algorithms(True)'.")

    monkeypatch.setattr(trainer_module, "classification_loss", no_deterministic_kernel)
    with pytest.raises(TrainingError) as caught:
        train(tiny(epochs=1, reproducible=True), splits, tmp_path / "run")
    assert str(caught.value) == ("The model uses adaptive_avg_pool2d_backward_cuda, which has no deterministic "
                                 "version on cpu, so it cannot train reproducibly there; train it on the CPU, or "
                                 "without Reproducible.")
    assert not torch.are_deterministic_algorithms_enabled()


def test_the_record_notes_each_change_from_the_batch_it_took_over() -> None:
    policy = ThreadPolicy(None, (1, 2))
    for step, count in [(0, 2), (0, 1), (7, 1), (9, 2), (12, 2)]:
        policy.in_use(step, count)
    assert policy.used == [{"from_step": 0, "threads": 1}, {"from_step": 9, "threads": 2}]
    assert recorded_threads({"threads": policy.used}) == 2
    assert recorded_threads({}) is None  # a checkpoint from before runs recorded their counts
    assert recorded_threads({"threads": [{"from_step": 0, "threads": "2"}]}) is None  # not a count


def test_reproducible_fixes_one_thread_unless_a_count_is_given() -> None:
    assert resolve_config(TrainConfig(reproducible=True)).threads == 1
    assert resolve_config(TrainConfig(reproducible=True, threads=3)).threads == 3
    assert resolve_config(TrainConfig()).threads is None  # a new run's default stays the fastest, measured
