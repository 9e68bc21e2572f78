"""MNIST / Fashion-MNIST from IDX files the tests write themselves (plain and gzipped, both layouts)."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import numpy as np
import pytest
import torch
from helpers_files import (
    IDX_LABELS_MAGIC,
    idx_images_bytes,
    idx_labels_bytes,
    numbered_images,
    write_idx_set,
)

from cnnlab.datasets import idx, load_dataset
from cnnlab.errors import DataError

FASHION_CLASSES = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                   "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot")  # the dataset's published order


def small_set() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """12 training and 5 test images with labels covering 0–9."""
    train_x, test_x = numbered_images(12, seed=1), numbered_images(5, seed=2)
    train_y = np.array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 3, 7], dtype=np.uint8)
    test_y = np.array([9, 0, 4, 4, 2], dtype=np.uint8)
    return train_x, train_y, test_x, test_y


def by_index(x: torch.Tensor, y: torch.Tensor) -> tuple[np.ndarray, np.ndarray]:
    """Images (N, 28, 28) and labels sorted by the index stored in each image's first pixel."""
    order = np.argsort(x[:, 0, 0, 0].numpy())
    return x[:, 0].numpy()[order], y.numpy()[order]


@pytest.mark.parametrize("name,layout", [
    ("mnist", "."), ("mnist", "MNIST/raw"), ("mnist", "mnist"),
    ("fashion-mnist", "."), ("fashion-mnist", "FashionMNIST/raw"),
])
@pytest.mark.parametrize("gz", [False, True])
def test_loads_exactly_the_written_pixels_and_labels(tmp_path: Path, name: str, layout: str, gz: bool) -> None:
    train_x, train_y, test_x, test_y = small_set()
    write_idx_set(tmp_path / layout, train_x, train_y, test_x, test_y, gz=gz)
    splits = load_dataset(name, data_root=tmp_path, val_fraction=0.0)
    assert splits.train.x.dtype == torch.uint8 and tuple(splits.train.x.shape) == (12, 1, 28, 28)
    got_x, got_y = by_index(splits.train.x, splits.train.y)  # training images come shuffled
    np.testing.assert_array_equal(got_x, train_x)
    np.testing.assert_array_equal(got_y, train_y)
    np.testing.assert_array_equal(splits.test.x[:, 0].numpy(), test_x)  # the test split keeps file order
    np.testing.assert_array_equal(splits.test.y.numpy(), test_y)
    assert splits.info.channels == 1 and splits.info.size == (28, 28)
    assert Path(splits.info.source).resolve() == (tmp_path / layout).resolve()


def test_class_names() -> None:
    from cnnlab.datasets import get_dataset_spec

    assert get_dataset_spec("mnist").classes == tuple("0123456789")
    assert get_dataset_spec("fashion-mnist").classes == FASHION_CLASSES


def test_loaded_fashion_set_carries_its_class_names(tmp_path: Path) -> None:
    write_idx_set(tmp_path, *small_set(), gz=True)
    assert load_dataset("fashion-mnist", data_root=tmp_path).info.classes == FASHION_CLASSES


def test_validation_split_comes_out_of_the_training_files(tmp_path: Path) -> None:
    train_x, train_y, test_x, test_y = small_set()
    write_idx_set(tmp_path, train_x, train_y, test_x, test_y, gz=False)
    splits = load_dataset("mnist", data_root=tmp_path, val_fraction=0.25)
    assert (len(splits.train), len(splits.val), len(splits.test)) == (9, 3, 5)
    x = torch.cat([splits.train.x, splits.val.x])
    got_x, _ = by_index(x, torch.cat([splits.train.y, splits.val.y]))
    np.testing.assert_array_equal(got_x, train_x)


# --- corrupt files: a DataError that names the file -------------------------------------------

def write_then_damage(tmp_path: Path, key: str, content: bytes, gz: bool = False) -> Path:
    """A valid set whose ``key`` file is replaced by ``content``; returns that file's path."""
    paths = write_idx_set(tmp_path, *small_set(), gz=gz)
    paths[key].write_bytes(gzip.compress(content) if gz else content)
    return paths[key]


