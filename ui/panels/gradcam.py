"""Grad-CAM tab: where in the image a chosen layer found evidence for a chosen class.

Pick a test image or any image file, a layer (conv, ReLU or pool) and a target class; the map is
drawn next to the image and over it, then once per class so the student can compare.
"""

from __future__ import annotations

import hashlib

import numpy as np
import torch
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSlider, QSplitter, QVBoxLayout, QWidget

from cnnlab.inspection import Subject, conv_layers, grad_cam, grad_cams, map_layers
from cnnlab.inspection.mosaic import colorize, fit, image_rgb, overlay
from ui.panels.base import InspectionPanel
from ui.panels.pictures import captioned_grid
from ui.panels.widgets import ImageChooser, PictureView, ProbabilityChart, scrolling

BIG = 220  # pixels of the image, the map and the overlay
SMALL = 96  # pixels of each per-class overlay
MAX_CLASS_MAPS = 12  # per-class overlays drawn (one backward pass each)
CLASS_COLUMNS = 7  # per-class overlays per line: fits beside the probability chart
PREDICTED = "predicted class"
HEAT_CMAP = "jet"  # the colour map Grad-CAM figures use: hot = strong evidence

CamKey = tuple[bytes, str, int]  # (image digest, layer, index in the class box)
Cams = tuple[np.ndarray, np.ndarray, np.ndarray, int] | str  # (per-class maps, probs, map, target) or the error


def image_key(raw: torch.Tensor) -> bytes:
    """A short digest of one uint8 image: the same pixels, the same key (test image or file)."""
    return hashlib.blake2b(raw.numpy().tobytes(), digest_size=16, person=str(tuple(raw.shape)).encode()[:16]).digest()


class GradCamPanel(InspectionPanel):
    needs_conv = True

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chooser = ImageChooser()
        self.layer_box, self.target_box = QComboBox(), QComboBox()
        self.alpha = QSlider(Qt.Orientation.Horizontal)
        self.alpha.setRange(0, 100)
        self.alpha.setValue(45)  # heat map a little under half: the image stays readable
        self.alpha.setMaximumWidth(140)
        controls = QHBoxLayout()
        for w in (QLabel("layer:"), self.layer_box, QLabel("class:"), self.target_box, QLabel("map opacity:"),
                  self.alpha):
            controls.addWidget(w)
        controls.addStretch(1)
        self.status = QLabel()  # why a layer cannot be shown (e.g. an auxiliary head unused in eval mode)
        self.status.setStyleSheet("color: #b00020")
        self.status.hide()
        self.view = PictureView()
        self.classes_view = PictureView()
        self.chart = ProbabilityChart()
        left = QWidget()
        left_lay = QVBoxLayout(left)
        left_lay.addWidget(self.view)
        left_lay.addWidget(QLabel("The same layer's Grad-CAM for every class (probability in brackets):"))
        left_lay.addWidget(self.classes_view)
        left_lay.addStretch(1)
        side = QWidget()
        side_lay = QVBoxLayout(side)
        side_lay.addWidget(QLabel("Output probabilities"))
        side_lay.addWidget(self.chart)
        side_lay.addStretch(1)
        split = QSplitter()
        split.addWidget(scrolling(left))
        split.addWidget(side)
        split.setSizes([880, 320])
        lay = QVBoxLayout(self.content)
        lay.addWidget(self.header)
        lay.addWidget(self.chooser)
        lay.addLayout(controls)
        lay.addWidget(self.status)
        lay.addWidget(split, 1)
        self.chooser.changed.connect(self._redraw)
        self.layer_box.currentIndexChanged.connect(self._redraw)
        self.target_box.currentIndexChanged.connect(self._redraw)
        self.alpha.valueChanged.connect(self._redraw)
        self.cam: np.ndarray | None = None
        self._cams: dict[CamKey, Cams] = {}  # the maps of this subject: opacity only re-blends them

    def set_subject(self, subject: Subject | None) -> None:
        self._cams.clear()  # new weights: new maps
        super().set_subject(subject)

    def draw(self, subject: Subject) -> None:
        self.chooser.set_subject(subject)
        layers = map_layers(subject.model)
        last_conv = conv_layers(subject.model)[-1]
        for box, items, default in ((self.layer_box, layers, last_conv),
                                    (self.target_box, [PREDICTED, *subject.classes], PREDICTED)):
            previous = box.currentText()
            box.blockSignals(True)
            box.clear()
            box.addItems(items)
            box.setCurrentText(previous if previous in items else default)
            box.blockSignals(False)
        self.header.setText(f"Grad-CAM of {self.title(subject)}: red = where the layer found evidence for the class")
        self._draw_now(subject)

    def _redraw(self, *_args: object) -> None:
        self.redraw(self._draw_now)

    def _draw_now(self, subject: Subject) -> None:
        got = self.chooser.image()
        if got is None or not self.layer_box.currentText():
            return
        raw, label, title = got
        layer = self.layer_box.currentText()
        k = min(len(subject.classes), MAX_CLASS_MAPS)
        key = (image_key(raw), layer, self.target_box.currentIndex())
        found = self._cams.get(key)
        if found is None:
            found = self._cams[key] = self._compute(subject, raw, layer, k)
        if isinstance(found, str):
            self.status.setText(found)
            self.status.show()
            self.cam = None
            self.view.set_picture(None)
            self.classes_view.set_picture(None)
            return
        self.status.clear()
        self.status.hide()
        cams, probs, self.cam, target = found
        alpha = self.alpha.value() / 100
        rgb = image_rgb(raw.numpy())
        tiles = [fit(rgb, BIG), fit(colorize(self.cam, HEAT_CMAP, 0.0, 1.0), BIG),
                 fit(overlay(rgb, self.cam, HEAT_CMAP, alpha), BIG)]
        nothing = "  (no evidence: all zero)" if not self.cam.any() else ""
        captions = [title, f"Grad-CAM of {layer}{nothing}",
                    f"for class {subject.classes[target]} ({probs[target]:.0%})"]
        self.view.set_picture(captioned_grid(tiles, BIG, 3, captions, gap=14))
        per_class = [fit(overlay(rgb, cams[c], HEAT_CMAP, alpha), SMALL) for c in range(k)]
        names = [f"{subject.classes[c]} ({probs[c]:.0%})" for c in range(k)]
        self.classes_view.set_picture(captioned_grid(per_class, SMALL, CLASS_COLUMNS, names, gap=8))
        self.chart.set_probabilities(probs, subject.classes, label)

    def _compute(self, subject: Subject, raw: torch.Tensor, layer: str, k: int) -> Cams:
        """The backward passes for one image, layer and class choice; a sentence when the layer cannot."""
        x = subject.input_of(raw)  # (C, H, W) float
        try:
            cams, probs = grad_cams(subject.model, x, layer, list(range(k)))  # every class in one batched pass
        except ValueError as e:
            return f"{e} Choose another layer."
        pred = int(probs.argmax())
        target = pred if self.target_box.currentText() == PREDICTED else self.target_box.currentIndex() - 1
        if target < k:
            cam = cams[target]
        else:  # a class beyond the strip: one more pass
            cam = grad_cam(subject.model, x, layer, target)
        return cams, probs, cam, target
