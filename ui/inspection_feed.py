"""The inspection tabs and what feeds them: a :class:`Subject` per epoch end or opened run.

:class:`InspectionFeed` builds each new subject off the GUI thread, runs the slow ``prepare`` of the
tabs in view there too, then hands the subject to every panel. Epochs that end in a burst only build
the newest; a panel's bug never takes the window down.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable

import torch
from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from cnnlab.app import AppModel, Inspected
from cnnlab.datasets import DataSplits
from cnnlab.engine import CheckpointMeta
from cnnlab.inspection import Subject
from ui.background import BackgroundJobs
from ui.i18n import core_message
from ui.panels.base import InspectionPanel, PreparingPanel
from ui.status_line import StatusLine
from ui.window_parts import TabSlots

PanelFactories = list[tuple[str, Callable[[], QWidget]]]


def add_panels(slots: TabSlots, factories: PanelFactories | None) -> list[QWidget]:
    """One tab per inspection panel (``ui.panel_tabs.PANELS``, read now so later entries count), each in the
    place reserved under its title."""
    if factories is None:
        from ui import panel_tabs

        factories = list(panel_tabs.PANELS)
    panels: list[QWidget] = []
    for title, factory in factories:
        try:
            panel = factory()
        except Exception:  # one broken panel must not keep the app from starting
            traceback.print_exc(file=sys.stderr)
            slots.drop(title)
            continue
        panels.append(panel)
        slots.fill(title, panel, QCoreApplication.translate("Panels", title))  # titles marked in ui.panel_titles
    return panels


class InspectionFeed(QObject):
    """``schedule`` an epoch's weights or ``set_subject`` a ready one; ``subject`` is the one shown."""

    subjectChanged = Signal(object)  # Subject given to the panels

    def __init__(self, panels: list[QWidget], jobs: BackgroundJobs, status: StatusLine,
                 training: Callable[[], bool], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.panels = panels
        self.jobs = jobs
        self.status = status
        self.training = training  # True while a run trains: the subject is built on one thread then
        self.subject: Subject | None = None
        self.preparing = False  # a subject is being built off the GUI thread
        self._pending: tuple[CheckpointMeta, dict, DataSplits, int] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._apply)

    def schedule(self, meta: CheckpointMeta, weights: dict, splits: DataSplits, epoch: int) -> None:
        """Hand the panels this epoch's weights; epochs that end in a burst only build the newest."""
        if not self.panels or not weights:
            return
        self._pending = (meta, weights, splits, epoch)
        if not self._timer.isActive():
            self._timer.start(0)

    def _apply(self) -> None:
        """Build the newest pending subject off the GUI thread, with the heavy work of the tabs in view
        (predictions for a whole test set take a few hundred ms), then hand it to every panel."""
        if self._pending is None or self.preparing:
            return
        meta, weights, splits, epoch = self._pending
        self._pending = None
        in_view = [p for p in self.panels if p.isVisible() and isinstance(p, PreparingPanel)]
        one_thread = self.training()  # the training process has the cores

        def prepare() -> Subject:  # runs on a worker thread: Qt-free work only
            if one_thread:
                torch.set_num_threads(1)  # for this worker thread only: torch's setting is per thread
            subject = Subject.from_weights(meta, weights, splits.test, epoch)
            for panel in in_view:
                panel.prepare(subject)
            return subject

        def done(subject: object) -> None:
            self.preparing = False
            assert isinstance(subject, Subject)
            self.set_subject(subject)
            self._apply()  # an epoch that ended meanwhile

        def failed(message: str) -> None:  # a model the inspection cannot rebuild must not stop training
            self.preparing = False
            self.status.show(self.tr("The inspection tabs cannot show this model: {0}").format(core_message(message)),
                             error=True)
            self._apply()

        self.preparing = True
        self.jobs.run(prepare, done, failed, shows_busy=False)

    def set_subject(self, subject: Subject | None) -> None:
        self.subject = subject
        for panel in self.panels:
            try:
                panel.set_subject(subject)  # type: ignore[attr-defined]  # every panel in the tabs is an InspectionPanel
            except Exception:  # a panel's bug must not take the window down
                traceback.print_exc(file=sys.stderr)
        self.subjectChanged.emit(subject)


class InspectedLink(QObject):
    """Joins the panels' image choices to the app model's inspected subject: a test image chosen in one
    tab (a click in Misclassified, a number in Feature maps) is the one every tab with an image looks at,
    and whoever sets ``model.inspect(image=n)`` (a lesson, a test) moves them all."""

    def __init__(self, model: AppModel, panels: list[QWidget], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.panels = [p for p in panels if isinstance(p, InspectionPanel)]
        for panel in self.panels:
            panel.imageChosen.connect(self._chosen)
        model.events.inspected.connect(self._follow)

    def _chosen(self, image: int) -> None:
        seen = self.model.inspected
        self.model.inspect(image=image, layer=seen.layer, target=seen.target)

    def _follow(self, inspected: Inspected) -> None:
        if inspected.image is None:
            return
        for panel in self.panels:
            try:
                panel.inspect(inspected.image)
            except Exception:  # a panel's bug must not take the window down
                traceback.print_exc(file=sys.stderr)
