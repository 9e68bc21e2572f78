"""Every dataset's spec, in the order users see them: name, title, classes, size, default model, where its
files are. Plain Python (no torch, numpy or PIL), so ``cnnlab datasets``, ``cnnlab --help`` and argument
checking list them at once; each spec's loader imports its family module (:mod:`cnnlab.datasets.cifar10`,
``idx``, ``synthetic``, ``folder``) only when the data is loaded.

This module is the one list of datasets: the family modules take their class names and file locations from
here and register nothing themselves.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cnnlab.datasets.files import find_file, not_found
from cnnlab.datasets.registry import DatasetSpec, LoadRequest, register_dataset
from cnnlab.errors import Advice, Sentence
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.paths import data_dir

if TYPE_CHECKING:
    from cnnlab.datasets.registry import RawData

# ---------------------------------------------------------------- CIFAR-10

CIFAR10_CLASSES = (  # marked for the window's translation (context "Classes")
    QT_TRANSLATE_NOOP("Classes", "airplane"), QT_TRANSLATE_NOOP("Classes", "automobile"),
    QT_TRANSLATE_NOOP("Classes", "bird"), QT_TRANSLATE_NOOP("Classes", "cat"), QT_TRANSLATE_NOOP("Classes", "deer"),
    QT_TRANSLATE_NOOP("Classes", "dog"), QT_TRANSLATE_NOOP("Classes", "frog"), QT_TRANSLATE_NOOP("Classes", "horse"),
    QT_TRANSLATE_NOOP("Classes", "ship"), QT_TRANSLATE_NOOP("Classes", "truck"),
)
CIFAR10_FOLDER = "cifar-10-batches-py"
CIFAR10_ARCHIVE = "cifar-10-python.tar.gz"
CIFAR10_TEST_BATCH = "test_batch"
CIFAR10_IMAGE_FOLDERS = ("cifar10-jpg", "cifar10")  # image-folder copies looked for in a data folder


def cifar10_candidates(root: Path | None) -> list[Path]:
    """Where the batches folder, the archive or an image-folder copy may be, in the order looked in."""
    base = root if root is not None else data_dir()
    out = [base / CIFAR10_FOLDER, base / CIFAR10_ARCHIVE, *(base / name for name in CIFAR10_IMAGE_FOLDERS)]
    if root is not None:
        out.append(root)  # the batches folder, or the image-folder copy, itself
    return out


def cifar10_is_image_copy(folder: Path) -> bool:
    """True when ``folder`` holds ``train/<class>/`` and ``test/<class>/`` image folders of CIFAR-10's classes."""
    return all((folder / split / CIFAR10_CLASSES[0]).is_dir() for split in ("train", "test"))


def cifar10_locate(root: Path | None) -> Path | None:
    """The batches folder, the archive or the image-folder copy found first; None when there is none."""
    for c in cifar10_candidates(root):
        if c.is_dir() and ((c / CIFAR10_TEST_BATCH).is_file() or cifar10_is_image_copy(c)):
            return c
        if c.is_file() and c.name.endswith((".tar.gz", ".tgz", ".tar")):
            return c
    return None


def cifar10_missing(roots: tuple[Path | None, ...]) -> Sentence:
    """Why no CIFAR-10 was found in ``roots`` (None: the usual places), naming every place looked in."""
    advice = Advice("run 'cnnlab data download cifar10' or pass --data-root pointing to {batches} or {images}",
                    batches=f"{CIFAR10_FOLDER}/", images=CIFAR10_ARCHIVE)
    return not_found("cifar10", [p for root in roots for p in cifar10_candidates(root)], advice)


# ---------------------------------------------------------------- MNIST and Fashion-MNIST (IDX files)

