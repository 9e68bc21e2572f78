"""Small widgets the inspection panels share: a clickable picture, a colour bar, a probability
chart and an image chooser (a test image or any image file).

Everything is drawn as pictures (numpy, then one pixmap): fast, and free of per-item widgets."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch
from PySide6.QtCore import QCoreApplication, QPoint, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QWidget,
)

from cnnlab.errors import UserError
from cnnlab.inspection import Subject, load_image
from cnnlab.inspection.mosaic import colormap_table
from ui.i18n import class_names, core_message
from ui.imaging import Label, labelled_pixmap, text_width
from ui.panels.pictures import Picture

WRONG = (200, 30, 30)  # captions of wrong predictions
RIGHT = (20, 120, 40)  # captions of right predictions


class PictureView(QLabel):
    """Shows one :class:`Picture` as one pixmap; a click on a grid cell emits its index."""

    cellClicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.shown_picture: Picture | None = None

    def set_picture(self, picture: Picture | None) -> None:
        self.shown_picture = picture
        if picture is None:
            self.clear()
            return
        self.setPixmap(labelled_pixmap(picture.array, picture.labels))
        self.setCursor(Qt.CursorShape.PointingHandCursor if picture.grid is not None else Qt.CursorShape.ArrowCursor)

    def cell_at(self, pos: QPoint) -> int | None:
        return None if self.shown_picture is None else self.shown_picture.cell_at(pos.y(), pos.x())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        cell = self.cell_at(event.position().toPoint())
        if cell is not None and event.button() == Qt.MouseButton.LeftButton:
            self.cellClicked.emit(cell)
        super().mousePressEvent(event)


def header_row(*controls: tuple[str, QWidget]) -> tuple[QLabel, QHBoxLayout]:
    """A panel's top row: its bold title on the left, then each control after its label on the right."""
    header = QLabel()
    header.setStyleSheet("font-weight: bold")
    row = QHBoxLayout()
    row.addWidget(header)
    row.addStretch(1)
    for label, control in controls:
        row.addWidget(QLabel(label))
        row.addWidget(control)
    return header, row


