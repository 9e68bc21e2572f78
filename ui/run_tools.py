"""Run ▸ Continue…, File ▸ Export report… and File ▸ Export model…: what the window does with a run folder.

They act on the window's current run: the one that last finished here, or the last one opened; Export
report, while the Runs tab compares two runs, writes both runs' reports in one file. The
work itself is the Qt-free core's (:mod:`cnnlab.runs.resume`, :mod:`cnnlab.report`); reports and
exports are written off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QInputDialog

from cnnlab.engine import RunEnd
from cnnlab.errors import UserError
from cnnlab.runs import RunRecord, load_run
from cnnlab.runs.store import run_label
from ui.actions import menu_holding, window_action

if TYPE_CHECKING:
    from ui.shell import Shell

MAX_EPOCHS = 10_000  # the dialog's upper bound: far beyond any lesson, small enough to type


class RunTools(QObject):
    """The three actions and the run they act on (``current``)."""

    def __init__(self, window: Shell) -> None:
        super().__init__(window.window())
        self.window = window
        self.current: Path | None = None  # the run folder the actions act on
        self.shown_pair: Callable[[], tuple[Path, Path] | None] = lambda: None  # the compared runs (A, B) in view
        self.continue_action = self._action(self.tr("&Continue training…"), self.choose_continue,
                                            self.tr("Train the last run further, in its own folder"))
        self.report_action = self._action(self.tr("Export &report…"), self.choose_report,
                                          self.tr("Save the run's report as an HTML page or a PDF"))
        self.model_action = self._action(self.tr("Export &model (ONNX)…"), self.choose_model,
                                         self.tr("Save the trained network as an ONNX file (Netron, onnxruntime)"))
        window.runs.runFinished.connect(self._finished)
        window.runs.changed.connect(self.update)
        self.update()

    def _action(self, text: str, slot: Callable[[], object], tip: str) -> QAction:
        return window_action(self.window.window(), text, slot, tip=tip)

    def place(self) -> None:
        """Continue after Stop in the Run menu, the exports after Export curves in the File menu."""
        run_menu = menu_holding(self.window, self.window.commands.stop)
        if run_menu is not None:
            run_menu.addSeparator()
            run_menu.addAction(self.continue_action)
        file_menu = menu_holding(self.window, self.window.commands.export)
        if file_menu is not None:
            actions = file_menu.actions()
            at = actions.index(self.window.commands.export) + 1
            before = actions[at] if at < len(actions) else None
            file_menu.insertActions(before, [self.report_action, self.model_action])  # type: ignore[arg-type]  # PySide6's stubs want a list of QAction subclasses

    # ------------------------------------------------------------------ the current run
    def _finished(self, end: RunEnd) -> None:
        if end.run_dir and end.checkpoint:
            self.current = Path(end.run_dir)
        self.update()

    def opened(self, record: RunRecord) -> None:
        self.current = record.path
        self.update()

    def update(self) -> None:
        have = self.current is not None and (self.current / "checkpoint.pt").is_file()
        self.continue_action.setEnabled(have and not self.window.is_running())
        self.report_action.setEnabled(have or self.shown_pair() is not None)
        self.model_action.setEnabled(have)

    def _record(self) -> RunRecord | None:
        if self.current is None:
            self.window.status.show(self.tr("Open a run (File ▸ Open run…) or train one first."), error=True)
            return None
        try:
            return load_run(self.current)
        except UserError as e:
            self.window.status.show(str(e), error=True)
            return None

    # ------------------------------------------------------------------ continue
    def choose_continue(self) -> None:
        record = self._record()
        if record is None:
            return
        done = len(record.metrics)
        planned = int(record.config.get("epochs") or done)
        epochs, ok = QInputDialog.getInt(
            self.window.window(), self.tr("Continue training"),
            self.tr("{0} has trained {1} of {2} epoch(s).\nTrain on to this many epochs in all:").format(
                run_label(record.config, record.path), done, planned),
            max(planned, done + 1), 1, MAX_EPOCHS)
        if ok:
            self.continue_to(record.path, epochs)

    def continue_to(self, run_dir: Path, epochs: int) -> bool:
        """Continue ``run_dir`` to ``epochs`` in all (the dialog's work, without the dialog)."""
        return self.window.runs.continue_run(run_dir, epochs)

    # ------------------------------------------------------------------ exports
    def choose_report(self) -> None:
        pair = self.shown_pair()
        if pair is not None:  # the comparison in view is what the student means to hand in
            a, b = pair
            path, _ = QFileDialog.getSaveFileName(self.window.window(), self.tr("Export report"),
                                                  str(b.parent / f"{a.name}-vs-{b.name}.html"),
                                                  self.tr("HTML page (*.html);;PDF (*.pdf)"))
            if path:
                self.export_pair_report(a, b, Path(path))
            return
        if self._record() is None or self.current is None:
            return
        path, _ = QFileDialog.getSaveFileName(self.window.window(), self.tr("Export report"),
                                              str(self.current / "report.html"),
                                              self.tr("HTML page (*.html);;PDF (*.pdf)"))
        if path:
            self.export_report(Path(path))

    def export_report(self, out: Path) -> None:
        """Write the current run's report to ``out`` (.html or .pdf) in the window's language, off the GUI thread."""
        from cnnlab.report import write_report
        from ui.i18n import current_language

        run_dir, lang = self.current, current_language()
        assert run_dir is not None
        self.window.status.show(self.tr("Writing the report…"))
        self.window.jobs.run(lambda: write_report(run_dir, out, lang),
                             lambda path: self.window.status.show(self.tr("Report saved in {0}.").format(path)),
                             lambda message: self.window.status.show(message, error=True))

    def export_pair_report(self, run_a: Path, run_b: Path, out: Path) -> None:
        """Write both compared runs' reports to ``out`` (.html or .pdf), A's then B's, off the GUI thread."""
        from cnnlab.report import write_pair_report
        from ui.i18n import current_language

        lang = current_language()
        self.window.status.show(self.tr("Writing the report…"))
        self.window.jobs.run(lambda: write_pair_report(run_a, run_b, out, lang),
                             lambda path: self.window.status.show(self.tr("Report saved in {0}.").format(path)),
                             lambda message: self.window.status.show(message, error=True))

    def choose_model(self) -> None:
        if self._record() is None or self.current is None:
            return
        name = f"{self.current.name}.onnx"
        path, _ = QFileDialog.getSaveFileName(self.window.window(), self.tr("Export model"), str(self.current / name),
                                              self.tr("ONNX model (*.onnx)"))
        if path:
            self.export_model(Path(path))

    def export_model(self, out: Path) -> None:
        from cnnlab.report.export import export_run

        run_dir = self.current
        assert run_dir is not None
        self.window.status.show(self.tr("Exporting the model…"))
        self.window.jobs.run(lambda: export_run(run_dir, out),
                             lambda path: self.window.status.show(self.tr("Model saved in {0}.").format(path)),
                             lambda message: self.window.status.show(message, error=True))


def install_run_tools(window: Shell) -> RunTools:
    """Add Continue and the two exports to the window's menus."""
    tools = RunTools(window)
    tools.place()
    return tools
