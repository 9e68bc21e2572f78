"""The Lab's Qt-free parts against references made here: a hand-centred digit, hand-shifted and
rotated images, a kernel zeroed by hand, torch.nn.functional.conv2d and a loop over test images."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest
import torch
from PIL import Image
from torch import nn
from torch.nn import functional as F

from cnnlab.datasets import ImageSet
from cnnlab.engine import CheckpointMeta
from cnnlab.engine.checkpoint import save_checkpoint
from cnnlab.engine.data import normalize
from cnnlab.inspection import Subject
from cnnlab.inspection.ablation import ablated_model, ablation_report
from cnnlab.inspection.arithmetic import conv_arithmetic
from cnnlab.inspection.invariance import invariance_curve, transform
from cnnlab.inspection.preprocess import preprocess
from cnnlab.inspection.top_activations import top_activations
from cnnlab.models import build_model

# ------------------------------------------------------------------------------ preprocessing


def test_a_bar_drawn_anywhere_lands_in_the_middle_20_by_10() -> None:
    canvas = np.zeros((280, 280), dtype=np.uint8)
    canvas[150:250, 20:70] = 255  # 100 tall, 50 wide, low and left
    out = preprocess(canvas).image
    want = np.zeros((28, 28), dtype=np.uint8)
    want[4:24, 9:19] = 255  # fitted to 20×10; centre of mass (9.5, 4.5) moved to (13.5, 13.5)
    np.testing.assert_array_equal(out, want)


def hand_digit() -> np.ndarray:
    """A 20×20 "7" whose ink touches all four sides (so its bounding box is the whole array)."""
    d = np.zeros((20, 20), dtype=np.uint8)
    d[0:2, :] = 200
    for r in range(2, 20):
        c = 19 - (r - 2) * 13 // 17
        d[r, c - 2:c + 1] = 255
    return d


def test_preprocessing_matches_a_hand_centred_digit() -> None:
    d = hand_digit()
    canvas = np.zeros((300, 320), dtype=np.uint8)
    canvas[40:240, 90:290] = np.kron(d, np.ones((10, 10), dtype=np.uint8))  # the digit drawn 10× larger
    rows, cols = np.indices(d.shape)
    cy, cx = (rows * d).sum() / d.sum(), (cols * d).sum() / d.sum()
    top, left = int(round(13.5 - cy)), int(round(13.5 - cx))
    assert 0 < top < 8 and 0 < left < 8  # the digit's mass is off its box's centre: it moves
    want = np.zeros((28, 28), dtype=np.uint8)
    want[top:top + 20, left:left + 20] = d
    got = preprocess(canvas)
    assert [s.name for s in got.steps] == ["drawing", "bounding box", "fitted", "centred"]
    assert got.steps[1].image.shape == (200, 200)
    np.testing.assert_array_equal(got.steps[2].image, d)
    np.testing.assert_array_equal(got.image, want)
    assert got.tensor.shape == (1, 28, 28) and got.tensor.dtype == torch.uint8


def test_raw_mode_only_resizes_and_a_blank_drawing_stays_blank() -> None:
    canvas = np.zeros((56, 56), dtype=np.uint8)
    canvas[0:8, 0:8] = 255  # a corner blob stays in the corner
    raw = preprocess(canvas, mode="raw")
    np.testing.assert_array_equal(raw.image, np.array(Image.fromarray(canvas).resize((28, 28), Image.Resampling.BOX)))
    assert raw.image[:4, :4].min() == 255 and raw.image[4:, 4:].max() == 0
    blank = preprocess(np.zeros((90, 90), dtype=np.uint8))
    assert blank.empty and blank.image.shape == (28, 28) and blank.image.max() == 0


def test_colour_drawing_keeps_its_colour() -> None:
    canvas = np.zeros((140, 140, 3), dtype=np.uint8)
    canvas[10:60, 70:120] = (255, 0, 0)
    out = preprocess(canvas).image
    assert out.shape == (28, 28, 3)
    assert out[..., 0].max() == 255 and out[..., 1].max() == 0 and out[..., 2].max() == 0
    np.testing.assert_array_equal(out[4:24, 4:24, 0], 255)  # a square fills the 20×20 box in the middle

# ------------------------------------------------------------------------------ invariance


def tiny_net(channels: int = 1, classes: int = 4, seed: int = 0) -> nn.Sequential:
    torch.manual_seed(seed)
    return nn.Sequential(nn.Conv2d(channels, 3, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(3, 5, 3), nn.ReLU(), nn.Flatten(), nn.Linear(5 * 4 * 4, classes)).eval()


def conv_params(model: nn.Module, name: str) -> tuple[torch.Tensor, torch.Tensor]:
    """The weight (out, in, kh, kw) and bias (out,) of the convolution layer ``name``, themselves, not copies."""
    layer = model.get_submodule(name)
    assert isinstance(layer, nn.Conv2d) and layer.bias is not None
    return layer.weight, layer.bias


def shifted_by_hand(x: np.ndarray, dy: int, dx: int) -> np.ndarray:
    out = np.zeros_like(x)
    h, w = x.shape[-2:]
    out[..., max(dy, 0):h + min(dy, 0), max(dx, 0):w + min(dx, 0)] = \
        x[..., max(-dy, 0):h - max(dy, 0), max(-dx, 0):w - max(dx, 0)]
    return out


def test_shift_rotate_and_scale_move_pixels_as_by_hand() -> None:
    x = torch.randint(0, 256, (1, 12, 12), dtype=torch.uint8, generator=torch.Generator().manual_seed(7))
    for dx in (-3, 2):
        np.testing.assert_array_equal(transform(x, "shift-x", dx).numpy(), shifted_by_hand(x.numpy(), 0, dx))
    np.testing.assert_array_equal(transform(x, "shift-y", 4).numpy(), shifted_by_hand(x.numpy(), 4, 0))
    np.testing.assert_array_equal(transform(x, "rotate", 90).numpy(), np.rot90(x.numpy(), 1, axes=(1, 2)))
    np.testing.assert_array_equal(transform(x, "scale", 1.0).numpy(), x.numpy())
    half = transform(x, "scale", 0.5).numpy()
    assert half[:, :3].max() == 0 and half[:, -3:].max() == 0  # the picture shrank into the middle


def test_invariance_curve_is_the_model_on_each_shifted_image() -> None:
    model = tiny_net()
    x = torch.randint(0, 256, (1, 12, 12), dtype=torch.uint8, generator=torch.Generator().manual_seed(8))
    mean, std = (0.2,), (0.3,)
    curve = invariance_curve(model, x, mean, std, "shift-x", [-2, 0, 3])
    assert curve.probabilities.shape == (3, 4)
    for i, dx in enumerate((-2, 0, 3)):
        moved = torch.from_numpy(shifted_by_hand(x.numpy(), 0, dx))
        with torch.no_grad():
            want = torch.softmax(model(normalize(moved[None], mean, std)), dim=1)[0].numpy()
        np.testing.assert_allclose(curve.probabilities[i], want, atol=1e-6)

# ------------------------------------------------------------------------------ ablation


def random_subject(model: nn.Module, n: int = 120, classes: int = 4, seed: int = 9) -> Subject:
    g = torch.Generator().manual_seed(seed)
    x = torch.randint(0, 256, (n, 1, 12, 12), dtype=torch.uint8, generator=g)
    y = torch.randint(0, classes, (n,), generator=g)
    meta = CheckpointMeta(model="tiny", model_options={}, dataset="random", classes=tuple("abcd"[:classes]),
                          input_shape=(1, 12, 12), mean=(0.5,), std=(0.25,))
    return Subject(model=model, meta=meta, test=ImageSet(x, y))


def per_class_accuracy_by_hand(model: nn.Module, subject: Subject) -> list[float]:
    with torch.no_grad():
        pred = model(normalize(subject.test.x, subject.meta.mean, subject.meta.std)).argmax(1).numpy()
    y = subject.test.y.numpy()
    return [float((pred[y == c] == c).mean()) for c in range(len(subject.classes))]


def test_ablation_accuracy_matches_a_fresh_evaluation_with_the_kernel_zeroed_by_hand() -> None:
    model = tiny_net()
    subject = random_subject(model)
    before = {k: v.clone() for k, v in model.state_dict().items()}
    report = ablation_report(subject, {"0": [1], "3": [0, 4]}, subject.input_of(subject.test.x[0]))
    by_hand = tiny_net()  # the same seed: the same weights
    (w0, b0), (w3, b3) = conv_params(by_hand, "0"), conv_params(by_hand, "3")
    with torch.no_grad():
        w0[1] = 0
        b0[1] = 0
        for k in (0, 4):
            w3[k] = 0
            b3[k] = 0
    np.testing.assert_allclose(report.after.per_class, per_class_accuracy_by_hand(by_hand, subject))
    np.testing.assert_allclose(report.before.per_class, per_class_accuracy_by_hand(model, subject))
    with torch.no_grad():
        p = torch.softmax(by_hand(subject.inputs(slice(0, 1))), dim=1)[0].numpy()
    np.testing.assert_allclose(report.probabilities_after, p, atol=1e-6)
    assert all(torch.equal(before[k], v) for k, v in model.state_dict().items())  # the original is untouched
    with pytest.raises(ValueError, match="no kernel 3"):
        ablated_model(model, {"0": [3]})
    with pytest.raises(ValueError, match="not a convolution layer"):
        ablated_model(model, {"6": [0]})


def test_ablation_never_touches_the_saved_checkpoint(tmp_path) -> None:
    net = build_model("shape-cnn", in_channels=1, image_size=(28, 28), num_classes=5)
    meta = CheckpointMeta(model="shape-cnn", model_options={}, dataset="shapes",
                          classes=("circle", "rectangle", "triangle", "diamond", "line"), input_shape=(1, 28, 28),
                          mean=(0.1,), std=(0.3,))
    path = save_checkpoint(tmp_path / "checkpoint.pt", meta, net.state_dict(), epoch=1)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    x = torch.randint(0, 256, (20, 1, 28, 28), dtype=torch.uint8)
    subject = Subject.from_checkpoint(path, ImageSet(x, torch.arange(20) % 5))
    weights = conv_params(subject.model, "conv1")[0].detach().clone()
    report = ablation_report(subject, {"conv1": range(8)})
    assert conv_params(report.subject.model, "conv1")[0].abs().sum() == 0
    assert torch.equal(conv_params(subject.model, "conv1")[0], weights)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest

# ------------------------------------------------------------------------------ arithmetic


def test_arithmetic_view_agrees_with_conv2d_everywhere_including_the_padding() -> None:
    torch.manual_seed(10)
    conv = nn.Conv2d(2, 3, 3, stride=2, padding=1)
    model = nn.Sequential(conv, nn.ReLU(), nn.Flatten(), nn.Linear(3 * 5 * 5, 2)).eval()
    x = torch.randn(2, 9, 9)
    with torch.no_grad():
        ref = F.conv2d(x[None], conv.weight, conv.bias, stride=2, padding=1)[0]  # (3, 5, 5)
    padded = F.pad(x, (1, 1, 1, 1))
    for k, r, c in [(0, 0, 0), (1, 2, 3), (2, 4, 4)]:
        a = conv_arithmetic(model, x, "0", k, r, c)
        np.testing.assert_allclose(a.window, padded[:, 2 * r:2 * r + 3, 2 * c:2 * c + 3].numpy())
        np.testing.assert_allclose(a.weights, conv.weight[k].detach().numpy())
        np.testing.assert_allclose(a.products, (padded[:, 2 * r:2 * r + 3, 2 * c:2 * c + 3] * conv.weight[k]).detach())
        assert a.output == pytest.approx(float(ref[k, r, c]), abs=1e-5)
        assert a.stored == pytest.approx(float(ref[k, r, c]), abs=1e-5)
        assert a.activation == "1" and a.activated == pytest.approx(max(0.0, float(ref[k, r, c])), abs=1e-5)
        assert (a.top, a.left) == (2 * r - 1, 2 * c - 1)  # the window starts in the zero padding at the edge


def test_arithmetic_of_a_second_layer_reads_the_pooled_maps() -> None:
    model = tiny_net(seed=11)
    x = torch.randn(1, 12, 12)
    with torch.no_grad():
        pooled = F.max_pool2d(F.relu(model[0](x[None])), 2)  # (1, 3, 6, 6): conv 3's input, computed here
        ref = F.conv2d(pooled, *conv_params(model, "3"))[0]  # (5, 4, 4)
    a = conv_arithmetic(model, x, "3", 4, 3, 1)
    np.testing.assert_allclose(a.layer_input, pooled[0].numpy(), atol=1e-6)
    assert a.output == pytest.approx(float(ref[4, 3, 1]), abs=1e-5)
    assert a.products.shape == (3, 3, 3)
    with pytest.raises(ValueError, match="no pixel"):
        conv_arithmetic(model, x, "3", 0, 4, 0)

# ------------------------------------------------------------------------------ top activations


def test_top_nine_are_the_images_whose_map_peaks_highest() -> None:
    model = tiny_net(seed=12)
    subject = random_subject(model, n=300)
    x = subject.inputs()
    with torch.no_grad():
        maps = F.conv2d(x, *conv_params(model, "0"), padding=1)  # (300, 3, 12, 12)
    for k in range(3):
        peaks = [float(maps[i, k].max()) for i in range(len(x))]
        want = sorted(range(len(x)), key=lambda i: -peaks[i])[:9]
        got = top_activations(subject, "0", k)
        assert got.indices.tolist() == want
        np.testing.assert_allclose(got.values, [peaks[i] for i in want], atol=1e-5)
        i = int(got.indices[0])
        assert float(maps[i, k, got.rows[0], got.cols[0]]) == pytest.approx(peaks[i], abs=1e-6)
