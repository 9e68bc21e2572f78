"""The chapter's seven models and LeNet-5 as designs: model -> design -> module with the same parameter count and,
given the model's weights, the same outputs; the design's file reads back as the same design."""

from __future__ import annotations

import pytest
import torch
import yaml
from torch import nn

from cnnlab.datasets import get_dataset_spec
from cnnlab.design.build import build_design, build_network
from cnnlab.design.files import design_yaml, parse_design
from cnnlab.design.from_model import copy_weights, default_dataset, design_from_model
from cnnlab.design.spec import DESIGN_MODEL
from cnnlab.design.xray import xray
from cnnlab.errors import DesignError
from cnnlab.models import build_model

ROUND_TRIP = ("dnn", "color-cnn", "shape-cnn", "color-shape-cnn", "mnist-cnn", "fashion-cnn", "cifar-cnn", "lenet5")


@pytest.mark.parametrize("name", ROUND_TRIP)
def test_a_model_round_trips_through_its_design(name: str) -> None:
    dataset = default_dataset(name)
    spec = get_dataset_spec(dataset)
    assert spec.channels and spec.size and spec.classes
    torch.manual_seed(0)
    model = build_model(name, in_channels=spec.channels, image_size=spec.size, num_classes=len(spec.classes)).eval()
    design = design_from_model(name)
    assert design.input == (spec.channels, *spec.size) and design.classes == len(spec.classes)
    again = parse_design(yaml.safe_load(design_yaml(design)))
    assert again == design  # the file holds the whole design
    built = build_design(again).eval()
    count = sum(p.numel() for p in model.parameters())
    assert sum(p.numel() for p in built.parameters()) == count == xray(design).total_params
    copy_weights(model, built)
    x = torch.randn(4, *design.input)  # (4, C, H, W)
    with torch.no_grad():
        assert torch.equal(model(x), built(x))


def test_lenet5_is_the_lecture_s_table() -> None:
    rows = {row.row: row for row in xray(design_from_model("lenet5")).layers}
    assert [rows[k].params for k in ("1", "4", "8", "10", "12")] == [156, 2416, 48120, 10164, 850]
    assert rows["7"].output_shape == (400,)


def test_a_checkpoint_s_plain_copy_rebuilds_the_design() -> None:
    design = design_from_model("mnist-cnn")
    model = build_network(DESIGN_MODEL, in_channels=1, image_size=28, num_classes=10, design=design.to_dict())
    assert sum(p.numel() for p in model.parameters()) == 12042
    with pytest.raises(DesignError, match="has 10 classes but the data has 5"):
        build_network(DESIGN_MODEL, in_channels=1, image_size=28, num_classes=5, design=design.to_dict())


def test_a_layer_designs_cannot_write_is_named() -> None:
    from cnnlab.design.from_model import design_from_module

    with pytest.raises(DesignError) as info:
        design_from_module(nn.Sequential(nn.Conv2d(1, 2, 3), nn.GELU()), "mine", (1, 8, 8), 2)
    assert str(info.value) == "The mine model's layer 1 (GELU) cannot be written as a design row yet."
