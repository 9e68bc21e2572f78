"""Inspection panels shown as tabs of the main window (their order: :mod:`ui.panel_tabs`).

A panel is an :class:`~ui.panels.base.InspectionPanel`:
``set_subject(subject: cnnlab.inspection.Subject | None) -> None``, which the window calls after
every epoch end (with a copy of the weights) and when a run is opened, and ``prepare(subject)``,
the slow Qt-free work the window runs on a worker thread first. Panels compute lazily: only when
visible and only when the subject changed.
"""

from __future__ import annotations

from ui.panels.base import InspectionPanel, Panel, PreparingPanel
from ui.panels.confusion import ConfusionPanel
from ui.panels.feature_maps import FeatureMapsPanel
from ui.panels.gradcam import GradCamPanel
from ui.panels.kernels import KernelsPanel
from ui.panels.misclassified import MisclassifiedPanel
from ui.panels.roles import KernelRolesPanel

__all__ = ["ConfusionPanel", "FeatureMapsPanel", "GradCamPanel", "InspectionPanel", "KernelRolesPanel",
           "KernelsPanel", "MisclassifiedPanel", "Panel", "PreparingPanel"]
