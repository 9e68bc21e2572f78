"""The attribution sanity check (Adebayo et al., 2018) on a shape CNN trained here, and its parts against
answers worked out by hand: Spearman's ρ of small arrays, a deletion curve made pixel by pixel, the order
of the layers and their grouping. The real model is never changed and a seed gives the same numbers."""

from __future__ import annotations

import random

import numpy as np
import pytest
import torch
from torch import nn
from torch.nn import functional as F

from cnnlab.datasets.specs import SHAPES
from cnnlab.datasets.synthetic import draw_shape
from cnnlab.inspection.sanity import (
    RANK_CORRELATION_LIMIT,
    SanityReport,
    deletion_curve,
    randomisation_steps,
    sanity_check,
    weight_layers,
)
from cnnlab.inspection.sanity_math import area_under, deletion_order, rank_correlation
from cnnlab.models import build_model

MEAN, STD = 0.1, 0.3  # about the shapes set's pixel mean and spread (0..1)
CHECKED = 6  # test images checked: two rounds of the five shapes would double the time for the same verdicts


def shapes(n: int, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """``n`` images of the synthetic shapes set's generator (the five shapes in turn), normalised (N, 1, 28, 28)."""
    rng = random.Random(seed)
    x = np.stack([draw_shape(SHAPES[i % len(SHAPES)], 255, rng, "L") for i in range(n)])[:, None]
    return (torch.from_numpy(x).float() / 255 - MEAN) / STD, torch.arange(n) % len(SHAPES)


@pytest.fixture(scope="module")
def trained() -> tuple[nn.Module, torch.Tensor]:
    """The chapter's shape CNN trained a few seconds on generated shapes (well above chance), and test images."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # a tiny net: a second thread only waits for a core
    try:
        torch.manual_seed(0)
        net = build_model("shape-cnn", in_channels=1, image_size=(28, 28), num_classes=len(SHAPES))
        x, y = shapes(1500, seed=1)
        opt = torch.optim.Adam(net.parameters(), lr=3e-3)
        net.train()
        for _epoch in range(6):
            order = torch.randperm(len(x))
            for i in range(0, len(x), 50):
                idx = order[i:i + 50]
                opt.zero_grad()
                F.cross_entropy(net(x[idx]), y[idx]).backward()
                opt.step()
        net.eval()
        tx, ty = shapes(200, seed=2)
        with torch.no_grad():
            accuracy = float((net(tx).argmax(1) == ty).float().mean())
        assert accuracy > 0.85, accuracy  # it has learned the shapes: chance is 0.2
        return net, tx
    finally:
        torch.set_num_threads(threads)


@pytest.fixture(scope="module")
def reports(trained: tuple[nn.Module, torch.Tensor]) -> list[SanityReport]:
    net, tx = trained
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        return [sanity_check(net, tx[i]) for i in range(CHECKED)]
    finally:
        torch.set_num_threads(threads)


def mean_correlation(reports: list[SanityReport], method: str) -> np.ndarray:
    """The method's ρ per step (top first), averaged over the images whose real map is not flat."""
    rows = [r.methods[method].rank_correlation for r in reports if r.methods[method].passes is not None]
    assert rows, method
    return np.mean(rows, axis=0)


def test_the_steps_randomise_the_shape_cnn_from_the_top(reports: list[SanityReport]) -> None:
    assert reports[0].steps == [("fc2",), ("bn",), ("fc1",), ("conv2",), ("conv1",)]
    for r in reports:
        assert set(r.methods) == {"gradcam", "occlusion", "saliency", "guided", "deconv", "ig"}
        for m in r.methods.values():
            assert len(m.maps) == 6 and len(m.rank_correlation) == 5
            assert all(-1.0 <= c <= 1.0 for c in m.rank_correlation)


def test_grad_cam_changes_once_the_weights_are_random(reports: list[SanityReport]) -> None:
    """The paper: Grad-CAM depends on the weights, so its map changes (it passes the check)."""
    last = mean_correlation(reports, "gradcam")[-1]
    assert last < RANK_CORRELATION_LIMIT - 0.2, last
    verdicts = [r.methods["gradcam"].passes for r in reports if r.methods["gradcam"].passes is not None]
    assert sum(verdicts) > len(verdicts) / 2, verdicts


def test_guided_backprop_survives_randomising_the_top_layers(reports: list[SanityReport]) -> None:
    """The paper predicts that guided backprop survives: its map barely changes when the weights are
    randomised (high rank correlation), because it shows the image's edges more than the decision. Here
    that holds while the layers above the convolutions are random: after the top layer (fc2) and batch norm
    its ρ stays high, far above Grad-CAM's. This two-conv net goes further than the paper's Inception v3: once
    conv2 and conv1 are random too, guided backprop's ρ falls as well (to about 0.2 on these images), so on
    this net its ``passes`` is True: the check measures, it does not assume the paper's verdict."""
    guided, gradcam = mean_correlation(reports, "guided"), mean_correlation(reports, "gradcam")
    assert guided[0] > 0.6, guided  # the top layer random: the map stays alike
    assert (guided[:2] > gradcam[:2] + 0.3).all(), (guided, gradcam)  # and far more alike than Grad-CAM's


def test_deletion_falls_faster_than_for_a_random_order(reports: list[SanityReport]) -> None:
    """Removing the pixels that occlusion, Grad-CAM and integrated gradients rank first costs the class sooner
    than removing pixels in a random order: a smaller area under the probability curve."""
    random_area = np.mean([r.random_deletion_auc for r in reports])
    area = {m: np.mean([r.methods[m].deletion_auc for r in reports]) for m in reports[0].methods}
    assert area["occlusion"] < random_area - 0.05, (area, random_area)  # it reads the probability itself
    assert area["gradcam"] < random_area and area["ig"] < random_area, (area, random_area)
    for r in reports:
        curve = r.methods["occlusion"].deletion
        assert curve[0] == pytest.approx(r.probabilities[r.target], abs=1e-5)  # nothing removed yet


def test_the_real_model_and_the_random_state_are_left_alone(trained: tuple[nn.Module, torch.Tensor]) -> None:
    net, tx = trained
    before = {k: v.clone() for k, v in net.state_dict().items()}
    rng_before = torch.get_rng_state()
    first = sanity_check(net, tx[0], methods=("gradcam", "saliency"), seed=3)
    assert torch.equal(torch.get_rng_state(), rng_before)
    for k, v in net.state_dict().items():
        assert torch.equal(v, before[k]), k
    again = sanity_check(net, tx[0], methods=("gradcam", "saliency"), seed=3)
    other = sanity_check(net, tx[0], methods=("gradcam", "saliency"), seed=4)
    for m in ("gradcam", "saliency"):
        assert again.methods[m].rank_correlation == first.methods[m].rank_correlation
        np.testing.assert_array_equal(again.methods[m].deletion, first.methods[m].deletion)
    assert other.methods["saliency"].rank_correlation != first.methods["saliency"].rank_correlation


def test_rank_correlation_of_absolute_values_by_hand() -> None:
    a = np.array([[1.0, -2.0], [3.0, 4.0]])
    # |b| = 4, 3, 1, 2: ranks 4, 3, 1, 2 against |a|'s 1, 2, 3, 4; d² = 9 + 1 + 4 + 4 = 18
    b = np.array([[-4.0, 3.0], [1.0, -2.0]])
    assert rank_correlation(a, b) == pytest.approx(1 - 6 * 18 / (4 * (16 - 1)))
    assert rank_correlation(a, -a) == pytest.approx(1.0)  # signs are ignored, as the paper's ABS figure
    assert rank_correlation(a, np.zeros((2, 2))) == 0.0  # a flat map keeps no order


def test_deletion_order_and_area_by_hand() -> None:
    importance = np.array([[0.5, 2.0], [0.5, -1.0]])
    ties = np.array([3, 2, 1, 0])  # the random order: pixel 3 first, then 2...
    assert deletion_order(importance, ties).tolist() == [1, 2, 0, 3]  # pixel 2 before 0: earlier in ``ties``
    assert area_under(np.array([1.0, 0.5, 0.0])) == pytest.approx(0.5 * (0.75 + 0.25))


def test_deletion_curve_is_the_hand_loop() -> None:
    torch.manual_seed(0)
    net = nn.Sequential(nn.Conv2d(2, 3, 3, padding=1), nn.ReLU(), nn.Flatten(), nn.Linear(3 * 16, 4)).eval()
    x = torch.randn(2, 4, 4, generator=torch.Generator().manual_seed(1))
    order = np.random.default_rng(2).permutation(16)
    got = deletion_curve(net, x, target=1, order=order, steps=4, baseline=0.0)
    want = []
    for k in range(5):
        covered = x.clone().reshape(2, 16)
        covered[:, order[:4 * k]] = 0.0  # a quarter of the 16 pixels more each step, both channels
        with torch.no_grad():
            want.append(torch.softmax(net(covered.reshape(1, 2, 4, 4)), dim=1)[0, 1].item())
    np.testing.assert_allclose(got, want, atol=1e-6)


class Backwards(nn.Module):
    """Registers ``a`` before ``b`` but calls ``b`` first; ``unused`` is never called."""

    def __init__(self) -> None:
        super().__init__()
        self.a, self.b, self.unused, self.relu = nn.Linear(4, 2), nn.Linear(4, 4), nn.Linear(9, 9), nn.ReLU()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.a(self.relu(self.b(x)))


def test_layers_in_forward_order_and_groups_top_first() -> None:
    assert weight_layers(Backwards(), torch.zeros(4)) == ["b", "a"]
    names = [f"l{i}" for i in range(25)]
    steps = randomisation_steps(names, max_steps=10)
    assert len(steps) == 10 and steps[0] == ("l24", "l23", "l22") and steps[-1] == ("l1", "l0")
    assert [n for s in steps for n in s] == names[::-1]
    assert randomisation_steps(["x", "y"], max_steps=10) == [("y",), ("x",)]
