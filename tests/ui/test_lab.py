"""The Lab tab, offscreen: strokes drawn on the canvas give the prediction a small CNN trained here
on hand-made bars expects; ablation, "Open in Lab" and the arithmetic view agree with references
computed here. Every wait is for a signal, never for time."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import torch
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QScrollArea, QTabWidget
from pytestqt.qtbot import QtBot
from torch import nn
from torch.nn import functional as F

from cnnlab.datasets import ImageSet
from cnnlab.engine import CheckpointMeta
from cnnlab.engine.data import normalize
from cnnlab.inspection import Subject
from cnnlab.inspection.attribution import METHODS
from cnnlab.inspection.preprocess import preprocess
from ui.lab import LabPanel
from ui.lab.canvas import DrawingCanvas
from ui.panels.lab_bridge import open_in_lab

CLASSES = ("horizontal", "vertical", "dot")
WAIT_MS = 60_000  # only stops a hung test


def conv_params(model: nn.Module, name: str) -> tuple[torch.Tensor, torch.Tensor]:
    """The weight (out, in, kh, kw) and bias (out,) of the convolution layer ``name``, themselves, not copies."""
    layer = model.get_submodule(name)
    assert isinstance(layer, nn.Conv2d) and layer.bias is not None
    return layer.weight, layer.bias


def bar_images(n: int, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Hand-made 28×28 images: a horizontal bar, a vertical bar or a small square dot, anywhere."""
    rng = np.random.default_rng(seed)
    x = np.zeros((n, 1, 28, 28), dtype=np.uint8)
    y = np.arange(n) % 3
    for i, c in enumerate(y):
        t = int(rng.integers(2, 4))  # thickness
        long = int(rng.integers(12, 24))
        a, b = int(rng.integers(2, 26 - t)), int(rng.integers(1, 27 - long))
        if c == 0:
            x[i, 0, a:a + t, b:b + long] = 255
        elif c == 1:
            x[i, 0, b:b + long, a:a + t] = 255
        else:
            s = int(rng.integers(3, 6))
            r0, c0 = int(rng.integers(2, 26 - s)), int(rng.integers(2, 26 - s))
            x[i, 0, r0:r0 + s, c0:c0 + s] = 255
    return torch.from_numpy(x), torch.from_numpy(y)


