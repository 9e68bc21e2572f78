"""A full disk and a read-only folder, simulated for one folder with ``unittest.mock``.

Tests run as any user (root can write into a chmod 555 folder), so the refusal comes from a stand-in
``open``: files opened for writing inside ``folder`` either take ``room`` bytes and then raise ENOSPC
part-way through a write, as a disk that fills up does, or cannot be created at all (EACCES).
Everything else, reading included, goes to the real ``open``.
"""

from __future__ import annotations

import builtins
import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

WRITE_MODES = set("wax+")  # an open() mode with any of these letters creates or changes the file


class FillingFile:
    """A real binary file that takes ``room`` more bytes, writes what still fits, then raises ENOSPC."""

    def __init__(self, real: Any, room: list[int]) -> None:
        self._real, self._room = real, room  # room: one shared counter for every file of the folder

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        fits = chunk[:self._room[0]]
        self._real.write(fits)
        self._room[0] -= len(fits)
        if len(fits) < len(chunk):
            self._real.flush()  # the part that fitted is really on disk, as on a full disk
            raise OSError(errno.ENOSPC, "No space left on device")
        return len(chunk)

    def __getattr__(self, name: str) -> Any:  # fileno, flush, close, tell ... of the real file
        return getattr(self._real, name)

    def __enter__(self) -> FillingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._real.close()


def _inside(file: object, folder: Path) -> bool:
    if not isinstance(file, (str, os.PathLike)):
        return False
    return Path(os.path.abspath(os.fspath(file))).is_relative_to(folder.resolve())


@contextmanager
def full_disk(folder: Path, room: int) -> Iterator[list[int]]:
    """Files written inside ``folder`` share ``room`` bytes in all; the next byte raises ENOSPC mid-write.
    Yields the bytes still free (a one-item list)."""
    real_open, left = builtins.open, [room]

    def fake_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = real_open(file, mode, *args, **kwargs)
        if _inside(file, folder) and WRITE_MODES & set(mode) and "b" in mode:
            return FillingFile(handle, left)
        return handle

    with mock.patch("builtins.open", fake_open):
        yield left


@contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """No file can be created or changed inside ``folder`` (EACCES), as in a folder without write permission."""
    real_open = builtins.open

    def fake_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if _inside(file, folder) and WRITE_MODES & set(mode):
            raise PermissionError(errno.EACCES, "Permission denied", str(file))
        return real_open(file, mode, *args, **kwargs)

    with mock.patch("builtins.open", fake_open):
        yield


def files_in(folder: Path) -> list[str]:
    """Every file under ``folder``, relative names sorted: what a failed write must not leave behind."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
