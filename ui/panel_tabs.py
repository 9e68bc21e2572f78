"""The inspection tabs of the main window, in this order: each entry is (tab title, factory).

The panels themselves live in :mod:`ui.panels`; the Lab (:mod:`ui.lab`) builds on them, so the list of
tabs that holds both sits above the two packages."""

from __future__ import annotations

from collections.abc import Callable

from cnnlab.i18n import QT_TRANSLATE_NOOP
from ui.lab import LabPanel
from ui.panels import (
    ConfusionPanel,
    FeatureMapsPanel,
    GradCamPanel,
    InspectionPanel,
    KernelRolesPanel,
    KernelsPanel,
    MisclassifiedPanel,
)


def lab_panel() -> InspectionPanel:
    """The Lab tab: draw an input, see why the network decides."""
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

