"""CIFAR-10 from the official python batches, loaded without running pickled code, or from an image-folder
copy (``train/<class>/`` and ``test/<class>/`` JPEG or PNG files, as in ``cifar10-jpg/``).

A plain ``pickle.load`` executes whatever a crafted file asks for. The unpickler here resolves
only the few numpy names a genuine batch refers to and refuses every other global, so a
malicious file raises ``DataError`` instead of running.
"""

from __future__ import annotations

import io
import pickle
import tarfile
import zlib
from dataclasses import replace
from pathlib import Path
from typing import Any, Literal

import numpy as np
import torch

from cnnlab.datasets.base import ImageSet
from cnnlab.datasets.folder import load_folder
from cnnlab.datasets.registry import LoadRequest, RawData
from cnnlab.datasets.specs import CIFAR10_CLASSES as CLASSES
from cnnlab.datasets.specs import CIFAR10_FOLDER as FOLDER
from cnnlab.datasets.specs import CIFAR10_TEST_BATCH as TEST_BATCH
from cnnlab.datasets.specs import cifar10_locate as locate
from cnnlab.datasets.specs import cifar10_missing as missing
from cnnlab.errors import DataError, kind_of
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.paths import data_dir

TRAIN_BATCHES = tuple(f"data_batch_{i}" for i in range(1, 6))
IMAGE_SIDE = 32  # pixels: an image-folder copy is read at CIFAR-10's own size


def _latin1_bytes(text: str = "", encoding: str = "latin1") -> bytes:
    """Python 3 pickles ``bytes`` at protocols 0–2 as ``_codecs.encode(text, "latin1")``."""
    if not isinstance(text, str) or encoding.lower().replace("-", "").replace("_", "") != "latin1":
        raise pickle.UnpicklingError("only latin-1 text may be turned into bytes")
    return text.encode("latin-1")


def _empty_bytes(*args: object) -> bytes:
    """Protocols 0–2 pickle ``b""`` as a call of ``bytes()`` without arguments."""
    if args:
        raise pickle.UnpicklingError("bytes() may only be called without arguments")
    return b""


def _frombuffer(buf: bytes, dtype: np.dtype, shape: tuple[int, ...], order: Literal["C", "F", "A"]) -> np.ndarray:
    """Protocol 5 pickles arrays as ``numpy._core.numeric._frombuffer``: rebuilt here the same way."""
    if not isinstance(buf, (bytes, bytearray, memoryview)) or not isinstance(dtype, np.dtype):
        raise pickle.UnpicklingError("malformed array")
    return np.frombuffer(buf, dtype=dtype).reshape(shape, order=order)


def _numpy_global(module: str, name: str) -> Any:
    module = module.replace("numpy._core", "numpy.core")  # numpy 2 pickles say _core
    if (module, name) == ("numpy.core.multiarray", "_reconstruct"):
        return np.ndarray.__reduce__(np.zeros(0))[0]  # the real _reconstruct, found safely
    if (module, name) == ("numpy", "ndarray"):
        return np.ndarray
    if (module, name) == ("numpy", "dtype"):
        return np.dtype
    if (module, name) == ("numpy.core.numeric", "_frombuffer"):
        return _frombuffer
    if (module, name) == ("_codecs", "encode"):
        return _latin1_bytes
    if module in ("builtins", "__builtin__") and name == "bytes":
        return _empty_bytes
    return None


class SafeUnpickler(pickle.Unpickler):
    """Resolves only numpy's array-rebuilding names (and the byte-string helpers Python 3 writes
    at protocols 0–2, restricted to that use); everything else is refused."""

    def find_class(self, module: str, name: str) -> Any:
        found = _numpy_global(module, name)
        if found is None:
            raise pickle.UnpicklingError(f"global {module}.{name} is not allowed")
        return found


def safe_load_batch(data: bytes, where: str) -> dict[str, Any]:
    """Unpickle one CIFAR batch and check its structure; errors name ``where``."""
    try:
        obj = SafeUnpickler(io.BytesIO(data), encoding="bytes").load()
    except pickle.UnpicklingError as e:
        raise DataError(QT_TRANSLATE_NOOP("CoreMessage", "{path} was refused: it is not a plain CIFAR-10 batch "
                                                         "({problem})."),
                        path=where, problem=e) from None
    except Exception as e:  # truncated or garbage bytes raise many types
        reason = "it is empty or cut short" if isinstance(e, EOFError) else "it is damaged or not a pickle file"
        raise DataError(QT_TRANSLATE_NOOP("CoreMessage", "{path} is not a readable CIFAR-10 batch: {reason}."),
                        path=where, reason=reason) from None
    if not isinstance(obj, dict):
        raise DataError(QT_TRANSLATE_NOOP("CoreMessage", "{path} is not a CIFAR-10 batch: it holds {kind}, not "
                                                         "labelled images."),
                        path=where, kind=kind_of(obj))
    return {(k.decode() if isinstance(k, bytes) else str(k)): v for k, v in obj.items()}


