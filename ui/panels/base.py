"""What every inspection panel shares: lazy drawing and a one-sentence message instead of content.

``set_subject`` only remembers the subject; the panel draws when it is visible (``showEvent``) and
the subject changed since it last drew, so training is never slowed by tabs nobody looks at.
"""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QStackedLayout, QWidget

from cnnlab.errors import UserError
from cnnlab.inspection import Subject, conv_layers

NO_SUBJECT = "Train a model or open a run to see this."


class InspectionPanel(QWidget):
    """A tab that draws what a :class:`Subject` shows; subclasses implement :meth:`draw`."""

    needs_conv = False  # True: a dense-only model gets a message instead of :meth:`draw`

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.subject: Subject | None = None
        self._dirty = False
        self.draws = 0  # how many times the panel drew (lazy drawing is tested with it)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #555; font-size: 14px; padding: 24px")
        self.content = QWidget()
        self._stack = QStackedLayout(self)
        self._stack.setContentsMargins(0, 0, 0, 0)
        self._stack.addWidget(self.message)
        self._stack.addWidget(self.content)
        self.show_message(NO_SUBJECT)

    # -- the window's contract -------------------------------------------------------------
    def set_subject(self, subject: Subject | None) -> None:
        """Remember ``subject``; draw now if visible, else when the panel is next shown."""
        self.subject = subject
        self._dirty = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt naming)
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    # -- drawing ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """Draw the current subject now (or the message that stands for it)."""
        self._dirty = False
        s = self.subject
        if s is None:
            self.show_message(NO_SUBJECT)
            return
        if self.needs_conv and not conv_layers(s.model):
            self.show_message(f"{s.meta.model} has no convolution layers: it sees the image as one long vector "
                              "of pixels, so there are no kernels or feature maps to show. Compare it with a CNN "
                              "on the same data in the Misclassified and Confusion tabs.")
            return
        try:
            self.draw(s)
        except UserError as e:
            self.show_message(str(e))
            return
        self.draws += 1
        self._stack.setCurrentWidget(self.content)

    def prepare(self, subject: Subject) -> None:
        """The slow, Qt-free part of :meth:`draw`, results kept in ``subject.cache``. The window calls
        it on a worker thread for the panels in view before handing them a new subject."""

    def draw(self, subject: Subject) -> None:
        raise NotImplementedError

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self._stack.setCurrentWidget(self.message)

    def showing_message(self) -> bool:
        return self._stack.currentWidget() is self.message

    def title(self, subject: Subject) -> str:
        """"shape-cnn on shapes, epoch 3" for the panel headers."""
        epoch = f", epoch {subject.epoch}" if subject.epoch else ""
        return f"{subject.meta.model} on {subject.meta.dataset}{epoch}"