def load_error(tmp_path: Path, name: str = "mnist") -> str:
    with pytest.raises(DataError) as info:
        load_dataset(name, data_root=tmp_path)
    return str(info.value)


@pytest.mark.parametrize("gz", [False, True])
def test_truncated_images(tmp_path: Path, gz: bool) -> None:
    path = write_then_damage(tmp_path, "train_x", idx_images_bytes(numbered_images(12, 1))[:-100], gz)
    message = load_error(tmp_path)
    assert path.name in message and "truncated" in message


def test_truncated_labels(tmp_path: Path) -> None:
    path = write_then_damage(tmp_path, "test_y", idx_labels_bytes(np.zeros(5, np.uint8))[:-2])
    assert path.name in load_error(tmp_path)


@pytest.mark.parametrize("content", [b"", b"\x00\x00\x08"])
def test_file_shorter_than_a_header(tmp_path: Path, content: bytes) -> None:
    path = write_then_damage(tmp_path, "test_x", content)
    assert path.name in load_error(tmp_path)


def test_wrong_magic_number_in_images(tmp_path: Path) -> None:
    path = write_then_damage(tmp_path, "train_x", idx_images_bytes(numbered_images(12, 1), magic=IDX_LABELS_MAGIC))
    message = load_error(tmp_path)
    assert path.name in message and "magic" in message


def test_wrong_magic_number_in_labels(tmp_path: Path) -> None:
    # an image file put where the labels belong: its header starts with 0x803
    path = write_then_damage(tmp_path, "train_y", idx_images_bytes(numbered_images(12, 1)))
    assert path.name in load_error(tmp_path)


def test_image_and_label_counts_differ(tmp_path: Path) -> None:
    paths = write_idx_set(tmp_path, *small_set(), gz=False)
    paths["train_y"].write_bytes(idx_labels_bytes(np.arange(11, dtype=np.uint8) % 10))
    message = load_error(tmp_path)
    assert paths["train_x"].name in message and paths["train_y"].name in message
    assert "12" in message and "11" in message


def test_label_outside_the_ten_classes(tmp_path: Path) -> None:
    path = write_then_damage(tmp_path, "test_y", idx_labels_bytes(np.array([1, 2, 10, 3, 4], np.uint8)))
    message = load_error(tmp_path, "fashion-mnist")
    assert path.name in message and "10" in message


def test_empty_test_split_is_refused(tmp_path: Path) -> None:
    paths = write_idx_set(tmp_path, *small_set(), gz=False)
    paths["test_x"].write_bytes(idx_images_bytes(np.zeros((0, 28, 28), np.uint8)))
    paths["test_y"].write_bytes(idx_labels_bytes(np.zeros(0, np.uint8)))
    assert "empty" in load_error(tmp_path)


