"""Two runs compared: the settings that differ, per-class accuracy side by side, both runs' curves,
and the prediction flips as image grids, each image captioned with its class and both predictions.

Everything shown comes from one :class:`cnnlab.runs.compare.Comparison`, computed off the GUI thread.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cnnlab.cli_format import percent
from cnnlab.runs.compare import Comparison, curves_of
from ui.i18n import class_names, config_label, config_value, core_message, dataset_label, run_label
from ui.panels.detail import thumbnails
from ui.panels.pictures import Picture, captioned_grid
from ui.panels.widgets import RIGHT, WRONG, PictureView
from ui.widgets.layout import scrolling

COLOR_A, COLOR_B = "#0072B2", "#D55E00"  # the curves' first two Okabe–Ito hues: A blue, B orange
FLIPS_SHOWN = 200  # images per grid: one composed picture stays quick to draw
CELL = 56  # pixels per image: a 28×28 image at 2× (as the Misclassified tab)
CELL_WIDTH = 92  # pixels per grid cell across: room for "B: rectangle" under the image
COLUMNS = 8  # images per line at most; fewer when the grid's visible width holds fewer
GAP = 6  # pixels between grid cells (captioned_grid's default)
LINE = 13  # pixels per caption line at the captions' 10-pixel font
BETTER, WORSE = QColor(20, 120, 40), QColor(200, 30, 30)  # B − A above and below zero
FIT_MAX_WIDTH = 420  # pixels: a table wider than this scrolls, leaving room for the curves
SPLIT = (300, 420)  # pixels of the tables and curves, and of the flip grids, before the window resizes them
TABLES_SPLIT = (150, 170)  # pixels of the settings (SETTINGS_ROWS rows and a title) and the per-class tables
ROW_PADDING = 6  # pixels above and below a table row's text: compact rows, ten classes fit
SETTINGS_ROWS = 4  # settings rows shown before their table scrolls
WHOLE_EPOCHS = 12  # up to this many epochs the x axis ticks every epoch; more get pyqtgraph's own ticks
CURVES_WIDTH = 300  # pixels: two small plots side by side stay readable
KINDS = ("a_only_right", "b_only_right", "both_wrong")  # the three flip grids, in tab order


def flip_picture(comparison: Comparison, indices: np.ndarray, cols: int) -> Picture:
    """Test images ``indices`` in a grid; under each: its class, then A's and B's predictions
    (green when right, red when wrong)."""
    a, b = comparison.a.predictions, comparison.b.predictions
    classes = class_names(comparison.classes)  # in the window's language
    tiles = thumbnails(comparison.a.subject, indices, CELL)
    picture = captioned_grid(tiles, CELL, cols, [" "] * len(tiles), caption_lines=3, width=CELL_WIDTH)
    labels = []
    for i, box in zip(indices, picture.labels, strict=True):
        true, pa, pb = int(a.true[i]), int(a.pred[i]), int(b.pred[i])
        lines = ((classes[true], (30, 30, 30), True),
                 (f"A: {classes[pa]}", RIGHT if pa == true else WRONG, False),
                 (f"B: {classes[pb]}", RIGHT if pb == true else WRONG, False))
        for k, (text, color, bold) in enumerate(lines):
            labels.append(replace(box, y=box.y + k * LINE, h=LINE, text=text, color=color, bold=bold))
    picture.labels = labels
    return picture


def _item(text: str, align_right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if align_right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class ComparisonView(QWidget):
    """Shows one comparison; empty until :meth:`show_comparison`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.comparison: Comparison | None = None
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.noise = QLabel()  # whether the difference beats seed-to-seed variation, when repeats tell
        self.noise.setWordWrap(True)
        self.noise.setObjectName("hint")
        self.config_table = QTableWidget(0, 3)
        self.class_table = QTableWidget(0, 5)
        for table in (self.config_table, self.class_table):
            table.verticalHeader().setVisible(False)
            table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + ROW_PADDING)
            table.setAlternatingRowColors(True)
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.config_table.setHorizontalHeaderLabels([self.tr("Setting"), "A", "B"])
        self.class_table.setHorizontalHeaderLabels([self.tr("Class"), self.tr("Images"), "A", "B", "B − A"])
        self.curves = pg.GraphicsLayoutWidget()
        self.curves.setBackground("w")
        self.loss_plot = self._plot(self.tr("Loss"), self.tr("loss"))
        self.acc_plot = self._plot(self.tr("Validation accuracy"), self.tr("accuracy (%)"))
        self.curves.setMinimumWidth(CURVES_WIDTH)

        self.flip_tabs = QTabWidget()
        self.flip_tabs.setDocumentMode(True)
        self.grids: dict[str, PictureView] = {}
        self.notes: dict[str, QLabel] = {}
        self.areas: dict[str, QScrollArea] = {}
        for kind in KINDS:
            page = QWidget()
            lay = QVBoxLayout(page)
            lay.setContentsMargins(0, 4, 0, 0)
            note = QLabel()
            note.setObjectName("hint")
            note.setWordWrap(True)
            grid = PictureView()
            area = scrolling(grid)
            area.viewport().installEventFilter(self)  # re-wrap the grids when their width changes
            lay.addWidget(note)
            lay.addWidget(area, 1)
            self.grids[kind], self.notes[kind], self.areas[kind] = grid, note, area
            self.flip_tabs.addTab(page, "")
        self._columns_used = COLUMNS

        def titled(title: str, widget: QWidget) -> QWidget:
            box = QWidget()
            lay = QVBoxLayout(box)
            lay.setContentsMargins(0, 0, 0, 0)
            label = QLabel(title)
            label.setObjectName("sectionTitle")
            label.setWordWrap(True)
            lay.addWidget(label)
            lay.addWidget(widget, 1)
            return box

        tables = QSplitter(Qt.Orientation.Vertical)
        tables.addWidget(titled(self.tr("Settings that differ"), self.config_table))
        tables.addWidget(titled(self.tr("Per-class test accuracy"), self.class_table))
        tables.setStretchFactor(0, 1)
        tables.setStretchFactor(1, 2)
        tables.setChildrenCollapsible(False)
        tables.setSizes(list(TABLES_SPLIT))
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(tables)
        top.addWidget(titled(self.tr("Curves (A blue, B orange; solid: training, dashed: validation)"), self.curves))
        top.setStretchFactor(0, 2)
        top.setStretchFactor(1, 3)
        top.setChildrenCollapsible(False)
        flips = titled(self.tr("Prediction flips on the test set (under each image: its class, then A's and "
                               "B's predictions)"), self.flip_tabs)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(top)
        self.splitter.addWidget(flips)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes(list(SPLIT))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.noise)
        layout.addWidget(self.splitter, 1)

    def _plot(self, title: str, y_label: str) -> pg.PlotItem:
        plot = self.curves.addPlot()  # side by side: loss, then accuracy
        plot.setTitle(title, color="#333", size="10pt")
        plot.setLabel("left", y_label)
        plot.setLabel("bottom", self.tr("epoch"))
        for side in ("left", "bottom"):  # plain numbers: no "(x0.001)" scale after the axis title
            plot.getAxis(side).enableAutoSIPrefix(False)
        plot.showGrid(x=True, y=True, alpha=0.2)
        return plot

    # ---------------------------------------------------------------- showing
    def counts(self) -> dict[str, int]:
        """How many test images each flip grid holds (all of them, not only those drawn)."""
        c = self.comparison
        return {} if c is None else {k: len(getattr(c.flips, k)) for k in KINDS}

    def show_comparison(self, comparison: Comparison) -> None:
        self.comparison = comparison
        a, b = comparison.a, comparison.b
        self.title.setText(self.tr("<b>A</b>: {0} — test accuracy {1}<br><b>B</b>: {2} — test accuracy {3} "
                                   "(both on the {4} test split, {5} images)").format(
            html.escape(run_label(a.record.config, a.record.path, with_date=True)), percent(a.accuracy, 1, missing="–"),
            html.escape(run_label(b.record.config, b.record.path, with_date=True)), percent(b.accuracy, 1, missing="–"),
            html.escape(dataset_label(str(a.record.config.get("dataset", "")))), len(comparison.test)))
        noise = comparison.noise
        self.noise.setText(core_message(noise.sentence()) if noise is not None else "")
        self.noise.setVisible(noise is not None)
        self._fill_config(comparison)
        self._fill_classes(comparison)
        self._draw_curves(comparison)
        names = {"a_only_right": self.tr("Right in A only ({0})"), "b_only_right": self.tr("Right in B only ({0})"),
                 "both_wrong": self.tr("Wrong in both ({0})")}
        for i, kind in enumerate(KINDS):
            self.flip_tabs.setTabText(i, names[kind].format(len(getattr(comparison.flips, kind))))
        self._draw_grids()

    def _fill_config(self, c: Comparison) -> None:
        diff = c.config_diff
        self.config_table.setRowCount(max(1, len(diff)))
        if not diff:
            self.config_table.setSpan(0, 0, 1, 3)
            self.config_table.setItem(0, 0, _item(self.tr("The two runs have the same settings.")))
            self._fit_height(self.config_table, SETTINGS_ROWS)
            return
        self.config_table.clearSpans()
        for r, d in enumerate(diff):
            for col, text in enumerate((config_label(d.key), config_value(d.key, d.a), config_value(d.key, d.b))):
                item = _item(text)
                if col and d.key == "model":
                    item.setToolTip(str(d.a if col == 1 else d.b))  # a design's whole path
                self.config_table.setItem(r, col, item)
        self._fit(self.config_table)
        self._fit_height(self.config_table, SETTINGS_ROWS)

    @staticmethod
    def _fit(table: QTableWidget) -> None:
        """As wide as its columns (and a scroll bar), so no number is cut."""
        table.resizeColumnsToContents()
        bar = table.verticalScrollBar().sizeHint().width()
        width = table.horizontalHeader().length() + 2 * table.frameWidth() + bar
        table.setMinimumWidth(min(width, FIT_MAX_WIDTH))

    @staticmethod
    def _fit_height(table: QTableWidget, rows: int) -> None:
        """Only as tall as its first ``rows`` rows (the rest scroll), so the table below gets the room."""
        shown = min(rows, table.rowCount())
        height = table.horizontalHeader().height() + 2 * table.frameWidth() + sum(
            table.rowHeight(r) for r in range(shown)) + table.horizontalScrollBar().sizeHint().height()
        table.setMaximumHeight(height)

    def _fill_classes(self, c: Comparison) -> None:
        rows = c.per_class()
        names = class_names(name for name, *_ in rows)
        self.class_table.setRowCount(len(rows))
        for r, ((_, n, acc_a, acc_b), name) in enumerate(zip(rows, names, strict=True)):
            diff = None if acc_a is None or acc_b is None else acc_b - acc_a
            texts = (name, str(n), percent(acc_a, 1, missing="–"), percent(acc_b, 1, missing="–"),
                     "–" if diff is None else f"{100 * diff:+.1f}")
            for col, text in enumerate(texts):
                item = _item(text, align_right=col > 0)
                if col == 4 and diff:
                    item.setForeground(BETTER if diff > 0 else WORSE)
                self.class_table.setItem(r, col, item)
        self._fit(self.class_table)

    def _draw_curves(self, c: Comparison) -> None:
        epochs = max(len(c.a.record.metrics), len(c.b.record.metrics))
        for plot in (self.loss_plot, self.acc_plot):
            plot.clear()
            axis = plot.getAxis("bottom")
            if epochs <= WHOLE_EPOCHS:
                axis.setTickSpacing(1, 1)  # whole epochs: "1.5" is no point of a per-epoch curve
            else:
                axis.setTickSpacing()
        for side, color in ((c.a, COLOR_A), (c.b, COLOR_B)):
            curves = curves_of(side.record)
            x = np.array(curves["epoch"], dtype=float)
            for key, plot, dashed, scale in (("train_loss", self.loss_plot, False, 1.0),
                                             ("val_loss", self.loss_plot, True, 1.0),
                                             ("val_acc", self.acc_plot, True, 100.0)):
                y = np.array([np.nan if v is None else scale * v for v in curves[key]], dtype=float)
                if len(x) and np.isfinite(y).any():
                    pen = pg.mkPen(color, width=2, style=Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)
                    plot.plot(x, y, pen=pen, symbol="o" if dashed else None, symbolSize=5, symbolBrush=color,
                              symbolPen=color, connect="finite")

    def columns(self) -> int:
        """Images per line that fit the grids' visible width (COLUMNS at most, 2 at least)."""
        width = max(area.viewport().width() for area in self.areas.values())
        if width < 100:  # not laid out yet
            return COLUMNS
        return max(2, min(COLUMNS, (width - GAP) // (CELL_WIDTH + GAP)))

    def _draw_grids(self) -> None:
        c = self.comparison
        if c is None:
            return
        self._columns_used = self.columns()
        what = {"a_only_right": self.tr("right in A and wrong in B"),
                "b_only_right": self.tr("right in B and wrong in A"),
                "both_wrong": self.tr("wrong in both runs")}
        for kind in KINDS:
            indices: np.ndarray = getattr(c.flips, kind)
            shown = indices[:FLIPS_SHOWN]
            self.grids[kind].set_picture(flip_picture(c, shown, self._columns_used) if len(shown) else None)
            if not len(indices):
                note = self.tr("No test image is {0}.").format(what[kind])
            elif len(shown) < len(indices):
                note = self.tr("{0} test images are {1}; the first {2} in test-set order are shown.").format(
                    len(indices), what[kind], len(shown))
            else:
                note = self.tr("{0} test images are {1}, in test-set order.").format(len(indices), what[kind])
            self.notes[kind].setText(note)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.Resize and self.comparison is not None and self.isVisible()
                and any(watched is area.viewport() for area in self.areas.values())
                and self.columns() != self._columns_used):
            self._draw_grids()
        return super().eventFilter(watched, event)

    def shown_indices(self, kind: str) -> Sequence[int]:
        """The test indices drawn in one grid, in order (tests and tools)."""
        c = self.comparison
        return [] if c is None else [int(i) for i in getattr(c.flips, kind)[:FLIPS_SHOWN]]
