"""Drives one lesson step through the window's own parts: the setup, Start, Open run and the tabs.

``LessonDriver.run_step(key, recipe)`` sets the step's dataset, model and recipe in the setup, then
opens the newest finished run of exactly those settings from the runs folder if there is one, or
starts training once the setup has loaded the step's data (so Start knows how long the run would
take, and asks first when that is long); when the run is shown the app model draws exactly the
step's runs (its own, over its partner's for DNN versus CNN), the tab that holds the chapter's
figure is selected in the layout the figure needs, and ``stepShown`` carries the book's accuracy
and ours. Anything that stops it is one sentence, emitted with ``stepProblem``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QWidget

from cnnlab.chapter import Step, get_step
from cnnlab.chapter.runs import StepData, find_run, locate_step_data, step_config
from cnnlab.cli_format import percent
from cnnlab.datasets import get_dataset_spec
from cnnlab.engine import RunEnd, TrainConfig
from cnnlab.errors import UserError
from cnnlab.runs import RunRecord, load_run
from ui.i18n import dataset_title
from ui.panels import FeatureMapsPanel
from ui.setup.hyperparams import RECIPE_FIELDS, seed_of

if TYPE_CHECKING:
    from ui.shell import Shell
    from ui.worker import DataRequest

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls


@dataclass(frozen=True)
class StepOutcome:
    """What a step showed: the book's accuracy, ours, the run folder and whether it was trained now."""

    key: str
    book_acc: float | None
    test_acc: float | None
    run_dir: str
    trained: bool


def comparison(book_acc: float | None, test_acc: float | None) -> str:
    """"Book 96.3% · this run 97.9%" in the window's language."""
    ours = percent(test_acc, 1)
    if book_acc is None:
        return translate("Lessons", "The book states no accuracy · this run {0}").format(ours)
    return translate("Lessons", "Book {0} · this run {1}").format(percent(book_acc, trim=True), ours)


def missing_data_sentence(step: Step) -> str:
    spec = get_dataset_spec(step.dataset)
    text = translate("Lessons", "This step needs the {0} files: press Lessons to go back to the setup and choose "
                     "their folder with Data folder…, or run 'cnnlab data download {1}' once.")
    return text.format(dataset_title(spec.title), step.dataset)


