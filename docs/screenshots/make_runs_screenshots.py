"""The Runs tab and a comparison with prediction flips at 1280×800, after four short runs.

Run under a virtual screen:

    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python docs/screenshots/make_runs_screenshots.py [OUT_DIR]

The runs are trained with ``cnnlab train`` into a fresh runs folder, so everything happens under
``if __name__ == "__main__"``.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from shots import open_window, settle, wait_until

QUICK = ["--epochs", "3", "--train-limit", "2000", "--quiet"]  # seconds on a CPU, enough to tell runs apart
RUNS = (  # what a student compares in chapter 18: the recipe, the learning rate, the baseline
    ["--dataset", "shapes", "--model", "shape-cnn", "--lr", "0.0005"],
    ["--dataset", "shapes", "--model", "shape-cnn", "--lr", "0.003"],
    ["--dataset", "shapes", "--model", "dnn"],
    ["--dataset", "colors", "--model", "color-cnn"],
)


def main(out: Path) -> int:
    import os

    os.environ.setdefault("CNNLAB_DATA", tempfile.mkdtemp(prefix="cnnlab-shots-"))  # a clean runs folder
    from cnnlab.runs.index import RunIndex

    if len(RunIndex().runs()) != len(RUNS):  # a CNNLAB_DATA of an earlier call keeps its runs
        for argv in RUNS:
            subprocess.run([sys.executable, "-m", "cnnlab", "train", *argv, *QUICK], check=True)
            time.sleep(1.1)  # run folders are named by the second they were made

    from ui.worker import shared_pool

    index = RunIndex()
    rows = index.runs()  # newest first
    index.set_note(rows[3].folder, "lr 0.0005: too slow for 3 epochs")
    index.set_name(rows[2].folder, "shape CNN, lr 3e-3")
    index.set_note(rows[1].folder, "the chapter's baseline")

    app, window = open_window(Path(os.environ["CNNLAB_DATA"]))
    wait_until(lambda: window.setup.loaded() is not None)
    view = window.runs_view
    refreshed: list[object] = []
    view.refreshed.connect(lambda: refreshed.append(1))
    view.runs_action.trigger()
    wait_until(lambda: bool(refreshed) and view.proxy.rowCount() == len(RUNS))
    view.select_folders({rows[2].folder, rows[3].folder})
    settle(app)
    out.mkdir(parents=True, exist_ok=True)
    shots = [out / "runs-view-1280x800.png", out / "runs-compare-1280x800.png"]
    window.grab().save(str(shots[0]))
    compared: list[object] = []
    view.compared.connect(compared.append)
    view.compare_selected()
    wait_until(lambda: bool(compared))
    settle(app)
    window.grab().save(str(shots[1]))
    print("\n".join(str(p) for p in shots))
    window.close()
    shared_pool().close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent))
