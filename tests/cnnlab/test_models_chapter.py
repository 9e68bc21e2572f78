"""The lecture's networks (REFERENCE §2): shapes, parameter counts by hand, the layer table, errors."""

from __future__ import annotations

import pytest
import torch
from helpers_torch import one_thread  # noqa: F401  (fixture)
from torch import nn
from torch.nn import functional as F

from cnnlab.datasets import get_dataset_spec, list_datasets
from cnnlab.errors import ModelError
from cnnlab.models import build_model, list_models, summarize

pytestmark = pytest.mark.usefixtures("one_thread")

CHAPTER = list_models("chapter")

# (weights, biases) per named layer, worked out by hand from the lecture's architectures:
# a conv has out×in×k×k weights and out biases, an FC in×out and out, a BN γ and β per feature.
HAND_COUNTS: dict[str, tuple[tuple[int, int, int], int, dict[str, tuple[int, int]]]] = {
    "mnist-cnn": ((1, 28, 28), 10, {
        "conv1": (8 * 1 * 5 * 5, 8),        # 200+8
        "conv2": (16 * 8 * 5 * 5, 16),      # 3200+16 (the lecture's table says 400+16: one kernel per output)
        "fc1": (16 * 4 * 4 * 32, 32),       # 8192+32
        "bn": (32, 32),
        "fc2": (32 * 10, 10),               # 320+10
    }),
    "shape-cnn": ((1, 28, 28), 5, {
        "conv1": (8 * 1 * 3 * 3, 8),        # 72+8
        "conv2": (16 * 8 * 3 * 3, 16),      # 1152+16
        "fc1": (16 * 6 * 6 * 32, 32),       # 18432+32
        "bn": (32, 32),
        "fc2": (32 * 5, 5),
    }),
    "color-cnn": ((3, 28, 28), 6, {
        "conv1": (2 * 3 * 1 * 1, 2),        # 6+2
        "conv2": (3 * 2 * 3 * 3, 3),        # 54+3
        "fc1": (3 * 6 * 6 * 32, 32),        # 3456+32
        "bn": (32, 32),
        "fc2": (32 * 6, 6),
    }),
    "color-shape-cnn": ((3, 28, 28), 9, {
        "conv1": (8 * 3 * 3 * 3, 8),
        "conv2": (16 * 8 * 3 * 3, 16),
        "fc1": (576 * 32, 32),
        "bn": (32, 32),
        "fc2": (32 * 9, 9),
    }),
    "fashion-cnn": ((1, 28, 28), 10, {
        "conv1": (32 * 1 * 3 * 3, 32),
        "fc1": (32 * 13 * 13 * 128, 128),
        "bn": (128, 128),
        "fc2": (128 * 10, 10),
    }),
    "cifar-cnn": ((3, 32, 32), 10, {
        "conv1": (32 * 3 * 3 * 3, 32),
        "conv2": (32 * 32 * 3 * 3, 32),
        "conv3": (64 * 32 * 3 * 3, 64),
        "conv4": (64 * 64 * 3 * 3, 64),
        "fc1": (64 * 6 * 6 * 512, 512),
        "fc2": (512 * 10, 10),
    }),
    "dnn": ((1, 28, 28), 5, {
        "fc1": (784 * 128, 128),
        "fc2": (128 * 64, 64),
        "fc3": (64 * 5, 5),
    }),
}

