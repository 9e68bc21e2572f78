"""Stop / pause / resume, set from any thread and polled by the trainer between batches."""

from __future__ import annotations

import threading


class RunControl:
    """Thread-safe flags; the trainer checks them before every batch."""

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._running = threading.Event()
        self._running.set()

    def stop(self) -> None:
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
