"""The training doctor: each finding triggered by a run made to fail that way (learning rate 10, a
constant-label set, a net with a dead layer, tiny data for many epochs, learning rate 1e-6, a diverging
net) and none for a healthy run; the checks against hand-computed numbers; what the probes read back;
the findings saved in results.json and the runs index; fix and rerun.

Runs are a few hundred generated shapes on one thread (a second or two each).
"""

from __future__ import annotations

import json
import math
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import torch
from helpers_runs import write_run
from helpers_torch import one_thread  # noqa: F401  (a fixture)
from torch import nn

from cnnlab.cli import main
from cnnlab.datasets import DataSplits, ImageSet, load_dataset
from cnnlab.datasets.base import classes_left_out
from cnnlab.engine import History, TrainConfig, Trainer
from cnnlab.engine import run_state as run_state_module
from cnnlab.engine.doctor import checks
from cnnlab.engine.doctor import diagnosis as dx
from cnnlab.engine.doctor.checks import EpochFigures
from cnnlab.engine.doctor.fixes import fix_options, fixed_config
from cnnlab.engine.doctor.probes import ActivityProbe, GradientWatch
from cnnlab.errors import TrainingError, UserError
from cnnlab.launch import RunPlan, build_trainer
from cnnlab.runs.index import INDEX_FILE, RunIndex
from cnnlab.runs.store import prepare_run_dir

pytestmark = pytest.mark.usefixtures("one_thread")


def config(**changes: Any) -> TrainConfig:
    """The shape CNN on a few hundred shapes, one fixed thread (no thread probe): a run of a second or two."""
    base: dict[str, Any] = dict(dataset="shapes", model="shape-cnn", epochs=2, train_limit=600, device="cpu",
                                threads=1)
    base.update(changes)
    return TrainConfig(**base)


def train(cfg: TrainConfig, *, splits: DataSplits | None = None, run_dir: Path | None = None) -> History:
    """Train with a History; a run that fails still leaves its end (and findings) in the History."""
    history = History()
    trainer = build_trainer(RunPlan(cfg, run_dir), [history], splits=splits)
    try:
        trainer.fit()
    except TrainingError:
        pass
    assert history.end is not None
    return history


def codes(history: History) -> list[str]:
    assert history.end is not None
    assert [d.code for d in history.diagnoses] == [d.code for d in history.end.diagnoses]  # events = the end's list
    return [d.code for d in history.end.diagnoses]


def codes_and(history: History) -> list[dx.Diagnosis]:
    """The findings of a run that ended (checked against the events, as ``codes``)."""
    codes(history)
    assert history.end is not None
    return list(history.end.diagnoses)


# ----------------------------------------------------------------- runs made to fail, and a healthy one
def test_a_healthy_run_has_no_finding(tmp_path: Path) -> None:
    run_dir = prepare_run_dir(str(tmp_path / "run"), "shapes", "shape-cnn")
    history = train(config(epochs=3, train_limit=1000), run_dir=run_dir)
    assert history.end is not None and history.end.status == "completed" and (history.end.test_acc or 0) > 0.6
    assert codes(history) == []
    assert json.loads((run_dir / "results.json").read_text())["diagnoses"] == []


def test_learning_rate_10_ends_at_chance_answering_one_class_with_dead_relus() -> None:
    history = train(config(lr=10))
    end = history.end
    assert end is not None and end.status == "completed"  # it finishes ...
    assert {dx.AT_CHANCE, dx.ONE_CLASS, dx.DEAD_RELUS} <= set(codes(history))  # ... but never reads as fine
    chance = next(d for d in end.diagnoses if d.code == dx.AT_CHANCE)
    assert chance.args["acc"] == end.val_acc and chance.args["chance"] == pytest.approx(0.2, abs=0.03)  # 5 classes
    assert chance.fix == {"lr": 1.0} and "lower the learning rate (now 10) to 1" in chance.sentence
    fixed = fixed_config(config(lr=10), chance)
    assert (fixed.lr, fixed.seed, fixed.epochs, fixed.train_limit, fixed.out_dir) == (1.0, 0, 2, 600, None)
    assert fix_options(chance) == "--lr 1"


