"""The live X-ray (the Design view's) against the full one and the flop counter on hand-written modules: the same
numbers, a bad design the same sentence, and only the rows an edit changed counted again."""

from __future__ import annotations

from dataclasses import replace

import pytest
import torch
import yaml
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

from cnnlab.design.files import parse_design
from cnnlab.design.from_model import design_from_model
from cnnlab.design.live import LiveXRay
from cnnlab.design.spec import Layer, numbered
from cnnlab.design.xray import xray
from cnnlab.errors import DesignError

BLOCKS = """
name: blocks
input: [3, 16, 16]
classes: 4
layers:
  - conv: {out: 8, kernel: 3, padding: 1, bias: false}
  - bn
  - relu
  - residual:
      - conv: {out: 8, kernel: 3, padding: 1, groups: 2}
      - bn
      - relu
  - branches:
      - - conv: {out: 4, kernel: 1}
      - - conv: {out: 6, kernel: 3, padding: 1}
        - relu
      - - maxpool: {kernel: 3, stride: 1, padding: 1}
  - avgpool: {kernel: 2}
  - dropout: {p: 0.25}
  - gap
  - flatten
  - linear: {out: 16}
  - tanh
  - linear: {out: 4}
"""


def flops_of(module: nn.Module, shape: tuple[int, ...]) -> int:
    counter = FlopCounterMode(display=False)
    with counter, torch.no_grad():
        module.eval()(torch.zeros(1, *shape))  # (1, C, H, W)
    return int(counter.get_total_flops())


@pytest.mark.parametrize("name", ["lenet5", "cifar-cnn", "dnn"])
def test_the_live_x_ray_equals_the_full_one_for_built_in_models(name: str) -> None:
    design = design_from_model(name)
    assert LiveXRay().xray(design) == xray(design)


def test_blocks_and_branches_are_counted_as_the_full_x_ray_and_the_flop_counter_count_them() -> None:
    design = parse_design(yaml.safe_load(BLOCKS))
    live = LiveXRay().xray(design)
    assert live == xray(design)
    # the residual's convolution by hand: 8 outputs × 4 inputs per group × 9 taps × 16×16 positions, 2 per multiply-add
    residual = {row.row: row for row in live.layers}["4"]
    assert residual.flops == residual.layers[0].flops == 2 * 8 * 4 * 9 * 16 * 16
    assert residual.layers[0].flops == flops_of(nn.Conv2d(8, 8, 3, padding=1, groups=2), (8, 16, 16))
    branches = {row.row: row for row in live.layers}["5"]
    assert [b.output_shape for b in branches.layers] == [(4, 16, 16), (6, 16, 16), (8, 16, 16)]
    assert branches.output_shape == (18, 16, 16)


def test_an_edit_counts_again_only_the_rows_whose_settings_or_input_changed() -> None:
    design = design_from_model("lenet5")
    live = LiveXRay()
    live.xray(design)
    assert live.counted == len(design.layers)
    live.xray(design)
    assert live.counted == 0  # nothing changed: every row remembered
    layers = list(design.layers)
    layers[3] = replace(layers[3], out=32)  # conv2: 16 -> 32 channels
    edited = replace(design, layers=numbered(tuple(layers)))
    result = live.xray(edited)
    # conv2 itself, relu2 and pool2 (their input has 32 channels now), the flatten and the first linear (800 inputs)
    assert live.counted == 5
    assert result == xray(edited)
    assert {row.row: row for row in result.layers}["4"].params == 32 * 6 * 25 + 32


def test_a_bad_design_raises_the_full_x_ray_s_sentence() -> None:
    design = design_from_model("lenet5")
    layers = list(design.layers)
    layers[3] = replace(layers[3], kernel=30)
    bad = replace(design, layers=numbered(tuple(layers)))
    with pytest.raises(DesignError) as live_error:
        LiveXRay().xray(bad)
    with pytest.raises(DesignError) as full_error:
        xray(bad)
    assert str(live_error.value) == str(full_error.value) == (
        "row 4: kernel 30 on a 14×14 input, after one pooling; use a kernel of at most 14, pad the input, or "
        "remove a pooling before it.")


def test_the_memory_keeps_at_most_its_limit() -> None:
    live = LiveXRay(limit=3)
    design = parse_design(yaml.safe_load(BLOCKS))
    live.xray(design)
    assert len(live.memory) == 3
    flat = replace(design, layers=numbered((Layer("flatten"), Layer("linear", out=4))))
    assert live.xray(flat).total_params == 3 * 16 * 16 * 4 + 4
