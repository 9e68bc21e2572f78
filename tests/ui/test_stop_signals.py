"""Ctrl+C, SIGTERM and SIGHUP close the window as its close button does: a training run stops after its
batch and is saved, resumable; another run aimed at a folder the window is training into is refused."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from app_testing import LONG_RUN, configure, make_window, start_run, wait_for_epoch
from PySide6.QtCore import QSettings

from cnnlab.runs.claim import CLAIM
from cnnlab.runs.store import load_run
from ui.stop_signals import close_on_stop_signals


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP", "SIGINT"])
def test_a_stop_signal_closes_the_window_and_saves_the_run(qtbot: Any, settings: QSettings, name: str) -> None:
    window = make_window(qtbot, settings)
    watcher = close_on_stop_signals(window.close)
    assert watcher is not None
    try:
        configure(window, **LONG_RUN)
        start_run(qtbot, window)
        wait_for_epoch(qtbot, window)
        run_dir = window.runs.run_key
        assert run_dir is not None and (Path(run_dir) / CLAIM).is_file()  # the window claimed its folder
        os.kill(os.getpid(), getattr(signal, name))
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=60_000)
    finally:
        watcher.close()
    record = load_run(run_dir)
    assert record.status == "stopped" and len(record.metrics) >= 1  # saved, and continues with Continue
    assert not list(Path(run_dir).rglob("*.tmp")) and not (Path(run_dir) / CLAIM).exists()
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL or callable(signal.getsignal(signal.SIGTERM))


def test_the_cli_cannot_continue_the_run_the_window_is_training(qtbot: Any, settings: QSettings) -> None:
    window = make_window(qtbot, settings)
    configure(window, **LONG_RUN)
    start_run(qtbot, window)
    run_dir = window.runs.run_key
    assert run_dir is not None
    wait_for_epoch(qtbot, window)  # a checkpoint to continue from exists
    done = subprocess.run([sys.executable, "-m", "cnnlab", "train", "--resume", run_dir, "--epochs", "60", "--quiet"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    line = done.stderr.strip()
    assert len(line.splitlines()) == 1 and line.startswith("cnnlab: ") and run_dir in line and "another" in line, line
    window.close()
