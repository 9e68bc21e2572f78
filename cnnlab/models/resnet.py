"""ResNet (He, Zhang, Ren & Sun, 2015): learn the residual F(x) = H(x) - x, so depth stops hurting.

A basic block computes out = ReLU(F(x) + x) with F = conv 3×3 → BN → ReLU → conv 3×3 → BN. When
a block halves the map and widens the channels, the skip path must change shape too: ResNet-18
uses a projection (conv 1×1 stride 2 + BN, the paper's option B); the CIFAR ResNet-20 uses the
parameter-free option A (take every second pixel, pad the new channels with zeros).

``resnet18``: the ImageNet network of the paper's Table 1. For 224×224: conv 7×7 S=2 -> max pool
3×3 S=2 -> 64@56×56, four stages of two blocks at 64, 128, 256, 512 maps (56, 28, 14, 7 pixels),
global average pool, FC 512 -> K: 11 689 512 parameters with 1000 classes, as torchvision's
``resnet18``. Small images (side below 64): the first conv is 3×3 with stride 1 (the max pool is
kept), so the stem shrinks 2× instead of 4×: 28×28 -> 14, 7, 4, 2 pixels per stage (32×32: 16,
8, 4, 2).

``resnet20``: the CIFAR-10 network of the paper's section 4.2 (n = 3): conv 3×3 @16, three stages
of three blocks at 16, 32, 64 maps (32, 16, 8 pixels), global average pool, FC 64 -> K; 0.27 M
parameters (269 722 with 10 classes). It was designed for 32×32 images and has no ImageNet form:
any input size goes through the same layers.
"""

from __future__ import annotations

from collections import OrderedDict

import torch
from torch import nn
from torch.nn import functional as F

from cnnlab.models.registry import check_min_size, register_model

Size = tuple[int, int]

SMALL_SIDE = 64  # below this ResNet-18's 4× stem leaves the last stage under 2×2 pixels
MIN_SIDE = 8  # below 8 pixels the last stage would see a single pixel or less


def _conv3x3(cin: int, cout: int, stride: int = 1) -> nn.Conv2d:
    return nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False)  # no bias: BN follows


class Projection(nn.Sequential):
    """Option B skip path: conv 1×1 with the block's stride, then BN, to match F(x)'s shape."""

    def __init__(self, cin: int, cout: int, stride: int) -> None:
        super().__init__(OrderedDict([
            ("conv", nn.Conv2d(cin, cout, 1, stride=stride, bias=False)),  # (N, cout, H/s, W/s)
            ("bn", nn.BatchNorm2d(cout)),
        ]))
        self.summary_note = f"projection shortcut 1×1, S={stride}"


class ZeroPadShortcut(nn.Module):
    """Option A skip path: keep every ``stride``-th pixel and append zero channels. No parameters."""

    def __init__(self, cin: int, cout: int, stride: int) -> None:
        super().__init__()
        self.extra, self.stride = cout - cin, stride
        self.summary_note = f"identity shortcut, S={stride}, {self.extra} zero channels added"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x[:, :, ::self.stride, ::self.stride]  # (N, cin, H/s, W/s)
        return F.pad(x, (0, 0, 0, 0, 0, self.extra))  # (N, cout, H/s, W/s)


class BasicBlock(nn.Module):
    """out = ReLU(F(x) + shortcut(x)), F = conv 3×3 → BN → ReLU → conv 3×3 → BN."""

    def __init__(self, cin: int, cout: int, stride: int, shortcut: str) -> None:
        super().__init__()
        self.conv1 = _conv3x3(cin, cout, stride)  # (N, cout, H/s, W/s)
        self.bn1 = nn.BatchNorm2d(cout)
        self.relu1 = nn.ReLU()
        self.conv2 = _conv3x3(cout, cout)        # (N, cout, H/s, W/s)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut: nn.Module | None = None   # identity when the shapes already match
        if stride != 1 or cin != cout:
            self.shortcut = (Projection(cin, cout, stride) if shortcut == "projection"
                             else ZeroPadShortcut(cin, cout, stride))
        self.relu2 = nn.ReLU()
        self.summary_note = "out = ReLU(F(x) + x)" if self.shortcut is None else "out = ReLU(F(x) + shortcut(x))"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.bn2(self.conv2(self.relu1(self.bn1(self.conv1(x)))))  # F(x)
        skip = x if self.shortcut is None else self.shortcut(x)
        return self.relu2(out + skip)


