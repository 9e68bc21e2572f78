"""The Lab's sanity check (Adebayo et al., 2018): can this map be trusted?

"Sanity check" replaces the model's weights by random ones from the top layer down, one layer more each
step, in a copy of the model, and draws every method's map again: the paper's strip, the real map first,
with the rank correlation ρ to it under each randomised one. A method whose map survives the randomisation
is labelled: it shows the image's edges, not what the network learned. The check runs on the Lab's worker
thread (:class:`ui.lab.worker.LabWorker`), on its own copy of the model; the strip can be exported as
PNG, PDF or SVG (matplotlib). The survivors are also marked in the Methods view (:attr:`SanityView.checked`).
"""

from __future__ import annotations

import copy
import itertools
from pathlib import Path

import numpy as np
import torch
from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from cnnlab.errors import UserError
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.inspection.attribution import METHODS
from cnnlab.inspection.explain import heat_colours
from cnnlab.inspection.mosaic import fit
from cnnlab.inspection.sanity import RANK_CORRELATION_LIMIT, MethodSanity, SanityReport
from ui.i18n import core_message
from ui.lab.live_view import method_title
from ui.lab.state import LabState
from ui.lab.worker import SanityJob, SanityOutcome, lab_worker
from ui.panels.pictures import captioned_grid
from ui.panels.widgets import PictureView

SIDE = 48  # pixels per map: the input, the real map and 5 randomised steps (the chapter's nets) fit in view at 1280×800
CELL_WIDTH = 56  # pixels per cell: room for a layer's name under its map
SURVIVES = QT_TRANSLATE_NOOP("SanityView", "This shows the image's edges, not what the network learned: the map "
                                           "stays alike when the weights are random.")
SURVIVOR_COLOUR = "#a02020"  # the label of a map that cannot be trusted: the window's warning red
_CLIENTS = itertools.count()  # a number per view: the one worker answers every Lab panel


def survivor_label() -> str:
    """The label of a method whose map survives randomisation, in the window's language."""
    return QCoreApplication.translate("SanityView", SURVIVES)


class _Link(QObject):
    """Sends jobs to the Lab's worker thread (a queued signal) and filters its answers for one view."""

    send = Signal(object)  # SanityJob

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        worker = lab_worker()
        self.send.connect(worker.check)
        self.answers, self.progress = worker.checked, worker.checking


