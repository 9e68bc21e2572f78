"""`cnnlab chapter` and the chapter's steps: rows checked against the run folders they name, the
book's numbers against REFERENCE §2 written out here by hand, reuse of existing runs, missing data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

from cnnlab.chapter import get_step, table_steps
from cnnlab.chapter.classics import CLASSICS, classic_params
from cnnlab.chapter.runs import find_run, locate_step_data, step_config
from cnnlab.chapter.samples import class_mosaics
from cnnlab.cli import main
from cnnlab.models import build_model

# REFERENCE §2, copied by hand: (dataset, model) -> the book's test accuracy, in the chapter's order.
BOOK_18_2 = [
    (("colors", "dnn"), 0.816), (("colors", "color-cnn"), 0.963),
    (("shapes", "dnn"), 0.898), (("shapes", "shape-cnn"), 0.96),
    (("color-shapes", "dnn"), 0.89), (("color-shapes", "color-shape-cnn"), 0.97),
]
QUICK = ["--epochs", "1", "--train-limit", "64", "--device", "cpu", "--quiet"]  # seconds, not minutes


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def last_json(out: str) -> Any:
    return json.loads(out.strip().splitlines()[-1])


def read(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def chapter_18_2(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]], str]:
    """One quick `cnnlab chapter --sections 18.2 --json` shared by the tests that read its rows."""
    import contextlib
    import io

    runs = tmp_path_factory.mktemp("chapter") / "runs"
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["chapter", "--sections", "18.2", "--json", "--out", str(runs), *QUICK])
    assert code == 0
    return runs, last_json(out.getvalue())["rows"], out.getvalue()


def test_chapter_json_rows_match_their_run_folders(chapter_18_2) -> None:
    runs, rows, _text = chapter_18_2
    assert [((r["dataset"], r["model"]), r["book_acc"]) for r in rows] == BOOK_18_2
    folders = sorted(p for p in runs.iterdir() if p.is_dir())
    assert len(folders) == len(BOOK_18_2)  # one run folder per row, nothing else
    for row in rows:
        assert {"section", "dataset", "model", "recipe", "book_acc", "test_acc", "train_seconds"} <= row.keys()
        assert row["section"] == "18.2" and row["recipe"] == "default" and row["status"] == "trained"
        folder = Path(row["run_dir"])
        assert folder.parent == runs
        config, results = read(folder / "config.json"), read(folder / "results.json")
        assert (config["dataset"], config["model"], config["recipe"]) == (row["dataset"], row["model"], "default")
        assert config["epochs"] == 1 and config["train_limit"] == 64  # the quick overrides reached the run
        assert results["status"] == "completed"
        assert row["test_acc"] == pytest.approx(results["test_acc"])
        assert row["train_seconds"] == pytest.approx(results["train_seconds"], abs=1e-3)
        lines = (folder / "metrics.jsonl").read_text(encoding="utf-8").splitlines()
        assert len(lines) == 1  # one epoch was trained


def test_chapter_table_prints_book_and_ours_per_row(chapter_18_2) -> None:
    _runs, rows, text = chapter_18_2
    lines = text.strip().splitlines()
    assert lines[0].split()[:7] == ["section", "dataset", "model", "recipe", "book", "ours", "seconds"]
    for row, line in zip(rows, lines[1:1 + len(rows)], strict=True):
        cells = line.split()
        assert cells[:4] == ["18.2", row["dataset"], row["model"], "default"]
        assert cells[4] == f"{100 * row['book_acc']:.2f}%"
        assert cells[5] == f"{100 * row['test_acc']:.2f}%"


def test_reuse_finds_the_same_runs_instead_of_training(chapter_18_2, capsys) -> None:
    runs, rows, _text = chapter_18_2
    before = sorted(runs.iterdir())
    code, out, _err = run_cli(capsys, "chapter", "--sections", "18.2", "--json", "--reuse", "--out", str(runs),
                              *QUICK)
    assert code == 0
    again = last_json(out)["rows"]
    assert [r["status"] for r in again] == ["reused"] * len(rows)
    assert [r["run_dir"] for r in again] == [r["run_dir"] for r in rows]
    assert [r["test_acc"] for r in again] == pytest.approx([r["test_acc"] for r in rows])
    assert sorted(runs.iterdir()) == before  # no new run folder


def test_a_run_with_other_settings_is_not_reused(chapter_18_2) -> None:
    runs, rows, _text = chapter_18_2
    step = get_step("colors-cnn")
    same = step_config(step, "default", epochs=1, train_limit=64, device="cpu")
    found = find_run(same, runs)
    assert found is not None and str(found.path) == rows[1]["run_dir"]
    assert find_run(step_config(step, "default", epochs=2, train_limit=64), runs) is None  # other epochs
    assert find_run(step_config(step, "course", epochs=1, train_limit=64), runs) is None  # other recipe
    assert find_run(step_config(step, "default", epochs=1, train_limit=64, seed=3), runs) is None  # other seed


def test_a_stopped_run_is_not_reused(tmp_path) -> None:
    step = get_step("shapes-cnn")
    wanted = step_config(step, "default", epochs=1, train_limit=64)
    run = tmp_path / "20260101-000000-shapes-shape-cnn"
    run.mkdir()
    (run / "config.json").write_text(json.dumps(wanted.to_dict()), encoding="utf-8")
    (run / "results.json").write_text(json.dumps({"status": "stopped", "test_acc": 0.5}), encoding="utf-8")
    assert find_run(wanted, tmp_path) is None
    (run / "results.json").write_text(json.dumps({"status": "completed", "test_acc": 0.5}), encoding="utf-8")
    found = find_run(wanted, tmp_path)
    assert found is not None and found.path == run


def test_course_recipes_are_the_lectures(tmp_path) -> None:
    # REFERENCE §2: optimiser, learning rate, batch, epochs
    expected = {"colors-dnn": ("sgd", 0.01, 16, 100), "colors-cnn": ("sgd", 0.1, 16, 20),
                "shapes-cnn": ("sgd", 0.1, 16, 50), "color-shapes-dnn": ("momentum", 0.01, 16, 50),
                "mnist-cnn": ("momentum", 0.1, 128, 5), "fashion-cnn": ("momentum", 0.01, 128, 10),
                "cifar-cnn": ("rmsprop", 1e-4, 32, 25)}
    for key, (optimizer, lr, batch, epochs) in expected.items():
        c = step_config(get_step(key), "course")
        assert (c.optimizer, c.lr, c.batch_size, c.epochs) == (optimizer, lr, batch, epochs), key


def test_sections_without_data_are_skipped_with_one_sentence(capsys, tmp_path) -> None:
    empty = tmp_path / "no-data"
    empty.mkdir()
    code, out, _err = run_cli(capsys, "chapter", "--sections", "18.3,18.5", "--data-root", str(empty), "--json",
                              "--out", str(tmp_path / "runs"), *QUICK)
    assert code == 0
    rows = last_json(out)["rows"]
    assert [(r["section"], r["dataset"], r["model"]) for r in rows] == [
        ("18.3", "mnist", "dnn"), ("18.3", "mnist", "mnist-cnn"), ("18.5", "cifar10", "cifar-cnn")]
    for r in rows:
        assert r["status"] == "skipped" and r["test_acc"] is None
        assert r["note"].count(". ") == 0 and r["note"].endswith(".") and "--data-root" in r["note"]
    assert "MNIST" in rows[0]["note"] and "CIFAR-10" in rows[2]["note"]
    assert not (tmp_path / "runs").exists()  # nothing trained, no folder made


@pytest.mark.parametrize(("sections", "word"), [("18.9", "Unknown section"), ("18.1", "trains nothing")])
def test_bad_sections_exit_2_with_one_sentence(capsys, sections, word) -> None:
    code, out, err = run_cli(capsys, "chapter", "--sections", sections)
    assert code == 2 and out == ""
    assert word in err and len(err.strip().splitlines()) == 1


def test_cifar10_as_jpeg_folders_is_found_under_the_data_root(tmp_path) -> None:
    for split in ("train", "test"):
        (tmp_path / "cifar10-jpg" / split / "airplane").mkdir(parents=True)
    data = locate_step_data(get_step("cifar-cnn"), tmp_path)
    assert (data.dataset, data.data_root, data.problem) == ("cifar10", str(tmp_path), "")  # CIFAR-10 all the same
    config = step_config(get_step("cifar-cnn"), "course", data=data)
    assert (config.dataset, config.optimizer, config.lr, config.epochs) == ("cifar10", "rmsprop", 1e-4, 25)


def test_every_table_step_has_a_book_number_or_says_why_not() -> None:
    for step in table_steps():
        assert step.book_acc is not None or step.book_note, step.key


def test_class_mosaics_lay_out_each_class_row_by_row() -> None:
    x = torch.arange(7 * 4, dtype=torch.uint8).reshape(7, 1, 2, 2) * 9  # seven 2×2 images, all different
    y = torch.tensor([0, 1, 0, 0, 1, 0, 0])
    mosaics = class_mosaics(x, y, 2, rows=2, columns=2)
    class0 = [0, 2, 3, 5]  # the first four images of class 0, in order (image 6 does not fit)
    expected = np.zeros((4, 4), dtype=np.uint8)
    for i, index in enumerate(class0):
        r, c = divmod(i, 2)
        expected[2 * r:2 * r + 2, 2 * c:2 * c + 2] = x[index, 0].numpy()
    assert np.array_equal(mosaics[0], expected)
    assert np.array_equal(mosaics[1][:2, :2], x[1, 0].numpy()) and np.array_equal(mosaics[1][:2, 2:], x[4, 0].numpy())
    assert not mosaics[1][2:].any()  # class 1 has two images: the second row stays black


def test_classic_counts_on_the_meta_device_equal_a_real_build() -> None:
    lenet = next(c for c in CLASSICS if c.model == "lenet5")
    real = build_model("lenet5", in_channels=1, image_size=(32, 32), num_classes=10)
    assert classic_params(lenet) == sum(p.numel() for p in real.parameters())
