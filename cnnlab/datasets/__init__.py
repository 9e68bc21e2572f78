"""Datasets: the chapter's generated sets, MNIST / Fashion-MNIST, CIFAR-10 and image folders."""

from cnnlab.datasets import cifar10 as _cifar10  # noqa: F401 (imported for its side effect: it registers itself)
from cnnlab.datasets import folder as _folder  # noqa: F401 (imported for its side effect: it registers itself)
from cnnlab.datasets import idx as _idx  # noqa: F401 (imported for its side effect: it registers itself)

# Registration happens on import; the order here is the order users see.
from cnnlab.datasets import synthetic as _synthetic  # noqa: F401 (imported for its side effect: it registers itself)
from cnnlab.datasets.base import DatasetInfo, DataSplits, ImageSet
from cnnlab.datasets.registry import (
    DatasetSpec,
    DataSource,
    check_image_size,
    get_dataset_spec,
    list_datasets,
    load_dataset,
    resolve_source,
)

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
