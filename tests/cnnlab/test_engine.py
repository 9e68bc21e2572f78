"""The training engine: learning, reproducibility, stop / pause, events, failures, checkpoints,
run folders, configuration, augmentation, the auxiliary loss and devices.

Runs are tiny (the generated shapes set, a few hundred images, one or two epochs) so the whole
file takes seconds on two CPU cores.
"""

from __future__ import annotations

import json
import math
import threading
from pathlib import Path
from typing import Any

import pytest
import torch
from helpers_torch import SteppingClock, one_thread, use_clock  # noqa: F401  (one_thread: a fixture)
from torch import nn

from cnnlab.datasets import load_dataset
from cnnlab.engine import (
    BatchEnd,
    Callback,
    EpochEnd,
    History,
    RunControl,
    RunEnd,
    RunStarted,
    TrainConfig,
    Trainer,
    load_checkpoint,
    resolve_config,
)
from cnnlab.engine import run_state as run_state_module
from cnnlab.engine import trainer as trainer_module
from cnnlab.engine.callbacks import EarlyStopping
from cnnlab.engine.data import augment, random_flip, random_shift
from cnnlab.engine.device import available_devices, resolve_device
from cnnlab.engine.steps import classification_loss
from cnnlab.errors import TrainingError, UserError
from cnnlab.launch import RunPlan, build_trainer
from cnnlab.models import build_model
from cnnlab.runs.store import load_run, prepare_run_dir

pytestmark = pytest.mark.usefixtures("one_thread")

SHAPE_CLASSES = ["circle", "rectangle", "triangle", "diamond", "line"]  # REFERENCE §1


def small_config(**changes: object) -> TrainConfig:
    """Shapes with the shape CNN on a few hundred images: a run of about a second."""
    base: dict[str, object] = dict(dataset="shapes", model="shape-cnn", epochs=2, train_limit=400, device="cpu")
    base.update(changes)
    return TrainConfig(**base)  # type: ignore[arg-type]  # the test's dict of keyword values: mypy cannot see their types


def fit(config: TrainConfig, *callbacks: Callback, control: RunControl | None = None, run_dir: Path | None = None,
        counter: TrainingForwardCounter | None = None) -> tuple[RunEnd, History, Trainer]:
    """Train with a History first in line; ``counter`` gets the trainer so it can hook the model."""
    history = History()
    extra = [counter] if counter is not None else []
    trainer = build_trainer(RunPlan(config, run_dir), [history, *extra, *callbacks], control)
    if counter is not None:
        counter.trainer = trainer
    end = trainer.fit()
    return end, history, trainer


class TrainingForwardCounter(Callback):
    """Counts the model's forward calls in training mode (evaluation runs in eval mode)."""

    def __init__(self) -> None:
        self.trainer: Trainer | None = None
        self.calls = 0

    def on_run_begin(self, event: RunStarted) -> None:
        assert self.trainer is not None and self.trainer.model is not None
        self.trainer.model.register_forward_pre_hook(self._count)

    def _count(self, module: nn.Module, args: tuple) -> None:
        if module.training:
            self.calls += 1


# --- learning and reproducibility -------------------------------------------------------------

def test_loss_falls_over_two_epochs() -> None:
    end, history, _ = fit(small_config(train_limit=1000))
    assert end.status == "completed" and end.epochs_done == 2
    assert [e.epoch for e in history.epochs] == [1, 2]
    assert history.epochs[1].train_loss < history.epochs[0].train_loss
    assert end.test_acc is not None and end.test_acc > 1 / 5  # better than guessing among five shapes


def test_same_seed_same_run_other_seed_other_run() -> None:
    config = small_config(epochs=2, train_limit=300, threads=1)  # fixed: auto may pick another count when busy
    a_end, a, _ = fit(config)
    b_end, b, _ = fit(config)
    # (exact equality of the training losses is the next test's subject)
    for x, y in zip(a.epochs, b.epochs, strict=False):
        assert math.isclose(x.train_loss, y.train_loss, rel_tol=1e-6) and x.train_acc == y.train_acc
    assert [e.val_loss for e in a.epochs] == [e.val_loss for e in b.epochs]
    assert a_end.weights.keys() == b_end.weights.keys()
    assert all(torch.equal(a_end.weights[k], b_end.weights[k]) for k in a_end.weights)
    c_end, c, _ = fit(small_config(epochs=2, train_limit=300, seed=1, threads=1))
    assert [e.train_loss for e in a.epochs] != [e.train_loss for e in c.epochs]
    assert not torch.equal(a_end.weights["conv1.weight"], c_end.weights["conv1.weight"])


