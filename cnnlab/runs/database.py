"""The runs database file (``runs.sqlite``): opening it with the index's schema, and telling SQLite's
failures apart.

A database another cnnlab holds (*busy*, *locked*) is waited for (the busy timeout) and then named in
one sentence: it is never taken for a damaged one. Only a file SQLite reports as corrupt or as not a
database, or a database with another schema, is replaced, and the old file is set aside beside it
(``runs.sqlite.damaged-<time>`` or ``runs.sqlite.other-<time>``), never deleted. An index written by an
earlier cnnlab (an older schema version) is migrated in place (:data:`MIGRATIONS`).
"""

from __future__ import annotations

import errno
import sqlite3
import time
from pathlib import Path

from cnnlab.errors import Sentence, StorageError, write_failure
from cnnlab.i18n import QT_TRANSLATE_NOOP

SCHEMA_VERSION = 3  # PRAGMA user_version of the index; an older one is migrated, another set aside and rebuilt
COLUMNS = ("folder", "signature", "readable", "problem", "date", "dataset", "model", "recipe", "epochs",
           "test_acc", "train_seconds", "device", "status", "note", "name", "diagnoses", "sweep")
MIGRATIONS = {  # schema version -> (its columns, the statements that make it the next version)
    1: (COLUMNS[:-2], ("ALTER TABLE runs ADD COLUMN diagnoses TEXT NOT NULL DEFAULT '[]'",
                       "UPDATE runs SET signature = ''")),  # every folder is read again: its findings fill the column
    2: (COLUMNS[:-1], ("ALTER TABLE runs ADD COLUMN sweep TEXT NOT NULL DEFAULT ''",
                       "UPDATE runs SET signature = ''")),  # read again: a trial's sweep.json fills the column
}
_SCHEMA = """
CREATE TABLE runs (
    folder TEXT PRIMARY KEY,   -- the run folder's name inside the runs folder
    signature TEXT NOT NULL,   -- size and mtime of each run file: changed means read again
    readable INTEGER NOT NULL, -- 0: a damaged folder, named by problem
    problem TEXT,              -- why the folder (or its checkpoint) cannot be used; NULL when fine
    date TEXT, dataset TEXT, model TEXT, recipe TEXT, epochs INTEGER,
    test_acc REAL, train_seconds REAL, device TEXT, status TEXT,
    note TEXT NOT NULL DEFAULT '', name TEXT NOT NULL DEFAULT '',
    diagnoses TEXT NOT NULL DEFAULT '[]',  -- the training doctor's findings (results.json's list), as JSON
    sweep TEXT NOT NULL DEFAULT ''  -- the sweep a trial's run belongs to (its sweep.json); '' for other runs
);
"""
DAMAGED, OTHER = "damaged", "other"  # the suffixes of a file set aside: corrupt, or another program's database
SIDE_FILES = ("-journal", "-wal", "-shm")  # SQLite's files beside a database: they move with it

BUSY = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
CORRUPT = (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)
FULL = (sqlite3.SQLITE_FULL,)
REFUSED = (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_IOERR,
           sqlite3.SQLITE_AUTH)
_TEXTS = {  # sqlite3_errstr() of the primary codes, for an error raised without its code
    "database is locked": sqlite3.SQLITE_BUSY, "database table is locked": sqlite3.SQLITE_LOCKED,
    "database disk image is malformed": sqlite3.SQLITE_CORRUPT, "file is not a database": sqlite3.SQLITE_NOTADB,
    "database or disk is full": sqlite3.SQLITE_FULL, "attempt to write a readonly database": sqlite3.SQLITE_READONLY,
    "disk i/o error": sqlite3.SQLITE_IOERR, "unable to open database file": sqlite3.SQLITE_CANTOPEN,
}


