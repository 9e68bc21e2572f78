"""The Runs tab: sorting and filtering, notes and names that survive a rebuilt index, delete to the
trash with undo, Compare with its flip counts, and its place in the window (tab, File ▸ Runs…, Open)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import torch
from app_testing import LOAD_TIMEOUT_MS, make_window
from PySide6.QtCore import QSettings, Qt
from torch import nn

from cnnlab.engine.checkpoint import CheckpointMeta, save_checkpoint
from cnnlab.engine.data import DataRequest
from cnnlab.models import build_model
from cnnlab.runs.index import INDEX_FILE, TRASH, RunIndex
from ui.background import BackgroundJobs
from ui.runs_view import RunsView
from ui.runs_view.table import KEYS

OLD, MID, NEW = "20260101-080000-shapes-shape-cnn", "20260102-080000-shapes-lenet", "20260103-080000-mnist-lenet"


def write_run(parent: Path, name: str, dataset: str, model: str, test_acc: float | None, status: str = "completed",
              lr: float = 0.003, epochs: int = 2) -> Path:
    run = parent / name
    run.mkdir(parents=True)
    cfg = {"dataset": dataset, "model": model, "recipe": "default", "epochs": epochs, "lr": lr, "seed": 0,
           "train_limit": 300, "device_used": "cpu", "out_dir": str(run)}
    (run / "config.json").write_text(json.dumps(cfg))
    lines = [{"epoch": e, "train_loss": 1 / e, "val_loss": 1.2 / e, "train_acc": 0.25 * e, "val_acc": 0.2 * e}
             for e in range(1, epochs + 1)]
    (run / "metrics.jsonl").write_text("".join(json.dumps(m) + "\n" for m in lines))
    (run / "results.json").write_text(json.dumps({"status": status, "test_acc": test_acc, "train_seconds": 5.0}))
    return run


def constant_checkpoint(run: Path, predicted: int) -> None:
    """A shape-cnn that predicts class ``predicted`` for every image (zero last weights, one large bias)."""
    info = DataRequest(dataset="shapes").load().info
    model = build_model("shape-cnn", in_channels=1, image_size=info.size, num_classes=len(info.classes))
    last = [m for m in model.modules() if isinstance(m, nn.Linear)][-1]
    with torch.no_grad():
        last.weight.zero_()
        last.bias.zero_()
        last.bias[predicted] = 10.0
    save_checkpoint(run / "checkpoint.pt", CheckpointMeta.for_dataset("shape-cnn", info), model.state_dict(), 2)


@pytest.fixture
def runs(tmp_path: Path) -> Path:
    parent = tmp_path / "runs"
    write_run(parent, OLD, "shapes", "shape-cnn", 0.61, lr=0.01)
    write_run(parent, MID, "shapes", "lenet", 0.83, status="stopped")
    write_run(parent, NEW, "mnist", "lenet", None, status="failed")
    return parent


@pytest.fixture
def view(qtbot: Any, runs: Path) -> Iterator[RunsView]:
    jobs = BackgroundJobs()
    opened: list[Path] = []
    v = RunsView(jobs, opened.append, parent_dir=runs)
    v.opened = opened  # type: ignore[attr-defined]  # the test keeps what the view opened on the view
    v.jobs_owner = jobs  # type: ignore[attr-defined]  # kept alive with the view
    qtbot.addWidget(v)
    v.resize(1000, 600)
    with qtbot.waitSignal(v.refreshed, timeout=LOAD_TIMEOUT_MS):
        v.show()
    yield v
    jobs.wait(LOAD_TIMEOUT_MS)


def shown_folders(view: RunsView) -> list[str]:
    return [view.proxy.data(view.proxy.index(r, 0), Qt.ItemDataRole.UserRole + 2).folder
            for r in range(view.proxy.rowCount())]


def refreshed(qtbot: Any, view: RunsView) -> None:
    with qtbot.waitSignal(view.refreshed, timeout=LOAD_TIMEOUT_MS):
        view.refresh()


def test_the_table_sorts_by_each_column(view):
    assert shown_folders(view) == [NEW, MID, OLD]  # newest first
    view.table.sortByColumn(KEYS.index("test_acc"), Qt.SortOrder.DescendingOrder)
    assert shown_folders(view) == [MID, OLD, NEW]  # 83 %, 61 %, no score last
    view.table.sortByColumn(KEYS.index("model"), Qt.SortOrder.AscendingOrder)
    assert shown_folders(view)[-1] == OLD  # lenet, lenet, shape-cnn
    acc = view.proxy.index(shown_folders(view).index(OLD), KEYS.index("test_acc"))
    assert view.proxy.data(acc) == "61.00%"


def test_the_filters_keep_matching_runs(view):
    box = view.boxes["dataset"]
    box.setCurrentIndex(box.findData("shapes"))
    assert sorted(shown_folders(view)) == sorted([OLD, MID])
    model_box = view.boxes["model"]
    model_box.setCurrentIndex(model_box.findData("lenet"))
    assert shown_folders(view) == [MID]
    box.setCurrentIndex(0)
    model_box.setCurrentIndex(0)
    view.search.setText("mnist")
    assert shown_folders(view) == [NEW]
    view.search.clear()
    status = view.boxes["status"]
    status.setCurrentIndex(status.findData("stopped"))
    assert shown_folders(view) == [MID]


def test_a_note_and_a_name_typed_in_the_table_survive_a_rebuilt_index(view, runs):
    row = shown_folders(view).index(OLD)
    assert view.proxy.setData(view.proxy.index(row, KEYS.index("note")), "lr 0.01: faster")
    assert view.proxy.setData(view.proxy.index(row, KEYS.index("name")), "fast one")
    assert json.loads((runs / OLD / "note.json").read_text()) == {"note": "lr 0.01: faster", "name": "fast one"}
    (runs / INDEX_FILE).write_bytes(b"garbage, not a database")
    rows = {r.folder: r for r in RunIndex(runs).runs()}
    assert (rows[OLD].note, rows[OLD].name) == ("lr 0.01: faster", "fast one")
    view.search.setText("faster")
    assert shown_folders(view) == [OLD]


def test_delete_moves_to_the_trash_and_undo_brings_it_back(qtbot, view, runs):
    view.select_folders({MID})
    assert view.delete_button.isEnabled() and not view.undo_button.isEnabled()
    with qtbot.waitSignal(view.refreshed, timeout=LOAD_TIMEOUT_MS):
        view.delete_selected()
    assert not (runs / MID).exists() and (runs / TRASH / MID / "config.json").is_file()
    assert shown_folders(view) == [NEW, OLD] and view.undo_button.isEnabled()
    with qtbot.waitSignal(view.refreshed, timeout=LOAD_TIMEOUT_MS):
        view.undo_delete()
    assert (runs / MID / "config.json").is_file() and shown_folders(view) == [NEW, MID, OLD]
    assert [r.folder for r in view.selected_rows()] == [MID]


def test_open_hands_the_folder_to_the_window(view, runs):
    view.select_folders({OLD})
    view.open_button.click()
    assert view.opened == [runs / OLD]


def test_compare_shows_the_flip_counts(qtbot, view, runs):
    a = write_run(runs, "20260104-080000-shapes-shape-cnn", "shapes", "shape-cnn", 0.2)
    b = write_run(runs, "20260105-080000-shapes-shape-cnn", "shapes", "shape-cnn", 0.2, lr=0.1)
    constant_checkpoint(a, 2)  # always "triangle"
    constant_checkpoint(b, 4)  # always "line"
    refreshed(qtbot, view)
    view.select_folders({a.name, b.name})
    assert view.compare_button.isEnabled()
    with qtbot.waitSignal(view.compared, timeout=LOAD_TIMEOUT_MS):
        view.compare_button.click()
    labels = DataRequest(dataset="shapes").load().test.y.tolist()
    expected = {"a_only_right": labels.count(2), "b_only_right": labels.count(4),
                "both_wrong": len(labels) - labels.count(2) - labels.count(4)}
    comparison = view.comparison
    assert comparison.counts() == expected
    assert view.pages.currentIndex() == 1
    texts = [comparison.flip_tabs.tabText(i) for i in range(3)]
    assert texts == [f"Right in A only ({expected['a_only_right']})", f"Right in B only ({expected['b_only_right']})",
                     f"Wrong in both ({expected['both_wrong']})"]
    assert comparison.shown_indices("a_only_right")[:5] == [i for i, y in enumerate(labels) if y == 2][:5]
    assert comparison.grids["a_only_right"].pixmap().width() > 0
    assert comparison.class_table.rowCount() == 5 and comparison.class_table.item(2, 2).text() == "100.0%"
    assert comparison.config_table.item(0, 0).text() == "Learning rate"  # the form's label, not the key "lr"
    assert [comparison.config_table.item(0, c).text() for c in (1, 2)] == ["0.003", "0.1"]
    view.back_button.click()
    assert view.pages.currentIndex() == 0


def test_runs_on_different_datasets_say_so(qtbot, view):
    view.select_folders({OLD, NEW})
    with qtbot.waitSignal(view.compareFailed, timeout=LOAD_TIMEOUT_MS) as blocker:
        view.compare_selected()
    assert "different datasets" in blocker.args[0] and "different datasets" in view.message.text()


def test_the_window_has_a_runs_tab_and_menu_entry(qtbot, monkeypatch, runs, tmp_path):
    monkeypatch.setenv("CNNLAB_RUNS", str(runs))
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = make_window(qtbot, settings)
    try:
        view = window.runs_view
        assert window.tabs.indexOf(view) >= 0
        with qtbot.waitSignal(view.refreshed, timeout=LOAD_TIMEOUT_MS):
            view.runs_action.trigger()  # type: ignore[attr-defined]  # install_runs_view adds it to the view
        assert window.tabs.currentWidget() is view and len(shown_folders(view)) == 3
        view.select_folders({OLD})
        view.open_current()  # the window's own open-run path: curves tab, the run's series
        assert window.tabs.currentWidget() is window.curves and len(window.curves.runs()) == 1
    finally:
        window.close()
        assert window.wait_for_threads(LOAD_TIMEOUT_MS)
