"""Inspection panels shown as tabs of the main window, in this order.

Each entry is (tab title, factory). A panel is an :class:`~ui.panels.base.InspectionPanel`:
``set_subject(subject: cnnlab.inspection.Subject | None) -> None``, which the window calls after
every epoch end (with a copy of the weights) and when a run is opened, and ``prepare(subject)``,
the slow Qt-free work the window runs on a worker thread first. Panels compute lazily: only when
visible and only when the subject changed.
"""

from __future__ import annotations

from collections.abc import Callable

from cnnlab.i18n import QT_TRANSLATE_NOOP
from ui.panels.base import InspectionPanel, Panel, PreparingPanel
from ui.panels.confusion import ConfusionPanel
from ui.panels.feature_maps import FeatureMapsPanel
from ui.panels.gradcam import GradCamPanel
from ui.panels.kernels import KernelsPanel
from ui.panels.misclassified import MisclassifiedPanel
from ui.panels.roles import KernelRolesPanel


def lab_panel() -> InspectionPanel:
    """The Lab tab (ui/lab), imported when made: ui.lab builds on this package's modules."""
    from ui.lab import LabPanel

    return LabPanel()


PANELS: list[tuple[str, Callable[[], InspectionPanel]]] = [
    (QT_TRANSLATE_NOOP("Panels", "Kernels"), KernelsPanel),  # titles: English sources, translated as tabs
    (QT_TRANSLATE_NOOP("Panels", "Feature maps"), FeatureMapsPanel),
    (QT_TRANSLATE_NOOP("Panels", "Kernel roles"), KernelRolesPanel),
    (QT_TRANSLATE_NOOP("Panels", "Misclassified"), MisclassifiedPanel),
    (QT_TRANSLATE_NOOP("Panels", "Confusion"), ConfusionPanel),
    (QT_TRANSLATE_NOOP("Panels", "Grad-CAM"), GradCamPanel),
    (QT_TRANSLATE_NOOP("Panels", "Lab"), lab_panel),  # draw an input, see why the network decides
]

__all__ = ["PANELS", "ConfusionPanel", "FeatureMapsPanel", "GradCamPanel", "InspectionPanel", "KernelRolesPanel",
           "KernelsPanel", "MisclassifiedPanel", "Panel", "PreparingPanel"]
