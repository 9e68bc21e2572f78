"""The runs database and the run files never lose data or end in a traceback: a database another
process holds is busy, not damaged; a damaged one is set aside, not deleted; a full disk leaves the runs
listed from their folders; JSON is written strictly; odd numbers in a run's files read as missing."""

from __future__ import annotations

import errno
import json
import math
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from helpers_runs import write_run

from cnnlab import strict_json
from cnnlab.cli import main
from cnnlab.cli_format import percent, print_json
from cnnlab.engine.events import EpochEnd, RunEnd, RunStarted
from cnnlab.errors import StorageError
from cnnlab.runs import database
from cnnlab.runs import index as index_module
from cnnlab.runs.index import INDEX_FILE, NOTE_FILE, RunIndex
from cnnlab.runs.store import RESULTS, load_run, scan_runs
from cnnlab.runs.writer import RunWriter

A, B, C = "20260101-090000-shapes-shape-cnn", "20260102-090000-shapes-lenet", "20260103-090000-mnist-lenet"
NEW = "20260104-090000-shapes-shape-cnn"  # a run added while the database is held
SHORT_WAIT_S = 0.2  # the busy timeout in these tests: long enough to be a real wait, short enough to be quick

# A second process takes the database's lock in its own transaction (and writes a table of its own in it),
# says "holding", waits for a line on stdin, then commits and says how that went.
HOLDER = r"""
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=0)
db.execute("BEGIN " + sys.argv[2])
db.execute("CREATE TABLE IF NOT EXISTS held (x)")
db.execute("INSERT INTO held VALUES ('the holder wrote this')")
print("holding", flush=True)
sys.stdin.readline()
try:
    db.execute("COMMIT")
    print("committed", flush=True)
except sqlite3.Error as e:
    print("commit failed:", e, flush=True)
"""


@dataclass
class Holder:
    process: subprocess.Popen[str]
    said: str = ""  # what it said after being let go

    def release(self) -> str:
        if not self.said:
            assert self.process.stdin is not None and self.process.stdout is not None
            self.process.stdin.write("go\n")
            self.process.stdin.flush()
            self.said = self.process.stdout.readline().strip()
            self.process.wait(timeout=30)
        return self.said


@pytest.fixture
def hold() -> Iterator[Any]:
    holders: list[Holder] = []

    def start(db_file: Path, mode: str) -> Holder:
        process = subprocess.Popen([sys.executable, "-c", HOLDER, str(db_file), mode], stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, text=True)
        holder = Holder(process)
        holders.append(holder)
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "holding"  # the handshake: it has the lock now
        return holder

    yield start
    for holder in holders:
        holder.release()


@pytest.fixture
def parent(tmp_path: Path) -> Path:
    runs = tmp_path / "runs"
    write_run(runs, A, test_acc=0.61)
    write_run(runs, B, model="lenet", status="stopped", test_acc=0.42, epochs=1)
    write_run(runs, C, dataset="mnist", model="lenet", status="failed", test_acc=None)
    return runs


@pytest.fixture
def short_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_module, "BUSY_TIMEOUT_S", SHORT_WAIT_S)


def quick_index(parent: Path) -> RunIndex:
    index = RunIndex(parent)
    index.busy_timeout_s = SHORT_WAIT_S
    return index


