"""Continuing a run: stopped, finished or interrupted, it ends exactly as the same run left alone.

The expectation is independent of the resume code: a second, uninterrupted run of the same settings,
compared tensor by tensor with torch.equal. Everything trains on one thread (deterministic on the CPU).
"""

from __future__ import annotations

import json
import socket
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import torch
from helpers_torch import one_thread  # noqa: F401  (fixture)

from cnnlab.cli import main
from cnnlab.engine import Callback, RunControl, TrainConfig
from cnnlab.engine import trainer as trainer_module
from cnnlab.engine.data import DataRequest, load_data
from cnnlab.errors import UserError
from cnnlab.launch import RunPlan, build_trainer
from cnnlab.runs import load_run
from cnnlab.runs.resume import continuation

pytestmark = pytest.mark.usefixtures("one_thread")
DEAD_PID = 2**22 + 4321  # above Linux's largest pid: no process has it


def tiny(**over: object) -> TrainConfig:
    # 160 images -> 144 training images in 5 batches of 32 (the last of 16); one thread: deterministic
    base = dict(dataset="shapes", epochs=4, train_limit=160, batch_size=32, threads=1, seed=3, optimizer="adam",
                lr=3e-3, schedule="one-cycle", augment="flip+shift", weight_decay=0.0)
    base.update(over)
    return TrainConfig(**base)  # type: ignore[arg-type]  # the test's dict of keyword values: mypy cannot see their types


@pytest.fixture(scope="module")
def splits():
    return load_data(DataRequest.for_config(tiny()))


