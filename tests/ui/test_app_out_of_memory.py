"""Out of GPU memory: the failure's dialog offers the same run with the smaller batch its sentence names, and
one click trains it. The trainer's side (the sentence, on the CPU) is tests/cnnlab/test_faults.py; here the
training process's RunEnd carrying that sentence reaches the window as a run's end does."""

from __future__ import annotations

from app_testing import RUN_TIMEOUT_MS, SMALL_RUN, configure, run_to_end
from PySide6.QtWidgets import QMessageBox

from cnnlab.engine import RunEnd
from cnnlab.engine.steps import out_of_memory_sentence


def test_out_of_gpu_memory_offers_half_the_batch_in_one_click(window, qtbot) -> None:
    configure(window, **SMALL_RUN)  # batches of 32
    run_to_end(qtbot, window)
    window.error_dialogs = True  # the app's default: the offer is a button in the failure's dialog
    window.runs._on_run_end(RunEnd.early(out_of_memory_sentence(32)))
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert len(boxes) == 1 and boxes[0].text() == ("The GPU ran out of memory with batches of 32 images; try a batch "
                                                   "size of 16, or train on the CPU.")
    (offer,) = [b for b in boxes[0].buttons() if b.text() == "Train with batches of 16"]
    assert boxes[0].defaultButton() is offer
    with qtbot.waitSignal(window.runStarted, timeout=RUN_TIMEOUT_MS) as started:
        offer.click()
    assert started.args[0].config["batch_size"] == 16
    assert window.setup.hyper.field("batch_size").text() == "16"  # the setup shows what trains
    with qtbot.waitSignal(window.runFinished, timeout=RUN_TIMEOUT_MS) as ended:
        pass
    assert ended.args[0].status == "completed" and ended.args[0].epochs_done == 2


def test_other_failures_offer_nothing(window) -> None:
    window.runs._on_run_end(RunEnd.early("The run failed."))
    assert window.status.last_offer is None
