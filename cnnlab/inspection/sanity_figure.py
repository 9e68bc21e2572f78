"""The sanity check as the paper draws it: per method a strip of maps, the real one first, then after each
randomised step, with the rank correlation under each; drawn with matplotlib's object API (no pyplot, so
safe off the GUI thread) and written as PNG, PDF or SVG. ``cnnlab explain --sanity --out`` and the Lab's
export use it; the window passes its translated texts and a font with Chinese glyphs."""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from cnnlab.errors import UserError
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.inspection.sanity import SanityReport

STRIP_FORMATS = {".png": "png", ".pdf": "pdf", ".svg": "svg"}  # the strip's suffixes and matplotlib's format names
TILE_INCHES = 1.1  # a map's side in the figure: 8 maps and the row titles fit an A4 page's width
DPI = 110  # sharp on paper and on screens, as the report's figures


@dataclass(frozen=True)
class StripTexts:
    """Every word of the figure, English by default; the window passes its translations."""

    image: str = "image"
    real: str = "real"
    rho: str = "ρ = {0}"
    titles: Mapping[str, str] = field(default_factory=dict)  # method -> its title (default: the method's key)
    verdicts: Mapping[str, str] = field(default_factory=dict)  # method -> a line under its title
    heading: str = ""
    font_family: str | None = None  # a family with Chinese glyphs when the texts need it


def strip_format(path: Path) -> str:
    """The matplotlib format ``path``'s suffix asks for; one sentence listing the suffixes otherwise."""
    fmt = STRIP_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "The sanity strip is written as .png, .pdf or .svg, not "
                                                         "{suffix} ({file})."),
                        suffix=path.suffix or "a file without a suffix", file=path.name)
    return fmt


def strip_figure(report: SanityReport, rgb: np.ndarray, texts: StripTexts | None = None) -> Figure:
    """The strips of every checked method for the image ``rgb`` (H, W, 3) uint8: one row per method."""
    from cnnlab.inspection.explain import heat_colours

    t = texts or StripTexts()
    names = list(report.methods)
    columns = 2 + len(report.steps)  # the image, the real map, one per step
    rows = max(len(names), 1)
    fig = Figure(figsize=(TILE_INCHES * columns + 1.6, (TILE_INCHES + 0.45) * rows + 0.5))
    fonts: dict[str, Any] = {"fontfamily": [t.font_family, "DejaVu Sans"]} if t.font_family else {}
    if t.heading:
        fig.suptitle(t.heading, fontsize=10, **fonts)
    heads = [t.image, t.real, *report.step_names()]
    for r, name in enumerate(names):
        m = report.methods[name]
        tiles = [rgb, *(heat_colours(mp, name) for mp in m.maps)]
        under = ["", "", *(t.rho.format(f"{c:.2f}") for c in m.rank_correlation)]
        for c, (tile, text) in enumerate(zip(tiles, under, strict=True)):
            ax = fig.add_subplot(rows, columns, r * columns + c + 1)
            ax.imshow(tile, interpolation="nearest")
            ax.set_xticks([])
            ax.set_yticks([])
            if r == 0:
                ax.set_title(heads[c], fontsize=8, **fonts)
            if text:
                ax.set_xlabel(text, fontsize=8, **fonts)
            if c == 0:
                label = t.titles.get(name, name)
                verdict = t.verdicts.get(name, "")
                ax.set_ylabel(f"{label}\n{verdict}" if verdict else label, fontsize=8, rotation=0, ha="right",
                              va="center", labelpad=8, **fonts)
    fig.subplots_adjust(left=0.16, right=0.99, top=0.9 if t.heading else 0.94, bottom=0.04, wspace=0.08,
                        hspace=0.45)
    return fig


def strip_bytes(report: SanityReport, rgb: np.ndarray, fmt: str, texts: StripTexts | None = None) -> bytes:
    """The figure encoded as ``fmt`` (png, pdf or svg), made in memory so a failed write leaves nothing."""
    buf = io.BytesIO()
    strip_figure(report, rgb, texts).savefig(buf, format=fmt, dpi=DPI, bbox_inches="tight")
    return buf.getvalue()
