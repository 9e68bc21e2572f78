"""The window's heavy parts are installed after its first paint, so the window shows in a fraction of a
second although torch, pyqtgraph, matplotlib and Captum take seconds to import.

:class:`PartsLoader` imports the Qt-free heavy modules (:data:`ENGINE_MODULES`: torch, numpy and the
core's modules that need them) on a thread, then runs the window's install steps on the GUI thread,
one per turn of the event loop, so a click between two steps is handled; :data:`LATER_MODULES`
(matplotlib, Captum: the first figure or attribution would otherwise wait for them) load on a thread
once the parts are in. Until then each tab shows a placeholder (:class:`TabSlots`) that its part
replaces in the same place.

Only modules that never import ``cnnlab`` or ``ui`` back, or the core's Qt-free ones, are imported off the
GUI thread: pyqtgraph and the window's own modules make Qt objects, so they load in the steps.
"""

from __future__ import annotations

import importlib
import sys
import time
import traceback
from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QThread, QTimer, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QTabWidget, QWidget

ENGINE_MODULES = (  # imported off the GUI thread before the steps: the parts need them
    "numpy", "torch", "PIL.Image", "cnnlab.engine.trainer", "cnnlab.launch.process", "cnnlab.launch.session",
    "cnnlab.inspection.subject", "cnnlab.runs.epochs", "cnnlab.runs.compare", "cnnlab.chapter.runs",
    "cnnlab.engine.estimate", "cnnlab.models.summary",
)
LATER_MODULES = ("matplotlib", "captum.attr")  # loaded once the parts are in, before a figure asks
CURVES_TAB, RUNS_TAB, DESIGN_TAB = "curves", "runs", "design"  # keys of the tabs reserved for the curves (first),
# the Runs and the Design tab (last)
PAINT_FALLBACK_MS = 3000  # start loading anyway when no paint is seen (a window opened minimised)

Step = tuple[str, Callable[[], None]]  # (name, install): one part of the window