def test_a_diverging_net_has_exploding_gradients() -> None:
    history = train(config(model="lenet5", lr=10, optimizer="momentum", schedule="none", epochs=1))
    found = {d.code: d for d in codes_and(history)}
    explode = found[dx.EXPLODING_GRADIENTS]
    assert explode.epoch == 1 and explode.args["times"] >= 100  # orders of magnitude over the start
    assert explode.args["peak"] / explode.args["start"] == pytest.approx(explode.args["times"], rel=0.01, abs=1)


def test_a_nan_loss_fails_the_run_and_is_a_finding_with_the_same_sentence(tmp_path: Path) -> None:
    run_dir = prepare_run_dir(str(tmp_path / "run"), "shapes", "lenet5")
    history = train(config(model="lenet5", lr=10, optimizer="sgd", schedule="none"), run_dir=run_dir)
    end = history.end
    assert end is not None and end.status == "failed"
    assert codes(history)[-1] == dx.LOSS_NOT_FINITE  # (the gradients may be said to explode first)
    nan = end.diagnoses[-1]
    assert str(nan.sentence) == str(end.message) and "nan" in end.message  # the trainer's stop sentence, folded in
    saved = json.loads((run_dir / "results.json").read_text())
    assert saved["status"] == "failed"
    assert [d["code"] for d in saved["diagnoses"]] == codes(history)
    assert saved["diagnoses"][-1]["template"] == saved["message_template"]["template"]
    assert saved["diagnoses"][-1]["args"] == saved["message_template"]["args"] and nan.epoch == 1


def constant_label_splits() -> DataSplits:
    """Shapes whose training (and validation) labels are all "circle"; the test set keeps its true labels."""
    s = load_dataset("shapes", train_limit=300)
    zeros = ImageSet(s.train.x, torch.zeros(len(s.train), dtype=torch.long))
    return DataSplits(s.info, zeros, ImageSet(s.val.x, torch.zeros(len(s.val), dtype=torch.long)), s.test)


def test_a_constant_label_set_is_one_class_from_the_labels_and_at_chance_on_the_test() -> None:
    history = train(config(train_limit=None), splits=constant_label_splits())
    end = history.end
    assert end is not None and end.status == "completed" and (end.val_acc or 0) > 0.9  # validation looks fine ...
    assert codes(history) == [dx.ONE_CLASS, dx.AT_CHANCE]
    one, chance = end.diagnoses
    assert one.args["labels"] == 1.0 and one.args["name"] == "circle" and one.fix == {}  # ... the labels say why
    assert chance.args["acc"] == end.test_acc and chance.args["chance"] == 0.2  # 200 test images of each class
    assert "check the training labels" in chance.sentence and chance.fix == {}
    with pytest.raises(UserError, match="about the data"):
        fixed_config(config(), one)


def test_a_layer_with_a_bias_of_minus_100_is_dead(monkeypatch: pytest.MonkeyPatch) -> None:
    build = run_state_module.build_run_model

    def dead_conv2(*args: Any, **kwargs: Any) -> tuple[nn.Module, str, dict[str, Any]]:
        model, name, options = build(*args, **kwargs)
        conv2 = model.get_submodule("conv2")
        assert isinstance(conv2, nn.Conv2d) and conv2.bias is not None
        with torch.no_grad():
            conv2.bias.fill_(-100.0)  # every unit of relu2 is negative on every image
        return model, name, options

    monkeypatch.setattr(run_state_module, "build_run_model", dead_conv2)
    history = train(config(epochs=1))
    dead = next(d for d in codes_and(history) if d.code == dx.DEAD_RELUS)
    assert dead.epoch == 1 and "relu2: 100%" in dead.args["layers"] and "relu1" not in dead.args["layers"]
    assert dead.args["images"] == 500  # the validation set, every image of it watched


def test_tiny_data_for_many_epochs_overfits_from_an_epoch() -> None:
    history = train(config(epochs=12, train_limit=20, batch_size=4, schedule="none", val_fraction=0.05,
                           augment="none"))
    found = {d.code: d for d in codes_and(history)}
    over = found[dx.OVERFITTING]
    epochs = history.epochs
    best = min(range(len(epochs)), key=lambda i: epochs[i].val_loss or math.inf)
    assert over.epoch == epochs[best].epoch + 1 and over.args["best"] == epochs[best].val_loss  # the onset
    assert over.fix == {"augment": "shift"}
    assert fixed_config(config(), over).augment == "shift"


