"""Builders that lay out tiles, tables and rows of maps as one picture plus its text labels.

Each builder returns a :class:`Picture`: an RGB array, the labels to paint on it and the grid that
maps a click back to a cell. ``PictureView`` turns it into a single pixmap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from cnnlab.inspection.mosaic import GridLayout, compose, tile_layout
from ui.imaging import Label, text_width

BACKGROUND = 255  # white page, as the lecture's figures
CAPTION = 15  # pixels of caption under a tile: one line of 11 px text
HEADER = 18  # pixels of a row or column title


@dataclass
class Picture:
    """An RGB array (H, W, 3), its labels, and the grid (if any) whose cells can be clicked."""

    array: np.ndarray
    labels: list[Label] = field(default_factory=list)
    grid: GridLayout | None = None

    def cell_at(self, y: int, x: int) -> int | None:
        return None if self.grid is None else self.grid.index_at(y, x)


def captioned_grid(tiles: Sequence[np.ndarray], cell: int, cols: int,
                   captions: Sequence[str] = (),  # none: no caption space
                   caption_colors: Sequence[tuple[int, int, int]] = (),  # missing entries: near-black
                   gap: int = 6,  # pixels between cells: tiles stay apart, captions do not touch
                   caption_lines: int = 1,
                   width: int | None = None,  # None: square cells; wider cells leave room for long captions
                   ) -> Picture:
    """Tiles (each at most ``cell`` pixels, centred in cells ``width`` wide) in rows of ``cols``,
    with an optional caption under each."""
    cap_h = (CAPTION - 2) * caption_lines + 2 if captions else 0
    cw = max(cell, width or cell)
    layout = tile_layout(len(tiles), cols, (cell, cw), gap, caption=cap_h, left=gap // 2)
    arr = compose(tiles, layout, BACKGROUND)
    arr = np.pad(arr, ((0, 0), (0, gap // 2), (0, 0)), constant_values=BACKGROUND)  # room for the last caption
    labels = []
    for i, text in enumerate(captions):
        y, x = layout.origin(i)
        color = caption_colors[i] if i < len(caption_colors) else (30, 30, 30)
        labels.append(Label(x - gap // 2, y + cell, cw + gap, cap_h, text, color, size=10))
    return Picture(arr, labels, layout)


def matrix(colors: np.ndarray, texts: Sequence[Sequence[str]], row_labels: Sequence[str],
           col_labels: Sequence[str], cell: tuple[int, int],
           text_colors: np.ndarray | None = None,  # (R, C, 3); None: near-black everywhere
           row_tiles: Sequence[np.ndarray] = (),  # none: no picture column
           corner: str = "",  # a title above the row labels, e.g. "true \\ predicted"
           font: int = 11,  # pixel size: readable on a laptop screen
           ) -> Picture:
    """A table: cells coloured by ``colors`` (R, C, 3) with ``texts``; labelled rows and columns.

    Column labels turn vertical when they do not fit the cell width; ``row_tiles`` (small pictures,
    e.g. the kernels) go between the row labels and the cells.
    """
    rows, cols = colors.shape[:2]
    ch, cw = cell
    left = max([text_width(t, font) for t in row_labels] + [text_width(corner, font - 1) if corner else 0]) + 10
    tile = ch if row_tiles else 0
    vertical = any(text_width(t, font) > cw - 4 for t in col_labels)
    top = (max([text_width(t, font) for t in col_labels] + [0]) + 10) if vertical else HEADER + 4
    layout = GridLayout(count=rows * cols, cols=cols, cell=(ch, cw), gap=2, left=left + tile + (6 if tile else 0),
                        top=top)
    h, w = layout.size
    arr = np.full((h, w, 3), BACKGROUND, dtype=np.uint8)
    labels: list[Label] = []
    for r in range(rows):
        for c in range(cols):
            y, x = layout.origin(r * cols + c)
            arr[y:y + ch, x:x + cw] = colors[r, c]
            color = tuple(int(v) for v in text_colors[r, c]) if text_colors is not None else (30, 30, 30)
            if texts[r][c]:
                labels.append(Label(x, y, cw, ch, texts[r][c], color, size=font))  # type: ignore[arg-type]  # colour tuples are (r, g, b)
        y0, _ = layout.origin(r * cols)
        labels.append(Label(0, y0, left - 6, ch, row_labels[r], align="right", size=font))
        if r < len(row_tiles):
            t = row_tiles[r]
            arr[y0:y0 + t.shape[0], left:left + t.shape[1]] = t[:ch, :tile]
    for c, text in enumerate(col_labels):
        _, x = layout.origin(c)
        if vertical:
            labels.append(Label(x, 0, cw, top - 4, text, size=font, vertical=True))
        else:
            labels.append(Label(x - 1, 0, cw + 2, top - 4, text, size=font))
    if corner:
        labels.append(Label(0, 0, left + tile, top - 4, corner, (110, 110, 110), align="left", size=font - 1))
    return Picture(arr, labels, layout)


@dataclass
class Row:
    """One row of maps: a title at the left and tiles side by side, each with a short caption."""

    title: str
    tiles: list[np.ndarray]
    captions: list[str]
    note: str = ""  # second line under the title (e.g. "first 32 of 64")


def rows_of_maps(rows: Sequence[Row], cell: int, per_line: int,
                 gap: int = 4,  # pixels between maps: the lecture's figures keep them close
                 ) -> Picture:
    """The lecture's layout: one row per layer, maps side by side, wrapping after ``per_line`` maps."""
    title_w = max([text_width(r.title, 12, bold=True) for r in rows] + [60]) + 14
    line_h = cell + CAPTION
    heights = [max(1, -(-len(r.tiles) // per_line)) * (line_h + gap) for r in rows]
    width = title_w + per_line * (cell + gap)
    height = sum(heights) + gap * len(rows) + 2
    arr = np.full((height, width, 3), BACKGROUND, dtype=np.uint8)
    labels: list[Label] = []
    y = 2
    for row, rh in zip(rows, heights, strict=False):
        labels.append(Label(4, y, title_w - 8, 18, row.title, align="left", size=12, bold=True))
        if row.note:
            labels.append(Label(4, y + 18, title_w - 8, 16, row.note, (110, 110, 110), align="left", size=10))
        if row.tiles:
            n = len(row.tiles)
            lines = -(-n // per_line)
            cols = -(-n // lines)  # balanced lines: 16 maps in two lines of 8, not 9 + 7
            layout = GridLayout(count=n, cols=cols, cell=(cell, cell), gap=gap, caption=CAPTION)
            block = compose(row.tiles, layout, BACKGROUND)
            arr[y:y + block.shape[0], title_w:title_w + block.shape[1]] = block
            for i, text in enumerate(row.captions):
                ty, tx = layout.origin(i)
                labels.append(Label(title_w + tx - 2, y + ty + cell, cell + 4, CAPTION, text, (90, 90, 90), size=10))
        y += rh
        arr[y - 1 + gap // 2, 4:width - 4] = 225  # a faint rule between layers
        y += gap
    return Picture(arr, labels, None)


def side_by_side(pictures: Sequence[Picture],
                 gap: int = 24,  # pixels between the pictures: clearly two figures
                 ) -> Picture:
    """Pictures next to each other, tops aligned; labels move with them (grids are dropped)."""
    h = max(p.array.shape[0] for p in pictures)
    w = sum(p.array.shape[1] for p in pictures) + gap * (len(pictures) - 1)
    arr = np.full((h, w, 3), BACKGROUND, dtype=np.uint8)
    labels: list[Label] = []
    x = 0
    for p in pictures:
        ph, pw = p.array.shape[:2]
        arr[:ph, x:x + pw] = p.array
        labels += [Label(lab.x + x, lab.y, lab.w, lab.h, lab.text, lab.color, lab.align, lab.size, lab.bold,
                         lab.vertical) for lab in p.labels]
        x += pw + gap
    return Picture(arr, labels, None)


def stacked(pictures: Sequence[Picture],
            gap: int = 24,  # pixels between the pictures: clearly two figures
            ) -> Picture:
    """Pictures one above the other, left edges aligned; labels move with them (grids are dropped)."""
    h = sum(p.array.shape[0] for p in pictures) + gap * (len(pictures) - 1)
    w = max(p.array.shape[1] for p in pictures)
    arr = np.full((h, w, 3), BACKGROUND, dtype=np.uint8)
    labels: list[Label] = []
    y = 0
    for p in pictures:
        ph, pw = p.array.shape[:2]
        arr[y:y + ph, :pw] = p.array
        labels += [Label(lab.x, lab.y + y, lab.w, lab.h, lab.text, lab.color, lab.align, lab.size, lab.bold,
                         lab.vertical) for lab in p.labels]
        y += ph + gap
    return Picture(arr, labels, None)


def beside_width(pictures: Sequence[Picture], gap: int = 24) -> int:
    """Pixels across :func:`side_by_side` of ``pictures`` (with its default gap)."""
    return sum(p.array.shape[1] for p in pictures) + gap * (len(pictures) - 1)


def fitted(pictures: Sequence[Picture], width: int) -> Picture:
    """Side by side when that is at most ``width`` pixels wide, else one above the other (nothing cut off)."""
    return side_by_side(pictures) if beside_width(pictures) <= width else stacked(pictures)


def tile_table(tiles: Sequence[Sequence[np.ndarray | None]], row_labels: Sequence[str], col_labels: Sequence[str],
               cell: int) -> Picture:
    """A table whose cells are pictures (None leaves a cell blank), with row and column titles."""
    cols = max((len(r) for r in tiles), default=0)
    colours = np.full((len(tiles), cols, 3), BACKGROUND, dtype=np.uint8)
    pic = matrix(colours, [[""] * cols for _ in tiles], row_labels, list(col_labels)[:cols], (cell, cell))
    grid = pic.grid
    assert grid is not None
    for r, line in enumerate(tiles):
        for c, t in enumerate(line):
            if t is None:
                continue
            y, x = grid.origin(r * cols + c)
            h, w = min(t.shape[0], cell), min(t.shape[1], cell)
            y, x = y + (cell - h) // 2, x + (cell - w) // 2
            pic.array[y:y + h, x:x + w] = t[:h, :w]
    return pic