@pytest.mark.parametrize("step", [0.01, 0.02])
def test_epoch_loss_does_not_depend_on_how_often_progress_is_reported(monkeypatch: pytest.MonkeyPatch,
                                                                     step: float) -> None:
    """Same seed, same batches: the epoch's loss must be the same number whether a progress event
    came after every few batches or only at the epoch's end (it must not depend on timing)."""
    config = small_config(epochs=2, train_limit=400, batch_size=8, threads=1)  # one count: the same float sums
    use_clock(monkeypatch, SteppingClock(0.0))  # a frozen clock: one event per epoch
    _, rare, _ = fit(config)
    use_clock(monkeypatch, SteppingClock(step))  # an event every few batches
    _, often, _ = fit(config)
    assert len(rare.batches) == 2 and len(often.batches) > 10
    assert [e.train_loss for e in often.epochs] == [e.train_loss for e in rare.epochs]
    assert [e.train_acc for e in often.epochs] == [e.train_acc for e in rare.epochs]


# --- stop and pause ---------------------------------------------------------------------------

class StopAtFirstBatchEnd(Callback):
    def __init__(self, control: RunControl, counter: TrainingForwardCounter) -> None:
        self.control, self.counter = control, counter
        self.calls_at_stop: int | None = None
        self.step_at_stop: int | None = None

    def on_batch_end(self, event: BatchEnd) -> None:
        if self.calls_at_stop is None:
            self.calls_at_stop, self.step_at_stop = self.counter.calls, event.step
            self.control.stop()


def test_stop_ends_the_run_within_one_batch(tmp_path: Path) -> None:
    control, counter = RunControl(), TrainingForwardCounter()
    stopper = StopAtFirstBatchEnd(control, counter)
    run_dir = prepare_run_dir(str(tmp_path / "run"), "shapes", "shape-cnn")
    end, history, _ = fit(small_config(batch_size=4, train_limit=1000), stopper, control=control,
                          run_dir=run_dir, counter=counter)
    assert end.status == "stopped" and history.end is end
    assert stopper.calls_at_stop is not None and stopper.step_at_stop == stopper.calls_at_stop
    assert counter.calls - stopper.calls_at_stop <= 1
    assert counter.calls < 2 * 250  # far from the two epochs of 250 batches asked for
    assert end.test_acc is None  # a stopped run is not tested
    results = json.loads((run_dir / "results.json").read_text())
    assert results["status"] == "stopped"
    saved = load_checkpoint(run_dir / "checkpoint.pt")  # the weights where it stopped
    assert all(torch.equal(saved.model.state_dict()[k], end.weights[k]) for k in end.weights)


def test_stop_before_the_first_batch() -> None:
    control, counter = RunControl(), TrainingForwardCounter()
    control.stop()
    end, history, _ = fit(small_config(), control=control, counter=counter)
    assert end.status == "stopped" and end.epochs_done == 0
    assert counter.calls == 0 and history.batches == [] and history.epochs == []


class HeldControl(RunControl):
    """A RunControl that says (``held``) once the trainer is blocked in a pause."""

    def __init__(self) -> None:
        super().__init__()
        self.held = threading.Event()

    def wait_while_paused(self) -> float:
        if self.paused:
            self.held.set()
        return super().wait_while_paused()


class PauseAtFirstBatchEnd(Callback):
    """Pauses at the first BatchEnd."""

    def __init__(self, control: RunControl, counter: TrainingForwardCounter) -> None:
        self.control, self.counter = control, counter
        self.calls_at_pause: int | None = None

    def on_batch_end(self, event: BatchEnd) -> None:
        if self.calls_at_pause is None:
            self.control.pause()
            self.calls_at_pause = self.counter.calls


def test_pause_blocks_training_and_is_not_counted_as_training_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """The trainer's clock is a stepping one: while the run is held, the test moves it on by 1,000 s; none of
    that may count, and the run must train exactly as far as the same run never paused."""
    config = small_config(train_limit=200, batch_size=16, threads=1)  # a fixed count: no probe reads the clock
    use_clock(monkeypatch, SteppingClock(0.001))
    reference, _, _ = fit(config)
    clock = SteppingClock(0.001)
    use_clock(monkeypatch, clock)
    control, counter = HeldControl(), TrainingForwardCounter()
    pauser = PauseAtFirstBatchEnd(control, counter)
    seen: dict[str, int] = {}

    def hold_then_resume() -> None:
        assert control.held.wait(60), "the trainer never blocked in the pause"
        seen["while_held"] = counter.calls
        clock.now += 1000.0  # a long pause, as the trainer's clock sees it
        seen["after_the_wait"] = counter.calls  # still none trained: the trainer is blocked
        control.resume()

    helper = threading.Thread(target=hold_then_resume)
    helper.start()
    end, _, _ = fit(config, pauser, control=control, counter=counter)
    helper.join()
    assert end.status == "completed" and end.epochs_done == 2
    assert seen["while_held"] == seen["after_the_wait"] == pauser.calls_at_pause  # no batch while paused
    assert counter.calls > (pauser.calls_at_pause or 0)  # and training went on afterwards
    assert end.train_seconds < 1.0  # the 1,000 s held are not training time…
    assert end.train_seconds == pytest.approx(reference.train_seconds, abs=0.01)  # …the batches' time is
    assert end.test_acc == reference.test_acc  # the same run, paused or not


