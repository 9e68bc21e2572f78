"""Inspection panels shown as tabs of the main window, in this order.

Each entry is (tab title, factory). A panel is a QWidget with
``set_subject(subject: cnnlab.inspection.Subject | None) -> None``; the window calls it after
every epoch end (with a copy of the weights) and when a run is opened. Panels compute lazily:
only when visible and only when the subject changed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from ui.panels.confusion import ConfusionPanel
from ui.panels.feature_maps import FeatureMapsPanel
from ui.panels.gradcam import GradCamPanel
from ui.panels.kernels import KernelsPanel
from ui.panels.misclassified import MisclassifiedPanel
from ui.panels.roles import KernelRolesPanel

PANELS: list[tuple[str, Callable[[], QWidget]]] = [
    ("Kernels", KernelsPanel),
    ("Feature maps", FeatureMapsPanel),
    ("Kernel roles", KernelRolesPanel),
    ("Misclassified", MisclassifiedPanel),
    ("Confusion", ConfusionPanel),
    ("Grad-CAM", GradCamPanel),
]

__all__ = ["PANELS", "ConfusionPanel", "FeatureMapsPanel", "GradCamPanel", "KernelRolesPanel", "KernelsPanel",
           "MisclassifiedPanel"]
