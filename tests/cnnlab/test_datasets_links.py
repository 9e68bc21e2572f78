"""Links in image-folder trees: followed once and inside the dataset folder, the others skipped and named.

Each image is a solid gray level that encodes its class and file, so the loaded levels tell exactly
which files were read.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image

from cnnlab.datasets import load_dataset
from cnnlab.datasets.base import DataSplits
from cnnlab.errors import DataError


def image(path: Path, level: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("L", (8, 8), level).save(path)
    return path


def tree(top: Path, levels: dict[str, list[int]]) -> None:
    for name, values in levels.items():
        for i, v in enumerate(values):
            image(top / name / f"{i}.png", v)


def levels(splits: DataSplits) -> list[tuple[int, str]]:
    """(gray level, class name) of every train + validation + test image, sorted."""
    out = []
    for part in (splits.train, splits.val, splits.test):
        out += [(int(x[0, 0, 0]), splits.info.classes[int(y)]) for x, y in zip(part.x, part.y, strict=True)]
    return sorted(out)


def notes(splits: DataSplits) -> str:
    return " ".join(splits.notes)


def test_a_class_linking_to_its_own_tree_is_skipped(tmp_path: Path) -> None:
    tree(tmp_path / "set", {"a": [10, 11, 12, 13, 14], "b": [20, 21, 22, 23, 24]})
    os.symlink(".", tmp_path / "set" / "zz")  # would copy every image into a class "zz"
    splits = load_dataset("folder", data_root=tmp_path / "set", val_fraction=0.0)
    assert splits.info.classes == ("a", "b")
    assert levels(splits) == [(v, "a") for v in range(10, 15)] + [(v, "b") for v in range(20, 25)]
    assert notes(splits) == f"Skipped 1 link(s) in {tmp_path / 'set'} to folders or images already in the set: zz."


def test_links_looping_up_or_to_a_sibling_class_are_skipped(tmp_path: Path) -> None:
    root = tmp_path / "set"
    tree(root / "train", {"a": [10, 11], "b": [20, 21]})
    tree(root / "test", {"a": [15], "b": [25]})
    os.symlink("../..", root / "train" / "a" / "up")  # a loop through the dataset folder
    os.symlink("b", root / "train" / "a_copy")  # a second name for class b
    os.symlink("../train/b", root / "test" / "c")  # training images as test images of a new class
    splits = load_dataset("folder", data_root=root, val_fraction=0.0)
    assert splits.info.classes == ("a", "b")
    assert levels(splits) == [(10, "a"), (11, "a"), (15, "a"), (20, "b"), (21, "b"), (25, "b")]
    assert notes(splits) == (f"Skipped 3 link(s) in {root} to folders or images already in the set: "
                             "train/a_copy, train/a/up, test/c.")


def test_folder_links_leaving_the_dataset_folder_are_skipped(tmp_path: Path) -> None:
    tree(tmp_path / "set", {"a": [10, 11, 12, 13, 14], "b": [20, 21, 22, 23, 24]})
    tree(tmp_path / "elsewhere", {"c": [30, 31]})
    os.symlink(tmp_path / "elsewhere" / "c", tmp_path / "set" / "c")
    os.symlink(tmp_path / "elsewhere", tmp_path / "set" / "a" / "more")
    splits = load_dataset("folder", data_root=tmp_path / "set", val_fraction=0.0)
    assert splits.info.classes == ("a", "b") and len(levels(splits)) == 10
    assert notes(splits) == f"Skipped 2 folder link(s) that lead outside {tmp_path / 'set'}: c, a/more."


def test_broken_and_looping_links_are_skipped_and_named(tmp_path: Path) -> None:
    root = tmp_path / "set"
    tree(root / "train", {"a": [10, 11], "b": [20, 21]})
    tree(root / "test", {"a": [15], "b": [25]})
    os.symlink("gone.png", root / "train" / "a" / "dangling.png")
    os.symlink("loop2", root / "train" / "b" / "loop1")
    os.symlink("loop1", root / "train" / "b" / "loop2")
    os.symlink("nowhere", root / "train" / "ghost")  # a class link pointing nowhere
    first = load_dataset("folder", data_root=root, val_fraction=0.0)
    expected = (f"Skipped 4 broken link(s) in {root} that point nowhere or into a loop: train/ghost, "
                "train/a/dangling.png, train/b/loop1, … (+1)")
    assert notes(first) == expected + "."
    assert levels(first) == [(10, "a"), (11, "a"), (15, "a"), (20, "b"), (21, "b"), (25, "b")]
    second = load_dataset("folder", data_root=root, val_fraction=0.0)  # from the cache: the note stays
    assert notes(second) == expected + "." and levels(second) == levels(first)


def test_links_inside_the_folder_to_new_images_are_read(tmp_path: Path) -> None:
    root = tmp_path / "set"
    tree(root / "train", {"a": [10], "b": [20]})
    tree(root / "test", {"a": [15], "b": [25]})
    tree(root / "pool", {"a": [12, 13]})  # inside the dataset folder, outside train/ and test/
    os.symlink("../../pool/a", root / "train" / "a" / "more")
    outside = image(tmp_path / "shared" / "b.png", 22)
    os.symlink(outside, root / "train" / "b" / "shared.png")  # an image file kept outside: read
    os.symlink("0.png", root / "train" / "b" / "again.png")  # the same image under a second name
    splits = load_dataset("folder", data_root=root, val_fraction=0.0)
    assert levels(splits) == [(10, "a"), (12, "a"), (13, "a"), (15, "a"), (20, "b"), (22, "b"), (25, "b")]
    assert notes(splits) == f"Skipped 1 link(s) in {root} to folders or images already in the set: train/b/again.png."


@pytest.mark.parametrize("name", ["a", "b"])
def test_a_clean_tree_has_no_notes(tmp_path: Path, name: str) -> None:
    tree(tmp_path / "train", {"a": [10, 11], "b": [20, 21]})
    tree(tmp_path / "test", {name: [15]})
    assert load_dataset("folder", data_root=tmp_path, val_fraction=0.0).notes == []


def test_a_folder_that_cannot_be_listed_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tree(tmp_path / "train", {"a": [10, 11], "b": [20, 21]})
    tree(tmp_path / "test", {"a": [15], "b": [25]})
    locked = tmp_path / "train" / "b"
    real_scandir = os.scandir

    def scandir(path: str | os.PathLike[str]) -> object:  # as for a folder without read permission
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    with pytest.raises(DataError) as info:
        load_dataset("folder", data_root=tmp_path)
    assert str(info.value) == f"Cannot read {locked}: Permission denied."
