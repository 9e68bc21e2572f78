"""Train this design: the design, saved, becomes the setup's model and its run starts through the window's own
Start (a long run is asked about first, a setup that cannot train says why in one sentence), so the same curves,
runs and inspection tabs show it. The hyperparameters the student typed stay as typed; the others take the
recipe's values for the design. A design that cannot work is refused with its sentence; one whose input or
classes do not fit the setup's dataset is refused with the core's sentence and an offer to adapt it (input and
classes set to the dataset's, its last linear layer giving that many outputs), as one undoable edit."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

from cnnlab.design.build import check_fit
from cnnlab.design.files import save_design
from cnnlab.design.shapes import analyse
from cnnlab.errors import DesignError, UserError
from ui.design.edits import adapt
from ui.design.files_menu import Say, designs_dir, file_name
from ui.design.view import DesignView
from ui.i18n import core_message, dataset_label
from ui.setup.panel import typed_fields

if TYPE_CHECKING:
    from ui.shell import Shell


class DesignTrainer(QObject):
    """``train()`` puts the view's design into ``window``'s setup, shows the Curves tab and starts the run;
    ``say(sentence, error)`` says why not (the window's status line)."""

    def __init__(self, window: Shell, view: DesignView, say: Say | None = None) -> None:
        super().__init__(view)
        self.window, self.view = window, view
        self.show = say if say is not None else window.show_status
        self.ask_adapt: Callable[[str], bool] = self._ask_adapt  # (the core's sentence) -> adapt? (tests answer)
        self.action = QAction(self.tr("Train this design"), view)
        tip = self.tr("Save this design, make it the setup's model and train it with the setup's settings")
        self.action.setToolTip(tip)
        self.action.setStatusTip(tip)
        self.action.triggered.connect(lambda _checked=False: self.train())

    def say(self, sentence: str, error: bool = False) -> None:
        self.show(core_message(sentence), error)

    def train(self) -> bool:
        """True when the design's run has started; otherwise the reason is on the status line (the design may be
        the setup's model by then: a refused Start, or a long run the student chose not to start)."""
        if self.window.is_running():
            self.say(self.tr("A run is training: train the design once it has ended."), True)
            return False
        try:
            analyse(self.view.design)
        except DesignError as e:
            self.say(str(e), True)
            return False
        if not self._fits():
            return False
        path = self._save()
        if path is None:
            return False
        setup = self.window.setup
        typed = typed_fields(setup)  # before the model changes: what the student typed over the recipe's values
        setup.set_model(str(path))
        setup.hyper.fill(typed)
        self.window.tabs.setCurrentWidget(self.window.curves)
        return self.window.start()  # the window's own Start: it asks first when long, and says why when it cannot

    def _fits(self) -> bool:
        """The design takes the setup's images and classes, or was adapted to them (when the student agrees)."""
        setup = self.window.setup
        shape = setup.setup_state.input_shape()
        if shape is None:  # an image folder not read yet: the run checks once it has read it
            return True
        (c, h, w), classes = shape
        try:
            check_fit(self.view.design, (c, h, w), classes, setup.dataset_name())
        except DesignError as e:
            if not self.ask_adapt(core_message(str(e))):
                self.say(str(e), True)
                return False
            adapted = adapt(self.view.design, (c, h, w), classes)
            self.view.apply(adapted, self.tr("Adapt to {0}").format(dataset_label(setup.dataset_name())))
            try:
                analyse(adapted)
            except DesignError as again:  # the design shows it at its row too
                self.say(str(again), True)
                return False
        return True

    def _save(self) -> Path | None:
        """The design saved in its file, or (never saved) under the designs folder, where the run reads it."""
        path = self.view.file or designs_dir() / file_name(self.view.design)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            save_design(self.view.design, path)
        except OSError as e:
            self.say(self.tr("The design cannot be saved in {0}: {1}").format(path.parent, e.strerror or e), True)
            return None
        except UserError as e:
            self.say(str(e), True)
            return None
        self.view.mark_saved(path)
        return path

    def _ask_adapt(self, sentence: str) -> bool:
        answer = QMessageBox.question(
            self.view.window(), self.tr("Train this design"),
            sentence + "\n\n" + self.tr("Adapt the design to the dataset (its input, its classes and its last "
                                        "linear layer)?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
        return answer == QMessageBox.StandardButton.Yes
