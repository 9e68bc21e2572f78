"""How other tabs hand an image to the Lab: ``open_in_lab(image, title)`` emits on one shared hub.

The Lab tab listens and brings itself to the front; the other tabs need not know where it is.
"""

from __future__ import annotations

import torch
from PySide6.QtCore import QObject, Signal


class LabBridge(QObject):
    """``openImage(uint8 (C, H, W) tensor, title)``: show this image in the Lab."""

    openImage = Signal(object, str)


_BRIDGE: LabBridge | None = None


def lab_bridge() -> LabBridge:
    """The one hub of this application (made on first use, on the GUI thread)."""
    global _BRIDGE
    if _BRIDGE is None:
        _BRIDGE = LabBridge()
    return _BRIDGE


def open_in_lab(image: torch.Tensor, title: str) -> None:
    """Send a uint8 image (C, H, W) to the Lab."""
    lab_bridge().openImage.emit(image, title)
