"""What every inspection panel shares: the typed panel API, lazy drawing, the bold header and a
one-sentence message instead of content.

``set_subject`` only remembers the subject; the panel draws when it is visible (``showEvent``) and
the subject changed since it last drew, so training is never slowed by tabs nobody looks at.

The window talks to its tabs through :class:`Panel` (``set_subject``) and, where a tab has slow work
to do first, :class:`PreparingPanel` (``prepare``, run on a worker thread). :class:`InspectionPanel`
implements both; its ``prepare`` does nothing unless a subclass has Qt-free work to do ahead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QStackedLayout, QWidget

from cnnlab.errors import UserError
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.inspection import Subject, conv_layers
from ui.i18n import core_message, dataset_label

NO_SUBJECT = QT_TRANSLATE_NOOP("InspectionPanel", "Train a model or open a run to see this.")  # translated when shown


@runtime_checkable
class Panel(Protocol):
    """A tab of the window that shows a :class:`Subject` (None: nothing trained or opened yet)."""

    def set_subject(self, subject: Subject | None) -> None: ...


@runtime_checkable
class PreparingPanel(Panel, Protocol):
    """A panel with slow, Qt-free work the window runs on a worker thread before ``set_subject``."""

    def prepare(self, subject: Subject) -> object: ...


class InspectionPanel(QWidget):
    """A tab that draws what a :class:`Subject` shows; subclasses implement :meth:`draw`.

    ``self.header`` is the bold title line, ``self.content`` the widget to lay the panel out in.
    """

    needs_conv = False  # True: a dense-only model gets a message instead of :meth:`draw`
    imageChosen = Signal(int)  # the student chose test image n here: the app model's inspected image


    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.subject: Subject | None = None
        self._dirty = False
        self.draws = 0  # how many times the panel drew (lazy drawing is tested with it)
        self.header = QLabel()
        self.header.setStyleSheet("font-weight: bold")
        self.header.setWordWrap(True)  # a long title wraps: it must never widen the window
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #555; font-size: 14px; padding: 24px")
        self.content = QWidget()
        self._stack = QStackedLayout(self)
        self._stack.setContentsMargins(0, 0, 0, 0)
        self._stack.addWidget(self.message)
        self._stack.addWidget(self.content)
        self.show_message(self.tr(NO_SUBJECT))

    # -- the window's contract -------------------------------------------------------------
    def set_subject(self, subject: Subject | None) -> None:
        """Remember ``subject``; draw now if visible, else when the panel is next shown."""
        self.subject = subject
        self._dirty = True
        if self.isVisible():
            self.refresh()

    def prepare(self, subject: Subject) -> object:
        """The slow, Qt-free part of :meth:`draw`, results kept in ``subject.cache``. The window calls
        it on a worker thread for the panels in view before handing them a new subject. Nothing here."""
        return None

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def inspect(self, image: int) -> None:
        """Look at test image ``image`` where this panel has an image of its own (the app model's choice)."""
        del image  # a panel without an image of its own has nothing to follow

    # -- drawing ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """Draw the current subject now (or the message that stands for it)."""
        self._dirty = False
        s = self.subject
        if s is None:
            self.show_message(self.tr(NO_SUBJECT))
            return
        if self.needs_conv and not conv_layers(s.model):
            self.show_message(self.tr("{0} has no convolution layers: it sees the image as one long vector of "
                                      "pixels, so there are no kernels or feature maps to show. Compare it with a "
                                      "CNN on the same data in the Misclassified and Confusion tabs.").format(
                                          s.meta.model))
            return
        try:
            self.draw(s)
        except UserError as e:
            self.show_message(core_message(str(e)))
            return
        self.draws += 1
        self._stack.setCurrentWidget(self.content)

    def redraw(self, part: Callable[[Subject], object]) -> None:
        """A control changed: redo ``part`` of the drawing now if the panel shows its content, else
        draw it all when next shown."""
        if self._dirty and self.isVisible():  # a new subject not drawn yet: all of it, not a part
            self.refresh()
        elif self.subject is not None and self.isVisible() and not self.showing_message():
            part(self.subject)
        else:
            self._dirty = True

    def draw(self, subject: Subject) -> None:
        raise NotImplementedError

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self._stack.setCurrentWidget(self.message)

    def showing_message(self) -> bool:
        return self._stack.currentWidget() is self.message

    def header_row(self, *controls: tuple[str, QWidget]) -> QHBoxLayout:
        """The top row: the header on the left, then each control after its label on the right."""
        row = QHBoxLayout()
        row.addWidget(self.header)
        row.addStretch(1)
        for label, control in controls:
            row.addWidget(QLabel(label))
            row.addWidget(control)
        return row

    def title(self, subject: Subject) -> str:
        """"shape-cnn on shapes, epoch 3" for the panel headers."""
        dataset = dataset_label(subject.meta.dataset)
        if subject.epoch:
            return self.tr("{0} on {1}, epoch {2}").format(subject.meta.model, dataset, subject.epoch)
        return self.tr("{0} on {1}").format(subject.meta.model, dataset)


class LayerPanel(InspectionPanel):
    """A panel that shows one convolution layer (or all) at a time, chosen in the header row's
    "Layer:" box; subclasses lay out ``self.top`` and implement :meth:`_on_layer`."""

    needs_conv = True

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layer_box = QComboBox()
        self.layer_box.currentIndexChanged.connect(self._on_layer)
        self.top = self.header_row((self.tr("Layer:"), self.layer_box))

    def _on_layer(self, _index: int) -> None:
        raise NotImplementedError

    def fill_layers(self, items: list[str], default: int = 0) -> None:
        """Offer ``items``, keeping the current choice when it is still offered, else item ``default``."""
        previous = self.layer_box.currentText()
        self.layer_box.blockSignals(True)
        self.layer_box.clear()
        self.layer_box.addItems(items)
        if previous in items:
            self.layer_box.setCurrentText(previous)
        else:
            self.layer_box.setCurrentIndex(default)
        self.layer_box.blockSignals(False)