def error_code(e: sqlite3.Error) -> int | None:
    """SQLite's primary result code of ``e`` (SQLITE_BUSY, SQLITE_CORRUPT...), None when unknown."""
    code = getattr(e, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF  # an extended code (SQLITE_BUSY_SNAPSHOT...) keeps its primary code in the low byte
    return _TEXTS.get(str(e).strip().lower())


def storage_error(e: sqlite3.Error, path: Path) -> StorageError:
    """One sentence for a failure of the runs database ``path``."""
    code = error_code(e)
    if code in BUSY:
        return StorageError(QT_TRANSLATE_NOOP("CoreMessage", "The runs database {path} is busy: another cnnlab "
                                                             "window or command is using it; nothing was changed, "
                                                             "try again in a moment."), path=path)
    if code in FULL or code in REFUSED:
        failure = write_failure(OSError(errno.ENOSPC if code in FULL else errno.EACCES, str(e)), path)
        return StorageError(QT_TRANSLATE_NOOP("CoreMessage", "{failure}; the run folders are unchanged."),
                            failure=failure)
    if code in CORRUPT:
        return StorageError(QT_TRANSLATE_NOOP("CoreMessage", "The runs database {path} is damaged and could not be "
                                                             "set aside; the run folders are unchanged."), path=path)
    return StorageError(QT_TRANSLATE_NOOP("CoreMessage", "The runs database {path} cannot be used ({reason}); the "
                                                         "run folders are unchanged."), path=path, reason=str(e))


def fallback_notice(e: sqlite3.Error, path: Path) -> str:
    """The sentence for runs listed from their folders because the database ``path`` cannot be written."""
    return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "{problem} The runs are listed straight from their folders."),
                    problem=str(storage_error(e, path)))


def create(db: sqlite3.Connection) -> sqlite3.Connection:
    """``db`` with an empty runs table (the next refresh fills it from the folders)."""
    with db:
        db.execute("DROP TABLE IF EXISTS runs")
        db.executescript(_SCHEMA)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    return db


def _schema_ok(db: sqlite3.Connection) -> bool:
    """Whether ``db`` has the index's schema, after migrating an index of an earlier version to it."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    columns = tuple(row[1] for row in db.execute("PRAGMA table_info(runs)"))
    while version in MIGRATIONS and columns == MIGRATIONS[version][0]:
        db.execute("BEGIN IMMEDIATE")  # one transaction (DDL included): a migration is done whole or not at all
        try:
            for statement in MIGRATIONS[version][1]:
                db.execute(statement)
            version += 1
            db.execute(f"PRAGMA user_version = {version}")
            db.commit()
        except BaseException:
            db.rollback()
            raise
        columns = tuple(row[1] for row in db.execute("PRAGMA table_info(runs)"))
    return bool(version == SCHEMA_VERSION and columns == COLUMNS)


def set_aside(path: Path, kind: str) -> Path:
    """Rename ``path`` (and its journal files) to ``<path>.<kind>-<YYYYmmdd-HHMMSS>``; an OSError says why not."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{kind}-{stamp}")
    for i in range(1, 1000):
        if not any(target.with_name(target.name + side).exists() for side in ("", *SIDE_FILES)):
            break
        target = path.with_name(f"{path.name}.{kind}-{stamp}-{i}")
    path.rename(target)
    for side in SIDE_FILES:
        beside = path.with_name(path.name + side)
        if beside.exists():  # a hot journal of the old file must not be played into the new one
            beside.rename(target.with_name(target.name + side))
    return target


def open_index(path: Path, timeout_s: float) -> sqlite3.Connection:
    """A connection to the runs database ``path`` with the index's schema, waiting up to ``timeout_s``
    for another connection's lock. A missing or empty database gets the schema; a corrupt one, or one
    with another schema, is set aside and replaced by a new one. Raises ``sqlite3.Error`` (busy, disk
    full, read-only...) or ``OSError`` (the old file could not be set aside)."""
    db = sqlite3.connect(path, timeout=timeout_s)
    try:
        if _schema_ok(db):
            return db
        if not db.execute("SELECT name FROM sqlite_master").fetchall():
            return create(db)
        kind = OTHER
    except sqlite3.DatabaseError as e:
        db.close()
        if error_code(e) not in CORRUPT:  # busy, locked, full...: the file itself may well be fine
            raise
        kind = DAMAGED
    except BaseException:
        db.close()
        raise
    db.close()
    set_aside(path, kind)
    db = sqlite3.connect(path, timeout=timeout_s)
    try:
        return create(db)
    except BaseException:
        db.close()
        raise
