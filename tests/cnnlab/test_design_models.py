"""Every built-in model as a design: model -> design -> module with the same parameter count and, given the model's
weights, the same outputs; the design's file reads back as the same design. GoogLeNet's design leaves out its
training-only auxiliary classifiers (and says so); the zoo's designs count the parameters their papers give."""

from __future__ import annotations

import pytest
import torch
import yaml
from torch import nn

from cnnlab.datasets import get_dataset_spec
from cnnlab.design.build import build_design, build_network
from cnnlab.design.files import design_yaml, parse_design
from cnnlab.design.from_model import copy_weights, default_dataset, design_from_model, design_from_module
from cnnlab.design.shapes import analyse
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


ZOO = ("alexnet", "zfnet", "vgg11", "vgg16", "resnet20", "resnet18", "googlenet", "densenet121")


@pytest.mark.parametrize("name", ZOO)
def test_a_zoo_model_round_trips_through_its_design(name: str) -> None:
    torch.manual_seed(0)
    model = build_model(name, in_channels=1, image_size=(28, 28), num_classes=10).eval()
    design = design_from_module(model, name, (1, 28, 28), 10)
    assert parse_design(yaml.safe_load(design_yaml(design))) == design
    built = build_design(design).eval()
    kept = {k: v for k, v in model.state_dict().items() if not k.startswith("aux")}  # GoogLeNet's side heads
    count = sum(p.numel() for k, p in model.named_parameters() if not k.startswith("aux"))
    assert sum(p.numel() for p in built.parameters()) == count == sum(row.params for row in analyse(design))
    assert [tuple(v.shape) for v in built.state_dict().values()] == [tuple(v.shape) for v in kept.values()]
    with torch.no_grad():  # batch norm statistics that are not the identity, as after training
        for key, value in kept.items():
            if key.endswith(("running_mean", "running_var")):
                value.uniform_(0.5, 1.5)
    built.load_state_dict(dict(zip(built.state_dict(), kept.values(), strict=True)))
    x = torch.randn(2, 1, 28, 28)  # (2, C, H, W)
    with torch.no_grad():
        assert torch.equal(model(x), built(x))
    assert (design.note != "") == (name == "googlenet")


def test_googlenet_s_design_says_its_side_heads_are_left_out() -> None:
    design = design_from_model("googlenet")
    assert design.note == "The googlenet model's auxiliary classifiers (aux1, aux2) are left out: they only add to " \
                          "the loss while training, so the design predicts as the model does but trains without them."
    assert parse_design(yaml.safe_load(design_yaml(design))).note == design.note


@pytest.mark.parametrize(("name", "shape", "classes", "params"), [
    ("resnet18", (3, 224, 224), 1000, 11_689_512),  # torchvision's resnet18 (projection shortcuts)
    ("resnet20", (3, 32, 32), 10, 269_722),  # the CIFAR network of the paper's section 4.2 (pad shortcuts)
    ("densenet121", (3, 224, 224), 1000, 7_978_856),  # torchvision's densenet121
])
def test_a_zoo_design_counts_the_parameters_its_paper_gives(name: str, shape: tuple[int, int, int], classes: int,
                                                            params: int) -> None:
    model = build_model(name, in_channels=shape[0], image_size=shape[1:], num_classes=classes)
    design = design_from_module(model, name, shape, classes)
    assert sum(row.params for row in analyse(design)) == params  # by arithmetic, no forward pass


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


def test_the_shipped_mnist_design_is_the_lecture_s_mnist_network() -> None:
    from cnnlab.design.files import load_design
    from cnnlab.paths import asset

    design = load_design(asset("designs/mnist-cnn.yaml"))
    assert design.layers == design_from_model("mnist-cnn").layers
    assert xray(design).total_params == 208 + 3216 + 8224 + 64 + 330  # the file's comments, row by row
