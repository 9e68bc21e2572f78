"""Test setup shared by tests/cnnlab (no Qt) and tests/ui (pytest-qt, offscreen)."""

from __future__ import annotations

import os

import pytest
import torch

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no display in CI
torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))  # CI has 2 cores; more threads only contend


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test sees a private, session-wide data folder: no user files read or written.

    The folder is shared by the session so the generated datasets are drawn once, not per test.
    """
    root = tmp_path_factory.getbasetemp() / "cnnlab-data"
    root.mkdir(exist_ok=True)
    monkeypatch.setenv("CNNLAB_DATA", str(root))
    monkeypatch.delenv("CNNLAB_RUNS", raising=False)
