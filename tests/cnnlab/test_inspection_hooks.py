"""Activations and Grad-CAM against independent computations; hooks, modes and grads left clean."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn
from torch.nn import functional as F
from torchvision.models.feature_extraction import create_feature_extractor

from cnnlab.inspection import activations, grad_cam, grad_cams, layer_outputs, leaf_layers
from cnnlab.models import build_model


def _model(name: str, channels: int = 1, classes: int = 5, seed: int = 0) -> nn.Sequential:
    """A chapter model: an ``nn.Sequential`` of named layers."""
    torch.manual_seed(seed)
    model = build_model(name, in_channels=channels, image_size=28, num_classes=classes).eval()
    assert isinstance(model, nn.Sequential)
    return model


def _hooks_left(model: nn.Module) -> int:
    return sum(len(m._forward_hooks) + len(m._forward_pre_hooks) + len(m._backward_hooks) for m in model.modules())


class Boom(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        raise RuntimeError("boom")


class TupleNet(nn.Module):
    """GoogLeNet-like: (logits, aux logits) in train mode, logits in eval mode."""

    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3, padding=1)
        self.relu = nn.ReLU(inplace=True)  # torchvision's zoo uses in-place ReLUs
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(4, 3)
        self.aux = nn.Linear(4, 3)

    def forward(self, x: torch.Tensor) -> torch.Tensor | tuple[torch.Tensor, torch.Tensor]:
        h = self.pool(self.relu(self.conv(x))).flatten(1)
        return (self.fc(h), self.aux(h)) if self.training else self.fc(h)


@pytest.mark.parametrize("name,channels", [("shape-cnn", 1), ("color-cnn", 3), ("mnist-cnn", 1)])
def test_activations_match_torchvision_feature_extractor(name: str, channels: int) -> None:
    model = _model(name, channels)
    image = torch.randn(channels, 28, 28)
    got = activations(model, image)
    nodes = leaf_layers(model)
    ref = create_feature_extractor(model, return_nodes=nodes)(image.unsqueeze(0))
    assert list(got) == nodes  # every leaf, in forward order
    for node in nodes:
        assert got[node].shape == tuple(ref[node].shape[1:])  # no batch axis
        np.testing.assert_allclose(got[node], ref[node][0].detach().numpy(), rtol=1e-5, atol=1e-6)


def test_activations_of_chosen_layers_come_in_forward_order() -> None:
    model = _model("shape-cnn")
    got = activations(model, torch.randn(1, 28, 28), layers=["pool2", "conv1"])
    assert list(got) == ["conv1", "pool2"]
    assert got["conv1"].shape == (8, 28, 28) and got["pool2"].shape == (16, 6, 6)


def test_activations_remove_hooks_and_restore_mode_after_an_error() -> None:
    model = nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(), Boom())
    model.train()
    with pytest.raises(RuntimeError, match="boom"):
        activations(model, torch.randn(1, 8, 8))
    assert _hooks_left(model) == 0
    assert all(m.training for m in model.modules())
    activations(model[:2], torch.randn(1, 8, 8))
    assert _hooks_left(model) == 0


def test_activations_reject_an_unknown_layer_without_leaving_hooks() -> None:
    model = _model("shape-cnn")
    with pytest.raises(ValueError, match="no layer called 'conv9'"):
        activations(model, torch.randn(1, 28, 28), layers=["conv1", "conv9"])
    assert _hooks_left(model) == 0


def _reference_cam(model: nn.Sequential, image: torch.Tensor, layer: str, target: int | None) -> np.ndarray:
    """Grad-CAM by hand: split the Sequential at ``layer``, take torch.autograd.grad of the class score."""
    names = [n for n, _ in model.named_children()]
    cut = names.index(layer) + 1
    head, tail = model[:cut], model[cut:]
    a = head(image.unsqueeze(0))  # (1, C, h, w)
    logits = tail(a)
    k = int(logits.argmax(1)) if target is None else target
    (g,) = torch.autograd.grad(logits[0, k], a)
    alpha = g[0].mean(dim=(1, 2))  # (C,)
    cam = torch.clamp((alpha.view(-1, 1, 1) * a[0]).sum(0), min=0)
    cam = F.interpolate(cam[None, None], size=image.shape[1:], mode="bilinear", align_corners=False)[0, 0]
    return (cam / cam.max()).detach().numpy() if cam.max() > 0 else np.zeros(image.shape[1:], np.float32)


@pytest.mark.parametrize("layer", ["conv1", "relu1", "pool1", "conv2", "relu2", "pool2"])
@pytest.mark.parametrize("target", [None, 0, 3])
def test_grad_cam_matches_a_hand_written_autograd_version(layer: str, target: int | None) -> None:
    model = _model("shape-cnn", seed=1)
    image = torch.randn(1, 28, 28)
    got = grad_cam(model, image, layer, target)
    ref = _reference_cam(model, image, layer, target)
    assert got.shape == (28, 28) and got.dtype == np.float32
    assert got.min() >= 0 and got.max() <= 1
    np.testing.assert_allclose(got, ref, rtol=1e-4, atol=1e-5)


def test_grad_cam_is_all_zero_when_nothing_speaks_for_the_class() -> None:
    conv, fc = nn.Conv2d(1, 2, 3, padding=1), nn.Linear(2, 2)
    model = nn.Sequential(conv, nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), fc)
    assert conv.bias is not None
    with torch.no_grad():
        conv.weight.zero_()
        conv.bias.fill_(1.0)  # every activation is 1 > 0
        fc.weight.copy_(torch.tensor([[-1.0, -1.0], [1.0, 1.0]]))  # class 0 dislikes all maps
    cam = grad_cam(model, torch.randn(1, 10, 10), "1", target=0)
    assert cam.shape == (10, 10) and not cam.any()
    assert grad_cam(model, torch.randn(1, 10, 10), "1", target=1).max() == pytest.approx(1.0)


def test_grad_cam_leaves_mode_requires_grad_and_grads_untouched() -> None:
    model = _model("shape-cnn")
    model.train()
    conv1 = model.conv1
    assert isinstance(conv1, nn.Conv2d)
    conv1.weight.requires_grad_(False)  # a frozen layer must stay frozen
    flags = {n: p.requires_grad for n, p in model.named_parameters()}
    grad_cam(model, torch.randn(1, 28, 28), "conv2")
    assert all(m.training for m in model.modules())
    assert {n: p.requires_grad for n, p in model.named_parameters()} == flags
    assert all(p.grad is None for p in model.parameters())
    assert _hooks_left(model) == 0


def test_grad_cam_removes_its_hook_after_an_error() -> None:
    model = nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(), Boom())
    with pytest.raises(RuntimeError, match="boom"):
        grad_cam(model, torch.randn(1, 8, 8), "0")
    assert _hooks_left(model) == 0
    with pytest.raises(ValueError, match="feature maps"):
        grad_cam(_model("shape-cnn"), torch.randn(1, 28, 28), "fc1")


def test_grad_cam_and_activations_cope_with_tuple_outputs_and_in_place_relu() -> None:
    torch.manual_seed(0)
    model = TupleNet().train()
    image = torch.randn(1, 12, 12)
    cam = grad_cam(model, image, "conv", target=2)
    # Reference: the same sum by hand on the eval-mode graph.
    model.eval()
    a = model.conv(image.unsqueeze(0))
    score = model.fc(model.pool(torch.relu(a)).flatten(1))[0, 2]
    (g,) = torch.autograd.grad(score, a)
    ref = torch.relu((g[0].mean((1, 2)).view(-1, 1, 1) * a[0]).sum(0))
    ref = F.interpolate(ref[None, None], size=(12, 12), mode="bilinear", align_corners=False)[0, 0]
    ref = ref / ref.max() if ref.max() > 0 else torch.zeros_like(ref)
    np.testing.assert_allclose(cam, ref.detach().numpy(), rtol=1e-4, atol=1e-5)
    model.train()
    acts = activations(model, image)
    assert model.training and list(acts) == ["conv", "relu", "pool", "fc"]  # aux unused in eval mode
    assert acts["conv"].min() < 0  # recorded before the in-place ReLU overwrote it
    np.testing.assert_allclose(acts["relu"], np.maximum(acts["conv"], 0), atol=0)


def test_layer_outputs_can_stop_after_the_last_layer_asked_for() -> None:
    model = nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(), Boom())  # the third layer would raise
    x = torch.randn(5, 1, 8, 8)
    outs = layer_outputs(model, x, ["1", "0"], batch_size=2, stop_early=True)
    assert list(outs) == ["0", "1"] and outs["1"].shape == (5, 2, 6, 6)
    np.testing.assert_allclose(outs["1"].numpy(), torch.relu(model[0](x)).detach().numpy(), rtol=1e-5, atol=1e-6)
    assert _hooks_left(model) == 0
    with pytest.raises(RuntimeError, match="boom"):
        layer_outputs(model, x, ["1"])  # without stop_early the whole model runs


def test_batched_grad_cams_equal_one_class_at_a_time() -> None:
    model = _model("shape-cnn", seed=2)
    image = torch.randn(1, 28, 28)
    cams, probs = grad_cams(model, image, "conv2", [4, 0, 2, 0])
    assert cams.shape == (4, 28, 28)
    for row, k in zip(cams, [4, 0, 2, 0], strict=False):
        np.testing.assert_allclose(row, _reference_cam(model, image, "conv2", k), rtol=1e-4, atol=1e-5)
    with torch.no_grad():
        ref = torch.softmax(model(image.unsqueeze(0)), 1)[0].numpy()
    np.testing.assert_allclose(probs, ref, rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError, match="outside"):
        grad_cams(model, image, "conv2", [5])
