"""A run folder is claimed by one process at a time.

Two runs writing into one folder destroy each other (one's settings, the other's metrics). Before a
run writes anything, the process that plans it writes its process id into a file of its own and
hard-links it to ``<run>/.claim`` (the link fails when a claim is there: the file system decides who was
first, on Linux, macOS and Windows alike, and a claim is never seen half written); a second run aimed
at the folder, from the CLI, another window or this one, is refused with one sentence naming the folder.
The claim is given back when the run ends. A claim whose process has
died (killed with SIGKILL, a power cut) is stale: the next run removes it, together with the temporary
files the dead writer may have left (``*.tmp``), since no one else can be writing there.
"""

from __future__ import annotations

import json
import os
import socket
import time
from pathlib import Path
from typing import Any

from cnnlab.errors import UserError, write_failure
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.processes import pid_alive, process_start

CLAIM = ".claim"  # the claim file inside a run folder: the claiming process as writer_info() describes it
WRITING_SECONDS = 10.0  # an unreadable claim younger than this is still being written: far longer than it takes


class FolderBusy(UserError):
    """Another live process is training into the folder."""


def writer_info() -> dict[str, Any]:
    """This process, as ``writer.json`` records it."""
    return {"pid": os.getpid(), "host": socket.gethostname(), "started": process_start(os.getpid())}


def writer_state(info: Any) -> str:
    """A run without a final results.json: "running" while the process in ``writer.json`` lives,
    "unfinished" when it ran on another computer (cannot tell), else "interrupted"."""
    if not isinstance(info, dict) or not isinstance(info.get("pid"), int):
        return "interrupted"
    if info.get("host") != socket.gethostname():
        return "unfinished"
    pid = info["pid"]
    if not pid_alive(pid):
        return "interrupted"
    started = info.get("started")
    if started is not None and Path("/proc").is_dir() and process_start(pid) != started:
        return "interrupted"  # the pid now belongs to another (or a finished) process
    return "running"


def _holder(path: Path) -> dict[str, Any] | None:
    """The process written in a claim file; None when it is unreadable or half written."""
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    return info if isinstance(info, dict) and isinstance(info.get("pid"), int) else None


def _stale(path: Path, info: dict[str, Any] | None) -> bool:
    """A claim no live process holds: its process has ended, or it is unreadable and older than a claim
    takes to write (a younger one is being written now). A claim made on another computer (a shared
    folder) is never judged stale from here."""
    if info is None:
        try:
            return time.time() - path.stat().st_mtime > WRITING_SECONDS
        except OSError:  # removed meanwhile: its owner gave it back
            return True
    return writer_state(info) == "interrupted"


def remove_leftovers(run_dir: Path) -> list[Path]:
    """Delete the temporary files a killed writer left in ``run_dir`` (``*.tmp``, also in ``epochs/``)."""
    removed = []
    for tmp in [*run_dir.glob("*.tmp"), *run_dir.glob("epochs/*.tmp")]:
        try:
            tmp.unlink()
            removed.append(tmp)
        except OSError:  # gone already or not ours: the run's own writes replace it anyway
            pass
    return removed


def _create(path: Path) -> None:
    """Create the claim whole or not at all: written in full beside it, then hard-linked into place (which fails
    when a claim is there). A stop signal at any moment leaves either no claim or a complete one."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps(writer_info()), encoding="utf-8")
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links: create exclusively, then write
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(tmp.read_text(encoding="utf-8"))
    finally:
        tmp.unlink(missing_ok=True)


def claim(run_dir: Path) -> None:
    """Claim ``run_dir`` for this process, or raise :class:`FolderBusy` naming it. A stale claim is removed."""
    path = run_dir / CLAIM
    holder: dict[str, Any] | None = None
    for _ in range(2):  # a stale claim is removed once, then the folder is claimed again
        try:
            _create(path)
        except FileExistsError:
            holder = _holder(path)
            if holder is not None and _mine(holder):
                return  # this process has it already (a plan made twice)
            if not _stale(path, holder):
                break
            path.unlink(missing_ok=True)
            continue
        except OSError as e:
            raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "{failure}, so the run cannot claim its folder."),
                            failure=write_failure(e, run_dir)) from None
        remove_leftovers(run_dir)
        return
    raise FolderBusy(QT_TRANSLATE_NOOP(
        "CoreMessage", "The run folder {path} is in use by another run (process {pid}); wait for it to end or "
        "choose another folder."), path=run_dir, pid=holder["pid"] if holder else "?")


def release(run_dir: Path | None) -> None:
    """Give ``run_dir`` back if this process claimed it (a training child never gives back its parent's)."""
    if run_dir is None:
        return
    path = run_dir / CLAIM
    holder = _holder(path)
    if holder is not None and _mine(holder):
        path.unlink(missing_ok=True)


def _mine(info: dict[str, Any]) -> bool:
    return info.get("pid") == os.getpid() and info.get("host") == socket.gethostname()
