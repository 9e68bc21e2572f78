"""The Lab's sanity check at 1280×800 in English or 简体中文: the shape CNN, a diamond from the shapes test set,
the paper's strip of maps for every attribution method with ρ under each randomised one.

Run under a virtual screen (Chinese needs a CJK font, ``fonts-noto-cjk`` on Debian/Ubuntu):

    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python docs/screenshots/make_sanity_screenshots.py \
        [--lang en|zh_CN] [OUT_DIR]

OUT_DIR defaults to docs/screenshots/<lang>; the pictures are ``lab-sanity.png`` (the top of the view) and
``lab-sanity-guided.png`` (scrolled to guided backprop, deconvolution and integrated gradients). The shape CNN
is trained first with ``cnnlab train`` (the chapter's five epochs, under a minute on a CPU), in a spawned
process, so everything happens under ``if __name__ == "__main__"``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from shots import open_window, settle, wait_until

HERE = Path(__file__).resolve().parent
TRAIN = ["--dataset", "shapes", "--epochs", "5"]  # the chapter's run: about 98% on the test set, under a minute
SHOWN = "diamond"  # the test image's class: its edges make the survivors easy to see


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?")
    parser.add_argument("--lang", default="en", choices=("en", "zh_CN"))
    args = parser.parse_args()
    out = Path(args.out) if args.out else HERE / args.lang

    scratch = Path(tempfile.mkdtemp(prefix="cnnlab-sanity-shots-"))
    os.environ.setdefault("CNNLAB_DATA", str(scratch / "data"))  # a clean runs folder and settings
    run = scratch / "shapes-run"
    subprocess.run([sys.executable, "-m", "cnnlab", "train", *TRAIN, "--out", str(run), "--quiet"], check=True)

    from PySide6.QtWidgets import QScrollArea

    from cnnlab.inspection.lab import analyse
    from cnnlab.inspection.sanity import SanityReport
    from ui.i18n import class_names
    from ui.lab import LabPanel

    app, window = open_window(scratch, args.lang)
    lab = next(p for p in window.panels if isinstance(p, LabPanel))
    window.open_run(run)
    wait_until(lambda: window.subject is not None)  # the run's test set loads off the GUI thread
    subject = window.subject
    window.tabs.setCurrentWidget(lab)
    settle(app)
    lab.input.set_mode("raw")  # the test image as the network saw it in training
    model, meta = lab.used_subject().model, subject.meta
    for i in range(len(subject.test)):  # the first test diamond the network gets right
        if subject.classes[int(subject.test.y[i])] != SHOWN:
            continue
        lab.open_image(subject.test.x[i], class_names(subject.classes)[int(subject.test.y[i])])
        # the Lab's analysis of the test image's own pixels: the canvas's smooth enlargement softens the hard
        # edges the network was trained on
        result = analyse(model, meta, subject.test.x[i, 0].numpy(), "raw")
        if subject.classes[result.predicted] == SHOWN:
            break
    settle(app)  # the canvas's change is sent to the Lab's worker...
    wait_until(lambda: not lab.computer.busy)  # ...and its answer is in, so it cannot replace the one shown below
    settle(app)
    lab._show(result)
    lab.views.setCurrentIndex(6)
    settle(app)
    checked: list[SanityReport] = []
    lab.sanity.checked.connect(lambda report, _model: checked.append(report))
    lab.sanity.run()
    wait_until(lambda: bool(checked))
    report = checked[0]
    settle(app)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "lab-sanity.png"
    window.grab().save(str(path))
    print(f"{path}: {lab.prediction.text()} | {lab.sanity.status.text()}")
    area = lab.views.widget(6)  # the Sanity view's scroll area: down to guided backprop, the paper's case
    assert isinstance(area, QScrollArea)
    area.verticalScrollBar().setValue(lab.sanity.rows["guided"][0].y() - 6)
    settle(app)
    lower = out / "lab-sanity-guided.png"
    window.grab().save(str(lower))
    print(f"{lower}: survivors {', '.join(report.survivors) or 'none'}")
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
