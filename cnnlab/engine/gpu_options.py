"""Speed settings a GPU run turns on where they pay, and records (``gpu_options`` in results.json).

Measured with the bare loop of ``benchmarks/gpu.py --parts options`` on an H200, resnet20 on CIFAR-10: cuDNN's
benchmark mode 1.17×, channels-last memory 1.13× (convolutions read NHWC tensors faster on tensor cores).

* **cuDNN benchmark**: cuDNN times its convolution algorithms on the first batch of each shape and keeps the
  fastest. Every dataset here has one image size, so the timing is paid once. It is off for a reproducible
  run: the choice follows the GPU's load, so two runs could add in different orders.
* **channels-last** for the residual networks, whose many 3×3 convolutions gain most; deterministic, so a
  reproducible run keeps it. The weights are stored as usual (a CPU copy, contiguous) in checkpoints.

On a CPU (or Apple MPS) nothing changes: both are CUDA matters.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

CHANNELS_LAST_MODELS = frozenset({"resnet18", "resnet20"})  # residual nets: 1.13× for resnet20 (module docstring)


@dataclass(frozen=True)
class GpuOptions:
    """What a run turned on; both off on a CPU."""

    cudnn_benchmark: bool = False
    channels_last: bool = False

    def names(self) -> tuple[str, ...]:
        """The options on, as results.json lists them."""
        return tuple(name for name, on in (("cudnn_benchmark", self.cudnn_benchmark),
                                           ("channels_last", self.channels_last)) if on)


def choose(device: torch.device, model: str | None, reproducible: bool) -> GpuOptions:
    """The options for a run of ``model`` (a zoo name or a design file) on ``device``."""
    if device.type != "cuda":
        return GpuOptions()
    return GpuOptions(cudnn_benchmark=not reproducible, channels_last=model in CHANNELS_LAST_MODELS)


def apply(options: GpuOptions, model: nn.Module) -> None:
    """Turn the options on for the run (the trainer puts cuDNN's global setting back after it)."""
    if options.cudnn_benchmark:
        torch.backends.cudnn.benchmark = True
    if options.channels_last:
        model.to(memory_format=torch.channels_last)  # (O, I, kH, kW) weights stored as (O, kH, kW, I)


def batch_format(options: GpuOptions, images: torch.Tensor) -> torch.Tensor:
    """A batch (B, C, H, W) in the memory format the model's convolutions read fastest."""
    return images.contiguous(memory_format=torch.channels_last) if options.channels_last else images
