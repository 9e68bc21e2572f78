"""CNN Explainer's view of one convolution: how one pixel of a feature map is computed.

Pixel (row, col) of kernel k's map is the sum, over the layer's input channels, of the kernel's
weights times the input window under it (its receptive field in the layer's input), plus the
kernel's bias; the activation that follows (a ReLU) then gives the value the next layer sees.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from cnnlab.engine.scoring import eval_mode
from cnnlab.errors import InspectionError
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.inspection.ablation import conv_module
from cnnlab.inspection.features import layer_kind
from cnnlab.inspection.hooks import first_tensor, leaf_layers

_PAD_MODES = {"zeros": "constant", "reflect": "reflect", "replicate": "replicate", "circular": "circular"}


@dataclass(frozen=True)
class ConvArithmetic:
    """The numbers behind output pixel (``row``, ``col``) of ``kernel``'s map in conv ``layer``.

    ``window``, ``weights`` and ``products`` are (Cin_group, kh, kw); ``top`` / ``left`` place the
    window in the layer's input (negative inside the zero padding); ``layer_input`` (Cin, H, W) is
    what the layer was given.
    """

    layer: str
    kernel: int
    row: int
    col: int
    top: int
    left: int
    stride: tuple[int, int]
    dilation: tuple[int, int]
    channels: tuple[int, ...]  # the input channels the kernel reads (all, unless the conv has groups)
    window: np.ndarray
    weights: np.ndarray
    products: np.ndarray
    bias: float
    layer_input: np.ndarray
    stored: float  # what the layer itself output at this pixel (equal to ``output`` up to rounding)
    activation: str | None  # the activation layer right after the conv, if any
    activated: float | None  # ``output`` through that activation

    @property
    def total(self) -> float:
        """Σ products."""
        return float(self.products.astype(np.float64).sum())

    @property
    def output(self) -> float:
        """Σ products + bias."""
        return self.total + self.bias

    def receptive_rows(self) -> np.ndarray:
        """(kh,) rows of the layer input the window reads (may fall in the padding)."""
        return self.top + self.dilation[0] * np.arange(self.weights.shape[1])

    def receptive_cols(self) -> np.ndarray:
        return self.left + self.dilation[1] * np.arange(self.weights.shape[2])


def _pair(v: int | tuple[int, ...]) -> tuple[int, int]:
    return (v, v) if isinstance(v, int) else (int(v[0]), int(v[1]))


def conv_arithmetic(model: nn.Module, image: torch.Tensor, layer: str, kernel: int, row: int,
                    col: int) -> ConvArithmetic:
    """The window, weights, products, sum + bias and activation of one conv output pixel for one float image."""
    conv = conv_module(model, layer)
    if not 0 <= kernel < conv.out_channels:
        raise InspectionError(QT_TRANSLATE_NOOP("CoreMessage", "{layer} has kernels 0..{number}; there is no "
                                                               "kernel {kernel}."),
                              layer=layer, number=conv.out_channels - 1, kernel=kernel)
    modules = dict(model.named_modules())
    got: dict[str, torch.Tensor] = {}
    order: list[str] = []

    def grab_input(_m: nn.Module, inputs: tuple[torch.Tensor, ...]) -> None:
        got.setdefault("input", inputs[0].detach().clone())

    def record(name: str) -> Callable[[nn.Module, object, object], None]:
        def hook(_m: nn.Module, _inp: object, out: object) -> None:
            t = first_tensor(out)
            if name not in got and t is not None:
                order.append(name)
                got[name] = t.detach().clone()
        return hook

    handles = [conv.register_forward_pre_hook(grab_input)]
    handles += [modules[n].register_forward_hook(record(n)) for n in leaf_layers(model)]
    try:
        with eval_mode(model), torch.no_grad():
            model(image.unsqueeze(0))
    finally:
        for h in handles:
            h.remove()
    if "input" not in got or layer not in got:
        raise InspectionError(QT_TRANSLATE_NOOP("CoreMessage", "The layer {layer} is not used when the model "
                                                               "predicts."),
                              layer=repr(layer))
    x = got["input"][0]  # (Cin, H, W)
    out = got[layer][0]  # (Cout, Ho, Wo)
    if not (0 <= row < out.shape[1] and 0 <= col < out.shape[2]):
        raise InspectionError(QT_TRANSLATE_NOOP("CoreMessage", "{layer}'s maps are {height}×{width}; there is "
                                                               "no pixel ({row}, {col})."),
                              layer=layer, height=out.shape[1], width=out.shape[2], row=row, col=col)
    stride, dilation = _pair(conv.stride), _pair(conv.dilation)
    kh, kw = _pair(conv.kernel_size)
    pad_l, pad_r, pad_t, pad_b = conv._reversed_padding_repeated_twice  # what F.pad needs, for 'same' too
    padded = F.pad(x[None], (pad_l, pad_r, pad_t, pad_b), mode=_PAD_MODES[conv.padding_mode])[0]
    per_group = conv.in_channels // conv.groups
    group = kernel // (conv.out_channels // conv.groups)
    channels = tuple(range(group * per_group, (group + 1) * per_group))
    r0, c0 = row * stride[0], col * stride[1]  # in padded coordinates
    window = padded[list(channels), r0:r0 + dilation[0] * (kh - 1) + 1:dilation[0],
                    c0:c0 + dilation[1] * (kw - 1) + 1:dilation[1]]  # (Cin_group, kh, kw)
    weights = conv.weight.detach()[kernel]  # (Cin_group, kh, kw)
    bias = float(conv.bias.detach()[kernel]) if conv.bias is not None else 0.0
    products = (window * weights).numpy().astype(np.float32)
    after = order.index(layer) + 1 if layer in order else len(order)
    act_name = order[after] if after < len(order) and layer_kind(modules[order[after]]) == "relu" else None
    activated = None
    if act_name is not None:
        value = torch.tensor([[[[float(products.astype(np.float64).sum()) + bias]]]])
        with torch.no_grad():
            activated = float(modules[act_name](value).flatten()[0])
    return ConvArithmetic(
        layer=layer, kernel=kernel, row=row, col=col, top=r0 - pad_t, left=c0 - pad_l, stride=stride,
        dilation=dilation, channels=channels, window=window.numpy().astype(np.float32),
        weights=weights.numpy().astype(np.float32), products=products, bias=bias,
        layer_input=x.numpy().astype(np.float32), stored=float(out[kernel, row, col]), activation=act_name,
        activated=activated)
