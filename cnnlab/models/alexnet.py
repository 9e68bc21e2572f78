"""AlexNet (Krizhevsky, Sutskever & Hinton, 2012): the network that won ImageNet by a wide margin.

The paper's layer table for a 224×224 input (its two-GPU split kept as ``groups=2`` in the layers
where a GPU only saw its own half of the maps)::

    conv1 96@11×11, S=4, P=2 -> 96@55×55   ReLU, LRN, max pool 3×3 S=2 -> 27×27
    conv2 256@5×5, P=2, groups 2 -> 27×27  ReLU, LRN, max pool 3×3 S=2 -> 13×13
    conv3 384@3×3, P=1                     ReLU
    conv4 384@3×3, P=1, groups 2           ReLU
    conv5 256@3×3, P=1, groups 2           ReLU, max pool 3×3 S=2 -> 256@6×6
    FC 9216 -> 4096, ReLU, dropout 0.5; FC 4096 -> 4096, ReLU, dropout 0.5; FC 4096 -> 1000

With 1000 classes that is 60 965 224 parameters, the paper's "60 million". (torchvision's alexnet
is the later one-GPU variant with 64/192 maps and no groups, 61.1 M, so it is no reference here.)

Small images (side below 64, e.g. 28×28 and 32×32): the 11×11 stride-4 first layer would shrink a
28×28 digit to 5×5 before anything else happens, so conv1 becomes 3×3 with stride 1 and padding 1.
Everything after it is the paper's: 28×28 -> 13 -> 6 -> 2×2×256 features into the same 4096-wide
classifier (32×32 -> 15 -> 7 -> 3×3×256).

Weights use He (Kaiming) initialisation instead of the paper's N(0, 0.01) with unit biases, which
needed ninety epochs to get going; the layers are unchanged.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

import torch
from torch import nn

from cnnlab.models.layers import flat_features
from cnnlab.models.registry import check_min_size, register_model
from cnnlab.models.summary import set_note

Size = tuple[int, int]

SMALL_SIDE = 64  # below this AlexNet's 11×11 stride-4 stem (ZFNet's 7×7 stride 2) leaves too few pixels
MIN_SIDE = 15  # small form: 15 -> 7 -> 3 -> 1, the smallest side the third max pool can take


def lrn() -> nn.LocalResponseNorm:
    # The paper's k=2, n=5, α=1e-4, β=0.75; PyTorch divides α by n, so α is given as 5 × 1e-4.
    return nn.LocalResponseNorm(size=5, alpha=5e-4, beta=0.75, k=2.0)


def _features(in_channels: int, small: bool) -> nn.Sequential:
    conv1 = (nn.Conv2d(in_channels, 96, 3, padding=1) if small  # (N, 96, 28, 28) small-image stem
             else nn.Conv2d(in_channels, 96, 11, stride=4, padding=2))  # (N, 96, 55, 55)
    return nn.Sequential(OrderedDict([
        ("conv1", conv1), ("relu1", nn.ReLU()), ("lrn1", lrn()),
        ("pool1", nn.MaxPool2d(3, stride=2)),                         # (N, 96, 27, 27) | small: 13×13
        ("conv2", nn.Conv2d(96, 256, 5, padding=2, groups=2)),        # (N, 256, 27, 27)
        ("relu2", nn.ReLU()), ("lrn2", lrn()),
        ("pool2", nn.MaxPool2d(3, stride=2)),                         # (N, 256, 13, 13) | small: 6×6
        ("conv3", nn.Conv2d(256, 384, 3, padding=1)), ("relu3", nn.ReLU()),             # (N, 384, 13, 13)
        ("conv4", nn.Conv2d(384, 384, 3, padding=1, groups=2)), ("relu4", nn.ReLU()),   # (N, 384, 13, 13)
        ("conv5", nn.Conv2d(384, 256, 3, padding=1, groups=2)), ("relu5", nn.ReLU()),   # (N, 256, 13, 13)
        ("pool5", nn.MaxPool2d(3, stride=2)),                         # (N, 256, 6, 6) | small: 2×2
    ]))


class AlexNetPlan(nn.Module):
    """A conv feature stack, then flatten and the 4096-4096-K classifier with dropout 0.5.

    AlexNet and ZFNet differ only in their feature stacks, so both are built on this plan: a net
    names its stack's builder in ``make_features`` and its layer-table note in ``features_note``.
    """

    features_note: str  # the layer table's note on the feature stack
    make_features: Callable[[int, bool], nn.Sequential]  # (in_channels, small) -> the conv stack

    def __init__(self, in_channels: int, image_size: Size, num_classes: int) -> None:
        super().__init__()
        self.features = type(self).make_features(in_channels, min(image_size) < SMALL_SIDE)
        n = flat_features(self.features, in_channels, image_size)  # 9216 at 224×224 for both nets
        self.flatten = nn.Flatten()
        self.classifier = nn.Sequential(OrderedDict([
            ("fc6", nn.Linear(n, 4096)), ("relu6", nn.ReLU()), ("drop6", nn.Dropout(0.5)),
            ("fc7", nn.Linear(4096, 4096)), ("relu7", nn.ReLU()), ("drop7", nn.Dropout(0.5)),
            ("fc8", nn.Linear(4096, num_classes)),
        ]))
        set_note(self.features, self.features_note)
        set_note(self.classifier, "3 FC layers, dropout 0.5 after the first two")
        for m in self.modules():
            if isinstance(m, (nn.Conv2d, nn.Linear)):
                nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
                if m.bias is not None:  # every layer here has one
                    nn.init.zeros_(m.bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classifier(self.flatten(self.features(x)))  # (N, K)


class AlexNet(AlexNetPlan):
    """Five conv layers (LRN after the first two) and three fully connected layers with dropout."""

    features_note = "5 conv layers, LRN after the first two"
    make_features = staticmethod(_features)  # features: 1024 at 28×28 (2×2×256)


@register_model("alexnet")
def alexnet(*, in_channels: int, image_size: Size, num_classes: int) -> nn.Module:
    """AlexNet as in the paper's table; images under 64 pixels get a 3×3 stride-1 first conv."""
    check_min_size("alexnet", image_size, MIN_SIDE)
    return AlexNet(in_channels, image_size, num_classes)
