"""Export as PyTorch file… and Export as ONNX… in the Design tab: the core's :mod:`cnnlab.design.export` run off
the GUI thread (ONNX builds and traces the network, which takes a while), its sentence (no onnx installed, a
full disk, a folder that is not there) said in the window's language. The dialog only asks; :meth:`export_to`
takes its answer, so tests call that."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog

from cnnlab.design.export import export_onnx, export_python
from cnnlab.design.spec import Design
from cnnlab.i18n import QT_TRANSLATE_NOOP
from ui.background import RunInThread
from ui.design.files_menu import Say, designs_dir, file_name
from ui.design.view import DesignView

PYTHON, ONNX = ".py", ".onnx"  # the two exports, by the ending of the file they write
FILTERS = {PYTHON: QT_TRANSLATE_NOOP("DesignView", "PyTorch files (*.py)"),
           ONNX: QT_TRANSLATE_NOOP("DesignView", "ONNX models (*.onnx)")}
WRITERS: dict[str, Callable[[Design, Path], Path]] = {PYTHON: export_python, ONNX: export_onnx}


class DesignExport(QObject):
    """``python_action`` and ``onnx_action`` for the tool bar; ``done`` (tests) is called with the file written
    or None when the export failed."""

    def __init__(self, view: DesignView, run_in_thread: RunInThread, say: Say) -> None:
        super().__init__(view)
        self.view, self.run_in_thread, self.say = view, run_in_thread, say
        self.busy = False  # an export is being written
        self.done: Callable[[Path | None], None] = lambda _file: None
        self.python_action = self._action(self.tr("Export as PyTorch file…"), PYTHON,
                                          self.tr("Write the design as a standalone nn.Module file that runs "
                                                  "without cnnlab"))
        self.onnx_action = self._action(self.tr("Export as ONNX…"), ONNX,
                                        self.tr("Write the design, freshly initialised, as an ONNX model"))

    def _action(self, text: str, suffix: str, tip: str) -> QAction:
        action = QAction(text, self.view)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: self.choose(suffix))
        return action

    def choose(self, suffix: str) -> None:
        start = (self.view.file.parent if self.view.file else designs_dir()) / file_name(self.view.design)
        path, _ = QFileDialog.getSaveFileName(self.view.window(), self.tr("Export the design"),
                                              str(start.with_suffix(suffix)),
                                              QCoreApplication.translate("DesignView", FILTERS[suffix]))
        if path:
            self.export_to(Path(path) if Path(path).suffix else Path(path).with_suffix(suffix))

    def export_to(self, path: Path) -> None:
        """Write the design shown now to ``path`` (its ending picks the export) off the GUI thread."""
        design = self.view.design
        writer = WRITERS.get(path.suffix.lower(), export_python)  # another ending: the core says which it needs
        self._busy(True)

        def done(file: object) -> None:
            self._busy(False)
            assert isinstance(file, Path)
            self.say(self.tr("Exported {0} to {1}.").format(design.name, file), False)
            self.done(file)

        def failed(sentence: str) -> None:
            self._busy(False)
            self.say(sentence, True)
            self.done(None)

        self.run_in_thread(lambda: writer(design, path), done, failed)

    def _busy(self, busy: bool) -> None:
        self.busy = busy
        self.python_action.setEnabled(not busy)
        self.onnx_action.setEnabled(not busy)