def one_sentence(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err and "Error" not in err, err
    assert lines[0].startswith("cnnlab: ") and lines[0].endswith("."), err
    return lines[0]


def set_aside_files(parent: Path) -> list[Path]:
    return sorted(parent.glob(f"{INDEX_FILE}.*"))


def held_rows(db_file: Path) -> list[tuple[str]]:
    with sqlite3.connect(db_file) as db:
        rows = db.execute("SELECT x FROM held").fetchall()
    db.close()
    return rows


# --- 1. busy is not damaged ---------------------------------------------------------------------

def test_an_exclusive_lock_on_a_new_index_is_busy_and_the_holders_commit_lands(capsys, hold, parent, short_wait):
    holder = hold(parent / INDEX_FILE, "EXCLUSIVE")  # an index with no tables yet, held by another process
    assert main(["runs", "--parent", str(parent)]) == 3
    line = one_sentence(capsys.readouterr().err)
    assert line == (f"cnnlab: The runs database {parent / INDEX_FILE} is busy: another cnnlab window or command "
                    "is using it; nothing was changed, try again in a moment.")
    assert holder.release() == "committed"
    assert held_rows(parent / INDEX_FILE) == [("the holder wrote this",)]  # the file it wrote is the one there
    assert set_aside_files(parent) == []


@pytest.mark.parametrize("mode", ["EXCLUSIVE", "IMMEDIATE"])
@pytest.mark.parametrize("operation", ["list", "refresh", "note"])
def test_a_held_index_is_busy_for_writes_and_nothing_changes(hold, parent, mode, operation):
    index = quick_index(parent)
    assert [r.folder for r in index.runs()] == [C, B, A]  # a well-formed, up-to-date index
    if operation == "refresh":
        write_run(parent, NEW, test_acc=0.9)
    holder = hold(parent / INDEX_FILE, mode)
    def note() -> None:
        index.set_note(A, "held")

    acts: dict[str, Callable[[], object]] = {"list": index.runs, "refresh": index.runs, "note": note}
    act = acts[operation]
    if mode == "IMMEDIATE" and operation == "list":  # readers may read while another writes
        assert [r.folder for r in index.runs()] == [C, B, A]
    else:
        with pytest.raises(StorageError, match="is busy: another cnnlab window or command is using it"):
            act()
    assert not (parent / A / NOTE_FILE).exists()  # the note is written only with the index's lock
    assert holder.release() == "committed"
    assert held_rows(parent / INDEX_FILE) == [("the holder wrote this",)]
    assert set_aside_files(parent) == []
    assert [r.folder for r in index.runs()] == ([NEW] if operation == "refresh" else []) + [C, B, A]
    assert index.set_note(A, "after").note == "after"


def test_a_garbage_index_is_set_aside_and_rebuilt(parent):
    index = RunIndex(parent)
    index.set_note(B, "keep me")
    garbage = b"this is not a database at all \x00\xff" * 100
    (parent / INDEX_FILE).write_bytes(garbage)
    rows = {r.folder: r for r in RunIndex(parent).runs()}
    assert list(rows) == [C, B, A] and rows[B].note == "keep me"
    aside = set_aside_files(parent)
    assert [p.name.rsplit("-", 2)[0] for p in aside] == [f"{INDEX_FILE}.damaged"]
    assert aside[0].read_bytes() == garbage  # renamed, not deleted
    with sqlite3.connect(parent / INDEX_FILE) as db:
        assert db.execute("SELECT count(*) FROM runs").fetchone()[0] == 3
    db.close()


def test_another_programs_database_is_set_aside_with_its_data(parent):
    with sqlite3.connect(parent / INDEX_FILE) as db:
        db.execute("CREATE TABLE marks (student TEXT, mark INTEGER)")
        db.execute("INSERT INTO marks VALUES ('ada', 19)")
    db.close()
    assert [r.folder for r in RunIndex(parent).runs()] == [C, B, A]
    (aside,) = set_aside_files(parent)
    assert aside.name.startswith(f"{INDEX_FILE}.other-")
    with sqlite3.connect(aside) as db:
        assert db.execute("SELECT * FROM marks").fetchall() == [("ada", 19)]
    db.close()


def test_a_damaged_page_found_while_reading_is_set_aside_and_rebuilt(parent):
    RunIndex(parent).runs()
    db_file = parent / INDEX_FILE
    with sqlite3.connect(db_file) as db:
        root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'runs'").fetchone()[0]
        page = db.execute("PRAGMA page_size").fetchone()[0]
    db.close()
    data = bytearray(db_file.read_bytes())
    data[(root - 1) * page:root * page] = b"\xee" * page  # the runs table's page: header still fine
    db_file.write_bytes(bytes(data))
    assert [r.folder for r in RunIndex(parent).runs()] == [C, B, A]
    (aside,) = set_aside_files(parent)
    assert aside.name.startswith(f"{INDEX_FILE}.damaged-") and aside.read_bytes() == bytes(data)


# --- 2. a full disk ------------------------------------------------------------------------------

def test_a_full_disk_lists_the_runs_from_their_folders_in_one_sentence(capsys, monkeypatch, parent):
    RunIndex(parent).runs()
    real_connect = sqlite3.connect

    def connect(path: Any, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        db = real_connect(path, *args, **kwargs)
        if str(path) == str(parent / INDEX_FILE):  # SQLite's own "database or disk is full" once it must grow
            pages = db.execute("PRAGMA page_count").fetchone()[0]
            db.execute(f"PRAGMA max_page_count = {pages}")
        return db

    monkeypatch.setattr(sqlite3, "connect", connect)
    for i in range(4):  # long notes: these rows need pages the database may not have
        run = write_run(parent, f"20260105-09000{i}-shapes-shape-cnn")
        (run / NOTE_FILE).write_text(json.dumps({"note": "x" * 20000, "name": ""}))
    before = (parent / INDEX_FILE).read_bytes()
    assert main(["runs", "--parent", str(parent), "--json"]) == 0
    out, err = capsys.readouterr()
    assert len(json.loads(out.strip().splitlines()[-1])) == 7  # every run, read from its folder
    assert one_sentence(err) == (f"cnnlab: The disk is full: cannot write {parent / INDEX_FILE}; the run folders "
                                 "are unchanged. The runs are listed straight from their folders.")
    assert (parent / INDEX_FILE).read_bytes() == before and set_aside_files(parent) == []


def test_a_full_disk_while_saving_a_note_is_one_sentence_and_changes_nothing(monkeypatch, parent):
    index = RunIndex(parent)
    index.set_note(A, "first")

    def full(path: Any, write: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(index_module, "write_atomically", full)
    with pytest.raises(StorageError) as info:
        index.set_note(A, "second")
    assert str(info.value) == (f"The disk is full: cannot write {parent / A / NOTE_FILE}; the run's note and name "
                               "are unchanged.")
    monkeypatch.undo()
    assert json.loads((parent / A / NOTE_FILE).read_text())["note"] == "first"
    assert {r.folder: r.note for r in RunIndex(parent).runs()}[A] == "first"


def test_an_sqlite_error_without_its_code_is_still_told_apart(tmp_path):
    full = database.storage_error(sqlite3.OperationalError("database or disk is full"), tmp_path / INDEX_FILE)
    busy = database.storage_error(sqlite3.OperationalError("database is locked"), tmp_path / INDEX_FILE)
    assert str(full).startswith(f"The disk is full: cannot write {tmp_path / INDEX_FILE}")
    assert "is busy" in str(busy)


# --- 3. strict JSON ---------------------------------------------------------------------------

def strict_loads(text: str) -> Any:
    def refuse(token: str) -> Any:
        raise AssertionError(f"{token} is not JSON")

    return json.loads(text, parse_constant=refuse)


def test_non_finite_numbers_are_written_as_null_and_named():
    data = {"a": math.nan, "b": [1.5, math.inf], "c": {"d": -math.inf, "e": 2}, "rows": [{"x": math.nan}], "f": 3.0}
    assert strict_json.dumps(data) == ('{"a": null, "b": [1.5, null], "c": {"d": null, "e": 2, "not_finite": ["d"]}, '
                                       '"rows": [{"x": null, "not_finite": ["x"]}], "f": 3.0, '
                                       '"not_finite": ["a", "b"]}')
    assert strict_json.dumps([math.nan, 1]) == "[null, 1]"


def test_print_json_writes_strict_json(capsys):
    print_json({"test_acc": math.nan, "runs": 2})
    assert strict_loads(capsys.readouterr().out) == {"test_acc": None, "runs": 2, "not_finite": ["test_acc"]}


def test_the_run_writer_saves_strict_json_and_reads_it_back_as_missing(tmp_path):
    run = tmp_path / "20260101-000000-shapes-shape-cnn"
    run.mkdir()
    writer = RunWriter(run)
    writer.on_run_begin(RunStarted(run_dir=str(run), config={"dataset": "shapes", "model": "shape-cnn",
                                                             "lr": math.inf}, dataset="shapes", classes=("a", "b"),
                                   input_shape=(1, 8, 8), model="shape-cnn", params=10, device="cpu", epochs=1,
                                   steps_per_epoch=1, train_size=4, val_size=2, test_size=2))
    writer.on_epoch_end(EpochEnd(epoch=1, epochs=1, step=1, train_loss=math.nan, train_acc=0.5, val_loss=None,
                                 val_acc=0.5, lr=0.1, seconds=1.0, samples_per_second=4.0))
    writer.on_run_end(RunEnd(status="completed", epochs_done=1, test_loss=math.nan, test_acc=0.5, val_acc=0.5,
                             train_seconds=1.0, samples_per_second=4.0, run_dir=str(run), checkpoint=None))
    results = strict_loads((run / RESULTS).read_text())
    assert results["test_loss"] is None and results["not_finite"] == ["test_loss"]
    line = strict_loads((run / "metrics.jsonl").read_text())
    assert line["train_loss"] is None and line["val_loss"] is None and line["not_finite"] == ["train_loss"]
    assert strict_loads((run / "config.json").read_text())["not_finite"] == ["lr"]
    record = load_run(run)  # what was not a number is missing, and not odd: the writer said so
    assert record.results is not None
    assert "test_loss" not in record.results and record.results["test_acc"] == 0.5
    assert "train_loss" not in record.metrics[0] and "lr" not in record.config and record.odd == []


def test_an_older_file_with_nan_reads_as_no_number(capsys, parent):
    (parent / A / RESULTS).write_text('{"status": "completed", "test_acc": NaN, "train_seconds": Infinity}')
    (parent / A / "metrics.jsonl").write_text('{"epoch": 1, "train_loss": NaN, "val_acc": 0.5}\n')
    record = load_run(parent / A)
    assert record.results is not None
    assert "test_acc" not in record.results and "train_loss" not in record.metrics[0]
    row = {r.folder: r for r in RunIndex(parent).runs()}[A]
    assert (row.test_acc, row.train_seconds, row.status) == (None, None, "completed")
    assert main(["runs", "--parent", str(parent), "--json"]) == 0
    out = strict_loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert {r["run_dir"]: r["test_acc"] for r in out}[str(parent / A)] is None
    assert percent(math.nan) == "-" and percent(math.inf) == "-" and percent(0.5) == "50.00%"


# --- 4. numbers no float can hold, and values of the wrong kind --------------------------------

ODD = {  # case: the text of results.json's test_acc
    "an int of 400 digits": "1" + "0" * 400,
    "a float of 400 digits": "1" + "0" * 400 + ".5",
    "an int past Python's digit limit": "7" * 5000,
    "text": '"high"',
    "a list": "[0.5]",
}


@pytest.mark.parametrize("case", list(ODD))
def test_an_odd_test_acc_is_missing_for_that_field_only(capsys, parent, case):
    text = '{"status": "completed", "epochs_done": 2, "train_seconds": 4.5, "test_acc": ' + ODD[case] + "}"
    (parent / A / RESULTS).write_text(text)
    assert main(["runs", "--parent", str(parent)]) == 0
    out, err = capsys.readouterr()
    line = one_sentence(err)
    assert A in out and f"{parent / A} has values that are not usable numbers (results.json " \
                                      "test_acc); the run shows them as missing" in line
    row = {r.folder: r for r in RunIndex(parent).runs()}[A]
    assert (row.test_acc, row.train_seconds, row.status, row.epochs) == (None, 4.5, "completed", 2)
    record = load_run(parent / A)
    assert record.results is not None
    assert "test_acc" not in record.results and record.results["train_seconds"] == 4.5
    assert [o.where for o in record.odd] == ["results.json test_acc"]
    assert scan_runs(parent).problems == [line.removeprefix("cnnlab: ")]
    assert (parent / A / RESULTS).read_text() == text  # nothing lost: the file stays as it was
    if case == "an int of 400 digits":
        saved = record.results_as_saved()
        assert saved is not None and saved["test_acc"] == 10 ** 400  # what a rewrite of results.json keeps


def test_odd_numbers_in_metrics_and_settings_are_missing_and_the_run_still_lists(parent):
    big = "9" * 400
    (parent / B / "metrics.jsonl").write_text(f'{{"epoch": 1, "train_loss": {big}, "val_acc": 0.4}}\n')
    cfg = json.loads((parent / B / "config.json").read_text())
    (parent / B / "config.json").write_text(json.dumps(cfg)[:-1] + f', "batch_size": {big}, "recipe": 7}}')
    record = load_run(parent / B)
    assert record.metrics == [{"epoch": 1, "val_acc": 0.4}] and "batch_size" not in record.config
    assert [o.where for o in record.odd] == ["config.json batch_size", "metrics.jsonl line 1 train_loss"]
    row = {r.folder: r for r in RunIndex(parent).runs()}[B]
    assert (row.epochs, row.recipe, row.model) == (1, "", "lenet")  # a recipe that is not text shows as missing


def test_an_epoch_no_float_can_hold_makes_metrics_damaged_not_a_crash(parent):
    (parent / C / "metrics.jsonl").write_text('{"epoch": ' + "1" * 400 + "}\n")
    scan = RunIndex(parent).scan()
    assert [r.folder for r in scan.runs] == [B, A]
    assert len(scan.problems) == 1 and "damaged metrics.jsonl: line 1 holds" in scan.problems[0]
