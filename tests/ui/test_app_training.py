"""Training from the window: curves, pause / resume / stop, closing mid-run, failures, panels."""

from __future__ import annotations

import threading
from pathlib import Path

from app_testing import (
    ALL_PANELS,
    LONG_RUN,
    RUN_TIMEOUT_MS,
    SMALL_RUN,
    RecordingPanel,
    configure,
    make_window,
    results_of,
    run_to_end,
    start_run,
    wait_for_epoch,
)
from PySide6.QtCore import QCoreApplication, QThread
from PySide6.QtWidgets import QAbstractScrollArea

from cnnlab.inspection import Subject
from ui.heartbeat import Heartbeat


def test_a_run_draws_curves_and_keeps_its_folder(window, qtbot) -> None:
    configure(window, **SMALL_RUN)
    start_run(qtbot, window)
    assert window.is_running() and window.stop_action.isEnabled()
    assert not window.start_action.isEnabled() and not window.setup.hyper.field("lr").isEnabled()
    epoch = wait_for_epoch(qtbot, window)
    assert epoch.epoch == 1 and epoch.val_acc is not None
    key = window._run_key
    drawn = window.curves.plotted(key)
    assert len(drawn["train_loss"][0]) >= 1 and len(drawn["val_loss"][0]) == 1
    assert drawn["val_acc"][1][0] == 100 * epoch.val_acc

    with qtbot.waitSignal(window.runFinished, timeout=RUN_TIMEOUT_MS) as blocker:
        pass
    end = blocker.args[0]
    qtbot.waitUntil(lambda: not window.is_running(), timeout=RUN_TIMEOUT_MS)
    assert end.status == "completed" and end.epochs_done == 2
    run_dir = Path(end.run_dir)
    assert (run_dir / "checkpoint.pt").is_file() and results_of(run_dir)["status"] == "completed"
    drawn = window.curves.plotted(key)
    assert drawn["train_loss"][0][-1] == 16  # 2 epochs × 8 batches, against iterations
    assert len(drawn["val_loss"][0]) == 2
    assert "Finished: test accuracy" in window.status_text()
    assert "test" in window.curves.run_list.item(0).text()
    window.curves.set_x_mode("epochs")
    x = window.curves.plotted(key)["train_loss"][0]
    assert 0 < x.min() and x.max() == 2.0
    assert window.start_action.isEnabled() and window.setup.hyper.field("lr").isEnabled()
    assert window.progress.format() == "Done"


def test_hover_reads_out_the_values_under_the_mouse(window, qtbot) -> None:
    configure(window, **SMALL_RUN)
    end = run_to_end(qtbot, window)
    text = window.curves.show_values_at(8)  # the end of epoch 1
    first_val_loss = window.curves.series(end.run_dir).val_loss[0]
    assert "iteration 8" in text and f"val {first_val_loss:.4f}" in text
    assert window.curves._cursor[window.curves.loss_plot].value() == 8


def test_pause_and_resume(window, qtbot) -> None:
    configure(window, **LONG_RUN)
    start_run(qtbot, window)
    def series():
        return window.curves.series(window._run_key)
    qtbot.waitUntil(lambda: len(series().batch_step) >= 2, timeout=RUN_TIMEOUT_MS)
    with qtbot.waitSignal(window._thread.runHeld, timeout=RUN_TIMEOUT_MS):  # every earlier batch is in
        window.toggle_pause()
    assert window.pause_action.text() == "&Resume" and "Paused" in window.status_text()
    steps = len(series().batch_step)
    for _ in range(20):  # however long we look, a held run sends no batch
        QCoreApplication.processEvents()
        window._thread.wait(20)
    assert len(series().batch_step) == steps, "a paused run must not train"
    window.toggle_pause()
    assert window.pause_action.text() == "&Pause"
    qtbot.waitUntil(lambda: len(series().batch_step) > steps, timeout=RUN_TIMEOUT_MS)
    with qtbot.waitSignal(window.runFinished, timeout=RUN_TIMEOUT_MS):
        window.stop()


def test_stop_mid_epoch_keeps_a_checkpoint(window, qtbot) -> None:
    configure(window, **LONG_RUN)
    start_run(qtbot, window)
    qtbot.waitUntil(lambda: len(window.curves.series(window._run_key).batch_step) >= 2, timeout=RUN_TIMEOUT_MS)
    with qtbot.waitSignal(window.runFinished, timeout=RUN_TIMEOUT_MS) as blocker:
        window.stop()  # how fast is benchmarks/ui_responsiveness.py's to measure: a busy machine varies
    end = blocker.args[0]
    assert end.status == "stopped" and end.epochs_done == 0  # mid-epoch: the first epoch never finished
    assert Path(end.checkpoint).is_file()
    assert results_of(end.run_dir)["status"] == "stopped"
    assert "Stopped after 0 finished epoch(s)" in window.status_text()
    qtbot.waitUntil(lambda: not window.is_running(), timeout=RUN_TIMEOUT_MS)
    assert window.start_action.isEnabled()


