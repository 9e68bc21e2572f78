"""The X-ray of the design being edited, recounted off the GUI thread after every edit.

One count runs at a time. An edit made while one runs is remembered; when the count ends its result is shown
only if no edit came meanwhile, else it is dropped and the latest design is counted next: the latest edit
wins, however fast the student types, and the GUI thread only ever hands a design over and shows a result.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from cnnlab.design.flops import counted_rows
from cnnlab.design.spec import Design
from cnnlab.design.xray import XRay, xray_until_error
from cnnlab.errors import Sentence
from ui.background import RunInThread


@dataclass(frozen=True)
class XRayResult:
    """A design's X-ray, or the sentence saying why it cannot work and the row it names."""

    design: Design
    xray: XRay | None  # None: the design cannot work
    error: str = ""  # one sentence (a Sentence keeps its template for translation); "" when it works
    row: str = ""  # the row the sentence names ("6", "4.2"); "" when it names none
    seconds: float = 0.0  # time the count took off the GUI thread
    counted: int = 0  # rows whose FLOPs were counted rather than remembered (about this many, when two count at once)
    partial: XRay | None = None  # a design that cannot work: the X-ray of its rows before the one that breaks


def count(design: Design) -> XRayResult:
    """The X-ray of ``design`` (run off the GUI thread): :func:`cnnlab.design.xray.xray_until_error` counts only
    the rows whose settings or input changed since they were last counted; a design that cannot work gets the
    X-ray of its rows before the one that breaks."""
    start, before = time.perf_counter(), counted_rows()
    result, error = xray_until_error(design)
    seconds, counted = time.perf_counter() - start, counted_rows() - before
    if error is not None:
        sentence = error.sentence
        row = sentence.args.get("row", "") if isinstance(sentence, Sentence) else ""
        return XRayResult(design, None, sentence, str(row or ""), seconds, counted, partial=result)
    return XRayResult(design, result, seconds=seconds, counted=counted)


class XRayRunner(QObject):
    """``request(design)``: its X-ray arrives with ``ready`` (on the GUI thread) unless a newer one was asked."""

    ready = Signal(object)  # XRayResult of the latest design asked for

    def __init__(self, run_in_thread: RunInThread, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.run_in_thread = run_in_thread
        self.latest: Design | None = None  # the design last asked for
        self.asked = 0  # requests so far; a result is shown only for the last one
        self.running = False
        self.dropped = 0  # results dropped because an edit came while they were counted
        self.on_count: Callable[[Design], None] | None = None  # tests: called on the worker thread before a count

    def request(self, design: Design) -> None:
        self.latest = design
        self.asked += 1
        if not self.running:
            self._start()

    def busy(self) -> bool:
        return self.running

    def _start(self) -> None:
        design, asked, hook = self.latest, self.asked, self.on_count
        assert design is not None
        self.running = True

        def work() -> XRayResult:
            if hook is not None:
                hook(design)
            return count(design)

        self.run_in_thread(work, lambda result: self._ended(asked, result),
                           lambda message: self._ended(asked, XRayResult(design, None, message)))

    def _ended(self, asked: int, result: object) -> None:
        self.running = False
        if asked != self.asked:  # an edit came meanwhile: this X-ray is of an older design
            self.dropped += 1
            self._start()
            return
        assert isinstance(result, XRayResult)
        self.ready.emit(result)