IDX_FILES = {
    "train_x": "train-images-idx3-ubyte",
    "train_y": "train-labels-idx1-ubyte",
    "test_x": "t10k-images-idx3-ubyte",
    "test_y": "t10k-labels-idx1-ubyte",
}
MNIST_CLASSES = tuple(str(d) for d in range(10))
FASHION_CLASSES = (  # marked for the window's translation (context "Classes")
    QT_TRANSLATE_NOOP("Classes", "T-shirt/top"), QT_TRANSLATE_NOOP("Classes", "Trouser"),
    QT_TRANSLATE_NOOP("Classes", "Pullover"), QT_TRANSLATE_NOOP("Classes", "Dress"),
    QT_TRANSLATE_NOOP("Classes", "Coat"), QT_TRANSLATE_NOOP("Classes", "Sandal"),
    QT_TRANSLATE_NOOP("Classes", "Shirt"), QT_TRANSLATE_NOOP("Classes", "Sneaker"),
    QT_TRANSLATE_NOOP("Classes", "Bag"), QT_TRANSLATE_NOOP("Classes", "Ankle boot"),
)
_TV_FOLDER = {"mnist": "MNIST", "fashion-mnist": "FashionMNIST"}  # torchvision's names
_SYSTEM_DIRS = {"fashion-mnist": [Path("/usr/share/datasets/fashion-mnist")]}


def idx_candidate_dirs(name: str, root: Path | None) -> list[Path]:
    """Folders to look in, most specific first."""
    tv = _TV_FOLDER[name]
    if root is not None:
        return [root, root / tv / "raw", root / name / tv / "raw", root / name]
    base = data_dir()
    return [base / name, base / tv / "raw", *_SYSTEM_DIRS.get(name, [])]


def idx_locate(name: str, root: Path | None) -> Path | None:
    for folder in idx_candidate_dirs(name, root):
        if all(find_file(folder, stem) for stem in IDX_FILES.values()):
            return folder
    return None


def idx_missing(name: str, roots: tuple[Path | None, ...]) -> Sentence:
    """Why ``name``'s files were not found in ``roots`` (None: the usual places), naming every folder looked in."""
    advice = Advice("run 'cnnlab data download {dataset}' or pass --data-root pointing to a folder with the "
                    "four IDX files", dataset=name)
    return not_found(name, [p for root in roots for p in idx_candidate_dirs(name, root)], advice)


# ---------------------------------------------------------------- image folders

def folder_missing(roots: tuple[Path | None, ...]) -> Sentence:
    """Why no image folder was found: a named path that is not a folder, else none named at all."""
    named = [root for root in roots if root is not None]
    if named:
        return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "{path} is not a folder."), path=named[0])
    return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "The folder dataset needs {advice} (train/<class>/…, "
                                                     "test/<class>/…)."),
                    advice=Advice("--data-root pointing to an image-folder tree"))


# ---------------------------------------------------------------- the chapter's generated sets

SYNTHETIC_SIZE = 28  # the chapter's image side
SHAPES = (  # class names, marked for the window's translation (context "Classes")
    QT_TRANSLATE_NOOP("Classes", "circle"), QT_TRANSLATE_NOOP("Classes", "rectangle"),
    QT_TRANSLATE_NOOP("Classes", "triangle"), QT_TRANSLATE_NOOP("Classes", "diamond"),
    QT_TRANSLATE_NOOP("Classes", "line"),
)
SYNTHETIC_COLORS: dict[str, tuple[int, int, int]] = {
    QT_TRANSLATE_NOOP("Classes", "red"): (255, 0, 0),
    QT_TRANSLATE_NOOP("Classes", "green"): (0, 255, 0),
    QT_TRANSLATE_NOOP("Classes", "blue"): (0, 0, 255),
    QT_TRANSLATE_NOOP("Classes", "yellow"): (255, 255, 0),
    QT_TRANSLATE_NOOP("Classes", "cyan"): (0, 255, 255),
    QT_TRANSLATE_NOOP("Classes", "pink"): (255, 0, 255),
}
CS_COLORS = ("red", "green", "blue")
CS_SHAPES = ("circle", "rectangle", "triangle")


# ---------------------------------------------------------------- the specs

