"""Writers for tiny dataset files in the official formats, so loader tests never need real data.

Each writer follows the published format description (IDX: big-endian header, magic 0x803 for
images and 0x801 for labels; CIFAR-10: pickled dicts with bytes keys), not the loaders' code.
"""

from __future__ import annotations

import gzip
import pickle
import struct
import tarfile
from pathlib import Path

import numpy as np

IDX_IMAGES_MAGIC = 0x00000803
IDX_LABELS_MAGIC = 0x00000801
IDX_NAMES = {
    "train_x": "train-images-idx3-ubyte",
    "train_y": "train-labels-idx1-ubyte",
    "test_x": "t10k-images-idx3-ubyte",
    "test_y": "t10k-labels-idx1-ubyte",
}


def idx_images_bytes(images: np.ndarray, magic: int = IDX_IMAGES_MAGIC) -> bytes:
    """IDX3 file contents for uint8 images (N, H, W)."""
    n, h, w = images.shape
    return struct.pack(">IIII", magic, n, h, w) + images.astype(np.uint8).tobytes()


def idx_labels_bytes(labels: np.ndarray, magic: int = IDX_LABELS_MAGIC) -> bytes:
    """IDX1 file contents for uint8 labels (N,)."""
    return struct.pack(">II", magic, len(labels)) + labels.astype(np.uint8).tobytes()


def numbered_images(n: int, seed: int, size: int = 28) -> np.ndarray:
    """Random uint8 images (n, size, size) whose first pixel is the image's index, so each is unique."""
    x = np.random.default_rng(seed).integers(0, 256, size=(n, size, size), dtype=np.uint8)
    x[:, 0, 0] = np.arange(n, dtype=np.uint8)
    return x


def write_idx_set(folder: Path, train_x: np.ndarray, train_y: np.ndarray, test_x: np.ndarray,
                  test_y: np.ndarray, gz: bool) -> dict[str, Path]:
    """Write the four IDX files into ``folder`` (gzipped with a ``.gz`` suffix when ``gz``)."""
    folder.mkdir(parents=True, exist_ok=True)
    contents = {
        "train_x": idx_images_bytes(train_x), "train_y": idx_labels_bytes(train_y),
        "test_x": idx_images_bytes(test_x), "test_y": idx_labels_bytes(test_y),
    }
    paths = {}
    for key, data in contents.items():
        path = folder / (IDX_NAMES[key] + (".gz" if gz else ""))
        path.write_bytes(gzip.compress(data) if gz else data)
        paths[key] = path
    return paths


# --- CIFAR-10 python batches ------------------------------------------------------------------

CIFAR_FOLDER = "cifar-10-batches-py"
CIFAR_ARCHIVE = "cifar-10-python.tar.gz"
CIFAR_BATCHES = [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]


def cifar_batch(n: int, seed: int) -> tuple[np.ndarray, list[int]]:
    """Random uint8 rows (n, 3072) and labels 0–9."""
    rng = np.random.default_rng(seed)
    return rng.integers(0, 256, size=(n, 3072), dtype=np.uint8), [int(v) for v in rng.integers(0, 10, n)]


def cifar_batch_bytes(data: object, labels: object, name: str = "batch", protocol: int = 2) -> bytes:
    """One batch pickled as the official files are: a dict with bytes keys."""
    n = len(labels) if isinstance(labels, list) else 0
    return pickle.dumps({
        b"batch_label": f"training {name}".encode(),
        b"labels": labels,
        b"data": data,
        b"filenames": [f"img_{i}.png".encode() for i in range(n)],
    }, protocol=protocol)


def write_cifar_folder(root: Path, per_batch: int = 4, seed: int = 0
                       ) -> tuple[Path, dict[str, tuple[np.ndarray, list[int]]]]:
    """``root/cifar-10-batches-py/`` with five training batches and the test batch; returns the arrays."""
    folder = root / CIFAR_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for i, name in enumerate(CIFAR_BATCHES):
        data, labels = cifar_batch(per_batch + i, seed * 100 + i)  # batch sizes differ on purpose
        (folder / name).write_bytes(cifar_batch_bytes(data, labels, name))
        written[name] = (data, labels)
    return folder, written


def pack_cifar_archive(folder: Path, archive: Path) -> Path:
    """Pack a batches folder the way the official ``cifar-10-python.tar.gz`` is laid out."""
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(folder, arcname=CIFAR_FOLDER)
    return archive