# Output shapes (no batch axis) per layer, as the lecture's tables give them.
HAND_SHAPES: dict[str, dict[str, list[int]]] = {
    "shape-cnn": {"conv1": [8, 28, 28], "pool1": [8, 14, 14], "conv2": [16, 12, 12], "pool2": [16, 6, 6],
                  "flatten": [576], "fc1": [32], "bn": [32], "fc2": [5]},
    "mnist-cnn": {"conv1": [8, 24, 24], "pool1": [8, 12, 12], "conv2": [16, 8, 8], "pool2": [16, 4, 4],
                  "flatten": [256], "fc1": [32], "fc2": [10]},
    "color-cnn": {"conv1": [2, 28, 28], "pool1": [2, 14, 14], "conv2": [3, 12, 12], "pool2": [3, 6, 6],
                  "flatten": [108], "fc1": [32], "fc2": [6]},
    "color-shape-cnn": {"conv1": [8, 28, 28], "pool2": [16, 6, 6], "flatten": [576], "fc2": [9]},
    "fashion-cnn": {"conv1": [32, 26, 26], "pool1": [32, 13, 13], "flatten": [5408], "fc1": [128], "fc2": [10]},
    "cifar-cnn": {"conv1": [32, 32, 32], "conv2": [32, 30, 30], "pool1": [32, 15, 15], "conv3": [64, 15, 15],
                  "conv4": [64, 13, 13], "pool2": [64, 6, 6], "flatten": [2304], "fc1": [512], "fc2": [10]},
    "dnn": {"flatten": [784], "fc1": [128], "fc2": [64], "fc3": [5]},
}


def shapes_to_try() -> list[tuple[str, tuple[int, int, int], int]]:
    """Each chapter model on its own dataset's shape, on the DNN's datasets, and on 1×28×28 / 3×32×32."""
    cases = set()
    for name in list_datasets():
        spec = get_dataset_spec(name)
        if spec.channels is None or spec.size is None or spec.classes is None:
            continue  # image folders: the files decide
        shape = (spec.channels, *spec.size)
        if spec.default_model in CHAPTER:
            cases.add((spec.default_model, shape, len(spec.classes)))
        cases.add(("dnn", shape, len(spec.classes)))
    for model in CHAPTER:
        cases.add((model, (1, 28, 28), 10))
        cases.add((model, (3, 32, 32), 10))
    return sorted(cases)


def build(name: str, shape: tuple[int, int, int], classes: int) -> nn.Module:
    c, h, w = shape
    return build_model(name, in_channels=c, image_size=(h, w), num_classes=classes)


def test_the_chapter_has_its_seven_networks() -> None:
    assert set(CHAPTER) == {"dnn", "color-cnn", "shape-cnn", "color-shape-cnn", "mnist-cnn", "fashion-cnn",
                            "cifar-cnn"}


@pytest.mark.parametrize("name,shape,classes", shapes_to_try())
def test_forward_and_backward(name: str, shape: tuple[int, int, int], classes: int) -> None:
    torch.manual_seed(0)
    model = build(name, shape, classes)
    model.train()
    x = torch.randn(4, *shape)
    out = model(x)
    assert isinstance(out, torch.Tensor) and tuple(out.shape) == (4, classes)
    F.cross_entropy(out, torch.tensor([0, 1, 0, 1])).backward()
    grads = [p.grad for p in model.parameters()]
    assert all(g is not None and torch.isfinite(g).all() for g in grads)
    assert sum(float(g.abs().sum()) for g in grads if g is not None) > 0
    model.eval()
    with torch.no_grad():
        assert tuple(model(x[:1]).shape) == (1, classes)  # one image in eval mode (batch norm uses its stats)


@pytest.mark.parametrize("name", list(HAND_COUNTS))
def test_parameter_counts_by_hand(name: str) -> None:
    shape, classes, layers = HAND_COUNTS[name]
    model = build(name, shape, classes)
    modules = dict(model.named_modules())
    for layer, (weights, biases) in layers.items():
        m = modules[layer]
        assert (m.weight.numel(), m.bias.numel()) == (weights, biases), layer
    assert sum(p.numel() for p in model.parameters()) == sum(w + b for w, b in layers.values())
    rows = {r.name: r for r in summarize(model, shape).rows}
    for layer, (weights, biases) in layers.items():
        assert (rows[layer].weights, rows[layer].biases) == (weights, biases)
        assert rows[layer].params_label == f"{weights}+{biases}"


