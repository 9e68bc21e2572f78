"""A sweep's varied setting against test accuracy, with error bars (the sample standard deviation over the
seeds), drawn with matplotlib's object API (no pyplot: safe off a GUI thread) and saved as a PNG.

The first varied setting is the x axis: numbers at their values (on a log scale when the sweep searched
it on one, or its values span 10× or more), anything else (optimizers, models) side by side. Every other
varied setting splits the configurations into one line each.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cnnlab.engine.atomic import write_atomically
from cnnlab.errors import Sentence, StorageError, UserError, write_failure
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.sweep.results import SweepResults

LOG_SPAN = 10.0  # numbers spanning this factor or more are drawn on a log axis (learning rates, weight decays)
FIGURE_SIZE = (6.4, 4.2)  # inches: a slide's half, readable at 100 dpi
DPI = 100  # dots per inch of the PNG


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _series(results: SweepResults, x_key: str) -> dict[str, list[tuple[Any, float, float]]]:
    """(x, mean %, std %) per line: one line per combination of the other varied settings."""
    lines: dict[str, list[tuple[Any, float, float]]] = {}
    for config in results.configs:
        acc = config.accuracy
        if acc.mean is None:
            continue
        others = {k: v for k, v in config.settings.items() if k != x_key}
        label = ", ".join(f"{k}={v:g}" if _is_number(v) else f"{k}={v}" for k, v in others.items())
        lines.setdefault(label, []).append((config.settings.get(x_key), 100 * acc.mean, 100 * (acc.std or 0.0)))
    return lines


def draw(results: SweepResults) -> Any:
    """The figure: accuracy (%) against the first varied setting, mean ± sample std over the seeds."""
    from matplotlib.figure import Figure

    from cnnlab.sweep.results import STD_KIND

    spec = results.spec
    x_key = spec.varied[0] if spec.varied else "seed"
    fig = Figure(figsize=FIGURE_SIZE, dpi=DPI, layout="constrained")
    ax = fig.add_subplot()
    lines = _series(results, x_key) if spec.varied else {"": [("all", 100 * (c.accuracy.mean or 0.0),
                                                                 100 * (c.accuracy.std or 0.0))
                                                                for c in results.configs if c.test_acc]}
    xs: list[Any] = [x for points in lines.values() for x, _, _ in points]
    numeric = bool(xs) and all(_is_number(x) for x in xs)
    categories = [] if numeric else list(dict.fromkeys(json.dumps(x) for x in xs))
    for label, points in lines.items():
        points = sorted(points, key=lambda p: p[0]) if numeric else points
        where = [p[0] if numeric else categories.index(json.dumps(p[0])) for p in points]
        ax.errorbar(where, [p[1] for p in points], yerr=[p[2] for p in points], marker="o", capsize=4,
                    label=label or None)
    axis = next((a for a in spec.axes if a.key == x_key), None)
    if numeric and (axis is not None and axis.log or (min(xs) > 0 and max(xs) / min(xs) >= LOG_SPAN)):
        ax.set_xscale("log")
    if not numeric:
        ax.set_xticks(range(len(categories)), [json.loads(c) for c in categories])
    ax.set_xlabel(x_key)
    ax.set_ylabel("test accuracy (%)")
    ax.set_title(f"{results.name}: mean ± {STD_KIND}", fontsize=9)
    ax.grid(True, alpha=0.3)
    if any(lines):
        ax.legend(fontsize=8)
    return fig


def save_plot(results: SweepResults, path: str | Path) -> Path:
    """Draw the results and write them to ``path`` as a PNG (through a temp file); one sentence when there is
    nothing to draw or the file cannot be written."""
    if not any(c.test_acc for c in results.configs):
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "The sweep {name} has no completed trial yet, so there is "
                                                         "nothing to plot."), name=results.name)
    path = Path(path).expanduser()
    fig = draw(results)
    try:
        write_atomically(path, lambda f: fig.savefig(f, format="png"))
    except OSError as e:
        raise StorageError(Sentence(QT_TRANSLATE_NOOP("CoreMessage", "{failure}."),
                                    failure=write_failure(e, path))) from None
    return path
