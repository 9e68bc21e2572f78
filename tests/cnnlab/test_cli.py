"""The command-line contract: exit codes, one-sentence errors, JSON keys, eval on folders."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

from cnnlab.cli import main
from cnnlab.datasets import load_dataset

TRAIN_KEYS = {"dataset", "model", "device", "epochs", "test_acc", "val_acc", "train_seconds",
              "samples_per_second", "run_dir", "checkpoint"}


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def last_json_object(out: str) -> dict[str, Any]:
    """The JSON object on the last line of ``out``."""
    data = json.loads(out.strip().splitlines()[-1])
    assert isinstance(data, dict)
    return data


def last_json_rows(out: str) -> list[dict[str, Any]]:
    """The JSON list of objects on the last line of ``out``."""
    data = json.loads(out.strip().splitlines()[-1])
    assert isinstance(data, list)
    return data


@pytest.fixture(scope="module")
def trained_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One quick shapes run shared by the eval tests."""
    out = tmp_path_factory.mktemp("cli") / "run"
    code = main(["train", "--epochs", "2", "--train-limit", "1500", "--out", str(out), "--quiet"])
    assert code == 0
    return out


def test_train_json_has_contract_keys(capsys, tmp_path):
    code, out, _ = run_cli(capsys, "train", "--epochs", "1", "--train-limit", "300", "--out", str(tmp_path / "r"),
                           "--json", "--quiet")
    assert code == 0
    data = last_json_object(out)
    assert TRAIN_KEYS <= data.keys()
    assert data["dataset"] == "shapes" and data["model"] == "shape-cnn" and data["device"] == "cpu"
    assert data["epochs"] == 1 and 0.0 <= data["test_acc"] <= 1.0
    assert Path(data["checkpoint"]).is_file() and Path(data["run_dir"]) == tmp_path / "r"
    metrics = (tmp_path / "r" / "metrics.jsonl").read_text().splitlines()
    assert len(metrics) == 1


def test_train_refuses_to_overwrite_a_run(capsys, trained_run):
    before = (trained_run / "checkpoint.pt").read_bytes()
    code, out, err = run_cli(capsys, "train", "--epochs", "1", "--out", str(trained_run))
    assert code == 2
    assert "already holds a run" in err and err.count("\n") == 1
    assert (trained_run / "checkpoint.pt").read_bytes() == before


@pytest.mark.parametrize("argv, fragment", [
    (["train", "--epochs", "0"], "argument --epochs: 0 must be at least 1"),  # the field and the value named
    (["train", "--lr", "abc"], "argument --lr: 'abc' is not a number"),
    (["train", "--batch-size", "1"], "Batch size must be at least 2"),
    (["train", "--weight-decay", "-1"], "Weight decay cannot be negative."),
    (["train", "--dataset", "nope"], "invalid choice"),
    (["train", "--model", "nope"], "Unknown model 'nope'"),
    (["train", "--device", "cuda:7"], "CUDA"),
    (["train", "--dataset", "mnist"], "cnnlab data download mnist"),
    (["train", "--dataset", "folder"], "--data-root"),
    (["eval", "--checkpoint", "/no/such/file.pt"], "does not exist"),
    (["summary", "--model", "mnist-cnn", "--input", "1,4,4"], "at least 16×16"),
    (["summary", "--input", "3,x,2"], "is not C,H,W"),
])
def test_user_mistakes_exit_2_with_one_sentence(capsys, argv, fragment):
    code, out, err = run_cli(capsys, *argv)
    assert code == 2
    assert fragment in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_help_exits_0(capsys):
    code, out, _ = run_cli(capsys, "train", "--help")
    assert code == 0 and "--batch-size" in out


def test_python_dash_m_reports_exit_code(tmp_path):
    env = {"CNNLAB_DATA": str(tmp_path), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "-m", "cnnlab", "train", "--dataset", "mnist", "--quiet"],
                          capture_output=True, text=True, env=env, cwd=Path(__file__).resolve().parents[2])
    assert proc.returncode == 2
    assert proc.stderr.startswith("cnnlab: mnist was not found")


def test_models_lists_the_chapter_models(capsys):
    code, out, _ = run_cli(capsys, "models", "--json")
    names = [m["name"] for m in last_json_rows(out)]
    assert code == 0
    assert {"dnn", "color-cnn", "shape-cnn", "color-shape-cnn", "mnist-cnn", "fashion-cnn", "cifar-cnn"} <= set(names)
    code, out, _ = run_cli(capsys, "models", "--details")
    assert "Colour CNN" in out and "卷积" in out


def test_datasets_say_where_files_are(capsys, tmp_path):
    code, out, _ = run_cli(capsys, "datasets", "--json")
    rows = {d["name"]: d for d in last_json_rows(out)}
    assert code == 0
    assert rows["shapes"]["found"] and rows["shapes"]["classes"] == 5 and rows["shapes"]["size"] == "28x28"
    assert rows["colors"]["channels"] == 3
    assert not rows["mnist"]["found"] and rows["mnist"]["where"] == "not found"


