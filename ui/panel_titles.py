"""The inspection tabs' titles, in the lecture's order (their panels: :data:`ui.panel_tabs.PANELS`).

Plain strings, so the window reserves a tab for each before the panels (torch) are imported."""

from __future__ import annotations

from cnnlab.i18n import QT_TRANSLATE_NOOP

PANEL_TITLES = (  # English sources, translated as tab titles (context "Panels")
    QT_TRANSLATE_NOOP("Panels", "Kernels"),
    QT_TRANSLATE_NOOP("Panels", "Feature maps"),
    QT_TRANSLATE_NOOP("Panels", "Kernel roles"),
    QT_TRANSLATE_NOOP("Panels", "Misclassified"),
    QT_TRANSLATE_NOOP("Panels", "Confusion"),
    QT_TRANSLATE_NOOP("Panels", "Grad-CAM"),
    QT_TRANSLATE_NOOP("Panels", "Lab"),  # draw an input, see why the network decides
)
