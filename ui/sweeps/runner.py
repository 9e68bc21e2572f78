"""A sweep trained off the GUI thread: :func:`cnnlab.sweep.run_sweep` on a QThread, its events handed to the
GUI thread as a Qt signal, and Stop as the core's stop event (the trials in progress save what they trained, and
the sweep continues where it was when it is started again)."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from cnnlab.errors import UserError
from cnnlab.sweep.spec import SweepSpec


class SweepThread(QThread):
    """Runs one sweep; ``heard`` for each of the core's events, then ``ended`` (its results) or ``failed``."""

    heard = Signal(object)  # a cnnlab.sweep.events.SweepEvent
    ended = Signal(object)  # cnnlab.sweep.results.SweepResults
    failed = Signal(object)  # str, a core Sentence kept whole for translation: why the sweep could not run

    def __init__(self, spec: SweepSpec, workers: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.spec, self.workers = spec, workers
        self.stop_event = threading.Event()

    def run(self) -> None:  # on the sweep's thread
        from cnnlab.launch.process import shared_pool
        from cnnlab.sweep.driver import run_sweep

        # one worker trains in the window's idle training process, as the window's runs do: it imported torch long
        # ago, while a process started now would begin the first trial straight after its import, which beside
        # other programs made that trial several times slower than the next (more workers start their own)
        pool = shared_pool() if self.workers == 1 else None
        try:
            results: Any = run_sweep(self.spec, workers=self.workers, on_event=self.heard.emit,
                                     stop=self.stop_event, pool=pool)
        except UserError as e:
            self.failed.emit(str(e))
            return
        except Exception as e:  # noqa: BLE001 (anything else still ends as one sentence, never a traceback)
            self.failed.emit(f"{type(e).__name__}: {e}")
            return
        self.ended.emit(results)

    def stop(self) -> None:
        """Ask the sweep to stop: the trials in progress stop and save, no new one starts."""
        self.stop_event.set()
