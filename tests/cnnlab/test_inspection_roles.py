"""Kernel roles on a model whose first-layer kernels are hand-made edge detectors."""

from __future__ import annotations

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from cnnlab.inspection import FIRES_RULE, kernel_roles
from cnnlab.models import build_model

VERTICAL = torch.tensor([[-1.0, 0.0, 1.0]] * 3)  # responds to a dark-to-bright step from left to right
HORIZONTAL = VERTICAL.T.contiguous()  # dark-to-bright from top to bottom


def _conv1(model: nn.Module) -> nn.Conv2d:
    conv = model.conv1
    assert isinstance(conv, nn.Conv2d)
    return conv


def _edge_model() -> nn.Module:
    torch.manual_seed(0)
    model = build_model("shape-cnn", in_channels=1, image_size=28, num_classes=3).eval()
    conv = _conv1(model)
    assert conv.bias is not None
    with torch.no_grad():
        conv.weight.zero_()
        conv.bias.zero_()
        conv.weight[0, 0] = VERTICAL
        conv.weight[1, 0] = HORIZONTAL
        conv.weight[2, 0] = 1.0 / 9  # a blob detector: mean brightness
    return model


def _bars(n: int, vertical: bool, seed: int) -> torch.Tensor:
    """Bright bars 3 pixels wide and 16 long on black, at random positions: (n, 1, 28, 28)."""
    g = torch.Generator().manual_seed(seed)
    x = torch.zeros(n, 1, 28, 28)
    for i in range(n):
        a, b = (int(v) for v in torch.randint(4, 21, (2,), generator=g))
        if vertical:
            x[i, 0, 6:22, a:a + 3] = 1.0
        else:
            x[i, 0, a:a + 3, 6:22] = 1.0
    return x


def test_edge_detectors_fire_on_the_bars_they_were_made_for() -> None:
    model = _edge_model()
    vertical, horizontal = _bars(20, True, 0), _bars(20, False, 1)
    blobs = torch.zeros(20, 1, 28, 28)
    blobs[:, :, 4:24, 4:24] = 1.0  # big filled squares
    images = torch.cat([vertical, horizontal, blobs])
    labels = torch.tensor([0] * 20 + [1] * 20 + [2] * 20)
    roles = kernel_roles(model, images, labels, ("vertical", "horizontal", "square"))
    assert roles.layer == "conv1" and roles.mean.shape == (8, 3) and roles.counts.tolist() == [20, 20, 20]
    # A square has vertical and horizontal edges, so both edge detectors fire on it too.
    assert roles.fires[0].tolist() == [True, False, True]  # vertical edges: vertical bars, squares
    assert roles.fires[1].tolist() == [False, True, True]  # horizontal edges: horizontal bars, squares
    assert roles.fires[2].tolist() == [False, False, True]  # the blob detector: filled squares only
    assert roles.mean[0, 0] > 4 * roles.mean[0, 1] and roles.mean[1, 1] > 4 * roles.mean[1, 0]
    assert not roles.fires[3:].any()  # all-zero kernels never fire
    assert "above" in FIRES_RULE


def test_kernel_role_means_match_a_direct_convolution() -> None:
    model = _edge_model()
    images = torch.cat([_bars(7, True, 2), _bars(5, False, 3)])
    labels = np.array([0] * 7 + [1] * 5)
    roles = kernel_roles(model, images, labels, ("v", "h", "unused"))
    conv = _conv1(model)
    maps = F.relu(F.conv2d(images, conv.weight, conv.bias, padding=1))  # (12, 8, 28, 28)
    per_image = maps.mean(dim=(2, 3))  # (12, 8)
    np.testing.assert_allclose(roles.mean[:, 0], per_image[:7].mean(0).detach().numpy(), rtol=1e-5)
    np.testing.assert_allclose(roles.mean[:, 1], per_image[7:].mean(0).detach().numpy(), rtol=1e-5)
    assert np.isnan(roles.mean[:, 2]).all() and not roles.fires[:, 2].any()  # a class without images
    np.testing.assert_allclose(roles.threshold, roles.mean[:, :2].mean(1), rtol=1e-12)
    assert (roles.fires[:, :2] == (roles.mean[:, :2] > roles.threshold[:, None])).all()
