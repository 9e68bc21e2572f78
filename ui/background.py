"""Work the window runs off the GUI thread: data loads, layer tables, inspection subjects.

:class:`BackgroundJobs` starts a :class:`ui.worker.CallThread` per job, keeps it until it finishes
(so it is not collected while running) and says whether any job the user asked for still runs.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from ui.worker import CallThread

# run fn off the GUI thread, then done(result) or failed(sentence) on it: what views needing slow work receive
RunInThread = Callable[[Callable[[], object], Callable[[object], None], Callable[[str], None]], object]


class BackgroundJobs(QObject):
    busyChanged = Signal()  # a job started or finished: the busy indicator may change

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.threads: set[CallThread] = set()  # data and layer-table jobs still running
        self.closed = False  # the window is closing: no new job may start (it would outlive its owner)

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
        thread.start()
        self.busyChanged.emit()
        return thread

    def close(self) -> None:
        """Start no more jobs (the window closes; a timer firing now must not start a thread)."""
        self.closed = True

    def busy(self) -> bool:
        """A job the busy indicator shows for is running."""
        return any(t.shows_busy for t in self.threads)

    def wait(self, msecs: int) -> bool:
        """Block until every job is done, each within ``msecs``; False if one was not."""
        ok = True
        for thread in list(self.threads):
            ok = thread.wait(msecs) and ok
        return ok
