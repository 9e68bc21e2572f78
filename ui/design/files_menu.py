"""The Design view's commands: New, Open…, Save, Save as…, a built-in model as a design, Compare with a file or
a model, undo and redo, the row commands, and its tool bar. Dialogs only ask; the work is done by methods
that take their answer (``open_file(path)``, ``open_model(name)``, ``save_to(path)``, ``compare(other)``), so
tests call those. Slow work (a model built, two X-rays) runs off the GUI thread."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QToolBar, QToolButton

from cnnlab.design.compare import DesignDiff, diff_designs
from cnnlab.design.files import load_design, save_design
from cnnlab.design.from_model import design_from_model
from cnnlab.design.spec import Design, Layer
from cnnlab.design.xray import xray
from cnnlab.errors import UserError
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.models import get_model_spec, list_models
from cnnlab.paths import data_dir
from ui.background import RunInThread
from ui.design.compare_dialog import CompareDialog
from ui.design.edits import ADDABLE, can_remove, rows_at
from ui.design.view import DesignView
from ui.i18n import card_text, core_message

FILTER = QT_TRANSLATE_NOOP("DesignView", "Designs (*.yaml *.yml)")  # the file dialogs' filter: what --model takes
Say = Callable[[str, bool], None]  # (one sentence, whether it is an error)


def translate_filter() -> str:
    return QCoreApplication.translate("DesignView", FILTER)


def designs_dir() -> Path:
    """Where designs are kept that the student did not save elsewhere (those trained before being saved)."""
    return data_dir() / "designs"


def file_name(design: Design) -> str:
    """The design's name as a file name: "my net" -> "my-net.yaml"."""
    return (re.sub(r"[^\w.-]+", "-", design.name).strip("-.") or "design") + ".yaml"


def starter(input_shape: tuple[int, int, int] = (1, 28, 28), classes: int = 10) -> Design:
    """What New opens: the smallest network that works, to grow from (the issue's example without the block)."""
    name = QCoreApplication.translate("DesignView", "my-net")  # a file name too: short, no spaces
    return Design(name, input_shape, classes, (
        Layer("conv", out=8, kernel=3, padding=1), Layer("relu"), Layer("maxpool", kernel=2), Layer("flatten"),
        Layer("linear", out=classes)))


def model_label(name: str) -> str:
    card = get_model_spec(name).card
    return f"{name} — {card_text(card.title)}" + (f" ({card.year})" if card.year else "")


