"""Small layout and label helpers shared by the setup column and the panels."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLayout


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
