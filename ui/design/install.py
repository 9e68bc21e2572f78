"""Puts the Design tab into the main window: the tab, View ▸ Design… (Ctrl+Shift+D), and "Open in designer"
in the Runs tab's context menu.

The designer needs the window's width for its table and diagram, so while its tab is shown the left column
(the setup, or the lessons) steps aside; any other tab brings it back as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from cnnlab.design.spec import Design
from ui.design.export_menu import DesignExport
from ui.design.files_menu import DesignActions, starter
from ui.design.predict import DesignPredict
from ui.design.runs import design_of_run
from ui.design.status import DesignStatus
from ui.design.train import DesignTrainer
from ui.design.view import DesignView
from ui.runs_view.view import RunsView
from ui.window_parts import DESIGN_TAB

if TYPE_CHECKING:
    from ui.shell import Shell

DESIGN_KEYS = "Ctrl+Shift+D"  # View ▸ Design…: D for design
translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls


@dataclass
class DesignTab:
    """The installed parts: the view, its commands, Train this design and the two window actions."""

    view: DesignView
    actions: DesignActions
    trainer: DesignTrainer
    show_action: QAction  # View ▸ Design…
    open_run_action: QAction  # Runs tab ▸ Open in designer
    left: ColumnAside  # steps aside while the tab is shown
    export: DesignExport  # Export as PyTorch file… and as ONNX…
    predict: DesignPredict  # Predict its output shape or its parameters
    status: DesignStatus  # what the designer says on the status line


class ColumnAside(QObject):
    """Hides the window's left column while the Design tab is current, and shows it again after."""

    def __init__(self, window: Shell, view: QWidget) -> None:
        super().__init__(view)
        self.window, self.view = window, view
        self.hidden: list[QWidget] = []  # what was hidden for the designer, shown again when it goes
        self.first_shown: Callable[[], None] = lambda: None  # called when the tab is shown the first time
        self.shown = False
        window.tabs.currentChanged.connect(lambda _index: self.update())

    def update(self) -> None:
        splitter, tabs = self.window.splitter, self.window.tabs
        if tabs.currentWidget() is self.view:
            if not self.shown:
                self.shown = True
                self.first_shown()
            for i in range(splitter.count()):
                widget = splitter.widget(i)
                if widget is not None and widget is not tabs and not widget.isHidden():
                    widget.hide()
                    self.hidden.append(widget)
        else:
            for widget in self.hidden:
                widget.show()
            self.hidden = []


def install_design_view(window: Shell, runs: RunsView) -> DesignTab:
    """Add the Design tab, View ▸ Design… and the Runs tab's "Open in designer"."""
    setup = window.setup

    def data_shape() -> tuple[str, tuple[int, int, int], int] | None:
        known = setup.setup_state.input_shape()
        return (setup.dataset_name(), known[0], known[1]) if known is not None else None

    def run(fn: Callable[[], object], done: Callable[[object], None], failed: Callable[[str], None]) -> object:
        return window.jobs.run(fn, done, failed, shows_busy=False)  # quick work: no busy indicator

    shape = data_shape()
    view = DesignView(starter(shape[1], shape[2]) if shape else starter(), run)
    status = window.model.status
    said = DesignStatus(view, window.show_status, lambda: (status.message, status.error))  # its errors, taken back
    actions = DesignActions(view, run, said.say, data_shape)
    trainer = DesignTrainer(window, view, said.say)
    export = DesignExport(view, run, said.say)
    predict = DesignPredict(view, said.say)
    bar = actions.toolbar(trainer.action)
    bar.addSeparator()
    actions.menu_button(bar, predict.menu, translate("DesignView", "Guess the picked row's shape or parameters "
                                                                   "before the X-ray shows them"))
    export_menu = QMenu(translate("DesignView", "Export"), view)
    export_menu.addAction(export.python_action)
    export_menu.addAction(export.onnx_action)
    actions.menu_button(bar, export_menu, translate("DesignView", "Write the design as a PyTorch file or as ONNX"))
    view.set_toolbar(bar)
    actions.update()
    window.place_tab(DESIGN_TAB, view, translate("MainWindow", "Design"))
    left = ColumnAside(window, view)

    def first_shown() -> None:  # the starter design takes the setup's images and classes, as they are by now
        if view.file is None and view.undo.count() == 0 and not view.opened:
            actions.new()

    left.first_shown = first_shown

    show = QAction(translate("MainWindow", "&Design…"), window.window())
    show.setShortcut(QKeySequence(DESIGN_KEYS))
    show.setStatusTip(translate("MainWindow", "Build a network row by row and see its shapes and costs"))
    show.triggered.connect(lambda _checked=False: window.tabs.setCurrentWidget(view))
    window.addAction(show)
    menu = window.menuBar().findChild(QMenu, "viewMenu")
    if isinstance(menu, QMenu):
        menu.addAction(show)

    open_run = QAction(translate("MainWindow", "Open in designer"), runs.table)
    open_run.setStatusTip(translate("MainWindow", "Edit the picked run's network in the Design tab"))
    runs.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    runs.table.addAction(open_run)
    tab = DesignTab(view, actions, trainer, show, open_run, left, export, predict, said)

    def open_picked() -> None:
        picked = runs.selected_rows()
        if len(picked) == 1:
            open_run_design(window, tab, picked[0].path)

    open_run.triggered.connect(lambda _checked=False: open_picked())
    runs.table.selectionModel().selectionChanged.connect(
        lambda *_args: open_run.setEnabled(len(runs.selected_rows()) == 1))
    open_run.setEnabled(False)
    return tab


def open_run_design(window: Shell, tab: DesignTab, run_dir: Path) -> None:
    """Read the run's network as a design (off the GUI thread) and show it in the Design tab."""
    if not tab.actions.may_replace():
        return

    def done(design: object) -> None:
        assert isinstance(design, Design)
        tab.view.open_design(design)
        window.tabs.setCurrentWidget(tab.view)
        tab.status.say(translate("MainWindow", "The network of {0} is in the Design tab.").format(run_dir.name))

    window.jobs.run(lambda: design_of_run(run_dir), done, lambda sentence: tab.status.say(sentence, True))
