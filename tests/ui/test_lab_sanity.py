"""The Lab's Sanity view, offscreen: the check runs on the Lab's worker thread and shows the paper's strip for
every method (the input, the real map, one map per randomised layer, ρ under each, equal to the core's check of
the same input); a method whose map survives randomisation is labelled there and in the Methods view, in the
window's words; the strip exports as a PNG, and a wrong suffix is one sentence. Every wait is for a signal."""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image
from pytestqt.qtbot import QtBot
from torch import nn

from cnnlab.datasets import ImageSet
from cnnlab.engine import CheckpointMeta
from cnnlab.inspection import Subject
from cnnlab.inspection.sanity import sanity_check
from ui.lab import LabPanel
from ui.lab.sanity_view import survivor_label

WAIT_MS = 60_000  # only stops a hung test
CLASSES = ("horizontal", "vertical", "dot")


@pytest.fixture
def lab(qtbot: QtBot) -> LabPanel:
    """An untrained two-conv net whose input is the drawing scaled to 0..1 (mean 0, std 1): the black background
    is then integrated gradients' blank image, where its map is zero for any weights, so that map survives."""
    torch.manual_seed(0)
    net = nn.Sequential(OrderedDict([
        ("conv1", nn.Conv2d(1, 6, 3, padding=1)), ("relu1", nn.ReLU()), ("pool1", nn.MaxPool2d(2)),  # (N, 6, 14, 14)
        ("conv2", nn.Conv2d(6, 8, 3, padding=1)), ("relu2", nn.ReLU()), ("pool2", nn.AdaptiveMaxPool2d(1)),
        ("flatten", nn.Flatten()), ("fc", nn.Linear(8, 3)),
    ])).eval()
    meta = CheckpointMeta(model="bars-cnn", model_options={}, dataset="bars", classes=CLASSES,
                          input_shape=(1, 28, 28), mean=(0.0,), std=(1.0,))
    subject = Subject(model=net, meta=meta, test=ImageSet(torch.zeros(3, 1, 28, 28, dtype=torch.uint8),
                                                          torch.arange(3)))
    panel = LabPanel()
    qtbot.addWidget(panel)
    panel.resize(1280, 760)
    panel.show()
    with qtbot.waitSignal(panel.updated, timeout=WAIT_MS):
        panel.set_subject(subject)
    panel.input.set_mode("raw")
    bar = np.zeros((28, 28), dtype=np.uint8)
    bar[12:15, 5:23] = 255  # a horizontal bar
    panel.input.show_array(bar)
    panel.compute()
    panel.views.setCurrentIndex(6)
    return panel


def test_the_strip_shows_and_survivors_are_labelled(qtbot: QtBot, lab: LabPanel, tmp_path: Path) -> None:
    view = lab.sanity
    assert lab.views.tabText(6) == "Sanity" and lab.state is not None
    with qtbot.waitSignal(view.checked, timeout=WAIT_MS) as shown:
        view.run()
    report = shown.args[0]
    assert not view.busy and shown.args[1] is lab.state.used.model
    want = sanity_check(lab.state.used.model, lab.state.x)  # the same input on this thread
    assert report.steps == want.steps == [("fc",), ("conv2",), ("conv1",)]
    for name, (_title, strip, verdict) in view.rows.items():
        got = report.methods[name]
        assert got.rank_correlation == pytest.approx(want.methods[name].rank_correlation, abs=1e-6)
        picture = strip.shown_picture
        assert picture is not None and picture.grid is not None
        captions = [label.text for label in picture.labels]
        assert captions[:2] == ["input", "real"] and len(captions) == 2 + 3  # the input, the real map, three steps
        assert captions[2:] == [f"{s}\nρ = {c:.2f}" for s, c in zip(["fc", "conv2", "conv1"], got.rank_correlation,
                                                                        strict=True)]
        assert (survivor_label() in verdict.text()) == got.survives, (name, verdict.text())
    assert report.methods["ig"].survives  # zero on the blank background whatever the weights
    assert not report.methods["gradcam"].survives
    assert survivor_label() == ("This shows the image's edges, not what the network learned: the map stays alike "
                                "when the weights are random.")
    lab.views.setCurrentIndex(1)  # Methods: the same methods are labelled there
    lab.compute()
    notes = {name: note.text() for name, (_picture, note) in lab.methods.cells.items()}
    for name, m in report.methods.items():
        assert (survivor_label() in notes[name]) == m.survives, name

    png = tmp_path / "strip.png"
    assert view.export_to(png) and view.status.text() == f"Strip saved in {png}."
    with Image.open(png) as image:
        assert image.format == "PNG" and image.size[0] > 400
    assert not view.export_to(tmp_path / "strip.jpg")
    assert view.status.text() == "The sanity strip is written as .png, .pdf or .svg, not .jpg (strip.jpg)."


def test_a_new_input_marks_the_strip_as_old(qtbot: QtBot, lab: LabPanel) -> None:
    view = lab.sanity
    with qtbot.waitSignal(view.checked, timeout=WAIT_MS):
        view.run()
    assert "changed" not in view.status.text()
    dot = np.zeros((28, 28), dtype=np.uint8)
    dot[10:14, 10:14] = 255
    lab.input.show_array(dot)
    lab.compute()
    assert view.status.text().startswith("The input, the model or the class has changed since this check")
