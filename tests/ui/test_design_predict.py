"""Predictions and exports in the Design tab: the picked row's cell shows "?" until Reveal or Skip, Reveal shows
the guess beside the X-ray's truth with its hand-checkable explanation and logs it; exports write files that run
or say one sentence."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import torch
from PySide6.QtCore import Qt

from cnnlab.design.files import parse_design
from cnnlab.predictions import PredictionLog
from cnnlab.predictions.design import PARAMS, SHAPE
from ui.background import BackgroundJobs
from ui.design.export_menu import DesignExport
from ui.design.files_menu import say_in
from ui.design.predict import DesignPredict
from ui.design.tree_model import COLUMNS
from ui.design.view import DesignView

WAIT_MS = 30_000  # an X-ray takes milliseconds; the first one warms the flop counter up
DESIGN = parse_design({"name": "t", "input": [1, 12, 12], "classes": 10, "layers": [
    {"conv": {"out": 8, "kernel": 3, "stride": 2, "padding": 1}}, "relu", "flatten", {"linear": {"out": 10}}]})


@pytest.fixture
def view(qtbot: Any) -> Iterator[DesignView]:
    jobs = BackgroundJobs()
    v = DesignView(DESIGN, jobs.run)
    v.jobs = jobs  # type: ignore[attr-defined]  # kept alive with the view
    qtbot.addWidget(v)
    v.resize(1200, 700)
    v.show()
    settled(qtbot, v)
    yield v
    jobs.close()
    assert jobs.wait(WAIT_MS)


def settled(qtbot: Any, v: DesignView) -> None:
    qtbot.waitUntil(lambda: v.result is not None and v.result.design is v.design and not v.runner.busy(),
                    timeout=WAIT_MS)


def cell(v: DesignView, row: int, key: str) -> Any:
    return v.model.index_of((row,), COLUMNS.index(key)).data(Qt.ItemDataRole.DisplayRole)


def test_a_shape_guess_waits_behind_a_question_mark_and_reveals_the_truth(qtbot: Any, view: DesignView,
                                                                         tmp_path: Path) -> None:
    log = PredictionLog(tmp_path / "predictions.jsonl")
    predict = DesignPredict(view, say_in(view), log)
    view.table.select_path((0,))
    card = predict.ask_picked(SHAPE)
    assert card is not None and cell(view, 0, "output") == "?" and cell(view, 0, "params") == "80"
    assert view.predict_slot.isVisibleTo(view)
    assert cell(view, 1, "output") == "?" and cell(view, 1, "memory") == "?"  # the next row would give it away
    assert "8×6×6" not in view.diagram.edges  # nor does the diagram
    keys = card.question.keys()
    # the truth (12 + 2 − 3) // 2 + 1 = 6; padding forgotten (12 − 3) // 2 + 1 = 5; stride forgotten 12 + 2 − 3 + 1
    assert set(keys) == {"8×6×6", "8×5×5", "8×12×12", "1×6×6", "1×12×12"}
    card.set_guess("8×12×12")
    card.reveal()
    assert cell(view, 0, "output") == "8×6×6" and "8×6×6" in view.diagram.edges
    assert card.prediction is not None and card.prediction.truth == "8×6×6" and card.prediction.context == "design"
    assert "(12 + 2 × 1 − 3) ÷ 2 + 1 = 6" in card.gap.text()
    lines = (tmp_path / "predictions.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["guess"] == "8×12×12"


def test_a_parameter_guess_follows_an_edit_and_skip_gives_the_cells_back(qtbot: Any, view: DesignView,
                                                                        tmp_path: Path) -> None:
    predict = DesignPredict(view, say_in(view), PredictionLog(tmp_path / "p.jsonl"))
    card = predict.ask("4", PARAMS)
    assert card is not None and cell(view, 3, "params") == "?"
    assert card.question.truth == 10 * (8 * 6 * 6 + 1)  # out × (in + 1), in = 8 × 6 × 6 after the flatten
    view.model.setData(view.model.index_of((0,), COLUMNS.index("out")), 4)  # 4 channels: 144 numbers reach row 4
    settled(qtbot, view)
    assert card.question.truth == 10 * (4 * 36 + 1) and cell(view, 3, "params") == "?"
    card.set_guess(1000.0)
    card.reveal()
    assert "10 × (144 + 1) = 1,450" in card.gap.text() and cell(view, 3, "params") == "1,450"
    card = predict.ask("1", SHAPE)
    assert card is not None and cell(view, 0, "output") == "?"
    card.skip()
    assert cell(view, 0, "output") == "4×6×6"
    assert len((tmp_path / "p.jsonl").read_text(encoding="utf-8").splitlines()) == 1  # the skip logs nothing


def test_a_row_after_the_break_is_not_asked(qtbot: Any, view: DesignView, tmp_path: Path) -> None:
    said: list[str] = []
    predict = DesignPredict(view, lambda s, _e: said.append(s), PredictionLog(tmp_path / "p.jsonl"))
    view.model.setData(view.model.index_of((0,), COLUMNS.index("kernel")), 20)
    settled(qtbot, view)
    assert predict.ask("4", PARAMS) is None and said[-1].startswith("Row 4 has no numbers yet")


def test_exports_write_a_runnable_file_or_say_why_not(qtbot: Any, view: DesignView, tmp_path: Path) -> None:
    said: list[tuple[str, bool]] = []
    export = DesignExport(view, view.jobs.run, lambda s, e: said.append((s, e)))  # type: ignore[attr-defined]
    written: list[Path | None] = []
    export.done = written.append
    export.export_to(tmp_path / "t.py")
    qtbot.waitUntil(lambda: len(written) == 1, timeout=WAIT_MS)
    space: dict[str, Any] = {}
    exec(compile((tmp_path / "t.py").read_text(encoding="utf-8"), "t.py", "exec"), space)
    net = space["T"]()
    assert sum(p.numel() for p in net.parameters()) == 80 + 10 * (8 * 36 + 1)  # by hand
    assert net(torch.zeros(2, 1, 12, 12)).shape == (2, 10)
    assert said[-1] == (f"Exported t to {tmp_path / 't.py'}.", False)
    export.export_to(tmp_path / "missing" / "t.onnx")
    qtbot.waitUntil(lambda: len(written) == 2, timeout=WAIT_MS)
    assert written[-1] is None and said[-1][1]
    assert said[-1][0].startswith(f"The folder {tmp_path / 'missing'} does not exist")
