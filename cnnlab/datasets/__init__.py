"""Datasets: the chapter's generated sets, MNIST / Fashion-MNIST, CIFAR-10 and image folders."""

from cnnlab.datasets import cifar10 as _cifar10  # noqa: E402,F401
from cnnlab.datasets import folder as _folder  # noqa: E402,F401
from cnnlab.datasets import idx as _idx  # noqa: E402,F401

# Registration happens on import; the order here is the order users see.
from cnnlab.datasets import synthetic as _synthetic  # noqa: E402,F401
from cnnlab.datasets.base import DatasetInfo, DataSplits, ImageSet
from cnnlab.datasets.registry import (
    DatasetSpec,
    get_dataset_spec,
    list_datasets,
    load_dataset,
)

__all__ = [
    "DataSplits",
    "DatasetInfo",
    "DatasetSpec",
    "ImageSet",
    "get_dataset_spec",
    "list_datasets",
    "load_dataset",
]
