"""Kernel ablation in the Lab: click a kernel's map to switch it off (zeroed in a copy of the model),
click again to switch it back on, and watch the prediction and every class's test accuracy change."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from cnnlab.inspection import conv_layers
from cnnlab.inspection.ablation import class_accuracy
from cnnlab.inspection.mosaic import colorize, fit, gray
from ui.i18n import class_names
from ui.lab.state import LabState
from ui.panels.pictures import Picture, captioned_grid, matrix
from ui.panels.widgets import WRONG, PictureView

CELL = 48  # pixels per kernel map: eight a line fit beside the input column at 1280×800
COLUMNS = 8  # kernel maps per line
OFF_TINT = np.array([235, 200, 200], dtype=np.float32)  # a switched-off kernel's tile is washed red


class AblationView(QWidget):
    offChanged = Signal(object)  # dict[str, set[int]]: every kernel now switched off

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layer = QComboBox()
        self.layer.currentIndexChanged.connect(self._redraw)
        self.reset = QPushButton(self.tr("Switch all back on"))
        self.reset.clicked.connect(self.all_on)
        controls = QHBoxLayout()
        for w in (QLabel(self.tr("layer:")), self.layer, self.reset):
            controls.addWidget(w)
        controls.addStretch(1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-weight: bold")
        self.kernels = PictureView()
        self.kernels.cellClicked.connect(self.toggle)
        self.table = PictureView()
        note = QLabel(self.tr("Click a map to switch its kernel off (its weights and bias zeroed in a copy of the "
                              "model); click again to switch it on. The saved checkpoint is never changed."))
        note.setObjectName("hint")
        note.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addLayout(controls)
        lay.addWidget(note)
        lay.addWidget(self.summary)
        lay.addWidget(self.kernels)
        lay.addWidget(QLabel(self.tr("Test accuracy of each class:")))
        lay.addWidget(self.table)
        lay.addStretch(1)
        self.off: dict[str, set[int]] = {}
        self._state: LabState | None = None
        self._layers: list[str] = []

    def set_layers(self, layers: list[str]) -> None:
        if layers == self._layers:
            return
        self._layers = layers
        self.off = {}
        self.layer.blockSignals(True)
        self.layer.clear()
        self.layer.addItems(layers)
        self.layer.blockSignals(False)

    def layer_name(self) -> str:
        return self.layer.currentText()

    def toggle(self, kernel: int) -> None:
        """Switch ``kernel`` of the chosen layer off, or back on."""
        layer = self.layer_name()
        if not layer:
            return
        chosen = self.off.setdefault(layer, set())
        chosen.symmetric_difference_update({kernel})
        if not chosen:
            del self.off[layer]
        self.offChanged.emit({k: set(v) for k, v in self.off.items()})

    def all_on(self) -> None:
        if self.off:
            self.off = {}
            self.offChanged.emit({})

    def _redraw(self, *_args: object) -> None:
        if self._state is not None:
            self.show_state(self._state)

    def show_state(self, state: LabState) -> None:
        self._state = state
        self.set_layers(conv_layers(state.subject.model))
        layer = self.layer_name()
        row = next((r for r in state.result.rows if r.name == layer), None)
        names = class_names(state.subject.classes)
        off_here = self.off.get(layer, set())
        if row is not None:
            tiles = []
            for k, m in enumerate(row.maps):
                t = fit(gray(m), CELL).astype(np.float32)
                tiles.append((0.5 * t + 0.5 * OFF_TINT).astype(np.uint8) if k in off_here else t.astype(np.uint8))
            captions = [self.tr("{0} off").format(k + 1) if k in off_here else str(k + 1) for k in range(len(tiles))]
            colours = [WRONG if k in off_here else (30, 30, 30) for k in range(len(tiles))]
            self.kernels.set_picture(captioned_grid(tiles, CELL, min(COLUMNS, len(tiles)), captions, colours))
        before, after = class_accuracy(state.subject), class_accuracy(state.used)
        count = sum(len(v) for v in self.off.values())
        pred = state.result.predicted
        text = self.tr("{0} kernel(s) off: prediction {1} ({2}); test accuracy {3} → {4}.").format(
            count, names[pred], f"{state.result.probabilities[pred]:.0%}", f"{before.overall:.1%}",
            f"{after.overall:.1%}")
        self.summary.setText(text)
        self.table.set_picture(accuracy_table(before.per_class, after.per_class, names,
                                              (self.tr("before"), self.tr("after"), self.tr("change"))))


def accuracy_table(before: np.ndarray, after: np.ndarray, names: tuple[str, ...],
                   headers: tuple[str, str, str]) -> Picture:
    """Per-class accuracy before, after and the change (red where a class lost)."""
    change = after - before
    k = len(names)
    colours = np.full((k, 3, 3), 255, dtype=np.uint8)
    colours[:, 2] = colorize(np.nan_to_num(change), "RdBu", -1.0, 1.0)  # red: the class lost accuracy
    text_colours = np.full((k, 3, 3), 30, dtype=int)
    text_colours[:, 2][np.abs(np.nan_to_num(change)) > 0.5] = 255  # white on the dark end of the scale
    texts = [[f"{before[i]:.0%}", f"{after[i]:.0%}", f"{change[i]:+.0%}"] for i in range(k)]
    return matrix(colours, texts, list(names), list(headers), (20, 62), text_colors=text_colours, font=11)