def test_learning_rate_1e_6_leaves_the_loss_flat() -> None:
    history = train(config(lr=1e-6))
    flat = next(d for d in codes_and(history) if d.code == dx.LOSS_FLAT)
    assert flat.epoch == 2 and flat.fix == {"lr": 1e-5}
    assert abs(flat.args["now"] - flat.args["first"]) < 0.03 * flat.args["first"]
    chance = next(d for d in history.end.diagnoses if d.code == dx.AT_CHANCE)  # type: ignore[union-attr]  # ended above
    assert chance.fix == {"lr": 1e-5}  # at chance because it does not move: raise it, not lower it


def test_the_too_few_images_warning_is_a_finding_before_the_first_epoch() -> None:
    s = load_dataset("shapes", train_limit=300)
    keep = s.train.y != 4  # no "line" left to train on
    train_set = s.train.subset(torch.nonzero(keep).flatten())
    notes = classes_left_out(s.info.classes, train_set, (train_set, s.test))
    history = train(config(epochs=1, train_limit=None), splits=DataSplits(s.info, train_set, s.val, s.test, notes))
    few = codes_and(history)[0]
    assert few.code == dx.FEW_IMAGES and few.epoch == 0 and few.args["name"] == "line"
    assert str(few.sentence) == notes[0]


# ----------------------------------------------------------------- the checks against hand-computed numbers
def figures(val: list[float], train: list[float]) -> list[EpochFigures]:
    return [EpochFigures(i + 1, t, v, None) for i, (v, t) in enumerate(zip(val, train, strict=True))]


def test_overfitting_is_a_rise_of_a_tenth_for_two_epochs_while_training_loss_falls() -> None:
    over = checks.overfitting(figures([1.0, 0.8, 0.85, 0.95], [1.2, 0.9, 0.7, 0.5]), "none")
    assert over is not None and over.epoch == 3 and over.args == {  # lowest at epoch 2: the rise starts at 3
        "epoch": 3, "best": 0.8, "best_epoch": 2, "now": 0.95, "last": 4}
    fewer = checks.overfitting(figures([1.0, 0.8, 0.85, 0.95], [1.2, 0.9, 0.7, 0.5]), "flip")
    assert fewer is not None and fewer.fix == {"epochs": 2}
    assert checks.overfitting(figures([1.0, 0.8, 0.85, 0.87], [1.2, 0.9, 0.7, 0.5]), "none") is None  # 8.75 %
    assert checks.overfitting(figures([1.0, 0.8, 0.95], [1.2, 0.9, 0.7]), "none") is None  # one epoch after
    assert checks.overfitting(figures([1.0, 0.8, 0.85, 0.95], [1.2, 0.9, 0.95, 1.0]), "none") is None  # both rise


def test_exploding_gradients_are_a_hundredfold_jump() -> None:
    assert checks.exploding_gradients(3, 390.0, 3.9, 0.1) is not None  # exactly 100×
    assert checks.exploding_gradients(3, 389.0, 3.9, 0.1) is None
    assert checks.exploding_gradients(3, 400.0, None, 0.1) is None  # no start known yet
    found = checks.exploding_gradients(2, math.inf, None, 0.1)
    assert found is not None and "infinite" in found.sentence and found.fix == {"lr": 0.01}


def test_a_flat_loss_is_under_3_percent_of_change_at_a_guess_s_level() -> None:
    guess = math.log(5)  # 1.609: the loss of answering five classes alike
    assert checks.loss_is_flat(1.62, figures([1.6, 1.6], [1.60, 1.59]), 5)  # 1.9 % at most
    assert not checks.loss_is_flat(1.62, figures([1.6, 1.6], [1.60, 1.55]), 5)  # 4.3 %
    assert not checks.loss_is_flat(0.10, figures([0.1, 0.1], [0.10, 0.10]), 5)  # flat, but learned: 0.1 < guess / 2
    assert checks.loss_flat(1.62, figures([1.6], [1.6]), 5, 0.001) is None  # one epoch is not yet a verdict
    assert guess / 2 < 1.6


