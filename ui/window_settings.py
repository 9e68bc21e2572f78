"""What the window remembers between sessions: the setup, its geometry, the splitters, the x axis.

The data folders chosen per dataset are not kept here but where every entry point reads them
(:mod:`cnnlab.app.data_folders`); folders an older version kept here are moved there once. The curves'
part (their splitter, the x axis) is restored when the curves are made, after the window's first paint
(:meth:`WindowSettings.restore_curves`)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter

from cnnlab.app.data_folders import adopt_data_folders

if TYPE_CHECKING:
    from ui.curves import CurvesView
    from ui.setup import SetupPanel

FIRST_SIZE = (1280, 800)  # pixels of the window at first start: fits a 1366×768 laptop less its task bar
SETUP_WIDTH = 440  # pixels for the setup column at first start: the layer table's seven columns fit
MIN_PLOTS_WIDTH = 400  # pixels the plots keep at first start however narrow the window


class WindowSettings:
    """Saves and restores ``window``'s state in ``settings`` (the app's, or a test's private file)."""

    def __init__(self, settings: QSettings, window: QMainWindow, setup: SetupPanel, splitter: QSplitter) -> None:
        self.settings, self.window, self.setup, self.splitter = settings, window, setup, splitter
        self.curves: CurvesView | None = None  # once made (:meth:`restore_curves`)

    def restore(self) -> list[str]:
        """Restore what was saved but the curves' part; returns the setup's notes on what it could not restore."""
        raw = self.settings.value("setup", "")
        try:
            state = json.loads(raw) if isinstance(raw, str) and raw else {}
        except json.JSONDecodeError:
            state = {}
        state = state if isinstance(state, dict) else {}
        older = state.get("data_roots")
        older = {str(k): str(v) for k, v in older.items() if v} if isinstance(older, dict) else {}
        state["data_roots"] = adopt_data_folders(older)
        notes = self.setup.restore(state)
        geometry = self.settings.value("geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.window.restoreGeometry(geometry)
        else:
            self.window.resize(*FIRST_SIZE)
        window_state = self.settings.value("windowState")
        if isinstance(window_state, QByteArray) and not window_state.isEmpty():
            self.window.restoreState(window_state)
        splitter = self.settings.value("splitter")
        if not (isinstance(splitter, QByteArray) and self.splitter.restoreState(splitter)):
            self.splitter.setSizes([SETUP_WIDTH, max(MIN_PLOTS_WIDTH, self.window.width() - SETUP_WIDTH)])
        return notes

    def restore_curves(self, curves: CurvesView) -> None:
        """The curves' splitter and x axis as saved; from now on they are saved too."""
        from ui.run_series import X_CHOICES  # numpy: imported with the curves

        self.curves = curves
        curves_split = self.settings.value("curvesSplitter")
        if isinstance(curves_split, QByteArray):
            curves.splitter.restoreState(curves_split)
        if self.settings.value("xMode") in X_CHOICES:
            curves.set_x_mode(str(self.settings.value("xMode")))

    def save(self) -> None:
        state = self.setup.state()
        state.pop("data_roots", None)  # remembered where the CLI reads them too, as they are chosen
        self.settings.setValue("setup", json.dumps(state))
        self.settings.setValue("geometry", self.window.saveGeometry())
        self.settings.setValue("windowState", self.window.saveState())
        self.settings.setValue("splitter", self.splitter.saveState())
        if self.curves is not None:  # else closed before they were made: what was saved stays
            self.settings.setValue("curvesSplitter", self.curves.splitter.saveState())
            self.settings.setValue("xMode", self.curves.x_choice())
        self.settings.sync()
