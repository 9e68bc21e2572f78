"""The Lab's analysis off the GUI thread: the newest input wins, stale results are dropped, slow maps come
coarse first and are refined when the pen rests, and a request never waits for the worker. The worker is
held at a gate (an event the test opens), so the order of events is the test's, never the clock's."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import numpy as np
import pytest
import torch
from pytestqt.qtbot import QtBot
from torch import nn

from cnnlab.engine import CheckpointMeta
from ui.lab.worker import COARSE_PATCH, COARSE_STRIDE, LabComputer, LabOutcome

WAIT_MS = 60_000  # only stops a hung test


class GatedNet(nn.Module):
    """A small CNN whose forward pass waits while ``gate`` is closed (the worker's copy shares the event)."""

    def __init__(self, gate: threading.Event) -> None:
        super().__init__()
        self.gate = gate
        self.conv = nn.Conv2d(1, 4, 3, padding=1)
        self.head = nn.Linear(4 * 28 * 28, 3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        assert self.gate.wait(WAIT_MS / 1000), "the test never opened the gate"
        return self.head(torch.relu(self.conv(x)).flatten(1))

    def __deepcopy__(self, memo: dict) -> GatedNet:  # the worker's copy waits at the same gate
        twin = GatedNet(self.gate)
        twin.load_state_dict(self.state_dict())
        return twin


META = CheckpointMeta(model="gated", model_options={}, dataset="bars", classes=("a", "b", "c"),
                      input_shape=(1, 28, 28), mean=(0.0,), std=(1.0,))


@pytest.fixture
def gate() -> Iterator[threading.Event]:
    event = threading.Event()
    yield event
    event.set()  # never leave the worker waiting


@pytest.fixture
def computer(qtbot: QtBot) -> Iterator[LabComputer]:
    c = LabComputer()
    yield c
    c.close()
    qtbot.waitUntil(lambda: not c._busy, timeout=WAIT_MS)  # the last job left the worker
    c.deleteLater()


def drawing(value: int) -> np.ndarray:
    a = np.zeros((280, 280), np.uint8)
    a[100:180, 40 + value:60 + value] = 255
    return a


def test_while_the_worker_is_busy_the_newest_input_replaces_the_waiting_one(
        qtbot: QtBot, computer: LabComputer, gate: threading.Event) -> None:
    model = GatedNet(gate)
    shown: list[LabOutcome] = []
    computer.ready.connect(shown.append)
    first = computer.request(model, META, drawing(0), "raw", "gradcam", None)  # the worker takes it and waits
    second = computer.request(model, META, drawing(10), "raw", "gradcam", None)  # waits for the worker
    third = computer.request(model, META, drawing(20), "raw", "gradcam", None)  # replaces the second
    assert (first, second, third) == (1, 2, 3) and computer.busy  # each request returned at once
    with qtbot.waitSignals([computer.ready, computer.ready], timeout=WAIT_MS):
        gate.set()
    assert [o.job.serial for o in shown] == [first, third]  # the replaced input was never computed
    assert all(o.result is not None and o.result.attribution is not None for o in shown)


def test_a_result_for_other_settings_is_stale_and_dropped(
        qtbot: QtBot, computer: LabComputer, gate: threading.Event) -> None:
    model = GatedNet(gate)
    shown: list[LabOutcome] = []
    computer.ready.connect(shown.append)
    computer.request(model, META, drawing(0), "raw", "gradcam", None)
    newest = computer.request(model, META, drawing(0), "raw", "saliency", None)  # another method chosen
    with qtbot.waitSignal(computer.ready, timeout=WAIT_MS):
        gate.set()
    qtbot.waitUntil(lambda: not computer.busy, timeout=WAIT_MS)
    assert [o.job.serial for o in shown] == [newest]
    assert shown[0].result is not None and shown[0].result.attribution is not None
    assert shown[0].result.attribution.method == "saliency"


def test_occlusion_comes_coarse_first_and_is_refined_when_the_pen_rests(
        qtbot: QtBot, computer: LabComputer, gate: threading.Event) -> None:
    gate.set()
    model = GatedNet(gate)
    shown: list[LabOutcome] = []
    computer.ready.connect(shown.append)
    serial = computer.request(model, META, drawing(0), "raw", "occlusion", None, patch=5, stride=3)
    with qtbot.waitSignals([computer.ready, computer.ready], timeout=WAIT_MS):
        pass
    coarse, fine = shown
    assert coarse.job.serial == fine.job.serial == serial
    assert coarse.job.coarse and (coarse.job.patch, coarse.job.stride) == (5 * COARSE_PATCH, 3 * COARSE_STRIDE)
    assert not fine.job.coarse and (fine.job.patch, fine.job.stride) == (5, 3)
    assert coarse.result is not None and fine.result is not None
    assert coarse.result.attribution is not None and fine.result.attribution is not None
    assert coarse.result.attribution.map.shape == fine.result.attribution.map.shape == (28, 28)
    np.testing.assert_allclose(coarse.result.probabilities, fine.result.probabilities, atol=1e-6)


def test_a_new_stroke_before_the_rest_skips_the_refinement(
        qtbot: QtBot, computer: LabComputer, gate: threading.Event) -> None:
    model = GatedNet(gate)
    shown: list[LabOutcome] = []
    computer.ready.connect(shown.append)
    computer.request(model, META, drawing(0), "raw", "ig", None)
    last = computer.request(model, META, drawing(30), "raw", "ig", None)  # the pen moved on
    gate.set()
    qtbot.waitUntil(lambda: len(shown) >= 3 and not computer.busy, timeout=WAIT_MS)
    assert [(o.job.serial, o.job.coarse) for o in shown] == [(1, True), (last, True), (last, False)]


def test_the_worker_runs_its_own_copy_of_the_model(computer: LabComputer, gate: threading.Event) -> None:
    model = GatedNet(gate)
    copy = computer.worker_model(model)
    assert copy is not model and copy is computer.worker_model(model)  # one copy per model
    other = GatedNet(gate)  # e.g. an ablated copy: the worker takes a copy of it instead
    assert computer.worker_model(other) is not copy and computer._model is not None
    assert computer._model[0] is other  # held: its id cannot pass to a newer model while its copy is cached
    assert all(torch.equal(a, b) for a, b in zip(copy.state_dict().values(), model.state_dict().values(),
                                                  strict=True))


def test_two_lab_panels_share_the_worker_and_each_hears_only_its_own_answers(
        qtbot: QtBot, computer: LabComputer, gate: threading.Event) -> None:
    gate.set()
    other = LabComputer()
    try:
        mine: list[LabOutcome] = []
        theirs: list[LabOutcome] = []
        computer.ready.connect(mine.append)
        other.ready.connect(theirs.append)
        with qtbot.waitSignals([computer.ready, other.ready], timeout=WAIT_MS):
            computer.request(GatedNet(gate), META, drawing(0), "raw", "saliency", None)
            other.request(GatedNet(gate), META, drawing(5), "raw", "gradcam", None)
        assert len(mine) == len(theirs) == 1 and mine[0].job.client != theirs[0].job.client
        assert mine[0].result is not None and mine[0].result.attribution is not None
        assert theirs[0].result is not None and theirs[0].result.attribution is not None
        assert (mine[0].result.attribution.method, theirs[0].result.attribution.method) == ("saliency", "gradcam")
    finally:
        other.close()
        qtbot.waitUntil(lambda: not other._busy, timeout=WAIT_MS)
        other.deleteLater()
