"""DenseNet (Huang, Liu, van der Maaten & Weinberger, 2016): every layer sees all earlier maps.

Inside a dense block each layer computes k new maps (the growth rate) from the concatenation of
the block's input and every earlier layer's output, and appends them: out = concat(x, F(x)).
Each F is the bottleneck BN → ReLU → conv 1×1 @4k → BN → ReLU → conv 3×3 @k ("DenseNet-B").
Between blocks a transition layer (BN → ReLU → conv 1×1 halving the channels → 2×2 average pool)
shrinks the map and compresses the features ("DenseNet-C", compression 0.5).

DenseNet-121 (k = 32, blocks of 6, 12, 24, 16 layers) for a 224×224 input: conv 7×7 S=2 @64 ->
max pool -> blocks at 56, 28, 14, 7 pixels (256, 512, 1024, 1024 channels after each block and
transition), BN, ReLU, global average pool, FC 1024 -> K: 7 978 856 parameters with 1000 classes,
as torchvision's ``densenet121``.

Small images (side below 64): the first conv is 3×3 with stride 1 (the max pool is kept), so the
stem shrinks 2× instead of 4×: 28×28 -> 14, 7, 3, 1 pixels per block (32×32: 16, 8, 4, 2).
"""

from __future__ import annotations

from collections import OrderedDict

import torch
from torch import nn

from cnnlab.models.registry import check_min_size, register_model
from cnnlab.models.summary import set_note

Size = tuple[int, int]

SMALL_SIDE = 64  # below this the 4× stem and three transitions leave the last block under 2×2 pixels
MIN_SIDE = 15  # small form: 15 -> 8 -> 4 -> 2 -> 1, the smallest side the last transition can take
BN_SIZE = 4  # bottleneck width as a multiple of the growth rate (the paper's 4k)


class DenseLayer(nn.Module):
    """Adds ``growth`` maps computed from everything before it: (N, C, H, W) -> (N, C + growth, H, W)."""

    def __init__(self, cin: int, growth: int) -> None:
        super().__init__()
        self.norm1 = nn.BatchNorm2d(cin)
        self.relu1 = nn.ReLU()
        self.conv1 = nn.Conv2d(cin, BN_SIZE * growth, 1, bias=False)           # (N, 4k, H, W)
        self.norm2 = nn.BatchNorm2d(BN_SIZE * growth)
        self.relu2 = nn.ReLU()
        self.conv2 = nn.Conv2d(BN_SIZE * growth, growth, 3, padding=1, bias=False)  # (N, k, H, W)
        self.summary_note = f"concat(x, F(x)): {cin} + {growth} = {cin + growth} maps"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        new = self.conv2(self.relu2(self.norm2(self.conv1(self.relu1(self.norm1(x))))))
        return torch.cat([x, new], dim=1)


class DenseBlock(nn.Sequential):
    def __init__(self, layers: int, cin: int, growth: int) -> None:
        super().__init__(OrderedDict(
            (f"denselayer{i + 1}", DenseLayer(cin + i * growth, growth)) for i in range(layers)))
        self.out_channels = cin + layers * growth
        self.summary_note = f"{layers} dense layers, +{growth} maps each: {cin} -> {self.out_channels}"


class Transition(nn.Sequential):
    """BN → ReLU → conv 1×1 (channels × 0.5) → 2×2 average pool: (N, C, H, W) -> (N, C/2, H/2, W/2)."""

    def __init__(self, cin: int, cout: int) -> None:
        super().__init__(OrderedDict([
            ("norm", nn.BatchNorm2d(cin)), ("relu", nn.ReLU()),
            ("conv", nn.Conv2d(cin, cout, 1, bias=False)),
            ("pool", nn.AvgPool2d(2, stride=2)),
        ]))
        self.summary_note = f"transition: 1×1 conv {cin} -> {cout} maps, 2×2 average pool"


class DenseNet(nn.Module):
    def __init__(self, in_channels: int, image_size: Size, num_classes: int, growth: int,
                 blocks: tuple[int, ...], init_features: int) -> None:
        super().__init__()
        small = min(image_size) < SMALL_SIDE
        conv0 = (nn.Conv2d(in_channels, init_features, 3, padding=1, bias=False) if small           # (N, 64, 28, 28)
                 else nn.Conv2d(in_channels, init_features, 7, stride=2, padding=3, bias=False))  # (N, 64, 112, 112)
        layers: list[tuple[str, nn.Module]] = [
            ("conv0", conv0), ("norm0", nn.BatchNorm2d(init_features)), ("relu0", nn.ReLU()),
            ("pool0", nn.MaxPool2d(3, stride=2, padding=1)),  # (N, 64, 56, 56) | small: 14×14
        ]
        channels = init_features
        for i, n in enumerate(blocks, start=1):
            block = DenseBlock(n, channels, growth)
            layers.append((f"denseblock{i}", block))
            channels = block.out_channels
            if i < len(blocks):
                layers.append((f"transition{i}", Transition(channels, channels // 2)))
                channels //= 2
        layers += [("norm5", nn.BatchNorm2d(channels)), ("relu5", nn.ReLU())]
        self.features = nn.Sequential(OrderedDict(layers))  # (N, 1024, 7, 7) at 224 | (N, 1024, 1, 1) at 28
        set_note(self.features, f"stem, {len(blocks)} dense blocks, {len(blocks) - 1} transitions")
        self.avgpool = nn.AdaptiveAvgPool2d(1)                # (N, 1024, 1, 1)
        self.flatten = nn.Flatten()                           # (N, 1024)
        self.classifier = nn.Linear(channels, num_classes)    # (N, K)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight)
            elif isinstance(m, nn.Linear):
                nn.init.zeros_(m.bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classifier(self.flatten(self.avgpool(self.features(x))))


@register_model("densenet121")
def densenet121(*, in_channels: int, image_size: Size, num_classes: int) -> nn.Module:
    """DenseNet-121 (k = 32, blocks 6-12-24-16); 224×224 with 1000 classes gives 7 978 856 parameters."""
    check_min_size("densenet121", image_size, MIN_SIDE)
    return DenseNet(in_channels, image_size, num_classes, growth=32, blocks=(6, 12, 24, 16), init_features=64)
