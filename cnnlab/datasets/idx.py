"""MNIST and Fashion-MNIST from the standard IDX files (gzipped or not).

Looked for, in order: ``--data-root`` (the four files, or torchvision's ``MNIST/raw`` layout),
the app data folder (``<data>/mnist``, ``<data>/fashion-mnist`` or torchvision's layout), and for
Fashion-MNIST Debian's ``/usr/share/datasets/fashion-mnist``.
"""

from __future__ import annotations

import hashlib
import struct
from pathlib import Path

import numpy as np
import torch

from cnnlab.datasets.base import ImageSet
from cnnlab.datasets.files import find_file, read_maybe_gzip
from cnnlab.datasets.registry import LoadRequest, RawData
from cnnlab.datasets.specs import IDX_FILES as FILES
from cnnlab.datasets.specs import idx_locate as locate
from cnnlab.datasets.specs import idx_missing as missing
from cnnlab.errors import DataError, Sentence
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.paths import data_dir

IMAGES_MAGIC = 0x00000803  # unsigned bytes, 3 dimensions
LABELS_MAGIC = 0x00000801  # unsigned bytes, 1 dimension
_TITLES = {"mnist": "MNIST", "fashion-mnist": "Fashion-MNIST"}  # as the sets are called in sentences
# SHA-256 of the *decompressed* official files (the gzip wrapper differs between copies: a file's name,
# time and compression level are in it; the data is not). Computed from the original IDX files
# (60 000 train / 10 000 test images of LeCun's MNIST and Zalando's Fashion-MNIST).
OFFICIAL_SHA256: dict[str, dict[str, str]] = {
    "mnist": {
        "train_x": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
        "train_y": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
        "test_x": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
        "test_y": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    },
    "fashion-mnist": {
        "train_x": "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
        "train_y": "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
        "test_x": "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
        "test_y": "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
    },
}
def parse_idx_images(data: bytes, path: Path) -> np.ndarray:
    """IDX3 bytes -> uint8 (N, H, W); errors name ``path``."""
    if len(data) < 16:
        raise DataError(QT_TRANSLATE_NOOP("CoreMessage", "{path} is too short to be an IDX image file."),
                        path=path)
    magic, n, h, w = struct.unpack(">IIII", data[:16])
    if magic != IMAGES_MAGIC:
        raise DataError(QT_TRANSLATE_NOOP("CoreMessage", "{path} is not an IDX image file (magic number "
                                                         "{magic:#010x}, expected {expected:#010x})."),
                        path=path, magic=magic, expected=IMAGES_MAGIC)
    expected = 16 + n * h * w
    if len(data) != expected:
        raise DataError(QT_TRANSLATE_NOOP("CoreMessage", "{path} is truncated or padded: header promises "
                                                         "{count} images of {h}×{w} ({expected} bytes) but the "
                                                         "file has {size} bytes."),
                        path=path, count=n, h=h, w=w, expected=expected, size=len(data))
    return np.frombuffer(data, dtype=np.uint8, offset=16).reshape(n, h, w)


def parse_idx_labels(data: bytes, path: Path) -> np.ndarray:
    """IDX1 bytes -> uint8 (N,); errors name ``path``."""
    if len(data) < 8:
        raise DataError(QT_TRANSLATE_NOOP("CoreMessage", "{path} is too short to be an IDX label file."),
                        path=path)
    magic, n = struct.unpack(">II", data[:8])
    if magic != LABELS_MAGIC:
        raise DataError(QT_TRANSLATE_NOOP("CoreMessage", "{path} is not an IDX label file (magic number "
                                                         "{magic:#010x}, expected {expected:#010x})."),
                        path=path, magic=magic, expected=LABELS_MAGIC)
    if len(data) != 8 + n:
        raise DataError(QT_TRANSLATE_NOOP("CoreMessage", "{path} is truncated or padded: header promises "
                                                         "{count} labels but the file has {count2}."),
                        path=path, count=n, count2=len(data) - 8)
    return np.frombuffer(data, dtype=np.uint8, offset=8)