class ColorBar(QLabel):
    """A horizontal colour scale with its low, middle and high values written under it."""

    WIDTH, HEIGHT = 220, 12  # pixels of the gradient strip: readable, not dominant

    def set_scale(self, cmap: str, lo: float, hi: float, title: str = "") -> None:
        strip = np.repeat(colormap_table(cmap)[None, :, :], self.HEIGHT, axis=0)  # (12, 256, 3)
        strip = strip[:, np.linspace(0, 255, self.WIDTH).astype(int)]
        pad_top = 16 if title else 0
        arr = np.full((self.HEIGHT + 16 + pad_top, self.WIDTH + 40, 3), 255, dtype=np.uint8)
        arr[pad_top:pad_top + self.HEIGHT, 20:20 + self.WIDTH] = strip
        y = pad_top + self.HEIGHT + 1
        labels = [Label(0, y, 60, 14, f"{lo:.3g}", align="left", size=10),
                  Label(20 + self.WIDTH // 2 - 40, y, 80, 14, f"{(lo + hi) / 2:.3g}", size=10),
                  Label(self.WIDTH - 20, y, 60, 14, f"{hi:.3g}", align="right", size=10)]
        if title:
            labels.append(Label(20, 0, self.WIDTH, 14, title, (90, 90, 90), align="left", size=10))
        self.setPixmap(labelled_pixmap(arr, labels))


def probability_picture(probs: np.ndarray, classes: Sequence[str], true: int | None = None,
                        bar: int = 220, max_width: int | None = None) -> Picture:
    """Horizontal bars of the class probabilities: the prediction green when right, red when wrong,
    the true class blue when the prediction missed it; one row per class. ``max_width``: the bars
    shorten (to 80 pixels at least) so the whole chart fits that many pixels."""
    k = len(probs)
    row = 20 if k <= 20 else 14  # pixels per class; many classes get thinner rows
    font = 11 if k <= 20 else 9
    true_mark = QCoreApplication.translate("ProbabilityChart", " (true)")
    names = [f"{c}{true_mark if i == true else ''}" for i, c in enumerate(classes)]
    left = max([text_width(n, font, bold=True) for n in names] + [20]) + 10
    if max_width is not None:
        bar = max(80, min(bar, max_width - left - 50))
    width, height = left + bar + 50, row * k + 20
    arr = np.full((height, width, 3), 255, dtype=np.uint8)
    pred = int(np.argmax(probs)) if k else -1
    labels: list[Label] = []
    for i, p in enumerate(np.asarray(probs, dtype=float)):
        y = i * row
        colour = (170, 170, 170)
        if i == pred:
            colour = RIGHT if true is None or pred == true else WRONG
        elif i == true:
            colour = (110, 150, 215)
        arr[y + 3:y + row - 3, left:left + max(1, int(round(p * bar)))] = colour
        labels.append(Label(0, y, left - 8, row, names[i], align="right", size=font, bold=i == pred))
        labels.append(Label(left + bar + 4, y, 46, row, f"{p:.0%}" if p >= 0.005 else "0%", (90, 90, 90),
                            align="left", size=font))
    arr[:row * k, left - 1] = 120  # the zero line
    for t in (0.0, 0.5, 1.0):  # a light scale under the bars
        x = left + int(t * bar)
        arr[row * k:row * k + 4, min(x, width - 1)] = 120
        labels.append(Label(x - 20, row * k + 4, 40, 14, f"{t:g}", (110, 110, 110), size=10))
    return Picture(arr, labels, None)


class ProbabilityChart(PictureView):
    """The output probabilities as a bar chart (one picture, drawn in a millisecond)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.values = np.zeros(0)
        self.max_width: int | None = None  # pixels the chart may take; None: the full-length bars

    def set_probabilities(self, probs: np.ndarray, classes: Sequence[str], true: int | None = None) -> None:
        self.values = np.asarray(probs, dtype=float)
        self.set_picture(probability_picture(self.values, classes, true, max_width=self.max_width))


class ImageChooser(QWidget):
    """Pick a test image by number, or open any image file; emits :attr:`changed` either way."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.subject: Subject | None = None
        self.file_image: torch.Tensor | None = None  # uint8 (C, H, W) from a file, or None
        self.file_path: Path | None = None
        self.wanted: int | None = None  # a test image asked for before a subject had that many images
        self.spin = QSpinBox()
        self.spin.setPrefix(self.tr("test image #"))
        self.spin.setMinimumWidth(150)
        self.spin.valueChanged.connect(self._on_spin)
        self.label = QLabel()
        self.label.setMinimumWidth(140)
        self.open_button = QPushButton(self.tr("Open image file…"))
        self.open_button.clicked.connect(self._ask_file)
        self.status = QLabel()
        self.status.setStyleSheet("color: #b00020")
        self.status.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        for w in (self.spin, self.label, self.open_button, self.status):
            lay.addWidget(w)

    def set_subject(self, subject: Subject | None) -> None:
        """Keep the chosen number (clamped) across epochs so the student watches one image change."""
        self.subject = subject
        n = len(subject.test) if subject is not None else 0
        self.spin.blockSignals(True)
        self.spin.setRange(0, max(n - 1, 0))
        if self.wanted is not None and self.wanted < n:
            self.spin.setValue(self.wanted)
            self.wanted = None
        self.spin.blockSignals(False)
        if subject is not None and self.file_path is not None:  # a new run may take other channels or sizes
            c, h, w = subject.meta.input_shape
            try:
                self.file_image = load_image(self.file_path, c, (h, w))
            except UserError as e:  # the file went away since it was opened
                self.file_image, self.file_path = None, None
                self.status.setText(core_message(str(e)))
        self._describe()

    def choose(self, index: int) -> None:
        """Show test image ``index`` (now, or once a subject has that many images)."""
        if self.subject is not None and 0 <= index < len(self.subject.test):
            self.wanted = None
            self.spin.setValue(index)  # emits changed: the panel redraws
        else:
            self.wanted = index

    def image(self) -> tuple[torch.Tensor, int | None, str] | None:
        """(uint8 image (C, H, W), its label or None, a title) of the current choice."""
        s = self.subject
        if s is None:
            return None
        if self.file_image is not None and self.file_path is not None:
            return self.file_image, None, self.file_path.name
        if len(s.test) == 0:
            return None
        i = self.spin.value()
        y = int(s.test.y[i])
        return s.test.x[i], y, self.tr("test image #{0} ({1})").format(i, class_names(s.classes)[y])

    def open_file(self, path: str | Path) -> bool:
        """Use an image file (converted to the model's channels and size); False and a sentence if unreadable."""
        if self.subject is None:
            return False
        c, h, w = self.subject.meta.input_shape
        try:
            self.file_image = load_image(path, c, (h, w))
        except UserError as e:
            self.status.setText(core_message(str(e)))
            return False
        self.file_path = Path(path)
        self.status.clear()
        self._describe()
        self.changed.emit()
        return True

    def _ask_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open an image"), "",
                                              self.tr("Images (*.png *.jpg *.jpeg *.bmp *.gif *.webp);;All files (*)"))
        if path:
            self.open_file(path)

    def _on_spin(self, _value: int) -> None:
        self.file_image, self.file_path = None, None  # choosing a number goes back to the test set
        self.status.clear()
        self._describe()
        self.changed.emit()

    def _describe(self) -> None:
        got = self.image()
        if got is None or self.subject is None:
            self.label.clear()
        elif got[1] is None:
            self.label.setText(self.tr("file: {0}").format(got[2]))
        else:
            self.label.setText(self.tr("label: {0}").format(class_names(self.subject.classes)[got[1]]))
