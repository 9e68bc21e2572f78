"""Dataset registry: :mod:`cnnlab.datasets.specs` registers every spec; ``load_dataset`` builds the splits.

Plain Python until data is loaded: the splits' torch code (:mod:`cnnlab.datasets.base`) is imported then."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cnnlab.datasets.remembered import remembered_folder
from cnnlab.errors import DataError, Sentence
from cnnlab.i18n import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from cnnlab.datasets.base import DataSplits, ImageSet


@dataclass(frozen=True)
class RawData:
    """What a family loader returns: the official train / test splits and their facts."""

    classes: tuple[str, ...]
    train: ImageSet
    test: ImageSet
    source: str  # "generated" or the path the files came from
    notes: tuple[str, ...] = ()  # sentences on what was skipped or doubtful; none for a clean load


@dataclass(frozen=True)
class LoadRequest:
    data_root: Path | None  # a folder the user named, else None (look in the usual places)
    seed: int  # generation seed for synthetic sets
    image_size: int | None  # resize target for image folders; None keeps the family default


@dataclass(frozen=True)
class DatasetSpec:
    name: str
    title: str
    description: str
    default_model: str
    classes: tuple[str, ...] | None  # None when the files decide (image folders)
    channels: int | None
    size: tuple[int, int] | None
    load: Callable[[LoadRequest], RawData]
    locate: Callable[[Path | None], str | None]  # where the files are, or None if not found
    generated: bool = False  # True: built in, needs no download
    # why nothing was found in any of these folders (None: the usual places), as one sentence; None for
    # the generated sets, which are always there
    missing: Callable[[tuple[Path | None, ...]], str] | None = None


@dataclass(frozen=True)
class DataSource:
    """Where a dataset's files are (:func:`resolve_source`), or one sentence why they cannot be found."""

    dataset: str
    root: Path | None  # the folder to load from (named, or remembered); None: the usual places
    where: str | None  # the files found (folder, archive, "built in (generated)"); None when not found
    problem: str = ""  # why not, one sentence (a Sentence: each front end words its advice); "" when found


_REGISTRY: dict[str, DatasetSpec] = {}


def register_dataset(spec: DatasetSpec) -> DatasetSpec:
    if spec.name in _REGISTRY:
        raise ValueError(f"dataset {spec.name!r} registered twice")
    _REGISTRY[spec.name] = spec
    return spec


def list_datasets() -> list[str]:
    return list(_REGISTRY)


def get_dataset_spec(name: str) -> DatasetSpec:
    try:
        return _REGISTRY[name]
    except KeyError:
        known = ", ".join(_REGISTRY)
        raise DataError(QT_TRANSLATE_NOOP("CoreMessage", "Unknown dataset {name}; choose one of: {known}."),
                        name=repr(name), known=known) from None


def resolve_source(name: str, data_root: str | Path | None = None) -> DataSource:
    """Where the files of dataset ``name`` are: the one answer of the CLI, ``cnnlab chapter``, the app and
    the lessons. A named ``data_root`` is the only place looked in; without one, the folder remembered for
    the dataset (chosen in the app, :mod:`cnnlab.datasets.remembered`), then the usual places."""
    spec = get_dataset_spec(name)
    if data_root:
        root = Path(data_root).expanduser()
        if not root.exists():
            return DataSource(name, root, None, Sentence(QT_TRANSLATE_NOOP(
                "CoreMessage", "The data folder {folder} does not exist."), folder=root))
        where = spec.locate(root)
        return DataSource(name, root, where, "" if where is not None else _missing(spec, (root,)))
    tried: tuple[Path, ...] = ()
    remembered = None if spec.generated else remembered_folder(name)
    if remembered:
        root = Path(remembered).expanduser()
        where = spec.locate(root) if root.is_dir() else None
        if where is not None:
            return DataSource(name, root, where)
        tried = (root,)
    where = spec.locate(None)
    return DataSource(name, None, where, "" if where is not None else _missing(spec, (*tried, None)))


def _missing(spec: DatasetSpec, roots: tuple[Path | None, ...]) -> str:
    if spec.missing is None:  # a family that always finds its files (the generated sets)
        return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "{dataset} was not found."), dataset=spec.name)
    return spec.missing(roots)


def check_image_size(name: str, image_size: int | None) -> None:
    """Image size resizes image folders only; asked of a set whose images have one size, it is refused
    rather than silently ignored."""
    spec = get_dataset_spec(name)
    if image_size is not None and spec.size is not None:
        raise DataError(QT_TRANSLATE_NOOP("CoreMessage", "Image size applies to image folders only; the {dataset} "
                                          "images are always {width}×{height} pixels, so leave it unset."),
                        dataset=name, width=spec.size[1], height=spec.size[0])


def load_dataset(
    name: str,
    *,
    data_root: str | Path | None = None,  # None: the app data folder and the usual places
    seed: int = 0,  # fixes generation and the validation split
    val_fraction: float = 0.1,  # the course holds out a tenth of the training set
    train_limit: int | None = None,  # None trains on every training image
    image_size: int | None = None,  # image folders only: side of the square images
) -> DataSplits:
    """Load a registered dataset as in-memory train / validation / test splits."""
    from cnnlab.datasets.base import (
        DatasetInfo,
        DataSplits,
        channel_stats,
        classes_left_out,
        limit_train,
        split_validation,
    )

    spec = get_dataset_spec(name)
    check_image_size(name, image_size)
    source = resolve_source(name, data_root)
    if source.problem:
        raise DataError(source.problem)
    raw = spec.load(LoadRequest(data_root=source.root, seed=seed, image_size=image_size))
    if len(raw.train) == 0 or len(raw.test) == 0:
        raise DataError(QT_TRANSLATE_NOOP("CoreMessage", "The {dataset} data at {folder} has an empty train or test "
                                          "split."), dataset=name, folder=raw.source)
    train, val = split_validation(raw.train, val_fraction, seed)
    # checked before the limit: a limit leaves classes out by the user's choice
    notes = [*raw.notes, *classes_left_out(raw.classes, train, (raw.train, raw.test))]
    train = limit_train(train, train_limit, seed)
    mean, std = channel_stats(train.x)
    c, h, w = raw.train.x.shape[1:]
    info = DatasetInfo(
        name=name, classes=raw.classes, channels=c, size=(h, w), mean=mean, std=std,
        source=raw.source,
    )
    return DataSplits(info=info, train=train, val=val, test=raw.test, notes=notes)
