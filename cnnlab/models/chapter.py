"""The lecture's own networks (REFERENCE §2), layer for layer.

Each is an ``nn.Sequential`` with named layers (``conv1``, ``relu1``, ``pool1``, …) so the layer
table, the kernel views and the feature-map rows use the lecture's order and names. Fully
connected sizes follow from the input shape, so every net also builds for other image sizes.
"""

from __future__ import annotations

from collections import OrderedDict

from torch import nn

from cnnlab.models.layers import Grayscale, flat_features
from cnnlab.models.registry import check_min_size, register_model

Size = tuple[int, int]


def _head(body: nn.Sequential, in_channels: int, size: Size, hidden: int, num_classes: int,
          batch_norm: bool = True) -> nn.Sequential:
    """Append flatten → FC(hidden) → [BN] → ReLU → FC(num_classes) to a conv body."""
    n = flat_features(body, in_channels, size)
    layers = list(body.named_children()) + [("flatten", nn.Flatten()), ("fc1", nn.Linear(n, hidden))]
    if batch_norm:
        layers.append(("bn", nn.BatchNorm1d(hidden)))
    layers += [("relu_fc", nn.ReLU()), ("fc2", nn.Linear(hidden, num_classes))]
    return nn.Sequential(OrderedDict(layers))


def _conv_block(index: int, cin: int, cout: int, kernel: int, padding: int = 0) -> list[tuple[str, nn.Module]]:
    return [(f"conv{index}", nn.Conv2d(cin, cout, kernel, padding=padding)),
            (f"relu{index}", nn.ReLU()),
            (f"pool{index}", nn.MaxPool2d(2))]


def _conv_net(in_channels: int, image_size: Size, num_classes: int, hidden: int,
              convs: list[tuple[int, int, int]]) -> nn.Sequential:
    """conv → ReLU → max pool 2×2 per (out channels, kernel, padding) in ``convs``, then ``_head``."""
    blocks: list[tuple[str, nn.Module]] = []
    cin = in_channels
    for i, (cout, kernel, padding) in enumerate(convs, start=1):
        blocks += _conv_block(i, cin, cout, kernel, padding)
        cin = cout
    return _head(nn.Sequential(OrderedDict(blocks)), in_channels, image_size, hidden, num_classes)


  # the chapter's own networks: no paper, no year


@register_model("dnn")
def dnn(*, in_channels: int, image_size: Size, num_classes: int, hidden: tuple[int, ...] = (128, 64),
        batch_norm: bool = False, gray: bool = True) -> nn.Sequential:
    """Flatten → Linear → [BN] → ReLU per hidden width → Linear(num_classes)."""
    layers: list[tuple[str, nn.Module]] = []
    channels = in_channels
    if gray and in_channels == 3:
        layers.append(("gray", Grayscale()))  # (N, 3, H, W) -> (N, 1, H, W), the course's input
        channels = 1
    layers.append(("flatten", nn.Flatten()))  # (N, C*H*W)
    width = channels * image_size[0] * image_size[1]
    for i, h in enumerate(hidden, start=1):
        layers.append((f"fc{i}", nn.Linear(width, h)))
        if batch_norm:
            layers.append((f"bn{i}", nn.BatchNorm1d(h)))
        layers.append((f"relu{i}", nn.ReLU()))
        width = h
    layers.append((f"fc{len(hidden) + 1}", nn.Linear(width, num_classes)))
    return nn.Sequential(OrderedDict(layers))


@register_model("color-cnn")
def color_cnn(*, in_channels: int, image_size: Size, num_classes: int) -> nn.Sequential:
    check_min_size("color-cnn", image_size, 10)
    body = nn.Sequential(OrderedDict(
        _conv_block(1, in_channels, 2, 1)      # (N, 2, 28, 28) -> pool (N, 2, 14, 14)
        + _conv_block(2, 2, 3, 3)              # (N, 3, 12, 12) -> pool (N, 3, 6, 6)
    ))
    bound = 1 / in_channels ** 0.5  # PyTorch's default bound, kept, but on the positive side only
    conv1 = body.conv1
    assert isinstance(conv1, nn.Conv2d)
    nn.init.uniform_(conv1.weight, 0.0, bound)
    return _head(body, in_channels, image_size, 32, num_classes)  # 108 -> 32 -> BN -> K


