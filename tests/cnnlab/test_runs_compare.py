"""Comparing two runs: flips against hand counts, per-class accuracy, config differences, curves,
`cnnlab compare --json`, and one sentence when the runs cannot be compared."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from helpers_runs import SHAPES_CLASSES, constant_checkpoint, write_run

from cnnlab.cli import main
from cnnlab.engine.data import DataRequest
from cnnlab.errors import UserError
from cnnlab.runs.compare import compare_runs, config_differences, prediction_flips


def test_flips_on_a_hand_made_set():
    pred_a = np.array([0, 1, 2, 0, 1, 3, 3])
    pred_b = np.array([0, 2, 2, 1, 0, 3, 1])
    true = np.array([0, 1, 0, 1, 2, 3, 1])
    # index: 0 both right, 1 A only, 2 both wrong, 3 B only, 4 both wrong, 5 both right, 6 B only
    flips = prediction_flips(pred_a, pred_b, true)
    assert flips.to_dict() == {"a_only_right": [1], "b_only_right": [3, 6], "both_wrong": [2, 4]}


def test_config_differences_name_each_changed_setting():
    a = {"lr": 0.01, "epochs": 2, "out_dir": "/x", "schedule": "none"}
    b = {"lr": 0.003, "epochs": 2, "out_dir": "/y", "augment": "flip"}
    diff = [(d.key, d.a, d.b) for d in config_differences(a, b)]
    assert diff == [("lr", 0.01, 0.003), ("schedule", "none", None), ("augment", None, "flip")]


@pytest.fixture
def two_runs(tmp_path: Path) -> tuple[Path, Path]:
    """Run A always predicts "circle" (class 0), run B always "rectangle" (class 1)."""
    a = write_run(tmp_path, "20260101-000000-shapes-shape-cnn", lr=0.01)
    b = write_run(tmp_path, "20260102-000000-shapes-shape-cnn", lr=0.003, epochs=3)
    constant_checkpoint(a, 0)
    constant_checkpoint(b, 1)
    return a, b


def test_flips_of_two_checkpoints_against_a_hand_count(two_runs):
    a, b = two_runs
    labels = DataRequest(dataset="shapes", seed=0).load().test.y.tolist()
    comparison = compare_runs(a, b)
    data = comparison.to_dict()
    assert data["a_only_right"] == [i for i, y in enumerate(labels) if y == 0]
    assert data["b_only_right"] == [i for i, y in enumerate(labels) if y == 1]
    assert data["both_wrong"] == [i for i, y in enumerate(labels) if y >= 2]
    per_class = data["per_class_acc"]
    assert list(per_class) == SHAPES_CLASSES
    for k, name in enumerate(SHAPES_CLASSES):
        assert per_class[name]["n"] == labels.count(k)
        assert per_class[name]["a"] == (1.0 if k == 0 else 0.0) and per_class[name]["b"] == (1.0 if k == 1 else 0.0)
    assert data["test_acc"]["a"] == pytest.approx(labels.count(0) / len(labels))
    assert [(d["key"], d["a"], d["b"]) for d in data["config_diff"]] == [("epochs", 2, 3), ("lr", 0.01, 0.003)]
    assert data["curves"]["a"]["epoch"] == [1.0, 2.0] and data["curves"]["b"]["epoch"] == [1.0, 2.0, 3.0]
    assert data["curves"]["b"]["val_acc"] == pytest.approx([0.4, 0.5, 0.6])


def test_cli_compare_json_ends_with_one_object(capsys, two_runs):
    a, b = two_runs
    assert main(["compare", str(b), str(a), "--json"]) == 0
    data = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    labels = DataRequest(dataset="shapes", seed=0).load().test.y.tolist()
    assert data["a_only_right"] == [i for i, y in enumerate(labels) if y == 1]  # A is now the rectangle run
    assert data["b_only_right"] == [i for i, y in enumerate(labels) if y == 0]
    assert {"both_wrong", "per_class_acc", "config_diff", "curves"} <= data.keys()
    assert main(["compare", str(a), str(b)]) == 0
    text = capsys.readouterr().out
    assert f"right in A, wrong in B: {labels.count(0)} test images" in text and "per-class accuracy" in text


def _one_sentence(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in err
    return lines[0]


def test_runs_on_different_datasets_are_one_sentence(capsys, tmp_path, two_runs):
    a, _ = two_runs
    other = write_run(tmp_path, "20260103-000000-mnist-lenet", dataset="mnist", model="lenet")
    constant_checkpoint(other, 0)  # never loaded: the datasets already differ
    assert main(["compare", str(a), str(other)]) == 2
    assert "different datasets (shapes and mnist)" in _one_sentence(capsys.readouterr().err)


def test_runs_tested_on_different_images_are_one_sentence(tmp_path, two_runs):
    a, _ = two_runs
    other = write_run(tmp_path, "20260104-000000-shapes-shape-cnn", seed=1)
    constant_checkpoint(other, 2, seed=1)
    with pytest.raises(UserError, match="tested on different images"):
        compare_runs(a, other)


def test_a_run_without_a_checkpoint_is_one_sentence(capsys, tmp_path, two_runs):
    a, _ = two_runs
    bare = write_run(tmp_path, "20260105-000000-shapes-shape-cnn")
    assert main(["compare", str(a), str(bare)]) == 2
    assert "has no checkpoint.pt" in _one_sentence(capsys.readouterr().err)
    assert main(["compare", str(a), str(a)]) == 2
    assert "two different run folders" in _one_sentence(capsys.readouterr().err)


def test_a_design_runs_model_reads_as_its_designs_name() -> None:
    from cnnlab.runs.compare import setting_text

    assert setting_text("model", "/home/me/designs/my-net.yaml", lambda _context, text: text) == "my-net"
    assert setting_text("model", "shape-cnn", lambda _context, text: text) == "shape-cnn"
