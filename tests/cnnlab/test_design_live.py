"""The X-ray the Design view recounts after every edit, against the flop counter on hand-written modules, and
the count of rows it had to count rather than remember (what the view's result reports)."""

from __future__ import annotations

from dataclasses import replace

import torch
import yaml
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

from cnnlab.design import flops
from cnnlab.design.files import parse_design
from cnnlab.design.from_model import design_from_model
from cnnlab.design.spec import numbered
from cnnlab.design.xray import xray

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


def test_blocks_and_branches_are_counted_as_the_flop_counter_counts_them() -> None:
    design = parse_design(yaml.safe_load(BLOCKS))
    result = xray(design)
    # the residual's convolution by hand: 8 outputs × 4 inputs per group × 9 taps × 16×16 positions, 2 per multiply-add
    residual = {row.row: row for row in result.layers}["4"]
    assert residual.flops == residual.layers[0].flops == 2 * 8 * 4 * 9 * 16 * 16
    assert residual.layers[0].flops == flops_of(nn.Conv2d(8, 8, 3, padding=1, groups=2), (8, 16, 16))
    branches = {row.row: row for row in result.layers}["5"]
    assert [b.output_shape for b in branches.layers] == [(4, 16, 16), (6, 16, 16), (8, 16, 16)]
    assert branches.output_shape == (18, 16, 16)


def test_the_rows_counted_rather_than_remembered_are_told() -> None:
    flops.forget()
    design = design_from_model("lenet5")
    before = flops.counted_rows()
    xray(design)
    assert flops.counted_rows() - before == len(design.layers)  # twelve different rows, none remembered
    before = flops.counted_rows()
    xray(design)
    assert flops.counted_rows() == before  # nothing changed: every row remembered
    layers = list(design.layers)
    layers[3] = replace(layers[3], out=32)  # conv2: 16 -> 32 channels
    edited = replace(design, layers=numbered(tuple(layers)))
    result = xray(edited)
    # conv2 itself, relu2 and pool2 (their input has 32 channels now), the flatten and the first linear (800 inputs)
    assert flops.counted_rows() - before == 5
    assert {row.row: row for row in result.layers}["4"].params == 32 * 6 * 25 + 32
