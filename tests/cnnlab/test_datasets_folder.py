"""Image-folder datasets from PNG / JPEG trees written here with PIL.

Most images are solid colours that encode their class and index, so a loaded pixel tells which
file it came from; resizing a solid colour leaves it unchanged.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from cnnlab.datasets import folder as folder_module
from cnnlab.datasets import load_dataset
from cnnlab.errors import DataError

Color = tuple[int, int, int]


def solid(path: Path, color: Color | int, size: tuple[int, int] = (32, 32)) -> Path:
    """Save a solid image: gray (mode L) for an int, RGB for a tuple; the suffix picks PNG or JPEG."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = "L" if isinstance(color, int) else "RGB"
    Image.new(mode, size, color).save(path)
    return path


def rgb_of(label: int, index: int) -> Color:
    return (40 * label + 10, 7 * index + 3, 200)


def write_split(root: Path, classes: list[str], per_class: int, gray: bool = False,
                sizes: list[tuple[int, int]] | None = None, suffix: str = ".png") -> dict[str, list[Color | int]]:
    """``root/<class>/img<i>`` solid images; returns the colours written per class."""
    written: dict[str, list[Color | int]] = {}
    for label, name in enumerate(classes):
        for i in range(per_class):
            color: Color | int = 40 * label + 7 * i + 3 if gray else rgb_of(label, i)
            size = sizes[i % len(sizes)] if sizes else (32, 32)
            solid(root / name / f"img{i}{suffix}", color, size)
            written.setdefault(name, []).append(color)
    return written


def colours_of(x: torch.Tensor) -> list[tuple[int, ...]]:
    """The colour of each solid image (N, C, H, W), checking it is solid."""
    out = []
    for img in x.numpy():
        first = img[:, :1, :1]
        assert (img == first).all(), "a solid image came back with more than one colour"
        out.append(tuple(int(v) for v in first[:, 0, 0]))
    return out


# --- layouts ----------------------------------------------------------------------------------

def test_train_and_test_trees(tmp_path: Path) -> None:
    classes = ["cat", "ant", "bee"]  # written unsorted: labels follow the sorted names
    train = write_split(tmp_path / "train", classes, 3, sizes=[(32, 32), (40, 20), (17, 50)])
    test = write_split(tmp_path / "test", classes, 2)
    splits = load_dataset("folder", data_root=tmp_path, val_fraction=0.0)
    assert splits.info.classes == ("ant", "bee", "cat")
    assert splits.info.input_shape == (3, 32, 32)  # colour sets default to 32×32
    for split, source in ((splits.train, train), (splits.test, test)):
        got = sorted(zip(colours_of(split.x), split.y.tolist(), strict=False))
        want = sorted((c, splits.info.classes.index(name)) for name, cs in source.items() for c in cs)
        assert got == want


def test_gray_sets_get_one_channel_and_28_pixels(tmp_path: Path) -> None:
    train = write_split(tmp_path / "train", ["a", "b"], 3, gray=True, sizes=[(32, 32), (64, 48)])
    write_split(tmp_path / "test", ["a", "b"], 1, gray=True)
    splits = load_dataset("folder", data_root=tmp_path, val_fraction=0.0)
    assert splits.info.input_shape == (1, 28, 28)
    assert tuple(splits.train.x.shape) == (6, 1, 28, 28)
    got = sorted(zip((c[0] for c in colours_of(splits.train.x)), splits.train.y.tolist(), strict=False))
    assert got == sorted((v, label) for label, name in enumerate("ab") for v in train[name])


def test_one_colour_image_makes_the_whole_set_colour(tmp_path: Path) -> None:
    write_split(tmp_path / "train", ["a", "b"], 2, gray=True)
    write_split(tmp_path / "test", ["a", "b"], 1, gray=True)
    solid(tmp_path / "test" / "b" / "colour.png", (255, 0, 0))
    splits = load_dataset("folder", data_root=tmp_path)
    assert splits.info.input_shape == (3, 32, 32)
    assert (255, 0, 0) in colours_of(splits.test.x)


@pytest.mark.parametrize("gray", [False, True])
def test_image_size_is_honoured(tmp_path: Path, gray: bool) -> None:
    write_split(tmp_path / "train", ["a", "b"], 2, gray=gray, sizes=[(32, 32), (20, 30)])
    write_split(tmp_path / "test", ["a", "b"], 1, gray=gray)
    splits = load_dataset("folder", data_root=tmp_path, image_size=16)
    assert splits.info.input_shape == (1 if gray else 3, 16, 16)
    assert tuple(splits.test.x.shape[1:]) == (1 if gray else 3, 16, 16)


