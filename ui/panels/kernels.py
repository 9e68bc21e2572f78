"""Kernels tab: every conv layer's learned kernels with a value scale.

First-layer kernels over a colour image are drawn as small RGB pictures; 1×1 layers as the
channel-mixing table they are (rows = output channel, columns = input channel, with values);
other kernels as a grid of small heat maps (rows = output channel, columns = input channel).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from cnnlab.inspection import ConvKernels, Subject, kernels
from cnnlab.inspection.mosaic import GridLayout, colorize, compose, frame, resize_nearest, symmetric_range
from ui.imaging import Label, text_width
from ui.panels.base import LayerPanel
from ui.panels.pictures import BACKGROUND, HEADER, Picture, captioned_grid, matrix
from ui.panels.widgets import ColorBar, PictureView
from ui.widgets.layout import clear_layout, scrolling

CMAP = "RdBu_r"  # diverging: negative weights blue, positive red, zero white
FIRST_CELL = 56  # pixels per first-layer kernel: few of them, the ones students study
DEEP_CELL = 28  # pixels per deeper kernel: many of them
MAX_OUT = 64  # output channels drawn per layer; more are summarised in a note
MAX_IN = 16  # input channels drawn per kernel
MAX_MIX = 32  # rows and columns of a 1×1 mixing table
ALL_LAYERS_UP_TO = 8  # "All layers" is the default only for nets this shallow (draw time)
RGB_NAMES = ("R", "G", "B")  # the colour channels, named as everywhere
translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls


def _crisp(target: int, k: int) -> int:
    """A cell size that is a whole multiple of the kernel side, close to ``target``."""
    return k * max(1, round(target / k))


def rgb_kernels_picture(ks: ConvKernels) -> Picture:
    """Each first-layer kernel (3, kh, kw) as one colour picture, all on one scale (0 -> mid-gray)."""
    lo, hi = symmetric_range(ks.weight)
    cell = _crisp(FIRST_CELL, max(ks.size))
    tiles = []
    for w in ks.weight[:MAX_OUT]:  # (3, kh, kw)
        rgb = ((w.transpose(1, 2, 0) - lo) / (hi - lo) * 255 + 0.5).clip(0, 255).astype(np.uint8)
        tiles.append(frame(resize_nearest(rgb, cell * ks.size[0] // max(ks.size), cell * ks.size[1] // max(ks.size))))
    return captioned_grid(tiles, cell + 2, cols=16, captions=[str(i + 1) for i in range(len(tiles))])


def spatial_kernels_picture(ks: ConvKernels) -> Picture:
    """Rows = output channels, columns = input channels; a one-input layer is a single row."""
    lo, hi = symmetric_range(ks.weight)
    n_out, n_in = min(ks.out_channels, MAX_OUT), min(ks.in_channels, MAX_IN)
    kh, kw = ks.size
    if n_in == 1:
        cell = _crisp(FIRST_CELL, max(kh, kw))
        tiles = [frame(resize_nearest(colorize(ks.weight[o, 0], CMAP, lo, hi), cell * kh // max(kh, kw),
                                      cell * kw // max(kh, kw))) for o in range(n_out)]
        return captioned_grid(tiles, cell + 2, cols=16, captions=[str(o + 1) for o in range(n_out)])
    cell = _crisp(DEEP_CELL, max(kh, kw))
    colours = colorize(ks.weight[:n_out, :n_in], CMAP, lo, hi)  # (out, in, kh, kw, 3)
    tiles = [frame(resize_nearest(colours[o, i], cell * kh // max(kh, kw), cell * kw // max(kh, kw)))
             for o in range(n_out) for i in range(n_in)]
    cell += 2  # the frame
    corner = translate("KernelsPanel", "out \\ in")
    left, top = max(34, text_width(corner, 10) + 6), HEADER  # the corner title ends before column 1's number
    layout = GridLayout(count=len(tiles), cols=n_in, cell=(cell, cell), gap=2, left=left, top=top)
    arr = compose(tiles, layout, BACKGROUND)
    labels = [Label(0, 0, left, top - 2, corner, (110, 110, 110), align="left", size=10)]
    for i in range(n_in):
        _, x = layout.origin(i)
        labels.append(Label(x - 4, 0, cell + 8, top - 2, str(i + 1), (90, 90, 90), size=10))
    for o in range(n_out):
        y, _ = layout.origin(o * n_in)
        labels.append(Label(0, y, left - 6, cell, str(o + 1), (90, 90, 90), align="right", size=10))
    return Picture(arr, labels, None)


def mixing_picture(ks: ConvKernels) -> Picture:
    """A 1×1 layer's (out, in) weights as a table of values: each output is a weighted sum of inputs."""
    mix = ks.mixing[:MAX_MIX, :MAX_MIX]  # (out, in)
    lo, hi = symmetric_range(ks.mixing)
    colours = colorize(mix, CMAP, lo, hi)  # (out, in, 3)
    strong = np.abs(mix) > 0.6 * hi
    text_colors = np.where(strong[..., None], 255, 30) * np.ones(3, dtype=int)
    texts = [[f"{v:+.2f}" for v in row] for row in mix]
    rgb_input = ks.first and ks.in_channels == 3
    cols = list(RGB_NAMES) if rgb_input else [translate("KernelsPanel", "in {0}").format(i + 1)
                                              for i in range(mix.shape[1])]
    rows = [translate("KernelsPanel", "out {0}").format(o + 1) for o in range(mix.shape[0])]
    if ks.bias is not None and mix.shape[0] <= MAX_MIX:
        rows = [translate("KernelsPanel", "{0}  (bias {1})").format(r, f"{b:+.2f}")
                for r, b in zip(rows, ks.bias, strict=False)]
    return matrix(colours, texts, rows, cols, (30, 58), text_colors=text_colors)