# --- events -----------------------------------------------------------------------------------

def test_batch_events_are_coalesced_and_add_up_to_the_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    config = small_config(batch_size=4, train_limit=1000, threads=1)  # 250 batches per epoch
    use_clock(monkeypatch, SteppingClock(0.005))  # the trainer's clock: 5 ms a reading, whatever the machine
    end, history, _ = fit(config)
    batches = history.batches
    assert batches and all(b.batches == 250 and b.total_steps == 500 for b in batches)
    # at most one every EMIT_INTERVAL of training, plus the one at each epoch's end
    assert len(batches) <= end.train_seconds / trainer_module.EMIT_INTERVAL + 2 * 2
    steps = [b.step for b in batches]
    assert steps == sorted(set(steps)) and steps[-1] == 500
    for epoch in history.epochs:
        mine = [b for b in batches if b.epoch == epoch.epoch]
        assert mine[-1].batch == 250  # the epoch's last batch is always reported
        # each event's loss is the mean over the batches since the previous one
        counts, previous = [], 0
        for b in mine:
            counts.append(b.batch - previous)
            previous = b.batch
        mean_loss = sum(b.loss * n for b, n in zip(mine, counts, strict=False)) / 250
        mean_acc = sum(b.acc * n for b, n in zip(mine, counts, strict=False)) / 250
        assert math.isclose(mean_loss, epoch.train_loss, rel_tol=1e-4)
        assert math.isclose(mean_acc, epoch.train_acc, rel_tol=1e-6)
    assert history.started is not None and history.started.steps_per_epoch == 250
    assert history.started.train_size == 1000 and history.started.val_size == 500


@pytest.mark.parametrize("step", [0.001, 0.002, 0.003])
def test_an_epoch_s_last_point_averages_no_fewer_batches_than_the_others(monkeypatch: pytest.MonkeyPatch,
                                                                        step: float) -> None:
    """The epoch's last batch always reports; were it alone in its event, the curve would end each
    epoch with a spike (one small batch's loss beside means over many)."""
    use_clock(monkeypatch, SteppingClock(step))  # events every few batches, evenly
    _, history, _ = fit(small_config(batch_size=4, train_limit=1000, threads=1))  # 250 batches per epoch
    for epoch in history.epochs:
        ends = [b.batch for b in history.batches if b.epoch == epoch.epoch]
        windows = [n - p for p, n in zip([0, *ends], ends, strict=False)]  # batches in each event
        assert len(windows) > 2 and ends[-1] == 250
        assert windows[-1] >= min(windows[1:-1]), windows  # the first may be shorter (the epoch's start)


@pytest.mark.parametrize("batches,epochs", [(4, 1), (2, 2), (1, 3), (3, 1), (5, 1)])
def test_one_cycle_schedule_works_for_very_short_runs(batches: int, epochs: int) -> None:
    """A handful of steps in all (a tiny image folder, a quick look) must train, not crash."""
    end, history, _ = fit(small_config(train_limit=16 * batches, batch_size=16, epochs=epochs,
                                       schedule="one-cycle"))
    assert end.status == "completed" and len(history.epochs) == epochs
    assert history.batches[-1].step == batches * epochs


# --- failures ---------------------------------------------------------------------------------

class NanOutput(nn.Module):
    """Wraps a model so its logits become NaN, as after a diverged update."""

    def __init__(self, inner: nn.Module) -> None:
        super().__init__()
        self.inner = inner

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.inner(x) * float("nan")


