"""Misclassified tab: the test images the network gets wrong, marked ``pred(true)`` with confidence.

Filter by true or predicted class, sort by confidence, page through 200 at a time; click one for
its probabilities, Grad-CAM overlay and feature maps.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.inspection import Subject, misclassified, predictions
from ui.i18n import add_choices, class_names
from ui.panels.base import InspectionPanel
from ui.panels.detail import ImageDetail, caption, thumbnails
from ui.panels.pictures import captioned_grid
from ui.panels.widgets import WRONG, PictureView
from ui.widgets.layout import scrolling

PAGE = 200  # images per page: one composed picture stays well under a second to draw
CELL = 56  # pixels per image: a 28×28 image at 2×
CELL_WIDTH = 88  # pixels per grid cell across: room for "rectangle(triangle)" under the image
COLUMNS = 8  # images per line at most; fewer when the grid's visible width holds fewer
GAP = 6  # pixels between grid cells (captioned_grid's default)
SORTS = {QT_TRANSLATE_NOOP("MisclassifiedPanel", "most confident first"): "confident",  # shown translated
         QT_TRANSLATE_NOOP("MisclassifiedPanel", "least confident first"): "unsure",
         QT_TRANSLATE_NOOP("MisclassifiedPanel", "test-set order"): "index"}
ANY = QT_TRANSLATE_NOOP("MisclassifiedPanel", "any")


class MisclassifiedPanel(InspectionPanel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.true_box, self.pred_box, self.sort_box = QComboBox(), QComboBox(), QComboBox()
        add_choices(self.sort_box, SORTS, "MisclassifiedPanel")
        self.prev_button, self.next_button = QPushButton(self.tr("◀ Previous")), QPushButton(self.tr("Next ▶"))
        self.page_label = QLabel()
        for box in (self.true_box, self.pred_box, self.sort_box):
            box.currentIndexChanged.connect(self._on_filter)
        # Bound methods only: a lambda holding ``self`` makes PySide delete the panel twice when collected.
        self.prev_button.clicked.connect(self.previous_page)
        self.next_button.clicked.connect(self.next_page)
        controls = QHBoxLayout()
        for w in (QLabel(self.tr("true class:")), self.true_box, QLabel(self.tr("predicted:")), self.pred_box,
                  QLabel(self.tr("sort:")), self.sort_box):
            controls.addWidget(w)
        controls.addStretch(1)
        for nav in (self.prev_button, self.page_label, self.next_button):
            controls.addWidget(nav)
        self.grid = PictureView()
        self.grid.cellClicked.connect(self._on_click)
        self.detail = ImageDetail()
        split = QSplitter()
        self.grid_area = scrolling(self.grid)
        self.grid_area.viewport().installEventFilter(self)  # re-wrap the grid when its visible width changes
        split.addWidget(self.grid_area)
        split.addWidget(scrolling(self.detail))
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 1)
        split.setSizes([560, 280])
        lay = QVBoxLayout(self.content)
        lay.addWidget(self.header)
        lay.addLayout(controls)
        lay.addWidget(split, 1)
        self.indices = np.zeros(0, dtype=np.int64)  # the filtered, sorted mistakes
        self.page = 0
        self._classes: tuple[str, ...] = ()
        self._columns_used = COLUMNS

    def prepare(self, subject: Subject) -> object:
        return predictions(subject)  # the whole test set's forward pass, cached in the subject

    def draw(self, subject: Subject) -> None:
        names = class_names(subject.classes)
        if names != self._classes:  # new class list: rebuild the filters
            self._classes = names
            for box in (self.true_box, self.pred_box):
                box.blockSignals(True)
                box.clear()
                box.addItems([self.tr(ANY), *names])
                box.blockSignals(False)
        self.detail.follow(subject)  # the image looked at stays, seen by the new weights
        self._filter(subject)

    def _filter(self, subject: Subject) -> None:
        p = predictions(subject)
        t, q = self.true_box.currentIndex() - 1, self.pred_box.currentIndex() - 1
        self.indices = misclassified(p, true_class=t if t >= 0 else None, pred_class=q if q >= 0 else None,
                                     sort=SORTS[str(self.sort_box.currentData())])
        wrong = int(p.wrong.sum())
        self.header.setText(self.tr("Misclassified test images of {0}: {1} of {2} wrong (accuracy {3}); "
                                    "caption: predicted(true) and confidence").format(
            self.title(subject), wrong, len(p.pred), f"{p.accuracy:.1%}"))
        self.page = 0
        self._draw_page()

    def _on_filter(self, _index: int) -> None:
        self.redraw(self._filter)

    def previous_page(self) -> None:
        self._turn(-1)

    def next_page(self) -> None:
        self._turn(1)

    def _turn(self, step: int) -> None:
        pages = max(1, -(-len(self.indices) // PAGE))
        self.page = min(max(self.page + step, 0), pages - 1)
        self._draw_page()

    def page_indices(self) -> np.ndarray:
        return self.indices[self.page * PAGE:(self.page + 1) * PAGE]

    def _draw_page(self) -> None:
        s = self.subject
        if s is None:
            return
        shown = self.page_indices()
        n = len(self.indices)
        first = self.page * PAGE
        self.page_label.setText(self.tr("{0}–{1} of {2}").format(first + 1, first + len(shown), n) if n
                                else self.tr("no mistakes match"))
        self.prev_button.setEnabled(self.page > 0)
        self.next_button.setEnabled(first + len(shown) < n)
        p = predictions(s)
        names = class_names(s.classes)
        captions = [caption(names, int(p.pred[i]), int(p.true[i]), float(p.confidence[i])) for i in shown]
        self._columns_used = self.columns()
        self.grid.set_picture(captioned_grid(thumbnails(s, shown, CELL), CELL, self._columns_used, captions,
                                             [WRONG] * len(shown), caption_lines=2, width=CELL_WIDTH))

    def columns(self) -> int:
        """Images per line that fit the grid's visible width (COLUMNS at most, 2 at least)."""
        width = self.grid_area.viewport().width()
        if width < 100:  # not laid out yet
            return COLUMNS
        return max(2, min(COLUMNS, (width - GAP) // (CELL_WIDTH + GAP)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.grid_area.viewport() and event.type() == QEvent.Type.Resize and not self._dirty
                and self.subject is not None and self.isVisible() and self.columns() != self._columns_used):
            self._draw_page()
        return super().eventFilter(watched, event)

    def _on_click(self, cell: int) -> None:
        shown = self.page_indices()
        if self.subject is not None and 0 <= cell < len(shown):
            self.show_detail(int(shown[cell]))

    def show_detail(self, index: int) -> None:
        """Show test image ``index`` in the detail pane."""
        if self.subject is not None:
            self.detail.show_image(self.subject, index)
            self.imageChosen.emit(index)

    def inspect(self, image: int) -> None:
        if self.subject is not None and 0 <= image < len(self.subject.test):
            self.detail.show_image(self.subject, image)
