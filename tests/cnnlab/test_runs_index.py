"""The runs database: it always matches the run folders (after deletion, corruption, a foreign
schema, changes), keeps notes and names through a rebuild, filters, and deletes to the trash with undo."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from helpers_runs import write_run

from cnnlab.cli import main
from cnnlab.errors import UserError
from cnnlab.runs.index import INDEX_FILE, NOTE_FILE, TRASH, RunIndex

A, B, C = "20260101-090000-shapes-shape-cnn", "20260102-090000-shapes-lenet", "20260103-090000-mnist-lenet"


@pytest.fixture
def parent(tmp_path: Path) -> Path:
    runs = tmp_path / "runs"
    write_run(runs, A, test_acc=0.61, train_seconds=12.5, lr=0.01)
    write_run(runs, B, model="lenet", recipe="course", status="stopped", test_acc=0.42, epochs=1)
    write_run(runs, C, dataset="mnist", model="lenet", status="failed", test_acc=None, device="cuda:0")
    return runs


def folder_facts(parent: Path) -> list[tuple[str, str, str, int, str]]:
    """(folder, dataset, model, epochs, status) read straight from the files, newest first."""
    facts = []
    for run in sorted((p for p in parent.iterdir() if (p / "config.json").is_file()), reverse=True):
        cfg = json.loads((run / "config.json").read_text())
        res = json.loads((run / "results.json").read_text())
        epochs = len((run / "metrics.jsonl").read_text().splitlines())
        facts.append((run.name, cfg["dataset"], cfg["model"], epochs, res["status"]))
    return facts


def index_facts(index: RunIndex) -> list[tuple[str, str, str, int, str]]:
    return [(r.folder, r.dataset, r.model, r.epochs, r.status) for r in index.runs()]


def test_the_index_lists_every_folder_with_its_columns(parent):
    rows = {r.folder: r for r in RunIndex(parent).runs()}
    assert list(rows) == [C, B, A]  # newest first
    a = rows[A]
    assert (a.date, a.dataset, a.model, a.recipe, a.epochs, a.test_acc, a.train_seconds, a.device, a.status) == (
        "2026-01-01 09:00:00", "shapes", "shape-cnn", "default", 2, 0.61, 12.5, "cpu", "completed")
    assert rows[B].recipe == "course" and rows[C].device == "cuda:0" and rows[C].test_acc is None
    assert (parent / INDEX_FILE).is_file()
    assert index_facts(RunIndex(parent)) == folder_facts(parent)


def test_the_database_rebuilt_after_deletion_matches_the_folders(parent):
    index = RunIndex(parent)
    index.set_note(A, "lr 0.01 learns faster")
    index.set_name(B, "LeNet, course recipe")
    (parent / INDEX_FILE).unlink()
    rebuilt = RunIndex(parent)
    assert index_facts(rebuilt) == folder_facts(parent)
    rows = {r.folder: r for r in rebuilt.runs()}
    assert (rows[A].note, rows[B].name, rows[C].note) == ("lr 0.01 learns faster", "LeNet, course recipe", "")
    assert rows[B].title == "LeNet, course recipe"


@pytest.mark.parametrize("damage", ["garbage", "empty file", "foreign schema", "old version"])
def test_a_damaged_database_is_rebuilt_from_the_folders(parent, damage):
    index = RunIndex(parent)
    index.set_note(C, "out of memory?")
    db_file = parent / INDEX_FILE
    if damage == "garbage":
        db_file.write_bytes(b"this is not a database at all \x00\xff" * 100)
    elif damage == "empty file":
        db_file.write_bytes(b"")
    else:
        db_file.unlink()
        with sqlite3.connect(db_file) as db:
            if damage == "foreign schema":
                db.execute("CREATE TABLE runs (folder TEXT, colour TEXT)")
                db.execute("INSERT INTO runs VALUES ('x', 'blue')")
            else:
                db.execute("CREATE TABLE runs (folder TEXT PRIMARY KEY, note TEXT)")
                db.execute("PRAGMA user_version = 99")
        db.close()
    assert index_facts(RunIndex(parent)) == folder_facts(parent)
    assert {r.folder: r.note for r in RunIndex(parent).runs()}[C] == "out of memory?"
    with sqlite3.connect(db_file) as db:  # a real index again
        assert db.execute("SELECT count(*) FROM runs").fetchone()[0] == 3
    db.close()


def test_a_stale_index_follows_added_removed_and_changed_folders(parent):
    index = RunIndex(parent)
    assert len(index.runs()) == 3
    shutil.rmtree(parent / B)
    write_run(parent, "20260104-090000-shapes-shape-cnn", test_acc=0.9)
    res = json.loads((parent / A / "results.json").read_text())
    res["test_acc"] = 0.77
    (parent / A / "results.json").write_text(json.dumps(res) + " ")  # another size: the signature changes
    assert index_facts(index) == folder_facts(parent)
    assert {r.folder: r.test_acc for r in index.runs()}[A] == 0.77


def test_a_note_edited_in_the_folder_is_read_back(parent):
    index = RunIndex(parent)
    index.runs()
    (parent / A / NOTE_FILE).write_text(json.dumps({"note": "from another computer", "name": "N"}))
    row = {r.folder: r for r in index.runs()}[A]
    assert (row.note, row.name) == ("from another computer", "N")


def test_filters_pick_matching_runs(parent):
    index = RunIndex(parent)
    assert [r.folder for r in index.runs(dataset="shapes")] == [B, A]
    assert [r.folder for r in index.runs(model="lenet")] == [C, B]
    assert [r.folder for r in index.runs(status="failed")] == [C]
    assert [r.folder for r in index.runs(dataset="shapes", model="lenet")] == [B]
    assert index.runs(dataset="cifar10") == []


def test_delete_moves_to_the_trash_and_undo_brings_it_back(parent):
    index = RunIndex(parent)
    before = (parent / A / "config.json").read_bytes()
    trashed = index.trash(A)
    assert not (parent / A).exists() and trashed.trashed == parent / TRASH / A
    assert (trashed.trashed / "config.json").read_bytes() == before  # moved, not deleted
    assert [r.folder for r in index.runs()] == [C, B]
    assert index.restore(trashed) == parent / A
    assert [r.folder for r in index.runs()] == [C, B, A]
    assert (parent / A / "config.json").read_bytes() == before and not any((parent / TRASH).iterdir())


def test_a_second_delete_of_the_same_name_keeps_both_in_the_trash(parent):
    index = RunIndex(parent)
    first = index.trash(A)
    write_run(parent, A, test_acc=0.1)
    second = index.trash(A)
    assert first.trashed != second.trashed and first.trashed.is_dir() and second.trashed.is_dir()


def test_undo_refuses_when_the_name_is_taken_again(parent):
    index = RunIndex(parent)
    trashed = index.trash(A)
    write_run(parent, A)
    with pytest.raises(UserError, match="exists again"):
        index.restore(trashed)
    assert trashed.trashed.is_dir()


def test_a_running_run_cannot_be_deleted(parent):
    from cnnlab.runs.claim import writer_info

    run = write_run(parent, "20260105-090000-shapes-shape-cnn", status=None)
    (run / "writer.json").write_text(json.dumps(writer_info()))  # this process is "writing" it
    index = RunIndex(parent)
    assert {r.folder: r.status for r in index.runs()}[run.name] == "running"
    with pytest.raises(UserError, match="still training"):
        index.trash(run.name)
    assert run.is_dir()


def test_damaged_folders_are_named_like_scan_runs(parent):
    from cnnlab.runs import scan_runs

    (parent / B / "metrics.jsonl").write_text("{oops\n")
    scan = RunIndex(parent).scan()
    assert [r.folder for r in scan.runs] == [C, A]
    assert scan.problems == scan_runs(parent).problems and B in scan.problems[0]


def test_a_missing_runs_folder_is_not_created(tmp_path):
    assert RunIndex(tmp_path / "none").scan().runs == [] and not (tmp_path / "none").exists()


def test_cli_runs_filters_and_json(capsys, parent):
    assert main(["runs", "--parent", str(parent), "--model", "lenet", "--json"]) == 0
    out = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert [Path(r["run_dir"]).name for r in out] == [C, B]
    assert {"date", "dataset", "model", "recipe", "epochs", "test_acc", "train_seconds", "device", "status",
            "note", "name"} <= out[0].keys()
    assert main(["runs", "--parent", str(parent), "--status", "stopped"]) == 0
    text = capsys.readouterr().out
    assert B in text and A not in text and C not in text
    assert main(["runs", "--parent", str(parent), "--dataset", "colors"]) == 0
    assert capsys.readouterr().out.strip() == "no runs match"
    assert main(["runs", "--parent", str(parent), "--status", "lost"]) == 2
