"""The Chinese window at 1280×800, one PNG per tab, after a short run of the chapter's shape CNN.

Run under a virtual screen with a CJK font installed (``fonts-noto-cjk`` on Debian/Ubuntu):

    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python docs/screenshots/zh_CN/make_screenshots.py [OUT_DIR]

Training runs in a spawned process, so everything happens under ``if __name__ == "__main__"``.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

SIZE = (1280, 800)  # the window size the README promises to fit
RUN = {"epochs": "3", "train_limit": "2000", "batch_size": "32"}  # seconds on a CPU, enough for clear figures
TIMEOUT_S = 300  # longest wait for the run or a tab's drawing


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def wait_until(app: object, done: object, timeout_s: float = TIMEOUT_S) -> None:
    import time

    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + timeout_s
    while not done():  # type: ignore[operator]
        QApplication.processEvents()
        if time.monotonic() > end:
            raise SystemExit("timed out waiting for the window")
        time.sleep(0.02)


def main(out: Path) -> int:
    import os

    os.environ.setdefault("CNNLAB_DATA", tempfile.mkdtemp(prefix="cnnlab-shots-"))  # a clean runs folder
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QTabWidget

    from ui import i18n
    from ui.app import make_application
    from ui.main_window import MainWindow
    from ui.worker import shared_pool

    app = make_application()
    if i18n.install(app, "zh_CN") != "zh_CN":
        raise SystemExit("assets/i18n/cnnlab_zh_CN.qm is missing: run python -m ui.i18n release")
    if i18n.font_warning("zh_CN"):
        raise SystemExit(i18n.font_warning("zh_CN"))
    settings = QSettings(str(Path(os.environ["CNNLAB_DATA"]) / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings, error_dialogs=False)
    window.resize(*SIZE)
    window.show()
    wait_until(app, lambda: window.setup.loaded() is not None)
    out.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(out / "main-before-training.png"))
    for name, text in RUN.items():
        window.setup.hyper.set_text(name, text)
    finished: list[object] = []
    window.runFinished.connect(finished.append)
    if not window.start():
        raise SystemExit(window.status_text())
    wait_until(app, lambda: bool(finished) and not window.is_running() and window.subject is not None)
    shots = [out / "main-before-training.png"]
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        widget = window.tabs.widget(i)
        wait_until(app, lambda w=widget: w.isVisible())
        for _ in range(50):  # a few event-loop turns: lazy panels draw when shown
            app.processEvents()
        window.setup.tabs.setCurrentIndex(1 if i == 0 else 0)  # the Model tab's layer table once
        path = out / f"tab-{i}-{slug(type(widget).__name__)}.png"  # CurvesView, KernelsPanel...
        window.grab().save(str(path))
        shots.append(path)
    window.tabs.setCurrentIndex(0)
    left = window.setup.parentWidget()
    while left is not None and not isinstance(left, QTabWidget):  # the setup's own column of tabs, if any
        left = left.parentWidget()
    if left is not None:
        for i in range(left.count()):
            left.setCurrentIndex(i)
            for _ in range(50):
                app.processEvents()
            path = out / f"left-{i}-{slug(type(left.widget(i)).__name__)}.png"
            window.grab().save(str(path))
            shots.append(path)
        left.setCurrentIndex(0)
    print("\n".join(str(p) for p in shots))
    window.close()
    shared_pool().close()
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))  # the checkout, for ui and cnnlab
    raise SystemExit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent))
