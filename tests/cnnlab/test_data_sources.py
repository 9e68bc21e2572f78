"""One data-source resolver for the CLI, ``cnnlab chapter``, the app and the lessons; the data folders the
app remembers, read by all of them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from helpers_files import numbered_images, write_idx_set

from cnnlab.app.data_folders import adopt_data_folders, remember_data_folder
from cnnlab.app.setup import SetupState
from cnnlab.chapter import get_step
from cnnlab.chapter.runs import locate_step_data, step_config
from cnnlab.cli import main
from cnnlab.datasets import load_dataset, resolve_source
from cnnlab.datasets.cifar10 import CLASSES
from cnnlab.datasets.remembered import remembered_folders
from cnnlab.errors import Sentence, StorageError
from cnnlab.paths import data_folders_file

CifarCopy = tuple[Path, list[tuple[int, int, int]]]


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def last_json(out: str) -> Any:
    return json.loads(out.strip().splitlines()[-1])


def nearest_class(image: np.ndarray, colours: list[tuple[int, int, int]]) -> int:
    """The class whose solid colour is closest to the mean colour of ``image`` (3, H, W)."""
    mean = image.reshape(3, -1).mean(axis=1)
    return int(np.argmin([np.abs(mean - np.array(c)).sum() for c in colours]))


def mnist_folder(root: Path) -> Path:
    x = numbered_images(20, seed=1)
    write_idx_set(root, x[:12], np.arange(12) % 10, x[12:], np.arange(8) % 10, gz=False)
    return root


def test_the_cifar10_jpeg_copy_is_cifar10_with_each_image_under_its_own_class(cifar_jpegs: CifarCopy) -> None:
    root, colours = cifar_jpegs
    source = resolve_source("cifar10", root)
    assert (source.root, source.where, source.problem) == (root, str(root / "cifar10-jpg"), "")
    splits = load_dataset("cifar10", data_root=root, val_fraction=0.1)
    assert splits.info.classes == CLASSES and splits.info.input_shape == (3, 32, 32)
    assert (len(splits.train) + len(splits.val), len(splits.test)) == (20, 10)
    for part in (splits.train, splits.val, splits.test):
        for image, label in zip(part.x.numpy(), part.y.tolist(), strict=True):
            assert nearest_class(image, colours) == label
    assert sorted(splits.test.y.tolist()) == list(range(10))  # one test image per class, as written


def test_the_cli_trains_cifar10_from_the_jpeg_copy(capsys, cifar_jpegs: CifarCopy, tmp_path: Path) -> None:
    root, _ = cifar_jpegs
    code, out, err = run_cli(capsys, "train", "--dataset", "cifar10", "--data-root", str(root), "--epochs", "1",
                             "--device", "cpu", "--out", str(tmp_path / "run"), "--json", "--quiet")
    assert code == 0, err
    data = last_json(out)
    assert data["dataset"] == "cifar10" and data["model"] == "cifar-cnn" and 0.0 <= data["test_acc"] <= 1.0
    code, out, _ = run_cli(capsys, "datasets", "--data-root", str(root), "--json")
    rows = {d["name"]: d for d in last_json(out)}
    assert rows["cifar10"]["where"] == str(root / "cifar10-jpg")


def test_chapter_finds_the_jpeg_copy_as_cifar10_and_trains_it(capsys, cifar_jpegs: CifarCopy, tmp_path: Path) -> None:
    root, _ = cifar_jpegs
    data = locate_step_data(get_step("cifar-cnn"), root)
    assert (data.dataset, data.data_root, data.problem) == ("cifar10", str(root), "")
    config = step_config(get_step("cifar-cnn"), "course", data=data)
    assert (config.dataset, config.optimizer, config.lr, config.epochs) == ("cifar10", "rmsprop", 1e-4, 25)
    code, out, err = run_cli(capsys, "chapter", "--sections", "18.5", "--data-root", str(root), "--json", "--out",
                             str(tmp_path / "runs"), "--epochs", "1", "--device", "cpu", "--quiet")
    assert code == 0, err
    (row,) = last_json(out)["rows"]
    assert (row["dataset"], row["status"]) == ("cifar10", "trained") and row["test_acc"] is not None


def test_a_folder_remembered_by_the_app_is_found_by_the_cli_and_chapter(capsys, tmp_path: Path,
                                                                       forget_data_folders: None) -> None:
    folder = mnist_folder(tmp_path / "my-mnist")
    assert resolve_source("mnist").problem  # nothing in the usual places
    remember_data_folder("mnist", str(folder))
    saved = json.loads(data_folders_file().read_text(encoding="utf-8"))
    assert saved["folders"] == {"mnist": str(folder)}
    code, out, _ = run_cli(capsys, "datasets", "--json")
    rows = {d["name"]: d for d in last_json(out)}
    assert code == 0 and rows["mnist"]["where"] == str(folder)
    assert locate_step_data(get_step("mnist-cnn")).data_root == str(folder)
    assert len(load_dataset("mnist", val_fraction=0.25).test) == 8  # train finds it with no --data-root
    remember_data_folder("mnist", None)  # Default: forgotten, the usual places again
    assert remembered_folders() == {} and resolve_source("mnist").problem


def test_a_stale_remembered_folder_is_named_among_the_places_looked_in(tmp_path: Path,
                                                                      forget_data_folders: None) -> None:
    gone = tmp_path / "moved-away"
    remember_data_folder("fashion-mnist", str(gone))
    problem = resolve_source("fashion-mnist").problem
    assert isinstance(problem, Sentence) and problem.startswith("fashion-mnist was not found (looked in ")
    assert str(gone) in problem and "--data-root" in problem and problem.count(". ") == 0


def test_a_named_folder_is_the_only_place_looked_in(tmp_path: Path, forget_data_folders: None) -> None:
    remember_data_folder("mnist", str(mnist_folder(tmp_path / "remembered")))
    empty = tmp_path / "empty"
    empty.mkdir()
    source = resolve_source("mnist", empty)
    assert source.where is None and str(tmp_path / "remembered") not in source.problem
    assert resolve_source("mnist", tmp_path / "nowhere").problem == f"The data folder {tmp_path / 'nowhere'} does " \
                                                                    "not exist."


@pytest.mark.parametrize("content", [b"{not json", b"[1, 2]", b'{"folders": {"mnist": 3}}', b"\xff\xfe"])
def test_a_damaged_file_remembers_nothing(content: bytes, forget_data_folders: None) -> None:
    data_folders_file().parent.mkdir(parents=True, exist_ok=True)
    data_folders_file().write_bytes(content)
    assert remembered_folders() == {}
    assert resolve_source("mnist").where is None


def test_older_settings_move_in_only_where_nothing_is_remembered(tmp_path: Path, forget_data_folders: None) -> None:
    remember_data_folder("mnist", str(tmp_path / "chosen"))
    folders = adopt_data_folders({"mnist": str(tmp_path / "older"), "cifar10": str(tmp_path / "c")})
    assert folders == {"mnist": str(tmp_path / "chosen"), "cifar10": str(tmp_path / "c")}
    assert remembered_folders() == folders


def test_a_class_folder_that_is_not_cifar10_is_refused_in_one_sentence(cifar_jpegs: CifarCopy) -> None:
    root, _ = cifar_jpegs
    for split in ("train", "test"):
        (root / "cifar10-jpg" / split / "truck").rename(root / "cifar10-jpg" / split / "lorry")
    with pytest.raises(Exception, match=r"is not a CIFAR-10 image copy: its class folders are .*lorry") as info:
        load_dataset("cifar10", data_root=root)
    assert str(info.value).count(". ") == 0 and str(info.value).endswith(".")


def test_a_folder_that_cannot_be_remembered_is_used_all_the_same(tmp_path: Path) -> None:
    folder = mnist_folder(tmp_path / "digits")
    state = SetupState(dataset="mnist", model="mnist-cnn")
    assert state.data_source().problem  # nothing found yet
    data_folders_file().mkdir(parents=True)  # a folder where the file goes: the write fails
    try:
        with pytest.raises(StorageError, match=r"the data folder is used now but not remembered\.$") as info:
            state.choose_data_folder(str(folder))
        assert "\n" not in str(info.value)
        assert state.data_root() == str(folder) and state.data_source().where == str(folder)
        assert not data_folders_file().with_name("data-folders.json.tmp").exists()  # no temp file left behind
    finally:
        data_folders_file().rmdir()
