"""Edits of a design as pure functions (no Qt): each takes a :class:`~cnnlab.design.spec.Design` and returns a
new one, rows labelled again as a file numbers them, so the Design view's undo stack only keeps designs.

A row is found by its *path*: the indices from the top-level list down, through a block's rows (residual,
one branch) or a ``branches`` row's branches: ``(3,)`` is the fourth row, ``(3, 1)`` the second row inside
it, ``(4, 1, 0)`` the first row of the second branch of the fifth row.
"""

from __future__ import annotations

from dataclasses import replace

from cnnlab.design.spec import (
    AVGPOOL,
    BN,
    BRANCH,
    BRANCHES,
    CONV,
    DEFAULT_P,
    DROPOUT,
    FLATTEN,
    GAP,
    LINEAR,
    MAXPOOL,
    RELU,
    RESIDUAL,
    SIGMOID,
    TANH,
    Design,
    Layer,
    numbered,
)

LayerPath = tuple[int, ...]
FIELDS = ("out", "kernel", "stride", "padding", "groups", "bias", "p")  # the settings a cell edits, as files name them
EDITABLE: dict[str, tuple[str, ...]] = {  # the settings of each kind, in FIELDS order
    CONV: ("out", "kernel", "stride", "padding", "groups", "bias"),
    MAXPOOL: ("kernel", "stride", "padding"), AVGPOOL: ("kernel", "stride", "padding"),
    LINEAR: ("out", "bias"), DROPOUT: ("p",),
}
ADDABLE = (CONV, MAXPOOL, AVGPOOL, GAP, BN, RELU, SIGMOID, TANH, DROPOUT, FLATTEN, LINEAR, RESIDUAL,
           BRANCHES)  # the kinds the Add menu offers, in the lecture's order
NEW_KERNEL = 3  # a new convolution: 3×3, padded by 1 so that it keeps the size (and fits a residual block)
NEW_POOL = 2  # a new pooling halves the size
NEW_CHANNELS = 8  # a new convolution's channels when the channels arriving are not known


def children(layer: Layer) -> tuple[Layer, ...]:
    """A row's rows: a residual's or a branch's layers, a ``branches`` row's branches; () for a layer."""
    return layer.branches if layer.kind == BRANCHES else layer.layers


def _with_children(layer: Layer, rows: tuple[Layer, ...]) -> Layer:
    return replace(layer, branches=rows) if layer.kind == BRANCHES else replace(layer, layers=rows)


def relabel(design: Design) -> Design:
    """The design with every row labelled as its file would number it ("1", "4.2", "5.b2.1")."""
    return replace(design, layers=numbered(design.layers))


def layer_at(design: Design, path: LayerPath) -> Layer:
    rows = design.layers
    layer = rows[path[0]]
    for i in path[1:]:
        layer = children(layer)[i]
    return layer


def rows_at(design: Design, parent: LayerPath) -> tuple[Layer, ...]:
    """The list that holds the children of ``parent`` (``()``: the top-level rows)."""
    return design.layers if not parent else children(layer_at(design, parent))


def with_rows(design: Design, parent: LayerPath, rows: tuple[Layer, ...]) -> Design:
    """``design`` with the list under ``parent`` replaced by ``rows``, relabelled."""

    def put(layers: tuple[Layer, ...], at: LayerPath) -> tuple[Layer, ...]:
        if not at:
            return rows
        i = at[0]
        inner = put(children(layers[i]), at[1:])
        return layers[:i] + (_with_children(layers[i], inner),) + layers[i + 1:]

    return relabel(replace(design, layers=put(design.layers, parent)))


def replace_at(design: Design, path: LayerPath, layer: Layer) -> Design:
    rows = rows_at(design, path[:-1])
    i = path[-1]
    return with_rows(design, path[:-1], rows[:i] + (layer,) + rows[i + 1:])


def structure(layers: tuple[Layer, ...]) -> tuple[object, ...]:
    """The rows' kinds and nesting, without their settings: equal before and after an edit of a value."""
    return tuple((layer.kind, structure(children(layer))) for layer in layers)


