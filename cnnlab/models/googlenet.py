"""GoogLeNet / Inception v1 (Szegedy et al., 2014): width through parallel branches, kept cheap by 1×1 convs.

Each Inception module runs four branches on the same input and concatenates their maps along
the channels: a 1×1 conv, a 1×1 reduction then 3×3, a 1×1 reduction then 5×5, and a 3×3 max pool
then a 1×1 projection. Nine modules (3a-3b, 4a-4e, 5a-5b) between max pools make the network 22
layers deep (counting layers with weights); global average pooling replaces the big FC layers of
AlexNet and VGG, and two auxiliary classifiers on 4a and 4d add their losses × 0.3 during
training (they are dropped at evaluation).

For a 224×224 input: stem conv 7×7 S=2 -> max pool -> conv 1×1 -> conv 3×3 -> max pool: 192@28×28;
3a-3b at 28×28, 4a-4e at 14×14, 5a-5b at 7×7, average pool, dropout 0.4, FC 1024 -> K.

Differences from the paper, all in the conventions of torchvision's ``googlenet``:

- batch normalisation after every conv (the 2014 paper had none, and local response
  normalisation in the stem, which BN makes redundant and is left out): 22 layers train from
  scratch in a few epochs with it;
- the auxiliary heads pool to 4×4 with an adaptive average pool (the paper's 5×5 stride-3 pool
  on 14×14 maps gives the same 4×4), then conv 1×1 @128, FC 2048 -> 1024, dropout 0.7, FC 1024 -> K.

The "5×5" branch really is 5×5 here, as in the paper's Table 1. torchvision's implementation uses
3×3 in that branch (a known bug kept for its pretrained weights, pytorch/vision issue 906);
``wide_kernel=3`` builds that variant, whose parameter count equals torchvision's
``googlenet(aux_logits=True)``: 13 004 888 with 1000 classes, and 13 385 816 with the paper's 5×5.

Small images (side below 64): the stem's first conv is 3×3 with stride 1 instead of 7×7 with
stride 2 (the pools are kept), so the stem shrinks 4× instead of 8×: 28×28 -> 7×7 at 3a, 3×3 at
4a-4e, 1×1 at 5a-5b (32×32: 8, 4, 2). The auxiliary heads pool to the map itself when it is
smaller than 4×4 (3×3 for 28×28 digits).
"""

from __future__ import annotations

from collections import OrderedDict

import torch
from torch import nn

from cnnlab.errors import ModelError
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.models.registry import check_min_size, register_model

Size = tuple[int, int]

SMALL_SIDE = 64  # below this the 8× stem leaves 4a-4e fewer than 2×2 pixels
MIN_SIDE = 16  # small form: 16 -> 8 -> 4 -> 2 -> 1, the smallest side the fourth max pool can take
AUX_WEIGHT = 0.3  # the paper's weight of each auxiliary loss in the total
AUX_GRID = 4  # the auxiliary heads' pooled grid: 4×4, as the paper's 5×5 stride-3 pool on 14×14
BN_EPS = 1e-3  # torchvision's GoogLeNet value

# Table 1 of the paper: #1×1, #3×3 reduce, #3×3, #5×5 reduce, #5×5, pool proj
INCEPTIONS: dict[str, tuple[int, int, int, int, int, int]] = {
    "3a": (64, 96, 128, 16, 32, 32),       # -> 256
    "3b": (128, 128, 192, 32, 96, 64),     # -> 480
    "4a": (192, 96, 208, 16, 48, 64),      # -> 512
    "4b": (160, 112, 224, 24, 64, 64),     # -> 512
    "4c": (128, 128, 256, 24, 64, 64),     # -> 512
    "4d": (112, 144, 288, 32, 64, 64),     # -> 528
    "4e": (256, 160, 320, 32, 128, 128),   # -> 832
    "5a": (256, 160, 320, 32, 128, 128),   # -> 832
    "5b": (384, 192, 384, 48, 128, 128),   # -> 1024
}