def test_images_are_resized_not_cropped(tmp_path: Path) -> None:
    for split in ("train", "test"):
        for name in ("a", "b"):
            img = np.zeros((64, 64), dtype=np.uint8)
            img[:, 32:] = 255  # left half black, right half white
            (tmp_path / split / name).mkdir(parents=True)
            Image.fromarray(img).save(tmp_path / split / name / "half.png")
    splits = load_dataset("folder", data_root=tmp_path, image_size=32)
    x = splits.test.x[0, 0].numpy()
    assert (x[:, :15] == 0).all() and (x[:, 17:] == 255).all()


def test_jpeg_images(tmp_path: Path) -> None:
    write_split(tmp_path / "train", ["x", "y"], 2, suffix=".jpg")
    write_split(tmp_path / "test", ["x", "y"], 1, suffix=".jpeg")
    splits = load_dataset("folder", data_root=tmp_path)
    assert splits.info.input_shape == (3, 32, 32)
    for img, label in zip(splits.test.x.numpy(), splits.test.y.tolist(), strict=False):
        expected = np.array(rgb_of(label, 0)).reshape(3, 1, 1)
        assert np.abs(img.astype(int) - expected).max() <= 4  # JPEG is lossy, slightly


def test_single_tree_is_split_80_20_per_class(tmp_path: Path) -> None:
    written = write_split(tmp_path, ["one", "two", "three"], 10)
    splits = load_dataset("folder", data_root=tmp_path, val_fraction=0.0)
    assert splits.info.classes == ("one", "three", "two")
    assert splits.train.y.bincount().tolist() == [8, 8, 8]
    assert splits.test.y.bincount().tolist() == [2, 2, 2]
    got = sorted(zip(colours_of(torch.cat([splits.train.x, splits.test.x])),
                     torch.cat([splits.train.y, splits.test.y]).tolist(), strict=False))
    assert got == sorted((c, splits.info.classes.index(n)) for n, cs in written.items() for c in cs)


def test_lone_train_folder_is_split_like_a_single_tree(tmp_path: Path) -> None:
    write_split(tmp_path / "train", ["a", "b"], 5)
    splits = load_dataset("folder", data_root=tmp_path, val_fraction=0.0)
    assert splits.info.classes == ("a", "b")  # not one class called "train"
    assert (len(splits.train), len(splits.test)) == (8, 2)


def test_the_seed_picks_the_split_of_a_single_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_split(tmp_path / "images", ["a", "b"], 10)
    root = tmp_path / "images"
    seed0 = load_dataset("folder", data_root=root, seed=0, val_fraction=0.0)
    seed1 = load_dataset("folder", data_root=root, seed=1, val_fraction=0.0)
    assert sorted(colours_of(seed0.test.x)) != sorted(colours_of(seed1.test.x))
    monkeypatch.setenv("CNNLAB_DATA", str(tmp_path / "fresh-data"))  # no cache at all
    fresh1 = load_dataset("folder", data_root=root, seed=1, val_fraction=0.0)
    assert torch.equal(fresh1.test.x, seed1.test.x) and torch.equal(fresh1.test.y, seed1.test.y)


# --- files that are ignored or refused --------------------------------------------------------

