"""Small layout and label helpers shared by the setup column and the panels."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel, QLayout, QScrollArea, QWidget


def scrolling(widget: QWidget, *, top_left: bool = True) -> QScrollArea:
    """``widget`` inside a frameless scroll area that keeps its natural size (held at the top left, unless
    ``top_left`` is False: then it is laid out as the area's own layout would)."""
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    if top_left:
        from PySide6.QtCore import Qt  # here: the setup's first paint, which uses this module, needs none of it

        area.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return area


def clear_layout(layout: QLayout) -> None:
    """Take every item out of ``layout``; its widgets are deleted once control returns to the loop."""
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.hide()  # at once: until the loop deletes it, it would still draw over the new items
            widget.deleteLater()


def rich_label(object_name: str, *, links: bool = False) -> QLabel:
    """A word-wrapped rich-text label whose text can be selected (and whose links open, with ``links``)."""
    from PySide6.QtCore import Qt  # here: the setup's first paint, which uses this module, needs none of it

    label = QLabel()
    label.setObjectName(object_name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    if links:
        label.setOpenExternalLinks(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
    else:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def single_shot(parent: QObject, interval_ms: int, slot: Callable[[], object]) -> QTimer:
    """A stopped one-shot timer that calls ``slot`` ``interval_ms`` after each ``start()`` (a restart delays it)."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(interval_ms)
    timer.timeout.connect(slot)
    return timer
