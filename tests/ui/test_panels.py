"""Inspection panels, offscreen: each shows something for a trained tiny model and agrees with
computations made here independently; clicks lead to the right images."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import numpy as np
import pytest
import torch
from PIL import Image
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QScrollArea
from pytestqt.qtbot import QtBot
from torch import nn

from cnnlab.datasets import ImageSet, load_dataset
from cnnlab.engine import CheckpointMeta, TrainConfig, Trainer
from cnnlab.inspection import Subject, cell_indices, predictions
from cnnlab.models import build_model
from ui.panel_tabs import PANELS
from ui.panels import (
    ConfusionPanel,
    FeatureMapsPanel,
    GradCamPanel,
    KernelRolesPanel,
    KernelsPanel,
    MisclassifiedPanel,
)
from ui.panels.base import NO_SUBJECT, InspectionPanel
from ui.panels.feature_maps import PER_CLASS, default_class_layers
from ui.panels.misclassified import PAGE
from ui.panels.pictures import Picture
from ui.panels.widgets import PictureView

P = TypeVar("P", bound=InspectionPanel)  # the panel class a helper makes and returns


@pytest.fixture(scope="module")
def shapes_subject() -> Subject:
    """shape-cnn after one short epoch: right most of the time, wrong on a few dozen test images."""
    splits = load_dataset("shapes")
    end = Trainer(TrainConfig(dataset="shapes", epochs=1, train_limit=500), splits=splits).fit()
    return Subject.from_weights(CheckpointMeta.for_dataset("shape-cnn", splits.info), end.weights, splits.test,
                                epoch=1)


def fresh(subject: Subject) -> Subject:
    """The same snapshot without cached results, as the window passes after each epoch."""
    return Subject(model=subject.model, meta=subject.meta, test=subject.test, epoch=subject.epoch)


def untrained(model: str, channels: int, classes: int, n: int = 300, seed: int = 0) -> Subject:
    """An untrained ``model`` on random images: most predictions are wrong."""
    torch.manual_seed(seed)
    names = tuple(f"class {i}" for i in range(classes))
    meta = CheckpointMeta(model=model, model_options={}, dataset="random", classes=names,
                          input_shape=(channels, 28, 28), mean=(0.5,) * channels, std=(0.25,) * channels)
    net = build_model(model, in_channels=channels, image_size=28, num_classes=classes).eval()
    g = torch.Generator().manual_seed(seed)
    x = torch.randint(0, 256, (n, channels, 28, 28), dtype=torch.uint8, generator=g)
    y = torch.arange(n) % classes
    return Subject(model=net, meta=meta, test=ImageSet(x, y))


def shown(qtbot: QtBot, cls: type[P]) -> P:
    panel = cls()
    qtbot.addWidget(panel)
    panel.resize(1200, 800)
    panel.show()
    return panel


def reference_predictions(subject: Subject) -> tuple[np.ndarray, np.ndarray]:
    """Predicted and true classes computed here, one plain forward pass."""
    with torch.no_grad():
        pred = subject.model(subject.inputs()).argmax(1).numpy()
    return pred, subject.test.y.numpy()


def picture_of(view: PictureView) -> Picture:
    """The picture ``view`` shows now (every view read here has drawn one)."""
    assert view.shown_picture is not None
    return view.shown_picture


def click(qtbot: QtBot, view: PictureView, cell: int) -> None:
    assert view.shown_picture is not None and view.shown_picture.grid is not None
    y, x = view.shown_picture.grid.origin(cell)
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=QPoint(x + 5, y + 5))


def test_panels_are_registered_in_the_lecture_order() -> None:
    assert [title for title, _ in PANELS] == ["Kernels", "Feature maps", "Kernel roles", "Misclassified",
                                               "Confusion", "Grad-CAM", "Lab"]


@pytest.mark.parametrize("title,factory", PANELS)
def test_every_panel_draws_a_trained_model_and_copes_with_none(
        qtbot: QtBot, shapes_subject: Subject, title: str, factory: Callable[[], InspectionPanel]) -> None:
    panel = factory()
    qtbot.addWidget(panel)
    panel.resize(1200, 800)
    panel.show()
    assert panel.showing_message() and panel.message.text() == NO_SUBJECT
    panel.set_subject(fresh(shapes_subject))
    assert not panel.showing_message() and panel.draws == 1
    image = panel.grab().toImage()
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(colours) > 10, f"{title} drew (almost) nothing: {len(colours)} colours"  # pictures, not a blank page
    panel.set_subject(None)
    assert panel.showing_message()


def test_panels_draw_only_when_visible(qtbot: QtBot, shapes_subject: Subject) -> None:
    panel = KernelsPanel()
    qtbot.addWidget(panel)
    panel.set_subject(fresh(shapes_subject))
    panel.set_subject(fresh(shapes_subject))  # two epochs while the tab is hidden
    assert panel.draws == 0
    panel.show()
    assert panel.draws == 1  # drawn once, on show
    panel.hide()
    panel.show()
    assert panel.draws == 1  # nothing changed: not drawn again
    panel.set_subject(fresh(shapes_subject))
    assert panel.draws == 2


def test_kernels_panel_shows_each_conv_layer_and_the_colour_mixing_table(qtbot: QtBot, shapes_subject: Subject) -> None:
    panel = shown(qtbot, KernelsPanel)
    panel.set_subject(shapes_subject)
    assert len(panel.views) == 2 and all(not v.pixmap().isNull() for v in panel.views)
    color = untrained("color-cnn", 3, 6)
    panel.set_subject(color)
    mixing = panel.views[0].shown_picture
    assert mixing is not None
    texts = [lab.text for lab in mixing.labels]
    assert {"R", "G", "B"} <= set(texts)  # 1×1 kernels: a table over the input colours
    conv1 = color.model.conv1
    assert isinstance(conv1, nn.Conv2d)
    w = conv1.weight.detach()[:, :, 0, 0]
    assert f"{float(w[1, 2]):+.2f}" in texts


def test_dense_models_get_a_sentence_instead_of_kernels(qtbot: QtBot) -> None:
    dnn = untrained("dnn", 1, 5)
    cls: type[InspectionPanel]
    for cls in (KernelsPanel, FeatureMapsPanel, KernelRolesPanel, GradCamPanel):
        panel = shown(qtbot, cls)
        panel.set_subject(dnn)
        assert panel.showing_message() and "no convolution layers" in panel.message.text()
    for cls in (MisclassifiedPanel, ConfusionPanel):  # these work for any classifier
        panel = shown(qtbot, cls)
        panel.set_subject(dnn)
        assert not panel.showing_message()


def test_feature_maps_rows_probabilities_and_image_files(qtbot: QtBot, shapes_subject: Subject, tmp_path: Path) -> None:
    panel = shown(qtbot, FeatureMapsPanel)
    panel.set_subject(shapes_subject)
    titles = [lab.text for lab in picture_of(panel.view).labels if lab.bold]
    assert titles == ["input", "conv1", "relu1", "pool1", "conv2", "relu2", "pool2"]
    with torch.no_grad():
        ref = torch.softmax(shapes_subject.model(shapes_subject.inputs(slice(0, 1))), 1)[0].numpy()
    np.testing.assert_allclose(panel.chart.values, ref, rtol=1e-5, atol=1e-6)

    bad = tmp_path / "broken.png"
    bad.write_bytes(b"\x89PNG not really")
    assert not panel.chooser.open_file(bad)
    assert "broken.png is not an image file" in panel.chooser.status.text()
    good = tmp_path / "square.png"
    Image.fromarray(np.pad(np.full((10, 10), 255, np.uint8), 9)).save(good)
    assert panel.chooser.open_file(good)
    assert "square.png" in panel.input_title.text()
    panel.set_subject(untrained("color-cnn", 3, 6))  # another run: the file is read again for 3 channels
    chosen = panel.chooser.image()
    assert chosen is not None and chosen[0].shape == (3, 28, 28) and "square.png" in panel.input_title.text()
    panel.set_subject(shapes_subject)

    panel.mode_box.setCurrentText(PER_CLASS)
    rows = [lab.text for lab in picture_of(panel.view).labels if lab.align == "right"]
    assert rows == list(shapes_subject.classes)  # one sample of each shape


def test_colour_cnn_per_class_view_offers_the_rgb_picture(qtbot: QtBot) -> None:
    color = untrained("color-cnn", 3, 6)
    assert default_class_layers(color.model) == ["conv1", "conv2", "relu2"]  # the lecture's colour figure
    panel = shown(qtbot, FeatureMapsPanel)
    panel.set_subject(color)
    panel.mode_box.setCurrentText(PER_CLASS)
    headers = [lab.text for lab in picture_of(panel.view).labels if lab.align == "center"]
    assert "conv2 RGB" in headers and "relu2 RGB" in headers and "conv1 2" in headers
    panel.rgb_box.setCurrentText("RGB picture only")
    headers = [lab.text for lab in picture_of(panel.view).labels if lab.align == "center"]
    assert "conv2 RGB" in headers and "conv2 1" not in headers


def test_kernel_roles_table_matches_an_independent_computation(qtbot: QtBot, shapes_subject: Subject) -> None:
    panel = shown(qtbot, KernelRolesPanel)
    panel.set_subject(shapes_subject)
    s = shapes_subject
    # by hand: the first 200 test images of each class, normalised, through conv1's own weights with
    # F.conv2d, ReLU, the mean of each map, then the mean per class; "fires": above the kernel's mean
    y = s.test.y.numpy()
    idx = np.sort(np.concatenate([np.flatnonzero(y == c)[:200] for c in range(len(s.classes))]))
    mean, std = torch.tensor(s.meta.mean).view(1, -1, 1, 1), torch.tensor(s.meta.std).view(1, -1, 1, 1)
    x = (s.test.x[idx].float() / 255 - mean) / std  # (N, 1, 28, 28)
    conv = s.model.conv1
    assert isinstance(conv, nn.Conv2d) and not isinstance(conv.padding, str)
    with torch.no_grad():
        maps = torch.relu(torch.nn.functional.conv2d(x, conv.weight, conv.bias, conv.stride, conv.padding))
    per_image = maps.mean(dim=(2, 3)).double().numpy()  # (N, 8)
    expected = np.stack([per_image[y[idx] == c].mean(0) for c in range(len(s.classes))], axis=1)  # (8, 5)
    assert panel.roles is not None and panel.roles.mean.shape == (8, 5)
    np.testing.assert_allclose(panel.roles.mean, expected, rtol=1e-5)
    assert (panel.roles.fires == (expected > expected.mean(1, keepdims=True))).all()
    texts = [lab.text for lab in picture_of(panel.view).labels]
    assert sum(t.startswith(("1\n", "0\n")) for t in texts) == 8 * 5  # a 1/0 verdict per kernel and shape


def test_misclassified_grid_click_and_filters(qtbot: QtBot, shapes_subject: Subject) -> None:
    panel = shown(qtbot, MisclassifiedPanel)
    panel.set_subject(fresh(shapes_subject))
    pred, true = reference_predictions(shapes_subject)
    wrong = np.flatnonzero(pred != true)
    assert 0 < len(wrong) < PAGE
    assert sorted(panel.indices.tolist()) == wrong.tolist()
    grid = picture_of(panel.grid).grid
    assert grid is not None and grid.count == len(wrong)
    first = int(panel.indices[0])
    caption = picture_of(panel.grid).labels[0].text
    assert caption.startswith(f"{shapes_subject.classes[pred[first]]}({shapes_subject.classes[true[first]]})")

    click(qtbot, panel.grid, 0)
    assert panel.detail.index == first
    assert f"Test image #{first}" in panel.detail.title.text()
    assert panel.detail.chart.values.argmax() == pred[first]
    panel.set_subject(fresh(shapes_subject))  # the next epoch: the image looked at stays
    assert panel.detail.index == first

    cls = int(true[wrong[0]])
    panel.true_box.setCurrentIndex(cls + 1)
    assert len(panel.indices) and all(true[i] == cls for i in panel.indices)
    panel.sort_box.setCurrentText("least confident first")
    assert panel.subject is not None
    conf = predictions(panel.subject).confidence[panel.indices]
    assert (np.diff(conf) >= 0).all()


def test_misclassified_pages_through_many_mistakes(qtbot: QtBot) -> None:
    subject = untrained("shape-cnn", 1, 12, n=600)  # twelve classes, mostly wrong
    panel = shown(qtbot, MisclassifiedPanel)
    panel.set_subject(subject)
    pred, true = reference_predictions(subject)
    n_wrong = int((pred != true).sum())
    assert n_wrong > PAGE and len(panel.indices) == n_wrong
    assert len(panel.page_indices()) == PAGE and not panel.prev_button.isEnabled()
    panel.next_button.click()
    assert panel.page == 1 and (panel.page_indices() == panel.indices[PAGE:2 * PAGE]).all()
    assert panel.page_label.text().startswith(f"{PAGE + 1}–")


def test_confusion_matrix_and_a_clicked_cell_filter_the_images(qtbot: QtBot, shapes_subject: Subject) -> None:
    panel = shown(qtbot, ConfusionPanel)
    panel.set_subject(fresh(shapes_subject))
    pred, true = reference_predictions(shapes_subject)
    k = len(shapes_subject.classes)
    hand = np.zeros((k, k), dtype=int)
    for t, p in zip(true, pred, strict=False):
        hand[t, p] += 1
    assert panel.cm is not None and (panel.cm.matrix == hand).all()
    off = hand.copy()
    np.fill_diagonal(off, 0)
    r, c = np.unravel_index(off.argmax(), off.shape)
    click(qtbot, panel.matrix_view, int(r) * (k + 1) + int(c))  # the matrix has an accuracy column
    assert panel.cell == (r, c) and panel.subject is not None
    assert panel.cell_images.tolist() == cell_indices(predictions(panel.subject), int(r), int(c)).tolist()
    assert all(true[i] == r and pred[i] == c for i in panel.cell_images) and len(panel.cell_images) == off[r, c]
    click(qtbot, panel.images, 0)
    assert panel.detail.index == int(panel.cell_images[0])
    click(qtbot, panel.matrix_view, int(r) * (k + 1) + k)  # the accuracy column: every mistake of class r
    assert sorted(panel.cell_images.tolist()) == np.flatnonzero((true == r) & (pred != r)).tolist()


def test_the_whole_confusion_matrix_shows_in_a_narrower_tab(qtbot: QtBot, shapes_subject: Subject) -> None:
    panel = shown(qtbot, ConfusionPanel)
    panel.set_subject(fresh(shapes_subject))
    panel.resize(830, 700)  # the tab's width in a 1280-pixel window beside the setup column
    matrix_area = panel.split.widget(0)
    assert isinstance(matrix_area, QScrollArea)
    qtbot.waitUntil(lambda: panel.split.width() < 830
                    and matrix_area.viewport().width() >= panel.matrix_view.sizeHint().width())  # no column cut off
    assert not matrix_area.horizontalScrollBar().isVisible()


def reference_cam(model: nn.Module, x: torch.Tensor, layer: str, target: int) -> np.ndarray:
    """Grad-CAM written out from the paper with plain autograd (retain_grad on the layer's output),
    independent of cnnlab.inspection: ReLU(Σ_k mean(∂y_c/∂A_k) A_k), bilinear to the input, max 1."""
    kept: list[torch.Tensor] = []

    def hook(_m: nn.Module, _inp: object, out: torch.Tensor) -> torch.Tensor:
        a = out.clone()  # a copy the later in-place ReLU cannot change
        a.retain_grad()
        kept.append(a)
        return a.clone()

    handle = dict(model.named_modules())[layer].register_forward_hook(hook)
    was_training = model.training
    model.eval()
    try:
        model(x.unsqueeze(0))[0, target].backward()
    finally:
        handle.remove()
        model.train(was_training)
        model.zero_grad(set_to_none=True)
    grad = kept[0].grad
    assert grad is not None
    a, g = kept[0][0].detach(), grad[0]  # (K, h, w) each
    cam = torch.relu((g.mean(dim=(1, 2))[:, None, None] * a).sum(0))
    cam = torch.nn.functional.interpolate(cam[None, None], size=tuple(x.shape[1:]), mode="bilinear",
                                          align_corners=False)[0, 0]
    return (cam / cam.max()).numpy() if cam.max() > 0 else cam.numpy()


def test_grad_cam_panel_matches_grad_cam_for_the_chosen_layer_and_class(qtbot: QtBot, shapes_subject: Subject) -> None:
    panel = shown(qtbot, GradCamPanel)
    s = shapes_subject
    panel.set_subject(s)
    assert panel.layer_box.currentText() == "conv2"  # the last conv layer by default
    x = s.input_of(s.test.x[0])
    with torch.no_grad():
        pred = int(s.model(x.unsqueeze(0)).argmax())
    assert panel.cam is not None
    np.testing.assert_allclose(panel.cam, reference_cam(s.model, x, "conv2", pred), atol=1e-5)
    panel.layer_box.setCurrentText("relu1")
    panel.target_box.setCurrentIndex(2)  # "predicted class", then the classes in order
    assert panel.cam is not None
    np.testing.assert_allclose(panel.cam, reference_cam(s.model, x, "relu1", 1), atol=1e-5)


class TupleNet(nn.Module):
    """GoogLeNet-like: (logits, aux logits) in train mode; the auxiliary head has its own conv."""

    def __init__(self) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, 3, padding=1)
        self.relu1 = nn.ReLU(inplace=True)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(4, 3)
        self.aux_conv = nn.Conv2d(4, 2, 1)
        self.aux = nn.Linear(2, 3)

    def forward(self, x: torch.Tensor) -> torch.Tensor | tuple[torch.Tensor, torch.Tensor]:
        a = self.relu1(self.conv1(x))
        out = self.fc(self.pool(a).flatten(1))
        if self.training:
            return out, self.aux(self.pool(self.aux_conv(a)).flatten(1))
        return out


def test_panels_cope_with_models_returning_tuples(qtbot: QtBot) -> None:
    torch.manual_seed(0)
    base = untrained("shape-cnn", 1, 3, n=60)
    subject = Subject(model=TupleNet().eval(), meta=base.meta, test=base.test)
    for _, factory in PANELS:
        panel = factory()
        qtbot.addWidget(panel)
        panel.show()
        panel.set_subject(subject)
        assert not panel.showing_message()
        assert not subject.model.training


def test_layers_unused_when_predicting_get_a_sentence(qtbot: QtBot) -> None:
    torch.manual_seed(0)
    base = untrained("shape-cnn", 1, 3, n=60)
    subject = Subject(model=TupleNet().eval(), meta=base.meta, test=base.test)
    cam = shown(qtbot, GradCamPanel)
    cam.set_subject(subject)
    cam.layer_box.setCurrentText("aux_conv")  # the auxiliary head only runs in training
    assert cam.cam is None and "not used when the model predicts" in cam.status.text()
    cam.layer_box.setCurrentText("conv1")
    assert cam.cam is not None and not cam.status.text()
    roles = shown(qtbot, KernelRolesPanel)
    roles.set_subject(subject)
    roles.layer_box.setCurrentText("aux_conv")
    assert roles.roles is None and "Choose another layer" in roles.status.text()


def test_grad_cam_opacity_reblends_without_a_backward_pass(qtbot: QtBot, shapes_subject: Subject,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import ui.panels.gradcam as gradcam_module

    calls: list[str] = []
    real = gradcam_module.grad_cams

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(str(args[2]))
        return real(*args, **kwargs)  # type: ignore[arg-type]  # the patched function passes its arguments on as they came

    monkeypatch.setattr(gradcam_module, "grad_cams", counting)
    panel = shown(qtbot, GradCamPanel)
    panel.set_subject(fresh(shapes_subject))
    assert calls == ["conv2"]
    picture = panel.view.shown_picture
    panel.alpha.setValue(90)  # opacity only: the same maps, blended anew
    assert calls == ["conv2"] and panel.view.shown_picture is not picture
    panel.layer_box.setCurrentText("relu1")
    assert calls == ["conv2", "relu1"]
    panel.target_box.setCurrentIndex(2)
    assert calls == ["conv2", "relu1", "relu1"]
    panel.alpha.setValue(10)
    assert len(calls) == 3
    panel.set_subject(fresh(shapes_subject))  # new weights: the cache is cleared
    assert len(calls) == 4


def test_panels_have_the_typed_panel_api() -> None:
    from ui.lab import LabPanel
    from ui.panel_tabs import lab_panel
    from ui.panels.base import Panel, PreparingPanel

    for _, factory in PANELS:
        cls = LabPanel if factory is lab_panel else factory  # the Lab's factory is a function
        assert issubclass(cls, InspectionPanel)  # type: ignore[arg-type]  # a factory that is a class here
        assert issubclass(cls, PreparingPanel) and issubclass(cls, Panel)  # type: ignore[arg-type]  # a factory that is a class here


def test_a_resize_on_showing_never_draws_a_stale_image_into_a_new_model(qtbot: QtBot, tmp_path: Path) -> None:
    """A colour model, then a gray one given while the tab is hidden: the resize that showing the tab
    delivers must not draw the colour model's image (or file) with the gray model (a 3-into-1 channel
    RuntimeError once did)."""
    panel = shown(qtbot, FeatureMapsPanel)
    color = untrained("color-cnn", 3, 6)
    panel.set_subject(color)
    qtbot.waitUntil(lambda: panel.draws == 1)
    Image.new("RGB", (28, 28), (200, 30, 30)).save(tmp_path / "red.png")
    assert panel.chooser.open_file(tmp_path / "red.png")
    panel.hide()
    gray = untrained("shape-cnn", 1, 5)
    panel.set_subject(gray)  # hidden: only remembered
    panel.resize(700, 600)  # the viewport's resize is delivered when the panel is shown again
    panel.show()
    qtbot.waitUntil(lambda: panel.draws == 2)
    got = panel.chooser.image()
    assert got is not None and got[0].shape[0] == 1  # the file, converted for the gray model
    assert panel.chooser.subject is gray


def test_grad_cam_follows_a_subject_with_other_channels(qtbot: QtBot) -> None:
    panel = shown(qtbot, GradCamPanel)
    panel.set_subject(untrained("color-cnn", 3, 6))
    qtbot.waitUntil(lambda: panel.draws == 1)
    panel.hide()
    gray = untrained("shape-cnn", 1, 5)
    panel.set_subject(gray)
    panel.alpha.setValue(80)  # a control changed while hidden: drawn on showing, with the new subject
    panel.show()
    qtbot.waitUntil(lambda: panel.draws == 2)
    assert panel.chooser.subject is gray and panel.cam is not None and panel.cam.shape == (28, 28)