def _shape_cnn(in_channels: int, image_size: Size, num_classes: int) -> nn.Sequential:
    return _conv_net(in_channels, image_size, num_classes, 32, [  # 576 -> 32 -> BN -> K
        (8, 3, 1),    # (N, 8, 28, 28) -> pool (N, 8, 14, 14)
        (16, 3, 0),   # (N, 16, 12, 12) -> pool (N, 16, 6, 6)
    ])


@register_model("shape-cnn")
def shape_cnn(*, in_channels: int, image_size: Size, num_classes: int) -> nn.Sequential:
    check_min_size("shape-cnn", image_size, 10)
    return _shape_cnn(in_channels, image_size, num_classes)


@register_model("color-shape-cnn")
def color_shape_cnn(*, in_channels: int, image_size: Size, num_classes: int) -> nn.Sequential:
    check_min_size("color-shape-cnn", image_size, 10)
    return _shape_cnn(in_channels, image_size, num_classes)


@register_model("mnist-cnn")
def mnist_cnn(*, in_channels: int, image_size: Size, num_classes: int) -> nn.Sequential:
    check_min_size("mnist-cnn", image_size, 16)
    return _conv_net(in_channels, image_size, num_classes, 32, [  # 256 -> 32 -> BN -> K
        (8, 5, 0),    # (N, 8, 24, 24) -> pool (N, 8, 12, 12)
        (16, 5, 0),   # (N, 16, 8, 8) -> pool (N, 16, 4, 4)
    ])


@register_model("fashion-cnn")
def fashion_cnn(*, in_channels: int, image_size: Size, num_classes: int) -> nn.Sequential:
    check_min_size("fashion-cnn", image_size, 4)
    return _conv_net(in_channels, image_size, num_classes, 128, [  # 5408 -> 128 -> BN -> K
        (32, 3, 0),   # (N, 32, 26, 26) -> pool (N, 32, 13, 13)
    ])


@register_model("cifar-cnn")
def cifar_cnn(*, in_channels: int, image_size: Size, num_classes: int) -> nn.Sequential:
    check_min_size("cifar-cnn", image_size, 16)
    body = nn.Sequential(OrderedDict([
        ("conv1", nn.Conv2d(in_channels, 32, 3, padding=1)), ("relu1", nn.ReLU()),  # (N, 32, 32, 32)
        ("conv2", nn.Conv2d(32, 32, 3)), ("relu2", nn.ReLU()),                     # (N, 32, 30, 30)
        ("pool1", nn.MaxPool2d(2)), ("drop1", nn.Dropout(0.25)),                    # (N, 32, 15, 15)
        ("conv3", nn.Conv2d(32, 64, 3, padding=1)), ("relu3", nn.ReLU()),          # (N, 64, 15, 15)
        ("conv4", nn.Conv2d(64, 64, 3)), ("relu4", nn.ReLU()),                     # (N, 64, 13, 13)
        ("pool2", nn.MaxPool2d(2)), ("drop2", nn.Dropout(0.25)),                    # (N, 64, 6, 6)
    ]))
    n = flat_features(body, in_channels, image_size)
    return nn.Sequential(OrderedDict([
        *body.named_children(), ("flatten", nn.Flatten()),
        ("fc1", nn.Linear(n, 512)), ("relu_fc", nn.ReLU()), ("drop3", nn.Dropout(0.5)),  # 2304 -> 512
        ("fc2", nn.Linear(512, num_classes)),
    ]))
