"""Designs against independent counts: a hand-written torch module's parameters (sum of numel), its shapes from
a forward pass, its FLOPs from the flop counter, receptive fields worked out by hand; files read and written."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import torch
import yaml
from helpers_design import (
    EVERY_KIND,
    EVERY_KIND_FLOPS,
    EVERY_KIND_PARAMS,
    ISSUE_EXAMPLE,
    HandEveryKind,
    shuffle_statistics,
)
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

from cnnlab.design.build import build_design
from cnnlab.design.files import design_yaml, load_design, parse_design
from cnnlab.design.from_model import copy_weights, design_from_module
from cnnlab.design.shapes import leaf_rows
from cnnlab.design.xray import XRayRow, xray


class HandResidual(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Conv2d(8, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU())

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.body(x)


def hand_written() -> nn.Sequential:
    """The issue's example written by hand: (1, 1, 28, 28) -> (1, 10)."""
    return nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), HandResidual(), nn.Flatten(),
                         nn.Linear(8 * 14 * 14, 10))


def flops_of(module: nn.Module, shape: tuple[int, ...]) -> int:
    counter = FlopCounterMode(display=False)
    with counter, torch.no_grad():
        module.eval()(torch.zeros(1, *shape))
    return int(counter.get_total_flops())


def flat(rows: tuple[XRayRow, ...]) -> list[XRayRow]:
    out: list[XRayRow] = []
    for row in rows:
        out += [row, *flat(row.layers)]
    return out


def test_the_issue_example_matches_a_hand_written_module() -> None:
    design = parse_design(yaml.safe_load(ISSUE_EXAMPLE))
    result = xray(design)
    hand = hand_written()
    assert result.total_params == sum(p.numel() for p in hand.parameters()) == 80 + 584 + 16 + 15690
    assert result.total_flops == flops_of(hand, (1, 28, 28)) == 2 * 8 * 9 * 28 * 28 + 2 * 8 * 8 * 9 * 14 * 14 \
        + 2 * 1568 * 10
    rows = {row.row: row for row in flat(result.layers)}
    assert [r.row for r in result.layers] == ["1", "2", "3", "4", "5", "6"]
    assert [r.row for r in result.layers[3].layers] == ["4.1", "4.2", "4.3"]
    assert rows["1"].flops == flops_of(hand[0], (1, 28, 28))
    assert rows["4"].flops == rows["4.1"].flops == flops_of(hand[3], (8, 14, 14))
    assert rows["6"].flops == flops_of(hand[5], (1568,))
    assert rows["4.2"].params == 16 and rows["6"].params == 15690
    # receptive fields by hand: 3; pool 3 + 1 = 4 (jump 2); conv 4 + 2·2 = 8; the linear sees the whole 28
    assert [rows[k].receptive_field for k in ("1", "3", "4.1", "5", "6")] == [3, 4, 8, 8, 28]
    assert rows["6"].memory == 10 * 4 and rows["1"].memory == 8 * 28 * 28 * 4
    assert result.most_params == "6" and result.most_flops == "4.1"
    assert result.to_json()["layers"][3]["layers"][0]["name"] == "conv2"


