"""Attribution maps against answers known without Captum: a hand-written occlusion loop, and the
gradients of hand-built linear and one-hidden-layer nets worked out with matrix products."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from cnnlab.inspection.attribution import (
    METHODS,
    attribute,
    deconvolution_map,
    guided_backprop_map,
    integrated_gradients_map,
    occlusion_map,
    saliency_map,
)


def small_conv_net(seed: int = 0) -> nn.Module:
    torch.manual_seed(seed)
    return nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                         nn.Linear(4 * 6 * 6, 3)).eval()  # (N, 1, 12, 12) -> (N, 3)


def occlusion_by_hand(model: nn.Module, x: torch.Tensor, target: int, patch: int, stride: int,
                      baseline: float) -> np.ndarray:
    """Slide the patch myself (clipped at the far edges) and average each pixel's probabilities."""
    _, h, w = x.shape
    total = np.zeros((h, w))
    count = np.zeros((h, w))
    steps_r = int(np.ceil((h - patch) / stride)) + 1
    steps_c = int(np.ceil((w - patch) / stride)) + 1
    with torch.no_grad():
        for i in range(steps_r):
            for j in range(steps_c):
                r, c = i * stride, j * stride
                covered = x.clone()
                covered[:, r:r + patch, c:c + patch] = baseline
                p = torch.softmax(model(covered[None]), dim=1)[0, target].item()
                total[r:r + patch, c:c + patch] += p
                count[r:r + patch, c:c + patch] += 1
    assert (count > 0).all()
    return total / count


@pytest.mark.parametrize(("patch", "stride"), [(4, 3), (3, 1), (5, 2)])
def test_occlusion_is_the_hand_loop_of_class_probabilities(patch: int, stride: int) -> None:
    model = small_conv_net()
    x = torch.randn(1, 12, 12, generator=torch.Generator().manual_seed(1))
    got = occlusion_map(model, x, target=2, patch=patch, stride=stride, baseline=0.0)
    want = occlusion_by_hand(model, x, 2, patch, stride, 0.0)
    assert got.shape == (12, 12) and got.dtype == np.float32
    np.testing.assert_allclose(got, want, atol=1e-5)


def linear_model() -> tuple[nn.Module, torch.Tensor]:
    """Flatten then Linear(16, 3) with known weights (the map of class t is then W[t], the image's shape)."""
    w = torch.arange(48, dtype=torch.float32).reshape(3, 16).sin()  # signed, all different
    lin = nn.Linear(16, 3)
    with torch.no_grad():
        lin.weight.copy_(w)
        lin.bias.copy_(torch.tensor([0.1, -0.2, 0.3]))
    return nn.Sequential(nn.Flatten(), lin).eval(), w


def test_linear_model_saliency_is_abs_weights_and_ig_is_input_times_weights() -> None:
    model, w = linear_model()
    x = torch.randn(1, 4, 4, generator=torch.Generator().manual_seed(2))
    for t in range(3):
        wt = w[t].reshape(4, 4).numpy()
        np.testing.assert_allclose(saliency_map(model, x, t), np.abs(wt), atol=1e-6)
        np.testing.assert_allclose(integrated_gradients_map(model, x, t), x[0].numpy() * wt, atol=1e-5)
        # without a ReLU, guided backprop and the deconvnet are the plain gradient
        np.testing.assert_allclose(guided_backprop_map(model, x, t), wt, atol=1e-6)
        np.testing.assert_allclose(deconvolution_map(model, x, t), wt, atol=1e-6)


def relu_model() -> tuple[nn.Sequential, torch.Tensor, torch.Tensor]:
    torch.manual_seed(3)
    first, second = nn.Linear(16, 6), nn.Linear(6, 3)
    return nn.Sequential(nn.Flatten(), first, nn.ReLU(), second).eval(), first.weight.detach(), second.weight.detach()


def test_relu_net_gradients_match_the_matrix_formulas() -> None:
    """y = V·relu(W x + b): gradient Wᵀ(v ⊙ [h > 0]); guided Wᵀ(relu(v) ⊙ [h > 0]); deconv Wᵀ relu(v)."""
    model, w1, w2 = relu_model()
    x = torch.randn(1, 4, 4, generator=torch.Generator().manual_seed(4))
    with torch.no_grad():
        active = (model[1](x.flatten()[None])[0] > 0).float()  # (6,)
    assert 0 < active.sum() < 6  # some units on, some off: the three rules differ
    for t in range(3):
        v = w2[t]
        grad = (w1.T @ (v * active)).reshape(4, 4).numpy()
        guided = (w1.T @ (v.clamp(min=0) * active)).reshape(4, 4).numpy()
        deconv = (w1.T @ v.clamp(min=0)).reshape(4, 4).numpy()
        np.testing.assert_allclose(saliency_map(model, x, t), np.abs(grad), atol=1e-6)
        np.testing.assert_allclose(guided_backprop_map(model, x, t), guided, atol=1e-6)
        np.testing.assert_allclose(deconvolution_map(model, x, t), deconv, atol=1e-6)


def test_integrated_gradients_add_up_to_the_score_change() -> None:
    model, _, _ = relu_model()
    x = torch.randn(1, 4, 4, generator=torch.Generator().manual_seed(5))
    with torch.no_grad():
        change = (model(x[None]) - model(torch.zeros(1, 1, 4, 4)))[0]  # (3,)
    for t in range(3):
        total = float(integrated_gradients_map(model, x, t, steps=400).sum())
        assert total == pytest.approx(float(change[t]), abs=2e-3 * max(1.0, abs(float(change[t]))))


def test_every_method_gives_a_map_the_input_size_and_a_note() -> None:
    torch.manual_seed(6)
    model = nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.ReLU(), nn.Conv2d(4, 4, 3, padding=1), nn.ReLU(),
                          nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(4, 5)).eval()
    x = torch.randn(3, 10, 14)
    with torch.no_grad():
        predicted = int(model(x[None]).argmax())
    before = {k: v.clone() for k, v in model.state_dict().items()}
    for name, info in METHODS.items():
        a = attribute(model, x, name)
        assert a.map.shape == (10, 14) and a.map.dtype == np.float32 and np.isfinite(a.map).all()
        assert a.target == predicted and a.probabilities.sum() == pytest.approx(1.0, abs=1e-5)
        assert info.shows.endswith(".") and info.misleads.endswith(".")
        assert attribute(model, x, name, target=1).target == 1
    assert all(torch.equal(before[k], v) for k, v in model.state_dict().items())  # nothing learned or changed
    assert all(p.grad is None for p in model.parameters())
    with pytest.raises(ValueError, match="target class 7"):
        attribute(model, x, "saliency", target=7)
    with pytest.raises(ValueError, match="unknown attribution method"):
        attribute(model, x, "lime")
