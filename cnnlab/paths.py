"""Where cnnlab keeps data, caches and runs on disk.

``CNNLAB_DATA`` overrides the per-user data folder (tests and portable installs use it);
runs and the synthetic-dataset cache live under it unless told otherwise.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def data_dir() -> Path:
    """The per-user data folder: ``$CNNLAB_DATA`` or the platform's user data dir."""
    override = os.environ.get("CNNLAB_DATA")
    return Path(override).expanduser() if override else Path(platformdirs.user_data_dir("cnnlab"))


def cache_dir() -> Path:
    """Generated datasets and decoded image folders are cached here."""
    return data_dir() / "cache"


def data_folders_file() -> Path:
    """The data folders chosen per dataset (in the app), read by every entry point: a small JSON file."""
    return data_dir() / "data-folders.json"


def runs_dir() -> Path:
    """Default parent folder of run folders: ``$CNNLAB_RUNS`` or ``<data dir>/runs``."""
    override = os.environ.get("CNNLAB_RUNS")
    return Path(override).expanduser() if override else data_dir() / "runs"


def assets_dir() -> Path:
    """The shipped assets: ``cnnlab.assets`` when installed from a wheel, else the checkout's ``assets/``."""
    installed = Path(__file__).resolve().parent / "assets"  # where a wheel puts the top-level assets/
    return installed if installed.is_dir() else Path(__file__).resolve().parent.parent / "assets"


def asset(name: str) -> Path:
    """One shipped file, e.g. ``asset("cnnlab.svg")``; ``name`` may hold a sub-folder."""
    return assets_dir() / name
