"""The training doctor in the window: a finding shows on the curves at its epoch (a mark, its sentence on
hover, the run's details), and Fix and rerun starts the changed run, then compares the two."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from app_testing import RUN_TIMEOUT_MS, SMALL_RUN, configure, run_to_end

from cnnlab.runs.compare import Comparison


def test_a_finding_is_marked_on_the_curves_and_fix_and_rerun_starts_the_changed_run(
        window, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CNNLAB_RUNS", str(tmp_path / "runs"))
    configure(window, **SMALL_RUN, lr="10")  # 8 batches an epoch, at a learning rate no network survives
    shown: list[object] = []
    window.runs.diagnosed.connect(shown.append)
    end = run_to_end(qtbot, window)
    assert end.status == "completed" and end.diagnoses  # dead ReLUs at least
    assert shown == list(end.diagnoses)  # each was shown as it was found, in order
    assert "the training doctor found" in window.status_text()  # the run does not read as a plain success

    key = str(end.run_dir)
    curves = window.curves
    marks = curves.marks.lines(key)
    assert sorted({line.value() for line in marks}) == sorted({8.0 * d.epoch for d in end.diagnoses})  # epoch ends
    assert len(marks) == 2 * len({d.epoch for d in end.diagnoses})  # on the loss plot and on the accuracy plot
    last = end.diagnoses[-1]
    assert html.escape(str(last.sentence)) in curves.show_values_at(8.0 * last.epoch)  # hovering the mark
    assert html.escape(str(last.sentence)) not in curves.show_values_at(8.0 * last.epoch - 5)  # not elsewhere
    assert curves.details.text().count("Fix and rerun") == sum(1 for d in end.diagnoses if d.fix)

    index = next(i for i, d in enumerate(end.diagnoses) if d.fix)
    fix = end.diagnoses[index].fix
    compared: list[Comparison] = []
    window.runs_view.compared.connect(compared.append)
    with qtbot.waitSignal(window.runStarted, timeout=RUN_TIMEOUT_MS) as started:
        curves.details.linkActivated.emit(f"fix:{index}")  # the student clicks the finding's link
    rerun = started.args[0].config
    first = curves.series(key)
    assert first is not None and first.visible  # the first run stays drawn beside its rerun
    assert {k: rerun[k] for k in fix} == fix
    assert {k: v for k, v in rerun.items() if k not in fix and k != "out_dir"} == \
        {k: v for k, v in first.config.items() if k not in fix and k != "out_dir"}  # nothing else changed
    qtbot.waitUntil(lambda: bool(compared), timeout=RUN_TIMEOUT_MS)
    assert compared[0].a.record.path == Path(key) and compared[0].b.record.path != Path(key)
    assert window.tabs.currentWidget() is window.runs_view
    # side by side, differing only by the fix (and, on a loaded machine, the CPU threads each run was given)
    assert [d.key for d in compared[0].config_diff if d.key != "threads_used"] == list(fix)