def test_arithmetic_shapes_match_a_forward_pass_of_the_built_module() -> None:
    design = parse_design(yaml.safe_load(ISSUE_EXAMPLE.replace("  - flatten", """  - branches:
      - [conv: {out: 4, kernel: 1}]
      - [conv: {out: 6, kernel: 3, padding: 1, groups: 2}, relu]
      - [maxpool: {kernel: 3, stride: 1, padding: 1}]
  - avgpool: {kernel: 2}
  - bn
  - gap
  - flatten
  - bn
  - dropout: {p: 0.2}
  - tanh""")))
    result = xray(design)
    model = build_design(design).eval()
    seen: dict[str, tuple[int, ...]] = {}
    for name, module in model.named_modules():
        if name:
            module.register_forward_hook(lambda m, a, out, name=name: seen.__setitem__(name, tuple(out.shape[1:])))
    with torch.no_grad():
        assert model(torch.zeros(2, 1, 28, 28)).shape == (2, 10)

    def paths(rows: tuple[XRayRow, ...], parent: str) -> list[tuple[str, XRayRow]]:
        out = []
        for row in rows:
            out += [(parent + row.name, row), *paths(row.layers, parent + row.name + ".")]
        return out

    checked = paths(result.layers, "")
    assert len(checked) == len(seen) == 13 + 3 + 3 + 4  # top rows, residual rows, branch rows, their layers
    for path, row in checked:
        assert seen[path] == row.output_shape, path
    assert seen["branches1"] == (4 + 6 + 8, 14, 14)  # 1×1 conv, grouped 3×3 conv, the pooled 8 channels
    assert result.total_params == sum(p.numel() for p in model.parameters())
    assert isinstance(model.bn2, nn.BatchNorm2d) and isinstance(model.bn3, nn.BatchNorm1d)  # 2-d, then 1-d


def test_pytorch_defaults_pool_stride_is_the_kernel_and_layers_have_a_bias() -> None:
    design = parse_design({"input": [3, 9, 9], "classes": 2, "layers": [
        {"conv": {"out": 4, "kernel": 3, "bias": False}}, {"maxpool": {"kernel": 3}}, "flatten",
        {"linear": {"out": 2}}]})
    model = build_design(design)
    conv, pool, linear = model.conv1, model.maxpool1, model.linear1
    assert isinstance(conv, nn.Conv2d) and conv.bias is None and conv.stride == (1, 1)
    assert isinstance(pool, nn.MaxPool2d) and pool.stride == 3 and not pool.ceil_mode
    assert isinstance(linear, nn.Linear) and linear.bias is not None and linear.in_features == 4 * 2 * 2  # 7 // 3


def test_a_design_file_is_written_and_read_back_the_same(tmp_path: Path) -> None:
    design = parse_design(yaml.safe_load(ISSUE_EXAMPLE))
    path = tmp_path / "net.yaml"
    path.write_text(design_yaml(design), encoding="utf-8")
    again = load_design(path)
    assert again == design
    assert "- conv: {out: 8, kernel: 3, padding: 1}" in path.read_text(encoding="utf-8")


def test_rows_are_labelled_as_the_student_counts_them() -> None:
    design = parse_design({"input": [1, 8, 8], "classes": 2, "layers": [
        "relu", {"branches": [["relu"], ["relu", {"residual": ["relu", "tanh"]}]]}, "flatten", {"linear": {"out": 2}}]})
    from cnnlab.design.shapes import analyse

    labels = [row.layer.row for row in leaf_rows(analyse(design))]
    assert labels == ["1", "2.b1.1", "2.b2.1", "2.b2.2.1", "2.b2.2.2", "3", "4"]


@pytest.mark.parametrize("classes", [2, 7])
def test_the_built_module_gives_one_score_per_class(classes: int) -> None:
    design = parse_design({"input": [3, 16, 16], "classes": classes, "layers": [
        {"conv": {"out": 4, "kernel": 3, "stride": 2}}, "gap", "flatten", {"linear": {"out": classes}}]})
    with torch.no_grad():
        assert build_design(design)(torch.zeros(3, 3, 16, 16)).shape == (3, classes)