def test_nan_loss_fails_the_run_with_a_sentence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_build = run_state_module.build_run_model

    def nan_build(*args: Any, **kwargs: Any) -> tuple[nn.Module, str, dict[str, Any]]:
        model, name, options = real_build(*args, **kwargs)
        return NanOutput(model), name, options

    monkeypatch.setattr(run_state_module, "build_run_model", nan_build)
    history = History()
    run_dir = prepare_run_dir(str(tmp_path / "run"), "shapes", "shape-cnn")
    with pytest.raises(TrainingError) as info:
        build_trainer(RunPlan(small_config(), run_dir), [history]).fit()
    message = str(info.value)
    assert "nan" in message.lower() and "learning rate" in message
    assert message.endswith(".") and "\n" not in message
    assert history.end is not None and history.end.status == "failed" and history.end.message == message
    assert json.loads((run_dir / "results.json").read_text())["status"] == "failed"


def test_missing_device_fails_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    history = History()
    with pytest.raises(UserError, match="CUDA"):
        Trainer(small_config(device="cuda"), [history]).fit()
    assert history.end is not None and history.end.status == "failed"


# --- checkpoints and run folders --------------------------------------------------------------

def test_checkpoint_round_trip(tmp_path: Path) -> None:
    config = small_config(train_limit=300)
    run_dir = prepare_run_dir(str(tmp_path / "run"), "shapes", "shape-cnn")
    end, _, trainer = fit(config, run_dir=run_dir)
    path = run_dir / "checkpoint.pt"
    assert end.checkpoint is not None and Path(end.checkpoint) == path

    info = load_dataset("shapes", train_limit=300).info  # what the run trained on
    plain = torch.load(path, weights_only=True)  # no pickled code needed
    assert plain["model"] == "shape-cnn" and plain["dataset"] == "shapes"
    assert list(plain["classes"]) == SHAPE_CLASSES
    assert list(plain["input_shape"]) == [1, 28, 28]
    assert list(plain["mean"]) == list(info.mean) and list(plain["std"]) == list(info.std)
    assert plain["epoch"] == 2

    loaded = load_checkpoint(path)
    assert loaded.meta.model == "shape-cnn" and loaded.meta.classes == tuple(SHAPE_CLASSES)
    assert loaded.meta.input_shape == (1, 28, 28) and loaded.epoch == 2 and not loaded.model.training

    test = load_dataset("shapes").test
    mean, std = plain["mean"][0], plain["std"][0]
    x = (test.x.float() / 255.0 - mean) / std  # normalised by hand
    trained = trainer.model
    assert trained is not None
    trained.eval()
    rebuilt = build_model("shape-cnn", in_channels=1, image_size=28, num_classes=5).eval()
    rebuilt.load_state_dict(plain["state_dict"])
    with torch.no_grad():
        expected = trained(x)
        torch.testing.assert_close(loaded.model(x), expected, rtol=0, atol=1e-6)
        torch.testing.assert_close(rebuilt(x), expected, rtol=0, atol=1e-6)
        accuracy = (loaded.model(x).argmax(1) == test.y).float().mean().item()
    assert end.test_acc is not None and math.isclose(accuracy, end.test_acc, abs_tol=2e-3)


def test_damaged_checkpoint_is_a_user_error(tmp_path: Path) -> None:
    bad = tmp_path / "checkpoint.pt"
    bad.write_bytes(b"not a checkpoint")
    with pytest.raises(UserError, match="checkpoint"):
        load_checkpoint(bad)
    with pytest.raises(UserError, match="does not exist"):
        load_checkpoint(tmp_path / "missing.pt")


def test_run_folder_contents(tmp_path: Path) -> None:
    run_dir = prepare_run_dir(str(tmp_path / "run"), "shapes", "shape-cnn")
    end, history, _ = fit(small_config(train_limit=300), run_dir=run_dir)
    assert sorted(p.name for p in run_dir.iterdir()) == ["checkpoint.pt", "config.json", "epochs", "metrics.jsonl",
                                                          "results.json"]
    assert sorted(p.name for p in (run_dir / "epochs").iterdir()) == ["epoch_001.pt", "epoch_002.pt"]  # history
    config = json.loads((run_dir / "config.json").read_text())
    assert config["dataset"] == "shapes" and config["model"] == "shape-cnn" and config["epochs"] == 2
    assert config["classes"] == SHAPE_CLASSES and config["input_shape"] == [1, 28, 28]
    for key in ("batch_size", "lr", "optimizer", "seed", "train_limit"):
        assert config[key] is not None, key

    lines = (run_dir / "metrics.jsonl").read_text().splitlines()
    assert len(lines) == 2
    metrics = [json.loads(line) for line in lines]
    keys = {"epoch", "step", "train_loss", "train_acc", "val_loss", "val_acc", "lr", "seconds", "samples_per_second"}
    for row, event in zip(metrics, history.epochs, strict=False):
        assert keys <= row.keys()
        assert row["epoch"] == event.epoch and row["train_loss"] == event.train_loss
        assert row["val_acc"] == event.val_acc

    results = json.loads((run_dir / "results.json").read_text())
    assert results["status"] == "completed" and results["epochs_done"] == 2
    assert results["test_acc"] == end.test_acc and results["test_loss"] == end.test_loss

    record = load_run(run_dir)
    assert len(record.metrics) == 2 and record.checkpoint == run_dir / "checkpoint.pt"


