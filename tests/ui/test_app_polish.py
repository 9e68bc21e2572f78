"""What a newcomer's first hour turned up, each pinned by behaviour: a hover read-out that forgot to
forget, an axis scaled "x0.001", keys listed twice, an empty canvas that predicted, figures cut off at
1280×800, a red note and a progress bar that outlived their cause, and the report of a compared pair."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from app_testing import RUN_TIMEOUT_MS, SMALL_RUN, configure, run_to_end
from PySide6.QtCore import QEvent, QKeyCombination, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication
from test_app_new_user import series_config, shapes_subject

from cnnlab.errors import UserError
from ui import actions, i18n
from ui.curves import CurvesView
from ui.lab.panel import LabPanel
from ui.main_window import MainWindow
from ui.panels.confusion import ConfusionPanel
from ui.panels.roles import KernelRolesPanel
from ui.runs_view.comparison import ComparisonView

HINT = "Hover over a plot to read its values."


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[None]:
    assert i18n.install(qapp, "zh_CN") == "zh_CN"
    yield
    i18n.install(qapp, "en")


def test_the_hover_read_out_forgets_values_when_the_mouse_leaves_or_the_runs_change(qtbot: Any) -> None:
    view = CurvesView()
    qtbot.addWidget(view)
    view.begin_run("a", series_config(8))
    for epoch, loss in ((1, 0.75), (2, 0.5)):
        view.series("a").add_epoch({"epoch": epoch, "step": 10 * epoch, "train_loss": loss})  # type: ignore[union-attr]  # the test made the series
    view.flush()
    assert "0.5000" in view.show_values_at(20)  # epoch 2's loss under the mouse
    view.series("a").add_epoch({"epoch": 3, "step": 30, "train_loss": 0.25})  # type: ignore[union-attr]  # the test made the series
    view.flush()
    assert "0.5000" in view.readout.text()  # new points elsewhere: the values at x = 20 stay
    view.show_values_at(30)
    assert "0.2500" in view.readout.text()
    QApplication.sendEvent(view.plots, QEvent(QEvent.Type.Leave))  # the mouse leaves the plots
    assert view.readout.text() == HINT and not any(line.isVisible() for line in view.readout.cursor_lines.values())
    view.show_values_at(30)
    view.remove_run("a")
    assert "0.2500" not in view.readout.text()  # no values of a run that is gone


def test_the_comparison_s_loss_axis_shows_plain_numbers(qtbot: Any) -> None:
    view = ComparisonView()
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    view.loss_plot.plot([1.0, 2.0, 3.0], [0.003, 0.002, 0.001])  # a small loss, late in training
    qtbot.waitUntil(lambda: "loss" in view.loss_plot.getAxis("left").labelString())
    QApplication.processEvents()
    assert "x0.001" not in view.loss_plot.getAxis("left").labelString()


def test_the_chinese_shortcuts_dialog_lists_each_key_once(chinese: None) -> None:
    native = QKeySequence.SequenceFormat.NativeText
    ret = QKeySequence(QKeyCombination(Qt.KeyboardModifier.ControlModifier, Qt.Key.Key_Return)).toString(native)
    enter = QKeySequence(QKeyCombination(Qt.KeyboardModifier.ControlModifier, Qt.Key.Key_Enter)).toString(native)
    assert ret == enter == "Ctrl+回车"  # the reason: Qt's Chinese names both keys 回车
    lines = actions.shortcuts_text().splitlines()
    assert lines[0] == "开始训练: Ctrl+回车, F5"
    for line in lines:
        label, keys = line.split(": ", 1)
        assert keys and len(keys.split(", ")) == len(set(keys.split(", "))), line


def test_an_empty_canvas_asks_for_a_drawing_instead_of_predicting(qtbot: Any) -> None:
    panel = LabPanel()
    qtbot.addWidget(panel)
    panel.set_subject(shapes_subject())
    panel.input.canvas.clear()
    state = panel.compute()
    assert state is not None and state.result.prepared.empty
    text = panel.prediction.text()
    assert "draw" in text and "Prediction" not in text and "%" not in text
    panel.input.show_array(np.pad(np.full((8, 8), 255, np.uint8), 10))  # a white square: a prediction again
    panel.compute()
    assert panel.prediction.text().startswith("Prediction: ")


def test_the_kernel_roles_table_goes_under_the_outputs_when_they_do_not_fit_side_by_side(qtbot: Any) -> None:
    panel = KernelRolesPanel()
    qtbot.addWidget(panel)
    panel.resize(820, 700)  # the tab's width beside the setup at 1280×800
    panel.show()
    panel.set_subject(shapes_subject())
    qtbot.waitUntil(lambda: panel.draws == 1, timeout=RUN_TIMEOUT_MS)
    assert panel.view.pixmap().width() <= panel.area.viewport().width()  # all five class columns in view
    assert not panel.beside()
    panel.resize(2400, 900)
    qtbot.waitUntil(panel.beside)  # room enough: side by side again
    assert panel.view.pixmap().width() <= panel.area.viewport().width()


def test_the_confusion_cell_images_wrap_to_the_width_beside_the_matrix(qtbot: Any) -> None:
    panel = ConfusionPanel()
    qtbot.addWidget(panel)
    panel.resize(820, 700)
    panel.show()
    panel.set_subject(shapes_subject())
    qtbot.waitUntil(lambda: panel.draws == 1, timeout=RUN_TIMEOUT_MS)
    panel.select_cell(0, 5)  # every mistake on circles: dozens of images for an untrained net
    assert len(panel.cell_images) > 5
    assert panel.images.pixmap().width() <= panel.right_area.viewport().width()
    panel.split.setSizes([300, 520])
    qtbot.waitUntil(lambda: panel.image_columns() == panel._columns_used)
    assert panel.images.pixmap().width() <= panel.right_area.viewport().width()


def test_a_refused_start_s_red_note_goes_when_the_settings_no_longer_refuse(window: MainWindow,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import ui.run_controller as controller

    real = controller.plan_run
    cause = "Seven epochs are refused here."

    def plan(config: Any, **kwargs: Any) -> Any:
        if config.epochs == 7:  # a cause the student can take away by changing the form
            raise UserError(cause)
        return real(config, **kwargs)

    monkeypatch.setattr(controller, "plan_run", plan)
    configure(window, epochs="7")
    assert not window.start()
    assert window.model.status.error and window.status_text() == cause
    configure(window, train_limit="300")  # another change: the cause is still there
    assert window.status_text() == cause
    configure(window, epochs="2")
    assert not window.model.status.error and window.status_text() != cause


def test_the_tool_bar_forgets_the_last_run_s_progress_when_the_setup_moves_on(qtbot: Any, window: MainWindow) -> None:
    configure(window, **SMALL_RUN)
    end = run_to_end(qtbot, window)
    assert end.status == "completed"
    assert window.run_progress.bar.format() == "Done" and window.run_progress.line.text()
    QApplication.processEvents()
    assert window.run_progress.bar.format() == "Done"  # the end stays while the setup is the run's
    configure(window, epochs="3")
    assert window.run_progress.bar.format() == "Ready" and window.run_progress.line.text() == ""


def test_export_report_writes_the_compared_pair_while_the_comparison_is_in_view(qtbot: Any, window: MainWindow,
                                                                             tmp_path: Path) -> None:
    from test_runs_view import constant_checkpoint, write_run

    a = write_run(tmp_path, "20260104-080000-shapes-shape-cnn", "shapes", "shape-cnn", 0.2)
    b = write_run(tmp_path, "20260105-080000-shapes-shape-cnn", "shapes", "shape-cnn", 0.2, lr=0.1)
    constant_checkpoint(a, 2)
    constant_checkpoint(b, 4)
    window.open_run(b)  # the last opened run is B alone
    view = window.runs_view
    window.tabs.setCurrentWidget(view)
    with qtbot.waitSignal(view.compared, timeout=RUN_TIMEOUT_MS):
        view.compare(a, b)
    assert window.run_tools.shown_pair() == (a, b) and window.run_tools.report_action.isEnabled()
    out = tmp_path / "pair.html"
    window.run_tools.export_pair_report(a, b, out)
    qtbot.waitUntil(lambda: out.is_file() and "Report saved" in window.status_text(), timeout=RUN_TIMEOUT_MS)
    page = out.read_text(encoding="utf-8")
    assert page.index("A: Training report") < page.index(str(a)) < page.index("B: Training report") < page.index(str(b))
    assert page.count('class="test-acc"') == 2
    view.show_table()
    assert window.run_tools.shown_pair() is None  # back at the table: the current run again