def new_layer(kind: str, channels: int | None = None, classes: int = 10) -> Layer:
    """A row of ``kind`` with settings that work where it is put: ``channels`` arrive there (None: unknown), a
    linear layer gives ``classes`` outputs (it is most often the last); blocks keep the size and channels."""
    c = channels or NEW_CHANNELS
    if kind == CONV:
        return Layer(CONV, out=c, kernel=NEW_KERNEL, padding=NEW_KERNEL // 2)
    if kind in (MAXPOOL, AVGPOOL):
        return Layer(kind, kernel=NEW_POOL)
    if kind == LINEAR:
        return Layer(LINEAR, out=classes)
    if kind == DROPOUT:
        return Layer(DROPOUT, p=DEFAULT_P)
    if kind == RESIDUAL:
        return Layer(RESIDUAL, layers=(new_layer(CONV, c), Layer(BN), Layer(RELU)))
    if kind == BRANCHES:
        return Layer(BRANCHES, branches=(new_branch(Layer(CONV, out=c, kernel=1)), new_branch(new_layer(CONV, c))))
    return Layer(kind)


def new_branch(first: Layer) -> Layer:
    return Layer(BRANCH, layers=(first,))


def insert_after(design: Design, at: LayerPath | None, layer: Layer) -> tuple[Design, LayerPath]:
    """Put ``layer`` after the row at ``at`` in its list (None: at the end); into a branch when ``at`` is one
    (at its end). Returns the new design and the new row's path."""
    parent: LayerPath
    if at is None:
        parent, index = (), len(design.layers)
    elif layer_at(design, at).kind == BRANCH:
        parent, index = at, len(children(layer_at(design, at)))
    else:
        parent, index = at[:-1], at[-1] + 1
    rows = rows_at(design, parent)
    return with_rows(design, parent, rows[:index] + (layer,) + rows[index:]), (*parent, index)


def add_branch(design: Design, at: LayerPath, first: Layer) -> tuple[Design, LayerPath] | None:
    """Another branch (holding ``first``) on the ``branches`` row at ``at``, or on the one holding the branch at
    ``at``; None when ``at`` is neither."""
    if layer_at(design, at).kind == BRANCH:
        at = at[:-1]
    if layer_at(design, at).kind != BRANCHES:
        return None
    rows = rows_at(design, at)
    return with_rows(design, at, rows + (new_branch(first),)), (*at, len(rows))


def can_remove(design: Design, path: LayerPath) -> bool:
    """A list keeps at least one row, and a ``branches`` row at least two branches."""
    least = 2 if layer_at(design, path).kind == BRANCH else 1
    return len(rows_at(design, path[:-1])) > least


def remove_at(design: Design, path: LayerPath) -> tuple[Design, LayerPath | None] | None:
    """The design without the row at ``path`` and the row to select then (the next, else the one before, else
    the block around it); None when the row cannot go (:func:`can_remove`)."""
    if not can_remove(design, path):
        return None
    rows = rows_at(design, path[:-1])
    i = path[-1]
    left = rows[:i] + rows[i + 1:]
    select = (*path[:-1], min(i, len(left) - 1))
    return with_rows(design, path[:-1], left), select


def move(design: Design, path: LayerPath, step: int) -> tuple[Design, LayerPath] | None:
    """The row at ``path`` moved ``step`` places within its list (−1 up, +1 down); None at either end."""
    rows = list(rows_at(design, path[:-1]))
    i, j = path[-1], path[-1] + step
    if not 0 <= j < len(rows):
        return None
    rows[i], rows[j] = rows[j], rows[i]
    return with_rows(design, path[:-1], tuple(rows)), (*path[:-1], j)


def value_of(layer: Layer, field: str) -> int | float | bool | None:
    """The setting ``field`` of ``layer`` as in effect (a default stride as the step it means); None when the
    kind has no such setting."""
    if field not in EDITABLE.get(layer.kind, ()):
        return None
    if field == "stride":
        return layer.step
    value: int | float | bool | None = getattr(layer, field)  # out, kernel, padding, groups, bias, p
    return value


def set_value(design: Design, path: LayerPath, field: str, value: int | float | bool) -> Design:
    """``design`` with setting ``field`` of the row at ``path`` set to ``value``."""
    layer = layer_at(design, path)
    if field not in EDITABLE.get(layer.kind, ()):
        raise ValueError(f"{layer.kind} has no setting {field}")
    if field == "p":
        return replace_at(design, path, replace(layer, p=float(value)))
    if field == "bias":
        return replace_at(design, path, replace(layer, bias=bool(value)))
    number = int(value)
    changed = {"out": replace(layer, out=number), "kernel": replace(layer, kernel=number),
               "stride": replace(layer, stride=number), "padding": replace(layer, padding=number),
               "groups": replace(layer, groups=number)}
    return replace_at(design, path, changed[field])


def last_linear(layers: tuple[Layer, ...], prefix: LayerPath = ()) -> LayerPath | None:
    """The path of the last linear row, depth first; None when there is none."""
    found = None
    for i, layer in enumerate(layers):
        inner = last_linear(children(layer), (*prefix, i))
        if inner is not None:
            found = inner
        elif layer.kind == LINEAR:
            found = (*prefix, i)
    return found


def adapt(design: Design, input_shape: tuple[int, int, int], classes: int) -> Design:
    """The design taking ``input_shape`` images and scoring ``classes`` classes: its last linear row gives
    ``classes`` outputs."""
    out = relabel(replace(design, input=input_shape, classes=classes))
    last = last_linear(out.layers)
    return set_value(out, last, "out", classes) if last is not None else out


def find_row(layers: tuple[Layer, ...], label: str, prefix: LayerPath = ()) -> LayerPath | None:
    """The path of the row labelled ``label`` ("4.2", "5.b2.1"); None when there is none."""
    for i, layer in enumerate(layers):
        if layer.row == label:
            return (*prefix, i)
        inner = find_row(children(layer), label, (*prefix, i))
        if inner is not None:
            return inner
    return None


def paths(layers: tuple[Layer, ...], prefix: LayerPath = ()) -> list[LayerPath]:
    """Every row's path, depth first."""
    out: list[LayerPath] = []
    for i, layer in enumerate(layers):
        out.append((*prefix, i))
        out.extend(paths(children(layer), (*prefix, i)))
    return out
