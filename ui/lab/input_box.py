"""The Lab's input column: the canvas and its tools, the image sources, and the preprocessing steps.

Sources: drawing, the clipboard (Paste), a dropped file, the file dialog, a sample image shipped in
``assets/samples`` and any test image sent with "Open in Lab". ``changed`` fires on every change.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QColor, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cnnlab.errors import UserError
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.inspection.explain import read_image
from cnnlab.inspection.mosaic import fit, image_rgb
from cnnlab.inspection.preprocess import Preprocessed
from cnnlab.paths import asset
from ui.i18n import class_name, core_message
from ui.lab.canvas import DrawingCanvas, qimage_array
from ui.panels.pictures import captioned_grid
from ui.panels.widgets import PictureView

STEP_SIDE = 62  # pixels per preprocessing step
STEP_WIDTH = 90  # pixels per step across: three steps and their captions fit under the 280-pixel canvas
CENTRED_SETS = ("mnist", "fashion-mnist")  # data sets made MNIST's way: centred by mass by default
INK = {  # colour name -> RGB, the chapter's colours (colour sets only)
    QT_TRANSLATE_NOOP("InputBox", "red"): (255, 0, 0), QT_TRANSLATE_NOOP("InputBox", "green"): (0, 255, 0),
    QT_TRANSLATE_NOOP("InputBox", "blue"): (0, 0, 255), QT_TRANSLATE_NOOP("InputBox", "yellow"): (255, 255, 0),
    QT_TRANSLATE_NOOP("InputBox", "cyan"): (0, 255, 255), QT_TRANSLATE_NOOP("InputBox", "pink"): (255, 0, 255),
    QT_TRANSLATE_NOOP("InputBox", "white"): (255, 255, 255),
}
MODES = {"centred": QT_TRANSLATE_NOOP("InputBox", "centred like MNIST"),
         "raw": QT_TRANSLATE_NOOP("InputBox", "raw drawing")}
STEP_NAMES = {"drawing": QT_TRANSLATE_NOOP("InputBox", "drawing"),
              "bounding box": QT_TRANSLATE_NOOP("InputBox", "bounding box"),
              "fitted": QT_TRANSLATE_NOOP("InputBox", "fit 20×20"),
              "centred": QT_TRANSLATE_NOOP("InputBox", "centre of mass"),
              "resized": QT_TRANSLATE_NOOP("InputBox", "resized"),
              "blank": QT_TRANSLATE_NOOP("InputBox", "blank")}
IMAGE_FILTER = "*.png *.jpg *.jpeg *.bmp *.gif *.webp"  # what the file dialog offers first


def samples_for(dataset: str) -> list[Path]:
    """The shipped sample images of ``dataset`` (``assets/samples/<dataset>-*.png``)."""
    folder = asset("samples")
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{dataset}-*.png"))


def sample_title(stem: str, classes: tuple[str, ...]) -> str:
    """A sample's name in the window's language: the class it shows ("t-shirt" is "T-shirt/top"), else as is."""
    for c in classes:
        if c.lower().replace("/", "-").replace(" ", "-").startswith(stem.lower()):
            return class_name(c)
    return stem


class InputBox(QWidget):
    changed = Signal()  # the drawing or the preprocessing mode changed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.canvas = DrawingCanvas()
        self.brush = QSpinBox()
        self.brush.setRange(2, 60)
        self.brush.setValue(self.canvas.brush)
        self.brush.setSuffix(self.tr(" px"))
        self.brush.setToolTip(self.tr("Brush size"))
        self.brush.valueChanged.connect(self._on_brush)
        self.colour = QComboBox()
        for name, rgb in INK.items():
            self.colour.addItem(self.tr(name), rgb)
        self.colour.setToolTip(self.tr("Ink colour (colour data sets)"))
        self.colour.currentIndexChanged.connect(self._on_colour)
        self.undo_button = QPushButton(self.tr("Undo"))
        self.undo_button.clicked.connect(self.canvas.undo)
        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.clicked.connect(self.canvas.clear)
        self.open_button = QPushButton(self.tr("Open…"))
        self.open_button.clicked.connect(self.ask_file)
        self.paste_button = QPushButton(self.tr("Paste"))
        self.paste_button.clicked.connect(self.paste)
        self.samples = QComboBox()
        self.samples.setToolTip(self.tr("A sample image shipped with cnnlab"))
        self.samples.activated.connect(self._on_sample)
        self.mode = QComboBox()
        for key, text in MODES.items():
            self.mode.addItem(self.tr(text), key)
        self.mode.setToolTip(self.tr("Centred: cut to the bounding box, fit into 20×20 and centre by mass, as MNIST's "
                                     "digits were made. Raw: only shrink the whole drawing."))
        self.mode.currentIndexChanged.connect(self.changed)
        self.steps = PictureView()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setStyleSheet("color: #b00020")
        for box in (self.samples, self.mode, self.colour):  # narrow: the column is the canvas's width
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(6)
        tools = QGridLayout()
        tools.addWidget(QLabel(self.tr("brush:")), 0, 0)
        tools.addWidget(self.brush, 0, 1)
        tools.addWidget(self.colour, 0, 2)
        tools.addWidget(self.undo_button, 1, 0)
        tools.addWidget(self.clear_button, 1, 1)
        tools.addWidget(self.paste_button, 1, 2)
        tools.addWidget(self.open_button, 2, 0)
        tools.addWidget(self.samples, 2, 1, 1, 2)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(tools)
        lay.addWidget(self.canvas)
        lay.addWidget(self.mode)
        lay.addWidget(self.steps)
        lay.addWidget(self.status)
        lay.addStretch(1)
        self.canvas.changed.connect(self.changed)
        self.canvas.changed.connect(self.status.clear)  # a new drawing: a note about the last input no longer applies
        self.canvas.fileDropped.connect(self.open_file)
        QShortcut(QKeySequence.StandardKey.Undo, self, self.canvas.undo)
        QShortcut(QKeySequence.StandardKey.Paste, self, self.paste)
        self._dataset = ""

    # -- the data set ------------------------------------------------------------------------
    def set_dataset(self, dataset: str, channels: int, classes: tuple[str, ...] = ()) -> None:
        """Gray or colour ink, the default preprocessing and the samples of a new data set."""
        self.canvas.set_channels(channels)
        self.colour.setVisible(channels == 3)
        self._on_colour()
        if dataset != self._dataset:
            self._dataset = dataset
            self.mode.blockSignals(True)
            self.mode.setCurrentIndex(self.mode.findData("centred" if dataset in CENTRED_SETS else "raw"))
            self.mode.blockSignals(False)
            self.samples.clear()
            self.samples.addItem(self.tr("sample image…"), None)
            for path in samples_for(dataset):
                self.samples.addItem(sample_title(path.stem[len(dataset) + 1:], classes), str(path))
            self.samples.setEnabled(self.samples.count() > 1)

    def mode_key(self) -> str:
        return str(self.mode.currentData())

    def set_mode(self, key: str) -> None:
        self.mode.setCurrentIndex(self.mode.findData(key))

    # -- sources -------------------------------------------------------------------------------
    def show_array(self, arr: np.ndarray) -> None:
        self.status.clear()
        self.canvas.set_array(arr)

    def open_file(self, path: str | Path) -> bool:
        """Put an image file on the canvas; False and a sentence when it cannot be read."""
        try:
            im = read_image(Path(path))
        except UserError as e:
            self._problem(core_message(str(e)))
            return False
        self.show_array(np.array(im.convert("L" if self.canvas.channels == 1 else "RGB"), dtype=np.uint8))
        return True

    def ask_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open an image"), "",
                                              self.tr("Images ({0});;All files (*)").format(IMAGE_FILTER))
        if path:
            self.open_file(path)

    def paste(self) -> bool:
        """The clipboard's image, or the image file whose path or URL it holds."""
        clip = QGuiApplication.clipboard()
        img = clip.image()
        if not img.isNull():
            self.show_array(qimage_array(img, self.canvas.channels))
            return True
        data = clip.mimeData()
        if data is not None and data.hasUrls() and data.urls()[0].isLocalFile():
            return self.open_file(data.urls()[0].toLocalFile())
        text = clip.text().strip()
        if text and Path(text).expanduser().is_file():
            return self.open_file(Path(text).expanduser())
        self._problem(self.tr("The clipboard holds no image."))
        return False

    def _problem(self, sentence: str) -> None:
        """Say in red why the input did not change (until the canvas next changes)."""
        self.status.setStyleSheet("color: #b00020")
        self.status.setText(sentence)

    def _on_sample(self, index: int) -> None:
        path = self.samples.itemData(index)
        if path:
            self.open_file(path)
        self.samples.setCurrentIndex(0)

    def _on_brush(self, value: int) -> None:
        self.canvas.brush = value

    def _on_colour(self, *_args: object) -> None:
        rgb = self.colour.currentData() or (255, 255, 255)
        self.canvas.set_colour(QColor(*rgb))

    # -- the steps -------------------------------------------------------------------------------
    def show_steps(self, prepared: Preprocessed) -> None:
        steps = prepared.steps[1:] if len(prepared.steps) > 1 else prepared.steps  # the canvas is the first
        tiles = [fit(image_rgb(s.image if s.image.ndim == 2 else s.image.transpose(2, 0, 1)), STEP_SIDE)
                 for s in steps]
        captions = [QCoreApplication.translate("InputBox", STEP_NAMES.get(s.name, s.name)) for s in steps]
        self.steps.set_picture(captioned_grid(tiles, STEP_SIDE, len(tiles), captions, gap=4, width=STEP_WIDTH))