def test_hidden_files_and_folders_are_ignored(tmp_path: Path) -> None:
    write_split(tmp_path / "train", ["a", "b"], 2)
    write_split(tmp_path / "test", ["a", "b"], 1)
    (tmp_path / "train" / "a" / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1 not an image")
    (tmp_path / ".DS_Store").write_bytes(b"Bud1")
    (tmp_path / "train" / ".cache").mkdir()  # a hidden folder is not a class
    solid(tmp_path / "train" / ".cache" / "x.png", (1, 2, 3))
    solid(tmp_path / "train" / "b" / ".ipynb_checkpoints" / "copy.png", (9, 9, 9))
    splits = load_dataset("folder", data_root=tmp_path, val_fraction=0.0)
    assert splits.info.classes == ("a", "b")
    assert len(splits.train) == 4 and (9, 9, 9) not in colours_of(splits.train.x)


def test_non_image_file_is_named(tmp_path: Path) -> None:
    write_split(tmp_path / "train", ["a", "b"], 2)
    write_split(tmp_path / "test", ["a", "b"], 1)
    notes = tmp_path / "train" / "b" / "notes.txt"
    notes.write_text("remember to label more cats\n")
    with pytest.raises(DataError) as info:
        load_dataset("folder", data_root=tmp_path)
    assert str(notes) in str(info.value)


def test_truncated_image_is_named(tmp_path: Path) -> None:
    write_split(tmp_path / "train", ["a", "b"], 2)
    write_split(tmp_path / "test", ["a", "b"], 1)
    broken = tmp_path / "test" / "a" / "img0.png"
    broken.write_bytes(broken.read_bytes()[:40])
    with pytest.raises(DataError) as info:
        load_dataset("folder", data_root=tmp_path)
    assert str(broken) in str(info.value)


def test_empty_class_folder_is_named(tmp_path: Path) -> None:
    write_split(tmp_path / "train", ["a", "b"], 2)
    write_split(tmp_path / "test", ["a", "b"], 1)
    empty = tmp_path / "train" / "c"
    empty.mkdir()
    (empty / ".DS_Store").write_bytes(b"Bud1")  # hidden files do not count as images
    with pytest.raises(DataError) as info:
        load_dataset("folder", data_root=tmp_path)
    assert str(empty) in str(info.value)


def test_test_class_missing_from_train_is_refused(tmp_path: Path) -> None:
    write_split(tmp_path / "train", ["a", "b"], 2)
    write_split(tmp_path / "test", ["a", "b", "zebra"], 1)
    with pytest.raises(DataError, match="zebra"):
        load_dataset("folder", data_root=tmp_path)


def test_train_class_missing_from_test_is_allowed(tmp_path: Path) -> None:
    write_split(tmp_path / "train", ["a", "b", "c"], 2)
    write_split(tmp_path / "test", ["a", "c"], 1)
    splits = load_dataset("folder", data_root=tmp_path)
    assert splits.info.classes == ("a", "b", "c") and sorted(splits.test.y.tolist()) == [0, 2]


def test_test_folder_without_train_folder_is_refused(tmp_path: Path) -> None:
    write_split(tmp_path / "test", ["a", "b"], 2)
    with pytest.raises(DataError, match="train"):
        load_dataset("folder", data_root=tmp_path)


def test_folder_without_class_folders_is_refused(tmp_path: Path) -> None:
    solid(tmp_path / "loose.png", (1, 2, 3))
    with pytest.raises(DataError, match="class"):
        load_dataset("folder", data_root=tmp_path)


def test_folder_dataset_needs_a_data_root() -> None:
    with pytest.raises(DataError, match="--data-root"):
        load_dataset("folder")


# --- the decode cache -------------------------------------------------------------------------

def _refuse_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(path: Path) -> Image.Image:
        raise AssertionError(f"{path} was decoded although the set was cached")

    monkeypatch.setattr(folder_module, "_decode", refuse)


@pytest.mark.parametrize("gray", [False, True])
def test_second_load_uses_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, gray: bool) -> None:
    write_split(tmp_path / "train", ["a", "b"], 2, gray=gray)
    write_split(tmp_path / "test", ["a", "b"], 1, gray=gray)
    first = load_dataset("folder", data_root=tmp_path)
    _refuse_decoding(monkeypatch)
    second = load_dataset("folder", data_root=tmp_path)
    assert torch.equal(first.test.x, second.test.x) and first.info == second.info


def test_cache_is_rebuilt_when_a_file_changes(tmp_path: Path) -> None:
    write_split(tmp_path / "train", ["a", "b"], 2)
    write_split(tmp_path / "test", ["a", "b"], 1)
    first = load_dataset("folder", data_root=tmp_path)
    assert (250, 250, 250) not in colours_of(first.test.x)
    changed = solid(tmp_path / "test" / "b" / "img0.png", (250, 250, 250))
    later = changed.stat().st_mtime_ns + 2_000_000_000
    os.utime(changed, ns=(later, later))  # as if edited two seconds later
    second = load_dataset("folder", data_root=tmp_path)
    assert (250, 250, 250) in colours_of(second.test.x)


def test_cache_is_rebuilt_when_a_file_is_added(tmp_path: Path) -> None:
    write_split(tmp_path / "train", ["a", "b"], 2)
    write_split(tmp_path / "test", ["a", "b"], 1)
    assert len(load_dataset("folder", data_root=tmp_path).test) == 2
    solid(tmp_path / "test" / "a" / "extra.png", (5, 6, 7))
    assert len(load_dataset("folder", data_root=tmp_path).test) == 3


def test_damaged_cache_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CNNLAB_DATA", str(tmp_path / "appdata"))
    write_split(tmp_path / "set" / "train", ["a", "b"], 2)
    write_split(tmp_path / "set" / "test", ["a", "b"], 1)
    first = load_dataset("folder", data_root=tmp_path / "set")
    caches = list((tmp_path / "appdata" / "cache").glob("*.npz"))
    assert caches
    for cache in caches:
        cache.write_bytes(cache.read_bytes()[:100])
    second = load_dataset("folder", data_root=tmp_path / "set")
    assert torch.equal(first.train.x, second.train.x)
