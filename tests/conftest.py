"""Test setup shared by tests/cnnlab (no Qt) and tests/ui (pytest-qt, offscreen)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import torch

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no display in CI
torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))  # CI has 2 cores; more threads only contend


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test sees a private, session-wide data folder: no user files read or written.

    The folder is shared by the session so the generated datasets are drawn once, not per test.
    """
    root = tmp_path_factory.getbasetemp() / "cnnlab-data"
    root.mkdir(exist_ok=True)
    monkeypatch.setenv("CNNLAB_DATA", str(root))
    monkeypatch.delenv("CNNLAB_RUNS", raising=False)


CIFAR_JPEG_CLASSES = ("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck")


def cifar_jpeg_colour(label: int) -> tuple[int, int, int]:
    """The solid colour of every image of class ``label`` in the ``cifar_jpegs`` copy: ten far-apart colours."""
    return (20 + 23 * label, 230 - 21 * label, (90 * label) % 250)


@pytest.fixture
def cifar_jpegs(tmp_path: Path) -> tuple[Path, list[tuple[int, int, int]]]:
    """A data folder holding a tiny CIFAR-10 JPEG copy, ``cifar10-jpg/{train,test}/<class>/``: two training
    and one test image per class, 8×8 pixels, each class one solid colour; returns the folder and the
    colours by class index."""
    from PIL import Image

    root = tmp_path / "data"
    for split, count in (("train", 2), ("test", 1)):
        for label, name in enumerate(CIFAR_JPEG_CLASSES):
            folder = root / "cifar10-jpg" / split / name
            folder.mkdir(parents=True)
            for i in range(count):
                Image.new("RGB", (8, 8), cifar_jpeg_colour(label)).save(folder / f"{i}.jpg", quality=95)
    return root, [cifar_jpeg_colour(label) for label in range(len(CIFAR_JPEG_CLASSES))]


@pytest.fixture
def forget_data_folders() -> Iterator[None]:
    """The data folders a test remembers are forgotten after it (the session shares one data folder)."""
    from cnnlab.paths import data_folders_file

    path = data_folders_file()
    yield
    path.unlink(missing_ok=True)
