"""Kernel roles tab: the lecture's shape-CNN figure and table for any conv layer (default: the first).

Left: the layer's kernels and their outputs for one test image of each class. Right: which kernel
fires on which class (1/0) with the mean activation after ReLU behind each verdict.
"""

from __future__ import annotations

import numpy as np
import torch
from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from cnnlab.inspection import (
    FIRES_RULE,
    ConvKernels,
    KernelRoles,
    Subject,
    class_feature_rows,
    kernel_roles,
    kernels,
    one_per_class,
    per_class_limit,
)
from cnnlab.inspection.mosaic import colorize, fit, frame, gray, image_rgb, symmetric_range
from ui.i18n import class_names, core_message
from ui.panels.base import LayerPanel
from ui.panels.pictures import Picture, beside_width, fitted, matrix, tile_table
from ui.panels.widgets import PictureView
from ui.widgets.layout import scrolling

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls
IMAGES_PER_CLASS = 200  # test images per class behind each mean: stable to a few %, fast on a CPU
CELL = 56  # pixels per map in the outputs figure (48 beyond six classes, so the table fits beside it)
MAX_KERNELS = 32  # kernels (rows / columns) drawn; wider layers are cut with a note
MAX_CLASSES = 20  # classes shown in both figures


def kernel_tile(ks: ConvKernels, o: int, size: int) -> np.ndarray | None:
    """Kernel ``o`` as a picture when it has one (one or three input channels, wider than 1×1)."""
    if ks.pointwise:
        return None
    lo, hi = symmetric_range(ks.weight)
    if ks.in_channels == 1:
        return frame(fit(colorize(ks.weight[o, 0], "RdBu_r", lo, hi), size - 2))
    if ks.rgb:
        rgb = ((ks.weight[o].transpose(1, 2, 0) - lo) / (hi - lo) * 255 + 0.5).clip(0, 255).astype(np.uint8)
        return frame(fit(rgb, size - 2))
    return None


def cell_for(num_classes: int) -> int:
    return CELL if num_classes <= 6 else 48


def roles_table(roles: KernelRoles, ks: ConvKernels | None) -> Picture:
    """Rows = kernels, columns = classes then the kernel's mean; each cell "1/0" over its mean activation."""
    n_k, n_c = min(roles.mean.shape[0], MAX_KERNELS), min(roles.mean.shape[1], MAX_CLASSES)
    mean = roles.mean[:n_k, :n_c]
    lo = np.nanmin(mean, axis=1, keepdims=True)  # (K, 1): each kernel judged against itself, as the rule does
    hi = np.nanmax(mean, axis=1, keepdims=True)
    share = np.nan_to_num((mean - lo) / np.where(hi > lo, hi - lo, 1))  # (K, C) in [0, 1]
    colours = colorize(0.05 + share * 0.6, "Greens", 0.0, 1.0)  # capped at 0.65 so the text stays readable
    colours = np.concatenate([colours, np.full((n_k, 1, 3), 240, np.uint8)], axis=1)
    texts = []
    for k in range(n_k):
        line = [("1" if roles.fires[k, c] else "0") + ("\n–" if np.isnan(mean[k, c]) else f"\n{mean[k, c]:.3f}")
                for c in range(n_c)]
        texts.append(line + [translate("KernelRolesPanel", "mean") + f"\n{roles.threshold[k]:.3f}"])
    tiles = []
    if ks is not None:
        tiles = [t for o in range(n_k) if (t := kernel_tile(ks, o, 36)) is not None]
    return matrix(colours, texts, [translate("KernelRolesPanel", "kernel {0}").format(k + 1) for k in range(n_k)],
                  [*roles.classes[:n_c], translate("KernelRolesPanel", "all")], (38, 74 if n_c <= 6 else 54),
                  row_tiles=tiles if len(tiles) == n_k else (), corner=translate("KernelRolesPanel", "fires?"))


