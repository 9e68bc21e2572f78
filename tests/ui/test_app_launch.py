"""`cnnlab gui` reaches the desktop app through the `cnnlab.frontends` entry point."""

from __future__ import annotations

import ui.app
from cnnlab.cli import _load_frontend


def test_gui_command_finds_the_desktop_app_through_its_entry_point() -> None:
    assert _load_frontend("gui") is ui.app.main