class Stage(nn.Sequential):
    """Blocks at one width; the first may halve the map."""

    def __init__(self, cin: int, cout: int, blocks: int, stride: int, shortcut: str) -> None:
        super().__init__(*[BasicBlock(cin if i == 0 else cout, cout, stride if i == 0 else 1, shortcut)
                           for i in range(blocks)])
        self.summary_note = f"{blocks} residual blocks @{cout}" + (f", first with S={stride}" if stride > 1 else "")


class ResNet(nn.Module):
    """Stem, stages of basic blocks, global average pool, FC."""

    def __init__(self, in_channels: int, num_classes: int, stem: list[tuple[str, nn.Module]],
                 widths: tuple[int, ...], blocks: tuple[int, ...], shortcut: str) -> None:
        super().__init__()
        for name, module in stem:
            self.add_module(name, module)
        self.stem_names = [name for name, _ in stem]
        cin = widths[0]
        for i, (cout, n) in enumerate(zip(widths, blocks, strict=False), start=1):
            self.add_module(f"layer{i}", Stage(cin, cout, n, 1 if i == 1 else 2, shortcut))
            cin = cout
        self.num_stages = len(widths)
        self.avgpool = nn.AdaptiveAvgPool2d(1)  # (N, C, 1, 1)
        self.flatten = nn.Flatten()             # (N, C)
        self.fc = nn.Linear(cin, num_classes)   # (N, K)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for name in self.stem_names:
            x = getattr(self, name)(x)
        for i in range(1, self.num_stages + 1):
            x = getattr(self, f"layer{i}")(x)
        return self.fc(self.flatten(self.avgpool(x)))


def _resnet18_stem(in_channels: int, small: bool) -> list[tuple[str, nn.Module]]:
    conv1 = (nn.Conv2d(in_channels, 64, 3, padding=1, bias=False) if small        # (N, 64, 28, 28)
             else nn.Conv2d(in_channels, 64, 7, stride=2, padding=3, bias=False))  # (N, 64, 112, 112)
    return [("conv1", conv1), ("bn1", nn.BatchNorm2d(64)), ("relu", nn.ReLU()),
            ("maxpool", nn.MaxPool2d(3, stride=2, padding=1))]                    # (N, 64, 56, 56) | small: 14×14


@register_model("resnet18")
def resnet18(*, in_channels: int, image_size: Size, num_classes: int) -> nn.Module:
    """ResNet-18 (projection shortcuts); 224×224 with 1000 classes gives 11 689 512 parameters."""
    check_min_size("resnet18", image_size, MIN_SIDE)
    stem = _resnet18_stem(in_channels, small=min(image_size) < SMALL_SIDE)
    return ResNet(in_channels, num_classes, stem, (64, 128, 256, 512), (2, 2, 2, 2), "projection")


@register_model("resnet20")
def resnet20(*, in_channels: int, image_size: Size, num_classes: int) -> nn.Module:
    """CIFAR ResNet-20 (n = 3, option A shortcuts); 269 722 parameters with 10 classes."""
    check_min_size("resnet20", image_size, MIN_SIDE)
    stem: list[tuple[str, nn.Module]] = [
        ("conv1", _conv3x3(in_channels, 16)), ("bn1", nn.BatchNorm2d(16)), ("relu", nn.ReLU()),  # (N, 16, 32, 32)
    ]
    return ResNet(in_channels, num_classes, stem, (16, 32, 64), (3, 3, 3), "zero-pad")