class KernelRolesPanel(LayerPanel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        self.explain.setStyleSheet("color: #444")
        self.status = QLabel()  # why a layer cannot be shown (e.g. an auxiliary head unused in eval mode)
        self.status.setStyleSheet("color: #b00020")
        self.status.hide()
        self.view = PictureView()
        lay = QVBoxLayout(self.content)
        lay.addLayout(self.top)
        lay.addWidget(self.explain)
        lay.addWidget(self.status)
        self.area = scrolling(self.view)
        self.area.viewport().installEventFilter(self)  # a narrower view stacks the two figures
        lay.addWidget(self.area, 1)
        self.roles: KernelRoles | None = None
        self.parts: list[Picture] = []  # the outputs figure and the roles table, composed to fit the width

    def draw(self, subject: Subject) -> None:
        names = [k.name for k in kernels(subject.model)]
        self.fill_layers(names)
        self._draw_layer(subject)

    def _on_layer(self, _index: int) -> None:
        self.redraw(self._draw_layer)

    def _draw_layer(self, subject: Subject) -> None:
        layer = self.layer_box.currentText()
        ks = next(k for k in kernels(subject.model) if k.name == layer)
        k = len(subject.classes)
        idx = torch.as_tensor(per_class_limit(subject.test.y, k, IMAGES_PER_CLASS))
        try:
            self.roles = kernel_roles(subject.model, subject.inputs(idx), subject.test.y[idx],
                                      class_names(subject.classes), layer)  # the names only label the table
        except ValueError as e:
            self.status.setText(core_message(str(e)) + " " + self.tr("Choose another layer."))
            self.status.show()
            self.roles, self.parts = None, []
            self.view.set_picture(None)
            return
        self.status.clear()
        self.status.hide()
        self.header.setText(self.tr("Kernel roles of {0}, layer {1}").format(self.title(subject), layer))
        per_class = int(self.roles.counts.max()) if len(self.roles.counts) else 0
        self.explain.setText(
            self.tr("Left: the kernels of {0} and what each makes of one test image per class. Right: 1 means the "
                    "kernel fires on that class — {1}. The number under it is the mean activation after ReLU over "
                    "up to {2} test images of the class; 'all' is the kernel's mean over classes.").format(
                layer, core_message(FIRES_RULE), per_class)
            + (" " + self.tr("The first {0} of {1} classes are shown.").format(MAX_CLASSES, k)
               if k > MAX_CLASSES else "")
            + (" " + self.tr("The first {0} of {1} kernels are shown.").format(MAX_KERNELS, ks.out_channels)
               if ks.out_channels > MAX_KERNELS else ""))
        self.parts = [self.outputs_picture(subject, ks), roles_table(self.roles, ks)]
        self._compose()

    def _compose(self) -> None:
        """Both figures beside each other when the view is wide enough, else the table under the outputs."""
        if self.parts:
            self.view.set_picture(fitted(self.parts, self.area.viewport().width()))

    def beside(self) -> bool:
        """Whether the two figures are drawn side by side (else the table is under the outputs)."""
        shown = self.view.shown_picture
        return bool(self.parts) and shown is not None and shown.array.shape[1] == beside_width(self.parts)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.area.viewport() and event.type() == QEvent.Type.Resize and self.parts
                and (beside_width(self.parts) <= self.area.viewport().width()) != self.beside()):
            self._compose()
        return super().eventFilter(watched, event)

    def outputs_picture(self, subject: Subject, ks: ConvKernels) -> Picture:
        """Header row of kernels, then one row per class: the sample and each kernel's output map."""
        picks = [(c, i) for c, i in enumerate(one_per_class(subject.test.y, len(subject.classes)))
                 if i is not None][:MAX_CLASSES]
        n_k = min(ks.out_channels, MAX_KERNELS)
        cell = cell_for(len(subject.classes))
        rows: list[list[np.ndarray | None]] = [[None, *(kernel_tile(ks, o, cell) for o in range(n_k))]]
        labels = [self.tr("kernel")]
        if picks:
            idx = torch.tensor([i for _, i in picks])
            outs = class_feature_rows(subject.model, subject.inputs(idx), [ks.name])
            for (c, i), row in zip(picks, outs, strict=False):
                maps = row[0].maps  # (K, h, w)
                line: list[np.ndarray | None] = [fit(image_rgb(subject.test.x[i].numpy()), cell)]
                line += [fit(gray(m), cell) for m in maps[:n_k]]
                rows.append(line)
                labels.append(class_names(subject.classes)[c])
        if all(t is None for t in rows[0]):  # kernels without a picture: name them instead
            rows, labels = rows[1:], labels[1:]
        headers = [self.tr("input"), *[str(o + 1) for o in range(n_k)]]
        return tile_table(rows, labels, headers, cell)
