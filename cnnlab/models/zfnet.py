"""ZFNet (Zeiler & Fergus, 2013): AlexNet looked at through a deconvnet, and fixed where it looked wrong.

Visualising what each layer responds to showed AlexNet's 11×11 stride-4 first layer leaving dead
filters and aliasing; the paper's Table 1 / Fig. 3 model, for a 224×224 input::

    conv1 96@7×7, S=2 -> 96@110×110   ReLU, max pool 3×3 S=2 -> 55×55, contrast norm
    conv2 256@5×5, S=2 -> 256@26×26   ReLU, max pool 3×3 S=2 -> 13×13, contrast norm
    conv3 384@3×3, conv4 384@3×3, conv5 256@3×3 (P=1, ReLU), max pool 3×3 S=2 -> 256@6×6
    FC 9216 -> 4096, FC 4096 -> 4096 (ReLU, dropout 0.5 each), FC 4096 -> 1000

Every layer is dense (one GPU, no groups). With 1000 classes that is 62 357 608 parameters. The
sizes 110 and 55 need conv1 padding 1 and max pools that round up (``ceil_mode``), as the paper's
figure implies; the contrast normalisation across maps is the local response normalisation of
AlexNet.

Small images (side below 64): conv1 becomes 3×3 with stride 1 (a 7×7 stride-2 layer plus the first
pool would take a 28×28 digit to 7×7 at once) and conv2 gets padding 2 so its stride-2 output
still covers the whole map: 28×28 -> 14 -> 7 -> 3 -> 1×1×256 features (32×32: 16 -> 8 -> 4 ->
2×2×256) into the same 4096-wide classifier. Weights use He initialisation.
"""

from __future__ import annotations

from collections import OrderedDict

from torch import nn

from cnnlab.models.alexnet import AlexNetPlan, lrn
from cnnlab.models.registry import check_min_size, register_model

Size = tuple[int, int]

MIN_SIDE = 14  # small form: 14 -> 7 -> 4 -> 2 -> 1, the smallest side every pool can take


def _features(in_channels: int, small: bool) -> nn.Sequential:
    conv1 = (nn.Conv2d(in_channels, 96, 3, padding=1) if small       # (N, 96, 28, 28) small-image stem
             else nn.Conv2d(in_channels, 96, 7, stride=2, padding=1))  # (N, 96, 110, 110)
    conv2 = nn.Conv2d(96, 256, 5, stride=2, padding=2 if small else 0)  # (N, 256, 26, 26) | small: 7×7
    return nn.Sequential(OrderedDict([
        ("conv1", conv1), ("relu1", nn.ReLU()),
        ("pool1", nn.MaxPool2d(3, stride=2, ceil_mode=True)),         # (N, 96, 55, 55) | small: 14×14
        ("norm1", lrn()),  # AlexNet's LRN
        ("conv2", conv2), ("relu2", nn.ReLU()),
        ("pool2", nn.MaxPool2d(3, stride=2, ceil_mode=True)),         # (N, 256, 13, 13) | small: 3×3
        ("norm2", lrn()),
        ("conv3", nn.Conv2d(256, 384, 3, padding=1)), ("relu3", nn.ReLU()),   # (N, 384, 13, 13)
        ("conv4", nn.Conv2d(384, 384, 3, padding=1)), ("relu4", nn.ReLU()),   # (N, 384, 13, 13)
        ("conv5", nn.Conv2d(384, 256, 3, padding=1)), ("relu5", nn.ReLU()),   # (N, 256, 13, 13)
        ("pool5", nn.MaxPool2d(3, stride=2, ceil_mode=True)),         # (N, 256, 6, 6) | small: 1×1
    ]))


class ZFNet(AlexNetPlan):
    """AlexNet's plan with a 7×7 stride-2 first layer, a stride-2 second layer and dense 384/384/256 convs."""

    features_note = "5 conv layers, contrast norm after the first two pools"
    make_features = staticmethod(_features)  # features: 256 at 28×28 (1×1×256)


@register_model("zfnet")
def zfnet(*, in_channels: int, image_size: Size, num_classes: int) -> nn.Module:
    """ZFNet as in the paper's Table 1; images under 64 pixels get a 3×3 stride-1 first conv."""
    check_min_size("zfnet", image_size, MIN_SIDE)
    return ZFNet(in_channels, image_size, num_classes)
