"""Why Start is disabled, said beside it in the run tool bar: the whole sentence, word-wrapped.

While a reason shows, the progress bar and its line (idle then) give it their room, so at 1280 pixels a
sentence naming two data folders fits on two lines; the tool bar grows to the lines the sentence needs.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, QSize
from PySide6.QtGui import QAction, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QToolBar, QWidget, QWidgetAction


class WrappedLabel(QLabel):
    """A word-wrapped label whose size hint is as tall as its text needs at the width it was given: a tool
    bar sizes its items by their hints and never asks a label's height for its width."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        hint = super().sizeHint()
        return QSize(hint.width(), max(self.heightForWidth(max(1, self.width())), self.minimumSizeHint().height()))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # a new width: a new height for the text


class StartReason(QObject):
    """The reason label after the run buttons of ``toolbar``; ``show(reason)`` ("" hides it)."""

    def __init__(self, toolbar: QToolBar, after: QAction, making_room: Sequence[QWidget],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.label = WrappedLabel()
        self.label.setObjectName("startReason")
        actions = toolbar.actions()
        following = actions[actions.index(after) + 1] if actions.index(after) + 1 < len(actions) else None
        self.action = toolbar.insertWidget(following, self.label) if following else toolbar.addWidget(self.label)
        self.action.setVisible(False)
        # the actions holding those widgets (read from the widget actions: asking the tool bar for a separator's
        # widget costs the first paint a noticeable time)
        self._room = [a for a in actions if isinstance(a, QWidgetAction) and a.defaultWidget() in making_room]
        self._polished = False  # the label has been styled: a change of its "waiting" look restyles it

    def after_first_paint(self) -> None:
        """The label's details, set once the window is drawn (naming any of Qt's flags makes PySide6 build
        their enums, 15 ms the first paint does without): the reason is plain text, and can be selected."""
        from PySide6.QtCore import Qt

        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._polished = True

    def text(self) -> str:
        return self.label.text() if self.action.isVisible() else ""

    def show(self, reason: str, *, waiting: bool = False) -> None:
        """``reason`` ("" hides it); ``waiting``: Start only waits for something that is coming (the window's
        parts), so the reason is not shown as a problem."""
        if bool(self.label.property("waiting")) != waiting:
            self.label.setProperty("waiting", waiting)  # styled by the stylesheet's QLabel#startReason[waiting]
            if self._polished:  # before the first paint the label is styled with it anyway
                self.label.style().unpolish(self.label)
                self.label.style().polish(self.label)
        self.label.setText(reason)
        self.label.setToolTip(reason)
        self.label.updateGeometry()
        self.action.setVisible(bool(reason))
        for action in self._room:
            action.setVisible(not reason)
