"""An event-loop heartbeat: a short QTimer whose late ticks show how long the window could not react.

Tests assert on the worst gap; ``benchmarks/ui_responsiveness.py`` reports the distribution.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from PySide6.QtCore import QElapsedTimer, QTimer

TICK_MS = 10  # heartbeat period: a stall shorter than this cannot be seen


@dataclass
class Gaps:
    """Milliseconds between consecutive ticks; ``TICK_MS`` each when the event loop is free."""

    gaps_ms: list[float]

    def quantile(self, q: float) -> float:
        g = sorted(self.gaps_ms)
        return g[min(len(g) - 1, int(q * len(g)))] if g else float("nan")

    @property
    def p50(self) -> float:
        return statistics.median(self.gaps_ms) if self.gaps_ms else float("nan")

    @property
    def p99(self) -> float:
        return self.quantile(0.99)

    @property
    def max(self) -> float:
        return max(self.gaps_ms, default=float("nan"))


class Heartbeat:
    """Ticks every ``interval_ms`` on the thread that starts it (the GUI thread) and records the gaps."""

    def __init__(self, interval_ms: int = TICK_MS) -> None:
        self.gaps_ms: list[float] = []
        self._clock = QElapsedTimer()
        self._timer = QTimer()
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self._last = 0.0

    def _tick(self) -> None:
        now = self._clock.nsecsElapsed() / 1e6
        self.gaps_ms.append(now - self._last)
        self._last = now

    def start(self) -> None:
        self._clock.start()
        self._last = 0.0
        self._timer.start()

    def stop(self) -> Gaps:
        self._timer.stop()
        return Gaps(self.gaps_ms)
