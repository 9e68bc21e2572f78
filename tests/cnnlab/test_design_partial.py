"""The X-ray of a broken design: the rows before the one that breaks keep their numbers, equal to the X-ray of
the design cut there by hand (and given a head so that it works)."""

from __future__ import annotations

from typing import Any

import torch
from torch import nn

from cnnlab.design.files import parse_design
from cnnlab.design.xray import xray, xray_until_error

CONV3 = {"conv": {"out": 8, "kernel": 3, "padding": 1}}
POOL2 = {"maxpool": {"kernel": 2}}
HEAD = ["flatten", {"linear": {"out": 10}}]


def net(*layers: Any) -> dict[str, Any]:
    return {"name": "t", "input": [1, 12, 12], "classes": 10, "layers": list(layers)}


def test_rows_before_a_bad_kernel_match_the_design_cut_by_hand() -> None:
    broken = parse_design(net(CONV3, "relu", POOL2, CONV3, POOL2, {"conv": {"out": 8, "kernel": 5}}, *HEAD))
    partial, error = xray_until_error(broken)
    assert error is not None and str(error.sentence).startswith("row 6: kernel 5 on a 3×3 input")
    cut = xray(parse_design(net(CONV3, "relu", POOL2, CONV3, POOL2, *HEAD)))  # rows 1–5 by hand, then a head
    assert [r.row for r in partial.layers] == ["1", "2", "3", "4", "5"]
    assert partial.layers == cut.layers[:5]
    # hand-computed: conv1 8×(1×9+1) = 80, conv4 8×(8×9+1) = 584; shapes 8×12×12 → 8×6×6 → 8×3×3
    assert [r.params for r in partial.layers] == [80, 0, 0, 584, 0]
    assert [r.output_shape for r in partial.layers] == [(8, 12, 12)] * 2 + [(8, 6, 6)] * 2 + [(8, 3, 3)]
    assert partial.total_params == 664 and partial.most_params == "" and partial.most_flops == ""
    # FLOPs from an independent count: a forward of the hand-written rows under the flop counter
    from torch.utils.flop_counter import FlopCounterMode

    rows = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(8, 8, 3, padding=1),
                         nn.MaxPool2d(2))
    counter = FlopCounterMode(display=False)
    with counter, torch.no_grad():
        rows(torch.zeros(1, 1, 12, 12))  # (1, C, H, W)
    assert partial.total_flops == counter.get_total_flops() == 2 * (8 * 9 * 144 + 8 * 72 * 36)


def test_a_bad_block_stops_before_the_block_and_a_bad_end_keeps_every_row() -> None:
    block = {"residual": [{"conv": {"out": 16, "kernel": 3, "padding": 1}}, "relu"]}
    partial, error = xray_until_error(parse_design(net(CONV3, block, *HEAD)))
    assert error is not None and [r.row for r in partial.layers] == ["1"]
    assert partial.layers == xray(parse_design(net(CONV3, *HEAD))).layers[:1]
    partial, error = xray_until_error(parse_design(net(CONV3, "flatten", {"linear": {"out": 9}})))
    assert error is not None and "9 outputs" in str(error.sentence)
    assert [r.row for r in partial.layers] == ["1", "2", "3"] and partial.layers[-1].params == 1152 * 9 + 9


def test_a_first_row_that_breaks_leaves_no_row_and_a_working_design_no_error() -> None:
    partial, error = xray_until_error(parse_design(net({"conv": {"out": 8, "kernel": 13}}, *HEAD)))
    assert error is not None and partial.layers == () and partial.total_params == 0
    whole, error = xray_until_error(parse_design(net(CONV3, *HEAD)))
    assert error is None and whole == xray(parse_design(net(CONV3, *HEAD)))
