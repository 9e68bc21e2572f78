"""The design's own fields above the layer table: its name, its input (channels, height, width) and its
number of classes. Each change is handed to ``changed(field, design)``; ``fill(design)`` fills them without
reporting anything back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QSpinBox, QWidget

from cnnlab.design.spec import Design

LARGEST_SIDE = 4096  # pixels: far past any image the lab trains on
LARGEST_CHANNELS = 64  # image channels: gray, colour, a few more for stacked inputs
LARGEST_CLASSES = 100_000  # more than ImageNet's 1,000 many times over
NAME_WIDTH = 160  # pixels for the name: "color-shape-cnn" fits


class DesignHeader(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.design: Design | None = None
        self.changed: Callable[[str, Design], None] = lambda _field, _design: None  # set by the view
        self.name = QLineEdit()
        self.name.setFixedWidth(NAME_WIDTH)
        self.name.setToolTip(self.tr("The design's name: its runs are named after it"))
        self.channels, self.height_box, self.width_box = (self._spin(1, LARGEST_CHANNELS), self._spin(1, LARGEST_SIDE),
                                                          self._spin(1, LARGEST_SIDE))
        self.classes = self._spin(2, LARGEST_CLASSES)
        self.channels.setToolTip(self.tr("Channels of an input image: 1 for gray, 3 for colour"))
        self.height_box.setToolTip(self.tr("Height of an input image in pixels"))
        self.width_box.setToolTip(self.tr("Width of an input image in pixels"))
        self.classes.setToolTip(self.tr("Classes the network tells apart: the outputs of its last layer"))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(self.tr("Name")))
        row.addWidget(self.name)
        row.addSpacing(12)
        row.addWidget(QLabel(self.tr("Input C×H×W")))
        for i, box in enumerate((self.channels, self.height_box, self.width_box)):
            if i:
                row.addWidget(QLabel("×"))
            row.addWidget(box)
        row.addSpacing(12)
        row.addWidget(QLabel(self.tr("Classes")))
        row.addWidget(self.classes)
        row.addStretch(1)
        self.name.textEdited.connect(self._name_edited)
        for box in (self.channels, self.height_box, self.width_box):
            box.valueChanged.connect(self._input_changed)
        self.classes.valueChanged.connect(self._classes_changed)

    @staticmethod
    def _spin(least: int, most: int) -> QSpinBox:
        box = QSpinBox()
        box.setRange(least, most)
        return box

    def fill(self, design: Design) -> None:
        self.design = design
        blockers = [QSignalBlocker(w) for w in (self.name, self.channels, self.height_box, self.width_box,
                                                self.classes)]
        if self.name.text().strip() != design.name:
            self.name.setText(design.name)
        c, h, w = design.input
        self.channels.setValue(c)
        self.height_box.setValue(h)
        self.width_box.setValue(w)
        self.classes.setValue(design.classes)
        del blockers

    def _name_edited(self, text: str) -> None:
        if self.design is not None and text.strip() and text.strip() != self.design.name:
            self.changed("name", replace(self.design, name=text.strip()))

    def _input_changed(self) -> None:
        shape = (self.channels.value(), self.height_box.value(), self.width_box.value())
        if self.design is not None and shape != self.design.input:
            self.changed("input", replace(self.design, input=shape))

    def _classes_changed(self) -> None:
        if self.design is not None and self.classes.value() != self.design.classes:
            self.changed("classes", replace(self.design, classes=self.classes.value()))