def test_prepare_run_dir_never_reuses_a_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "run"
    run_dir = prepare_run_dir(str(target), "shapes", "shape-cnn")
    assert run_dir == target and target.is_dir()
    prepare_run_dir(str(target), "shapes", "shape-cnn")  # still empty: fine
    (target / "config.json").write_text("{}")
    with pytest.raises(UserError, match="already holds a run"):
        prepare_run_dir(str(target), "shapes", "shape-cnn")
    monkeypatch.setenv("CNNLAB_RUNS", str(tmp_path / "runs"))
    first = prepare_run_dir(None, "shapes", "dnn")
    second = prepare_run_dir(None, "shapes", "dnn")
    assert first != second and first.parent == second.parent == tmp_path / "runs"
    assert "shapes" in first.name and "dnn" in first.name


# --- configuration ----------------------------------------------------------------------------

def test_resolve_config_fills_every_gap_and_keeps_what_was_given() -> None:
    resolved = resolve_config(TrainConfig(dataset="shapes", epochs=3))
    assert resolved.model == "shape-cnn"  # the dataset's own network
    assert resolved.epochs == 3
    for name in ("batch_size", "lr", "optimizer", "weight_decay", "schedule", "augment"):
        assert getattr(resolved, name) is not None, name
    assert resolve_config(TrainConfig(dataset="mnist")).model == "mnist-cnn"
    assert resolve_config(TrainConfig(dataset="cifar10")).model == "cifar-cnn"


# The lecture's settings (REFERENCE §2): optimiser, learning rate, batch, epochs.
COURSE = [
    ("colors", "dnn", "sgd", 0.01, 16, 100),
    ("colors", "color-cnn", "sgd", 0.1, 16, 20),
    ("shapes", "dnn", "sgd", 0.1, 16, 50),
    ("shapes", "shape-cnn", "sgd", 0.1, 16, 50),
    ("color-shapes", "dnn", "momentum", 0.01, 16, 50),
    ("color-shapes", "color-shape-cnn", "sgd", 0.1, 16, 20),
    ("mnist", "mnist-cnn", "momentum", 0.1, 128, 5),
    ("fashion-mnist", "dnn", "momentum", 0.1, 128, 10),
    ("fashion-mnist", "fashion-cnn", "momentum", 0.01, 128, 10),
    ("cifar10", "cifar-cnn", "rmsprop", 1e-4, 32, 25),
]


@pytest.mark.parametrize("dataset,model,optimizer,lr,batch,epochs", COURSE)
def test_course_recipe_is_the_lectures(dataset: str, model: str, optimizer: str, lr: float, batch: int,
                                       epochs: int) -> None:
    c = resolve_config(TrainConfig(dataset=dataset, model=model, recipe="course"))
    assert (c.optimizer, c.lr, c.batch_size, c.epochs) == (optimizer, lr, batch, epochs)
    assert c.schedule == "none"  # the course keeps the learning rate constant
    if dataset == "cifar10":
        assert c.augment == "flip+shift"  # the Keras example shifts by 0.1 and flips horizontally


def test_course_recipe_falls_back_to_the_default_where_the_lecture_has_none() -> None:
    course = resolve_config(TrainConfig(dataset="shapes", model="mnist-cnn", recipe="course"))
    default = resolve_config(TrainConfig(dataset="shapes", model="mnist-cnn"))
    assert course.to_dict() | {"recipe": "default"} == default.to_dict()


@pytest.mark.parametrize("change", [
    {"epochs": 0}, {"epochs": -3}, {"batch_size": 1}, {"lr": 0.0}, {"lr": -0.1}, {"lr": 1000.0},
    {"optimizer": "lbfgs"}, {"momentum": 1.0}, {"momentum": -0.1}, {"weight_decay": -1e-4},
    {"schedule": "exponential"}, {"augment": "rotate"}, {"train_limit": 1}, {"train_limit": 0},
    {"val_fraction": 1.0}, {"val_fraction": -0.1}, {"image_size": 2}, {"image_size": 100_000}, {"seed": -1},
    {"recipe": "fast"},
])
def test_validate_rejects_bad_values_with_a_sentence(change: dict[str, object]) -> None:
    config = TrainConfig(**change)  # type: ignore[arg-type]  # the test's dict of keyword values: mypy cannot see their types
    with pytest.raises(UserError) as info:
        config.validate()
    message = str(info.value)
    assert message[0].isupper() and message.endswith(".")
    with pytest.raises(UserError):
        resolve_config(config)


