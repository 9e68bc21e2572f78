"""A trained design run is named by its design, not by the path of its file, wherever runs are listed: the run's
label (curves, Recent runs, compare), the runs index, the Runs table and its model filter, and the report's title."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from app_testing import LOAD_TIMEOUT_MS
from PySide6.QtCore import Qt

from cnnlab.cli import main
from cnnlab.report.content import run_title
from cnnlab.runs.index import RunIndex
from cnnlab.runs.store import load_run, model_label, run_label
from ui import i18n
from ui.background import BackgroundJobs
from ui.runs_view import RunsView
from ui.runs_view.table import KEYS

SMALL = """name: small
input: [1, 28, 28]
classes: 5
layers:
  - conv: {out: 4, kernel: 3, padding: 1}
  - relu
  - maxpool: {kernel: 2}
  - flatten
  - linear: {out: 5}
"""


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the runs folder, the design file) after one short design run."""
    root = tmp_path_factory.mktemp("labels")
    design = root / "deep" / "folder" / "my-net.yaml"
    design.parent.mkdir(parents=True)
    design.write_text(SMALL, encoding="utf-8")
    runs = root / "runs"
    assert main(["train", "--model", str(design), "--dataset", "shapes", "--epochs", "1", "--train-limit", "64",
                 "--threads", "1", "--out", str(runs / "run-a"), "--quiet"]) == 0
    return runs, design


def test_the_run_s_label_and_index_row_name_the_design(trained: tuple[Path, Path]) -> None:
    runs, design = trained
    record = load_run(runs / "run-a")
    assert record.config["model"] == str(design)  # the settings keep the file, as --model was given
    assert model_label(record.config["model"]) == "my-net" and model_label("lenet5") == "lenet5"
    assert model_label(None) == "?"
    assert run_label(record.config, record.path) == "my-net on shapes · run-a"
    assert record.label == "my-net on shapes · run-a"
    assert i18n.run_label(record.config, record.path) == "my-net on shapes · run-a"
    assert run_title(record.config, record.label, "en") == "my-net on Shapes · run-a"  # the dataset by its title
    row = RunIndex(runs).row(runs / "run-a")
    assert row.model == str(design) and row.title.startswith("my-net on shapes · ")


@pytest.fixture
def view(qtbot: Any, trained: tuple[Path, Path]) -> Iterator[RunsView]:
    jobs = BackgroundJobs()
    v = RunsView(jobs, lambda _path: None, parent_dir=trained[0])
    v.jobs_owner = jobs  # type: ignore[attr-defined]  # kept alive with the view
    qtbot.addWidget(v)
    with qtbot.waitSignal(v.refreshed, timeout=LOAD_TIMEOUT_MS):
        v.show()
    yield v
    jobs.wait(LOAD_TIMEOUT_MS)


def test_the_runs_table_and_its_filter_show_the_design_s_name(view: RunsView, trained: tuple[Path, Path]) -> None:
    index = view.proxy.index(0, KEYS.index("model"))
    assert index.data(Qt.ItemDataRole.DisplayRole) == "my-net"
    assert index.data(Qt.ItemDataRole.ToolTipRole) == str(trained[1])  # the file is still there to see
    box = view.boxes["model"]
    assert [box.itemText(i) for i in range(1, box.count())] == ["my-net"]
    box.setCurrentIndex(1)  # filtering by it keeps the run
    assert view.proxy.rowCount() == 1
