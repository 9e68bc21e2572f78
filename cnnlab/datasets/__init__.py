"""Datasets: the chapter's generated sets, MNIST / Fashion-MNIST, CIFAR-10 and image folders.

Every spec is registered by :mod:`cnnlab.datasets.specs` (plain Python); the loaders and the names
below are imported when first used, so listing or choosing a dataset does not load torch."""

from typing import TYPE_CHECKING

from cnnlab.datasets import specs as _specs  # noqa: F401 (imported for its side effect: it registers every dataset)
from cnnlab.datasets.registry import (
    DatasetSpec,
    DataSource,
    check_image_size,
    get_dataset_spec,
    list_datasets,
    load_dataset,
    resolve_source,
)
from cnnlab.lazy import lazy_attributes

if TYPE_CHECKING:
    from cnnlab.datasets.base import DatasetInfo, DataSplits, ImageSet

__all__ = [
    "DataSource",
    "DataSplits",
    "DatasetInfo",
    "DatasetSpec",
    "ImageSet",
    "check_image_size",
    "get_dataset_spec",
    "list_datasets",
    "load_dataset",
    "resolve_source",
]
__getattr__ = lazy_attributes(__name__, {"DataSplits": "base", "DatasetInfo": "base", "ImageSet": "base"})