def test_validate_accepts_the_defaults_and_edge_values() -> None:
    TrainConfig().validate()
    # one epoch, the smallest batch batch norm can take, no momentum / decay / validation split
    edge = TrainConfig(epochs=1, batch_size=2, lr=1.0, momentum=0.0, weight_decay=0.0, train_limit=2,
                       val_fraction=0.0, image_size=64, seed=0)
    edge.validate()
    resolved = resolve_config(edge)  # the recipe fills only what was left out: the edge values stay
    assert (resolved.epochs, resolved.batch_size, resolved.lr, resolved.momentum, resolved.weight_decay,
            resolved.train_limit, resolved.val_fraction) == (1, 2, 1.0, 0.0, 0.0, 2, 0.0)
    with pytest.raises(UserError):  # one step past each edge is refused
        TrainConfig(batch_size=1).validate()
    with pytest.raises(UserError):
        TrainConfig(val_fraction=1.0).validate()


def test_config_dict_round_trip_ignores_unknown_keys() -> None:
    config = TrainConfig(dataset="colors", epochs=4, lr=0.5)
    assert TrainConfig.from_dict(config.to_dict() | {"from_a_newer_version": 1}) == config


# --- augmentation -----------------------------------------------------------------------------

def numbered_batch(n: int, channels: int, side: int) -> torch.Tensor:
    """Float images whose every pixel value is distinct and tells (image, channel, row, column)."""
    pixel = torch.arange(side * side, dtype=torch.float32).view(1, 1, side, side)
    image = torch.arange(n, dtype=torch.float32).view(n, 1, 1, 1) * 10_000
    channel = torch.arange(channels, dtype=torch.float32).view(1, channels, 1, 1) * 1_000_000
    return pixel + image + channel


def shifted(x: torch.Tensor, dy: int, dx: int) -> torch.Tensor:
    """Content moved down ``dy`` and right ``dx`` pixels, the uncovered border repeating the edge."""
    h, w = x.shape[-2:]
    rows = (torch.arange(h) - dy).clamp(0, h - 1)
    cols = (torch.arange(w) - dx).clamp(0, w - 1)
    return x[..., rows, :][..., :, cols]


@pytest.mark.parametrize("side", [28, 32])
def test_random_shift_is_an_edge_replicating_translation_of_up_to_a_tenth(side: int) -> None:
    x = numbered_batch(1000, 2, side)
    out = random_shift(x, torch.Generator().manual_seed(0))
    assert out.shape == x.shape
    limit = round(side * 0.1)
    seen = set()
    centre = side // 2
    for b in range(len(x)):
        # the centre pixel tells where it came from (the shift never reaches the border there)
        source = int(out[b, 0, centre, centre].item()) - b * 10_000
        dy, dx = centre - source // side, centre - source % side
        assert abs(dy) <= limit and abs(dx) <= limit
        assert torch.equal(out[b], shifted(x[b], dy, dx))  # every channel moved the same way
        inner = slice(limit, side - limit)
        assert torch.equal(out[b][:, inner, inner], torch.roll(x[b], (dy, dx), dims=(1, 2))[:, inner, inner])
        seen.add((dy, dx))
    assert len(seen) == (2 * limit + 1) ** 2  # every offset in the range occurs
    again = random_shift(x, torch.Generator().manual_seed(0))
    assert torch.equal(out, again)  # reproducible from the generator


def test_random_flip_mirrors_about_half_and_leaves_the_rest() -> None:
    x = numbered_batch(1000, 3, 28)
    out = random_flip(x, torch.Generator().manual_seed(0))
    flipped = 0
    for b in range(len(x)):
        if torch.equal(out[b], x[b]):
            continue
        assert torch.equal(out[b], x[b].flip(-1))  # a left-right mirror, all channels together
        flipped += 1
    assert 400 <= flipped <= 600
    assert torch.equal(random_flip(x, torch.Generator().manual_seed(0)), out)


def test_augment_none_is_the_identity() -> None:
    x = numbered_batch(4, 1, 28)
    assert torch.equal(augment(x, "none", torch.Generator().manual_seed(0)), x)


# --- auxiliary heads (GoogLeNet) --------------------------------------------------------------