def loader(family: str, *leading: Any) -> Any:
    """A spec's ``load``: ``cnnlab.datasets.<family>.load(*leading, request)``, imported when first called."""

    def load(req: LoadRequest) -> RawData:
        module = importlib.import_module(f"cnnlab.datasets.{family}")
        raw: RawData = module.load(*leading, req)
        return raw

    load.family = family  # type: ignore[attr-defined]  # read by the test that every loader exists
    return load


def _path_text(path: Path | None) -> str | None:
    return str(path) if path is not None else None


register_dataset(DatasetSpec(
    name="cifar10", title="CIFAR-10",
    description=QT_TRANSLATE_NOOP("Dataset",
                                  "32×32 colour photos of 10 classes, 50 000 train / 10 000 test (ch. 18.5)."),
    default_model="cifar-cnn", classes=CIFAR10_CLASSES, channels=3, size=(32, 32), load=loader("cifar10"),
    locate=lambda root: _path_text(cifar10_locate(root)), missing=cifar10_missing,
))
register_dataset(DatasetSpec(
    name="folder", title=QT_TRANSLATE_NOOP("Dataset", "Image folder"),
    description=QT_TRANSLATE_NOOP("Dataset", "Your own images: train/<class>/… and test/<class>/…, or one tree split "
                                  "80/20."),
    default_model="shape-cnn", classes=None, channels=None, size=None, load=loader("folder"),
    locate=lambda root: (str(root) if root is not None and root.is_dir() else None), missing=folder_missing,
))
for _name, _title, _classes, _model, _desc in (
    ("mnist", "MNIST", MNIST_CLASSES, "mnist-cnn",
     QT_TRANSLATE_NOOP("Dataset", "Handwritten digits, 60 000 train / 10 000 test, 28×28 gray (ch. 18.3).")),
    ("fashion-mnist", "Fashion-MNIST", FASHION_CLASSES, "fashion-cnn",
     QT_TRANSLATE_NOOP("Dataset", "Zalando clothing, 60 000 train / 10 000 test, 28×28 gray (ch. 18.4).")),
):
    register_dataset(DatasetSpec(
        name=_name, title=_title, description=_desc, default_model=_model, classes=_classes, channels=1,
        size=(28, 28), load=loader("idx", _name, _classes),
        locate=lambda root, name=_name: _path_text(idx_locate(name, root)),  # type: ignore[misc]  # bound per set
        missing=lambda roots, name=_name: idx_missing(name, roots),  # type: ignore[misc]  # bound per set
    ))
for _name, _title, _desc, _model, _classes, _channels in (
    ("shapes", QT_TRANSLATE_NOOP("Dataset", "Shapes"),
     QT_TRANSLATE_NOOP("Dataset", "White filled shapes on black, 1000 train / 200 test per class (ch. 18.2). As in "
                       "the course, some triangles are thin slivers that look like lines; a larger minimum area "
                       "in the generator redraws them."),
     "shape-cnn", SHAPES, 1),
    ("colors", QT_TRANSLATE_NOOP("Dataset", "Colors"),
     QT_TRANSLATE_NOOP("Dataset",
                       "Shapes of six colours; the label is the colour, 5000 train / 1000 test (ch. 18.2)."),
     "color-cnn", tuple(SYNTHETIC_COLORS), 3),
    ("color-shapes", QT_TRANSLATE_NOOP("Dataset", "Color-shapes"),
     QT_TRANSLATE_NOOP("Dataset", "Red / green / blue × circle / rectangle / triangle, 600:100 per cell (ch. 18.2). "
                       "As in the course, some triangles are thin slivers; a larger minimum area in the generator "
                       "redraws them."),
     "color-shape-cnn", tuple(f"{c}-{s}" for c in CS_COLORS for s in CS_SHAPES), 3),
):
    register_dataset(DatasetSpec(
        name=_name, title=_title, description=_desc, default_model=_model, classes=_classes, channels=_channels,
        size=(SYNTHETIC_SIZE, SYNTHETIC_SIZE), load=loader("synthetic", _name),
        locate=lambda root: "built in (generated)", generated=True,
    ))
