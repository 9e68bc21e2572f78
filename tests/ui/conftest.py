"""Fixtures of the main-window tests: a private QSettings file and a shown, loaded window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from app_testing import RUN_TIMEOUT_MS, make_window
from PySide6.QtCore import QSettings

from ui.main_window import MainWindow


@pytest.fixture(scope="session", autouse=True)
def _garbage_on_the_gui_thread(qapp: Any) -> Iterator[None]:
    """Collect reference cycles on the GUI thread, as the app does (``ui.app.main``): a cycle holding a Qt
    object that the collector frees on a worker thread can deadlock or crash Qt on the GUI thread."""
    from ui.app import collect_garbage_on_gui_thread, stop_collecting

    collector = collect_garbage_on_gui_thread()
    yield
    stop_collecting(collector)


@pytest.fixture(autouse=True)
def _no_collection_off_the_gui_thread(_garbage_on_the_gui_thread: None) -> None:
    """A test that ran the whole app (``ui.app.main``) switched automatic collection back on when it quit."""
    import gc

    gc.disable()


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    """A settings file of the test's own, so no test reads or writes the user's settings."""
    return QSettings(str(tmp_path / "cnnlab-settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot: Any, settings: QSettings) -> Iterator[MainWindow]:
    w = make_window(qtbot, settings)
    yield w
    w.close()
    assert w.wait_for_threads(RUN_TIMEOUT_MS)
