"""What the Lab shows for one drawing, computed in one call: the preprocessing steps, the
prediction, the probabilities, the feature maps and the chosen attribution map.

:func:`analyse` is what the Lab tab runs after every stroke (and what ``benchmarks/lab_latency.py``
times); it never needs Qt. ``model`` may be an ablated copy (:mod:`cnnlab.inspection.ablation`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from cnnlab.engine.checkpoint import CheckpointMeta
from cnnlab.engine.data import normalize
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.inspection.attribution import (
    IG_STEPS,
    OCCLUSION_PATCH,
    OCCLUSION_STRIDE,
    Attribution,
    attribute,
    class_probabilities,
)
from cnnlab.inspection.conv_kernels import conv_layers
from cnnlab.inspection.features import FeatureRow, feature_rows
from cnnlab.inspection.preprocess import Preprocessed, preprocess


@dataclass(frozen=True)
class LabResult:
    """One drawing seen by one model: ``raw`` is the model input, uint8 (C, H, W)."""

    prepared: Preprocessed
    raw: torch.Tensor
    probabilities: np.ndarray  # (K,)
    rows: list[FeatureRow]
    attribution: Attribution | None  # None: no method chosen, or the model cannot give it (``problem``)
    problem: str = ""

    @property
    def predicted(self) -> int:
        return int(self.probabilities.argmax())


def to_input(drawing: np.ndarray, meta: CheckpointMeta, mode: str) -> Preprocessed:
    """A drawing (h, w) or (h, w, 3) uint8 -> :class:`Preprocessed` of the model's channels and size."""
    c, h, w = meta.input_shape
    a = np.asarray(drawing, dtype=np.uint8)
    if c == 1 and a.ndim == 3:
        a = np.round(a.astype(np.float32) @ np.array([0.299, 0.587, 0.114], np.float32)).astype(np.uint8)
    elif c == 3 and a.ndim == 2:
        a = np.repeat(a[..., None], 3, axis=2)
    return preprocess(a, (h, w), mode)


def analyse(model: nn.Module, meta: CheckpointMeta, drawing: np.ndarray, mode: str = "centred",
            method: str | None = "gradcam", target: int | None = None, *, layer: str | None = None,
            patch: int = OCCLUSION_PATCH, stride: int = OCCLUSION_STRIDE, steps: int = IG_STEPS,
            maps: bool = True) -> LabResult:
    """Preprocess ``drawing`` for the model and compute everything the Lab's live view draws."""
    prepared = to_input(drawing, meta, mode)
    raw = prepared.tensor  # (C, H, W) uint8
    x = normalize(raw.unsqueeze(0), meta.mean, meta.std)[0]  # (C, H, W) float
    has_conv = bool(conv_layers(model))
    rows = feature_rows(model, x) if maps and has_conv else []
    problem = ""
    result: Attribution | None = None
    if method is not None:
        if method == "gradcam" and not has_conv:
            problem = QT_TRANSLATE_NOOP("CoreMessage", "Grad-CAM needs a convolution layer, and this model has none.")
        else:
            try:
                result = attribute(model, x, method, target, layer=layer, patch=patch, stride=stride, steps=steps)
            except ValueError as e:
                problem = str(e)
    probs = result.probabilities if result is not None else class_probabilities(model, x)
    return LabResult(prepared=prepared, raw=raw, probabilities=probs, rows=rows, attribution=result,
                     problem=problem)
