"""The learned kernels of every conv layer, as plain arrays."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from torch import nn


@dataclass(frozen=True)
class ConvKernels:
    """One conv layer's weights: ``weight`` (out, in / groups, kh, kw), ``bias`` (out,) or None."""

    name: str
    weight: np.ndarray
    bias: np.ndarray | None
    stride: tuple[int, int]
    padding: tuple[int, int] | str
    groups: int
    first: bool  # the first conv layer: it looks at the input image itself

    @property
    def out_channels(self) -> int:
        return int(self.weight.shape[0])

    @property
    def in_channels(self) -> int:
        """Input channels each kernel sees (the layer's inputs divided by its groups)."""
        return int(self.weight.shape[1])

    @property
    def size(self) -> tuple[int, int]:
        return int(self.weight.shape[2]), int(self.weight.shape[3])

    @property
    def pointwise(self) -> bool:
        """A 1×1 layer: each output is a weighted sum of the input channels at the same pixel."""
        return self.size == (1, 1)

    @property
    def rgb(self) -> bool:
        """First-layer kernels over a colour image: each can be shown as one small RGB picture."""
        return self.first and self.in_channels == 3 and self.groups == 1 and not self.pointwise

    @property
    def mixing(self) -> np.ndarray:
        """A 1×1 layer's weights as the (out, in) channel-mixing matrix."""
        return self.weight[:, :, 0, 0]

    def describe(self) -> str:
        kh, kw = self.size
        return (f"{self.name}: {self.out_channels} kernels of {kh}×{kw} over {self.in_channels} "
                f"channel{'s' if self.in_channels != 1 else ''}")


def conv_layers(model: nn.Module) -> list[str]:
    """Names of the 2-D conv layers in registration order (forward order for the chapter's nets)."""
    return [name for name, m in model.named_modules() if isinstance(m, nn.Conv2d)]


def kernels(model: nn.Module) -> list[ConvKernels]:
    """Every ``nn.Conv2d``'s weights and bias as float32 copies; empty for a dense-only model."""
    out: list[ConvKernels] = []
    for name, m in model.named_modules():
        if not isinstance(m, nn.Conv2d):
            continue
        out.append(ConvKernels(
            name=name,
            weight=m.weight.detach().cpu().float().numpy().copy(),  # (out, in/groups, kh, kw)
            bias=None if m.bias is None else m.bias.detach().cpu().float().numpy().copy(),
            stride=tuple(m.stride),  # type: ignore[arg-type]  # torch types stride as int or tuple; a Conv2d's is a tuple
            padding=m.padding if isinstance(m.padding, str) else tuple(m.padding),  # type: ignore[arg-type]  # torch types padding as int or tuple; a Conv2d's is a tuple
            groups=m.groups,
            first=not out,
        ))
    return out