def _read_set(folder: Path) -> dict[str, tuple[Path, bytes]]:
    """The four files' paths and decompressed bytes, by key of ``FILES``."""
    out = {}
    for key, stem in FILES.items():
        path = find_file(folder, stem)
        assert path is not None  # locate() checked
        out[key] = (path, read_maybe_gzip(path))
    return out


def check_official(name: str, folder: Path, files: dict[str, tuple[Path, bytes]]) -> list[str]:
    """Refuse the other set's official files given as ``name``; a note when they are not ``name``'s own.

    Recognised by the SHA-256 of the decompressed bytes (``OFFICIAL_SHA256``), computed each load: 0.03 s
    for all of MNIST against 0.6 s for the whole load (decompressing and parsing), so no verdict is cached.
    """
    digests = {key: hashlib.sha256(data).hexdigest() for key, (_, data) in files.items()}
    for other, official in OFFICIAL_SHA256.items():
        if other == name:
            continue
        theirs = [files[key][0].name for key, digest in digests.items() if official.get(key) == digest]
        if theirs:
            raise DataError(QT_TRANSLATE_NOOP("CoreMessage", "{folder} holds the official {actual} files ({files}), "
                                                             "not {dataset}; load them as {actual} or point to the "
                                                             "{dataset} files."),
                            folder=folder, actual=_TITLES[other], files=", ".join(theirs), dataset=_TITLES[name])
    if digests != OFFICIAL_SHA256.get(name):
        return [Sentence(QT_TRANSLATE_NOOP("CoreMessage", "The files in {folder} are not the official {dataset} "
                                                          "files (their contents differ); they are loaded as "
                                                          "{dataset} all the same."),
                         folder=folder, dataset=_TITLES[name])]
    return []


def _split(files: dict[str, tuple[Path, bytes]], prefix: str, classes: int) -> ImageSet:
    (xp, xdata), (yp, ydata) = files[f"{prefix}_x"], files[f"{prefix}_y"]
    x = parse_idx_images(xdata, xp)
    y = parse_idx_labels(ydata, yp)
    if len(x) != len(y):
        raise DataError(QT_TRANSLATE_NOOP("CoreMessage", "{images} holds {count} images but {labels} holds "
                                                         "{count2} labels."),
                        images=xp.name, count=len(x), labels=yp.name, count2=len(y))
    if len(y) and int(y.max()) >= classes:
        raise DataError(QT_TRANSLATE_NOOP("CoreMessage", "{path} has label {label}, but this dataset has "
                                                         "{classes} classes."),
                        path=yp, label=int(y.max()), classes=classes)
    return ImageSet(torch.from_numpy(x.copy()).unsqueeze(1), torch.from_numpy(y.astype(np.int64)))


def load(name: str, classes: tuple[str, ...], req: LoadRequest) -> RawData:
    folder = locate(name, req.data_root)
    if folder is None:
        raise DataError(missing(name, (req.data_root,)))
    files = _read_set(folder)
    notes = check_official(name, folder, files)
    return RawData(classes, _split(files, "train", len(classes)), _split(files, "test", len(classes)), str(folder),
                   tuple(notes))


def download(name: str, target: Path | None = None) -> Path:
    """Fetch the IDX files through torchvision into the app data folder (needs internet)."""
    import torchvision.datasets as tvd

    target = target or data_dir()
    cls = {"mnist": tvd.MNIST, "fashion-mnist": tvd.FashionMNIST}[name]
    try:
        for train in (True, False):
            cls(str(target), train=train, download=True)
    except Exception as e:  # network errors come in many types
        raise DataError(QT_TRANSLATE_NOOP("CoreMessage", "Downloading {name} failed ({problem}); check the "
                                                         "internet connection or copy the IDX files by hand."),
                        name=name, problem=e) from None
    folder = locate(name, target)
    assert folder is not None
    return folder