class SanityView(QWidget):
    """``checked(SanityReport, model)`` once a check is shown (the panel marks the survivors in Methods)."""

    checked = Signal(object, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.intro = QLabel(self.tr(
            "The sanity check of Adebayo et al. (2018): the weights are replaced by random ones from the top layer "
            "down, one layer more each step, and every map is drawn again. A map that explains what the network "
            "learned must change (a low rank correlation ρ with the real map); one that stays alike shows the "
            "image, not the network."))
        self.intro.setWordWrap(True)
        self.run_button = QPushButton(self.tr("Sanity check"))
        self.run_button.clicked.connect(self.run)
        self.export_button = QPushButton(self.tr("Export strip…"))
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self.choose_export)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setObjectName("hint")
        buttons = QHBoxLayout()
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        self.rows: dict[str, tuple[QLabel, PictureView, QLabel]] = {}
        lay = QVBoxLayout(self)
        lay.addWidget(self.intro)
        lay.addLayout(buttons)
        lay.addWidget(self.status)
        for name in METHODS:
            title, strip, verdict = QLabel(), PictureView(), QLabel()
            title.setStyleSheet("font-weight: bold")
            verdict.setWordWrap(True)
            lay.addWidget(title)
            lay.addWidget(strip)
            lay.addWidget(verdict)
            self.rows[name] = (title, strip, verdict)
            title.setText(method_title(name))
        lay.addStretch(1)
        self.state: LabState | None = None
        self.target: int | None = None
        self.report: SanityReport | None = None
        self.rgb: np.ndarray | None = None  # the input the shown report is for, (H, W, 3) uint8
        self._asked: tuple[object, torch.Tensor, int | None] | None = None  # model, input, class of the newest check
        self._shown: tuple[object, torch.Tensor, int | None] | None = None  # the same for the report shown
        self._serial = 0
        self._client = next(_CLIENTS)
        self._link = _Link(self)
        self._link.answers.connect(self._answer)
        self._link.progress.connect(self._progress)

    # -- input ---------------------------------------------------------------------------------------
    def show_state(self, state: LabState, target: int | None) -> None:
        """The Lab's current input; a strip computed for another input, model or class is marked as old."""
        self.state, self.target = state, target
        if self.report is not None and not self._same(self._shown):
            self.status.setText(self.tr("The input, the model or the class has changed since this check: press "
                                        "Sanity check again."))

    def _key(self) -> tuple[object, torch.Tensor, int | None] | None:
        state = self.state
        return None if state is None else (state.used.model, state.raw, self.target)

    def _same(self, key: tuple[object, torch.Tensor, int | None] | None) -> bool:
        now = self._key()
        return (key is not None and now is not None and key[0] is now[0] and key[2] == now[2]
                and torch.equal(key[1], now[1]))

    # -- computing -----------------------------------------------------------------------------------
    def run(self) -> int:
        """Check the current input on the Lab's worker thread; returns the job's serial (0: nothing to check)."""
        state = self.state
        if state is None:
            return 0
        self._serial += 1
        self._asked = (state.used.model, state.raw.clone(), self.target)
        job = SanityJob(self._client, self._serial, copy.deepcopy(state.used.model).eval(), state.x.clone(),
                        self.target)
        self.run_button.setEnabled(False)
        self.status.setText(self.tr("Checking…"))
        self._link.send.emit(job)
        return self._serial

    @property
    def busy(self) -> bool:
        """A check is being computed (tests wait for ``not busy``)."""
        return not self.run_button.isEnabled()

    def _progress(self, client: int, serial: int, done: int, total: int) -> None:
        if client == self._client and serial == self._serial:
            self.status.setText(self.tr("Checking… step {0} of {1}").format(done, total))

    def _answer(self, outcome: SanityOutcome) -> None:
        if outcome.job.client != self._client or outcome.job.serial != self._serial:
            return  # another view's, or an older check's
        self.run_button.setEnabled(True)
        if outcome.report is None:
            self.status.setText(core_message(outcome.problem))
            return
        asked = self._asked
        assert asked is not None
        self.show_report(outcome.report, asked)

    def show_report(self, report: SanityReport, key: tuple[object, torch.Tensor, int | None]) -> None:
        """Draw the strips of ``report``, computed for (model, uint8 input (C, H, W), class) ``key``."""
        from cnnlab.inspection.mosaic import image_rgb

        self.report, self._shown = report, key
        self.rgb = image_rgb(key[1].numpy())
        self.export_button.setEnabled(True)
        steps = report.step_names()
        self.status.setText(self.tr("Randomised from the top: {0}. Deletion area for a random pixel order: {1}.")
                            .format(" → ".join(steps), f"{report.random_deletion_auc:.2f}"))
        for name, (title, strip, verdict) in self.rows.items():
            title.setText(method_title(name))
            m = report.methods.get(name)
            if m is None:
                strip.set_picture(None)
                verdict.setStyleSheet("")
                verdict.setText(core_message(report.problems.get(name, "")))
                continue
            tiles = [fit(self.rgb, SIDE), *(fit(heat_colours(mp, name), SIDE) for mp in m.maps)]
            captions = [self.tr("input"), self.tr("real"),
                        *(f"{s}\nρ = {c:.2f}" for s, c in zip(steps, m.rank_correlation, strict=True))]
            strip.set_picture(captioned_grid(tiles, SIDE, len(tiles), captions, caption_lines=2, width=CELL_WIDTH))
            verdict.setStyleSheet(f"color: {SURVIVOR_COLOUR}; font-weight: bold" if m.survives else "")
            verdict.setText(self.verdict(m, report))
        self.checked.emit(report, key[0])

    def verdict(self, m: MethodSanity, report: SanityReport) -> str:
        """The line under a method's strip: whether its map can be trusted, and its deletion area."""
        deletion = self.tr("Deletion area {0} (random order {1}; lower is better).").format(
            f"{m.deletion_auc:.2f}", f"{report.random_deletion_auc:.2f}")
        if m.passes is None:
            return self.tr("The real map is flat for this input: there is no order to compare.") + " " + deletion
        last, limit = f"{m.rank_correlation[-1]:.2f}", f"{RANK_CORRELATION_LIMIT:.2f}"
        if m.survives:
            return survivor_label() + " " + self.tr("(ρ = {0} with every layer random, not below {1}.)").format(
                last, limit) + " " + deletion
        return self.tr("Passes: ρ = {0} with every layer random (below {1}): the map depends on what the network "
                       "learned.").format(last, limit) + " " + deletion

    # -- export --------------------------------------------------------------------------------------
    def choose_export(self) -> None:
        if self.report is None:
            return
        path, _ = QFileDialog.getSaveFileName(self.window(), self.tr("Export the sanity strip"), "sanity-strip.png",
                                              self.tr("PNG image (*.png);;PDF (*.pdf);;SVG image (*.svg)"))
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> bool:
        """Write the shown strip to ``path`` (.png, .pdf or .svg) with the window's texts; a sentence on failure."""
        from cnnlab.inspection.explain import write_file
        from cnnlab.inspection.sanity_figure import StripTexts, strip_bytes, strip_format
        from cnnlab.report.figures import cjk_family
        from ui.i18n import ENGLISH, current_language

        report, rgb = self.report, self.rgb
        if report is None or rgb is None:
            return False
        texts = StripTexts(image=self.tr("input"), real=self.tr("real"), rho="ρ = {0}",
                           titles={m: method_title(m) for m in report.methods},
                           verdicts={m: self.tr("survives") if s.survives else "" for m, s in report.methods.items()},
                           font_family=None if current_language() == ENGLISH else cjk_family())
        try:
            write_file(path, strip_bytes(report, rgb, strip_format(path), texts))
        except UserError as e:
            self.status.setText(core_message(str(e)))
            return False
        self.status.setText(self.tr("Strip saved in {0}.").format(path))
        return True
