"""VGG (Simonyan & Zisserman, 2014): depth from stacks of 3×3 convolutions.

Two 3×3 layers see as far as one 5×5 (three as far as a 7×7) with fewer weights and more ReLUs.
Five stages of 3×3 convs (padding 1, stride 1), each closed by a 2×2 max pool, then FC 4096 ->
4096 -> K with dropout 0.5; configurations A (VGG-11) and D (VGG-16) of the paper::

    VGG-11: 64 | 128 | 256 256 | 512 512 | 512 512            (8 conv + 3 FC)
    VGG-16: 64 64 | 128 128 | 256 256 256 | 512 512 512 | 512 512 512   (13 conv + 3 FC)

At 224×224 the last stage leaves 512@7×7 = 25 088 features, and the parameter counts equal
torchvision's ``vgg11`` / ``vgg16`` (132 863 336 and 138 357 544 with 1000 classes);
``batch_norm=True`` adds BN after every conv, as torchvision's ``vgg11_bn`` / ``vgg16_bn``.

Small images need no change to the convs: the first layer is already 3×3 with stride 1. The max
pools round up (``ceil_mode``), identical to the paper on 224×224 images, so a 28×28 digit goes
28 -> 14 -> 7 -> 4 -> 2 -> 1 instead of vanishing at the fifth pool, and the classifier gets
512@1×1 = 512 features (32×32: also 1×1). Conv weights use He initialisation (fan-in), the FC
layers N(0, 0.01) as torchvision.
"""

from __future__ import annotations

from collections import OrderedDict

import torch
from torch import nn

from cnnlab.models.layers import flat_features
from cnnlab.models.registry import check_min_size, register_model
from cnnlab.models.summary import set_note

Size = tuple[int, int]

# Output channels of each conv, stage by stage; every stage ends with a 2×2 max pool.
CONFIGS: dict[str, tuple[tuple[int, ...], ...]] = {
    "vgg11": ((64,), (128,), (256, 256), (512, 512), (512, 512)),
    "vgg16": ((64, 64), (128, 128), (256, 256, 256), (512, 512, 512), (512, 512, 512)),
}
MIN_SIDE = 17  # 17 -> 9 -> 5 -> 3 -> 2 -> 1: below this the fifth pool gets a single pixel


class ConvStage(nn.Sequential):
    """A stack of 3×3 conv (BN) ReLU layers closed by a 2×2 max pool that halves the map."""

    def __init__(self, in_channels: int, widths: tuple[int, ...], batch_norm: bool) -> None:
        layers: list[tuple[str, nn.Module]] = []
        for i, width in enumerate(widths, start=1):
            layers.append((f"conv{i}", nn.Conv2d(in_channels, width, 3, padding=1)))  # (N, width, H, W)
            if batch_norm:
                layers.append((f"bn{i}", nn.BatchNorm2d(width)))
            layers.append((f"relu{i}", nn.ReLU()))
            in_channels = width
        layers.append(("pool", nn.MaxPool2d(2, ceil_mode=True)))  # (N, width, ⌈H/2⌉, ⌈W/2⌉)
        super().__init__(OrderedDict(layers))
        self.summary_note = f"{len(widths)} × conv 3×3 @{widths[-1]}, then max pool 2×2"


class VGG(nn.Module):
    def __init__(self, config: tuple[tuple[int, ...], ...], in_channels: int, image_size: Size,
                 num_classes: int, batch_norm: bool) -> None:
        super().__init__()
        stages: list[tuple[str, nn.Module]] = []
        channels = in_channels
        for i, widths in enumerate(config, start=1):
            stages.append((f"stage{i}", ConvStage(channels, widths, batch_norm)))
            channels = widths[-1]
        self.features = nn.Sequential(OrderedDict(stages))  # (N, 512, 7, 7) at 224 | (N, 512, 1, 1) at 28
        n = flat_features(self.features, in_channels, image_size)  # 25 088 at 224×224, 512 at 28×28
        self.flatten = nn.Flatten()
        self.classifier = nn.Sequential(OrderedDict([
            ("fc1", nn.Linear(n, 4096)), ("relu1", nn.ReLU()), ("drop1", nn.Dropout(0.5)),
            ("fc2", nn.Linear(4096, 4096)), ("relu2", nn.ReLU()), ("drop2", nn.Dropout(0.5)),
            ("fc3", nn.Linear(4096, num_classes)),
        ]))
        set_note(self.features, f"{len(config)} stages of 3×3 convs, {sum(map(len, config))} conv layers")
        set_note(self.classifier, "3 FC layers, dropout 0.5 after the first two")
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                # He's fan-in form keeps the signal's size through 13 plain conv layers; torchvision's
                # fan-out form shrinks it wherever the channels widen, and VGG-16 then learns far slower.
                nn.init.kaiming_normal_(m.weight, mode="fan_in", nonlinearity="relu")
                nn.init.zeros_(m.bias)  # type: ignore[arg-type]  # the layer was built with a bias
            elif isinstance(m, nn.Linear):
                nn.init.normal_(m.weight, 0, 0.01)
                nn.init.zeros_(m.bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classifier(self.flatten(self.features(x)))  # (N, K)


def _vgg(name: str, in_channels: int, image_size: Size, num_classes: int, batch_norm: bool) -> VGG:
    check_min_size(name, image_size, MIN_SIDE)
    return VGG(CONFIGS[name], in_channels, image_size, num_classes, batch_norm)


@register_model("vgg11")
def vgg11(*, in_channels: int, image_size: Size, num_classes: int,
          batch_norm: bool = False) -> nn.Module:  # False: the paper's network
    """VGG-11 (configuration A); 224×224 with 1000 classes gives 132 863 336 parameters."""
    return _vgg("vgg11", in_channels, image_size, num_classes, batch_norm)


@register_model("vgg16")
def vgg16(*, in_channels: int, image_size: Size, num_classes: int,
          batch_norm: bool = False) -> nn.Module:  # False: the paper's network
    """VGG-16 (configuration D); 224×224 with 1000 classes gives 138 357 544 parameters."""
    return _vgg("vgg16", in_channels, image_size, num_classes, batch_norm)