class DesignActions(QObject):
    """``say(sentence, error)`` shows a sentence (the window's status line); ``data_shape()`` the input and
    classes New and the zoo should use, None for their own."""

    def __init__(self, view: DesignView, run_in_thread: RunInThread, say: Say,
                 data_shape: Callable[[], tuple[str, tuple[int, int, int], int] | None] = lambda: None) -> None:
        super().__init__(view)
        self.view, self.run_in_thread, self.say, self.data_shape = view, run_in_thread, say, data_shape
        self.ask: Callable[[str], bool] = self._ask  # "discard the changes?" (tests answer it)
        self.compared: CompareDialog | None = None  # the last comparison shown
        self.busy = False  # a model is being opened or two designs compared
        w = view
        self.new_action = self._action(self.tr("&New"), self.choose_new, self.tr("Start a new design"))
        self.open_action = self._action(self.tr("&Open…"), self.choose_open, self.tr("Open a design file"))
        self.save_action = self._action(self.tr("&Save"), self.save, self.tr("Save the design in its file"),
                                        QKeySequence.StandardKey.Save)
        self.save_as_action = self._action(self.tr("Save &as…"), self.choose_save_as,
                                           self.tr("Save the design in another file"))
        # Undo and Redo keep their short texts (the tool bar does not move as they change); the step is in the tip
        self.undo_action = self._action(self.tr("Undo"), w.undo.undo, "", QKeySequence.StandardKey.Undo)
        self.redo_action = self._action(self.tr("Redo"), w.undo.redo, "", QKeySequence.StandardKey.Redo)
        w.undo.canUndoChanged.connect(self.undo_action.setEnabled)
        w.undo.canRedoChanged.connect(self.redo_action.setEnabled)
        w.undo.undoTextChanged.connect(lambda text: self.undo_action.setToolTip(self.tr("Undo: {0}").format(text)))
        w.undo.redoTextChanged.connect(lambda text: self.redo_action.setToolTip(self.tr("Redo: {0}").format(text)))
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)
        self.remove_action = self._action(self.tr("Remove"), w.remove, self.tr("Remove the picked row (Delete)"))
        self.up_action = self._action(self.tr("Up"), lambda: w.move_row(-1), self.tr("Move the picked row up"))
        self.down_action = self._action(self.tr("Down"), lambda: w.move_row(1), self.tr("Move the picked row down"))
        self.add_menu = QMenu(self.tr("Add"), w)
        for kind in ADDABLE:
            self.add_menu.addAction(kind).triggered.connect(lambda _checked=False, k=kind: w.add(k))
        self.add_menu.addSeparator()
        self.branch_action = self.add_menu.addAction(self.tr("another branch"), w.add_branch)
        self.models_menu = self._models_menu(self.tr("From model"), self.open_model)
        self.compare_menu = QMenu(self.tr("Compare"), w)
        self.compare_menu.addAction(self.tr("With a design file…"), self.choose_compare_file)
        self.compare_menu.addMenu(self._models_menu(self.tr("With a built-in model"), self.compare_model))
        w.stateChanged.connect(self.update)

    def _action(self, text: str, slot: Callable[[], object], tip: str,
                keys: QKeySequence.StandardKey | None = None) -> QAction:
        action = QAction(text, self.view)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        if keys is not None:
            action.setShortcut(keys)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.view.addAction(action)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _models_menu(self, title: str, slot: Callable[[str], object]) -> QMenu:
        menu = QMenu(title, self.view)
        menu.setToolTipsVisible(True)
        for name in list_models():
            action = menu.addAction(model_label(name))
            action.triggered.connect(lambda _checked=False, n=name: slot(n))
            action.setToolTip(self.tr("{0} as built for the setup's dataset").format(name))
        return menu

    def toolbar(self, train: QAction) -> QToolBar:
        bar = QToolBar()
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.new_action, self.open_action):
            bar.addAction(action)
        self.menu_button(bar, self.models_menu, self.tr("Open a built-in model as a design to edit"))
        for action in (self.save_action, self.save_as_action):
            bar.addAction(action)
        bar.addSeparator()
        for action in (self.undo_action, self.redo_action):
            bar.addAction(action)
        bar.addSeparator()
        self.menu_button(bar, self.add_menu, self.tr("Add a row after the picked one"))
        for action in (self.remove_action, self.up_action, self.down_action):
            bar.addAction(action)
        bar.addSeparator()
        self.menu_button(bar, self.compare_menu, self.tr("The rows that differ from another design, with "
                                                          "parameters and FLOPs before and after"))
        bar.addAction(train)
        return bar

    @staticmethod
    def menu_button(bar: QToolBar, menu: QMenu, tip: str) -> QToolButton:
        button = QToolButton()
        button.setText(menu.title())
        button.setMenu(menu)
        button.setToolTip(tip)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        bar.addWidget(button)
        return button

    def update(self) -> None:
        at = self.view.selected_path()
        self.remove_action.setEnabled(at is not None and can_remove(self.view.design, at))
        self.up_action.setEnabled(at is not None and at[-1] > 0)
        self.down_action.setEnabled(at is not None and at[-1] < len(rows_at(self.view.design, at[:-1])) - 1)
        self.branch_action.setEnabled(self.view.selected_is_block())
        self.models_menu.setEnabled(not self.busy)
        self.compare_menu.setEnabled(not self.busy)

    # ------------------------------------------------------------------ documents
    def _ask(self, question: str) -> bool:
        answer = QMessageBox.question(self.view.window(), self.tr("Design"), question,
                                      QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                                      QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Discard

    def may_replace(self) -> bool:
        """True when nothing unsaved would be lost, or the student says to discard it."""
        return not self.view.modified() or self.ask(
            self.tr("{0} has changes that are not saved. Discard them?").format(self.view.design.name))

    def choose_new(self) -> None:
        if self.may_replace():
            self.new()

    def new(self) -> None:
        shape = self.data_shape()
        self.view.open_design(starter(shape[1], shape[2]) if shape else starter())

    def choose_open(self) -> None:
        if not self.may_replace():
            return
        start = str(self.view.file.parent if self.view.file else designs_dir())
        path, _ = QFileDialog.getOpenFileName(self.view.window(), self.tr("Open a design"), start, translate_filter())
        if path:
            self.open_file(Path(path))

    def open_file(self, path: Path) -> bool:
        try:
            design = load_design(path)
        except UserError as e:
            self.say(str(e), True)
            return False
        self.view.open_design(design, path)
        self.say(self.tr("Opened {0}.").format(path), False)
        return True

    def save(self) -> bool:
        if self.view.file is None:
            return self.choose_save_as()
        return self.save_to(self.view.file)

    def choose_save_as(self) -> bool:
        start = self.view.file or designs_dir() / file_name(self.view.design)
        start.parent.mkdir(parents=True, exist_ok=True)
        path, _ = QFileDialog.getSaveFileName(self.view.window(), self.tr("Save the design"), str(start),
                                              translate_filter())
        return bool(path) and self.save_to(Path(path) if Path(path).suffix else Path(path).with_suffix(".yaml"))

    def save_to(self, path: Path) -> bool:
        try:
            save_design(self.view.design, path)
        except UserError as e:
            self.say(str(e), True)
            return False
        self.view.mark_saved(path)
        self.say(self.tr("Saved {0}.").format(path), False)
        return True

    # ------------------------------------------------------------------ built-in models and comparisons
    def _dataset(self) -> str | None:
        shape = self.data_shape()
        return shape[0] if shape else None

    def open_model(self, name: str) -> None:
        """Open the built-in model ``name`` as a design (built for the setup's dataset, off the GUI thread)."""
        if not self.may_replace():
            return
        dataset = self._dataset()
        self._busy(True)

        def done(design: object) -> None:
            self._busy(False)
            assert isinstance(design, Design)
            self.view.open_design(design)
            self.say(self.tr("{0} opened as a design: edit it, save it, train it.").format(name), False)

        self.run_in_thread(lambda: design_from_model(name, dataset), done, self._failed)

    def compare_model(self, name: str) -> None:
        dataset = self._dataset()
        self.compare(lambda: design_from_model(name, dataset))

    def choose_compare_file(self) -> None:
        start = str(self.view.file.parent if self.view.file else designs_dir())
        path, _ = QFileDialog.getOpenFileName(self.view.window(), self.tr("Compare with a design"), start,
                                              translate_filter())
        if path:
            self.compare(lambda: load_design(path))

    def compare(self, other: Callable[[], Design]) -> None:
        """Compare the design with ``other()`` (read or built off the GUI thread) and show the rows that differ."""
        mine = self.view.design
        self._busy(True)

        def work() -> DesignDiff:
            return diff_designs(xray(mine), xray(other()))

        def done(diff: object) -> None:
            self._busy(False)
            assert isinstance(diff, DesignDiff)
            self.compared = CompareDialog(diff, self.view.window())
            self.compared.show()

        self.run_in_thread(work, done, self._failed)

    def _failed(self, sentence: str) -> None:
        self._busy(False)
        self.say(sentence, True)

    def _busy(self, busy: bool) -> None:
        self.busy = busy
        self.update()


def say_in(view: DesignView) -> Say:
    """A ``say`` for the view alone: the sentence under its header."""
    def say(sentence: str, error: bool) -> None:
        view.notice.setStyleSheet("color: #b00020" if error else "")
        view.notice.setText(core_message(sentence))
        view.notice.setVisible(bool(sentence))
    return say
