"""Kernels, feature rows, RGB composites, image files and mosaics."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np
import pytest
import torch
from PIL import Image

from cnnlab.errors import UserError
from cnnlab.inspection import (
    class_feature_rows,
    conv_layers,
    feature_rows,
    kernels,
    load_image,
    one_per_class,
    per_class_limit,
    rgb_composite,
)
from cnnlab.inspection.mosaic import GridLayout, colorize, compose, fit, image_rgb, overlay, symmetric_range
from cnnlab.models import build_model


def _model(name: str, channels: int = 1, classes: int = 5) -> torch.nn.Module:
    torch.manual_seed(0)
    return build_model(name, in_channels=channels, image_size=28, num_classes=classes).eval()


def _conv(model: torch.nn.Module, name: str) -> torch.nn.Conv2d:
    layer = model.get_submodule(name)
    assert isinstance(layer, torch.nn.Conv2d)
    return layer


def test_kernels_are_copies_of_every_conv_layer() -> None:
    model = _model("shape-cnn")
    ks = kernels(model)
    assert [k.name for k in ks] == conv_layers(model) == ["conv1", "conv2"]
    assert ks[0].weight.shape == (8, 1, 3, 3) and ks[1].weight.shape == (16, 8, 3, 3)
    conv1, conv2 = _conv(model, "conv1"), _conv(model, "conv2")
    assert conv2.bias is not None
    np.testing.assert_array_equal(ks[1].weight, conv2.weight.detach().numpy())
    np.testing.assert_array_equal(ks[1].bias, conv2.bias.detach().numpy())
    ks[0].weight[:] = 0  # a copy: the model is untouched
    assert conv1.weight.abs().sum() > 0
    assert ks[0].first and not ks[1].first and not ks[0].rgb and not ks[0].pointwise


def test_colour_kernels_pointwise_mixing_and_dense_models() -> None:
    color = kernels(_model("color-cnn", 3, 6))
    assert color[0].pointwise and not color[0].rgb
    np.testing.assert_array_equal(color[0].mixing, color[0].weight[:, :, 0, 0])
    assert color[0].mixing.shape == (2, 3)  # out × in channel-mixing weights
    assert kernels(_model("color-shape-cnn", 3, 9))[0].rgb
    assert kernels(_model("dnn", 1, 5)) == []


def test_feature_rows_follow_the_lecture_layout_and_values() -> None:
    model = _model("shape-cnn")
    image = torch.randn(1, 28, 28)
    rows = feature_rows(model, image)
    assert [(r.name, r.kind) for r in rows] == [("conv1", "conv"), ("relu1", "relu"), ("pool1", "pool"),
                                                 ("conv2", "conv"), ("relu2", "relu"), ("pool2", "pool")]
    with torch.no_grad():
        x = image.unsqueeze(0)
        for layer, row in zip(list(model.children())[:6], rows, strict=False):
            x = layer(x)
            np.testing.assert_allclose(row.maps, x[0].numpy(), rtol=1e-5, atol=1e-6)
    assert rows[0].maps.shape == (8, 28, 28) and rows[5].maps.shape == (16, 6, 6)
    assert all(r.rgb is None for r in rows)  # no layer has exactly three maps


def test_class_feature_rows_match_one_image_at_a_time() -> None:
    model = _model("color-cnn", 3, 6)
    images = torch.randn(4, 3, 28, 28)
    batch = class_feature_rows(model, images, ["conv1", "relu2"])
    for i in range(4):
        single = feature_rows(model, images[i], ["conv1", "relu2"])
        assert [r.name for r in batch[i]] == ["conv1", "relu2"]
        for a, b in zip(batch[i], single, strict=False):
            np.testing.assert_allclose(a.maps, b.maps, rtol=1e-5, atol=1e-6)


def test_rgb_composite_of_the_colour_cnn_second_conv() -> None:
    model = _model("color-cnn", 3, 6)
    conv2 = next(r for r in feature_rows(model, torch.randn(3, 28, 28)) if r.name == "conv2")
    rgb = conv2.rgb
    assert rgb is not None and rgb.shape == (12, 12, 3)
    for c in range(3):
        m = conv2.maps[c]
        np.testing.assert_allclose(rgb[..., c], (m - m.min()) / (m.max() - m.min()), rtol=1e-5, atol=1e-6)
    flat = rgb_composite(np.stack([np.ones((4, 4)), np.arange(16.0).reshape(4, 4), np.zeros((4, 4))]))
    assert not flat[..., 0].any() and flat[..., 1].max() == 1.0 and not flat[..., 2].any()
    with pytest.raises(ValueError):
        rgb_composite(np.zeros((2, 4, 4)))


def test_one_sample_per_class_and_per_class_limits() -> None:
    labels = torch.tensor([2, 0, 2, 1, 0, 2])
    assert one_per_class(labels, 4) == [1, 3, 0, None]
    assert one_per_class(labels, 3, nth=1) == [4, None, 2]
    assert per_class_limit(labels, 3, 1).tolist() == [0, 1, 3]
    assert per_class_limit(labels, 3, 2).tolist() == [0, 1, 2, 3, 4]


def test_load_image_converts_channels_and_size(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    pixels = rng.integers(0, 256, (30, 40, 3), dtype=np.uint8)
    path = tmp_path / "photo.png"
    Image.fromarray(pixels).save(path)
    gray = load_image(path, 1, (28, 28))
    assert gray.shape == (1, 28, 28) and gray.dtype == torch.uint8
    ref = np.asarray(Image.fromarray(pixels).convert("L").resize((28, 28), Image.Resampling.BILINEAR))
    np.testing.assert_array_equal(gray[0].numpy(), ref)
    rgb = load_image(path, 3, (32, 24))
    assert rgb.shape == (3, 32, 24)


def test_load_image_turns_bad_files_into_one_sentence(tmp_path: Path) -> None:
    bad = tmp_path / "notes.png"
    bad.write_text("not an image")
    with pytest.raises(UserError, match="notes.png is not an image file"):
        load_image(bad, 1, (28, 28))
    with pytest.raises(UserError, match="does not exist"):
        load_image(tmp_path / "missing.png", 1, (28, 28))


def test_grid_layout_maps_cells_back_and_forth() -> None:
    layout = GridLayout(count=7, cols=3, cell=(10, 12), gap=2, caption=5, left=3, top=4)
    assert layout.rows == 3 and layout.size == (4 + 3 * 15 + 2 * 2, 3 + 3 * 12 + 2 * 2)
    for i in range(7):
        y, x = layout.origin(i)
        assert layout.index_at(y, x) == i and layout.index_at(y + 14, x + 11) == i
    y, x = layout.origin(7)  # the eighth cell does not exist
    assert layout.index_at(y, x) is None
    assert layout.index_at(layout.origin(0)[0], layout.origin(0)[1] + 12) is None  # the gap
    tiles = [np.full((10, 12, 3), i * 30, dtype=np.uint8) for i in range(7)]
    pic = compose(tiles, layout, background=255)
    for i in range(7):
        y, x = layout.origin(i)
        assert (pic[y:y + 10, x:x + 12] == i * 30).all()


def test_colours_come_from_matplotlib_and_overlays_blend() -> None:
    values = np.array([-2.0, 0.0, 2.0])
    lo, hi = symmetric_range(values)
    rgb = colorize(values, "RdBu_r", lo, hi)
    cmap = matplotlib.colormaps["RdBu_r"]
    for v, got in zip((0.0, 0.5, 1.0), rgb, strict=False):
        np.testing.assert_allclose(got, np.array(cmap(v)[:3]) * 255, atol=1.5)
    assert (colorize(np.array([np.nan]))[0] == 128).all()
    img = np.full((4, 4, 3), 100, dtype=np.uint8)
    assert (overlay(img, np.ones((4, 4)), alpha=0.0) == img).all()
    assert image_rgb(np.zeros((1, 5, 6), np.uint8)).shape == (5, 6, 3)
    assert fit(np.zeros((14, 7, 3)), 28).shape == (28, 14, 3)
