"""``cnnlab design show|from|diff`` and ``cnnlab train --model FILE.yaml``: the JSON contract, one sentence and
exit 2 for a bad design, and a design run that reopens without its file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from cnnlab.cli import main
from cnnlab.engine.checkpoint import load_checkpoint

SMALL = """name: small
input: [1, 28, 28]
classes: 5
layers:
  - conv: {out: 4, kernel: 3, padding: 1}
  - relu
  - maxpool: {kernel: 2}
  - residual:
      - conv: {out: 4, kernel: 3, padding: 1}
      - relu
  - flatten
  - linear: {out: 5}
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_show_json_has_nested_rows_and_totals(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    code, out, _ = run(capsys, "design", "show", str(path), "--json")
    assert code == 0
    data = json.loads(out.strip().splitlines()[-1])
    first, block = data["layers"][0], data["layers"][3]
    assert {"name", "kind", "output_shape", "params", "flops", "receptive_field"} <= first.keys()
    assert first == {**first, "name": "conv1", "kind": "conv", "output_shape": [4, 28, 28], "params": 4 * 9 + 4,
                     "flops": 2 * 4 * 9 * 28 * 28, "receptive_field": 3}
    assert block["kind"] == "residual" and [r["name"] for r in block["layers"]] == ["conv2", "relu2"]
    assert data["layers"][-2]["output_shape"] == [4 * 14 * 14]
    assert data["total_params"] == 40 + (4 * 4 * 9 + 4) + (784 * 5 + 5)
    assert data["total_flops"] == 2 * 4 * 9 * 784 + 2 * 4 * 4 * 9 * 196 + 2 * 784 * 5
    code, out, _ = run(capsys, "design", "show", str(path))
    assert code == 0 and "4.1" in out and "residual1 (residual)" in out


def test_a_bad_design_exits_2_with_its_sentence(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(SMALL.replace("  - flatten\n", ""), encoding="utf-8")
    code, out, err = run(capsys, "design", "show", str(path))
    assert code == 2 and out == ""
    assert err == "cnnlab: row 5: linear gets a 4×14×14 input; add a flatten row before it (it then gets 784 " \
                  "numbers).\n"


def test_from_writes_a_model_and_diff_lists_the_changed_rows(capsys: pytest.CaptureFixture[str],
                                                             tmp_path: Path) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    code, out, _ = run(capsys, "design", "from", "lenet5", "--out", str(a))
    assert code == 0 and "61,706 parameters" in out
    b.write_text(a.read_text(encoding="utf-8").replace("{out: 16, kernel: 5}", "{out: 32, kernel: 5}"),
                 encoding="utf-8")
    code, out, _ = run(capsys, "design", "diff", str(a), str(b), "--json")
    assert code == 0
    data = json.loads(out.strip().splitlines()[-1])
    changed = [(r["before"]["row"], r["before"]["params"], r["after"]["params"]) for r in data["rows"]]
    # the conv itself, then the first linear fed 32×5×5 instead of 16×5×5: written alike, counted differently
    assert changed == [("4", 16 * 6 * 25 + 16, 32 * 6 * 25 + 32), ("8", 400 * 120 + 120, 800 * 120 + 120)]
    assert data["total_params"] == [61706, 61706 + 2416 + 48000]


def test_from_a_zoo_model_says_what_the_design_leaves_out_and_show_names_shortcuts(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "googlenet.yaml"
    code, text, _ = run(capsys, "design", "from", "googlenet", "--out", str(out))
    assert code == 0
    assert text.splitlines()[1] == "note: The googlenet model's auxiliary classifiers (aux1, aux2) are left out: " \
                                   "they only add to the loss while training, so the design predicts as the model " \
                                   "does but trains without them."
    resnet = tmp_path / "resnet18.yaml"
    assert run(capsys, "design", "from", "resnet18", "--out", str(resnet))[0] == 0
    code, text, _ = run(capsys, "design", "show", str(resnet), "--json")
    data = json.loads(text.strip().splitlines()[-1])
    shortcuts = [row["shortcut"] for row in data["layers"] if "shortcut" in row]
    # stages 2-4 open with a projection: a 1×1 conv (no bias) and a batch norm, stride 2
    assert shortcuts == [{"kind": "projection", "stride": 2, "params": c * 2 * c + 2 * 2 * c} for c in (64, 128, 256)]
    assert data["total_params"] == 11_172_810 and data["note"] == ""


def test_a_design_trains_and_its_run_reopens_without_the_file(capsys: pytest.CaptureFixture[str],
                                                              tmp_path: Path) -> None:
    path = tmp_path / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    code, out, err = run(capsys, "train", "--model", str(path), "--dataset", "shapes", "--epochs", "1",
                         "--train-limit", "64", "--threads", "1", "--out", str(tmp_path / "run"), "--json", "--quiet")
    assert code == 0, err
    checkpoint = Path(json.loads(out.strip().splitlines()[-1])["checkpoint"])
    path.unlink()
    loaded = load_checkpoint(checkpoint)
    assert loaded.meta.model == "design" and loaded.meta.model_options["design"]["name"] == "small"
    assert sum(p.numel() for p in loaded.model.parameters()) == 40 + 148 + 3925
    with torch.no_grad():
        assert loaded.model(torch.zeros(2, 1, 28, 28)).shape == (2, 5)


def test_a_design_run_resumes_from_its_checkpoint_without_the_file(capsys: pytest.CaptureFixture[str],
                                                                    tmp_path: Path) -> None:
    path, run_dir = tmp_path / "small.yaml", tmp_path / "run"
    path.write_text(SMALL, encoding="utf-8")
    code, _, err = run(capsys, "train", "--model", str(path), "--dataset", "shapes", "--epochs", "2",
                       "--train-limit", "64", "--threads", "1", "--out", str(run_dir), "--quiet")
    assert code == 0, err
    first = load_checkpoint(run_dir / "checkpoint.pt")
    path.unlink()  # the design now lives only in the checkpoint
    code, out, err = run(capsys, "train", "--resume", str(run_dir), "--epochs", "3", "--json", "--quiet")
    assert code == 0, err
    assert json.loads(out.strip().splitlines()[-1])["epochs"] == 3
    again = load_checkpoint(run_dir / "checkpoint.pt")
    assert again.epoch == 3 and again.meta.model_options == first.meta.model_options
    assert [tuple(p.shape) for p in again.model.parameters()] == [tuple(p.shape) for p in first.model.parameters()]
    assert not torch.equal(again.model.state_dict()["linear1.weight"], first.model.state_dict()["linear1.weight"])
    # a file of that name with another network does not change the run either: the checkpoint's design is used
    path.write_text(SMALL.replace("{out: 4, kernel: 3, padding: 1}", "{out: 6, kernel: 3, padding: 1}"),
                    encoding="utf-8")
    code, _, err = run(capsys, "train", "--resume", str(run_dir), "--epochs", "4", "--quiet")
    assert code == 0, err
    assert load_checkpoint(run_dir / "checkpoint.pt").meta.model_options == first.meta.model_options


def test_a_design_that_does_not_fit_the_dataset_is_refused(capsys: pytest.CaptureFixture[str],
                                                           tmp_path: Path) -> None:
    path = tmp_path / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    code, _, err = run(capsys, "train", "--model", str(path), "--dataset", "colors", "--out", str(tmp_path / "r"))
    assert code == 2
    assert err == "cnnlab: The design small takes 1×28×28 images but colors has 3×28×28; set input: [3, 28, 28] in " \
                  "the design.\n"
    assert not (tmp_path / "r").exists()


def test_a_built_in_model_s_name_says_how_to_see_it_as_a_design(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no file called lenet5 here
    code, out, err = run(capsys, "design", "show", "lenet5")
    assert code == 2 and out == ""
    assert err == ("cnnlab: The design file lenet5 does not exist; to see the built-in model lenet5 as a design, run "
                   "cnnlab design from lenet5 --out lenet5.yaml, then cnnlab design show lenet5.yaml.\n")
    assert run(capsys, "design", "from", "lenet5", "--out", "lenet5.yaml")[0] == 0  # the advice, followed, works
    code, out, _ = run(capsys, "design", "show", "lenet5.yaml")
    assert code == 0 and "conv" in out
    assert run(capsys, "design", "diff", "lenet5.yaml", "vgg16")[2].startswith(
        "cnnlab: The design file vgg16 does not exist; to see the built-in model vgg16 as a design")
    assert run(capsys, "design", "show", "no-such-net") == (2, "", "cnnlab: The design file no-such-net does not "
                                                                   "exist.\n")  # not a model's name: no advice
