"""Inspection panels shown as tabs of the main window, in this order.

Each entry is (tab title, factory). A panel is a QWidget with
``set_subject(subject: cnnlab.inspection.Subject | None) -> None``; the window calls it after
every epoch end (with a copy of the weights) and when a run is opened. Panels compute lazily:
only when visible and only when the subject changed.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QWidget

PANELS: list[tuple[str, Callable[[], QWidget]]] = []
