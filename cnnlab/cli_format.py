"""What every ``cnnlab`` subcommand prints with and checks its numbers with: one place, so the
commands registered from their own packages (runs, chapter, report, explain) need not import
:mod:`cnnlab.cli`, which imports them."""

from __future__ import annotations

import argparse
import math
from collections.abc import Sequence
from typing import Any

from cnnlab import strict_json


def positive_int(text: str) -> int:
    """argparse type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} must be at least 1")
    return value


def positive_float(text: str) -> float:
    """argparse type: a number above 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"{value} must be above 0")
    return value


def table(rows: Sequence[Sequence[str]]) -> str:
    """Rows of cells as left-aligned columns two spaces apart (the first row is the header)."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=False)).rstrip() for r in rows)


def percent(value: float | None, decimals: int = 2, *, missing: str = "-", trim: bool = False) -> str:
    """0.9634 -> "96.34%" (``decimals`` after the point; ``trim``: "96.3%", "96%" as the book writes them);
    ``missing`` for None or a number that is not finite. The one percent format of the CLI's tables, reports
    and the window."""
    if value is None or not math.isfinite(value):
        return missing
    text = f"{100 * value:.{decimals}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text + "%"


def print_json(data: Any) -> None:
    """``data`` as one line of strict JSON on stdout (non-ASCII kept as it is; see :mod:`cnnlab.strict_json`)."""
    print(strict_json.dumps(data))


def clock(seconds: float, hours: bool = True) -> str:
    """Whole seconds as m:ss, or h:mm:ss from an hour on; ``hours=False`` keeps m:ss (minutes count past 59)."""
    seconds = int(max(0, seconds))
    h, rest = divmod(seconds, 3600) if hours else (0, seconds)
    return f"{h}:{rest // 60:02d}:{rest % 60:02d}" if h else f"{rest // 60}:{rest % 60:02d}"


def byte_size(n: int) -> str:
    """A size in bytes as people read it: one decimal in GB or MB (powers of 1,024), whole KB or bytes below."""
    if n >= 1 << 30:
        return f"{n / (1 << 30):.1f} GB"
    if n >= 1 << 20:
        return f"{n / (1 << 20):.1f} MB"
    return f"{n // 1024} KB" if n >= 1024 else f"{n} B"
