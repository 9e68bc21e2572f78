"""18.1's seven classic networks: the registered model that stands for each, its parameter count at
the paper's input size beside the count the literature gives, and what the network introduced.

Counts are taken on PyTorch's ``meta`` device, so even VGG-16's 138 M parameters cost no memory.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from cnnlab.models import build_model, get_model_spec


@dataclass(frozen=True)
class Classic:
    model: str  # the registered model name
    in_channels: int  # the paper's input
    side: int
    classes: int
    reference_params: int | None  # the usual published count; None: the paper gives no total


CLASSICS: tuple[Classic, ...] = (
    Classic("lenet5", 1, 32, 10, 60_000),  # the paper's "about 60 000"
    Classic("alexnet", 3, 224, 1000, 60_000_000),  # the paper's "60 million"
    Classic("zfnet", 3, 224, 1000, None),  # the paper gives no total (AlexNet's plan, 7×7 stride-2 first layer)
    Classic("vgg16", 3, 224, 1000, 138_000_000),  # the paper's 138 M
    Classic("googlenet", 3, 224, 1000, 6_800_000),  # the paper's table; ours adds the two auxiliary heads
    Classic("resnet18", 3, 224, 1000, 11_700_000),  # the usual count (the paper tabulates FLOPs)
    Classic("densenet121", 3, 224, 1000, 8_000_000),  # the usual count for DenseNet-121
)


def count_params(model: str, in_channels: int, side: int, classes: int) -> int:
    """Parameters of ``model`` built for (in_channels, side, side) inputs and ``classes`` outputs."""
    with torch.device("meta"):  # shapes only: nothing is allocated or initialised
        net = build_model(model, in_channels=in_channels, image_size=(side, side), num_classes=classes)
    return sum(p.numel() for p in net.parameters())


def classic_params(classic: Classic) -> int:
    return count_params(classic.model, classic.in_channels, classic.side, classic.classes)


def classic_title(classic: Classic) -> str:
    return get_model_spec(classic.model).card.title
