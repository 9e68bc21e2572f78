"""Feature maps tab: what each conv / ReLU / pool layer makes of one image, in the lecture's rows.

"One image" shows one row per layer (maps side by side) and the output probabilities.
"One sample per class" lays the chosen layers' maps out for one test image of each class, as the
lecture's colour-CNN and shape-CNN figures do. A layer with exactly three maps can be shown as
one RGB picture (the lecture reads the colour CNN's second conv layer that way).
"""

from __future__ import annotations

import numpy as np
import torch
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSpinBox,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from torch import nn

from cnnlab.engine.scoring import logits_of
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.inspection import FeatureRow, Subject, class_feature_rows, feature_rows, map_layers, one_per_class
from cnnlab.inspection.features import layer_kind
from cnnlab.inspection.mosaic import fit, gray, image_rgb
from ui.i18n import add_choices, class_names
from ui.imaging import to_pixmap
from ui.panels.base import InspectionPanel
from ui.panels.pictures import Picture, Row, rows_of_maps, tile_table
from ui.panels.widgets import ImageChooser, PictureView, ProbabilityChart
from ui.widgets.layout import scrolling

CELL = 72  # pixels per map: a 28×28 map at ~2.5×, single pixels still visible
PER_LINE = 10  # maps per line before a layer's row wraps, until the panel knows its width
MAX_MAPS = 48  # maps drawn per layer; wide layers say how many were left out
MAX_CLASSES = 20  # rows of the per-class view
MAX_COLUMNS = 24  # map columns of the per-class view
# per-map min–max as the lecture's imshow figures, or one scale per layer (English sources, shown translated)
CONTRASTS = (QT_TRANSLATE_NOOP("FeatureMapsPanel", "each map"), QT_TRANSLATE_NOOP("FeatureMapsPanel", "whole layer"))
RGB_MODES = (QT_TRANSLATE_NOOP("FeatureMapsPanel", "maps and RGB picture"),
             QT_TRANSLATE_NOOP("FeatureMapsPanel", "RGB picture only"),
             QT_TRANSLATE_NOOP("FeatureMapsPanel", "maps only"))
ONE_IMAGE = QT_TRANSLATE_NOOP("FeatureMapsPanel", "One image: every layer")
PER_CLASS = QT_TRANSLATE_NOOP("FeatureMapsPanel", "One sample per class")
LAYOUT_MODES = {"one_image": ONE_IMAGE, "per_class": PER_CLASS}  # a lesson step's layout key -> the mode box's


def map_tiles(row: FeatureRow, contrast: str, rgb_mode: str, cell: int) -> tuple[list[np.ndarray], list[str]]:
    """Tiles and captions for one layer's maps (at most MAX_MAPS) plus its RGB picture when asked."""
    tiles: list[np.ndarray] = []
    captions: list[str] = []
    maps = row.maps[:MAX_MAPS]
    lo, hi = (float(row.maps.min()), float(row.maps.max())) if contrast == "whole layer" else (None, None)
    composite = row.rgb
    if composite is None or rgb_mode != "RGB picture only":
        for i, m in enumerate(maps):
            tiles.append(fit(gray(m, lo, hi), cell))
            captions.append(str(i + 1))
    if composite is not None and rgb_mode != "maps only":
        tiles.append(fit((composite * 255 + 0.5).astype(np.uint8), cell))
        captions.append("RGB")
    return tiles, captions


def default_class_layers(model: nn.Module) -> list[str]:
    """The lecture's per-class figure: the first conv layer, then each 3-map conv layer and its activation."""
    names = map_layers(model)
    modules = dict(model.named_modules())
    convs = [n for n in names if isinstance(modules[n], nn.Conv2d)]
    chosen = set(convs[:1])
    for i, n in enumerate(names):
        if n in convs and modules[n].out_channels == 3:
            chosen.add(n)
            if i + 1 < len(names) and layer_kind(modules[names[i + 1]]) == "relu":
                chosen.add(names[i + 1])
    return [n for n in names if n in chosen]


