"""Grad-CAM tab: where in the image a chosen layer found evidence for a chosen class.

Pick a test image or any image file, a layer (conv, ReLU or pool) and a target class; the map is
drawn next to the image and over it, then once per class so the student can compare. The layer
offered first is :func:`cnnlab.inspection.default_cam_layer`'s, and a note under the controls says
when and why a map misleads (coarse maps of a small layer, negative evidence zeroed by the ReLU).
The pictures shrink to the visible width, so nothing is cut off at 1280×800.
"""

from __future__ import annotations

import hashlib

import numpy as np
import torch
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSlider, QSplitter, QVBoxLayout, QWidget

from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.inspection import Subject, default_cam_layer, grad_cam, grad_cams, layer_sizes, map_layers
from cnnlab.inspection.gradcam import MIN_CAM_SIDE
from cnnlab.inspection.mosaic import colorize, fit, image_rgb, overlay
from ui.i18n import class_names, core_message
from ui.panels.base import InspectionPanel
from ui.panels.pictures import captioned_grid
from ui.panels.widgets import ImageChooser, PictureView, ProbabilityChart
from ui.widgets.layout import scrolling

BIG = 220  # pixels of the image, the map and the overlay, at most
MIN_BIG = 110  # pixels: the smallest they shrink to in a narrow window (28×28 at ~4×)
BIG_GAP = 14  # pixels between the three big pictures
SMALL = 96  # pixels of each per-class overlay
SMALL_GAP = 8
MAX_CLASS_MAPS = 12  # per-class overlays drawn (one backward pass each)
CLASS_COLUMNS = 7  # per-class overlays per line at most; fewer when the visible width holds fewer
PREDICTED = QT_TRANSLATE_NOOP("GradCamPanel", "predicted class")  # the class box's first entry, translated
SIDE_WIDTH = 340  # pixels at most for the probability chart beside the pictures
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
        self.chooser.spin.valueChanged.connect(self.imageChosen)  # a test image by number: the app model's too
        self.layer_box, self.target_box = QComboBox(), QComboBox()
        self.alpha = QSlider(Qt.Orientation.Horizontal)
        self.alpha.setRange(0, 100)
        self.alpha.setValue(45)  # heat map a little under half: the image stays readable
        self.alpha.setMaximumWidth(140)
        controls = QHBoxLayout()
        for w in (QLabel(self.tr("layer:")), self.layer_box, QLabel(self.tr("class:")), self.target_box,
                  QLabel(self.tr("map opacity:")),
                  self.alpha):
            controls.addWidget(w)
        controls.addStretch(1)
        self.note = QLabel()  # when and why Grad-CAM misleads, for the layer shown
        self.note.setObjectName("hint")
        self.note.setWordWrap(True)
        self.status = QLabel()  # why a layer cannot be shown (e.g. an auxiliary head unused in eval mode)
        self.status.setStyleSheet("color: #b00020")
        self.status.hide()
        self.view = PictureView()
        self.classes_view = PictureView()
        self.chart = ProbabilityChart()
        self.chart.max_width = SIDE_WIDTH - 24  # the side column's margins: the percentages stay in view
        left = QWidget()
        left_lay = QVBoxLayout(left)
        left_lay.addWidget(self.view)
        every = QLabel(self.tr("The same layer's Grad-CAM for every class (probability in brackets):"))
        every.setWordWrap(True)
        left_lay.addWidget(every)
        left_lay.addWidget(self.classes_view)
        left_lay.addStretch(1)
        side = QWidget()
        side_lay = QVBoxLayout(side)
        side_lay.addWidget(QLabel(self.tr("Output probabilities")))
        side_lay.addWidget(self.chart)
        side_lay.addStretch(1)
        side.setMaximumWidth(SIDE_WIDTH)  # the pictures get the rest of the width
        split = QSplitter()
        self.left_area = scrolling(left)
        self.left_area.viewport().installEventFilter(self)  # the pictures follow the visible width
        split.addWidget(self.left_area)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([600, 240])
        lay = QVBoxLayout(self.content)
        lay.addWidget(self.header)
        lay.addWidget(self.chooser)
        lay.addLayout(controls)
        lay.addWidget(self.note)
        lay.addWidget(self.status)
        lay.addWidget(split, 1)
        self.chooser.changed.connect(self._redraw)
        self.layer_box.currentIndexChanged.connect(self._redraw)
        self.target_box.currentIndexChanged.connect(self._redraw)
        self.alpha.valueChanged.connect(self._redraw)
        self.cam: np.ndarray | None = None
        self._cams: dict[CamKey, Cams] = {}  # the maps of this subject: opacity only re-blends them
        self._sizes: dict[str, tuple[int, int]] = {}  # conv layers' map sizes for this architecture
        self._sizes_key: tuple[tuple[str, ...], tuple[int, int, int]] | None = None
        self._default_layer = ""
        self._big_used = BIG

    def set_subject(self, subject: Subject | None) -> None:
        self._cams.clear()  # new weights: new maps
        super().set_subject(subject)

    def inspect(self, image: int) -> None:
        self.chooser.choose(image)

    def draw(self, subject: Subject) -> None:
        self.chooser.set_subject(subject)
        layers = map_layers(subject.model)
        key = (tuple(layers), subject.meta.input_shape)
        if key != self._sizes_key:  # a new architecture or input: its map sizes and best layer
            self._sizes_key = key
            self._sizes = layer_sizes(subject.model, subject.meta.input_shape)
            self._default_layer = default_cam_layer(subject.model, subject.meta.input_shape) or layers[-1]
        for box, items, default in ((self.layer_box, layers, self._default_layer),
                                    (self.target_box, [self.tr(PREDICTED), *class_names(subject.classes)],
                                     self.tr(PREDICTED))):
            previous = box.currentText()
            box.blockSignals(True)
            box.clear()
            box.addItems(items)
            box.setCurrentText(previous if previous in items else default)
            box.blockSignals(False)
        self.header.setText(self.tr("Grad-CAM of {0}: red = where the layer found evidence for the class").format(
            self.title(subject)))
        self._draw_now(subject)

    def layer_note(self, layer: str) -> str:
        """One or two sentences on when and why the map of ``layer`` misleads."""
        default = self._default_layer
        size = self._sizes.get(layer)
        best = self._sizes.get(default)
        text = self.tr("Grad-CAM keeps only positive evidence (a ReLU on the weighted maps), and a small late layer "
                       "gives coarse blobs: a map may sit on the background next to the shape, and a class "
                       "recognised by what is absent (a circle has no corners) may get a blank map while wrong "
                       "classes show heat.")
        if best is not None:
            text += " " + self.tr("{0} ({1}×{2} maps) is offered first: the last conv layer with maps of at least "
                                  "{3}×{3}.").format(default, best[0], best[1], MIN_CAM_SIDE)
        if size is not None and min(size) < MIN_CAM_SIDE:
            text += " " + self.tr("{0} has only {1}×{2} maps: read its map as a rough region.").format(
                layer, size[0], size[1])
        return text

    def big_side(self) -> int:
        """Pixels of the three big pictures: as large as the visible width lets three fit, BIG at most."""
        width = self.left_area.viewport().width() - 20  # the layout's margins
        if width < 100:  # not laid out yet
            return BIG
        return max(MIN_BIG, min(BIG, (width - 3 * BIG_GAP) // 3))

    def class_columns(self) -> int:
        width = self.left_area.viewport().width() - 20
        return CLASS_COLUMNS if width < 100 else max(1, min(CLASS_COLUMNS, width // (SMALL + SMALL_GAP)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.left_area.viewport() and event.type() == QEvent.Type.Resize and not self._dirty
                and self.subject is not None and self.isVisible() and not self.showing_message()
                and self.big_side() != self._big_used):
            self._draw_now(self.subject)
        return super().eventFilter(watched, event)

    def _redraw(self, *_args: object) -> None:
        self.redraw(self._draw_now)

    def _draw_now(self, subject: Subject) -> None:
        if self.chooser.subject is not subject:  # never an image of the last subject into a new model
            self.chooser.set_subject(subject)
        got = self.chooser.image()
        if got is None or not self.layer_box.currentText():
            return
        raw, label, title = got
        layer = self.layer_box.currentText()
        self.note.setText(self.layer_note(layer))
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
        cams, probs, self.cam, target = found
        if self.cam.any():
            self.status.clear()
            self.status.hide()
        else:  # say why the map is blank, not only that it is
            self.status.setText(self.tr("No positive evidence for {0} at {1}: after the ReLU every location is "
                                        "zero, because this layer's maps lower the class score or the class is "
                                        "recognised by what is absent. Try an earlier layer.").format(
                class_names(subject.classes)[target], layer))
            self.status.show()
        alpha = self.alpha.value() / 100
        rgb = image_rgb(raw.numpy())
        big = self._big_used = self.big_side()
        tiles = [fit(rgb, big), fit(colorize(self.cam, HEAT_CMAP, 0.0, 1.0), big),
                 fit(overlay(rgb, self.cam, HEAT_CMAP, alpha), big)]
        nothing = "\n" + self.tr("(all zero)") if not self.cam.any() else ""  # the second caption line
        captions = [title, self.tr("Grad-CAM of {0}{1}").format(layer, nothing),
                    self.tr("for class {0} ({1})").format(class_names(subject.classes)[target], f"{probs[target]:.0%}")]
        self.view.set_picture(captioned_grid(tiles, big, 3, captions, gap=BIG_GAP, caption_lines=2))
        per_class = [fit(overlay(rgb, cams[c], HEAT_CMAP, alpha), SMALL) for c in range(k)]
        names = [f"{class_names(subject.classes)[c]} ({probs[c]:.0%})" for c in range(k)]
        self.classes_view.set_picture(captioned_grid(per_class, SMALL, self.class_columns(), names,
                                                     gap=SMALL_GAP))
        self.chart.set_probabilities(probs, class_names(subject.classes), label)

    def _compute(self, subject: Subject, raw: torch.Tensor, layer: str, k: int) -> Cams:
        """The backward passes for one image, layer and class choice; a sentence when the layer cannot."""
        x = subject.input_of(raw)  # (C, H, W) float
        try:
            cams, probs = grad_cams(subject.model, x, layer, list(range(k)))  # every class in one batched pass
        except ValueError as e:
            return f"{core_message(str(e))} " + self.tr("Choose another layer.")
        pred = int(probs.argmax())
        target = pred if self.target_box.currentIndex() <= 0 else self.target_box.currentIndex() - 1
        if target < k:
            cam = cams[target]
        else:  # a class beyond the strip: one more pass
            cam = grad_cam(subject.model, x, layer, target)
        return cams, probs, cam, target