class LessonDriver(QObject):
    stepShown = Signal(object)  # StepOutcome, after its tab is current
    stepProblem = Signal(str, object)  # step key, one sentence (str; a Sentence keeps its template)
    stepStarted = Signal(str)  # step key: its run has been started

    def __init__(self, window: Shell, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.main = window
        # Values put over the recipe's for every step (e.g. {"epochs": 1, "train_limit": 300}): quick looks
        # on a slow machine, and the tests. Empty: the chapter's own runs.
        self.overrides: dict[str, Any] = {}
        self._pending: Step | None = None  # the step whose run is training, or waits for its data to load
        self._waiting_data = False  # the pending step starts once the setup has loaded its data
        self.shown_runs: dict[tuple[str, str], str] = {}  # (step key, recipe) -> the run folder the step showed
        window.runFinished.connect(self._on_run_finished)
        window.dataLoaded.connect(self._on_data_loaded)

    # ----------------------------------------------------------- what a step would do
    def data_of(self, step: Step) -> StepData:
        return locate_step_data(step, self.main.model.setup.data_root(step.dataset))

    def wanted(self, step: Step, recipe: str, data: StepData | None = None) -> TrainConfig:
        """The config the step trains with here: the recipe, the overrides and the setup's seed and device."""
        setup = self.main.model.setup
        seed = seed_of(setup.texts)
        extra = {"seed": seed} if seed is not None else {}
        return step_config(step, recipe, data=data or self.data_of(step),
                           **{"device": setup.device, **extra, **self.overrides})

    def saved_run(self, step: Step, recipe: str) -> RunRecord | None:
        """The finished run in the runs folder the step would open instead of training; None if there is none."""
        data = self.data_of(step)
        if data.problem:
            return None
        try:
            return find_run(self.wanted(step, recipe, data))
        except UserError:
            return None

    def busy(self) -> bool:
        return self.main.is_running() or self._pending is not None

    # ------------------------------------------------------------------ the step
    def run_step(self, key: str, recipe: str) -> bool:
        """Set the step up, then open its saved run or start it; False (and ``stepProblem``) when it cannot."""
        step = get_step(key)
        if self.busy():
            return self._problem(step, translate("Lessons", "A run is training: wait for it to end, or stop it, "
                                                 "before starting a lesson step."))
        data = self.data_of(step)
        try:
            self._set_up(step, recipe, data)
        except UserError as e:
            return self._problem(step, str(e))
        if data.problem:
            return self._problem(step, missing_data_sentence(step))
        try:
            wanted = self.wanted(step, recipe, data)
            record = find_run(wanted)
        except UserError as e:
            return self._problem(step, str(e))
        if record is not None:
            return self._open(step, record)
        self._pending = step
        setup = self.main.model.setup
        if setup.loaded is None and not setup.data_error:  # the step's data is loading: Start times it then
            self._waiting_data = True
            return True
        return self._start(step)

    def _start(self, step: Step) -> bool:
        self._waiting_data = False
        if not self.main.start():  # it may ask first when the run would be long, and the student may cancel
            self._pending = None
            return self._problem(step, self.main.model.status.message)  # the model's sentence, with its template
        self.stepStarted.emit(step.key)
        return True

    def _on_data_loaded(self, request: DataRequest) -> None:
        """The setup's data (or its failure) is in: the step waiting for it starts, or says why it cannot."""
        step = self._pending
        if step is None or not self._waiting_data or request != self.main.setup.data_request():
            return  # not ours, or an older load finishing after the step changed the setup
        error = self.main.model.setup.data_error
        if error:
            self._pending, self._waiting_data = None, False
            self._problem(step, error)
            return
        self._start(step)

    def _set_up(self, step: Step, recipe: str, data: StepData) -> None:
        """The setup shows the step's dataset, model, recipe and hyperparameters, as Start will train them."""
        setup = self.main.setup
        setup.set_dataset(data.dataset)
        if data.dataset != step.dataset or data.data_root and data.data_root != setup.data_root(data.dataset):
            setup.set_data_root(data.dataset, data.data_root)
        setup.set_model(step.model)
        setup.set_recipe(recipe)
        if data.problem:
            return
        config = self.wanted(step, recipe, data)
        # the recipe's values (also for CIFAR-10 read from image folders), and every image: the chapter's run
        setup.hyper.fill({name: getattr(config, name) for name in (*RECIPE_FIELDS, "train_limit")})

    def _open(self, step: Step, record: RunRecord) -> bool:
        if self.main.open_run(record.path) is None:
            return self._problem(step, self.main.model.status.message)
        results = record.results or {}
        self._show(step, results.get("test_acc"), str(record.path), trained=False)
        return True

    def _on_run_finished(self, end: RunEnd) -> None:
        step, self._pending = self._pending, None
        if step is None:
            return
        if end.status != "completed" or not end.run_dir:
            reason = end.message or translate("Lessons", "The run was stopped before it finished.")
            self._problem(step, reason)
            return
        self._show(step, end.test_acc, end.run_dir, trained=True)

    # ------------------------------------------------------------------- showing
    def _show(self, step: Step, test_acc: float | None, run_dir: str, *, trained: bool) -> None:
        self.shown_runs[(step.key, self.main.model.setup.recipe)] = run_dir
        self._show_runs(step, run_dir)
        runs = self.main.model.runs
        if run_dir in runs.entries and runs.current != run_dir:
            runs.set_current(run_dir, None)  # the inspection tabs show the step's run, as saved
        tab = self.tab_widget(step.tab)
        if step.layout and isinstance(tab, FeatureMapsPanel):
            tab.show_layout(step.layout)
        self.main.tabs.setCurrentWidget(tab)
        outcome = StepOutcome(step.key, step.book_acc, test_acc, run_dir, trained)
        self.main.show_status(comparison(step.book_acc, test_acc))
        self.stepShown.emit(outcome)

    def _show_runs(self, step: Step, run_dir: str) -> None:
        """The app model draws exactly the step's run, on top, over its partner's run (DNN versus CNN) when
        there is one; every other run is unticked, so the axes span these runs' own epochs."""
        runs = self.main.model.runs
        keys = [key for key in (self._partner_run(step), run_dir) if key is not None and key in runs.entries]
        if keys:
            runs.show_only(keys)

    def partner_folder(self, step: Step) -> str | None:
        """The run folder of the partner step (the DNN a CNN step is compared with): the one this lesson
        showed with the same recipe, else the newest saved one; None when it has none."""
        if not step.partner:
            return None
        recipe = self.main.model.setup.recipe
        partner = get_step(step.partner)
        key = self.shown_runs.get((partner.key, recipe))
        if key is None or not Path(key).is_dir():
            record = self.saved_run(partner, recipe)
            if record is None:
                return None
            key = str(record.path)
        return key

    def _partner_run(self, step: Step) -> str | None:
        """The partner step's run folder (:meth:`partner_folder`), added to the curves; None when it has none."""
        key = self.partner_folder(step)
        if key is None:
            return None
        if self.main.curves.series(key) is None:
            try:
                self.main.curves.add_record(load_run(key))
            except UserError:
                return None
        return key

    def tab_widget(self, tab: str) -> QWidget:
        """The window's tab for a step's ``tab`` key; the curves when the window has no such panel."""
        from ui.panels import (
            ConfusionPanel,
            FeatureMapsPanel,
            KernelRolesPanel,
            KernelsPanel,
            MisclassifiedPanel,
        )

        kinds: dict[str, type] = {"kernels": KernelsPanel, "feature_maps": FeatureMapsPanel,
                                  "kernel_roles": KernelRolesPanel, "misclassified": MisclassifiedPanel,
                                  "confusion": ConfusionPanel}
        kind = kinds.get(tab)
        for panel in self.main.panels:
            if kind is not None and isinstance(panel, kind):
                return panel
        return self.main.curves

    def _problem(self, step: Step, sentence: str) -> bool:
        self.stepProblem.emit(step.key, sentence)
        return False
