"""Writing a file through a temp file (fsync, then rename), so a crash, a kill or a full disk leaves the
previous good file, never half a file. Plain Python: the run folder's readers and the runs index use it
without loading torch."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import IO

_WRITER_FAILED = re.compile(r"inline_container|PytorchStreamWriter|file write failed")  # torch.save failing to write
FULL_BELOW = 64 * 2**20  # bytes free under which a failed write is taken for a full disk (resnet18 saves 45 MB)


def tmp_path(path: Path) -> Path:
    """Where ``path`` is written before it replaces the old file: ``<name>.tmp`` beside it."""
    return path.with_name(path.name + ".tmp")


def os_error_in(exc: BaseException) -> OSError | None:
    """The ``OSError`` behind a failed write: ``exc`` itself, or the one it was raised from or while handling
    (torch.save turns a full disk into a RuntimeError whose context is the OSError); None when there is none."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, OSError):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def write_tmp(path: Path, write: Callable[[IO[bytes]], object]) -> Path:
    """Write ``path``'s new contents to its temp file and fsync it; on any failure the temp file is
    removed (the old ``path`` is untouched) and the error is raised, as the ``OSError`` behind it when a
    writer wrapped one in its own exception (torch.save, matplotlib). Returns the temp file."""
    tmp = tmp_path(path)
    try:
        with open(tmp, "wb") as f:
            try:
                write(f)
            except RuntimeError as e:  # torch.save's own writer reports a failed write this way, not as OSError
                if os_error_in(e) is not None or not _WRITER_FAILED.search(str(e)):
                    raise  # the OSError behind it is raised below; else a bug, not a failed write
                raise _as_os_error(f, path.parent) from e
            f.flush()
            os.fsync(f.fileno())
    except BaseException as e:
        discard(tmp)
        cause = os_error_in(e)
        if cause is not None and cause is not e:
            raise cause from None
        raise
    return tmp


def _as_os_error(f: IO[bytes], folder: Path) -> OSError:
    """The OSError behind a writer's RuntimeError: the buffered write's own, else a full disk when the folder's
    file system has (almost) no room left, else a failed write in general."""
    try:
        f.flush()
    except OSError as e:
        return e
    try:
        full = shutil.disk_usage(folder).free < FULL_BELOW
    except OSError:
        full = False
    return OSError(errno.ENOSPC if full else errno.EIO, "No space left on device" if full else "the write failed")


def commit(tmp: Path, path: Path) -> None:
    """Move a finished temp file over ``path`` (atomic) and make the rename durable where the system allows."""
    os.replace(tmp, path)
    if hasattr(os, "O_DIRECTORY"):  # POSIX: fsync the folder so the rename survives a power cut
        with contextlib.suppress(OSError):
            fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def discard(tmp: Path) -> None:
    with contextlib.suppress(OSError):
        tmp.unlink(missing_ok=True)


def write_atomically(path: str | Path, write: Callable[[IO[bytes]], object]) -> Path:
    """Write ``path`` through a temp file (fsync, then rename): a crash or a full disk never leaves half
    a file, and the previous file stays as it was. Raises ``OSError`` after removing the temp file (also
    when the writer raised another exception caused by one, see :func:`write_tmp`)."""
    path = Path(path)
    tmp = write_tmp(path, write)
    try:
        commit(tmp, path)
    except BaseException:
        discard(tmp)
        raise
    return path
