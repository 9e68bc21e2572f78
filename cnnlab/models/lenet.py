"""LeNet-5 (LeCun, Bottou, Bengio & Haffner, 1998): the network that read cheques.

The 1998 layout for a 32×32 input, as the lecture teaches it::

    C1 conv 6@5×5   -> 6@28×28    S2 pool 2×2 -> 6@14×14
    C3 conv 16@5×5  -> 16@10×10   S4 pool 2×2 -> 16@5×5
    C5 FC 400 -> 120              F6 FC 120 -> 84          output FC 84 -> K

Changed from the paper, as the lecture does: ReLU instead of the scaled tanh, max pooling
instead of trainable sub-sampling, every C3 map sees all six S2 maps (the paper wires each to a
chosen subset), and a linear output layer instead of Euclidean RBF units. MNIST's 28×28 digits get
the customary padding of 2 on C1, which gives the same 6@28×28 maps as the paper's 32×32 input.
With 10 classes the network has 61 706 parameters.
"""

from __future__ import annotations

from collections import OrderedDict

from torch import nn

from cnnlab.models.layers import flat_features
from cnnlab.models.registry import check_min_size, register_model

Size = tuple[int, int]

PAPER_SIDE = 32  # the paper's input side; smaller images get padding 2 on C1
MIN_SIDE = 12  # 12 -> 12 -> 6 -> 2 -> 1: the smallest side that leaves one pixel after S4


class LeNet5(nn.Sequential):
    """conv1 → pool1 → conv2 → pool2 → fc1 (C5) → fc2 (F6) → fc3, ReLU after every hidden layer."""

    def __init__(self, in_channels: int, image_size: Size, num_classes: int) -> None:
        pad = 2 if min(image_size) < PAPER_SIDE else 0  # 28×28 digits: the customary padding keeps C1 at 28×28
        body = OrderedDict([
            ("conv1", nn.Conv2d(in_channels, 6, 5, padding=pad)),  # (N, 6, 28, 28)
            ("relu1", nn.ReLU()),
            ("pool1", nn.MaxPool2d(2)),                              # (N, 6, 14, 14)
            ("conv2", nn.Conv2d(6, 16, 5)),                          # (N, 16, 10, 10)
            ("relu2", nn.ReLU()),
            ("pool2", nn.MaxPool2d(2)),                              # (N, 16, 5, 5)
        ])
        features = flat_features(nn.Sequential(body), in_channels, image_size)  # 400 for 28 or 32
        super().__init__(OrderedDict([
            *body.items(),
            ("flatten", nn.Flatten()),                               # (N, 400)
            ("fc1", nn.Linear(features, 120)),                       # C5: (N, 120)
            ("relu3", nn.ReLU()),
            ("fc2", nn.Linear(120, 84)),                             # F6: (N, 84)
            ("relu4", nn.ReLU()),
            ("fc3", nn.Linear(84, num_classes)),                     # (N, K)
        ]))


@register_model("lenet5")
def lenet5(*, in_channels: int, image_size: Size, num_classes: int) -> nn.Module:
    """LeNet-5 for (N, C, H, W) images; 28×28 and 32×32 both give 6@28×28, 16@10×10, 120, 84."""
    check_min_size("lenet5", image_size, MIN_SIDE)
    return LeNet5(in_channels, image_size, num_classes)
