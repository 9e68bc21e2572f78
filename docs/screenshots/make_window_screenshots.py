"""The window at 1280×800 in English or 简体中文, one PNG per tab, after a short run of the chapter's shape CNN,
then that run overlaid with the fully connected baseline's on the Curves tab.

Run under a virtual screen (Chinese needs a CJK font, ``fonts-noto-cjk`` on Debian/Ubuntu):

    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python docs/screenshots/make_window_screenshots.py \
        [--lang en|zh_CN] [--compare MODEL] [OUT_DIR]

OUT_DIR defaults to docs/screenshots/<lang>. Training runs in a spawned process, so everything happens
under ``if __name__ == "__main__"``.
"""

from __future__ import annotations

import argparse
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from shots import open_window, settle, wait_until

HERE = Path(__file__).resolve().parent
RUN = {"epochs": "3", "train_limit": "2000", "batch_size": "32"}  # seconds on a CPU, enough for clear figures
COMPARE = "dnn"  # the chapter's lesson: the fully connected baseline beside the CNN on the same data


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def estimated(window: Any) -> None:
    """Wait until the setup shows its time per epoch (timed again after each change and each run)."""
    wait_until(window.setup.estimate_settled)


def train(app: Any, window: Any) -> None:
    """Start a short run with the setup as it is and wait until the window shows its end and estimate."""
    for name, text in RUN.items():
        window.setup.hyper.set_text(name, text)
    finished: list[object] = []
    window.runFinished.connect(finished.append)
    if not window.start():
        raise SystemExit(window.status_text())
    wait_until(lambda: bool(finished) and not window.is_running() and window.subject is not None)
    window.runFinished.disconnect(finished.append)
    estimated(window)
    settle(app)


def tab_shots(app: Any, window: Any, out: Path) -> list[Path]:
    """Every right-hand tab in turn (the left column on its Model tab once, to show the layer table)."""
    shots = []
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        widget = window.tabs.widget(i)
        wait_until(widget.isVisible)
        settle(app)
        window.setup.tabs.setCurrentIndex(1 if i == 0 else 0)
        estimated(window)
        path = out / f"tab-{i}-{slug(type(widget).__name__)}.png"  # CurvesView, KernelsPanel...
        window.grab().save(str(path))
        shots.append(path)
    window.tabs.setCurrentIndex(0)
    window.setup.tabs.setCurrentIndex(0)
    return shots


def compare_shot(app: Any, window: Any, model: str, out: Path) -> Path:
    """The first run kept ticked, a run of ``model`` on the same data overlaid, on the Curves tab."""
    first = window.curves.runs()[0].key
    window.curves.set_visible(first, True)  # ticked: it stays on the plots beside the new run
    window.setup.set_model(model)
    wait_until(lambda: window.setup.model_name() == model and not window.setup.problem())
    estimated(window)
    train(app, window)
    window.tabs.setCurrentIndex(0)
    settle(app)
    path = out / f"compare-{slug(model)}.png"
    window.grab().save(str(path))
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", help="folder for the PNGs (default: docs/screenshots/<lang>)")
    parser.add_argument("--lang", default="en", choices=("en", "zh_CN"), help="the window's language")
    parser.add_argument("--compare", default=COMPARE, help="model of the second run ('' for none)")
    args = parser.parse_args()
    out = Path(args.out) if args.out else HERE / args.lang
    data = Path(os.environ.setdefault("CNNLAB_DATA", tempfile.mkdtemp(prefix="cnnlab-shots-")))  # clean runs

    from ui.worker import shared_pool

    app, window = open_window(data, args.lang)
    wait_until(lambda: window.setup.loaded() is not None)
    estimated(window)
    out.mkdir(parents=True, exist_ok=True)
    shots = [out / "main-before-training.png"]
    window.grab().save(str(shots[0]))
    train(app, window)
    shots += tab_shots(app, window, out)
    if args.compare:
        shots.append(compare_shot(app, window, args.compare, out))
    print("\n".join(str(p) for p in shots))
    window.close()
    shared_pool().close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
