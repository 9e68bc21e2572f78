"""Remembering the data folder the student chose for a dataset, where every entry point looks for it.

The app writes :func:`cnnlab.paths.data_folders_file` (read by :mod:`cnnlab.datasets.remembered`) each time
the student picks or forgets a folder, atomically, so the CLI, ``cnnlab chapter`` and the lessons find the
same files as the window. Folders remembered only in the window's older settings are moved there once.
"""

from __future__ import annotations

from collections.abc import Mapping

from cnnlab import strict_json
from cnnlab.datasets.remembered import FORMAT, remembered_folders
from cnnlab.engine.atomic import write_atomically
from cnnlab.errors import StorageError, write_failure
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.paths import data_folders_file


def _write(folders: Mapping[str, str]) -> None:
    path = data_folders_file()
    data = strict_json.file_bytes({"format": FORMAT, "folders": dict(sorted(folders.items()))})
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, lambda f: f.write(data))
    except OSError as e:
        raise StorageError(QT_TRANSLATE_NOOP("CoreMessage", "{failure}; the data folder is used now but not "
                                                            "remembered."),
                           failure=write_failure(e, path)) from None


def remember_data_folder(dataset: str, folder: str | None) -> None:
    """Remember ``folder`` for ``dataset`` (None: forget it, the usual places are looked in again)."""
    folders = remembered_folders()
    if (folders.get(dataset) or None) == (folder or None):
        return  # nothing changes: the file is left as it is
    if folder:
        folders[dataset] = folder
    else:
        folders.pop(dataset, None)
    _write(folders)


def adopt_data_folders(older: Mapping[str, str]) -> dict[str, str]:
    """Move folders remembered elsewhere (the window's older settings) in where none is remembered yet;
    returns every remembered folder. A file that cannot be written keeps them for this session only."""
    folders = remembered_folders()
    new = {name: folder for name, folder in older.items() if folder and name not in folders}
    if new:
        folders.update(new)
        try:
            _write(folders)
        except StorageError:
            pass  # still used this session; moved over on a later start
    return folders
