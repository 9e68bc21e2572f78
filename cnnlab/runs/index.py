"""The runs database: one SQLite table (``<runs folder>/runs.sqlite``) indexing every run folder.

The folders stay the truth. Each refresh compares every folder's file signature (sizes and
modification times) with the index and re-reads only the folders that were added or changed;
rows of removed folders are dropped. A missing index is built from the folders; a file that SQLite
reports as damaged or not a database, or a database with another schema, is set aside (renamed beside
it, see :mod:`cnnlab.runs.database`) and rebuilt. A database another cnnlab holds is waited for, then
named as busy in one sentence; one that cannot be written (a full disk, a read-only folder) leaves the
runs listed from their folders. The student's note and display name are the only
facts the index adds; they are written into the run folder too (``note.json``), so a rebuild
keeps them. Deleting a run moves its folder into ``<runs folder>/trash``; undo moves it back.

Nothing is ever deleted for good here.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, TypeVar

from cnnlab import strict_json
from cnnlab.engine.atomic import write_atomically
from cnnlab.engine.doctor.diagnosis import Diagnosis, diagnoses_of
from cnnlab.errors import StorageError, UserError, write_failure
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.paths import runs_dir
from cnnlab.runs.database import (
    CORRUPT,
    DAMAGED,
    FULL,
    REFUSED,
    create,
    error_code,
    fallback_notice,
    open_index,
    set_aside,
    storage_error,
)
from cnnlab.runs.store import (
    CONFIG,
    FINAL_STATUSES,
    RUN_FILES,
    SWEEP_TAG,
    RunRecord,
    load_run,
    model_label,
    read_sweep_tag,
    run_made_at,
)

INDEX_FILE = "runs.sqlite"  # beside the run folders, so a copied runs folder carries its index
TRASH = "trash"  # deleted runs wait here (inside the runs folder) until the student empties it
NOTE_FILE = "note.json"  # the note and display name, in the run folder so a rebuilt index keeps them
BUSY_TIMEOUT_S = 10.0  # the app and the CLI may refresh at once: wait this long for the other's write
SIGNED_FILES = (*RUN_FILES, NOTE_FILE, SWEEP_TAG)  # a change to any of these means the folder is read again
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"  # the date column: sorts as text, reads as a date
PROBLEM_SEPARATOR = "\x1e"  # between a run's problem sentences in its one problem column (ASCII record separator)
T = TypeVar("T")


@dataclass(frozen=True)
class RunRow:
    """One readable run as the index lists it."""

    path: Path
    date: str  # "2026-12-02 14:02:11", when the folder was made
    dataset: str
    model: str
    recipe: str
    epochs: int  # epochs finished (lines of metrics.jsonl)
    test_acc: float | None  # None until the run has ended with a test score
    train_seconds: float | None
    device: str  # the device the run trained on ("cpu", "cuda:0")
    status: str  # completed, stopped, failed, running, interrupted or unfinished
    note: str = ""
    name: str = ""  # the student's display name; "" shows the run's label
    diagnoses: tuple[Diagnosis, ...] = ()  # the training doctor's findings (results.json), in the order found
    sweep: str = ""  # the sweep the run is a trial of; "" for a run of no sweep

    @property
    def folder(self) -> str:
        return self.path.name

    @property
    def title(self) -> str:
        """The display name, else "shape-cnn on shapes · 2026-12-02 14:02:11"."""
        return self.name or f"{model_label(self.model)} on {self.dataset} · {self.date}"

    def to_dict(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["diagnoses"] = [d.to_json() for d in self.diagnoses]
        return {"run_dir": str(data.pop("path")), **data}


@dataclass(frozen=True)
class IndexScan:
    """The runs (newest first) and one sentence per damaged folder (checkpoints are checked when a run is opened)."""

    runs: list[RunRow]
    problems: list[str]
    notice: str | None = None  # why the runs were listed straight from their folders (the database failed)


@dataclass(frozen=True)
class Trashed:
    """A run moved to the trash: where it was and where it is now (what undo needs)."""

    original: Path
    trashed: Path


def _signature(folder: Path) -> str:
    parts = []
    for name in SIGNED_FILES:
        try:
            st = (folder / name).stat()
            parts.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            parts.append(f"{name}:-")
    return "|".join(parts)


def read_note(folder: Path) -> tuple[str, str]:
    """(note, display name) from ``note.json``; a missing or damaged file gives empty texts."""
    try:
        data = strict_json.loads((folder / NOTE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):  # ValueError: not text or not JSON
        return "", ""
    if not isinstance(data, dict):
        return "", ""
    note, name = data.get("note", ""), data.get("name", "")
    return (note if isinstance(note, str) else ""), (name if isinstance(name, str) else "")


def _date_of(folder: Path) -> str:
    made = run_made_at(folder)
    if made is not None:
        return time.strftime(DATE_FORMAT, made)
    try:  # a folder named by --out: when its settings were written
        return time.strftime(DATE_FORMAT, time.localtime((folder / CONFIG).stat().st_mtime))
    except OSError:
        return ""


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""  # anything but text shows as missing


def _values_of(record: RunRecord, problem: str | None) -> dict[str, Any]:
    c, r = record.config, record.results or {}
    note, name = read_note(record.path)
    tag = read_sweep_tag(record.path)
    return {"readable": 1, "problem": problem, "date": _date_of(record.path), "dataset": _text(c.get("dataset")),
            "model": _text(c.get("model")), "recipe": _text(c.get("recipe")), "epochs": len(record.metrics),
            "test_acc": strict_json.finite_number(r.get("test_acc")),
            "train_seconds": strict_json.finite_number(r.get("train_seconds")),
            "device": _text(c.get("device_used") or c.get("device")), "status": record.status,
            "note": note, "name": name, "diagnoses": _diagnoses_text(r),
            "sweep": tag["sweep"] if tag is not None else ""}


def _diagnoses_text(results: dict[str, Any]) -> str:
    """The diagnoses column: results.json's list as JSON, its damaged entries left out."""
    return strict_json.dumps([d.to_json() for d in diagnoses_of(results)])


