"""ZFNet's top images: the test images that most strongly activate one kernel.

A kernel's activation on an image is the largest value of its feature map (the conv output, before
the ReLU); the map's peak position says where in the image the kernel found its pattern.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from cnnlab.engine.scoring import eval_mode
from cnnlab.errors import InspectionError
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.inspection.ablation import conv_module
from cnnlab.inspection.hooks import _Recorded, recording
from cnnlab.inspection.subject import Subject

TOP = 9  # ZFNet shows a 3×3 grid of the strongest images per kernel
PEAK_BATCH = 500  # test images per forward pass: a first layer's maps stay a few tens of MB


@dataclass(frozen=True)
class LayerPeaks:
    """For every test image and kernel of a layer: the map's largest value and where it is."""

    values: np.ndarray  # (N, C) float32
    rows: np.ndarray  # (N, C) int64
    cols: np.ndarray  # (N, C) int64
    map_size: tuple[int, int]


@dataclass(frozen=True)
class TopActivations:
    """The ``indices`` (n,) of the test images activating ``kernel`` most, strongest first."""

    layer: str
    kernel: int
    indices: np.ndarray
    values: np.ndarray  # (n,)
    rows: np.ndarray  # (n,) peak row in the map
    cols: np.ndarray  # (n,)
    map_size: tuple[int, int]


def layer_peaks(subject: Subject, layer: str, batch_size: int = PEAK_BATCH) -> LayerPeaks:
    """Every kernel's peak on every test image (one pass over the test set, cached on the subject)."""
    key = f"layer_peaks:{layer}"
    cached = subject.cache.get(key)
    if isinstance(cached, LayerPeaks):
        return cached
    conv = conv_module(subject.model, layer)
    values, rows, cols = [], [], []
    size = (0, 0)
    with eval_mode(subject.model), torch.no_grad():
        for start in range(0, len(subject.test), batch_size):
            with recording(subject.model, [layer], stop_early=True) as store:
                try:
                    subject.model(subject.inputs(slice(start, start + batch_size)))
                except _Recorded:
                    pass
            maps = store[layer]  # (B, C, h, w)
            size = (int(maps.shape[2]), int(maps.shape[3]))
            flat = maps.flatten(2)  # (B, C, h*w)
            v, where = flat.max(dim=2)
            values.append(v.numpy())
            rows.append((where // size[1]).numpy())
            cols.append((where % size[1]).numpy())
    c = conv.out_channels
    peaks = LayerPeaks(
        values=np.concatenate(values).astype(np.float32) if values else np.zeros((0, c), np.float32),
        rows=np.concatenate(rows).astype(np.int64) if rows else np.zeros((0, c), np.int64),
        cols=np.concatenate(cols).astype(np.int64) if cols else np.zeros((0, c), np.int64), map_size=size)
    subject.cache[key] = peaks
    return peaks


def top_activations(subject: Subject, layer: str, kernel: int, n: int = TOP) -> TopActivations:
    """The ``n`` test images whose map of ``kernel`` in conv ``layer`` peaks highest (ties: test order)."""
    conv = conv_module(subject.model, layer)
    if not 0 <= kernel < conv.out_channels:
        raise InspectionError(QT_TRANSLATE_NOOP("CoreMessage", "{layer} has kernels 0..{number}; there is no "
                                                               "kernel {kernel}."),
                              layer=layer, number=conv.out_channels - 1, kernel=kernel)
    peaks = layer_peaks(subject, layer)
    v = peaks.values[:, kernel]
    order = np.argsort(-v, kind="stable")[:n]
    return TopActivations(layer=layer, kernel=kernel, indices=order.astype(np.int64), values=v[order],
                          rows=peaks.rows[order, kernel], cols=peaks.cols[order, kernel], map_size=peaks.map_size)
