"""Puts the Runs tab into the main window: the tab itself and File ▸ Runs… (before Recent runs)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from ui.runs_view.view import RunsView
from ui.window_parts import RUNS_TAB

if TYPE_CHECKING:
    from ui.shell import Shell

RUNS_KEYS = "Ctrl+Shift+R"  # File ▸ Runs…: R for runs; Ctrl+R alone is left for the run menu


def install_runs_view(window: Shell) -> RunsView:
    """Add the Runs tab and its menu entry; the table refreshes whenever a run ends while it is shown."""
    view = RunsView(window.jobs, window.open_run)
    window.place_tab(RUNS_TAB, view, QCoreApplication.translate("MainWindow", "Runs"))
    action = QAction(QCoreApplication.translate("MainWindow", "R&uns…"), window.window())
    action.setShortcut(QKeySequence(RUNS_KEYS))
    action.setStatusTip(QCoreApplication.translate("MainWindow", "Every saved run: sort, filter, note, delete, "
                                                   "compare two"))
    action.triggered.connect(lambda _checked=False: window.tabs.setCurrentWidget(view))
    window.addAction(action)
    recent = window.recent_menu.menuAction()
    for top in window.menuBar().actions():
        menu = top.menu()
        if isinstance(menu, QMenu) and recent in menu.actions():
            menu.insertAction(recent, action)
            break
    window.runFinished.connect(lambda _end: view.refresh() if view.isVisible() else None)
    view.runs_action = action  # type: ignore[attr-defined]  # kept on the view so tests and menus find the action
    return view
