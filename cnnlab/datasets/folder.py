"""Any image-folder tree: ``train/<class>/…`` and ``test/<class>/…``, or one tree split by a fraction
(``<class>/…`` directly, or a lone ``train/<class>/…``). Dot-files and dot-folders are ignored; links
are followed as :mod:`cnnlab.datasets.tree` says, and the ones skipped are named in the notes.

Images of any Pillow mode become 8-bit gray or RGB pixels as :mod:`cnnlab.datasets.pixels` says (16-bit
images scaled, not clipped; transparent areas on white), and are resized to a square side (28 for gray
sets, 32 for colour ones unless told otherwise); a set is gray when every image is. Decoded arrays
are cached by the folder's path and its files' sizes and modification times, so a second load of
CIFAR-10 as JPEGs takes a moment, not a minute.
"""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import replace
from pathlib import Path

import numpy as np
import torch
from PIL import Image, UnidentifiedImageError

from cnnlab.datasets.base import ImageSet
from cnnlab.datasets.cache_file import save_cache
from cnnlab.datasets.pixels import to_8bit
from cnnlab.datasets.registry import LoadRequest, RawData
from cnnlab.datasets.specs import folder_missing
from cnnlab.datasets.tree import TreeScan
from cnnlab.errors import DataError, unreadable_image_reason
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.paths import cache_dir

TEST_FRACTION = 0.2  # share of each class kept for testing when the tree has no test/ folder


def _decode(path: Path) -> Image.Image:
    """The image in ``path`` as 8-bit gray (``L``) or ``RGB`` pixels (see :mod:`cnnlab.datasets.pixels`)."""
    try:
        with Image.open(path) as im:
            im.load()
            return to_8bit(im, path)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as e:
        # DecompressionBombError: more than twice Image.MAX_IMAGE_PIXELS, refused before decoding
        raise DataError(QT_TRANSLATE_NOOP("CoreMessage", "{path} is not a readable image: {reason}."), path=path,
                        reason=unreadable_image_reason(e)) from None


Listing = list[tuple[str, list[Path]]]  # (class folder name, its image files) per class, sorted by name


def list_tree(scan: TreeScan, root: Path) -> Listing:
    """The class folders of ``root`` and their image files, as ``scan`` walks them."""
    dirs = scan.class_dirs(root)
    if not dirs:
        raise DataError(QT_TRANSLATE_NOOP("CoreMessage", "{folder} has no class sub-folders."), folder=root)
    return [(d.name, scan.files(d)) for d in dirs]


def decode_listing(
    root: Path, listing: Listing, side: int | None, classes: list[str] | None = None,
) -> tuple[list[str], np.ndarray, np.ndarray, bool]:
    """Decode a listed tree; returns class names, images (N, H, W, 3), labels, all_gray."""
    names = [name for name, _ in listing]
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
    for name, files in listing:
        for f in files:
            im = _decode(f)
            gray = gray and im.mode == "L"
            images.append(im)
            labels.append(label_of[name])
    size = side or 32
    arr = np.stack([
        np.asarray((im.resize((size, size), Image.Resampling.BILINEAR) if im.size != (size, size) else im)
                   .convert("RGB"), dtype=np.uint8)  # L -> RGB repeats the gray level exactly
        for im in images])
    return (classes or names), arr, np.asarray(labels, dtype=np.int64), gray


def read_tree(
    root: Path, side: int | None, classes: list[str] | None = None,
) -> tuple[list[str], np.ndarray, np.ndarray, bool]:
    """Decode ``root/<class>/*`` (links that leave ``root`` or repeat a folder skipped); returns class
    names, images (N, H, W, 3), labels, all_gray."""
    return decode_listing(root, list_tree(TreeScan(root.resolve(), [root.resolve()]), root), side, classes)


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


def _cache_key(root: Path, listings: list[Listing], side: int | None, seed: int | None) -> str:
    """Names the decoded arrays of ``root``: changes when any listed file's path, size or time changes.

    ``seed`` is given for single trees, whose train / test split depends on it.
    """
    h = hashlib.sha1(str(root.resolve()).encode())
    for listing in listings:
        for name, files in listing:
            h.update(f"class:{name}".encode())
            for p in files:
                st = p.stat()  # of the image a link leads to
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
    save_cache(path, classes=np.array(raw.classes), train_x=raw.train.x.numpy(), train_y=raw.train.y.numpy(),
               test_x=raw.test.x.numpy(), test_y=raw.test.y.numpy())  # a read-only folder: decoded again next time


def load_folder(root: Path, side: int | None = None, seed: int = 0) -> RawData:
    """Read an image-folder dataset (see the module docstring)."""
    if not root.is_dir():
        raise DataError(QT_TRANSLATE_NOOP("CoreMessage", "{path} is not a folder."), path=root)
    train_dir, test_dir = root / "train", root / "test"
    if test_dir.is_dir() and not train_dir.is_dir():
        raise DataError(QT_TRANSLATE_NOOP("CoreMessage", "{folder} has a test/ folder but no train/ folder next "
                                          "to it."), folder=root)
    split = not test_dir.is_dir()  # one tree (root itself, or a lone train/) split per class
    tops = [train_dir, test_dir] if not split else [train_dir if train_dir.is_dir() else root]
    scan = TreeScan(root.resolve(), [t.resolve() for t in tops])
    listings = [list_tree(scan, t) for t in tops]
    notes = tuple(scan.notes())
    cached = cache_dir() / f"{_cache_key(root, listings, side, seed if split else None)}.npz"
    raw = _read_cache(cached, root)
    if raw is not None:
        return replace(raw, notes=notes)
    if not split:
        classes, tx, ty, tgray = decode_listing(train_dir, listings[0], side)
        _, vx, vy, vgray = decode_listing(test_dir, listings[1], side, classes)
        gray = tgray and vgray
        train, test = _to_set(tx, ty, gray), _to_set(vx, vy, gray)
    else:
        classes, x, y, gray = decode_listing(tops[0], listings[0], side)
        tr, te = _split_per_class(y, TEST_FRACTION, seed)
        train, test = _to_set(x[tr], y[tr], gray), _to_set(x[te], y[te], gray)
    if side is None and train.x.shape[1] == 1 and train.x.shape[-1] != 28:
        raw = load_folder(root, 28, seed)  # gray sets default to the MNIST side
    else:
        raw = RawData(tuple(classes), train, test, str(root), notes)
    _write_cache(cached, raw)  # also for side None, so the next default load is a cache hit
    return raw


def load(req: LoadRequest) -> RawData:
    if req.data_root is None:
        raise DataError(folder_missing((None,)))
    return load_folder(req.data_root, req.image_size, req.seed)
