"""A dataset cache is written whole or not at all, and no temporary file outlives its process."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import cnnlab.datasets.cache_file as cache_file
from cnnlab.datasets.cache_file import save_cache


def _dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    return int(done.stdout)


def test_a_full_disk_leaves_no_temporary_file_and_keeps_the_old_cache(monkeypatch, tmp_path) -> None:
    path = tmp_path / "shapes-0.npz"
    assert save_cache(path, x=np.arange(3))
    real = np.savez

    def full(file: object, **arrays: object) -> None:
        Path(str(file)).write_bytes(b"half an archive")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(cache_file.np, "savez", full)
    assert not save_cache(path, x=np.arange(5))
    monkeypatch.setattr(cache_file.np, "savez", real)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shapes-0.npz"]
    assert np.load(path)["x"].tolist() == [0, 1, 2]  # the old cache, whole


def test_a_temporary_file_of_a_process_that_ended_is_removed_and_a_live_ones_kept(tmp_path) -> None:
    path = tmp_path / "shapes-0.npz"
    dead = tmp_path / f"shapes-0.{_dead_pid()}.tmp.npz"
    live = tmp_path / f"shapes-0.{os.getppid()}.tmp.npz"  # the process that started this one: still running
    for tmp in (dead, live):
        tmp.write_bytes(b"half an archive")
    assert save_cache(path, x=np.arange(3))
    assert not dead.exists() and live.exists()


def test_an_interrupt_mid_write_removes_the_temporary_file(monkeypatch, tmp_path) -> None:
    def interrupted(file: object, **arrays: object) -> None:
        Path(str(file)).write_bytes(b"half an archive")
        raise KeyboardInterrupt

    monkeypatch.setattr(cache_file.np, "savez", interrupted)
    with pytest.raises(KeyboardInterrupt):
        save_cache(tmp_path / "shapes-0.npz", x=np.arange(3))
    assert list(tmp_path.iterdir()) == []
