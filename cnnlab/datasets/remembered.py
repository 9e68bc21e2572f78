"""The data folders remembered per dataset: chosen in the app, looked in by the CLI, ``cnnlab chapter`` and
the lessons as one of the usual places.

They live in :func:`cnnlab.paths.data_folders_file`, a JSON file ``{"format": FORMAT, "folders": {dataset:
folder}}`` in the app data folder. Reading is lenient: a missing, unreadable or damaged file remembers
nothing. The app writes it (``cnnlab.app.data_folders``), atomically.
"""

from __future__ import annotations

from cnnlab import strict_json
from cnnlab.paths import data_folders_file

FORMAT = "cnnlab-data-folders/1"


def remembered_folders() -> dict[str, str]:
    """dataset -> the folder chosen for it; empty when none was chosen or the file cannot be read."""
    try:
        data = strict_json.loads(data_folders_file().read_bytes())
    except (OSError, ValueError):  # missing or unreadable (OSError), not JSON or not UTF-8 (ValueError)
        return {}
    folders = data.get("folders") if isinstance(data, dict) else None
    if not isinstance(folders, dict):
        return {}
    return {str(name): folder for name, folder in folders.items() if isinstance(folder, str) and folder}


def remembered_folder(dataset: str) -> str | None:
    """The folder chosen for ``dataset``, or None."""
    return remembered_folders().get(dataset)
