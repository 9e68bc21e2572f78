"""The Lab tab at 1280×800 with a digit drawn on the canvas, its occlusion map and a kernel ablation.

Run under a virtual screen, with MNIST's files in a folder (``cnnlab data download mnist`` fetches them):

    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python docs/screenshots/make_lab_screenshots.py \
        --data-root ~/data/mnist [OUT_DIR]

The MNIST CNN is trained for one short epoch first with ``cnnlab train`` (a minute on a CPU), enough
to read drawn digits; the window then opens that run folder, as a student would.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from shots import open_window, settle, wait_until

TRAIN_LIMIT = 12000  # training images: one epoch reads clearly drawn digits right
OCCLUSION_PATCH = 8  # pixels: a square about a stroke's length, so covering a part of the 7 costs it
ABLATED = (0, 3, 6, 9)  # conv2 kernels switched off in the ablation screenshot: a quarter of the layer
SEVEN = ([(70, 62), (140, 60), (212, 62)], [(212, 62), (180, 120), (150, 180), (128, 236)])  # strokes of a "7"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default=str(Path(__file__).resolve().parent))
    parser.add_argument("--data-root", required=True, help="folder with MNIST's four IDX files")
    args = parser.parse_args()
    out = Path(args.out)

    scratch = Path(tempfile.mkdtemp(prefix="cnnlab-lab-shots-"))
    os.environ.setdefault("CNNLAB_DATA", str(scratch / "data"))  # a clean runs folder and settings
    run = scratch / "mnist-run"
    subprocess.run([sys.executable, "-m", "cnnlab", "train", "--dataset", "mnist", "--data-root", args.data_root,
                    "--epochs", "1", "--train-limit", str(TRAIN_LIMIT), "--out", str(run), "--quiet"], check=True)

    from ui.lab import LabPanel

    app, window = open_window(scratch)
    lab = next(p for p in window.panels if isinstance(p, LabPanel))
    window.open_run(run)
    wait_until(lambda: window.subject is not None)  # the run's test set loads off the GUI thread
    window.tabs.setCurrentWidget(lab)
    settle(app)
    for stroke in SEVEN:
        lab.input.canvas.stroke(stroke)
    settle(app)
    lab.compute()
    settle(app)
    out.mkdir(parents=True, exist_ok=True)

    def shot(name: str) -> None:
        settle(app)
        path = out / name
        window.grab().save(str(path))
        print(f"{path}: {lab.prediction.text()}")

    lab.live.method.setCurrentIndex(lab.live.method.findData("ig"))
    lab.compute()
    shot("lab-drawn-digit-1280x800.png")
    lab.live.method.setCurrentIndex(lab.live.method.findData("occlusion"))
    lab.live.patch.setValue(OCCLUSION_PATCH)
    lab.live.stride.setValue(2)
    lab.compute()
    shot("lab-occlusion-1280x800.png")
    lab.views.setCurrentIndex(3)
    lab.ablation.layer.setCurrentText("conv2")
    for k in ABLATED:
        lab.ablation.toggle(k)
    lab.compute()
    shot("lab-ablation-1280x800.png")
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