def hand_cross_entropy(logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    log_p = logits - logits.exp().sum(1, keepdim=True).log()
    return -log_p[torch.arange(len(target)), target].mean()


def test_classification_loss_adds_weighted_auxiliary_losses() -> None:
    torch.manual_seed(0)
    main, aux1, aux2 = torch.randn(6, 4), torch.randn(6, 4), torch.randn(6, 4)
    target = torch.tensor([0, 1, 2, 3, 0, 1])
    loss, logits = classification_loss((main, aux1, aux2), target, 0.3)
    expected = hand_cross_entropy(main, target) + 0.3 * (hand_cross_entropy(aux1, target)
                                                          + hand_cross_entropy(aux2, target))
    torch.testing.assert_close(loss, expected)
    assert logits is main
    plain, same = classification_loss(main, target, 0.3)
    torch.testing.assert_close(plain, hand_cross_entropy(main, target))
    assert same is main


class ConstantAuxNet(nn.Module):
    """Zero logits from the main and both side heads in training mode: every loss is exactly ln K."""

    aux_weight = 0.5

    def __init__(self, num_classes: int) -> None:
        super().__init__()
        self.k = num_classes
        self.scale = nn.Parameter(torch.zeros(()))

    def forward(self, x: torch.Tensor) -> torch.Tensor | tuple[torch.Tensor, ...]:
        logits = torch.zeros(len(x), self.k) * self.scale
        return (logits, logits.clone(), logits.clone()) if self.training else logits


def test_trainer_adds_the_models_auxiliary_losses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(run_state_module, "build_run_model",
                        lambda name, **kw: (ConstantAuxNet(kw["num_classes"]), name, {}))
    end, history, _ = fit(small_config(train_limit=100, batch_size=10, epochs=1))
    assert end.status == "completed"
    (epoch,) = history.epochs
    assert math.isclose(epoch.train_loss, (1 + 2 * 0.5) * math.log(5), rel_tol=1e-5)
    assert epoch.val_loss is not None and math.isclose(epoch.val_loss, math.log(5), rel_tol=1e-5)


# --- devices ----------------------------------------------------------------------------------

def no_accelerators(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 0)
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: False)


def test_cuda_without_cuda_is_a_user_error(monkeypatch: pytest.MonkeyPatch) -> None:
    no_accelerators(monkeypatch)
    for name in ("cuda", "cuda:0", "gpu"):
        with pytest.raises(UserError, match="CUDA"):
            resolve_device(name)
    with pytest.raises(UserError):
        resolve_device("mps")
    with pytest.raises(UserError):
        resolve_device("tpu")
    assert resolve_device("auto") == torch.device("cpu")
    assert resolve_device("CPU") == torch.device("cpu")
    assert available_devices() == [("cpu", "CPU")]


def test_devices_list_the_cpu_first(monkeypatch: pytest.MonkeyPatch) -> None:
    no_accelerators(monkeypatch)
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 2)
    monkeypatch.setattr(torch.cuda, "get_device_name", lambda i=0: f"Test GPU {i}")
    devices = [d for d, _ in available_devices()]
    assert devices == ["cpu", "cuda:0", "cuda:1"]
    assert resolve_device("auto") == torch.device("cuda", 0)
    assert resolve_device("cuda:1") == torch.device("cuda", 1)
    with pytest.raises(UserError, match="no CUDA GPU 2"):
        resolve_device("cuda:2")


def test_the_real_device_list_starts_with_the_cpu() -> None:
    assert available_devices()[0][0] == "cpu"


# --- callback protocol: a fresh list per run, epoch begin, stop requests, early stopping --------

