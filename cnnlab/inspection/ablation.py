"""Kernel ablation: switch conv kernels off in a copy of the model and see what the network loses.

Switching kernel k of a conv layer off zeroes its weights and its bias, so its feature map is all
zeros for every image; the layers after it get nothing from it. The model given is never changed:
every function works on a :func:`copy.deepcopy`, so a saved checkpoint, and the model the other
tabs show, stay as they were.
"""

from __future__ import annotations

import copy
from collections.abc import Collection, Mapping
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from cnnlab.engine.scoring import confusion_matrix, per_class_accuracy
from cnnlab.errors import InspectionError
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.inspection.attribution import class_probabilities
from cnnlab.inspection.hooks import find_layer
from cnnlab.inspection.outcomes import predictions
from cnnlab.inspection.subject import Subject

SwitchedOff = Mapping[str, Collection[int]]  # conv layer name -> kernels (output channels) switched off


def conv_module(model: nn.Module, layer: str) -> nn.Conv2d:
    """The conv layer called ``layer``; ValueError naming the problem otherwise."""
    module = find_layer(model, layer)
    if not isinstance(module, nn.Conv2d):
        raise InspectionError(QT_TRANSLATE_NOOP("CoreMessage", "{layer} is not a convolution layer, so it has "
                                                               "no kernels to switch off."),
                              layer=repr(layer))
    return module


def check_kernels(model: nn.Module, off: SwitchedOff) -> None:
    for layer, kernels in off.items():
        n = conv_module(model, layer).out_channels
        bad = [k for k in kernels if not 0 <= int(k) < n]
        if bad:
            raise InspectionError(QT_TRANSLATE_NOOP("CoreMessage", "{layer} has kernels 0..{number}; there is "
                                                                   "no kernel {bad}."),
                                  layer=layer, number=n - 1, bad=bad[0])


def ablated_model(model: nn.Module, off: SwitchedOff) -> nn.Module:
    """A deep copy of ``model`` with each listed kernel's weights (out, in, kh, kw)[k] and bias[k] zeroed."""
    check_kernels(model, off)
    copied = copy.deepcopy(model)
    with torch.no_grad():
        for layer, kernels in off.items():
            conv = conv_module(copied, layer)
            for k in kernels:
                conv.weight[int(k)].zero_()
                if conv.bias is not None:
                    conv.bias[int(k)].zero_()
    return copied.eval()


def ablated_subject(subject: Subject, off: SwitchedOff) -> Subject:
    """The subject seen through :func:`ablated_model` (its own cache; the subject itself untouched)."""
    return Subject(model=ablated_model(subject.model, off), meta=subject.meta, test=subject.test,
                   epoch=subject.epoch)


@dataclass(frozen=True)
class ClassAccuracy:
    """Test accuracy overall and per class (K,), NaN for a class without test images."""

    overall: float
    per_class: np.ndarray


def class_accuracy(subject: Subject) -> ClassAccuracy:
    """The subject's test accuracy, from :func:`predictions` (cached on the subject)."""
    p = predictions(subject)
    cm = confusion_matrix(p.pred, p.true, len(subject.classes))
    return ClassAccuracy(overall=p.accuracy, per_class=per_class_accuracy(cm).astype(np.float64))


@dataclass(frozen=True)
class AblationReport:
    """One image and the test set before and after switching ``off`` kernels off."""

    off: dict[str, tuple[int, ...]]
    before: ClassAccuracy
    after: ClassAccuracy
    probabilities_before: np.ndarray  # (K,) of the image
    probabilities_after: np.ndarray  # (K,)
    subject: Subject  # the ablated subject (maps of the image come from its model)

    @property
    def predicted_before(self) -> int:
        return int(self.probabilities_before.argmax())

    @property
    def predicted_after(self) -> int:
        return int(self.probabilities_after.argmax())


def ablation_report(subject: Subject, off: SwitchedOff, image: torch.Tensor | None = None) -> AblationReport:
    """Switch ``off`` kernels off in a copy and compare; ``image`` is one normalised float (C, H, W)."""
    after = ablated_subject(subject, off)
    k = len(subject.classes)
    none = np.full(k, np.nan, dtype=np.float32)
    return AblationReport(
        off={layer: tuple(sorted(int(i) for i in ks)) for layer, ks in off.items() if ks},
        before=class_accuracy(subject), after=class_accuracy(after),
        probabilities_before=none if image is None else class_probabilities(subject.model, image),
        probabilities_after=none if image is None else class_probabilities(after.model, image),
        subject=after)