def _to_imageset(batch: dict[str, Any], where: str) -> ImageSet:
    x, y = batch.get("data"), batch.get("labels")
    if not isinstance(x, np.ndarray) or x.dtype != np.uint8 or x.ndim != 2 or x.shape[1] != 3072:
        raise DataError(QT_TRANSLATE_NOOP("CoreMessage", "{path} has no uint8 'data' array of 3072 values per "
                                                         "image."),
                        path=where)
    if not isinstance(y, list) or len(y) != len(x) or not all(isinstance(v, int) and 0 <= v < 10 for v in y):
        raise DataError(QT_TRANSLATE_NOOP("CoreMessage", "{path} has labels that do not match its {count} "
                                                         "images or fall outside 0–9."),
                        path=where, count=len(x))
    images = torch.from_numpy(x.reshape(-1, 3, 32, 32).copy())  # (N, 3, 32, 32), stored channel-major
    return ImageSet(images, torch.tensor(y, dtype=torch.int64))


def _read_members(source: Path) -> dict[str, bytes]:
    """Raw bytes of the six batches, from a folder or the official archive (never extracted)."""
    names = (*TRAIN_BATCHES, TEST_BATCH)
    if source.is_dir():
        missing = [n for n in names if not (source / n).is_file()]
        if missing:
            raise DataError(QT_TRANSLATE_NOOP("CoreMessage", "{path} lacks the CIFAR-10 batch file(s) {names}."),
                            path=source, names=', '.join(missing))
        return {n: (source / n).read_bytes() for n in names}
    try:
        with tarfile.open(source, "r:*") as tar:
            out = {}
            for n in names:
                member = tar.getmember(f"{FOLDER}/{n}")
                f = tar.extractfile(member)
                if f is None:
                    raise KeyError(n)
                out[n] = f.read()
            return out
    except KeyError as e:
        raise DataError(QT_TRANSLATE_NOOP("CoreMessage", "{path} lacks the CIFAR-10 batch {batch}."),
                        path=source, batch=e.args[0]) from None
    except (tarfile.TarError, OSError, EOFError, zlib.error) as e:
        raise DataError(QT_TRANSLATE_NOOP("CoreMessage", "{path} is not a readable CIFAR-10 archive ({problem})."),
                        path=source, problem=e) from None


def load_image_copy(folder: Path, seed: int) -> RawData:
    """CIFAR-10 from an image-folder copy: its ten class folders, by name, at 32×32 colour."""
    raw = load_folder(folder, IMAGE_SIDE, seed)
    if tuple(c.lower() for c in raw.classes) != CLASSES:
        raise DataError(QT_TRANSLATE_NOOP("CoreMessage", "{folder} is not a CIFAR-10 image copy: its class folders "
                                                         "are {found}, not the ten CIFAR-10 classes."),
                        folder=folder, found=", ".join(raw.classes))
    if raw.train.x.shape[1] == 1:  # every image gray: (N, 1, 32, 32) -> (N, 3, 32, 32), the level in all three
        raw = replace(raw, train=ImageSet(raw.train.x.expand(-1, 3, -1, -1).contiguous(), raw.train.y),
                      test=ImageSet(raw.test.x.expand(-1, 3, -1, -1).contiguous(), raw.test.y))
    return replace(raw, classes=CLASSES)


def load(req: LoadRequest) -> RawData:
    source = locate(req.data_root)
    if source is None:
        raise DataError(missing((req.data_root,)))
    if source.is_dir() and not (source / TEST_BATCH).is_file():
        return load_image_copy(source, req.seed)
    raw = _read_members(source)
    parts = [_to_imageset(safe_load_batch(raw[n], f"{source}/{n}"), f"{source}/{n}") for n in TRAIN_BATCHES]
    train = ImageSet(torch.cat([p.x for p in parts]), torch.cat([p.y for p in parts]))
    test = _to_imageset(safe_load_batch(raw[TEST_BATCH], f"{source}/{TEST_BATCH}"), f"{source}/{TEST_BATCH}")
    return RawData(CLASSES, train, test, str(source))


def download(target: Path | None = None) -> Path:
    import torchvision.datasets as tvd

    target = target or data_dir()
    try:
        tvd.CIFAR10(str(target), train=True, download=True)
    except Exception as e:  # network errors come in many types
        raise DataError(QT_TRANSLATE_NOOP("CoreMessage", "Downloading cifar10 failed ({problem}); check the "
                                                         "internet connection."),
                        problem=e) from None
    return target / FOLDER
