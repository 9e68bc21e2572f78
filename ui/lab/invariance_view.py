"""ZFNet's invariance figure for the Lab's input: shift, rotate or scale it by a slider's amount, and a
pyqtgraph plot of every class's probability against the amount."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSlider, QVBoxLayout, QWidget

from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.inspection.invariance import IDENTITY, KINDS, InvarianceCurve, invariance_curve
from cnnlab.inspection.mosaic import fit, image_rgb
from ui.i18n import class_names
from ui.lab.state import LabState
from ui.panels.pictures import captioned_grid
from ui.panels.widgets import PictureView

SIDE = 150  # pixels of the changed image
KIND_NAMES = {"shift-x": QT_TRANSLATE_NOOP("InvarianceView", "shift left–right"),
              "shift-y": QT_TRANSLATE_NOOP("InvarianceView", "shift up–down"),
              "rotate": QT_TRANSLATE_NOOP("InvarianceView", "rotate"),
              "scale": QT_TRANSLATE_NOOP("InvarianceView", "scale")}
UNITS = {"pixels": QT_TRANSLATE_NOOP("InvarianceView", "pixels"),
         "degrees": QT_TRANSLATE_NOOP("InvarianceView", "degrees"),
         "times": QT_TRANSLATE_NOOP("InvarianceView", "times")}


class InvarianceView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = QComboBox()
        for key, text in KIND_NAMES.items():
            self.kind.addItem(self.tr(text), key)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.amount = QLabel()
        self.amount.setMinimumWidth(110)
        controls = QHBoxLayout()
        for w in (QLabel(self.tr("change:")), self.kind, self.slider, self.amount):
            controls.addWidget(w)
        self.picture = PictureView()
        self.plot = pg.PlotWidget(background="w")
        self.plot.setYRange(0, 1)
        self.plot.setLabel("left", self.tr("probability"))
        self.plot.addLegend(offset=(-10, 10))
        self.plot.setMinimumHeight(260)
        self.marker = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen("#555555", style=Qt.PenStyle.DashLine))
        self.plot.addItem(self.marker)
        body = QHBoxLayout()
        body.addWidget(self.picture)
        body.addWidget(self.plot, 1)
        note = QLabel(self.tr("A CNN is only partly invariant: pooling forgives small shifts, but rotations and "
                              "scales it never saw in training change its answer. Each line is one class."))
        note.setObjectName("hint")
        note.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addLayout(controls)
        lay.addWidget(note)
        lay.addLayout(body, 1)
        self.kind.currentIndexChanged.connect(self._on_kind)
        self.slider.valueChanged.connect(self._show_amount)
        self.curve: InvarianceCurve | None = None
        self._lines: list[pg.PlotDataItem] = []
        self._state: LabState | None = None
        self._set_range()

    def kind_key(self) -> str:
        return str(self.kind.currentData())

    def _set_range(self) -> None:
        amounts = KINDS[self.kind_key()][1]
        self.slider.blockSignals(True)
        self.slider.setRange(0, len(amounts) - 1)
        self.slider.setValue(amounts.index(IDENTITY[self.kind_key()]))
        self.slider.blockSignals(False)

    def _on_kind(self, _index: int) -> None:
        self._set_range()
        if self._state is not None:
            self.show_state(self._state)

    def show_state(self, state: LabState) -> None:
        self._state = state
        s = state.used
        self.curve = invariance_curve(s.model, state.raw, s.meta.mean, s.meta.std, self.kind_key())
        names = class_names(s.classes)
        self.plot.clear()
        self.plot.addItem(self.marker)
        legend = self.plot.plotItem.legend
        if legend is not None:
            legend.clear()
        self._lines = []
        for k, name in enumerate(names):
            pen = pg.mkPen(pg.intColor(k, hues=max(len(names), 2)), width=2)
            self._lines.append(self.plot.plot(self.curve.amounts, self.curve.probabilities[:, k], pen=pen, name=name))
        self.plot.setLabel("bottom", self.tr(UNITS[self.curve.unit]))
        self._show_amount()

    def _show_amount(self, *_args: object) -> None:
        c = self.curve
        if c is None or self._state is None:
            return
        i = int(np.clip(self.slider.value(), 0, len(c.amounts) - 1))
        amount = float(c.amounts[i])
        self.marker.setValue(amount)
        self.amount.setText(f"{amount:g} {self.tr(UNITS[c.unit])}")
        names = class_names(self._state.subject.classes)
        pred = int(c.probabilities[i].argmax())
        self.picture.set_picture(captioned_grid(
            [fit(image_rgb(c.images[i].numpy()), SIDE)], SIDE, 1,
            [self.tr("{0} ({1})").format(names[pred], f"{c.probabilities[i, pred]:.0%}")]))