def test_one_class_needs_nine_answers_in_ten() -> None:
    classes = ["a", "b", "c"]
    advice = checks.lower_lr(0.5)
    assert checks.one_class(1, [89, 11, 0], [10, 10, 10], classes, advice) is None
    collapsed = checks.one_class(1, [0, 90, 10], [10, 10, 10], classes, advice)
    assert collapsed is not None and collapsed.args["name"] == "b" and collapsed.args["share"] == 0.9
    assert collapsed.fix == {"lr": 0.05}
    labels = checks.one_class(1, [95, 5, 0], [27, 2, 1], classes, advice)  # 90 % of the labels are "a"
    assert labels is not None and labels.args["labels"] == 0.9 and labels.fix == {}


# ----------------------------------------------------------------- the probes
def test_the_gradient_norm_is_sampled_every_4th_batch_and_read_as_a_peak() -> None:
    model = nn.Linear(2, 1, bias=False)
    watch = GradientWatch(model)
    for step, grad in enumerate([[3.0, 4.0], [99.0, 99.0], [0.0, 0.0], [0.0, 0.0], [6.0, 8.0], [0.0, 0.0],
                                 [0.0, 0.0], [0.0, 0.0], [0.0, 1.0]]):
        model.weight.grad = torch.tensor([grad])
        watch.sample(step)
        if step == 4:
            assert watch.read() is None  # two samples (5 and 10): the start is not known yet
    assert watch.read() == 10.0 and watch.start == 5.0  # samples at steps 0, 4, 8: 5, 10, 1 (99 was never sampled)
    assert watch.read() is None  # nothing sampled since


def test_sampling_never_reads_the_device_back(monkeypatch: pytest.MonkeyPatch) -> None:
    model = nn.Linear(3, 2)
    watch = GradientWatch(model)
    model(torch.ones(4, 3)).sum().backward()

    def no_read(*_args: Any) -> Any:
        raise AssertionError("a per-batch host sync")

    with monkeypatch.context() as m:
        for name in ("item", "tolist", "__float__", "__bool__", "cpu", "numpy"):
            m.setattr(torch.Tensor, name, no_read)
        for step in range(40):
            watch.sample(step)
    expected = math.sqrt(sum(float(p.grad.pow(2).sum()) for p in model.parameters() if p.grad is not None))
    assert watch.read() == pytest.approx(expected)


def test_the_activity_probe_finds_a_silent_unit_and_counts_answers() -> None:
    layer = nn.Linear(2, 3)
    with torch.no_grad():
        layer.weight.copy_(torch.tensor([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]]))
        layer.bias.copy_(torch.tensor([0.0, 0.0, -100.0]))  # unit 2 never fires
    model = nn.Sequential(layer, nn.ReLU())
    probe = ActivityProbe(num_classes=3, images=3)
    with probe.watch(model), torch.no_grad():
        model(torch.tensor([[1.0, 0.0], [0.0, 1.0], [2.0, 0.0]]))  # answers 0, 1, 0
        model(torch.tensor([[0.0, 0.0], [0.0, 0.0]]))  # past the 3 watched images: counted as answers only
    silent, answers = probe.read()
    assert silent == {"1": (1, 3)} and answers == [4, 1, 0] and probe.images == 3
    assert not model._forward_hooks and not model.get_submodule("1")._forward_hooks  # the hooks went with the pass


# ----------------------------------------------------------------- saved: results.json, the index, the CLI
def test_findings_are_saved_in_results_and_the_runs_index(tmp_path: Path) -> None:
    runs = tmp_path / "runs"
    run_dir = prepare_run_dir(str(runs / "20260101-090000-shapes-shape-cnn"), "shapes", "shape-cnn")
    history = train(config(lr=10), run_dir=run_dir)
    saved = json.loads((run_dir / "results.json").read_text())["diagnoses"]
    assert [d["code"] for d in saved] == codes(history)
    assert all(set(d) >= {"code", "epoch", "template", "args"} for d in saved)
    assert dx.Diagnosis.from_json(saved[0]) == history.diagnoses[0]  # read back as it was found
    (row,) = RunIndex(runs).runs()
    assert [d.code for d in row.diagnoses] == codes(history)
    assert [d["code"] for d in row.to_dict()["diagnoses"]] == codes(history)


