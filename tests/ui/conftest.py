"""Fixtures of the main-window tests: a private QSettings file and a shown, loaded window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from app_testing import RUN_TIMEOUT_MS, make_window
from PySide6.QtCore import QSettings

from ui.main_window import MainWindow


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