def test_summary_json_matches_the_lecture_table(capsys):
    code, out, _ = run_cli(capsys, "summary", "--model", "mnist-cnn", "--dataset", "mnist", "--json")
    data = last_json_object(out)
    convs_fcs = [(r["weights"], r["biases"]) for r in data["layers"] if r["type"] in ("Conv", "FC")]
    # the lecture: 200+8, (16×8×5×5=3200)+16, 8192+32, 320+10
    assert convs_fcs == [(200, 8), (3200, 16), (8192, 32), (320, 10)]
    assert data["total_params"] == 200 + 8 + 3200 + 16 + 8192 + 32 + 32 + 32 + 320 + 10
    outputs = [r["output_shape"] for r in data["layers"]][:6]
    assert outputs == [[8, 24, 24], [8, 24, 24], [8, 12, 12], [16, 8, 8], [16, 8, 8], [16, 4, 4]]


def test_summary_input_override(capsys):
    code, out, _ = run_cli(capsys, "summary", "--model", "shape-cnn", "--input", "3,32,32", "--classes", "4", "--json")
    data = last_json_object(out)
    assert data["input_shape"] == [3, 32, 32]
    assert data["layers"][-1]["output_shape"] == [4]


def test_eval_on_the_test_split(capsys, trained_run):
    code, out, _ = run_cli(capsys, "eval", "--checkpoint", str(trained_run / "checkpoint.pt"), "--json")
    data = last_json_object(out)
    assert code == 0
    assert data["n"] == 1000 and sum(map(sum, data["confusion"])) == 1000
    diag = sum(data["confusion"][i][i] for i in range(5))
    assert data["test_acc"] == pytest.approx(diag / 1000)
    results = json.loads((trained_run / "results.json").read_text())
    assert data["test_acc"] == pytest.approx(results["test_acc"], abs=1e-6)
    assert set(data["per_class_acc"]) == {"circle", "rectangle", "triangle", "diamond", "line"}


def _write_folder(root: Path, names: list[str], count: int = 6) -> list[int]:
    """Shapes test images as PNGs under root/<name>/; returns the true label of each written file."""
    test = load_dataset("shapes").test
    labels = []
    for label, name in enumerate(names):
        (root / name).mkdir(parents=True)
        idx = (test.y == label).nonzero().flatten()[:count]
        for k, i in enumerate(idx.tolist()):
            Image.fromarray(test.x[i, 0].numpy()).save(root / name / f"{k}.png")
            labels.append(label)
    return labels


def test_eval_on_an_image_folder_matches_classes_case_insensitively(capsys, trained_run, tmp_path):
    names = ["Circle", "RECTANGLE", "triangle", "diamond", "line"]
    _write_folder(tmp_path / "imgs", names)
    code, out, _ = run_cli(capsys, "eval", "--checkpoint", str(trained_run / "checkpoint.pt"),
                           "--data-root", str(tmp_path / "imgs"), "--json")
    data = last_json_object(out)
    assert code == 0 and data["n"] == 30
    assert [sum(row) for row in data["confusion"]] == [6] * 5
    # the same images through the model directly give the same accuracy
    from cnnlab.engine import load_checkpoint
    from cnnlab.engine.data import normalize
    ck = load_checkpoint(trained_run / "checkpoint.pt")
    test = load_dataset("shapes").test
    x = np.concatenate([test.x[(test.y == c).nonzero().flatten()[:6]].numpy() for c in range(5)])
    import torch
    with torch.no_grad():
        pred = ck.model(normalize(torch.from_numpy(x), ck.meta.mean, ck.meta.std)).argmax(1)
    truth = torch.arange(5).repeat_interleave(6)
    assert data["test_acc"] == pytest.approx((pred == truth).float().mean().item())


def test_eval_rejects_unknown_class_folders(capsys, trained_run, tmp_path):
    _write_folder(tmp_path / "imgs", ["circle", "hexagon"], count=2)
    code, _, err = run_cli(capsys, "eval", "--checkpoint", str(trained_run / "checkpoint.pt"),
                           "--data-root", str(tmp_path / "imgs"))
    assert code == 2 and "hexagon" in err


def test_eval_rejects_a_foreign_file(capsys, tmp_path):
    bad = tmp_path / "model.pt"
    bad.write_bytes(b"not a checkpoint at all")
    code, _, err = run_cli(capsys, "eval", "--checkpoint", str(bad))
    assert code == 2 and "not a readable cnnlab checkpoint" in err


def test_runs_lists_saved_runs(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("CNNLAB_RUNS", str(tmp_path / "runs"))
    assert main(["train", "--epochs", "1", "--train-limit", "200", "--quiet"]) == 0
    code, out, _ = run_cli(capsys, "runs", "--json")
    runs = last_json_rows(out)
    assert code == 0 and len(runs) == 1 and runs[0]["status"] == "completed" and runs[0]["epochs"] == 1


def test_failed_train_leaves_no_empty_run_folder(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("CNNLAB_RUNS", str(tmp_path / "runs"))
    code, _, err = run_cli(capsys, "train", "--dataset", "mnist", "--quiet")
    assert code == 2 and "not found" in err
    assert not any((tmp_path / "runs").iterdir())


def test_gui_without_a_display_says_so(capsys, monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    code, _, err = run_cli(capsys)
    assert code == 2 and "No display was found" in err and "cnnlab train" in err



def test_one_percent_format_for_every_table() -> None:
    from cnnlab.cli_format import percent

    assert percent(0.96341) == "96.34%" and percent(0.96341, 1) == "96.3%" and percent(None) == "-"
    assert percent(None, missing="–") == "–"
    # as the book writes its numbers: no trailing zeros
    assert (percent(0.963, trim=True), percent(0.9844, trim=True), percent(0.96, trim=True)) == ("96.3%", "98.44%",
                                                                                               "96%")