class Recorder(Callback):
    """Writes down every hook call in order: ("begin", epoch) and ("end", epoch), runs too."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, int]] = []

    def on_run_begin(self, event: RunStarted) -> None:
        self.calls.append(("run", 0))

    def on_epoch_begin(self, epoch: int) -> None:
        self.calls.append(("begin", epoch))

    def on_epoch_end(self, event: EpochEnd) -> None:
        self.calls.append(("end", event.epoch))

    def on_run_end(self, event: RunEnd) -> None:
        self.calls.append(("done", event.epochs_done))


def test_fit_twice_leaves_the_callbacks_alone_and_writes_the_run_once_per_fit(tmp_path: Path) -> None:
    recorder = Recorder()
    callbacks: list[Callback] = [recorder]
    trainer = build_trainer(RunPlan(small_config(epochs=2, train_limit=200), tmp_path), callbacks)
    writers = trainer.callbacks[:-1]
    assert [type(w).__name__ for w in writers] == ["RunWriter", "EpochHistory"]  # the folder's, ahead of ours
    for _ in range(2):
        trainer.fit()
        assert callbacks == [recorder] and trainer.callbacks == [*writers, recorder]
        lines = (tmp_path / "metrics.jsonl").read_text(encoding="utf-8").splitlines()
        assert [json.loads(line)["epoch"] for line in lines] == [1, 2]  # one writer: each epoch once
    assert recorder.calls.count(("run", 0)) == 2 and recorder.calls.count(("done", 2)) == 2


def test_epoch_begin_comes_before_each_epochs_end() -> None:
    recorder = Recorder()
    fit(small_config(epochs=3, train_limit=200), recorder)
    assert recorder.calls == [("run", 0), ("begin", 1), ("end", 1), ("begin", 2), ("end", 2),
                              ("begin", 3), ("end", 3), ("done", 3)]


class StopAfterEpoch(Callback):
    def __init__(self, epoch: int) -> None:
        self.epoch = epoch

    def on_epoch_end(self, event: EpochEnd) -> None:
        if event.epoch == self.epoch:
            self.request_stop("Enough.")


def test_a_callback_can_stop_the_run_after_an_epoch() -> None:
    recorder = Recorder()
    end, history, _ = fit(small_config(epochs=4, train_limit=200), StopAfterEpoch(2), recorder)
    assert end.status == "stopped" and end.epochs_done == 2 and end.message == "Enough."
    assert [e.epoch for e in history.epochs] == [1, 2] and end.test_acc is None  # like a user's stop
    assert ("begin", 3) not in recorder.calls


def epoch_end(epoch: int, val_loss: float | None, val_acc: float | None = None) -> EpochEnd:
    return EpochEnd(epoch=epoch, epochs=10, step=epoch, train_loss=1.0, train_acc=0.5, val_loss=val_loss,
                    val_acc=val_acc, lr=0.1, seconds=1.0, samples_per_second=1.0)


def test_early_stopping_counts_epochs_without_improvement() -> None:
    stopper = EarlyStopping(monitor="val_loss", patience=2, min_delta=0.1)
    for epoch, loss in enumerate([1.0, 0.8, 0.75, 0.72], start=1):  # 0.75 and 0.72: not 0.1 better
        assert not stopper.stop_requested
        stopper.on_epoch_end(epoch_end(epoch, loss))
    assert stopper.stop_requested and stopper.best == 0.8 and stopper.best_epoch == 2
    rising = EarlyStopping(monitor="val_acc", patience=1)
    rising.on_epoch_end(epoch_end(1, None, 0.5))
    rising.on_epoch_end(epoch_end(2, None, 0.6))  # accuracy rose: an improvement
    assert not rising.stop_requested
    rising.on_epoch_end(epoch_end(3, None, 0.6))
    assert rising.stop_requested
    skipped = EarlyStopping(patience=0)
    skipped.on_epoch_end(epoch_end(1, None))  # no validation figure: nothing to judge
    assert not skipped.stop_requested
    with pytest.raises(UserError):
        EarlyStopping(monitor="val_lost")


def test_early_stopping_ends_a_non_improving_run_after_patience_plus_one_epochs() -> None:
    recorder = Recorder()
    # min_delta far above any change: only the first epoch counts as an improvement
    end, history, _ = fit(small_config(epochs=6, train_limit=200), EarlyStopping(patience=2, min_delta=1e9), recorder)
    begun = [epoch for hook, epoch in recorder.calls if hook == "begin"]
    assert begun == [1, 2, 3] and len(history.epochs) == 3  # epoch 1 sets the best, 2 and 3 wait
    assert end.status == "stopped" and end.epochs_done == 3 and end.test_acc is None
    assert end.message.startswith("Stopped early: val_loss has not improved")


def test_sizes_read_as_people_read_them() -> None:
    from cnnlab.cli_format import byte_size

    assert [byte_size(n) for n in (0, 1023, 1024, 5 * 1024 + 1, 2**20, 3 * 2**29, 2**30, 1536 * 2**20)] == [
        "0 B", "1023 B", "1 KB", "5 KB", "1.0 MB", "1.5 GB", "1.0 GB", "1.5 GB"]


def test_a_cpu_run_reports_no_gpu_memory() -> None:
    from cnnlab.engine.device import memory_in_use

    seen: list[BatchEnd] = []

    class Keep(Callback):
        def on_batch_end(self, event: BatchEnd) -> None:
            seen.append(event)

    Trainer(TrainConfig(dataset="shapes", model="shape-cnn", epochs=1, train_limit=200, device="cpu"),
            [Keep()]).fit()
    assert seen and all(e.gpu_memory == 0 for e in seen)
    assert memory_in_use(torch.device("cpu")) == 0