def _diagnoses(text: str | None) -> tuple[Diagnosis, ...]:
    try:
        saved = strict_json.loads(text or "[]")
    except (ValueError, RecursionError):  # not written by this index: read as none
        return ()
    return tuple(diagnoses_of({"diagnoses": saved}))


def _read_folder(folder: Path) -> dict[str, Any]:
    """The index row of one run folder; a damaged one gives an unreadable row with its sentence
    (the same sentences as :func:`cnnlab.runs.store.scan_runs`)."""
    try:
        if not (folder / CONFIG).is_file():
            return {"readable": 0, "problem": f"The run folder {folder} has no {CONFIG}, so it cannot be opened."}
        record = load_run(folder)
    except UserError as e:
        return {"readable": 0, "problem": str(e)}
    except OSError as e:  # a folder we may not look into
        return {"readable": 0, "problem": f"The run folder {folder} cannot be read "
                                          f"({(e.strerror or 'the system refused it').lower()})."}
    # the checkpoint is not read here (torch.load costs ~12 ms a run): opening or evaluating the run says
    # when it cannot be used (RunRecord.checkpoint_problem, load_checkpoint)
    return _values_of(record, record.odd_problem)


def _is_run_folder(p: Path) -> bool:
    return p.name != TRASH and p.is_dir() and any((p / name).exists() for name in RUN_FILES)


