"""Stop signals close the window the way its close button does.

Ctrl+C in the terminal that started the app, a shutdown's SIGTERM or a closed terminal's SIGHUP must
not kill the window mid-write: each closes it, which stops a training run after its current batch and
saves it (resumable with Continue). Python runs a signal handler only between bytecodes, and Qt's
event loop runs in C++, so the signal is written to a socket (``signal.set_wakeup_fd``) that Qt watches;
the handler itself only records which signal came.
"""

from __future__ import annotations

import contextlib
import signal
import socket
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier, Signal

from cnnlab.processes import STOP_SIGNALS


class StopSignals(QObject):
    """Emits ``arrived(name)`` on the GUI thread for each stop signal; :meth:`close` puts things back."""

    arrived = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pending: list[int] = []
        self._reader, self._writer = socket.socketpair()
        for end in (self._reader, self._writer):
            end.setblocking(False)
        self._before_fd = signal.set_wakeup_fd(self._writer.fileno())
        self._before: dict[int, Any] = {}
        for name in STOP_SIGNALS:
            if hasattr(signal, name):  # Windows has no SIGHUP
                number = getattr(signal, name)
                self._before[number] = signal.signal(number, self._record)
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._wake)

    def _record(self, signum: int, frame: object) -> None:  # a Python signal handler: no Qt here
        self._pending.append(signum)

    def _wake(self) -> None:
        with contextlib.suppress(OSError):
            self._reader.recv(64)  # the signal numbers set_wakeup_fd wrote; the handler kept them too
        pending, self._pending = self._pending, []
        for signum in pending:
            self.arrived.emit(signal.Signals(signum).name)

    def close(self) -> None:
        self._notifier.setEnabled(False)
        for number, handler in self._before.items():
            signal.signal(number, handler)
        signal.set_wakeup_fd(self._before_fd)
        self._reader.close()
        self._writer.close()


def close_on_stop_signals(close: Callable[[], object], parent: QObject | None = None) -> StopSignals | None:
    """Call ``close`` when a stop signal arrives (a second one while closing is the same request);
    None where signals cannot be handled here (not the main thread)."""
    try:
        watcher = StopSignals(parent)
    except ValueError:  # set_wakeup_fd and signal() work only in the main thread
        return None
    watcher.arrived.connect(lambda _name: close())
    return watcher