@pytest.mark.parametrize("damage", ["truncated", "bad block", "bad checksum"])
def test_damaged_gzip(tmp_path: Path, damage: str) -> None:
    paths = write_idx_set(tmp_path, *small_set(), gz=True)
    packed = bytearray(paths["train_x"].read_bytes())
    if damage == "truncated":
        packed = packed[: len(packed) // 2]
    elif damage == "bad block":
        packed[10] |= 0b110  # the first deflate block (after the 10-byte gzip header) gets reserved type 3
    else:
        packed[-8] ^= 0xFF  # the CRC-32 in the gzip trailer no longer matches
    paths["train_x"].write_bytes(bytes(packed))
    message = load_error(tmp_path)
    assert paths["train_x"].name in message and "gzip" in message


# --- where the loader looks -------------------------------------------------------------------

def test_missing_files_say_where_it_looked_and_how_to_download(tmp_path: Path) -> None:
    (tmp_path / "mnist").mkdir()
    (tmp_path / "mnist" / "train-images-idx3-ubyte").write_bytes(idx_images_bytes(numbered_images(2, 0)))
    message = load_error(tmp_path)  # one of four files is not enough
    assert str(tmp_path) in message and str(tmp_path / "MNIST" / "raw") in message
    assert "cnnlab data download mnist" in message


def test_missing_data_folder(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="does not exist"):
        load_dataset("mnist", data_root=tmp_path / "nowhere")


def test_without_data_root_the_app_data_folder_is_searched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CNNLAB_DATA", str(tmp_path))
    message = load_error_without_root("mnist")
    assert str(tmp_path / "mnist") in message and "cnnlab data download mnist" in message
    train_x, train_y, test_x, test_y = small_set()
    write_idx_set(tmp_path / "mnist", train_x, train_y, test_x, test_y, gz=True)
    splits = load_dataset("mnist")
    np.testing.assert_array_equal(splits.test.x[:, 0].numpy(), test_x)
    assert Path(splits.info.source) == tmp_path / "mnist"


def test_without_data_root_torchvisions_download_layout_is_found(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CNNLAB_DATA", str(tmp_path))
    train_x, train_y, test_x, test_y = small_set()
    write_idx_set(tmp_path / "FashionMNIST" / "raw", train_x, train_y, test_x, test_y, gz=False)
    splits = load_dataset("fashion-mnist", val_fraction=0.0)
    np.testing.assert_array_equal(by_index(splits.train.x, splits.train.y)[1], train_y)


def load_error_without_root(name: str) -> str:
    with pytest.raises(DataError) as info:
        load_dataset(name)
    return str(info.value)


# --- MNIST or Fashion-MNIST: the official files recognised by their contents ----------------------

SHARED = Path("/work/shared/data")  # a copy of both official sets on the course machines; not in a user's clone


def digests_of(paths: dict[str, Path]) -> dict[str, str]:
    """SHA-256 of each written file's IDX bytes (unzipped first when gzipped)."""
    out = {}
    for key, path in paths.items():
        data = path.read_bytes()
        out[key] = hashlib.sha256(gzip.decompress(data) if path.suffix == ".gz" else data).hexdigest()
    return out


@pytest.mark.parametrize("gz", [False, True])
def test_the_other_sets_official_files_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    gz: bool) -> None:
    paths = write_idx_set(tmp_path, *small_set(), gz=gz)
    monkeypatch.setitem(idx.OFFICIAL_SHA256, "fashion-mnist", digests_of(paths))  # these files play Fashion-MNIST
    names = ", ".join(p.name for p in paths.values())
    assert load_error(tmp_path, "mnist") == (f"{tmp_path} holds the official Fashion-MNIST files ({names}), not "
                                             "MNIST; load them as Fashion-MNIST or point to the MNIST files.")
    assert load_dataset("fashion-mnist", data_root=tmp_path, val_fraction=0.0).notes == []  # as themselves: no word


def test_one_file_of_the_other_set_is_refused_by_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = write_idx_set(tmp_path, *small_set(), gz=False)
    monkeypatch.setitem(idx.OFFICIAL_SHA256, "mnist", {"train_y": digests_of(paths)["train_y"]})
    message = load_error(tmp_path, "fashion-mnist")
    assert message.startswith(f"{tmp_path} holds the official MNIST files (train-labels-idx1-ubyte), not ")


def test_files_of_neither_set_are_loaded_with_one_note(tmp_path: Path) -> None:
    write_idx_set(tmp_path, *small_set(), gz=True)
    splits = load_dataset("mnist", data_root=tmp_path, val_fraction=0.0)
    assert splits.notes == [f"The files in {tmp_path} are not the official MNIST files (their contents differ); "
                            "they are loaded as MNIST all the same."]
    assert len(splits.train) == 12


@pytest.mark.skipif(not SHARED.is_dir(), reason="needs the real MNIST and Fashion-MNIST files in /work/shared/data")
def test_the_real_files_are_told_apart() -> None:
    for name, title, wrong in (("mnist", "MNIST", "fashion-mnist"), ("fashion-mnist", "Fashion-MNIST", "mnist")):
        folder = SHARED / name
        files = idx._read_set(folder)
        assert idx.check_official(name, folder, files) == []  # each set is its own official files
        with pytest.raises(DataError, match=f"{folder} holds the official {title} files"):
            idx.check_official(wrong, folder, files)
