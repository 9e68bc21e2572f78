"""Stop / pause / resume, set from any thread and polled by the trainer between batches."""

from __future__ import annotations

import threading


class RunControl:
    """Thread-safe flags; the trainer checks them before every batch."""

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._running = threading.Event()
        self._running.set()
        self.reason = ""  # why the run was stopped, when not by the student's own Stop (a signal, a timeout)

    def stop(self, reason: str = "") -> None:
        """End the run before its next batch; ``reason``: its sentence in the run's results ("" for a Stop)."""
        if not self._stop.is_set():
            self.reason = reason
        self._stop.set()
        self._running.set()  # a paused run must wake up to notice the stop

    def pause(self) -> None:
        self._running.clear()

    def resume(self) -> None:
        self._running.set()

    @property
    def stop_requested(self) -> bool:
        return self._stop.is_set()

    @property
    def paused(self) -> bool:
        return not self._running.is_set()

    def wait_while_paused(self) -> float:
        """Block while paused; return the seconds spent waiting."""
        if self._running.is_set():
            return 0.0
        import time

        t0 = time.perf_counter()
        self._running.wait()
        return time.perf_counter() - t0
