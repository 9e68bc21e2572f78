"""What a feature installed into the window (the Runs tab, the epoch slider, the Lessons pane, the run
tools) may use of it: the window's parts and a few commands, named here so that features depend on
this narrow surface instead of on the window's class, which imports them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMenu, QMenuBar, QSplitter, QTabWidget, QToolBar, QWidget

    from cnnlab.app import AppModel
    from cnnlab.runs import RunRecord
    from ui.actions import Actions
    from ui.background import BackgroundJobs
    from ui.curves import CurvesView
    from ui.data_cache import SplitsCache
    from ui.inspection_feed import InspectionFeed
    from ui.run_controller import RunController
    from ui.setup import SetupPanel
    from ui.status_line import StatusLine


class Shell(Protocol):
    """The window as its features see it (``ui.main_window.MainWindow`` is one)."""

    model: AppModel  # what the views show, Qt-free: setup, runs, status, the inspected subject
    setup: SetupPanel  # the setup column
    runs: RunController  # start, pause, stop and continue runs
    status: StatusLine  # the status line and its error dialogs
    jobs: BackgroundJobs  # work off the GUI thread
    cache: SplitsCache  # loaded datasets
    feed: InspectionFeed  # the inspection tabs' subject
    curves: CurvesView
    tabs: QTabWidget  # the curves and inspection tabs
    panels: list[QWidget]  # the inspection panels, in tab order
    splitter: QSplitter  # the setup column beside the tabs
    toolbar: QToolBar
    commands: Actions
    recent_menu: QMenu  # File ▸ Recent runs

    @property
    def runFinished(self) -> SignalInstance: ...

    @property
    def dataLoaded(self) -> SignalInstance: ...

    def window(self) -> QWidget: ...  # the top-level widget: the parent of dialogs and actions

    def menuBar(self) -> QMenuBar: ...

    def addAction(self, action: QAction) -> None: ...

    def is_running(self) -> bool: ...

    def start(self) -> bool: ...

    def open_run(self, path: str | Path) -> RunRecord | None: ...

    def show_status(self, text: str, error: bool = False) -> None: ...

    def place_tab(self, key: str, page: QWidget, title: str) -> None: ...  # in the tab reserved for ``key``

    def status_text(self) -> str: ...
