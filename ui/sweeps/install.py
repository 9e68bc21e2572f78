"""Run ▸ New sweep…, Open sweep file… and Sweep results…, and the Runs tab's Sweeps… button: one sweep at a time,
never beside a normal run (the window's Start waits while a sweep trains, and a sweep waits for a run)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QBoxLayout, QDialog, QFileDialog, QInputDialog, QLayout, QPushButton, QWidget

from cnnlab.errors import UserError
from cnnlab.sweep.spec import SweepSpec
from ui.actions import menu_holding, window_action
from ui.i18n import core_message
from ui.sweeps.form import MAX_WORKERS, SweepForm
from ui.sweeps.runner import SweepThread
from ui.sweeps.window import SweepsWindow

if TYPE_CHECKING:
    from ui.runs_view.view import RunsView
    from ui.shell import Shell

CLOSE_WAIT_MS = 30_000  # the trials in progress save their checkpoints before the window closes


class SweepTools(QObject):
    """The sweep menu entries, the Sweeps window and the sweep thread (``sweep_thread`` while one trains)."""

    changed = Signal()  # a sweep started or ended
    sweepEnded = Signal(object)  # SweepResults, or None when it failed

    def __init__(self, window: Shell, runs_view: RunsView) -> None:
        super().__init__(window.window())
        self.window, self.runs_view = window, runs_view
        self.sweep_thread: SweepThread | None = None
        self.view = SweepsWindow(window.window())
        self.view.stopRequested.connect(self.stop)
        self.view.results.trainRequested.connect(self.train_setup)
        self.new_action = self._action(self.tr("New s&weep…"), self.choose_new,
                                       self.tr("Train the setup again over learning rates, seeds or batch sizes"))
        self.open_action = self._action(self.tr("Open sweep &file…"), self.choose_file,
                                        self.tr("Train a sweep written in a YAML file"))
        self.results_action = self._action(self.tr("Sweep res&ults…"), self.show_results,
                                           self.tr("Each sweep's configurations with mean ± std over the seeds"))
        self.runs_button = QPushButton(self.tr("Sweeps…"))
        self.runs_button.setToolTip(self.tr("The sweeps' results: mean ± std over the seeds, the best setup"))
        self.runs_button.clicked.connect(self.show_results)
        window.runs.changed.connect(self.update)
        self.update()

    def _action(self, text: str, slot: Callable[[], object], tip: str) -> QAction:
        return window_action(self.window.window(), text, slot, tip=tip)

    def place(self) -> None:
        """The three entries at the end of the Run menu; Sweeps… beside the Runs tab's Compare."""
        menu = menu_holding(self.window, self.window.commands.stop)
        if menu is not None:
            menu.addSeparator()
            menu.addActions([self.new_action, self.open_action, self.results_action])
        row = _layout_holding(self.runs_view.compare_button)
        if row is not None:
            row.insertWidget(row.indexOf(self.runs_view.compare_button), self.runs_button)

    def running(self) -> bool:
        return self.sweep_thread is not None

    def update(self) -> None:
        free = not self.running() and not self.window.is_running()
        self.new_action.setEnabled(free)
        self.open_action.setEnabled(free)

    # ---------------------------------------------------------------- choosing
    def refusal(self) -> str:
        """Why a sweep cannot start now, one sentence; "" when it can."""
        if self.running():
            return self.tr("A sweep is training: stop it or wait for it to end first.")
        if self.window.is_running():
            return self.tr("A run is training: start the sweep once it has ended.")
        return ""

    def base(self) -> dict[str, Any] | None:
        """The setup's current settings (the sweep's base); None, with the sentence shown, when they have a problem."""
        try:
            return dict(self.window.setup.config().to_dict())
        except UserError as e:
            self.window.show_status(core_message(str(e)), error=True)
            return None

    def choose_new(self) -> None:
        refusal = self.refusal()
        if refusal:
            self.window.show_status(refusal, error=True)
            return
        base = self.base()
        if base is None:
            return
        form = SweepForm(base, self.window.window())
        if form.exec() == QDialog.DialogCode.Accepted and form.spec is not None:
            self.start(form.spec, form.workers.value())

    def choose_file(self) -> None:
        """Open a sweep file: it is read and checked first, and only a good one asks how many trials train at once."""
        refusal = self.refusal()
        if refusal:
            self.window.show_status(refusal, error=True)
            return
        path, _ = QFileDialog.getOpenFileName(self.window.window(), self.tr("Open sweep file"), "",
                                              self.tr("Sweep files (*.yaml *.yml)"))
        if not path:
            return
        spec = self.read_file(Path(path))
        if spec is None:
            return
        workers, ok = QInputDialog.getInt(self.window.window(), self.tr("Workers"),
                                          self.tr("Trials trained at once:"), 1, 1, MAX_WORKERS)
        if ok:
            self.start(spec, workers)

    def read_file(self, path: Path) -> SweepSpec | None:
        """The sweep file ``path`` read and checked; None, with its one sentence shown, when it is bad."""
        from cnnlab.sweep.spec import load_sweep

        try:
            return load_sweep(path)
        except UserError as e:
            self.window.show_status(core_message(str(e)), error=True)
            return None

    def start_file(self, path: Path, workers: int = 1) -> bool:
        """Read the sweep file ``path`` and train it; False (and the one sentence) when it is bad."""
        spec = self.read_file(path)
        return spec is not None and self.start(spec, workers)

    # ---------------------------------------------------------------- training
    def start(self, spec: SweepSpec, workers: int = 1) -> bool:
        """Train ``spec`` off the GUI thread; False (and why) while a run or another sweep trains."""
        refusal = self.refusal()
        if refusal:
            self.window.show_status(refusal, error=True)
            return False
        thread = SweepThread(spec, workers, self)
        thread.heard.connect(self.view.event_heard)
        thread.heard.connect(lambda event: self._heard(spec.name, event))
        thread.ended.connect(self._ended)
        thread.failed.connect(self._failed)
        thread.finished.connect(lambda: self._thread_done(thread))
        self.sweep_thread = thread
        self.view.started(spec.name, spec.total_runs)
        self.view.show()
        self.view.raise_()
        self.window.show_status(self.tr("Training the sweep {0}: {1} trial(s)…").format(spec.name, spec.total_runs))
        thread.start()
        self._changed()
        return True

    def stop(self) -> None:
        if self.sweep_thread is not None:
            self.sweep_thread.stop()
            self.window.show_status(self.tr("Stopping the sweep: the trials in progress save what they trained…"))

    def _heard(self, name: str, event: object) -> None:
        from cnnlab.sweep.events import TrialEnded

        if isinstance(event, TrialEnded):  # the table and the plot grow with each finished trial
            self.view.results.refresh(name)

    def _ended(self, results: Any) -> None:
        states = results.states()
        done, total = states.get("completed", 0), results.spec.total_runs
        if done < total:
            sentence = self.tr("The sweep {0} stopped with {1} of {2} trial(s) completed; start it again to "
                               "continue.").format(results.name, done, total)
        else:
            sentence = self.tr("The sweep {0} is done: {1} trial(s).").format(results.name, total)
        self.view.ended(sentence)
        self.view.results.refresh(results.name)
        self.window.show_status(sentence)
        self.runs_view.refresh()
        self.sweepEnded.emit(results)

    def _failed(self, sentence: str) -> None:
        text = core_message(sentence)
        self.view.ended(text)
        self.window.show_status(text, error=True)
        self.sweepEnded.emit(None)

    def _thread_done(self, thread: SweepThread) -> None:
        if self.sweep_thread is thread:
            self.sweep_thread = None
            thread.deleteLater()
            self._changed()

    def _changed(self) -> None:
        self.update()
        self.changed.emit()

    def close(self) -> None:
        """Stop the sweep and wait for its trials to save (the window closes)."""
        if self.sweep_thread is not None:
            self.sweep_thread.stop()
            self.sweep_thread.wait(CLOSE_WAIT_MS)

    # ---------------------------------------------------------------- results
    def show_results(self) -> None:
        self.view.results.refresh()
        self.view.show()
        self.view.raise_()

    def train_setup(self, settings: dict[str, Any]) -> None:
        """Put the best configuration's settings into the setup, ready to Start."""
        if self.window.is_running():
            self.window.show_status(self.tr("A run is training: the setup changes once it has ended."), error=True)
            return
        notes = self.window.setup.show_run_config(settings)
        self.window.show_status(" ".join(notes) if notes else
                                self.tr("The setup holds the sweep's best configuration: press Start to train it."))


def _layout_holding(widget: QWidget) -> QBoxLayout | None:
    """The box layout ``widget`` sits in (its parent's layout or one nested in it)."""
    parent = widget.parentWidget()
    todo: list[QLayout | None] = [parent.layout() if parent is not None else None]
    while todo:
        layout = todo.pop()
        if layout is None:
            continue
        if isinstance(layout, QBoxLayout) and layout.indexOf(widget) >= 0:
            return layout
        todo += [item.layout() for item in (layout.itemAt(i) for i in range(layout.count())) if item is not None]
    return None


def install_sweeps(window: Shell, runs_view: RunsView) -> SweepTools:
    tools = SweepTools(window, runs_view)
    tools.place()
    return tools
