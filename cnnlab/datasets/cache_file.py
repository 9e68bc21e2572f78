"""Writing a dataset cache (``.npz``) so that nothing half written or stale is left beside it.

Each process writes ``<name>.<pid>.tmp.npz`` and renames it over the cache when complete. A failed write
(a full disk, a read-only folder) removes its temporary file and costs only decoding again next time; a
temporary file whose process has ended (killed mid-write) is removed by the next write in that folder.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import numpy as np

from cnnlab.processes import pid_alive


def _leftovers(path: Path) -> list[Path]:
    """Temporary files of ``path`` written by processes that no longer run."""
    stale = []
    for tmp in path.parent.glob(f"{path.stem}.*.tmp.npz"):
        pid = tmp.name[len(path.stem) + 1:-len(".tmp.npz")]
        if pid.isdigit() and int(pid) != os.getpid() and not pid_alive(int(pid)):
            stale.append(tmp)
    return stale


def save_cache(path: Path, **arrays: np.ndarray) -> bool:
    """Write ``arrays`` to ``path`` atomically; False (and nothing left behind) when the folder cannot take it."""
    tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp.npz")  # one per process: no clash
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for stale in _leftovers(path):
            with contextlib.suppress(OSError):
                stale.unlink()
        np.savez(tmp, **arrays)  # type: ignore[arg-type]  # numpy's stub types the arrays as one positional
        os.replace(tmp, path)
        return True
    except BaseException as e:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        if isinstance(e, OSError):
            return False  # a read-only or full data folder only costs decoding again next time
        raise
