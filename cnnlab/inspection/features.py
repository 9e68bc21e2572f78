"""Feature maps in the lecture's row layout: one row per conv / activation / pool layer."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from cnnlab.inspection.hooks import layer_outputs, leaf_layers

_ACTIVATIONS = (nn.ReLU, nn.ReLU6, nn.LeakyReLU, nn.PReLU, nn.ELU, nn.SELU, nn.GELU, nn.SiLU, nn.Sigmoid,
                nn.Tanh, nn.Hardswish, nn.Mish)
_POOLS = (nn.MaxPool2d, nn.AvgPool2d, nn.AdaptiveAvgPool2d, nn.AdaptiveMaxPool2d, nn.LPPool2d)


def layer_kind(module: nn.Module) -> str | None:
    """"conv", "relu" (any activation) or "pool" for the layers the lecture draws, else None."""
    if isinstance(module, nn.Conv2d):
        return "conv"
    if isinstance(module, _ACTIVATIONS):
        return "relu"
    if isinstance(module, _POOLS):
        return "pool"
    return None


def map_layers(model: nn.Module) -> list[str]:
    """Names of the leaf conv / activation / pool layers (candidates for feature-map rows)."""
    modules = dict(model.named_modules())
    return [name for name in leaf_layers(model) if layer_kind(modules[name]) is not None]


@dataclass(frozen=True)
class FeatureRow:
    """One layer's maps for one image: ``maps`` (C, H, W) float32."""

    name: str
    kind: str  # "conv", "relu" or "pool"
    maps: np.ndarray

    @property
    def channels(self) -> int:
        return int(self.maps.shape[0])

    @property
    def rgb(self) -> np.ndarray | None:
        """The lecture's colour picture of a 3-channel layer (H, W, 3), else None."""
        return rgb_composite(self.maps) if self.channels == 3 else None

    def describe(self) -> str:
        c, h, w = self.maps.shape
        return f"{self.name}  {c}×{h}×{w}"


def rgb_composite(maps: np.ndarray) -> np.ndarray:
    """Three maps (3, H, W) -> one RGB picture (H, W, 3) in [0, 1], each channel scaled on its own.

    Each map is min–max scaled separately, as the lecture does when it reads the second colour-CNN
    layer's three maps as red, green and blue; a constant map becomes 0.
    """
    if maps.shape[0] != 3:
        raise ValueError(f"an RGB picture needs exactly 3 maps, got {maps.shape[0]}")
    m = maps.astype(np.float32)
    lo = m.min(axis=(1, 2), keepdims=True)
    span = m.max(axis=(1, 2), keepdims=True) - lo
    out = np.where(span > 0, (m - lo) / np.where(span > 0, span, 1), 0.0)  # (3, H, W)
    return out.transpose(1, 2, 0).astype(np.float32)


def feature_rows(model: nn.Module, image: torch.Tensor, layers: list[str] | None = None) -> list[FeatureRow]:
    """The maps of every conv / activation / pool layer (or of ``layers``) for one float image (C, H, W).

    Rows come in forward order; layers whose output is not (C, H, W) maps are skipped.
    """
    if image.dim() != 3:
        raise ValueError(f"feature_rows takes one image (C, H, W), got shape {tuple(image.shape)}")
    names = map_layers(model) if layers is None else layers
    modules = dict(model.named_modules())
    outs = layer_outputs(model, image.unsqueeze(0), names)  # name -> (1, C, H, W)
    return [FeatureRow(name=name, kind=layer_kind(modules[name]) or "layer", maps=t[0].float().numpy())
            for name, t in outs.items() if t.dim() == 4]


def class_feature_rows(model: nn.Module, images: torch.Tensor, layers: list[str]) -> list[list[FeatureRow]]:
    """``feature_rows`` of several images at once (one batch): for each image, its rows of ``layers``."""
    modules = dict(model.named_modules())
    outs = layer_outputs(model, images, layers, stop_early=True)  # name -> (N, C, H, W)
    return [[FeatureRow(name=name, kind=layer_kind(modules[name]) or "layer", maps=t[i].float().numpy())
             for name, t in outs.items() if t.dim() == 4] for i in range(len(images))]
