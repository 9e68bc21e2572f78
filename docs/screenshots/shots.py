"""What the screenshot scripts share: the window size, waiting on the event loop, opening the window.

The scripts run under a virtual screen (``xvfb-run -a -s "-screen 0 1280x800x24" …``) and import this
module from their own folder; each keeps its top-level code under ``if __name__ == "__main__"`` because
training runs in a spawned process.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

SIZE = (1280, 800)  # the window size the README promises to fit
TIMEOUT_S = 300  # longest wait for a run, the index or a tab's drawing
CHECKOUT = Path(__file__).resolve().parents[2]  # the repository root, for ui and cnnlab

if str(CHECKOUT) not in sys.path:
    sys.path.insert(0, str(CHECKOUT))


def wait_until(done: Callable[[], object], timeout_s: float = TIMEOUT_S) -> None:
    """Turn the event loop until ``done()`` is true; a window that never gets there ends the script."""
    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + timeout_s
    while not done():
        QApplication.processEvents()
        if time.monotonic() > end:
            raise SystemExit("timed out waiting for the window")
        time.sleep(0.02)


def settle(app: Any, turns: int = 60) -> None:
    """A few event-loop turns: layouts and lazy drawing happen when a widget is shown."""
    for _ in range(turns):
        app.processEvents()


def open_window(data_dir: Path, lang: str = "en") -> tuple[Any, Any]:
    """The application and its main window in ``lang`` at :data:`SIZE`, with settings kept in ``data_dir``."""
    from PySide6.QtCore import QSettings

    from ui import i18n
    from ui.app import make_application
    from ui.main_window import MainWindow

    app = make_application([])
    if i18n.install(app, lang) != lang:
        raise SystemExit(f"assets/i18n/cnnlab_{lang}.qm is missing: run python -m ui.i18n release")
    if i18n.font_warning(lang):
        raise SystemExit(i18n.font_warning(lang))
    settings = QSettings(str(data_dir / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings, error_dialogs=False)
    window.resize(*SIZE)
    window.show()
    settle(app)
    return app, window