class KernelsPanel(LayerPanel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sections = QWidget()
        self.sections_layout = QVBoxLayout(self.sections)
        self.sections_layout.setSpacing(10)
        lay = QVBoxLayout(self.content)
        lay.addLayout(self.top)
        lay.addWidget(scrolling(self.sections), 1)
        self.views: list[PictureView] = []
        self._kernels: list[ConvKernels] = []

    def draw(self, subject: Subject) -> None:
        self._kernels = kernels(subject.model)
        names = [k.name for k in self._kernels]
        self.fill_layers([self.tr("All layers"), *names], default=1 if len(names) > ALL_LAYERS_UP_TO else 0)
        self.header.setText(self.tr("Kernels of {0} — colour: weight value (red > 0 > blue)").format(
            self.title(subject)))
        self._draw_sections()

    def _on_layer(self, _index: int) -> None:
        if self._kernels:
            self._draw_sections()

    def _draw_sections(self) -> None:
        clear_layout(self.sections_layout)
        choice = self.layer_box.currentText()
        shown = self._kernels if self.layer_box.currentIndex() == 0 else [k for k in self._kernels if k.name == choice]
        self.views = []
        for ks in shown:
            self.sections_layout.addWidget(self._section(ks))
        self.sections_layout.addStretch(1)

    def _section(self, ks: ConvKernels) -> QWidget:
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        kh, kw = ks.size
        title = QLabel(self.tr("{0}: {1} kernels of {2}×{3} over {4} channel(s)").format(
            ks.name, ks.out_channels, kh, kw, ks.in_channels) + self._note(ks))
        title.setStyleSheet("font-weight: bold; font-size: 13px")
        lay.addWidget(title)
        view = PictureView()
        bar = ColorBar()
        lo, hi = symmetric_range(ks.weight)
        if ks.pointwise:
            view.set_picture(mixing_picture(ks))
            explain = self.tr("1×1 kernels mix channels at each pixel: output = Σ weight × input channel + bias "
                              "(rows: output channels, columns: input channels).")
            bar.set_scale(CMAP, lo, hi, self.tr("weight"))
        elif ks.rgb:
            view.set_picture(rgb_kernels_picture(ks))
            explain = self.tr("Each kernel's red, green and blue weights drawn as one colour picture; gray means 0.")
            bar.set_scale("gray", lo, hi, self.tr("weight, per colour channel"))
        else:
            view.set_picture(spatial_kernels_picture(ks))
            explain = (self.tr("One row per kernel (output channel), one column per input channel it reads.")
                       if ks.in_channels > 1 else self.tr("The kernels, numbered as in the lecture's table."))
            bar.set_scale(CMAP, lo, hi, self.tr("weight"))
        note = QLabel(explain)
        note.setStyleSheet("color: #555")
        lay.addWidget(note)
        row = QHBoxLayout()
        row.addWidget(view)
        row.addStretch(1)
        lay.addLayout(row)
        lay.addWidget(bar)
        self.views.append(view)
        return box

    def _note(self, ks: ConvKernels) -> str:
        limit_out = MAX_MIX if ks.pointwise else MAX_OUT
        limit_in = MAX_MIX if ks.pointwise else MAX_IN
        parts = []
        if ks.out_channels > limit_out:
            parts.append(self.tr("first {0} of {1} kernels").format(limit_out, ks.out_channels))
        if ks.in_channels > limit_in and not ks.rgb:
            parts.append(self.tr("first {0} of {1} input channels").format(limit_in, ks.in_channels))
        return "  " + self.tr("({0} shown)").format(self.tr(", ").join(parts)) if parts else ""