def folder(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    path.mkdir()
    return path


def train(cfg: TrainConfig, splits, run_dir: Path, callbacks=(), control=None, resume=None):
    return build_trainer(RunPlan(cfg, run_dir, resume), list(callbacks), control, splits=splits).fit()


def resume(run_dir: Path, splits, epochs: int | None = None):
    point = continuation(run_dir, epochs)
    return train(point.config, splits, run_dir, resume=point)


def assert_same_weights(a: dict[str, torch.Tensor], b: dict[str, torch.Tensor]) -> None:
    assert a.keys() == b.keys()
    different = [k for k in a if not torch.equal(a[k], b[k])]
    assert different == []


class StopAfterEpoch(Callback):
    def __init__(self, epoch: int) -> None:
        self.epoch = epoch

    def on_epoch_end(self, event) -> None:
        if event.epoch == self.epoch:
            self.request_stop("test stop")


class StopMidEpoch(Callback):
    """Asks the control to stop at the second batch report of ``epoch`` (every batch reports in these tests)."""

    def __init__(self, control: RunControl, epoch: int) -> None:
        self.control, self.epoch = control, epoch

    def on_batch_end(self, event) -> None:
        if event.epoch == self.epoch and event.batch == 2:
            self.control.stop()


def metric_columns(run_dir: Path) -> list[tuple]:
    return [(m["epoch"], m["step"], m["train_loss"], m["train_acc"], m["val_loss"], m["val_acc"], m["lr"])
            for m in load_run(run_dir).metrics]


def test_a_run_stopped_after_two_epochs_and_continued_equals_the_run_left_alone(splits, tmp_path):
    cfg = tiny()
    alone = train(cfg, splits, folder(tmp_path, "alone"))
    run_dir = folder(tmp_path, "stopped")
    first = train(cfg, splits, run_dir, [StopAfterEpoch(2)])
    assert (first.status, first.epochs_done) == ("stopped", 2)
    assert load_run(run_dir).status == "stopped"
    end = resume(run_dir, splits)
    assert (end.status, end.epochs_done) == ("completed", 4)
    assert_same_weights(alone.weights, end.weights)
    assert end.test_loss == alone.test_loss and end.test_acc == alone.test_acc
    assert metric_columns(run_dir) == metric_columns(tmp_path / "alone")  # the curves go on in the same folder
    record = load_run(run_dir)
    assert record.status == "completed" and record.config["epochs"] == 4
    assert [c["from_epoch"] for c in record.config["continued"]] == [2]


def test_a_dropout_model_stopped_in_the_middle_of_an_epoch_continues_bit_identically(
        splits, tmp_path, monkeypatch):
    monkeypatch.setattr(trainer_module, "EMIT_INTERVAL", 0.0)  # every batch reports: the stop lands mid-epoch
    cfg = tiny(model="cifar-cnn", epochs=2)  # dropout draws from torch's global generator
    alone = train(cfg, splits, folder(tmp_path, "alone"))
    run_dir = folder(tmp_path, "mid")
    control = RunControl()
    first = train(cfg, splits, run_dir, [StopMidEpoch(control, 2)], control)
    assert (first.status, first.epochs_done) == ("stopped", 1)
    saved = torch.load(run_dir / "checkpoint.pt", weights_only=True)
    assert saved["training"]["partial"]["batches_done"] == 2  # two of epoch 2's five batches were trained
    end = resume(run_dir, splits)
    assert_same_weights(alone.weights, end.weights)
    assert end.test_loss == alone.test_loss
    assert metric_columns(run_dir) == metric_columns(tmp_path / "alone")


def test_with_a_constant_rate_a_finished_run_continued_to_more_epochs_equals_the_longer_run(
        splits, tmp_path):
    cfg = tiny(schedule="none", optimizer="momentum", lr=0.05)
    long = train(cfg, splits, folder(tmp_path, "four"))
    run_dir = folder(tmp_path, "two")
    short = train(replace(cfg, epochs=2), splits, run_dir)
    assert short.status == "completed"
    end = resume(run_dir, splits, epochs=4)
    assert_same_weights(long.weights, end.weights)
    assert end.test_loss == long.test_loss
    assert json.loads((run_dir / "results.json").read_text())["epochs_done"] == 4


class Killed(BaseException):
    """Stands for the process being killed: no RunEnd, no results.json."""


class KillAfterEpoch(Callback):
    def on_epoch_end(self, event) -> None:
        if event.epoch == 2:
            raise Killed


def test_an_interrupted_run_continues_from_its_last_checkpoint_like_the_run_left_alone(splits, tmp_path):
    cfg = tiny()
    alone = train(cfg, splits, folder(tmp_path, "alone"))
    run_dir = folder(tmp_path, "killed")
    with pytest.raises(Killed):
        train(cfg, splits, run_dir, [KillAfterEpoch()])
    (run_dir / "writer.json").write_text(json.dumps({"pid": DEAD_PID, "host": socket.gethostname()}))
    assert load_run(run_dir).status == "interrupted" and not (run_dir / "results.json").exists()
    end = resume(run_dir, splits)
    assert_same_weights(alone.weights, end.weights)
    assert end.test_loss == alone.test_loss
    assert load_run(run_dir).status == "completed"


def test_continuing_past_the_end_of_a_one_cycle_schedule_keeps_its_final_rate_and_says_so(
        splits, tmp_path):
    run_dir = folder(tmp_path, "cycle")
    train(tiny(epochs=2), splits, run_dir)
    point = continuation(run_dir, 3)
    assert "one-cycle schedule ended with epoch 2" in point.note and "epochs 3–3" in point.note
    final_lr = load_run(run_dir).metrics[-1]["lr"]
    train(point.config, splits, run_dir, resume=point)
    rates = [m["lr"] for m in load_run(run_dir).metrics]
    assert rates[2] == final_lr  # the third epoch trained at the rate the cycle ended with


def test_continuing_to_no_more_epochs_or_a_running_run_is_one_sentence(splits, tmp_path):
    run_dir = folder(tmp_path, "done")
    train(tiny(epochs=2, schedule="none"), splits, run_dir)
    with pytest.raises(UserError, match="has trained 2 epoch\\(s\\); --epochs is the new total"):
        continuation(run_dir, 2)
    with pytest.raises(UserError, match="no checkpoint"):
        empty = folder(tmp_path, "empty")
        (empty / "config.json").write_text("{}")
        (empty / "results.json").write_text(json.dumps({"status": "failed"}))
        continuation(empty)
    (run_dir / "writer.json").write_text(json.dumps({"pid": 1, "host": socket.gethostname()}))
    (run_dir / "results.json").unlink()
    with pytest.raises(UserError, match="still being trained"):
        continuation(run_dir, 4)


def test_cnnlab_train_resume_continues_the_folder_and_refuses_other_settings(capsys, tmp_path):
    run_dir = tmp_path / "cli run"
    args = ["train", "--dataset", "shapes", "--train-limit", "160", "--batch-size", "32", "--threads", "1",
            "--schedule", "none", "--epochs", "1", "--out", str(run_dir), "--quiet"]
    assert main(args) == 0
    assert main(["train", "--resume", str(run_dir), "--epochs", "2", "--lr", "0.5"]) == 2
    assert "--resume continues the run with its own settings" in capsys.readouterr().err
    assert main(["train", "--resume", str(run_dir), "--epochs", "2", "--quiet", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert (summary["status"], summary["epochs"], summary["run_dir"]) == ("completed", 2, str(run_dir))
    assert [m["epoch"] for m in load_run(run_dir).metrics] == [1, 2]
    assert main(["train", "--resume", str(tmp_path / "nowhere")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_each_epochs_weights_are_kept_and_open_as_that_epochs_subject(splits, tmp_path, monkeypatch):
    from cnnlab.engine import History
    from cnnlab.inspection import kernels
    from cnnlab.runs import epochs as history

    run_dir = folder(tmp_path, "history")
    seen = History()  # the weights each EpochEnd carried: the independent record
    train(tiny(epochs=3), splits, run_dir, [seen])
    assert history.saved_epochs(run_dir) == [1, 2, 3]
    for event in seen.epochs:
        subject = history.epoch_subject(run_dir, event.epoch, splits.test)
        assert subject.epoch == event.epoch
        assert_same_weights(event.weights, subject.model.state_dict())
    first = kernels(history.epoch_subject(run_dir, 1, splits.test).model)[0].weight
    last = kernels(history.epoch_subject(run_dir, 3, splits.test).model)[0].weight
    assert not np.array_equal(first, last)  # the kernels the slider shows do change with the epoch
    with pytest.raises(UserError, match="no weights for epoch 7; it keeps epochs 1–3"):
        history.epoch_subject(run_dir, 7, splits.test)
    monkeypatch.setattr(history, "HISTORY_MAX_BYTES", 1000)  # the shape CNN's 80 kB is now "a big model"
    big = folder(tmp_path, "big")
    train(tiny(epochs=2), splits, big)
    assert history.saved_epochs(big) == [] and (big / "checkpoint.pt").is_file()


def test_a_checkpoint_without_training_state_is_one_sentence(splits, tmp_path):
    run_dir = folder(tmp_path, "old")
    train(tiny(epochs=1, schedule="none"), splits, run_dir)
    data = torch.load(run_dir / "checkpoint.pt", weights_only=True)
    del data["training"]  # as a checkpoint written before runs could be continued
    torch.save(data, run_dir / "checkpoint.pt")
    with pytest.raises(UserError, match="holds no training state .* can be evaluated but not continued"):
        continuation(run_dir, 2)


def test_a_continuation_that_fails_before_training_leaves_the_run_as_it_was(splits, tmp_path):
    run_dir = folder(tmp_path, "kept")
    train(tiny(epochs=2, schedule="none"), splits, run_dir)
    before = json.loads((run_dir / "results.json").read_text())
    other = load_data(DataRequest.for_config(tiny(train_limit=200)))  # 180 training images: other batches
    point = continuation(run_dir, 3)
    with pytest.raises(UserError, match="cannot be continued on this data"):
        train(point.config, other, run_dir, resume=point)
    assert json.loads((run_dir / "results.json").read_text()) == before  # its test accuracy is not lost
    record = load_run(run_dir)
    assert record.status == "completed" and [m["epoch"] for m in record.metrics] == [1, 2]
    assert not (run_dir / "writer.json").exists()
