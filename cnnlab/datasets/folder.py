"""Any image-folder tree: ``train/<class>/…`` and ``test/<class>/…``, or one tree split by a fraction
(``<class>/…`` directly, or a lone ``train/<class>/…``). Dot-files and dot-folders are ignored.

Images of any size are resized to a square side (28 for gray sets, 32 for colour ones unless
told otherwise); a set is gray when every image is. Decoded arrays are cached by the folder's
path and its files' sizes and modification times, so a second load of CIFAR-10 as JPEGs takes a
moment, not a minute.
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from pathlib import Path

import numpy as np
import torch
from PIL import Image, UnidentifiedImageError

from cnnlab.datasets.base import ImageSet
from cnnlab.datasets.registry import DatasetSpec, LoadRequest, RawData, register_dataset
from cnnlab.errors import Advice, DataError, unreadable_image_reason
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.paths import cache_dir

TEST_FRACTION = 0.2  # share of each class kept for testing when the tree has no test/ folder
_IGNORED = {"thumbs.db", "desktop.ini"}  # files operating systems drop into folders


def _class_dirs(root: Path) -> list[Path]:
    return sorted((p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")), key=lambda p: p.name)


def _hidden(path: Path, top: Path) -> bool:
    """True for dot-files and anything inside a dot-folder below ``top`` (.DS_Store, .ipynb_checkpoints/…)."""
    return any(part.startswith(".") for part in path.relative_to(top).parts)


def _files(class_dir: Path) -> list[Path]:
    files = sorted(p for p in class_dir.rglob("*") if p.is_file()
                   and not _hidden(p, class_dir) and p.name.lower() not in _IGNORED)
    if not files:
        raise DataError(QT_TRANSLATE_NOOP("CoreMessage", "The class folder {folder} holds no images."),
                        folder=class_dir)
    return files


def _decode(path: Path) -> Image.Image:
    try:
        with Image.open(path) as im:
            im.load()
            return im.copy()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as e:
        raise DataError(QT_TRANSLATE_NOOP("CoreMessage", "{path} is not a readable image: {reason}."), path=path,
                        reason=unreadable_image_reason(e)) from None


def read_tree(
    root: Path, side: int | None, classes: list[str] | None = None,
) -> tuple[list[str], np.ndarray, np.ndarray, bool]:
    """Decode ``root/<class>/*``; returns class names, images (N, H, W, 3), labels, all_gray."""
    dirs = _class_dirs(root)
    if not dirs:
        raise DataError(QT_TRANSLATE_NOOP("CoreMessage", "{folder} has no class sub-folders."), folder=root)
    names = [d.name for d in dirs]
    if classes is not None:
        lookup = {c.lower(): i for i, c in enumerate(classes)}
        unknown = [n for n in names if n.lower() not in lookup]
        if unknown:
            raise DataError(
                f"{root} has class folder(s) {', '.join(unknown)} that are not among {', '.join(classes)}.")
        label_of = {n: lookup[n.lower()] for n in names}
    else:
        label_of = {n: i for i, n in enumerate(names)}
    images, labels, gray = [], [], True
    for d in dirs:
        for f in _files(d):
            im = _decode(f)
            gray = gray and im.mode in ("1", "L", "I", "I;16", "F")
            images.append(im.convert("RGB"))
            labels.append(label_of[d.name])
    size = side or 32
    arr = np.stack([
        np.asarray(im.resize((size, size), Image.Resampling.BILINEAR) if im.size != (size, size) else im,
                   dtype=np.uint8)
        for im in images])
    return (classes or names), arr, np.asarray(labels, dtype=np.int64), gray


def _to_set(arr: np.ndarray, labels: np.ndarray, gray: bool) -> ImageSet:
    x = torch.from_numpy(arr).permute(0, 3, 1, 2).contiguous()  # (N, 3, H, W)
    if gray:
        x = x[:, :1].contiguous()  # every image was gray, so the three channels are equal
    return ImageSet(x, torch.from_numpy(labels))


def _split_per_class(labels: np.ndarray, fraction: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    train, test = [], []
    for c in np.unique(labels):
        idx = rng.permutation(np.flatnonzero(labels == c))
        n_test = max(1, int(round(len(idx) * fraction)))
        test.append(idx[:n_test])
        train.append(idx[n_test:])
    return np.concatenate(train), np.concatenate(test)


def _cache_key(root: Path, side: int | None, seed: int | None) -> str:
    """Names the decoded arrays of ``root``: changes when any file's path, size or time changes.

    ``seed`` is given for single trees, whose train / test split depends on it.
    """
    h = hashlib.sha1(str(root.resolve()).encode())
    for p in sorted(root.rglob("*")):
        st = p.stat()
        h.update(f"{p}:{st.st_mtime_ns}:{st.st_size}".encode())
    return f"folder-{h.hexdigest()[:16]}-{side}" + ("" if seed is None else f"-seed{seed}")


def _read_cache(path: Path, root: Path) -> RawData | None:
    if not path.exists():
        return None
    try:
        with np.load(path, allow_pickle=False) as z:
            return RawData(tuple(str(c) for c in z["classes"]),
                           ImageSet(torch.from_numpy(z["train_x"]), torch.from_numpy(z["train_y"])),
                           ImageSet(torch.from_numpy(z["test_x"]), torch.from_numpy(z["test_y"])), str(root))
    except (OSError, KeyError, ValueError, EOFError, zipfile.BadZipFile):
        return None  # a damaged cache is simply rebuilt


def _write_cache(path: Path, raw: RawData) -> None:
    """Write atomically (temp file, then rename) so an interrupted write never leaves half a cache."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp.npz")
        np.savez(tmp, classes=np.array(raw.classes), train_x=raw.train.x.numpy(), train_y=raw.train.y.numpy(),
                 test_x=raw.test.x.numpy(), test_y=raw.test.y.numpy())
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only data folder only costs decoding again next time


def load_folder(root: Path, side: int | None = None, seed: int = 0) -> RawData:
    """Read an image-folder dataset (see the module docstring)."""
    if not root.is_dir():
        raise DataError(QT_TRANSLATE_NOOP("CoreMessage", "{path} is not a folder."), path=root)
    train_dir, test_dir = root / "train", root / "test"
    if test_dir.is_dir() and not train_dir.is_dir():
        raise DataError(QT_TRANSLATE_NOOP("CoreMessage", "{folder} has a test/ folder but no train/ folder next "
                                          "to it."), folder=root)
    split = not test_dir.is_dir()  # one tree (root itself, or a lone train/) split per class
    tree = train_dir if train_dir.is_dir() else root
    cached = cache_dir() / f"{_cache_key(root, side, seed if split else None)}.npz"
    raw = _read_cache(cached, root)
    if raw is not None:
        return raw
    if not split:
        classes, tx, ty, tgray = read_tree(train_dir, side)
        _, vx, vy, vgray = read_tree(test_dir, side, classes)
        gray = tgray and vgray
        train, test = _to_set(tx, ty, gray), _to_set(vx, vy, gray)
    else:
        classes, x, y, gray = read_tree(tree, side)
        tr, te = _split_per_class(y, TEST_FRACTION, seed)
        train, test = _to_set(x[tr], y[tr], gray), _to_set(x[te], y[te], gray)
    if side is None and train.x.shape[1] == 1 and train.x.shape[-1] != 28:
        raw = load_folder(root, 28, seed)  # gray sets default to the MNIST side
    else:
        raw = RawData(tuple(classes), train, test, str(root))
    _write_cache(cached, raw)  # also for side None, so the next default load is a cache hit
    return raw


def _load(req: LoadRequest) -> RawData:
    if req.data_root is None:
        raise DataError(QT_TRANSLATE_NOOP("CoreMessage", "The folder dataset needs {advice} (train/<class>/…, "
                                                         "test/<class>/…)."),
                        advice=Advice("--data-root pointing to an image-folder tree"))
    return load_folder(req.data_root, req.image_size, req.seed)


register_dataset(DatasetSpec(
    name="folder", title=QT_TRANSLATE_NOOP("Dataset", "Image folder"),
    description=QT_TRANSLATE_NOOP("Dataset", "Your own images: train/<class>/… and test/<class>/…, or one tree split "
                                  "80/20."),
    default_model="shape-cnn", classes=None, channels=None, size=None, load=_load,
    locate=lambda root: (str(root) if root is not None and root.is_dir() else None),
))
