"""The Lab tab: draw (or open, paste, drop) an input and see why the network decides.

Left, the input column (:mod:`ui.lab.input_box`); right, the prediction and seven views: the live
view (probabilities, the chosen attribution, every layer's maps), all attribution methods side by
side, invariance, kernel ablation, the convolution arithmetic, the top-9 test images of a kernel and
the methods' sanity check (:mod:`ui.lab.sanity_view`).
Every change of the input is coalesced by a zero-delay timer (one request per pass of the event loop,
however many mouse moves arrived) and computed off the GUI thread by :mod:`ui.lab.worker` (the newest
input wins, stale results are dropped, slow maps come coarse first and are refined when the pen rests),
so the canvas never waits (``benchmarks/lab_latency.py``). Only the view in sight is redrawn.
"""

from __future__ import annotations

import numpy as np
import torch
from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget
from torch import nn

from cnnlab.engine.checkpoint import CheckpointMeta
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.inspection import Subject
from cnnlab.inspection.ablation import ablated_subject
from cnnlab.inspection.lab import LabResult, analyse
from ui.i18n import class_names, core_message
from ui.lab.ablation_view import AblationView
from ui.lab.arithmetic_view import ArithmeticView
from ui.lab.input_box import InputBox
from ui.lab.invariance_view import InvarianceView
from ui.lab.live_view import LiveView
from ui.lab.methods_view import MethodsView
from ui.lab.sanity_view import SanityView
from ui.lab.state import LabState
from ui.lab.top_view import TopView
from ui.lab.worker import LabComputer, LabOutcome, one_image_threads
from ui.panels.base import InspectionPanel
from ui.panels.lab_bridge import lab_bridge
from ui.widgets.layout import scrolling

INPUT_WIDTH = 300  # pixels of the input column: the 280-pixel canvas and its margins
VIEWS = (QT_TRANSLATE_NOOP("LabPanel", "Why"), QT_TRANSLATE_NOOP("LabPanel", "Methods"),
         QT_TRANSLATE_NOOP("LabPanel", "Invariance"), QT_TRANSLATE_NOOP("LabPanel", "Ablation"),
         QT_TRANSLATE_NOOP("LabPanel", "Arithmetic"), QT_TRANSLATE_NOOP("LabPanel", "Top 9"),
         QT_TRANSLATE_NOOP("LabPanel", "Sanity"))


