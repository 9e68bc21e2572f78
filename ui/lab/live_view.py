"""The Lab's live view: the probabilities, the chosen attribution map and every layer's feature maps,
redrawn after each stroke."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from cnnlab.inspection.attribution import METHODS, OCCLUSION_PATCH, OCCLUSION_STRIDE
from cnnlab.inspection.mosaic import fit
from ui.i18n import class_names, core_message
from ui.lab.state import LabState, heat_tiles
from ui.panels.pictures import Row, captioned_grid, rows_of_maps
from ui.panels.widgets import PictureView, ProbabilityChart

BIG = 120  # pixels of the input, the map and the overlay: the three fit beside the input column at 1280×800
MAP_CELL = 40  # pixels per feature map: eight a line fit beside the input column at 1280×800
MAP_PER_LINE = 8  # maps per line before a layer wraps: a row fits beside the input column at 1280×800
MAP_MAX = 16  # maps drawn per layer while drawing: the Feature maps tab shows them all


def method_title(method: str) -> str:
    return QCoreApplication.translate("Attribution", METHODS[method].title)


def method_note(method: str) -> str:
    info = METHODS[method]
    return QCoreApplication.translate("LiveView", "Shows: {0} Misleads: {1}").format(
        QCoreApplication.translate("Attribution", info.shows), QCoreApplication.translate("Attribution", info.misleads))


def gray_tiles(maps: np.ndarray, cell: int) -> np.ndarray:
    """Maps (C, h, w) -> uint8 RGB tiles (C, H, W, 3), each min–max scaled on its own and enlarged
    (nearest) so the longer side is ``cell``: the same pictures as ``fit(gray(m), cell)``, in one pass."""
    m = maps.astype(np.float32)
    lo = m.min(axis=(1, 2), keepdims=True)
    span = m.max(axis=(1, 2), keepdims=True) - lo
    g = np.where(span > 0, (m - lo) / np.where(span > 0, span, 1), 0.0)  # (C, h, w) in [0, 1]
    u = (np.clip(g, 0, 1) * 255 + 0.5).astype(np.uint8)
    h, w = m.shape[1:]
    s = cell / max(h, w)
    out_h, out_w = max(1, round(h * s)), max(1, round(w * s))
    rows = (np.arange(out_h) * h // out_h).clip(0, h - 1)
    cols = (np.arange(out_w) * w // out_w).clip(0, w - 1)
    big = u[:, rows[:, None], cols[None, :]]  # (C, H, W)
    return np.repeat(big[..., None], 3, axis=-1)


class LiveView(QWidget):
    """``settingsChanged`` when the method, the target or occlusion's patch changes (the Lab recomputes)."""

    settingsChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.method = QComboBox()
        for name in METHODS:
            self.method.addItem(method_title(name), name)
        self.target = QComboBox()
        self.patch, self.stride = QSpinBox(), QSpinBox()
        self.patch.setRange(1, 28)
        self.patch.setValue(OCCLUSION_PATCH)
        self.stride.setRange(1, 28)
        self.stride.setValue(OCCLUSION_STRIDE)
        self.patch.setToolTip(self.tr("Occlusion: pixels a side of the square"))
        self.stride.setToolTip(self.tr("Occlusion: pixels between square positions"))
        self.patch_label, self.stride_label = QLabel(self.tr("patch:")), QLabel(self.tr("stride:"))
        for w in (self.method, self.target):
            w.currentIndexChanged.connect(self._changed)
        for s in (self.patch, self.stride):
            s.valueChanged.connect(self._changed)
        controls = QHBoxLayout()
        for item in (QLabel(self.tr("method:")), self.method, QLabel(self.tr("class:")), self.target):
            controls.addWidget(item)
        controls.addStretch(1)
        occlusion = QHBoxLayout()  # a row of its own: the first row fills the width at 1280×800
        for widget in (self.patch_label, self.patch, self.stride_label, self.stride):
            occlusion.addWidget(widget)
        occlusion.addStretch(1)
        self.note = QLabel()
        self.note.setObjectName("hint")
        self.note.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b00020")
        self.problem.setWordWrap(True)
        self.pictures = PictureView()
        self.chart = ProbabilityChart()
        self.maps = PictureView()
        lay = QVBoxLayout(self)
        lay.addLayout(controls)
        lay.addLayout(occlusion)
        lay.addWidget(self.note)
        lay.addWidget(self.problem)
        lay.addWidget(self.pictures)
        lay.addWidget(QLabel(self.tr("Output probabilities")))
        lay.addWidget(self.chart)
        lay.addWidget(QLabel(self.tr("Feature maps of every layer:")))
        lay.addWidget(self.maps)
        lay.addStretch(1)
        self._classes: tuple[str, ...] = ()
        self._show_patch()

    def _changed(self, *_args: object) -> None:
        self._show_patch()
        self.settingsChanged.emit()

    def _show_patch(self) -> None:
        occlusion = self.method_key() == "occlusion"
        for w in (self.patch, self.stride, self.patch_label, self.stride_label):
            w.setVisible(occlusion)
        self.note.setText(method_note(self.method_key()))

    def method_key(self) -> str:
        return str(self.method.currentData())

    def target_class(self) -> int | None:
        """None: the predicted class."""
        i = self.target.currentIndex()
        return None if i <= 0 else i - 1

    def set_classes(self, classes: tuple[str, ...]) -> None:
        if classes == self._classes:
            return
        self._classes = classes
        self.target.blockSignals(True)
        self.target.clear()
        self.target.addItem(self.tr("predicted class"))
        self.target.addItems(list(class_names(classes)))
        self.target.blockSignals(False)

    def show_state(self, state: LabState) -> None:
        r = state.result
        names = class_names(state.subject.classes)
        self.chart.set_probabilities(r.probabilities, names)
        a = r.attribution
        self.problem.setText(core_message(r.problem))
        self.problem.setVisible(bool(r.problem))
        rgb = state.rgb
        tiles, captions = [fit(rgb, BIG)], [self.tr("model input")]
        if a is not None:
            heat, over = heat_tiles(rgb, a.map, a.method, BIG)
            where = f" · {a.layer}" if a.layer else ""
            tiles += [heat, over]
            blank = not a.map.any()
            captions += [f"{method_title(a.method)}{where}" + ("\n" + self.tr("(all zero)") if blank else ""),
                         self.tr("for {0} ({1})").format(names[a.target], f"{a.probabilities[a.target]:.0%}")]
            if blank and a.method == "gradcam":  # say why the map is empty, not only that it is
                self.problem.setText(self.tr("Grad-CAM is all zero here: after its ReLU no place of {0} speaks for "
                                             "{1}, so the class is recognised by what this layer does not see. Try "
                                             "another method.").format(a.layer, names[a.target]))
                self.problem.setVisible(True)
        self.pictures.set_picture(captioned_grid(tiles, BIG, len(tiles), captions, gap=10, caption_lines=2))
        rows = [Row(row.name, list(gray_tiles(row.maps[:MAP_MAX], MAP_CELL)), [], self._shape(row.maps))
                for row in r.rows]
        self.maps.set_picture(rows_of_maps(rows, MAP_CELL, MAP_PER_LINE, gap=3) if rows else None)

    def _shape(self, maps: object) -> str:
        c, h, w = maps.shape  # type: ignore[attr-defined]  # maps is a (C, H, W) array here
        return f"{c}×{h}×{w}" + (self.tr(", first {0}").format(MAP_MAX) if c > MAP_MAX else "")