class Importer(QThread):
    """Imports ``modules`` in order; ``failed(module, problem)`` (and no more imports) when one cannot be."""

    failed = Signal(str, str)

    def __init__(self, modules: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.modules = tuple(modules)

    def run(self) -> None:  # runs on the importer's thread
        for name in self.modules:
            try:
                importlib.import_module(name)
            except Exception as exc:  # a broken install: said in one sentence, the window stays up
                traceback.print_exc(file=sys.stderr)  # the details, for a report
                self.failed.emit(name, f"{type(exc).__name__}: {exc}")
                return


class PartsLoader(QObject):
    """Loads the heavy modules, then runs ``steps`` (see the module docstring); ``ready`` once they all ran,
    ``failed(sentence)`` when the modules cannot be imported or a step fails (no more steps run)."""

    ready = Signal()
    failed = Signal(str)

    def __init__(self, steps: Sequence[Step], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.steps = list(steps)
        self.done: list[str] = []  # names of the steps that ran, in order
        self.times: dict[str, float] = {}  # seconds each step took (the launch benchmark reports them)
        self.is_ready = False
        self.broken = ""  # the sentence of a failed import
        self._threads: list[Importer] = []
        self._stopped = False  # the window closed: no more steps

    def start(self) -> None:
        """Import :data:`ENGINE_MODULES` on a thread, then run the steps from the event loop."""
        if self._threads or self._stopped:
            return
        importer = self._importer(ENGINE_MODULES)
        importer.finished.connect(self._imported)
        importer.start()

    def install_all(self) -> None:
        """Everything now, on this thread (a window built for a test or a tool)."""
        for name in ENGINE_MODULES:
            importlib.import_module(name)
        while self.steps:
            self._step()

    def stop(self) -> None:
        """No more steps; wait for the import threads (a thread left running when the app quits aborts it)."""
        self._stopped = True
        for thread in self._threads:
            thread.wait()

    def _importer(self, modules: Sequence[str], *, needed: bool = True) -> Importer:
        """An import thread, kept until the loader stops; a ``needed`` module that fails stops the loading."""
        importer = Importer(modules, self)
        if needed:
            importer.failed.connect(self._failed)
        self._threads.append(importer)
        return importer

    def _failed(self, module: str, problem: str) -> None:
        self.broken = QCoreApplication.translate(
            "MainWindow", "{0} could not be imported ({1}); the window needs it to train and plot: reinstall "
            "cnnlab's requirements.").format(module, problem)
        self.failed.emit(self.broken)

    def _imported(self) -> None:
        if not self.broken and not self._stopped:
            QTimer.singleShot(0, self._next)

    def _next(self) -> None:
        if self._stopped:
            return
        name = self.steps[0][0]
        try:
            self._step()
        except Exception as exc:  # a bug in one part: said beside Start (never an endless "Loading…")
            traceback.print_exc(file=sys.stderr)  # the details, for a report
            self.broken = QCoreApplication.translate(
                "MainWindow", "The window could not make its {0} ({1}); restart cnnlab, and report it if it "
                "happens again.").format(name, f"{type(exc).__name__}: {exc}")
            self.failed.emit(self.broken)
            return
        if self.steps:
            QTimer.singleShot(0, self._next)  # a turn of the event loop between parts: clicks are handled
        else:  # a figure that needs one of these says so when it is drawn
            self._importer(LATER_MODULES, needed=False).start()

    def _step(self) -> None:
        name, install = self.steps.pop(0)
        began = time.perf_counter()
        install()
        self.times[name] = time.perf_counter() - began
        self.done.append(name)
        if not self.steps:
            self.is_ready = True
            self.ready.emit()


class FirstPaint(QObject):
    """Calls ``then`` once, on the turn of the event loop after ``widget``'s window was first exposed (shown and
    drawn), or after PAINT_FALLBACK_MS when it never is."""

    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self.then = then
        self.fired = False
        handle = widget.windowHandle()
        if handle is not None:
            handle.installEventFilter(self)
        QTimer.singleShot(PAINT_FALLBACK_MS, self._fire)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Expose and getattr(watched, "isExposed", lambda: False)():
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._fire)  # after the expose: the window has been drawn by then
        return False

    def _fire(self) -> None:
        if not self.fired:
            self.fired = True
            self.then()


def loading_page(text: str, name: str) -> QWidget:
    """A placeholder saying what is loading, centred in the room its part will take (by the stretch around it:
    an alignment flag would cost the first paint the 15 ms PySide6 takes to make Qt's enums)."""
    page = QWidget()
    page.setObjectName(name)
    grid = QGridLayout(page)
    grid.addWidget(QLabel(text), 1, 1)
    for i in (0, 2):
        grid.setRowStretch(i, 1)
        grid.setColumnStretch(i, 1)
    return page


class TabSlots:
    """Tabs reserved by key, each showing a placeholder until its page takes its place (:meth:`fill`)."""

    def __init__(self, tabs: QTabWidget) -> None:
        self.tabs = tabs
        self._slots: dict[str, QWidget] = {}

    def reserve(self, key: str, title: str) -> None:
        placeholder = loading_page(QCoreApplication.translate("MainWindow", "Loading…"), "tabLoading")
        self._slots[key] = placeholder
        self.tabs.addTab(placeholder, title)

    def fill(self, key: str, page: QWidget, title: str) -> None:
        """``page`` in the place reserved for ``key`` (the current tab if its placeholder was); at the end when
        none was reserved."""
        placeholder = self._slots.pop(key, None)
        index = self.tabs.indexOf(placeholder) if placeholder is not None else -1
        if index < 0:
            self.tabs.addTab(page, title)
            return
        current = self.tabs.currentIndex() == index
        self.tabs.insertTab(index, page, title)
        self.tabs.removeTab(index + 1)
        if current:
            self.tabs.setCurrentIndex(index)
        if placeholder is not None:
            placeholder.deleteLater()

    def drop(self, key: str) -> None:
        """Remove the placeholder of a part that could not be made."""
        placeholder = self._slots.pop(key, None)
        if placeholder is not None:
            self.tabs.removeTab(self.tabs.indexOf(placeholder))
            placeholder.deleteLater()

    def pending(self) -> list[str]:
        return list(self._slots)
