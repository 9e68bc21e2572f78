"""The window's views draw what the app model says (the model itself is tested without a screen in
tests/cnnlab/test_app_model.py)."""

from __future__ import annotations

from typing import Any

from app_testing import make_window
from PySide6.QtCore import QSettings, Qt


def test_the_run_list_and_the_status_line_follow_the_app_model(qtbot: Any, settings: QSettings) -> None:
    window = make_window(qtbot, settings)
    curves, model = window.curves, window.model
    first = curves.begin_run("first", {"model": "dnn", "dataset": "shapes"})
    second = curves.begin_run("second", {"model": "shape-cnn", "dataset": "shapes"})
    assert model.runs.entries["first"] is first.entry and first.color != second.color
    item = curves.run_list.item_of("first")
    assert item is not None and item.checkState() == Qt.CheckState.Unchecked  # the newer run shows alone
    model.runs.set_visible("first", True)  # ticked in the model …
    assert item.checkState() == Qt.CheckState.Checked  # … ticked in the list
    curves.set_visible("second", False)  # unticked in the view …
    assert not model.runs.entries["second"].visible  # … unticked in the model
    colour = first.color
    curves.remove_run("first")
    assert "first" not in model.runs.entries
    again = curves.begin_run("first", {"model": "dnn", "dataset": "shapes"})
    assert again.color == colour  # the run keeps its colour in every view, also when reopened
    model.status.say("A sentence from the model.")
    assert window.status_text() == "A sentence from the model."
    window.show_status("A sentence from the window.", error=True)
    assert model.status.message == "A sentence from the window." and model.status.error
