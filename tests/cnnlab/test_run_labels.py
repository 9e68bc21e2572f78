"""One run label for every list: the curves, Recent runs and Open run read the folder's own time."""

from __future__ import annotations

import time
from pathlib import Path

from cnnlab.runs.store import RunRecord, new_run_dir, run_label, run_made_at

CONFIG = {"model": "shape-cnn", "dataset": "shapes"}


def test_a_folder_made_by_new_run_dir_is_labelled_with_its_time(tmp_path: Path) -> None:
    folder = tmp_path / "20261202-140211-shapes-shape-cnn"
    assert run_label(CONFIG, folder) == "shape-cnn on shapes · 14:02:11"
    assert run_label(CONFIG, folder, with_date=True) == "shape-cnn on shapes · 2026-12-02 14:02:11"
    made = run_made_at(new_run_dir("shapes", "shape-cnn", tmp_path))
    assert made is not None and abs(time.mktime(made) - time.time()) < 24 * 3600


def test_other_folders_are_labelled_by_their_name(tmp_path: Path) -> None:
    assert run_made_at(tmp_path / "my run") is None
    assert run_label(CONFIG, tmp_path / "my run") == "shape-cnn on shapes · my run"
    assert run_label(CONFIG, None) == "shape-cnn on shapes"
    assert run_label({}, "20261302-999999-x") == "? on ? · 20261302-999999-x"  # month 13: not a stamp


def test_a_run_record_uses_the_same_label(tmp_path: Path) -> None:
    record = RunRecord(path=tmp_path / "20261202-140211-shapes-shape-cnn", config=CONFIG)
    assert record.label == "shape-cnn on shapes · 2026-12-02 14:02:11"