def test_known_totals() -> None:
    assert sum(p.numel() for p in build("mnist-cnn", (1, 28, 28), 10).parameters()) == 12_042
    # the Keras CIFAR-10 example's published model summary: 1,250,858 parameters
    assert sum(p.numel() for p in build("cifar-cnn", (3, 32, 32), 10).parameters()) == 1_250_858


@pytest.mark.parametrize("name", list(HAND_SHAPES))
def test_layer_table_output_shapes(name: str) -> None:
    shape, classes, _ = HAND_COUNTS[name]
    summary = summarize(build(name, shape, classes), shape)
    rows = {r.name: r for r in summary.rows}
    for layer, expected in HAND_SHAPES[name].items():
        assert rows[layer].output_shape == expected, layer
    assert summary.rows[0].input_shape == list(shape)
    # every row's output is the next row's input along the chain
    for a, b in zip(summary.rows, summary.rows[1:], strict=False):
        assert a.output_shape == b.input_shape, (a.name, b.name)


@pytest.mark.parametrize("name", CHAPTER)
def test_summary_dict_totals_match_the_parameters(name: str) -> None:
    shape = (3, 32, 32)
    model = build(name, shape, 7)
    data = summarize(model, shape).to_dict()
    total = sum(p.numel() for p in model.parameters())
    assert data["total_params"] == total == data["trainable_params"]
    assert sum(layer["params"] for layer in data["layers"]) == total
    assert data["model"] == name and data["input_shape"] == list(shape)
    assert model.training  # summarizing leaves the model's mode alone


@pytest.mark.parametrize("name", CHAPTER)
def test_every_size_either_builds_and_runs_or_raises_model_error(name: str) -> None:
    """No size gets through the builder and then fails inside forward()."""
    built = []
    for side in range(1, 37):
        try:
            model = build(name, (1, side, side), 3)
        except ModelError as e:
            message = str(e)
            assert message.endswith(".") and "\n" not in message and f"{side}×{side}" in message
            continue
        model.eval()
        with torch.no_grad():
            assert tuple(model(torch.zeros(2, 1, side, side)).shape) == (2, 3)
        built.append(side)
    assert built and built == list(range(built[0], 37))  # one minimum; every size above it works


def test_too_small_input_raises_a_sentence() -> None:
    with pytest.raises(ModelError) as info:
        build("mnist-cnn", (1, 4, 4), 10)
    message = str(info.value)
    assert "mnist-cnn" in message and "4×4" in message and message.endswith(".")


def test_one_class_is_refused() -> None:
    with pytest.raises(ModelError, match="two classes"):
        build("shape-cnn", (1, 28, 28), 1)


def test_dnn_sees_gray_through_the_luma_weights() -> None:
    torch.manual_seed(1)
    model = build("dnn", (3, 28, 28), 6).eval()
    x = torch.rand(5, 3, 28, 28)
    with torch.no_grad():
        out = model(x)
    # by hand: ITU-R 601 luma, then 784 -> 128 -> 64 -> 6 with ReLU between
    gray = 0.299 * x[:, 0] + 0.587 * x[:, 1] + 0.114 * x[:, 2]
    sd = model.state_dict()
    h = torch.relu(gray.reshape(5, 784) @ sd["fc1.weight"].T + sd["fc1.bias"])
    h = torch.relu(h @ sd["fc2.weight"].T + sd["fc2.bias"])
    expected = h @ sd["fc3.weight"].T + sd["fc3.bias"]
    torch.testing.assert_close(out, expected, rtol=1e-5, atol=1e-5)
    assert [tuple(sd[f"fc{i}.weight"].shape) for i in (1, 2, 3)] == [(128, 784), (64, 128), (6, 64)]
    assert sum(p.numel() for p in model.parameters()) == 784 * 128 + 128 + 128 * 64 + 64 + 64 * 6 + 6


def test_dnn_on_gray_images_has_no_colour_conversion() -> None:
    model = build("dnn", (1, 28, 28), 10)
    rows = summarize(model, (1, 28, 28)).rows
    assert rows[0].name == "flatten" and rows[0].output_shape == [784]
