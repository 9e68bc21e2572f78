"""Sweeps in the window at 1280×800: the New sweep form, a sweep training and its results, in one language.

Run under a virtual screen, once per language:

    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python docs/screenshots/make_sweep_screenshots.py en [OUT_DIR]
    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python docs/screenshots/make_sweep_screenshots.py zh_CN [OUT_DIR]

The sweep trains into a fresh runs folder (six short trials, two workers), so everything happens under
``if __name__ == "__main__"``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from shots import open_window, settle, wait_until

FIELDS = {"epochs": "2", "train_limit": "1000", "batch_size": "32"}  # seconds a trial on a CPU


def main(lang: str, out: Path) -> int:
    import os

    os.environ["CNNLAB_DATA"] = tempfile.mkdtemp(prefix="cnnlab-sweep-shots-")  # a clean runs folder
    from cnnlab.sweep.events import TrialEpoch
    from ui.sweeps.form import SweepForm
    from ui.worker import shared_pool

    suffix = "zh" if lang.startswith("zh") else "en"
    app, window = open_window(Path(os.environ["CNNLAB_DATA"]), lang)
    wait_until(lambda: window.setup.loaded() is not None)
    for name, text in FIELDS.items():
        window.setup.hyper.set_text(name, text)
    settle(app)
    screen = app.primaryScreen()
    out.mkdir(parents=True, exist_ok=True)
    shots = [out / f"sweep-form-{suffix}-1280x800.png", out / f"sweep-running-{suffix}-1280x800.png",
             out / f"sweep-results-{suffix}-1280x800.png"]

    form = SweepForm(window.sweeps.base() or {}, window)
    form.name.setText("lr-and-seeds")
    form.lrs.setText("0.0003, 0.003, 0.01")
    form.seeds.setText("1, 2")
    form.workers.setValue(2)
    form.show()
    form.move(window.geometry().center() - form.rect().center())
    settle(app)
    screen.grabWindow(0).save(str(shots[0]))
    spec = form.spec
    assert spec is not None
    form.close()

    epochs: list[object] = []
    window.sweeps.start(spec, 2)
    view = window.sweeps.view
    view.move(window.geometry().center() - view.rect().center())
    thread = window.sweeps.sweep_thread
    assert thread is not None
    thread.heard.connect(lambda e: epochs.append(e) if isinstance(e, TrialEpoch) else None)
    wait_until(lambda: view.bar.value() >= 2 and window.sweeps.running() and len(epochs) >= 5, 300)
    settle(app)
    screen.grabWindow(0).save(str(shots[1]))
    wait_until(lambda: not window.sweeps.running(), 600)
    settle(app)
    screen.grabWindow(0).save(str(shots[2]))
    print("\n".join(str(p) for p in shots))
    view.close()
    window.close()
    shared_pool().close()
    return 0


if __name__ == "__main__":
    lang_arg = sys.argv[1] if len(sys.argv) > 1 else "en"
    out_arg = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).resolve().parent
    raise SystemExit(main(lang_arg, out_arg))