class FeatureMapsPanel(InspectionPanel):
    needs_conv = True

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode_box = QComboBox()
        add_choices(self.mode_box, [ONE_IMAGE, PER_CLASS], "FeatureMapsPanel")
        self.contrast_box = QComboBox()
        add_choices(self.contrast_box, CONTRASTS, "FeatureMapsPanel")
        self.rgb_box = QComboBox()
        add_choices(self.rgb_box, RGB_MODES, "FeatureMapsPanel")
        self.layers_button = QToolButton()
        self.layers_button.setText(self.tr("Layers…"))
        self.layers_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.layers_button.setStyleSheet("QToolButton { padding-right: 12px; }")  # room for the menu's arrow
        self.layers_menu = QMenu(self)
        self.layers_button.setMenu(self.layers_menu)
        self.nth = QSpinBox()
        self.nth.setPrefix(self.tr("sample "))
        self.nth.setRange(1, 100)
        self.nth.setToolTip(self.tr("Which test image of each class: the first, the second, …"))
        self.nth.valueChanged.connect(self._redraw)
        self.chooser = ImageChooser()
        self.chooser.spin.valueChanged.connect(self.imageChosen)  # a test image by number: the app model's too
        for box in (self.mode_box, self.contrast_box, self.rgb_box):
            box.currentIndexChanged.connect(self._redraw)
        self.chooser.changed.connect(self._redraw)

        controls = QHBoxLayout()
        for w in (self.mode_box, QLabel(self.tr("contrast:")), self.contrast_box, QLabel(self.tr("3-map layers:")),
                  self.rgb_box,
                  self.layers_button, self.nth):
            controls.addWidget(w)
        controls.addStretch(1)
        self.view = PictureView()
        self.input_view = QLabel()
        self.input_title = QLabel()
        self.input_title.setWordWrap(True)
        self.chart = ProbabilityChart()
        side = QWidget()
        side_lay = QVBoxLayout(side)
        side_lay.addWidget(self.input_title)
        side_lay.addWidget(self.input_view)
        self.lab_button = QPushButton(self.tr("Open in Lab"))  # the image shown, to draw on in the Lab tab
        self.lab_button.clicked.connect(self.open_in_lab)
        side_lay.addWidget(self.lab_button)
        side_lay.addWidget(QLabel(self.tr("Output probabilities")))
        side_lay.addWidget(self.chart)
        side_lay.addStretch(1)
        self.side = side
        split = QSplitter()
        self.scroll_area = scrolling(self.view)
        split.addWidget(self.scroll_area)
        self.scroll_area.viewport().installEventFilter(self)
        split.addWidget(side)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        split.setSizes([900, 300])
        lay = QVBoxLayout(self.content)
        lay.addWidget(self.header)
        lay.addWidget(self.chooser)
        lay.addLayout(controls)
        lay.addWidget(split, 1)
        self._layer_names: list[str] = []
        self._per_line_used = PER_LINE

    # -- subject -----------------------------------------------------------------------------
    def inspect(self, image: int) -> None:
        self.chooser.choose(image)

    def draw(self, subject: Subject) -> None:
        self.chooser.set_subject(subject)
        names = map_layers(subject.model)
        if names != self._layer_names:  # a new architecture: reset the per-class layer choice
            self._layer_names = names
            chosen = set(default_class_layers(subject.model))
            self.layers_menu.clear()
            for n in names:
                act = QAction(n, self.layers_menu, checkable=True, checked=n in chosen)
                act.toggled.connect(self._redraw)
                self.layers_menu.addAction(act)
        self._draw_now(subject)

    def show_layout(self, layout: str) -> None:
        """Lay the maps out as a lesson step asks: "one_image" (every layer of one image) or "per_class"."""
        index = self.mode_box.findData(LAYOUT_MODES[layout])
        if index != self.mode_box.currentIndex():
            self.mode_box.setCurrentIndex(index)  # redraws (now, or when the tab is next shown)

    def shown_layout(self) -> str:
        """The layout key of the mode chosen now ("one_image" or "per_class")."""
        return next(key for key, mode in LAYOUT_MODES.items() if mode == self.mode_box.currentData())

    def chosen_layers(self) -> list[str]:
        return [a.text() for a in self.layers_menu.actions() if a.isChecked()]

    def _redraw(self, *_args: object) -> None:
        self.redraw(self._draw_now)

    def _draw_now(self, subject: Subject) -> None:
        if self.chooser.subject is not subject:  # never an image of the last subject into a new model
            self.chooser.set_subject(subject)
        per_class = self.mode_box.currentData() == PER_CLASS
        more = per_class and len(subject.classes) > MAX_CLASSES
        self.header.setText(self.tr("Feature maps of {0}").format(self.title(subject))
                            + (self.tr(" (first {0} of {1} classes)").format(MAX_CLASSES, len(subject.classes))
                               if more else ""))
        self.layers_button.setEnabled(per_class)
        self.nth.setEnabled(per_class)
        self.chooser.setEnabled(not per_class)
        self.side.setVisible(not per_class)
        if per_class:
            self.view.set_picture(self.class_picture(subject))
        else:
            self.view.set_picture(self.image_picture(subject))

    # -- one image, every layer --------------------------------------------------------------
    def open_in_lab(self) -> None:
        from ui.panels.lab_bridge import open_in_lab

        got = self.chooser.image()
        if got is not None:
            open_in_lab(got[0], got[2])

    def image_picture(self, subject: Subject) -> Picture | None:
        got = self.chooser.image()
        if got is None:
            return None
        raw, label, title = got
        x = subject.input_of(raw)  # (C, H, W) float
        rows = feature_rows(subject.model, x)
        contrast, rgb_mode = self.contrast_box.currentData(), self.rgb_box.currentData()
        out = [Row(self.tr("input"), [fit(image_rgb(raw.numpy()), CELL)], [f"{raw.shape[1]}×{raw.shape[2]}"])]
        for r in rows:
            tiles, captions = map_tiles(r, contrast, rgb_mode, CELL)
            note = f"{r.channels}×{r.maps.shape[1]}×{r.maps.shape[2]}"
            if r.channels > MAX_MAPS:
                note += self.tr(", first {0} shown").format(MAX_MAPS)
            out.append(Row(r.name, tiles, captions, note))
        with torch.no_grad():
            probs = torch.softmax(logits_of(subject.model(x.unsqueeze(0))), 1)[0].numpy()
        self.chart.set_probabilities(probs, class_names(subject.classes), label)
        self.input_view.setPixmap(to_pixmap(image_rgb(raw.numpy()), max(1, 168 // max(raw.shape[1:]))))
        pred = int(probs.argmax())
        self.input_title.setText(title + "\n" + self.tr("predicted: {0} ({1})").format(
            class_names(subject.classes)[pred], f"{probs[pred]:.0%}"))
        self._per_line_used = self.per_line()
        return rows_of_maps(out, CELL, self._per_line_used)

    def per_line(self) -> int:
        """Maps per line that fit the visible width (PER_LINE before the panel is laid out)."""
        width = self.scroll_area.viewport().width()
        return PER_LINE if width < 300 else max(4, (width - 110) // (CELL + 4))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Re-wrap the rows when the visible width changes how many maps fit on a line."""
        if (watched is self.scroll_area.viewport() and event.type() == QEvent.Type.Resize
                and self.subject is not None and self.isVisible() and not self.showing_message()
                and not self._dirty  # a new subject waits for its whole draw (showEvent), not a part of it
                and self.mode_box.currentData() == ONE_IMAGE and self.per_line() != self._per_line_used):
            self._draw_now(self.subject)
        return super().eventFilter(watched, event)

    # -- one sample per class ----------------------------------------------------------------
    def class_picture(self, subject: Subject) -> Picture | None:
        layers = self.chosen_layers()
        nth = self.nth.value() - 1
        chosen = one_per_class(subject.test.y, len(subject.classes), nth)
        picks = [(c, i) for c, i in enumerate(chosen) if i is not None]
        picks = picks[:MAX_CLASSES]
        if not picks:
            return None
        idx = torch.tensor([i for _, i in picks])
        raw = subject.test.x[idx]  # (K, C, H, W) uint8
        per_image = class_feature_rows(subject.model, subject.inputs(idx), layers) if layers else [[] for _ in picks]
        contrast, rgb_mode = self.contrast_box.currentData(), self.rgb_box.currentData()
        cell = 64  # a little smaller than one-image view: many rows
        tiles: list[list[np.ndarray | None]] = []
        headers: list[str] = []
        for k, rows in enumerate(per_image):
            line: list[np.ndarray | None] = [fit(image_rgb(raw[k].numpy()), cell)]
            head = [self.tr("input")]
            for r in rows:
                ts, caps = map_tiles(r, contrast, rgb_mode, cell)
                line += ts
                head += [f"{r.name} {c}" for c in caps]
            tiles.append(line[:MAX_COLUMNS + 1])
            headers = head[:MAX_COLUMNS + 1]
        return tile_table(tiles, [class_names(subject.classes)[c] for c, _ in picks], headers, cell)
