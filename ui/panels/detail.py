"""One test image looked at closely: its probabilities, a Grad-CAM overlay and its feature maps.

Shown beside the Misclassified and Confusion grids when the student clicks an image.
"""

from __future__ import annotations

import numpy as np
import torch
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.inspection import Subject, conv_layers, feature_rows, grad_cam, predictions
from cnnlab.inspection.mosaic import fit, gray, image_rgb, overlay, resize_nearest
from ui.i18n import class_names
from ui.panels.pictures import Row, captioned_grid, rows_of_maps
from ui.panels.widgets import WRONG, PictureView, ProbabilityChart

BIG = 140  # pixels of the image and its Grad-CAM overlay
MAP_CELL = 32  # pixels per feature map: a preview, the Feature maps tab has the full view
MAP_PER_LINE = 8  # maps per line in the preview: fits a 400-pixel pane
MAP_MAX = 16  # maps per layer in the preview
TARGETS = (QT_TRANSLATE_NOOP("ImageDetail", "predicted class"),  # English sources; the box shows translations
           QT_TRANSLATE_NOOP("ImageDetail", "true class"))


def caption(classes: tuple[str, ...], pred: int, true: int, confidence: float) -> str:
    """The lecture's mark for a test image: ``pred(true)`` when wrong, just ``pred`` when right."""
    name = classes[pred] if pred == true else f"{classes[pred]}({classes[true]})"
    return f"{name}\n{confidence:.0%}"


class ImageDetail(QWidget):
    """Everything about one test image of a subject; empty until :meth:`show_image` is called."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.subject: Subject | None = None
        self.index: int | None = None
        self.title = QLabel(self.tr("Click an image to look at it closely."))
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: bold")
        self.target_box = QComboBox()
        for target in TARGETS:
            self.target_box.addItem(self.tr(target), target)
        self.target_box.currentIndexChanged.connect(self._redraw)
        self.pictures = PictureView()
        self.chart = ProbabilityChart()
        self.chart.setVisible(False)
        self.maps = PictureView()
        self.target_row = QWidget()
        row = QHBoxLayout(self.target_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(self.tr("Grad-CAM for the")))
        row.addWidget(self.target_box)
        row.addStretch(1)
        self.target_row.setVisible(False)
        self.lab_button = QPushButton(self.tr("Open in Lab"))  # draw on it, take it apart in the Lab tab
        self.lab_button.setToolTip(self.tr("Show this image in the Lab tab"))
        self.lab_button.clicked.connect(self.open_in_lab)
        self.lab_button.setVisible(False)
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addWidget(self.lab_button)
        lay.addWidget(self.target_row)
        lay.addWidget(self.pictures)
        lay.addWidget(self.chart)
        lay.addWidget(self.maps)
        lay.addStretch(1)

    def clear(self) -> None:
        self.subject, self.index = None, None
        self.title.setText(self.tr("Click an image to look at it closely."))
        self.pictures.set_picture(None)
        self.maps.set_picture(None)
        self.chart.setVisible(False)
        self.target_row.setVisible(False)
        self.lab_button.setVisible(False)

    def show_image(self, subject: Subject, index: int) -> None:
        self.subject, self.index = subject, index
        self.lab_button.setVisible(True)
        self._redraw()

    def open_in_lab(self) -> None:
        from ui.panels.lab_bridge import open_in_lab

        if self.subject is not None and self.index is not None:
            open_in_lab(self.subject.test.x[self.index], self.tr("test image #{0}").format(self.index))

    def follow(self, subject: Subject) -> None:
        """Show the same image for a new subject (the next epoch), or clear when it no longer exists."""
        if self.index is not None and self.index < len(subject.test):
            self.show_image(subject, self.index)
        else:
            self.clear()

    def _redraw(self, *_args: object) -> None:
        s, i = self.subject, self.index
        if s is None or i is None:
            return
        p = predictions(s)
        pred, true, conf = int(p.pred[i]), int(p.true[i]), float(p.confidence[i])
        names = class_names(s.classes)
        verdict = self.tr("right") if pred == true else self.tr("wrong")
        self.title.setText(self.tr("Test image #{0}: predicted {1} ({2}), label {3} — {4}").format(
            i, names[pred], f"{conf:.0%}", names[true], verdict))
        self.chart.set_probabilities(p.probs[i], names, true)
        self.chart.setVisible(True)
        raw = s.test.x[i]  # (C, H, W) uint8
        rgb = image_rgb(raw.numpy())
        tiles, captions = [fit(rgb, BIG)], [f"#{i}\n{caption(names, pred, true, conf).replace(chr(10), ' ')}"]
        layers = conv_layers(s.model)
        self.target_row.setVisible(bool(layers))
        x = s.input_of(raw)
        if layers:
            target = pred if self.target_box.currentData() == TARGETS[0] else true
            cam = grad_cam(s.model, x, layers[-1], target)  # (H, W) in [0, 1]
            tiles.append(fit(overlay(rgb, cam), BIG))
            captions.append(self.tr("Grad-CAM of {0}\nfor {1}").format(layers[-1], names[target]))
            rows = [Row(r.name, [fit(gray(m), MAP_CELL) for m in r.maps[:MAP_MAX]], [], self._shape(r.maps))
                    for r in feature_rows(s.model, x)]
            self.maps.set_picture(rows_of_maps(rows, MAP_CELL, MAP_PER_LINE, gap=2))
        else:
            self.maps.set_picture(None)
        colors = [(30, 30, 30), WRONG if pred != true else (30, 30, 30)]
        self.pictures.set_picture(captioned_grid(tiles, BIG, cols=2, captions=captions, caption_colors=colors, gap=12,
                                            caption_lines=2))

    def _shape(self, maps: np.ndarray) -> str:
        c, h, w = maps.shape
        return f"{c}×{h}×{w}" + (self.tr(", {0} shown").format(MAP_MAX) if c > MAP_MAX else "")


def thumbnails(subject: Subject, indices: np.ndarray, cell: int) -> list[np.ndarray]:
    """Test images ``indices`` as RGB tiles enlarged (nearest) to ``cell`` pixels."""
    if len(indices) == 0:
        return []
    raw = subject.test.x[torch.as_tensor(indices)]  # (n, C, H, W) uint8
    h, w = raw.shape[2:]
    s = max(1, cell // max(h, w))
    return [resize_nearest(image_rgb(r), h * s, w * s) if max(h, w) * s <= cell else fit(image_rgb(r), cell)
            for r in raw.numpy()]
