"""ZFNet's top images in the Lab: the nine test images that most activate a chosen kernel; click one
to open it in the Lab."""

from __future__ import annotations

import torch
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from cnnlab.inspection import Subject, conv_layers
from cnnlab.inspection.mosaic import fit, image_rgb
from cnnlab.inspection.top_activations import TopActivations, top_activations
from ui.i18n import class_names
from ui.panels.pictures import captioned_grid
from ui.panels.widgets import PictureView

CELL = 96  # pixels per image: a 28×28 image at about 3.4×


class TopView(QWidget):
    imageChosen = Signal(object, str)  # uint8 (C, H, W), title

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layer = QComboBox()
        self.kernel = QSpinBox()
        self.kernel.setPrefix(self.tr("kernel "))
        self.layer.currentIndexChanged.connect(self._redraw)
        self.kernel.valueChanged.connect(self._redraw)
        controls = QHBoxLayout()
        for w in (QLabel(self.tr("layer:")), self.layer, self.kernel):
            controls.addWidget(w)
        controls.addStretch(1)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.grid = PictureView()
        self.grid.cellClicked.connect(self._on_click)
        lay = QVBoxLayout(self)
        lay.addLayout(controls)
        lay.addWidget(self.title)
        lay.addWidget(self.grid)
        lay.addStretch(1)
        self.top: TopActivations | None = None
        self._subject: Subject | None = None
        self._layers: list[str] = []

    def _redraw(self, *_args: object) -> None:
        if self._subject is not None:
            self.show_subject(self._subject)

    def show_subject(self, subject: Subject) -> None:
        """The top nine of the chosen kernel, among the test images of ``subject`` (the model in use)."""
        self._subject = subject
        layers = conv_layers(subject.model)
        if layers != self._layers:
            self._layers = layers
            self.layer.blockSignals(True)
            self.layer.clear()
            self.layer.addItems(layers)
            self.layer.blockSignals(False)
        layer = self.layer.currentText()
        if not layer or len(subject.test) == 0:
            self.grid.set_picture(None)
            return
        conv = dict(subject.model.named_modules())[layer]
        self.kernel.blockSignals(True)
        self.kernel.setRange(1, int(conv.out_channels))
        self.kernel.blockSignals(False)
        top = self.top = top_activations(subject, layer, self.kernel.value() - 1)
        names = class_names(subject.classes)
        x = subject.test.x[torch.as_tensor(top.indices)]
        tiles = [fit(image_rgb(img), CELL) for img in x.numpy()]
        captions = [f"#{i} {names[int(subject.test.y[i])]}\n{v:.3g}" for i, v in zip(top.indices, top.values,
                                                                                      strict=True)]
        self.title.setText(self.tr("The {0} test images whose map of kernel {1} in {2} peaks highest (peak value "
                                   "under each); click one to open it in the Lab.").format(
            len(tiles), self.kernel.value(), layer))
        self.grid.set_picture(captioned_grid(tiles, CELL, 3, captions, caption_lines=2))

    def _on_click(self, cell: int) -> None:
        s, top = self._subject, self.top
        if s is not None and top is not None and 0 <= cell < len(top.indices):
            i = int(top.indices[cell])
            self.imageChosen.emit(s.test.x[i], self.tr("test image #{0}").format(i))
