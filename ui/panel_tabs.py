"""The inspection tabs of the main window, in this order: each entry is (tab title, factory); the titles
are :data:`ui.panel_titles.PANEL_TITLES`, which the window shows before the panels are imported.

The panels themselves live in :mod:`ui.panels`; the Lab (:mod:`ui.lab`) builds on them, so the list of
tabs that holds both sits above the two packages."""

from __future__ import annotations

from collections.abc import Callable

from ui.lab import LabPanel
from ui.panel_titles import PANEL_TITLES
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


PANELS: list[tuple[str, Callable[[], InspectionPanel]]] = list(zip(PANEL_TITLES, (
    KernelsPanel, FeatureMapsPanel, KernelRolesPanel, MisclassifiedPanel, ConfusionPanel, GradCamPanel,
    lab_panel,  # draw an input, see why the network decides
), strict=True))