@pytest.fixture(scope="module")
def bars_subject() -> Subject:
    """A tiny CNN trained here (fixed seed, fixed steps) until it tells the three kinds apart."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # a tiny net on a shared machine: a second thread only waits for a core
    try:
        return _train_bars()
    finally:
        torch.set_num_threads(threads)


def _train_bars() -> Subject:
    torch.manual_seed(0)
    net = nn.Sequential(OrderedDict([
        ("conv1", nn.Conv2d(1, 6, 3, padding=1)), ("relu1", nn.ReLU()), ("pool1", nn.MaxPool2d(2)),  # (N, 6, 14, 14)
        ("conv2", nn.Conv2d(6, 8, 3, padding=1)), ("relu2", nn.ReLU()), ("pool2", nn.AdaptiveMaxPool2d(1)),
        ("flatten", nn.Flatten()), ("fc", nn.Linear(8, 3)),
    ]))
    mean, std = (0.05,), (0.2,)
    x, y = bar_images(600, seed=1)
    inputs = normalize(x, mean, std)
    opt = torch.optim.Adam(net.parameters(), lr=0.02)
    for step in range(150):
        idx = torch.arange(step * 32, step * 32 + 32) % len(x)
        opt.zero_grad()
        F.cross_entropy(net(inputs[idx]), y[idx]).backward()
        opt.step()
    net.eval()
    tx, ty = bar_images(150, seed=2)
    with torch.no_grad():
        accuracy = float((net(normalize(tx, mean, std)).argmax(1) == ty).float().mean())
    assert accuracy > 0.9, accuracy  # the model the tests rely on has learned the task
    meta = CheckpointMeta(model="bars-cnn", model_options={}, dataset="bars", classes=CLASSES,
                          input_shape=(1, 28, 28), mean=mean, std=std)
    return Subject(model=net, meta=meta, test=ImageSet(tx, ty))


@pytest.fixture
def lab(qtbot: QtBot, bars_subject: Subject) -> LabPanel:
    panel = LabPanel()
    qtbot.addWidget(panel)
    panel.resize(1100, 760)
    panel.show()
    with qtbot.waitSignal(panel.updated, timeout=WAIT_MS):
        panel.set_subject(bars_subject)
    panel.input.set_mode("raw")  # the bars were made anywhere in the field, not centred
    return panel


def mouse(canvas: DrawingCanvas, kind: QMouseEvent.Type, x: float, y: float, held: bool) -> None:
    buttons = Qt.MouseButton.LeftButton if held else Qt.MouseButton.NoButton
    event = QMouseEvent(kind, QPointF(x, y), canvas.mapToGlobal(QPointF(x, y)), Qt.MouseButton.LeftButton,
                        buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(canvas, event)


def drag(canvas: DrawingCanvas, points: list[tuple[float, float]]) -> None:
    """A pen-down, moves and pen-up, as the mouse would send them."""
    mouse(canvas, QMouseEvent.Type.MouseButtonPress, *points[0], held=True)
    for x, y in points[1:]:
        mouse(canvas, QMouseEvent.Type.MouseMove, x, y, held=True)
    mouse(canvas, QMouseEvent.Type.MouseButtonRelease, *points[-1], held=False)


def predicted(qtbot: QtBot, lab: LabPanel, act: Callable[[], object]) -> str:
    with qtbot.waitSignal(lab.updated, timeout=WAIT_MS) as blocker:
        act()
    return CLASSES[blocker.args[0].result.predicted]


def test_mouse_strokes_on_the_canvas_give_the_expected_prediction(qtbot: QtBot, lab: LabPanel) -> None:
    canvas = lab.input.canvas
    canvas.brush = 24  # about 2.4 input pixels, as the training bars
    assert predicted(qtbot, lab, lambda: drag(canvas, [(40 + 10 * i, 90) for i in range(19)])) == "horizontal"
    assert "horizontal" in lab.prediction.text()
    assert predicted(qtbot, lab, canvas.clear) in CLASSES and canvas.is_blank()
    assert predicted(qtbot, lab, lambda: drag(canvas, [(200, 30 + 10 * i) for i in range(20)])) == "vertical"
    assert predicted(qtbot, lab, canvas.undo) in CLASSES and canvas.is_blank()  # the stroke undone
    assert predicted(qtbot, lab, lambda: canvas.stroke([(150, 150), (170, 150), (170, 170), (150, 170)])) == "dot"


def test_the_live_state_matches_a_forward_pass_of_the_canvas(qtbot: QtBot, lab: LabPanel,
                                                           bars_subject: Subject) -> None:
    canvas = lab.input.canvas
    with qtbot.waitSignal(lab.updated, timeout=WAIT_MS) as blocker:
        canvas.stroke([(60, 60), (60, 220)])
    state = blocker.args[0]
    raw = preprocess(canvas.array(), (28, 28), "raw").tensor  # computed here from the canvas's pixels
    with torch.no_grad():
        probs = torch.softmax(bars_subject.model(normalize(raw[None], (0.05,), (0.2,))), 1)[0].numpy()
    np.testing.assert_allclose(state.result.probabilities, probs, atol=1e-5)
    assert [r.name for r in state.result.rows] == ["conv1", "relu1", "pool1", "conv2", "relu2", "pool2"]
    names = list(METHODS)
    for i in [*range(1, len(names)), 0]:  # every method can be chosen and gives a map the input's size
        name = names[i]
        with qtbot.waitSignal(lab.updated, timeout=WAIT_MS) as blocker:
            lab.live.method.setCurrentIndex(i)
        a = blocker.args[0].result.attribution
        assert a is not None and a.method == name and a.map.shape == (28, 28)


def test_switching_a_kernel_off_changes_only_a_copy(qtbot: QtBot, lab: LabPanel, bars_subject: Subject) -> None:
    lab.views.setCurrentIndex(3)
    before = conv_params(bars_subject.model, "conv2")[0].detach().clone()
    with qtbot.waitSignal(lab.updated, timeout=WAIT_MS) as blocker:
        lab.ablation.layer.setCurrentText("conv2")
        lab.ablation.toggle(5)
    state = blocker.args[0]
    used = state.used.model
    assert state.off == {"conv2": {5}}
    assert used.conv2.weight[5].abs().sum() == 0 and used.conv2.bias[5] == 0
    assert torch.equal(conv_params(bars_subject.model, "conv2")[0], before)  # the trained model is untouched
    by_hand = torch.nn.Sequential(*[m for m in bars_subject.model.children()])
    import copy
    by_hand = copy.deepcopy(by_hand)
    weight, bias = conv_params(by_hand, "3")
    with torch.no_grad():
        weight[5] = 0
        bias[5] = 0
        pred = by_hand(normalize(bars_subject.test.x, (0.05,), (0.2,))).argmax(1)
    acc = float((pred == bars_subject.test.y).float().mean())
    assert f"{acc:.1%}" in lab.ablation.summary.text()
    with qtbot.waitSignal(lab.updated, timeout=WAIT_MS) as blocker:
        lab.ablation.toggle(5)  # back on
    assert blocker.args[0].used is bars_subject


def test_open_in_lab_puts_a_test_image_on_the_canvas_and_brings_the_tab_forward(
        qtbot: QtBot, bars_subject: Subject) -> None:
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    other, panel = QTabWidget(), LabPanel()
    tabs.addTab(other, "other")
    tabs.addTab(panel, "Lab")
    tabs.resize(1100, 760)
    tabs.show()
    panel.set_subject(bars_subject)
    with qtbot.waitSignal(panel.updated, timeout=WAIT_MS):
        open_in_lab(bars_subject.test.x[1], "test image #1")
    assert tabs.currentWidget() is panel
    shown = preprocess(panel.input.canvas.array(), (28, 28), "raw").image.astype(float)
    assert np.abs(shown - bars_subject.test.x[1, 0].numpy()).mean() < 12  # the same picture, resampled twice


def test_clicking_a_feature_map_pixel_shows_the_conv2d_arithmetic(qtbot: QtBot, lab: LabPanel,
                                                                bars_subject: Subject) -> None:
    lab.input.canvas.stroke([(40, 100), (240, 100)])
    lab.views.setCurrentIndex(4)
    with qtbot.waitSignal(lab.updated, timeout=WAIT_MS) as blocker:
        lab.schedule()
    lab.arithmetic.kernel.setValue(3)
    view = lab.arithmetic.map
    scale = view.scale
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=QPoint(9 * scale + 1, 12 * scale + 1))
    a = lab.arithmetic.result
    assert a is not None and (a.kernel, a.row, a.col) == (2, 12, 9)
    x = blocker.args[0].x
    with torch.no_grad():
        ref = F.conv2d(x[None], *conv_params(bars_subject.model, "conv1"), padding=1)[0]
    assert a.output == pytest.approx(float(ref[2, 12, 9]), abs=1e-4)
    assert f"{a.output:.4g}" in lab.arithmetic.formula.text()


def test_paste_a_sample_file_and_a_bad_file(qtbot: QtBot, lab: LabPanel, tmp_path: Path) -> None:
    from PIL import Image as PILImage
    from PySide6.QtGui import QGuiApplication

    from ui.imaging import to_qimage

    bar = np.zeros((28, 28), dtype=np.uint8)
    bar[5:25, 12:15] = 255  # a vertical bar, 3 pixels wide
    QGuiApplication.clipboard().setImage(to_qimage(bar))
    assert predicted(qtbot, lab, lab.input.paste) == "vertical"
    path = tmp_path / "bar.png"
    PILImage.fromarray(bar.T.copy()).save(path)  # the same bar lying down
    assert predicted(qtbot, lab, lambda: lab.input.open_file(path)) == "horizontal"
    bad = tmp_path / "bad.png"
    bad.write_text("no picture here")
    before = lab.input.canvas.array()
    assert not lab.input.open_file(bad)
    assert "is not an image file that can be read" in lab.input.status.text()
    np.testing.assert_array_equal(lab.input.canvas.array(), before)  # the drawing is kept


def test_open_in_lab_button_of_the_image_detail(qtbot: QtBot, lab: LabPanel, bars_subject: Subject) -> None:
    from ui.panels.detail import ImageDetail

    detail = ImageDetail()
    qtbot.addWidget(detail)
    detail.show_image(bars_subject, 4)
    assert detail.lab_button.isVisibleTo(detail)
    with qtbot.waitSignal(lab.updated, timeout=WAIT_MS) as blocker:
        qtbot.mouseClick(detail.lab_button, Qt.MouseButton.LeftButton)
    with torch.no_grad():
        want = int(bars_subject.model(normalize(bars_subject.test.x[4:5], (0.05,), (0.2,))).argmax())
    assert blocker.args[0].result.predicted == want  # the test image, back through the canvas, reads the same


def test_the_other_views_agree_with_the_live_view(qtbot: QtBot, lab: LabPanel) -> None:
    with qtbot.waitSignal(lab.updated, timeout=WAIT_MS) as blocker:
        lab.input.canvas.stroke([(40, 140), (240, 140)])
    live = blocker.args[0]
    lab.views.setCurrentIndex(1)  # every method: its Grad-CAM is the live view's (the same default layer)
    gradcam = lab.methods.maps["gradcam"]
    assert isinstance(gradcam, np.ndarray)
    np.testing.assert_allclose(gradcam, live.result.attribution.map, atol=1e-6)
    assert set(lab.methods.maps) == set(METHODS)
    lab.views.setCurrentIndex(2)  # invariance: at shift 0 the probabilities are the live ones
    curve = lab.invariance.curve
    assert curve is not None and curve.probabilities.shape == (17, 3)
    np.testing.assert_allclose(curve.probabilities[list(curve.amounts).index(0.0)], live.result.probabilities,
                               atol=1e-5)
    lab.views.setCurrentIndex(5)  # top 9: a click opens that test image in the Lab
    top = lab.top.top
    assert top is not None and len(top.indices) == 9 and np.all(np.diff(top.values) <= 0)
    with qtbot.waitSignal(lab.updated, timeout=WAIT_MS):
        lab.top._on_click(0)
    assert f"#{int(top.indices[0])}" in lab.input.status.text()


@pytest.mark.parametrize("beside", [True, False])
def test_the_arithmetic_tables_sit_side_by_side_only_when_both_fit(qtbot: QtBot, lab: LabPanel, beside: bool) -> None:
    """At 1280×800 the Lab leaves about 470 pixels: when the window and kernel tables do not both fit, they go
    one below the other, so neither they nor the sentences above them are cut off at the right edge."""
    lab.input.canvas.stroke([(40, 100), (240, 100)])
    lab.views.setCurrentIndex(4)
    with qtbot.waitSignal(lab.updated, timeout=WAIT_MS):
        lab.schedule()
    view = lab.arithmetic
    viewport = view.parentWidget()
    area = viewport.parentWidget() if viewport is not None else None
    assert isinstance(area, QScrollArea)
    margins = view.column.contentsMargins()
    need = (view.tables[0].sizeHint().width() + view.tables[1].sizeHint().width() + view.table_grid.spacing()
            + margins.left() + margins.right())  # the width of the two tables side by side, counted here
    room = need + 30 if beside else need - 30
    lab.resize(lab.width() - area.viewport().width() + room, 760)
    qtbot.waitUntil(lambda: area.viewport().width() == room)
    qtbot.waitUntil(lambda: (view.tables[1].x() > view.tables[0].x()) == beside)
    assert (view.tables[1].y() > view.tables[0].y()) != beside


def test_a_28_pixel_image_opened_in_the_canvas_comes_back_pixel_for_pixel(qtbot: QtBot) -> None:
    """A test image shown on the 280-pixel canvas and resized back to 28×28 is the image itself: hard edges of a
    generated shape stay hard (a smooth enlargement blurred them and the model then misread diamonds)."""
    canvas = DrawingCanvas()
    qtbot.addWidget(canvas)
    image = np.random.default_rng(3).integers(0, 256, (28, 28), dtype=np.uint8)
    canvas.set_array(image)
    back = preprocess(canvas.array(), (28, 28), "raw").image
    np.testing.assert_array_equal(back, image)
