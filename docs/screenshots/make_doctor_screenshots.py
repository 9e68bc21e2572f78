"""The training doctor at 1280×800 in English or 简体中文: a run at learning rate 10 on the Curves tab with its
findings marked and listed (the mouse over a mark), its fix and rerun compared side by side, and the Runs
table with its Doctor column.

Run under a virtual screen (Chinese needs a CJK font, ``fonts-noto-cjk`` on Debian/Ubuntu):

    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python docs/screenshots/make_doctor_screenshots.py \
        [--lang en|zh_CN] [OUT_DIR]

OUT_DIR defaults to docs/screenshots/<lang>. Training runs in a spawned process, so everything happens
under ``if __name__ == "__main__"``.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from shots import open_window, settle, wait_until

HERE = Path(__file__).resolve().parent
RUN = {"epochs": "4", "train_limit": "2000", "batch_size": "32", "lr": "10"}  # seconds on a CPU; lr 10 fails


def main(lang: str, out: Path) -> int:
    os.environ.setdefault("CNNLAB_DATA", tempfile.mkdtemp(prefix="cnnlab-shots-"))  # a clean runs folder
    from ui.diagnoses import mark_x
    from ui.worker import shared_pool

    from PySide6.QtCore import QSettings

    data = Path(os.environ["CNNLAB_DATA"])
    QSettings(str(data / "settings.ini"), QSettings.Format.IniFormat).setValue("lessonsOpen", False)  # the setup
    app, window = open_window(data, lang)
    wait_until(lambda: window.setup.loaded() is not None)
    for name, text in RUN.items():
        window.setup.hyper.set_text(name, text)
    ended: list[object] = []
    window.runFinished.connect(ended.append)
    if not window.start():
        raise SystemExit(window.status_text())
    wait_until(lambda: bool(ended) and not window.is_running())
    settle(app)
    series = window.curves.runs()[0]
    if not series.diagnoses:
        raise SystemExit("the run at learning rate 10 has no findings")
    window.curves.splitter.setSizes([460, 300])  # room for the findings in the run's details
    last = series.diagnoses[-1]
    window.curves.show_values_at(mark_x(series, last, window.curves.x_mode()))  # the mouse on the last mark
    settle(app)
    out.mkdir(parents=True, exist_ok=True)
    shots = [out / "doctor-curves.png", out / "doctor-fix-and-rerun.png"]
    window.grab().save(str(shots[0]))

    compared: list[object] = []
    window.runs_view.compared.connect(compared.append)
    index = next(i for i, d in enumerate(series.diagnoses) if d.fix)
    if not window.fix_and_rerun.fix(series.key, index):
        raise SystemExit(window.status_text())
    wait_until(lambda: bool(compared) and not window.is_running())
    settle(app)
    window.grab().save(str(shots[1]))
    window.runs_view.show_table()  # the Runs table: the Doctor column names each run's findings
    window.runs_view.select_folders({Path(series.key).name})
    settle(app)
    shots.append(out / "doctor-runs-table.png")
    window.grab().save(str(shots[2]))
    print("\n".join(str(p) for p in shots))
    window.close()
    shared_pool().close()
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="en", choices=("en", "zh_CN"))
    parser.add_argument("out", nargs="?", help="folder for the PNGs (default: docs/screenshots/<lang>)")
    args = parser.parse_args()
    raise SystemExit(main(args.lang, Path(args.out) if args.out else HERE / args.lang))
