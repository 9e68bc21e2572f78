"""What every view of the Lab is given after each change: the model in use and the current input."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import torch

from cnnlab.inspection import Subject
from cnnlab.inspection.explain import heat_colours
from cnnlab.inspection.lab import LabResult
from cnnlab.inspection.mosaic import fit, image_rgb


@dataclass
class LabState:
    """``subject`` as trained; ``used`` is the one the Lab runs (an ablated copy while kernels are off)."""

    subject: Subject
    used: Subject
    result: LabResult
    off: dict[str, set[int]] = field(default_factory=dict)

    @property
    def raw(self) -> torch.Tensor:
        """The model input, uint8 (C, H, W)."""
        return self.result.raw

    @property
    def x(self) -> torch.Tensor:
        """The normalised model input, float (C, H, W)."""
        return self.subject.input_of(self.result.raw)

    @property
    def rgb(self) -> np.ndarray:
        return image_rgb(self.raw.numpy())


def heat_tiles(rgb: np.ndarray, m: np.ndarray, method: str, side: int,
               alpha: float = 0.5,  # the map's weight over the image: both stay readable
               ) -> tuple[np.ndarray, np.ndarray]:
    """(the map in colour, the map over the image), each fitted to ``side`` pixels."""
    colours = heat_colours(m, method)
    over = np.clip((1 - alpha) * rgb.astype(np.float32) + alpha * colours.astype(np.float32) + 0.5, 0, 255)
    return fit(colours, side), fit(over.astype(np.uint8), side)