def test_closing_mid_run_stops_it_cleanly(qtbot, settings) -> None:
    w = make_window(qtbot, settings)
    configure(w, **LONG_RUN)
    start_run(qtbot, w)
    key = w._run_key
    assert key is not None

    def batches_drawn() -> int:
        series = w.curves.series(key)
        assert series is not None
        return len(series.batch_step)

    qtbot.waitUntil(lambda: batches_drawn() >= 2, timeout=RUN_TIMEOUT_MS)
    run_dir = Path(key)
    thread = w._thread
    assert thread is not None
    assert w.close()
    assert thread.isFinished() and not thread.isRunning()
    assert not [t for t in w.findChildren(QThread) if t.isRunning()]
    assert (run_dir / "checkpoint.pt").is_file()
    assert results_of(run_dir)["status"] == "stopped"
    # the training process finished the run and waits, idle, for the next window's run
    again = make_window(qtbot, settings)
    configure(again, **SMALL_RUN)
    with qtbot.waitSignal(again.runFinished, timeout=RUN_TIMEOUT_MS) as blocker:
        assert again.start()
        second = again._thread
    assert blocker.args[0].status == "completed" and second is not None
    assert second.process_pid == thread.process_pid is not None


def test_a_diverging_run_fails_with_one_sentence_and_the_app_stays_usable(window, qtbot) -> None:
    window.setup.set_model("dnn")
    configure(window, **SMALL_RUN, optimizer="sgd", schedule="none", lr="10")
    end = run_to_end(qtbot, window)
    assert end.status == "failed"
    assert end.message.startswith("The loss became nan") and end.message.endswith("train again.")
    assert window.last_error == end.message and window.status_text() == end.message
    assert "failed" in window.curves.run_list.item(0).text()
    assert window.start_action.isEnabled()
    configure(window, lr="0.01")
    assert run_to_end(qtbot, window).status == "completed"


def test_a_missing_dataset_keeps_start_waiting_with_one_sentence(window, qtbot, tmp_path) -> None:
    data = tmp_path / "data"  # a folder of its own: the window's settings file sits in tmp_path
    data.mkdir()
    window.setup.set_dataset("fashion-mnist")
    window.setup.set_data_root("fashion-mnist", str(data))
    configure(window, **SMALL_RUN)
    assert not window.start_action.isEnabled() and not window.start()  # refused before any run is made
    # the window words the advice its own way: no command-line option in a status line
    shown = window.status_text()
    assert shown.startswith("fashion-mnist was not found") and shown.endswith("with Data folder….")
    assert "--data-root" not in shown and window.start_reason.text() == shown
    assert not window.is_running() and not list(data.iterdir())  # nothing was written
    window.setup.set_dataset("shapes")
    configure(window, **SMALL_RUN)
    assert run_to_end(qtbot, window).status == "completed"


def test_dnn_versus_cnn_overlay(window, qtbot) -> None:
    configure(window, **SMALL_RUN)
    cnn = run_to_end(qtbot, window)
    window.setup.set_model("dnn")
    configure(window, **SMALL_RUN)
    dnn = run_to_end(qtbot, window)
    curves = window.curves
    assert curves.run_list.count() == 2
    assert len(curves.plotted(dnn.run_dir)["val_acc"][0]) == 2
    assert len(curves.plotted(cnn.run_dir)["val_acc"][0]) == 0  # the new run alone, until the student ticks more
    curves.set_visible(cnn.run_dir, True)
    assert len(curves.plotted(cnn.run_dir)["val_acc"][0]) == 2  # both ticked: both drawn
    curves.set_visible(cnn.run_dir, False)
    assert len(curves.plotted(cnn.run_dir)["val_acc"][0]) == 0
    assert "shape-cnn" not in curves.show_values_at(8) and "dnn" in curves.show_values_at(8)


def test_panels_get_a_subject_after_every_epoch(qtbot, settings) -> None:
    panels: list[RecordingPanel] = []

    def factory() -> RecordingPanel:
        panels.append(RecordingPanel())
        return panels[-1]

    w = make_window(qtbot, settings, panels=[("Recorder", factory)])
    assert [w.tabs.tabText(i) for i in range(w.tabs.count())] == ["Curves", "Recorder", "Runs", "Design"]
    configure(w, **SMALL_RUN)
    run_to_end(qtbot, w)
    qtbot.waitUntil(lambda: bool(panels[0].subjects) and panels[0].subjects[-1].epoch == 2, timeout=RUN_TIMEOUT_MS)
    subject = panels[0].subjects[-1]
    assert isinstance(subject, Subject) and subject.classes[0] == "circle"
    assert not subject.model.training and len(subject.test) == 1000
    w.close()


