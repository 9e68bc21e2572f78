"""Work the window runs off the GUI thread: data loads, layer tables, inspection subjects.

:class:`BackgroundJobs` starts a :class:`CallThread` per job, keeps it until it finishes (so it is not
collected while running) and says whether any job the user asked for still runs. While the window's
heavy parts load, jobs wait (:meth:`BackgroundJobs.hold`): a job started then would import torch beside
the loader, and the first paint and the loader would both wait for it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from cnnlab.errors import failure_sentence


class CallThread(QThread):
    """Runs ``fn()`` off the GUI thread; emits ``done(result)`` or ``failed(one sentence)``."""

    done = Signal(object)
    failed = Signal(object)  # str: one sentence (a cnnlab.errors.Sentence keeps its template for translation)

    def __init__(self, fn: Callable[[], object], parent: Any = None) -> None:
        super().__init__(parent)
        self._fn = fn
        self.shows_busy = True  # the window's busy indicator shows while this runs

    def run(self) -> None:  # runs on the worker thread
        try:
            result = self._fn()
        except Exception as exc:  # shown to the user as one sentence
            self.failed.emit(failure_sentence(exc))
        else:
            self.done.emit(result)


# run fn off the GUI thread, then done(result) or failed(sentence) on it: what views needing slow work receive
RunInThread = Callable[[Callable[[], object], Callable[[object], None], Callable[[str], None]], object]


class BackgroundJobs(QObject):
    busyChanged = Signal()  # a job started or finished: the busy indicator may change

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.threads: set[CallThread] = set()  # data and layer-table jobs running or waiting to start
        self.closed = False  # the window is closing: no new job may start (it would outlive its owner)
        self._held: list[CallThread] | None = None  # jobs waiting for :meth:`release`, in order; None: not held

    def run(self, fn: Callable[[], object], done: Callable[[object], None],
            failed: Callable[[str], None], shows_busy: bool = True) -> CallThread | None:
        """Run ``fn`` on a worker thread; ``shows_busy=False`` for quick background work the user did
        not ask for (the busy indicator would only flicker). None once :meth:`close` was called."""
        if self.closed:
            return None
        thread = CallThread(fn, self)
        thread.shows_busy = shows_busy
        thread.done.connect(done)
        thread.failed.connect(failed)
        self.threads.add(thread)

        def finished() -> None:
            self.threads.discard(thread)
            thread.deleteLater()
            self.busyChanged.emit()

        thread.finished.connect(finished)
        if self._held is not None:
            self._held.append(thread)  # started by ``release``
        else:
            thread.start()
        self.busyChanged.emit()
        return thread

    def hold(self) -> None:
        """Start no job until :meth:`release`; the jobs asked for meanwhile wait, in order."""
        if self._held is None:
            self._held = []

    def release(self) -> None:
        """Start the jobs that waited, in the order they were asked for, and every later one at once."""
        held, self._held = self._held or [], None
        for thread in held:
            if not self.closed:
                thread.start()

    def close(self) -> None:
        """Start no more jobs (the window closes; a timer firing now must not start a thread)."""
        self.closed = True
        for thread in self._held or []:  # never started: nothing to wait for
            self.threads.discard(thread)
            thread.deleteLater()
        self._held = None

    def busy(self) -> bool:
        """A job the busy indicator shows for is running or waiting to start."""
        return any(t.shows_busy for t in self.threads)

    def wait(self, msecs: int) -> bool:
        """Block until every job is done, each within ``msecs``; False if one was not."""
        ok = True
        for thread in list(self.threads):
            ok = thread.wait(msecs) and ok
        return ok
