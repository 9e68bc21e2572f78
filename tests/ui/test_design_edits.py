"""The Design view's edits as pure functions, against designs written out by hand: rows found by path through
blocks and branches, lists that keep a row (and branches two), moves stopped at the ends, labels renumbered,
and a design adapted to a dataset's input and classes."""

from __future__ import annotations

import yaml

from cnnlab.design.files import parse_design
from cnnlab.design.shapes import analyse
from cnnlab.design.spec import Layer
from ui.design.edits import (
    adapt,
    add_branch,
    can_remove,
    find_row,
    insert_after,
    layer_at,
    move,
    new_layer,
    remove_at,
    set_value,
    value_of,
)

NESTED = """
name: nested
input: [1, 8, 8]
classes: 3
layers:
  - conv: {out: 4, kernel: 3, padding: 1}
  - residual:
      - conv: {out: 4, kernel: 3, padding: 1}
      - relu
  - branches:
      - [conv: {out: 2, kernel: 1}]
      - [maxpool: {kernel: 3, stride: 1, padding: 1}, conv: {out: 2, kernel: 1}]
  - flatten
  - residual:
      - linear: {out: 256}
  - linear: {out: 3}
"""


def kinds(layers: tuple[Layer, ...]) -> list[str]:
    return [layer.kind for layer in layers]


def test_rows_are_found_by_path_through_blocks_and_branches() -> None:
    design = parse_design(yaml.safe_load(NESTED))
    assert layer_at(design, (1, 1)).row == "2.2"
    assert layer_at(design, (2, 1)).row == "3.b2"
    assert layer_at(design, (2, 1, 1)).row == "3.b2.2"
    assert find_row(design.layers, "3.b2.2") == (2, 1, 1) and find_row(design.layers, "9") is None


def test_a_row_added_lands_after_the_picked_one_or_at_a_branch_s_end_and_the_rows_are_renumbered() -> None:
    design = parse_design(yaml.safe_load(NESTED))
    after, path = insert_after(design, (1, 0), Layer("bn"))
    assert path == (1, 1) and kinds(after.layers[1].layers) == ["conv", "bn", "relu"]
    assert [layer.row for layer in after.layers[1].layers] == ["2.1", "2.2", "2.3"]
    into, path = insert_after(design, (2, 0), Layer("relu"))  # a branch picked: at its end
    assert path == (2, 0, 1) and kinds(into.layers[2].branches[0].layers) == ["conv", "relu"]
    last, path = insert_after(design, None, Layer("relu"))
    assert path == (6,) and last.layers[6].row == "7"


def test_a_list_keeps_a_row_and_branches_keep_two() -> None:
    design = parse_design(yaml.safe_load(NESTED))
    assert not can_remove(design, (4, 0)) and remove_at(design, (4, 0)) is None  # the residual's only row
    assert not can_remove(design, (2, 0))  # one of two branches
    more, path = add_branch(design, (2, 0), Layer("conv", out=2, kernel=1)) or (design, ())
    assert path == (2, 2) and len(more.layers[2].branches) == 3 and more.layers[2].branches[2].row == "3.b3"
    removed = remove_at(more, (2, 0))
    assert removed is not None
    fewer, select = removed
    assert select == (2, 0) and [b.row for b in fewer.layers[2].branches] == ["3.b1", "3.b2"]
    assert add_branch(design, (0,), Layer("relu")) is None  # a convolution has no branches


def test_moves_stop_at_either_end_of_their_list() -> None:
    design = parse_design(yaml.safe_load(NESTED))
    assert move(design, (0,), -1) is None and move(design, (5,), 1) is None
    moved = move(design, (1, 1), -1)
    assert moved is not None and kinds(moved[0].layers[1].layers) == ["relu", "conv"] and moved[1] == (1, 0)


def test_values_are_set_where_the_kind_has_them() -> None:
    design = parse_design(yaml.safe_load(NESTED))
    pool = layer_at(design, (2, 1, 0))
    assert value_of(pool, "stride") == 1 and value_of(pool, "out") is None
    assert value_of(Layer("maxpool", kernel=3), "stride") == 3  # the default: the kernel
    wider = set_value(design, (0,), "bias", False)
    assert analyse(wider)[0].params == 4 * 9  # no bias: weights only
    assert value_of(layer_at(set_value(design, (2, 1, 0), "kernel", 5), (2, 1, 0)), "kernel") == 5


def test_a_new_layer_works_where_it_is_put() -> None:
    block = new_layer("residual", channels=6)
    assert kinds(block.layers) == ["conv", "bn", "relu"] and block.layers[0].out == 6
    branches = new_layer("branches", channels=6)
    assert [b.layers[0].kernel for b in branches.branches] == [1, 3]
    assert new_layer("linear", classes=7).out == 7


def test_a_design_is_adapted_to_the_data_s_input_and_classes() -> None:
    design = parse_design(yaml.safe_load(NESTED))
    fitted = adapt(design, (1, 8, 8), 5)
    assert fitted.classes == 5 and fitted.layers[-1].out == 5
    assert fitted.layers[4].layers[0].out == 256  # the block's linear layer is not the last one
    assert analyse(fitted)[-1].output == (5,)
    assert adapt(design, (3, 12, 12), 3).input == (3, 12, 12)