def _conv_bn(index: int | str, cin: int, cout: int, kernel: int, stride: int = 1,
             padding: int = 0) -> list[tuple[str, nn.Module]]:
    """conv (no bias: BN has one) → BN → ReLU, named conv{i}, bn{i}, relu{i}."""
    return [(f"conv{index}", nn.Conv2d(cin, cout, kernel, stride=stride, padding=padding, bias=False)),
            (f"bn{index}", nn.BatchNorm2d(cout, eps=BN_EPS)),
            (f"relu{index}", nn.ReLU())]


class Branch(nn.Sequential):
    """One Inception branch; its row in the layer table says what it computes."""

    def __init__(self, note: str, layers: list[tuple[str, nn.Module]]) -> None:
        super().__init__(OrderedDict(layers))
        self.summary_note = note


class Inception(nn.Module):
    """Four parallel branches on one input, concatenated along the channels."""

    def __init__(self, cin: int, c1: int, r3: int, c3: int, r5: int, c5: int, pool_proj: int,
                 wide_kernel: int) -> None:
        super().__init__()
        self.branch1 = Branch("1×1", _conv_bn(1, cin, c1, 1))
        self.branch2 = Branch("1×1 reduce → 3×3", _conv_bn(1, cin, r3, 1) + _conv_bn(2, r3, c3, 3, padding=1))
        self.branch3 = Branch(f"1×1 reduce → {wide_kernel}×{wide_kernel}",
                              _conv_bn(1, cin, r5, 1) + _conv_bn(2, r5, c5, wide_kernel, padding=wide_kernel // 2))
        self.branch4 = Branch("3×3 max pool → 1×1 projection",
                              [("pool", nn.MaxPool2d(3, stride=1, padding=1, ceil_mode=True))]
                              + _conv_bn(1, cin, pool_proj, 1))
        self.out_channels = c1 + c3 + c5 + pool_proj
        self.summary_note = f"concat of 4 branches: {c1}+{c3}+{c5}+{pool_proj} = {self.out_channels} maps"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # (N, cin, H, W) -> (N, c1 + c3 + c5 + pool_proj, H, W): every branch keeps H×W
        return torch.cat([self.branch1(x), self.branch2(x), self.branch3(x), self.branch4(x)], dim=1)


class InceptionAux(nn.Module):
    """Auxiliary classifier on an intermediate map: pool to a small grid, 1×1 conv, two FC layers."""

    def __init__(self, cin: int, num_classes: int, grid: tuple[int, int]) -> None:
        super().__init__()
        self.pool = nn.AdaptiveAvgPool2d(grid)                         # (N, cin, 4, 4)
        self.conv = nn.Conv2d(cin, 128, 1, bias=False)                 # (N, 128, 4, 4)
        self.bn = nn.BatchNorm2d(128, eps=BN_EPS)
        self.relu = nn.ReLU()
        self.flatten = nn.Flatten()                                    # (N, 2048)
        self.fc1 = nn.Linear(128 * grid[0] * grid[1], 1024)            # (N, 1024)
        self.relu_fc = nn.ReLU()
        self.dropout = nn.Dropout(0.7)  # the paper's rate for the side heads
        self.fc2 = nn.Linear(1024, num_classes)                        # (N, K)
        self.summary_note = f"auxiliary classifier, training only (loss × {AUX_WEIGHT})"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.flatten(self.relu(self.bn(self.conv(self.pool(x)))))
        return self.fc2(self.dropout(self.relu_fc(self.fc1(x))))


class Stem(nn.Sequential):
    def __init__(self, in_channels: int, small: bool) -> None:
        first = (_conv_bn(1, in_channels, 64, 3, padding=1) if small            # (N, 64, 28, 28)
                 else _conv_bn(1, in_channels, 64, 7, stride=2, padding=3))     # (N, 64, 112, 112)
        super().__init__(OrderedDict(
            first
            + [("pool1", nn.MaxPool2d(3, stride=2, ceil_mode=True))]          # (N, 64, 56, 56) | small: 14×14
            + _conv_bn(2, 64, 64, 1)                                           # (N, 64, 56, 56)
            + _conv_bn(3, 64, 192, 3, padding=1)                               # (N, 192, 56, 56)
            + [("pool2", nn.MaxPool2d(3, stride=2, ceil_mode=True))]          # (N, 192, 28, 28) | small: 7×7
        ))
        self.summary_note = "conv, max pool, conv 1×1, conv 3×3, max pool"


class GoogLeNet(nn.Module):
    def __init__(self, in_channels: int, image_size: Size, num_classes: int, wide_kernel: int) -> None:
        super().__init__()
        self.aux_weight = AUX_WEIGHT  # read by the trainer's loss
        self.stem = Stem(in_channels, small=min(image_size) < SMALL_SIDE)       # (N, 192, 28, 28)

        def inception(key: str, cin: int) -> Inception:
            return Inception(cin, *INCEPTIONS[key], wide_kernel=wide_kernel)

        self.inception3a = inception("3a", 192)                                  # (N, 256, 28, 28)
        self.inception3b = inception("3b", 256)                                  # (N, 480, 28, 28)
        self.pool3 = nn.MaxPool2d(3, stride=2, ceil_mode=True)                   # (N, 480, 14, 14)
        self.inception4a = inception("4a", 480)                                  # (N, 512, 14, 14)
        self.inception4b = inception("4b", 512)
        self.inception4c = inception("4c", 512)
        self.inception4d = inception("4d", 512)                                  # (N, 528, 14, 14)
        self.inception4e = inception("4e", 528)                                  # (N, 832, 14, 14)
        self.pool4 = nn.MaxPool2d(3, stride=2, ceil_mode=True)                   # (N, 832, 7, 7)
        self.inception5a = inception("5a", 832)                                  # (N, 832, 7, 7)
        self.inception5b = inception("5b", 832)                                  # (N, 1024, 7, 7)
        self.avgpool = nn.AdaptiveAvgPool2d(1)                                   # (N, 1024, 1, 1)
        self.dropout = nn.Dropout(0.4)  # the paper's rate before the last layer
        self.flatten = nn.Flatten()                                              # (N, 1024)
        self.fc = nn.Linear(1024, num_classes)                                   # (N, K)

        h, w = self._stage4_size(in_channels, image_size)  # 14×14 at 224, 3×3 at 28
        grid = (min(AUX_GRID, h), min(AUX_GRID, w))  # small maps are kept whole rather than upsampled
        self.aux1 = InceptionAux(512, num_classes, grid)  # on 4a's output
        self.aux2 = InceptionAux(528, num_classes, grid)  # on 4d's output

    @torch.no_grad()
    def _stage4_size(self, in_channels: int, image_size: Size) -> tuple[int, int]:
        """Side of the maps 4a-4e see, from a dry run of the layers before them."""
        was_training = self.training
        self.eval()
        x = self.pool3(self.inception3b(self.inception3a(self.stem(torch.zeros(1, in_channels, *image_size)))))
        self.train(was_training)
        return int(x.shape[2]), int(x.shape[3])

    def forward(self, x: torch.Tensor) -> torch.Tensor | tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        x = self.pool3(self.inception3b(self.inception3a(self.stem(x))))
        x = self.inception4a(x)
        aux1 = self.aux1(x) if self.training else None
        x = self.inception4d(self.inception4c(self.inception4b(x)))
        aux2 = self.aux2(x) if self.training else None
        x = self.pool4(self.inception4e(x))
        x = self.inception5b(self.inception5a(x))
        logits = self.fc(self.flatten(self.dropout(self.avgpool(x))))
        if self.training:
            assert aux1 is not None and aux2 is not None
            return logits, aux1, aux2  # the trainer adds each aux loss × aux_weight
        return logits


@register_model("googlenet")
def googlenet(*, in_channels: int, image_size: Size, num_classes: int,
              wide_kernel: int = 5) -> nn.Module:  # 5: the paper's 5×5 branch; 3 builds torchvision's variant
    """GoogLeNet; in training mode it returns (logits, aux1, aux2), in eval mode the logits."""
    check_min_size("googlenet", image_size, MIN_SIDE)
    if wide_kernel not in (3, 5):
        raise ModelError(QT_TRANSLATE_NOOP("CoreMessage", "googlenet's wide_kernel must be 3 or 5, not "
                                                          "{wide_kernel}."),
                         wide_kernel=wide_kernel)
    return GoogLeNet(in_channels, image_size, num_classes, wide_kernel)