class LabPanel(InspectionPanel):
    """``updated(LabState)`` after every recomputation shown (tests and the latency benchmark wait on it)."""

    updated = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.input = InputBox()
        self.prediction = QLabel()
        self.prediction.setStyleSheet("font-size: 18px; font-weight: bold")
        self.prediction.setWordWrap(True)
        self.live, self.methods, self.invariance = LiveView(), MethodsView(), InvarianceView()
        self.ablation, self.arithmetic, self.top = AblationView(), ArithmeticView(), TopView()
        self.sanity = SanityView()
        self.views = QTabWidget()
        self.views.setDocumentMode(True)
        for title, view in zip(VIEWS, (self.live, self.methods, self.invariance, self.ablation, self.arithmetic,
                                       self.top, self.sanity), strict=True):
            self.views.addTab(scrolling(view), self.tr(title))
        left = scrolling(self.input)
        left.setFixedWidth(INPUT_WIDTH + 20)
        right = QVBoxLayout()
        right.addWidget(self.prediction)
        right.addWidget(self.views, 1)
        body = QHBoxLayout()
        body.addWidget(left)
        body.addLayout(right, 1)
        lay = QVBoxLayout(self.content)
        lay.addWidget(self.header)
        lay.addLayout(body, 1)
        self.state: LabState | None = None
        self.off: dict[str, set[int]] = {}
        self.used: Subject | None = None  # the subject the Lab runs: ablated while kernels are off
        self.updates = 0  # recomputations so far
        self.computer = LabComputer(self)  # the analysis, off the GUI thread
        self.computer.ready.connect(self._show_outcome)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.request)
        self.input.changed.connect(self.schedule)
        self.live.settingsChanged.connect(self.schedule)
        self.ablation.offChanged.connect(self.set_off)
        self.top.imageChosen.connect(self.open_image)
        self.sanity.checked.connect(self.methods.mark_survivors)
        self.views.currentChanged.connect(self._show_view)
        lab_bridge().openImage.connect(self.open_image)

    # -- subject ---------------------------------------------------------------------------------
    def set_subject(self, subject: Subject | None) -> None:
        if subject is not None and self.subject is not None and subject.meta != self.subject.meta:
            self.off = {}  # another model or data set: its kernels are other ones
        self.used = None
        super().set_subject(subject)

    def draw(self, subject: Subject) -> None:
        c = subject.meta.input_shape[0]
        self.input.set_dataset(subject.meta.dataset, c, subject.classes)
        self.live.set_classes(subject.classes)
        self.header.setText(self.tr("Lab: {0}. Draw, paste, drop or open an image; everything updates as you "
                                    "draw.").format(self.title(subject)))
        self.request(quick=False)

    def used_subject(self) -> Subject:
        s = self.subject
        assert s is not None
        if self.used is None:
            self.used = ablated_subject(s, self.off) if self.off else s
        return self.used

    def set_off(self, off: dict[str, set[int]]) -> None:
        """Kernels switched off (in a copy of the model); the views follow."""
        self.off = {k: set(v) for k, v in off.items() if v}
        self.used = None
        self.schedule()

    # -- input -------------------------------------------------------------------------------------
    def open_image(self, image: torch.Tensor, title: str) -> None:
        """Put a uint8 image (C, H, W) on the canvas and bring the Lab to the front."""
        arr = image.numpy()
        self.input.show_array(arr[0] if arr.shape[0] == 1 else np.ascontiguousarray(arr.transpose(1, 2, 0)))
        self.input.status.setText(self.tr("Opened {0}.").format(title))
        self.input.status.setStyleSheet("color: #555")
        w = self.parentWidget()
        while w is not None and not isinstance(w, QTabWidget):
            w = w.parentWidget()
        if isinstance(w, QTabWidget) and w.indexOf(self) >= 0:
            w.setCurrentWidget(self)

    def schedule(self) -> None:
        """Recompute at the next pass of the event loop (many changes before it: one computation)."""
        if not self._timer.isActive():
            self._timer.start(0)

    # -- computing ---------------------------------------------------------------------------------
    def request(self, quick: bool = True) -> None:
        """Ask the worker for the current input (``quick``: slow maps coarse first); the views follow its answer."""
        self._timer.stop()
        s = self.subject
        if s is None:
            return
        self.computer.request(*self._input(), patch=self.live.patch.value(), stride=self.live.stride.value(),
                              quick=quick)

    def compute(self) -> LabState | None:
        """Run the model on the current input now, on this thread, and redraw what is in view (scripts, tests)."""
        self._timer.stop()
        s = self.subject
        if s is None:
            return None
        with one_image_threads():
            result = analyse(*self._input(), patch=self.live.patch.value(), stride=self.live.stride.value())
        return self._show(result)

    def _input(self) -> tuple[nn.Module, CheckpointMeta, np.ndarray, str, str | None, int | None]:
        """(model, meta, drawing, preprocessing mode, method, target class) of the analysis, as chosen now."""
        used, live = self.used_subject(), self.live
        return (used.model, used.meta, self.input.canvas.array(), self.input.mode_key(), live.method_key(),
                live.target_class())

    def _show_outcome(self, outcome: LabOutcome) -> None:
        s = self.subject
        if s is None or outcome.result is None or outcome.job.meta != s.meta:
            if outcome.problem:
                self.prediction.setText(core_message(outcome.problem))
            return
        self._show(outcome.result)

    def _show(self, result: LabResult) -> LabState | None:
        s = self.subject
        if s is None:
            return None
        self.state = LabState(subject=s, used=self.used_subject(), result=result,
                              off={k: set(v) for k, v in self.off.items()})
        self.input.show_steps(result.prepared)
        names = class_names(s.classes)
        p = result.predicted
        off = sum(len(v) for v in self.off.values())
        if result.prepared.empty:  # a blank input has no prediction worth naming
            text = self.tr("The canvas is empty: draw a digit or a shape, or open an image.")
        else:
            text = self.tr("Prediction: {0} ({1})").format(names[p], f"{result.probabilities[p]:.0%}")
        if off:
            text += self.tr(" — {0} kernel(s) switched off").format(off)
        self.prediction.setText(text)
        with one_image_threads():
            self._draw_view()
        self.updates += 1
        self.updated.emit(self.state)
        return self.state

    def _show_view(self, *_args: object) -> None:
        with one_image_threads():
            self._draw_view()

    def _draw_view(self) -> None:
        state = self.state
        if state is None:
            return
        view = self.views.currentIndex()
        if view == 0:
            self.live.show_state(state)
        elif view == 1:
            self.methods.show_state(state, self.live.target_class())
        elif view == 2:
            self.invariance.show_state(state)
        elif view == 3:
            self.ablation.show_state(state)
        elif view == 4:
            self.arithmetic.show_state(state)
        elif view == 5:
            self.top.show_subject(state.used)
        else:
            self.sanity.show_state(state, self.live.target_class())