V1_SCHEMA = """CREATE TABLE runs (folder TEXT PRIMARY KEY, signature TEXT NOT NULL, readable INTEGER NOT NULL,
    problem TEXT, date TEXT, dataset TEXT, model TEXT, recipe TEXT, epochs INTEGER, test_acc REAL,
    train_seconds REAL, device TEXT, status TEXT, note TEXT NOT NULL DEFAULT '', name TEXT NOT NULL DEFAULT '')"""


def test_an_index_of_the_first_schema_is_migrated_not_rebuilt(tmp_path: Path) -> None:
    runs = tmp_path / "runs"
    run = write_run(runs, "20260101-090000-shapes-shape-cnn", test_acc=0.2)
    results = json.loads((run / "results.json").read_text())
    found = checks.chance_on_test(2, 0.2, 0.2, checks.lower_lr(10.0))
    (run / "results.json").write_text(json.dumps({**results, "diagnoses": [found.to_json()]}))
    with sqlite3.connect(runs / INDEX_FILE) as db:  # as the first cnnlab left it: its row still fits the folder
        db.execute(V1_SCHEMA)
        db.execute("INSERT INTO runs (folder, signature, readable, status, note) VALUES (?, 'old', 1, 'completed', "
                   "'only in the index')", (run.name,))
        db.execute("PRAGMA user_version = 1")
    db.close()
    (row,) = RunIndex(runs).runs()
    assert row.diagnoses == (found,)  # the folder was read again for its findings
    assert not list(runs.glob(f"{INDEX_FILE}.*"))  # nothing set aside
    with sqlite3.connect(runs / INDEX_FILE) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 3  # then the sweep column (schema 3) too
        assert db.execute("SELECT count(*) FROM runs").fetchone()[0] == 1
        assert db.execute("SELECT sweep FROM runs").fetchone() == ("",)  # a run of no sweep
    db.close()


def test_cnnlab_train_prints_the_findings_and_exits_0(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code = main(["train", "--epochs", "2", "--train-limit", "600", "--lr", "10", "--threads", "1", "--quiet",
                 "--out", str(tmp_path / "run"), "--json"])
    out, err = capsys.readouterr()
    assert code == 0
    data = json.loads(out.strip().splitlines()[-1])
    assert data["status"] == "completed" and dx.AT_CHANCE in [d["code"] for d in data["diagnoses"]]
    assert "The training doctor found" in err and "fix and rerun: the same command with --lr 1" in err
    for d in data["diagnoses"]:
        assert d["message"] in err  # each finding printed, even with --quiet


def test_fix_and_rerun_of_a_saved_run_changes_only_the_fix(tmp_path: Path) -> None:
    run = write_run(tmp_path, "r", lr=10.0, augment="none", epochs=3)
    saved = json.loads((run / "config.json").read_text())
    over = checks.overfitting(figures([1.0, 0.8, 0.85, 0.95], [1.2, 0.9, 0.7, 0.5]), "none")
    assert over is not None
    fixed = fixed_config(saved, over)
    assert (fixed.augment, fixed.lr, fixed.epochs, fixed.train_limit, fixed.out_dir) == ("shift", 10.0, 3, 300, None)
    assert fix_options(checks.chance_on_test(1, 0.2, 0.2, checks.more_images(20))) == "no --train-limit"


def test_trainer_without_the_doctor_finds_nothing() -> None:
    history = History()
    Trainer(config(lr=10, epochs=1), [history], doctor=False).fit()
    assert history.end is not None and history.end.diagnoses == () and history.diagnoses == []


def test_a_continued_run_keeps_the_findings_of_its_earlier_part(tmp_path: Path) -> None:
    from cnnlab.runs.resume import continuation

    run_dir = prepare_run_dir(str(tmp_path / "run"), "shapes", "shape-cnn")
    first = train(config(lr=10, epochs=1), run_dir=run_dir)
    earlier = [d.to_json() for d in codes_and(first)]
    assert earlier  # learning rate 10: found in the first epoch already
    point = continuation(run_dir, 2)
    later = History()
    build_trainer(RunPlan(point.config, run_dir, point), [later]).fit()
    saved = json.loads((run_dir / "results.json").read_text())["diagnoses"]
    assert saved == earlier + [d.to_json() for d in later.diagnoses]  # the earlier part's first, then the new