class RunIndex:
    """The index of the runs folder ``parent`` (default: the runs folder). Every read refreshes it
    from the folders first. A folder the index cannot be written in is indexed in memory."""

    def __init__(self, parent: str | Path | None = None) -> None:
        self.parent = Path(parent).expanduser() if parent else runs_dir()
        self.busy_timeout_s = BUSY_TIMEOUT_S  # how long SQLite waits for another connection's lock (tests lower it)
        self.notice: str | None = None  # set when the last read fell back to an index in memory

    @property
    def path(self) -> Path:
        return self.parent / INDEX_FILE

    @property
    def trash_dir(self) -> Path:
        return self.parent / TRASH

    # ------------------------------------------------------------ the database
    def _writable(self) -> bool:
        if not self.parent.is_dir() or not os.access(self.parent, os.W_OK):
            return False
        return not self.path.exists() or os.access(self.path, os.W_OK)

    def _open(self, in_memory: bool) -> sqlite3.Connection:
        if in_memory or not self._writable():
            return create(sqlite3.connect(":memory:"))
        return open_index(self.path, self.busy_timeout_s)

    def _use(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """``work(db)`` on the index. SQLite waits up to ``busy_timeout_s`` for another connection's
        lock; still busy, it ends in one sentence. A database found damaged on the way is set aside
        and rebuilt once; one that cannot be written (disk full, read-only) is replaced by an index in
        memory, and ``notice`` says so."""
        in_memory, damaged_once = False, False
        while True:
            db: sqlite3.Connection | None = None
            try:
                db = self._open(in_memory)
                return work(db)
            except sqlite3.Error as e:
                if db is not None:
                    db.close()
                    db = None
                code = error_code(e)
                if in_memory or code not in (*CORRUPT, *FULL, *REFUSED):  # busy above all: never taken for damage
                    raise storage_error(e, self.path) from None
                if code in CORRUPT and not damaged_once:  # found damaged on the way: set aside, rebuilt once
                    damaged_once = True
                    try:
                        set_aside(self.path, DAMAGED)
                        continue
                    except OSError:
                        pass  # it cannot be moved, so it cannot be rebuilt: indexed in memory
                in_memory, self.notice = True, fallback_notice(e, self.path)
            except OSError:  # a damaged or foreign index that could not be set aside
                in_memory = True
                self.notice = fallback_notice(sqlite3.DatabaseError("database disk image is malformed"), self.path)
            finally:
                if db is not None:
                    db.close()

    # ------------------------------------------------------------ keeping it true
    def _folders(self) -> dict[str, str]:
        """Every run folder's name and signature; a runs folder that is a file or unreadable raises."""
        if self.parent.exists() and not self.parent.is_dir():
            raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "The runs folder {folder} is a file, not a folder; point "
                                              "CNNLAB_RUNS at a folder."), folder=self.parent)
        if not self.parent.exists():
            return {}
        try:
            names = [p for p in self.parent.iterdir() if _is_run_folder(p)]
        except OSError as e:
            raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "The runs folder {folder} cannot be read ({reason})."),
                            folder=self.parent, reason=(e.strerror or 'the system refused it').lower()) from None
        return {p.name: _signature(p) for p in names}

    def _refresh(self, db: sqlite3.Connection, only: str | None = None) -> None:
        """Bring the index in step with the folders (``only``: with that one folder)."""
        if only is None:
            folders = self._folders()
        else:
            folders = {only: _signature(self.parent / only)} if _is_run_folder(self.parent / only) else {}
        known = {row[0]: (row[1], row[2], row[3]) for row in db.execute(
            "SELECT folder, signature, readable, status FROM runs WHERE :only IS NULL OR folder = :only",
            {"only": only})}
        with db:
            for name in set(known) - set(folders):
                db.execute("DELETE FROM runs WHERE folder = ?", (name,))
            for name, signature in folders.items():
                old = known.get(name)
                if old is not None and old[0] == signature and (not old[1] or old[2] in FINAL_STATUSES):
                    continue  # unchanged and settled; a run without an end is read again (it may have died)
                values = {"folder": name, "signature": signature, **_read_folder(self.parent / name)}
                keys = ", ".join(values)
                db.execute(f"INSERT OR REPLACE INTO runs ({keys}) VALUES ({', '.join('?' * len(values))})",
                           tuple(values.values()))

    def scan(self, *, dataset: str | None = None, model: str | None = None, status: str | None = None,
             folder: str | None = None, sweep: str | None = None) -> IndexScan:
        """The runs matching the filters (all by default), newest first, and every problem found;
        ``folder`` (a folder name) reads and lists only that run; ``sweep``: the trials of that sweep."""
        if not self.parent.exists():
            return IndexScan([], [])
        where = {"dataset": dataset, "model": model, "status": status, "folder": folder, "sweep": sweep}
        self.notice = None

        def read(db: sqlite3.Connection) -> tuple[list[Any], list[str]]:
            self._refresh(db, folder)
            rows = db.execute("SELECT folder, date, dataset, model, recipe, epochs, test_acc, train_seconds, "
                              "device, status, note, name, diagnoses, sweep FROM runs WHERE readable = 1 "
                              "AND (:dataset IS NULL OR dataset = :dataset) AND (:model IS NULL OR model = :model) "
                              "AND (:status IS NULL OR status = :status) AND (:folder IS NULL OR folder = :folder) "
                              "AND (:sweep IS NULL OR sweep = :sweep) ORDER BY folder DESC", where).fetchall()
            found = [p for (p,) in db.execute("SELECT problem FROM runs WHERE problem IS NOT NULL "
                                              "AND (:folder IS NULL OR folder = :folder) ORDER BY folder DESC", where)]
            return rows, [p for text in found for p in text.split(PROBLEM_SEPARATOR)]

        rows, problems = self._use(read)
        runs = [RunRow(self.parent / r[0], r[1] or "", r[2] or "", r[3] or "", r[4] or "", int(r[5] or 0), r[6], r[7],
                       r[8] or "", r[9] or "", r[10] or "", r[11] or "", _diagnoses(r[12]), r[13] or "") for r in rows]
        return IndexScan(runs, problems, self.notice)

    def runs(self, **filters: str | None) -> list[RunRow]:
        return self.scan(**filters).runs

    def row(self, folder: str | Path) -> RunRow:
        """The run named by its folder (a name or a path inside the runs folder)."""
        name = self._name(folder)
        found = self.runs(folder=name)
        if not found:
            raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "There is no readable run {name} in {folder}."),
                            name=name, folder=self.parent)
        return found[0]

    def resolve(self, text: str) -> Path:
        """The run folder ``text`` names: a run folder's path (taken as it is), the name of a folder in the runs
        folder, or a number as ``cnnlab runs`` numbers the runs (1 is the newest); one sentence when a bare
        name or number matches none."""
        given = Path(text).expanduser()
        if given.exists() or given.is_absolute() or len(given.parts) != 1 or text.startswith("~"):
            return given  # a path: its reader says what is wrong with it (missing, not a folder, not a run)
        if (self.parent / text).is_dir():
            return self.parent / text
        if text.strip().isdigit():
            runs = self.runs()
            number = int(text)
            if 1 <= number <= len(runs):
                return runs[number - 1].path
            if runs:
                raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "There is no run number {number}: `cnnlab runs` "
                                                                 "numbers the {count} runs in {folder} from 1 to "
                                                                 "{count}."),
                                number=number, count=len(runs), folder=self.parent)
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "No run matches {name}: give a run folder, the name of "
                                                         "a folder in {folder}, or a run's number from `cnnlab "
                                                         "runs`."),
                        name=repr(text), folder=self.parent)

    def _name(self, folder: str | Path) -> str:
        p = Path(folder)
        if p.is_absolute() and p.parent.resolve() != self.parent.resolve():
            raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "{path} is not in the runs folder {folder}."),
                            path=p, folder=self.parent)
        return p.name

    # ------------------------------------------------------------ what the student adds
    def set_note(self, folder: str | Path, note: str) -> RunRow:
        return self._annotate(folder, note=note)

    def set_name(self, folder: str | Path, name: str) -> RunRow:
        return self._annotate(folder, name=name.strip())

    def _annotate(self, folder: str | Path, **change: str) -> RunRow:
        row = self.row(folder)
        data = {"note": row.note, "name": row.name, **change}

        def write(db: sqlite3.Connection) -> None:
            db.execute("BEGIN IMMEDIATE")  # the index's write lock first: when it is busy, nothing has changed
            try:
                write_atomically(row.path / NOTE_FILE, lambda f: f.write(strict_json.file_bytes(data)))
            except OSError as e:
                db.rollback()
                raise StorageError(QT_TRANSLATE_NOOP("CoreMessage", "{failure}; the run's note and name are "
                                                                    "unchanged."),
                                   failure=write_failure(e, row.path / NOTE_FILE)) from None
            db.execute("UPDATE runs SET note = ?, name = ?, signature = ? WHERE folder = ?",
                       (data["note"], data["name"], _signature(row.path), row.folder))
            db.commit()

        self._use(write)
        return self.row(row.folder)

    # ------------------------------------------------------------ delete and undo
    def trash(self, folder: str | Path) -> Trashed:
        """Move a run folder into the trash (never deleted); a run still training is refused."""
        row = self.row(folder)
        if row.status == "running":
            raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "{run} is still training; stop it before deleting it."),
                            run=row.title)
        target = self.trash_dir / row.folder
        for i in range(1, 1000):
            if not target.exists():
                break
            target = self.trash_dir / f"{row.folder}-{i}"
        try:
            self.trash_dir.mkdir(exist_ok=True)
            shutil.move(str(row.path), str(target))
        except OSError as e:
            raise StorageError(QT_TRANSLATE_NOOP("CoreMessage", "Cannot move {path} to the trash ({reason}); nothing "
                                                 "was deleted."),
                               path=row.path, reason=(e.strerror or "the system refused it").lower()) from None
        self._forget(row.folder)
        return Trashed(original=row.path, trashed=target)

    def restore(self, trashed: Trashed) -> Path:
        """Undo :meth:`trash`: move the folder back where it was."""
        if not trashed.trashed.is_dir():
            raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "The deleted run is no longer in the trash ({path})."),
                            path=trashed.trashed)
        if trashed.original.exists():
            raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "{path} exists again, so the deleted run stays in the "
                                              "trash at {trashed}."), path=trashed.original, trashed=trashed.trashed)
        try:
            shutil.move(str(trashed.trashed), str(trashed.original))
        except OSError as e:
            raise StorageError(QT_TRANSLATE_NOOP("CoreMessage", "Cannot move {path} back ({reason}); it stays "
                                                                "in the trash."),
                               path=trashed.trashed, reason=(e.strerror or 'the system refused it').lower()) \
                from None
        return trashed.original

    def _forget(self, name: str) -> None:
        """Drop a moved folder's row; when the index cannot be written now, the next refresh drops it."""
        def drop(db: sqlite3.Connection) -> None:
            with db:
                db.execute("DELETE FROM runs WHERE folder = ?", (name,))

        try:
            self._use(drop)
        except StorageError:
            pass  # the folder has moved all the same: its row goes at the next refresh


def resolve_run(text: str, parent: str | Path | None = None) -> Path:
    """The run folder named by ``text`` (a path, a folder name in the runs folder ``parent`` or a number from
    ``cnnlab runs``): see :meth:`RunIndex.resolve`. A path is taken as it is, without the index."""
    given = Path(text).expanduser()
    if given.exists() or given.is_absolute() or len(given.parts) != 1:
        return given
    return RunIndex(parent).resolve(text)
