"""A design built into an ``nn.Module``: an ``nn.Sequential`` whose children are named as the X-ray names its
rows (conv1, relu1, residual1…), with PyTorch's own layers and three blocks, :class:`Residual`,
:class:`Branches` and :class:`Dense`. ``build_network`` builds a registry model or a design run alike, from a
checkpoint's meta.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

import torch
from torch import nn
from torch.nn import functional as F

from cnnlab.design.files import load_design, parse_design
from cnnlab.design.shapes import Row, analyse
from cnnlab.design.spec import (
    AVGPOOL,
    BN,
    BRANCHES,
    CONV,
    DENSE,
    DESIGN_MODEL,
    DROPOUT,
    FLATTEN,
    GAP,
    GRAY,
    LINEAR,
    LRN,
    MAXPOOL,
    PAD,
    PROJECTION,
    RELU,
    RESIDUAL,
    SIGMOID,
    TANH,
    Design,
    is_design_file,
)
from cnnlab.errors import DesignError
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.models import build_model
from cnnlab.models.layers import Grayscale
from cnnlab.models.summary import set_note


class Residual(nn.Sequential):
    """Its layers, then their output added to the block's input: (N, C, H, W) -> (N, C, H, W); with a
    ``shortcut`` module (registered after the layers, as ``shortcut``) the input goes through it first:
    (N, C, H, W) -> (N, C', H', W')."""

    def __init__(self, layers: OrderedDict[str, nn.Module],
                 shortcut: nn.Module | None = None) -> None:  # None: the input is added as it is
        super().__init__(layers)
        self.body_size = len(layers)  # the layers are the first children; the shortcut, if any, comes after them
        if shortcut is not None:
            self.add_module("shortcut", shortcut)
        self.summary_note = "out = F(x) + x" if shortcut is None else "out = F(x) + shortcut(x)"  # its table row

    def skip(self) -> nn.Module | None:
        """The shortcut module; None when the input is added as it is."""
        children = list(self.children())
        return children[self.body_size] if len(children) > self.body_size else None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        children = list(self.children())
        out = x
        for layer in children[:self.body_size]:
            out = layer(out)
        return out + (children[self.body_size](x) if len(children) > self.body_size else x)


class PadShortcut(nn.Module):
    """ResNet's option A skip path: every ``stride``-th pixel, then ``extra`` zero channels. No parameters:
    (N, C, H, W) -> (N, C + extra, ⌈H/stride⌉, ⌈W/stride⌉)."""

    def __init__(self, stride: int, extra: int) -> None:
        super().__init__()
        self.stride, self.extra = stride, extra

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x[:, :, ::self.stride, ::self.stride]  # (N, C, ⌈H/s⌉, ⌈W/s⌉)
        return F.pad(x, (0, 0, 0, 0, 0, self.extra))  # (N, C + extra, ⌈H/s⌉, ⌈W/s⌉)


def projection(cin: int, cout: int, stride: int) -> nn.Sequential:
    """ResNet's option B skip path: a 1×1 convolution with the block's stride (no bias), then a batch norm."""
    return nn.Sequential(OrderedDict([("conv", nn.Conv2d(cin, cout, 1, stride=stride, bias=False)),
                                      ("bn", nn.BatchNorm2d(cout))]))


class Dense(nn.Sequential):
    """Its layers' output concatenated onto its input, as a DenseNet layer: (N, C, H, W) -> (N, C + C', H, W)."""

    summary_note = "out = concat(x, F(x))"  # the layer table's row for the block

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cat([x, super().forward(x)], dim=1)


class Branches(nn.Module):
    """Parallel ``nn.Sequential`` branches on the same input, their outputs joined on channels:
    (N, C, H, W) -> (N, C1 + C2 + …, H', W')."""

    def __init__(self, branches: OrderedDict[str, nn.Sequential]) -> None:
        super().__init__()
        for name, branch in branches.items():
            self.add_module(name, branch)
        self.summary_note = f"concat of {len(branches)} branches"  # the layer table's row for the block

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cat([branch(x) for branch in self.children()], dim=1)


def build_design(design: Design) -> nn.Sequential:
    """The design's network, initialised as PyTorch initialises each layer; a bad design raises ``DesignError``."""
    model = nn.Sequential(OrderedDict((row.name, _module(row)) for row in analyse(design)))
    model.cnnlab_name = DESIGN_MODEL  # type: ignore[assignment]  # read by checkpoints and the UI
    return model


def build_row(row: Row) -> nn.Module:
    """One analysed row's module (a block with its rows), initialised as PyTorch initialises each layer."""
    return _module(row)


def _module(row: Row) -> nn.Module:
    layer, shape = row.layer, row.input
    kind = layer.kind
    if kind == RESIDUAL:
        return Residual(OrderedDict((inner.name, _module(inner)) for inner in row.children), _shortcut(row))
    if kind == DENSE:
        return Dense(OrderedDict((inner.name, _module(inner)) for inner in row.children))
    if kind == BRANCHES:
        return Branches(OrderedDict((branch.name, _sequential(branch.children)) for branch in row.children))
    if kind == CONV:
        return nn.Conv2d(shape[0], int(layer.out or 1), int(layer.kernel or 1), stride=layer.step,
                         padding=layer.padding, groups=layer.groups, bias=layer.bias)
    if kind == MAXPOOL:
        return nn.MaxPool2d(int(layer.kernel or 1), stride=layer.step, padding=layer.padding, ceil_mode=layer.ceil)
    if kind == AVGPOOL:
        return nn.AvgPool2d(int(layer.kernel or 1), stride=layer.step, padding=layer.padding, ceil_mode=layer.ceil)
    if kind == LINEAR:
        return nn.Linear(shape[0], int(layer.out or 1), bias=layer.bias)
    if kind == BN:
        return nn.BatchNorm2d(shape[0], eps=layer.eps) if len(shape) == 3 else nn.BatchNorm1d(shape[0], eps=layer.eps)
    if kind == LRN:
        return nn.LocalResponseNorm(int(layer.size or 1), alpha=layer.alpha, beta=layer.beta, k=layer.k)
    if kind == DROPOUT:
        return nn.Dropout(layer.p)
    if kind == GAP:
        return nn.AdaptiveAvgPool2d(1)  # (N, C, H, W) -> (N, C, 1, 1)
    simple: dict[str, type[nn.Module]] = {RELU: nn.ReLU, SIGMOID: nn.Sigmoid, TANH: nn.Tanh, FLATTEN: nn.Flatten,
                                          GRAY: Grayscale}
    return simple[kind]()


def _shortcut(row: Row) -> nn.Module | None:
    """A residual row's skip path: None for the input itself."""
    shortcut = row.layer.shortcut
    if shortcut == PROJECTION:
        return projection(row.input[0], row.output[0], row.shortcut_stride)
    if shortcut == PAD:
        return PadShortcut(row.shortcut_stride, row.output[0] - row.input[0])
    return None


def _sequential(rows: tuple[Row, ...]) -> nn.Sequential:
    body = nn.Sequential(OrderedDict((row.name, _module(row)) for row in rows))
    set_note(body, "branch")
    return body


def build_network(model: str, *, in_channels: int, image_size: int | tuple[int, int], num_classes: int,
                  **options: Any) -> nn.Module:
    """``build_model`` for a registry model; for a design file, or :data:`DESIGN_MODEL` with the design in
    ``options["design"]`` (a checkpoint's plain copy), the design, which must take this input and class count."""
    return build_run_model(model, in_channels=in_channels, image_size=image_size, num_classes=num_classes,
                           **options)[0]


def build_run_model(model: str, *, in_channels: int, image_size: int | tuple[int, int], num_classes: int,
                    dataset: str = "", **options: Any) -> tuple[nn.Module, str, dict[str, Any]]:
    """The network, and the model name and options its checkpoint records: a design file is recorded as
    :data:`DESIGN_MODEL` with a copy of the design, so the run reopens without the file. A design file given
    with ``options["design"]`` (a continued run's checkpoint copy) is built from that copy, not from the file."""
    if model != DESIGN_MODEL and not is_design_file(model):
        net = build_model(model, in_channels=in_channels, image_size=image_size, num_classes=num_classes, **options)
        return net, model, dict(options)
    saved = options.get("design")
    design = load_design(model) if is_design_file(model) and saved is None else parse_design(saved)
    size = (image_size, image_size) if isinstance(image_size, int) else tuple(image_size)
    check_fit(design, (in_channels, size[0], size[1]), num_classes, dataset)
    return build_design(design), DESIGN_MODEL, {"design": design.to_dict()}


def check_fit(design: Design, input_shape: tuple[int, int, int], num_classes: int, dataset: str = "") -> None:
    """Refuse a design whose input or classes do not fit the data, with the values that would."""
    analyse(design)  # a design that cannot work is explained first, at its row
    if tuple(design.input) != tuple(input_shape):
        raise DesignError(QT_TRANSLATE_NOOP("CoreMessage", "The design {name} takes {given} images but {dataset} has "
                                                           "{needed}; set input: [{values}] in the design."),
                          name=design.name, given="×".join(map(str, design.input)), dataset=dataset or "the data",
                          needed="×".join(map(str, input_shape)), values=", ".join(map(str, input_shape)))
    if design.classes != num_classes:
        raise DesignError(QT_TRANSLATE_NOOP("CoreMessage", "The design {name} has {given} classes but {dataset} has "
                                                           "{needed}; set classes: {needed} and out: {needed} on its "
                                                           "last linear layer."),
                          name=design.name, given=design.classes, dataset=dataset or "the data", needed=num_classes)