def test_the_window_stays_responsive_while_training(qtbot, settings) -> None:
    """The event loop keeps turning while a realistic CPU run trains (the whole shapes set, the
    inspection tabs refreshed at every epoch end)."""
    app_window = make_window(qtbot, settings, panels=ALL_PANELS)
    configure(app_window, epochs="3", train_limit="", batch_size="32")
    beat = Heartbeat()
    start_run(qtbot, app_window)
    beat.start()
    with qtbot.waitSignal(app_window.runFinished, timeout=RUN_TIMEOUT_MS * 2):
        pass
    beat.stop()
    # How long the loop may stall is a timing bound: benchmarks/ui_responsiveness.py measures it.
    assert len(beat.gaps_ms) > 50, "the event loop kept running while the run trained"
    app_window.close()


def test_closing_just_as_the_run_ends_leaves_the_finished_thread_alone(qtbot, settings, monkeypatch) -> None:
    """The run's thread finishes (and is deleted) while the window processes events in closeEvent:
    closing must not call into the deleted thread."""
    from PySide6.QtCore import QCoreApplication, QEvent

    import cnnlab.launch.session
    import ui.main_window

    real_remove = cnnlab.launch.session.remove_if_empty
    gate = threading.Event()  # set when the window closes: until then the thread outlives its RunEnd
    monkeypatch.setattr(cnnlab.launch.session, "remove_if_empty",
                        lambda d: (gate.wait(RUN_TIMEOUT_MS / 1000), real_remove(d)))
    w = make_window(qtbot, settings)
    configure(w, **SMALL_RUN)
    with qtbot.waitSignal(w.runFinished, timeout=RUN_TIMEOUT_MS):
        assert w.start()
    thread = w._thread
    assert thread is not None and thread.isRunning()
    deleted: list[bool] = []
    thread.destroyed.connect(lambda: deleted.append(True))
    real_process = QCoreApplication.processEvents

    def process_events_as_the_thread_ends(*args) -> None:
        if not deleted:  # the first call, from closeEvent
            gate.set()
            thread.wait(RUN_TIMEOUT_MS)
            real_process()  # delivers `finished`: the window lets go of the thread
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # and it is deleted
        else:
            real_process(*args)

    monkeypatch.setattr(ui.main_window.QApplication, "processEvents", staticmethod(process_events_as_the_thread_ends))
    assert w.close()
    assert deleted == [True] and w._thread is None and not w.is_running()


def test_the_tab_in_view_predicts_the_test_set_off_the_gui_thread(qtbot, settings, monkeypatch) -> None:
    """Confusion in view during training: each epoch's whole-test-set forward pass runs on a worker
    thread, and the tab draws from those predictions."""

    import numpy as np

    from cnnlab.inspection import Predictions, predictions
    from ui.panels.confusion import ConfusionPanel

    threads: list[str] = []
    real_prepare = ConfusionPanel.prepare

    def recording_prepare(self: ConfusionPanel, subject: Subject) -> object:
        threads.append(threading.current_thread().name)
        return real_prepare(self, subject)

    monkeypatch.setattr(ConfusionPanel, "prepare", recording_prepare)
    w = make_window(qtbot, settings, panels=ALL_PANELS)
    panel = next(p for p in w.panels if isinstance(p, ConfusionPanel))
    w.tabs.setCurrentWidget(panel)
    configure(w, **SMALL_RUN)
    run_to_end(qtbot, w)
    qtbot.waitUntil(lambda: panel.subject is not None and panel.subject.epoch == 2 and not w._preparing,
                    timeout=RUN_TIMEOUT_MS)
    assert threads and threading.main_thread().name not in threads
    subject = panel.subject
    assert subject is not None
    cached = subject.cache["predictions"]
    assert isinstance(cached, Predictions)
    fresh = predictions(Subject(model=subject.model, meta=subject.meta, test=subject.test))  # no cache
    assert np.array_equal(cached.pred, fresh.pred) and np.array_equal(cached.true, fresh.true)
    k = len(subject.classes)
    shown = np.bincount(fresh.true * k + fresh.pred, minlength=k * k).reshape(k, k)  # a hand count
    assert panel.cm is not None and np.array_equal(panel.cm.matrix, shown)
    viewport = panel.matrix_view.parentWidget()  # the scroll area's viewport
    assert viewport is not None
    matrix_area = viewport.parentWidget()  # the scroll area
    assert isinstance(matrix_area, QAbstractScrollArea)
    assert matrix_area.viewport().width() >= panel.matrix_view.sizeHint().width(), "the whole matrix shows at 1280×800"
    w.close()
