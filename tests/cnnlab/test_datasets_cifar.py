"""CIFAR-10 from official-format python batches written here (folder and tar.gz), and pickles that
must be refused without running anything."""

from __future__ import annotations

import builtins
import collections
import os
import pickle
import subprocess
from pathlib import Path

import numpy as np
import pytest
import torch
from helpers_files import (
    CIFAR_ARCHIVE,
    CIFAR_BATCHES,
    CIFAR_FOLDER,
    cifar_batch,
    cifar_batch_bytes,
    pack_cifar_archive,
    write_cifar_folder,
)

from cnnlab.datasets import load_dataset
from cnnlab.errors import DataError

CLASSES = ("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck")


def as_images(rows: np.ndarray) -> np.ndarray:
    """The documented layout: each row is 1024 red, then 1024 green, then 1024 blue values, row-major."""
    out = np.empty((len(rows), 3, 32, 32), dtype=np.uint8)
    for c in range(3):
        for r in range(32):
            out[:, c, r, :] = rows[:, c * 1024 + r * 32: c * 1024 + r * 32 + 32]
    return out


def multiset(x: np.ndarray, y: list[int] | np.ndarray) -> collections.Counter[tuple[bytes, int]]:
    return collections.Counter(zip((bytes(i) for i in x), (int(v) for v in y), strict=False))


def check_loaded(root: Path, written: dict[str, tuple[np.ndarray, list[int]]]) -> None:
    splits = load_dataset("cifar10", data_root=root, val_fraction=0.0)
    train_rows = np.concatenate([written[n][0] for n in CIFAR_BATCHES[:5]])
    train_labels = sum((written[n][1] for n in CIFAR_BATCHES[:5]), [])
    assert splits.train.x.dtype == torch.uint8 and tuple(splits.train.x.shape) == (len(train_rows), 3, 32, 32)
    # the training images come shuffled; as a multiset they are exactly what was written
    assert multiset(splits.train.x.numpy(), splits.train.y.numpy()) == multiset(as_images(train_rows), train_labels)
    test_rows, test_labels = written["test_batch"]
    np.testing.assert_array_equal(splits.test.x.numpy(), as_images(test_rows))
    assert splits.test.y.tolist() == test_labels
    assert splits.info.classes == CLASSES and splits.info.input_shape == (3, 32, 32)


def test_batches_folder(tmp_path: Path) -> None:
    _, written = write_cifar_folder(tmp_path)
    check_loaded(tmp_path, written)


def test_data_root_may_be_the_batches_folder_itself(tmp_path: Path) -> None:
    folder, written = write_cifar_folder(tmp_path)
    check_loaded(folder, written)


def test_official_archive_is_read_without_extracting(tmp_path: Path) -> None:
    folder, written = write_cifar_folder(tmp_path / "src")
    root = tmp_path / "data"
    root.mkdir()
    pack_cifar_archive(folder, root / CIFAR_ARCHIVE)
    check_loaded(root, written)
    assert sorted(p.name for p in root.iterdir()) == [CIFAR_ARCHIVE]


def test_app_data_folder_is_searched_without_data_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CNNLAB_DATA", str(tmp_path))
    with pytest.raises(DataError) as info:
        load_dataset("cifar10")
    assert str(tmp_path / CIFAR_FOLDER) in str(info.value) and "cnnlab data download cifar10" in str(info.value)
    _, written = write_cifar_folder(tmp_path)
    splits = load_dataset("cifar10")
    np.testing.assert_array_equal(splits.test.x.numpy(), as_images(written["test_batch"][0]))


@pytest.mark.parametrize("protocol", [2, 3, 4, 5])
def test_every_pickle_protocol_loads(tmp_path: Path, protocol: int) -> None:
    folder, written = write_cifar_folder(tmp_path)
    data, labels = cifar_batch(7, seed=99)
    (folder / "test_batch").write_bytes(cifar_batch_bytes(data, labels, protocol=protocol))
    written["test_batch"] = (data, labels)
    check_loaded(tmp_path, written)


@pytest.mark.parametrize("module", ["numpy.core", "numpy._core"])
def test_numpy_module_paths_of_numpy_1_and_2_both_load(tmp_path: Path, module: str) -> None:
    """numpy 1 pickles arrays through numpy.core.multiarray, numpy 2 through numpy._core.multiarray."""
    folder, written = write_cifar_folder(tmp_path)
    data, labels = cifar_batch(6, seed=5)
    raw = cifar_batch_bytes(data, labels, protocol=2)  # protocol 2 names globals as "module\nname\n"
    for spelling in (b"numpy._core.multiarray\n", b"numpy.core.multiarray\n"):
        raw = raw.replace(spelling, module.encode() + b".multiarray\n")
    assert module.encode() + b".multiarray\n" in raw
    (folder / "data_batch_2").write_bytes(raw)
    written["data_batch_2"] = (data, labels)
    check_loaded(tmp_path, written)