def test_the_zoo_s_layer_kinds_match_a_hand_written_module() -> None:
    design = parse_design(yaml.safe_load(EVERY_KIND))
    result = xray(design)
    torch.manual_seed(0)
    hand = HandEveryKind().eval()
    assert result.total_params == sum(p.numel() for p in hand.parameters()) == EVERY_KIND_PARAMS
    assert result.total_flops == flops_of(hand, (3, 15, 15)) == EVERY_KIND_FLOPS
    rows = {row.row: row for row in flat(result.layers)}
    assert design.layers[2].alpha == 1e-3  # YAML 1.1 reads 1e-3 as text; a design takes it as the number
    assert [rows[k].output_shape for k in ("4", "5", "7", "8", "9")] == [(8, 8, 8), (16, 4, 4), (24, 2, 2),
                                                                       (30, 2, 2), (120,)]
    assert (rows["5"].shortcut, rows["5"].shortcut_stride, rows["5"].shortcut_params) == ("projection", 2, 128 + 32)
    assert (rows["7"].shortcut, rows["7"].shortcut_stride, rows["7"].shortcut_params) == ("pad", 2, 0)
    assert rows["5"].params == rows["5.1"].params + rows["5.2"].params + 160
    # receptive fields by hand: 3; lrn 3; pool 3 + 1 = 4 (jump 2); conv 4 + 2·2 = 8 (jump 4); conv 8 + 2·4 = 16
    # (jump 8); the dense block's conv 16 + 2·8 = 32
    assert [rows[k].receptive_field for k in ("2", "3", "4", "5", "7", "8")] == [3, 3, 4, 8, 16, 32]
    built = build_design(design).eval()
    shuffle_statistics(hand)
    copy_weights(hand, built)  # by order: the design registers its parameters as the hand-written module does
    x = torch.randn(5, 3, 15, 15)  # (5, C, H, W)
    with torch.no_grad():
        assert torch.allclose(built(x), hand(x), atol=1e-5)
    again = design_from_module(built, design.name, design.input, design.classes)  # the module read back
    assert again.layers == design.layers
    assert parse_design(yaml.safe_load(design_yaml(design))) == design


def test_a_pooling_rounds_up_as_pytorch_s_ceil_mode() -> None:
    for side, kernel, stride, padding in [(15, 2, 2, 0), (7, 3, 2, 1), (6, 3, 3, 1), (5, 3, 2, 0), (4, 2, 3, 1)]:
        design = parse_design({"input": [1, side, side], "classes": 2, "layers": [
            {"avgpool": {"kernel": kernel, "stride": stride, "padding": padding, "ceil": True}}, "flatten",
            {"linear": {"out": 2}}]})
        pool = nn.AvgPool2d(kernel, stride, padding, ceil_mode=True)
        assert xray(design).layers[0].output_shape == tuple(pool(torch.zeros(1, 1, side, side)).shape[1:])


def test_an_edit_recounts_only_the_rows_it_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    from cnnlab.design import flops
    from cnnlab.design.from_model import design_from_model

    counted: list[str] = []
    real = flops.count

    def spy(rows: list[Any]) -> list[flops.Flops]:
        counted.extend(row.layer.row for row in rows)
        return real(rows)

    monkeypatch.setattr(flops, "count", spy)
    flops.forget()
    lenet = design_from_model("lenet5")  # 1 conv, 2 relu, 3 maxpool, 4 conv, 5 relu, 6 maxpool, 7 flatten, 8 linear…
    before = xray(lenet)
    assert counted == [str(i) for i in range(1, 13)]
    counted.clear()
    assert xray(lenet) == before and counted == []
    wider = replace(lenet, layers=(*lenet.layers[:3], replace(lenet.layers[3], out=32), *lenet.layers[4:]))
    after = xray(wider)
    assert counted == ["4", "5", "6", "7", "8"]  # the edited conv, then each row that now gets another shape
    assert after.total_flops == before.total_flops + 2 * 16 * 6 * 25 * 10 * 10 + 2 * 400 * 120  # conv2, linear1
    flops.forget()
    assert xray(wider) == after  # the same as a count from nothing
    counted.clear()
    block = {"residual": [{"conv": {"out": 4, "kernel": 3, "padding": 1}}, "relu"]}
    repeated = parse_design({"input": [1, 8, 8], "classes": 2, "layers": [
        {"conv": {"out": 4, "kernel": 3, "padding": 1}}, block, block, "flatten", {"linear": {"out": 2}}]})
    rows = xray(repeated).layers
    assert counted == ["1", "2", "4", "5"]  # the second block is the first one again, with the same input
    assert rows[1].flops == rows[2].flops == 2 * 4 * 4 * 9 * 64
