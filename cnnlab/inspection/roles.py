"""Kernel roles: which first-layer kernel responds to which class (the lecture's shape table).

A kernel's response to an image is the mean of its feature map after ReLU. Averaging that over the
images of each class gives a (kernels, classes) table. The rule for "fires": a kernel fires on a
class when its mean response to that class is above the kernel's own average over all classes,
so every kernel is judged against itself and strong and weak kernels are treated alike.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from cnnlab.errors import InspectionError
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.inspection.hooks import layer_outputs

FIRES_RULE = QT_TRANSLATE_NOOP(  # the rule in words, for the window's explanation
    "CoreMessage",
    "a kernel fires on a class when its mean activation on that class is above its mean over all classes")


@dataclass(frozen=True)
class KernelRoles:
    """``mean`` (kernels, classes) mean activation after ReLU; ``fires`` the 1/0 table."""

    layer: str
    classes: tuple[str, ...]
    mean: np.ndarray  # (K, C) float; NaN for a class without images
    threshold: np.ndarray  # (K,) each kernel's mean over the classes that have images
    fires: np.ndarray  # (K, C) bool
    counts: np.ndarray  # (C,) images per class that went into the means

    @property
    def rule(self) -> str:
        return FIRES_RULE


def kernel_roles(model: nn.Module, images: torch.Tensor, labels: torch.Tensor | np.ndarray,
                 classes: tuple[str, ...] | list[str], layer: str = "conv1") -> KernelRoles:
    """Mean ReLU activation of each kernel of ``layer`` per class, and which kernels fire on which class.

    ``images`` are float (N, C, H, W) as the model takes them, ``labels`` (N,) class indices.
    """
    y = torch.as_tensor(labels).long()
    outs = layer_outputs(model, images, [layer], stop_early=True)
    if layer not in outs:
        raise InspectionError(QT_TRANSLATE_NOOP("CoreMessage", "The layer {layer} is not used when the model "
                                                               "predicts (it may belong to a training-only "
                                                               "auxiliary head)."),
                              layer=repr(layer))
    maps = outs[layer]  # (N, K, h, w)
    if maps.dim() != 4:
        raise InspectionError(QT_TRANSLATE_NOOP("CoreMessage", "Kernel roles need a conv layer; {layer} does "
                                                               "not output feature maps."),
                              layer=repr(layer))
    per_image = F.relu(maps).mean(dim=(2, 3)).double()  # (N, K)
    n_classes = len(classes)
    counts = torch.bincount(y, minlength=n_classes)[:n_classes].double()  # (C,)
    sums = torch.zeros(n_classes, per_image.shape[1], dtype=torch.float64).index_add_(0, y, per_image)  # (C, K)
    mean = (sums / counts.clamp_min(1)[:, None]).T.numpy()  # (K, C)
    present = counts.numpy() > 0
    mean[:, ~present] = np.nan
    threshold = np.nanmean(mean, axis=1) if present.any() else np.full(mean.shape[0], np.nan)  # (K,)
    with np.errstate(invalid="ignore"):
        fires = np.nan_to_num(mean, nan=-np.inf) > threshold[:, None]
    return KernelRoles(layer=layer, classes=tuple(classes), mean=mean.astype(np.float64), threshold=threshold,
                       fires=fires, counts=counts.numpy().astype(np.int64))