# --- malicious pickles ------------------------------------------------------------------------

class ShellCommand:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple:
        return os.system, (f"touch {self.marker}",)


class Exec:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple:
        return builtins.exec, (f"open({str(self.marker)!r}, 'w').close()",)


class Subprocess:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple:
        return subprocess.call, (["touch", str(self.marker)],)


class Eval:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple:
        return builtins.eval, (f"__import__('pathlib').Path({str(self.marker)!r}).touch()",)


@pytest.mark.parametrize("payload", [ShellCommand, Exec, Subprocess, Eval])
@pytest.mark.parametrize("where", ["whole file", "inside the dict"])
@pytest.mark.parametrize("protocol", [2, 5])
def test_malicious_batch_is_refused_and_never_runs(tmp_path: Path, payload: type, where: str, protocol: int) -> None:
    marker = tmp_path / "pwned"
    folder, _ = write_cifar_folder(tmp_path)
    evil = payload(marker)
    if where == "whole file":
        raw = pickle.dumps(evil, protocol=protocol)
    else:
        data, labels = cifar_batch(4, seed=1)
        raw = pickle.dumps({b"data": data, b"labels": labels, b"batch_label": evil}, protocol=protocol)
    (folder / "data_batch_3").write_bytes(raw)
    with pytest.raises(DataError) as info:
        load_dataset("cifar10", data_root=tmp_path)
    assert "data_batch_3" in str(info.value)
    assert not marker.exists()


def test_malicious_batch_inside_the_archive_is_refused(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    folder, _ = write_cifar_folder(tmp_path / "src")
    (folder / "data_batch_3").write_bytes(pickle.dumps(ShellCommand(marker), protocol=2))
    root = tmp_path / "data"
    root.mkdir()
    pack_cifar_archive(folder, root / CIFAR_ARCHIVE)
    with pytest.raises(DataError, match="data_batch_3"):
        load_dataset("cifar10", data_root=root)
    assert not marker.exists()


# --- broken batches ---------------------------------------------------------------------------

def _bad_rows() -> dict[str, bytes]:
    data, labels = cifar_batch(4, seed=3)
    return {
        "garbage bytes": b"\x00\x01 this is not a pickle \xff" * 20,
        "truncated pickle": cifar_batch_bytes(data, labels)[:200],
        "not a dict": pickle.dumps([1, 2, 3], protocol=2),
        "rows of 1024 values": cifar_batch_bytes(data[:, :1024].copy(), labels),
        "float pixels": cifar_batch_bytes(data.astype(np.float32), labels),
        "no data key": pickle.dumps({b"labels": labels}, protocol=2),
        "label 10": cifar_batch_bytes(data, [0, 1, 10, 2]),
        "label -1": cifar_batch_bytes(data, [0, -1, 3, 2]),
        "fewer labels than images": cifar_batch_bytes(data, [0, 1, 2]),
    }


@pytest.mark.parametrize("case", list(_bad_rows()))
def test_broken_batch_gives_data_error_naming_the_file(tmp_path: Path, case: str) -> None:
    folder, _ = write_cifar_folder(tmp_path)
    (folder / "data_batch_4").write_bytes(_bad_rows()[case])
    with pytest.raises(DataError) as info:
        load_dataset("cifar10", data_root=tmp_path)
    assert "data_batch_4" in str(info.value)


def test_missing_batch_in_folder_is_named(tmp_path: Path) -> None:
    folder, _ = write_cifar_folder(tmp_path)
    (folder / "data_batch_5").unlink()
    with pytest.raises(DataError, match="data_batch_5"):
        load_dataset("cifar10", data_root=tmp_path)


def test_missing_batch_in_archive_is_named(tmp_path: Path) -> None:
    folder, _ = write_cifar_folder(tmp_path / "src")
    (folder / "data_batch_1").unlink()
    root = tmp_path / "data"
    root.mkdir()
    pack_cifar_archive(folder, root / CIFAR_ARCHIVE)
    with pytest.raises(DataError, match="data_batch_1"):
        load_dataset("cifar10", data_root=root)


@pytest.mark.parametrize("damage", ["truncated", "not gzip"])
def test_damaged_archive(tmp_path: Path, damage: str) -> None:
    folder, _ = write_cifar_folder(tmp_path / "src")
    root = tmp_path / "data"
    root.mkdir()
    archive = pack_cifar_archive(folder, root / CIFAR_ARCHIVE)
    raw = archive.read_bytes()
    archive.write_bytes(raw[: len(raw) // 2] if damage == "truncated" else b"plain text, no archive\n" * 50)
    with pytest.raises(DataError) as info:
        load_dataset("cifar10", data_root=root)
    assert CIFAR_ARCHIVE in str(info.value)
