"""Confusion tab: the confusion matrix (rows = true class, columns = predicted) with counts and
per-class accuracy; click a cell to see its images, click an image to look at it closely."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from cnnlab.inspection import Confusion, Subject, cell_indices, confusion, misclassified, predictions
from cnnlab.inspection.mosaic import colorize
from ui.i18n import class_names
from ui.imaging import text_width
from ui.panels.base import InspectionPanel
from ui.panels.detail import ImageDetail, caption, thumbnails
from ui.panels.pictures import Picture, captioned_grid, matrix
from ui.panels.widgets import RIGHT, WRONG, PictureView
from ui.widgets.layout import scrolling

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls
MAX_IMAGES = 200  # images of one cell drawn at once (the Misclassified tab pages through all)
CELL_IMAGE = 56  # pixels per image of a cell
CELL_WIDTH = 92  # pixels per grid cell across: room for a "pred(true)" caption
IMAGE_COLUMNS = 5  # images per line at most; fewer when the side beside the matrix is narrower
GRID_GAP = 6  # pixels between the images (captioned_grid's default)
MATRIX_MARGIN = 24  # pixels around the matrix picture in its scroll area (frame and a scroll bar)
MIN_IMAGES_WIDTH = 320  # pixels the images beside the matrix keep when the matrix is widened to fit


def cell_size(k: int) -> tuple[int, int]:
    """(height, width) of a matrix cell: the matrix and its accuracy column fit ~560 pixels for up to
    ten classes (roomy for the chapter's 5–10), and stay compact for 100."""
    side = int(np.clip(440 // max(k, 1), 16, 56))
    return side, max(side, 40) if k <= 20 else side


def confusion_picture(cm: Confusion, classes: tuple[str, ...]) -> Picture:
    """Counts coloured by their share of the row, plus a last column with each class's accuracy."""
    k = len(classes)
    share = cm.row_share  # (K, K)
    colours = colorize(share, "Blues", 0.0, 1.0)  # (K, K, 3)
    acc = cm.per_class_accuracy
    acc_colours = colorize(np.nan_to_num(acc, nan=0.0) * 0.6, "Greens", 0.0, 1.0)[:, None, :]  # (K, 1, 3)
    colours = np.concatenate([colours, acc_colours], axis=1)
    ch, cw = cell_size(k)
    show_text = cw >= 28
    texts = [[(str(cm.matrix[r, c]) if show_text else "") for c in range(k)]
             + [("–" if np.isnan(acc[r]) else f"{acc[r]:.0%}") if show_text else ""] for r in range(k)]
    text_colors = np.full((k, k + 1, 3), 30, dtype=int)
    text_colors[:, :k][share > 0.55] = 255  # white on dark blue
    acc_word = translate("ConfusionPanel", "accuracy")
    acc_title = acc_word if text_width(acc_word) <= cw - 4 else translate("ConfusionPanel", "acc.")  # digits upright
    return matrix(colours, texts, list(classes), [*classes, acc_title], (ch, cw), text_colors=text_colors,
                  corner=translate("ConfusionPanel", "true \\ predicted"), font=11 if k <= 20 else 9)


class ConfusionPanel(InspectionPanel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.header.setWordWrap(True)
        self.matrix_view = PictureView()
        self.matrix_view.cellClicked.connect(self._on_cell)
        self.cell_title = QLabel(self.tr("Click a cell to see its images; click the accuracy column for a class's "
                                         "mistakes."))
        self.cell_title.setWordWrap(True)
        self.images = PictureView()
        self.images.cellClicked.connect(self._on_image)
        self.detail = ImageDetail()
        right = QWidget()
        right_lay = QVBoxLayout(right)
        right_lay.addWidget(self.cell_title)
        right_lay.addWidget(self.images)
        right_lay.addWidget(self.detail)
        right_lay.addStretch(1)
        self.right_layout = right_lay
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.addWidget(scrolling(self.matrix_view))
        self.right_area = scrolling(right)
        self.right_area.viewport().installEventFilter(self)  # a narrower side re-wraps the images
        self.split.addWidget(self.right_area)
        self._columns_used = IMAGE_COLUMNS
        self.split.setSizes([620, 580])
        self.split.installEventFilter(self)  # a narrower tab shrinks both sides: the matrix is fitted again
        lay = QVBoxLayout(self.content)
        lay.addWidget(self.header)
        lay.addWidget(self.split, 1)
        self.cm: Confusion | None = None
        self.cell: tuple[int, int] | None = None  # (true, predicted); predicted = K for "mistakes of a class"
        self.cell_images = np.zeros(0, dtype=np.int64)

    def prepare(self, subject: Subject) -> object:
        return predictions(subject)  # the whole test set's forward pass, cached in the subject

    def draw(self, subject: Subject) -> None:
        p = predictions(subject)
        self.cm = confusion(p)
        self.header.setText(self.tr("Confusion matrix of {0}: accuracy {1} on {2} test images. Rows: true class, "
                                    "columns: predicted class; colour: share of the row.").format(
            self.title(subject), f"{self.cm.accuracy:.1%}", len(p.pred)))
        self.matrix_view.set_picture(confusion_picture(self.cm, class_names(subject.classes)))
        self._fit_matrix()
        self.detail.follow(subject)
        if self.cell is not None and max(self.cell) <= len(subject.classes):
            self.select_cell(*self.cell)
        else:
            self.cell = None
            self.images.set_picture(None)

    def _fit_matrix(self) -> None:
        """Widen the matrix side when the whole matrix would not show, if the image side keeps its room."""
        left, right = self.split.sizes()
        needed = self.matrix_view.sizeHint().width() + MATRIX_MARGIN
        if left < needed <= left + right - MIN_IMAGES_WIDTH:
            self.split.setSizes([needed, left + right - needed])

    def _on_cell(self, index: int) -> None:
        k = len(self.subject.classes) if self.subject is not None else 0
        r, c = divmod(index, k + 1)
        self.select_cell(r, c)

    def select_cell(self, true_class: int, pred_class: int) -> None:
        """Show the images of one cell; ``pred_class`` = number of classes means "all mistakes of the class"."""
        s = self.subject
        if s is None:
            return
        self.cell = (true_class, pred_class)
        p = predictions(s)
        k = len(s.classes)
        names = class_names(s.classes)
        if pred_class == k:
            idx = misclassified(p, true_class=true_class)
            what = self.tr("{0} mistakes on true class {1}").format(len(idx), names[true_class])
        else:
            idx = cell_indices(p, true_class, pred_class)
            what = self.tr("{0} images of true class {1} predicted as {2}").format(
                len(idx), names[true_class], names[pred_class])
        self.cell_images = idx[:MAX_IMAGES]
        more = self.tr(" (first {0} shown)").format(MAX_IMAGES) if len(idx) > MAX_IMAGES else ""
        self.cell_title.setText(what + more + self.tr(". Click one to look at it closely."))
        captions = [caption(names, int(p.pred[i]), int(p.true[i]), float(p.confidence[i]))
                    for i in self.cell_images]
        colors = [RIGHT if p.pred[i] == p.true[i] else WRONG for i in self.cell_images]
        self._columns_used = self.image_columns()
        self.images.set_picture(captioned_grid(thumbnails(s, self.cell_images, CELL_IMAGE), CELL_IMAGE,
                                               self._columns_used, captions, colors, GRID_GAP, caption_lines=2,
                                               width=CELL_WIDTH))

    def image_columns(self) -> int:
        """Images per line that fit the side beside the matrix (IMAGE_COLUMNS at most, 1 at least)."""
        margins = self.right_layout.contentsMargins()
        width = self.right_area.viewport().width() - margins.left() - margins.right()
        return max(1, min(IMAGE_COLUMNS, (width - GRID_GAP) // (CELL_WIDTH + GRID_GAP)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.split and event.type() == QEvent.Type.Resize and self.cm is not None:
            QTimer.singleShot(0, self._fit_matrix)  # after the splitter has shared out its new width
        if (watched is self.right_area.viewport() and event.type() == QEvent.Type.Resize and self.cell is not None
                and self.image_columns() != self._columns_used):
            self.select_cell(*self.cell)
        return super().eventFilter(watched, event)

    def _on_image(self, cell: int) -> None:
        if self.subject is not None and 0 <= cell < len(self.cell_images):
            self.detail.show_image(self.subject, int(self.cell_images[cell]))
            self.imageChosen.emit(int(self.cell_images[cell]))

    def inspect(self, image: int) -> None:
        if self.subject is not None and 0 <= image < len(self.subject.test):
            self.detail.show_image(self.subject, image)
