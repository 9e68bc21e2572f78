"""Every row's output shape, parameters and receptive field by arithmetic, and the sentence for a design that
cannot work, at the row where it breaks, with the fix. No torch: the X-ray adds FLOPs (``design.xray``).

Shapes are one image's: (C, H, W) before a flatten, (N,) after it. Sides follow PyTorch's floor rounding,
``out = (in + 2·padding − kernel) // stride + 1`` (a pooling with ``ceil: true`` rounds up, as PyTorch's
``ceil_mode``, but never starts a window beyond the input). The receptive field is the side of the input square one
output value sees (a linear layer or global pooling sees the whole image).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from math import prod

from cnnlab.design.spec import (
    BN,
    BRANCH,
    BRANCHES,
    CONV,
    DENSE,
    FLATTEN,
    GAP,
    GRAY,
    IDENTITY,
    LINEAR,
    PAD,
    POOLS,
    PROJECTION,
    RESIDUAL,
    SPATIAL,
    Design,
    Layer,
)
from cnnlab.errors import DesignError, Sentence
from cnnlab.i18n import QT_TRANSLATE_NOOP

FLOAT_BYTES = 4  # float32 activations
Shape = tuple[int, ...]  # (C, H, W), or (N,) after a flatten


@dataclass(frozen=True)
class Row:
    """One analysed row: what goes in and out, its parameters and its receptive field; blocks hold their rows."""

    layer: Layer
    name: str  # the module's name in the built network: conv1, relu2, residual1 (branch rows: branch1, branch2)
    input: Shape
    output: Shape
    weights: int
    biases: int
    receptive_field: int  # input pixels on a side that one output value sees
    children: tuple[Row, ...] = ()  # residual, dense and branch: inner rows; branches: one BRANCH row per list
    shortcut_stride: int = 1  # residual with a projection or pad shortcut: the stride of its skip path
    shortcut_params: int = 0  # residual: the projection's parameters (its 1×1 conv and batch norm), in the totals

    @property
    def params(self) -> int:
        return self.weights + self.biases

    @property
    def memory(self) -> int:
        """Bytes of this row's output for one image, in float32."""
        return FLOAT_BYTES * prod(self.output)


@dataclass(frozen=True)
class _Flow:
    """What reaches a row: the shape, its receptive field and jump (input pixels per step), the poolings
    already passed, and the row that flattened it (None: not flat)."""

    shape: Shape
    field: int
    jump: int
    poolings: int
    flat_row: str | None


class _Namer:
    """conv1, conv2, relu1…: one counter per kind over the whole design, so every module name is unique."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    def __call__(self, kind: str) -> str:
        self.counts[kind] = self.counts.get(kind, 0) + 1
        return f"{kind}{self.counts[kind]}"


def analyse(design: Design) -> tuple[Row, ...]:
    """The design's rows, analysed; a design that cannot work raises ``DesignError`` at its first bad row."""
    c, h, w = design.input
    flow = _Flow((c, h, w), 1, 1, 0, None)
    rows, flow = _walk(design.layers, flow, _Namer(), max(h, w))
    _check_end(design, rows, flow)
    return rows


def analyse_until_error(design: Design) -> tuple[tuple[Row, ...], DesignError | None]:
    """The top-level rows that work, and the error of the design (None when it works): the rows before the
    top-level row that breaks (a block breaking inside counts as that block); every row when only the end is
    wrong (the wrong number of class scores)."""
    c, h, w = design.input
    flow = _Flow((c, h, w), 1, 1, 0, None)
    names, rows = _Namer(), list[Row]()
    for layer in design.layers:
        try:
            row, flow = _row(layer, flow, names, max(h, w))
        except DesignError as e:
            return tuple(rows), e
        rows.append(row)
    try:
        _check_end(design, tuple(rows), flow)
    except DesignError as e:
        return tuple(rows), e
    return tuple(rows), None


def _walk(layers: tuple[Layer, ...], flow: _Flow, names: _Namer, whole: int) -> tuple[tuple[Row, ...], _Flow]:
    rows = []
    for layer in layers:
        row, flow = _row(layer, flow, names, whole)
        rows.append(row)
    return tuple(rows), flow


def _row(layer: Layer, flow: _Flow, names: _Namer, whole: int) -> tuple[Row, _Flow]:
    if layer.kind == RESIDUAL:
        return _residual(layer, flow, names, whole)
    if layer.kind == BRANCHES:
        return _branches(layer, flow, names, whole)
    if layer.kind == DENSE:
        return _dense(layer, flow, names, whole)
    shape = flow.shape
    if layer.kind in SPATIAL and len(shape) == 1:
        raise DesignError(QT_TRANSLATE_NOOP("CoreMessage", "row {row}: {kind} needs a channels×height×width input, "
                                                           "but gets {n} numbers after the flatten in row {flat}; "
                                                           "move it before the flatten."),
                          row=layer.row, kind=layer.kind, n=shape[0], flat=flow.flat_row)
    weights = biases = 0
    field, jump, poolings, flat_row = flow.field, flow.jump, flow.poolings, flow.flat_row
    if layer.kind in (CONV, *POOLS):
        out_shape = _sliding(layer, flow)
        field, jump = field + (int(layer.kernel or 1) - 1) * jump, jump * layer.step
        if layer.kind == CONV:
            cin, out = shape[0], int(layer.out or 1)
            weights, biases = out * (cin // layer.groups) * int(layer.kernel or 1) ** 2, out if layer.bias else 0
        else:
            poolings += 1
    elif layer.kind == GAP:
        out_shape, field = (shape[0], 1, 1), max(field, whole)
    elif layer.kind == GRAY:
        if shape[0] not in (1, 3):
            raise DesignError(QT_TRANSLATE_NOOP("CoreMessage", "row {row}: gray turns 3 colour channels into 1, but "
                                                               "gets {channels}; remove it or use a 1- or 3-channel "
                                                               "input."), row=layer.row, channels=shape[0])
        out_shape = (1, *shape[1:])
    elif layer.kind == FLATTEN:
        out_shape, flat_row = (prod(shape),), flat_row or layer.row
    elif layer.kind == LINEAR:
        out_shape, weights, biases = _linear(layer, shape)
        field = max(field, whole)
    elif layer.kind == BN:
        out_shape, weights, biases = shape, shape[0], shape[0]
    else:  # relu, sigmoid, tanh, dropout, lrn (across channels, no parameters): the shape passes through
        out_shape = shape
    row = Row(layer, names(layer.kind), shape, out_shape, weights, biases, field)
    return row, _Flow(out_shape, field, jump, poolings, flat_row)


def _sliding(layer: Layer, flow: _Flow) -> Shape:
    """A convolution's or pooling's output, after checking that its kernel fits the (padded) input."""
    c, h, w = flow.shape
    kernel, pad, step = int(layer.kernel or 1), layer.padding, layer.step
    if layer.kind == CONV and (c % layer.groups or int(layer.out or 1) % layer.groups):
        raise DesignError(QT_TRANSLATE_NOOP("CoreMessage", "row {row}: groups {groups} must divide both the {cin} "
                                                           "input channels and the {out} output channels."),
                          row=layer.row, groups=layer.groups, cin=c, out=layer.out)
    if layer.kind in POOLS and 2 * pad > kernel:
        raise DesignError(QT_TRANSLATE_NOOP("CoreMessage", "row {row}: padding {padding} is more than half the "
                                                           "kernel {kernel}; a pooling pads at most {most}."),
                          row=layer.row, padding=pad, kernel=kernel, most=kernel // 2)
    if min(h, w) + 2 * pad < kernel:
        after = _after_poolings(flow.poolings)
        largest = min(h, w) + 2 * pad
        if layer.kind == CONV:
            raise DesignError(QT_TRANSLATE_NOOP("CoreMessage", "row {row}: kernel {kernel} on a {height}×{width} "
                                                               "input{after}; use a kernel of at most {largest}, "
                                                               "pad the input, or remove a pooling before it."),
                              row=layer.row, kernel=kernel, height=h, width=w, after=after, largest=largest)
        raise DesignError(QT_TRANSLATE_NOOP("CoreMessage", "row {row}: pooling {kernel} on a {height}×{width} "
                                                           "input{after} leaves a 0×0 output; remove this pooling "
                                                           "or use a kernel of at most {largest}."),
                          row=layer.row, kernel=kernel, height=h, width=w, after=after, largest=largest)
    return (c if layer.kind != CONV else int(layer.out or 1), _side(h, kernel, pad, step, layer.ceil),
            _side(w, kernel, pad, step, layer.ceil))


def _side(n: int, kernel: int, pad: int, step: int, ceil: bool) -> int:
    """One output side, as PyTorch's pooling_output_shape: floor, or ceil without a window starting in the padding
    beyond the input."""
    if not ceil:
        return (n + 2 * pad - kernel) // step + 1
    out = -(-(n + 2 * pad - kernel) // step) + 1
    return out - 1 if (out - 1) * step >= n + pad else out


def _after_poolings(count: int) -> str:
    """", after two poolings": why the input is small, said only when poolings came before."""
    if count == 0:
        return ""
    if count == 1:
        return Sentence(QT_TRANSLATE_NOOP("CoreMessage", ", after one pooling"))
    if count == 2:
        return Sentence(QT_TRANSLATE_NOOP("CoreMessage", ", after two poolings"))
    if count == 3:
        return Sentence(QT_TRANSLATE_NOOP("CoreMessage", ", after three poolings"))
    return Sentence(QT_TRANSLATE_NOOP("CoreMessage", ", after {count} poolings"), count=count)


def _linear(layer: Layer, shape: Shape) -> tuple[Shape, int, int]:
    if len(shape) != 1:
        raise DesignError(QT_TRANSLATE_NOOP("CoreMessage", "row {row}: linear gets a {shape} input; add a flatten "
                                                           "row before it (it then gets {n} numbers)."),
                          row=layer.row, shape=shape_text(shape), n=prod(shape))
    if layer.features_in is not None and layer.features_in != shape[0]:
        raise DesignError(QT_TRANSLATE_NOOP("CoreMessage", "row {row}: linear expects {expected} inputs but gets "
                                                           "{actual}; set in: {actual}, or leave in out to have it "
                                                           "counted."),
                          row=layer.row, expected=layer.features_in, actual=shape[0])
    out = int(layer.out or 1)
    return (out,), shape[0] * out, out if layer.bias else 0


def _residual(layer: Layer, flow: _Flow, names: _Namer, whole: int) -> tuple[Row, _Flow]:
    name = names(RESIDUAL)
    inner, end = _walk(layer.layers, flow, names, whole)
    stride, extra_weights, extra_biases = 1, 0, 0
    if layer.shortcut == IDENTITY and end.shape != flow.shape:
        channels = flow.shape[0]
        raise DesignError(QT_TRANSLATE_NOOP("CoreMessage", "row {row}: the residual block turns its {before} input "
                                                           "into {after}, so the two cannot be added; keep {channels} "
                                                           "channels and the size inside it (stride 1, padding "
                                                           "(kernel − 1) / 2), or give the block shortcut: "
                                                           "projection."),
                          row=layer.row, before=shape_text(flow.shape), after=shape_text(end.shape), channels=channels)
    if layer.shortcut != IDENTITY:
        stride = _shortcut_stride(layer, flow, end)
        cin, cout = flow.shape[0], end.shape[0]
        if layer.shortcut == PAD and cout < cin:
            raise DesignError(QT_TRANSLATE_NOOP("CoreMessage", "row {row}: a pad shortcut adds zero channels to the "
                                                               "{cin} input channels, but the block's layers give "
                                                               "{cout}, fewer; use shortcut: projection."),
                              row=layer.row, cin=cin, cout=cout)
        if layer.shortcut == PROJECTION:
            # the 1×1 conv's weights (it has no bias: the batch norm has one), the batch norm's weights and biases
            extra_weights, extra_biases = cin * cout + cout, cout
    weights, biases = sum(r.weights for r in inner), sum(r.biases for r in inner)
    row = Row(layer, name, flow.shape, end.shape, weights + extra_weights, biases + extra_biases, end.field, inner,
              stride, extra_weights + extra_biases)
    return row, replace(end, flat_row=flow.flat_row)


def _shortcut_stride(layer: Layer, flow: _Flow, end: _Flow) -> int:
    """The stride a projection or pad shortcut takes: the block's own (its layers' strides multiplied), after
    checking that it gives the layers' height and width."""
    if len(flow.shape) != 3 or len(end.shape) != 3:
        raise DesignError(QT_TRANSLATE_NOOP("CoreMessage", "row {row}: a {shortcut} shortcut needs a "
                                                           "channels×height×width input and output, but the block "
                                                           "turns {before} into {after}; remove the flatten or use a "
                                                           "plain residual."),
                          row=layer.row, shortcut=layer.shortcut, before=shape_text(flow.shape),
                          after=shape_text(end.shape))
    stride = max(1, end.jump // flow.jump)
    h, w = (-(-side // stride) for side in flow.shape[1:])  # every stride-th pixel, the first one included
    if (h, w) != end.shape[1:]:
        raise DesignError(QT_TRANSLATE_NOOP("CoreMessage", "row {row}: the {shortcut} shortcut with stride {stride} "
                                                           "turns the {before} input into {height}×{width}, but the "
                                                           "block's layers give {after}; pad its convolutions by "
                                                           "(kernel − 1) / 2 so that only strides shrink the map."),
                          row=layer.row, shortcut=layer.shortcut, stride=stride, before=shape_text(flow.shape),
                          height=h, width=w, after=shape_text(end.shape))
    return stride


def _dense(layer: Layer, flow: _Flow, names: _Namer, whole: int) -> tuple[Row, _Flow]:
    name = names(DENSE)
    inner, end = _walk(layer.layers, flow, names, whole)
    if len(flow.shape) != 3 or len(end.shape) != 3 or end.shape[1:] != flow.shape[1:]:
        raise DesignError(QT_TRANSLATE_NOOP("CoreMessage", "row {row}: the dense block turns its {before} input into "
                                                           "{after}, so the two cannot be joined on channels; keep "
                                                           "the height and width inside it (stride 1, padding "
                                                           "(kernel − 1) / 2, no pooling or flatten)."),
                          row=layer.row, before=shape_text(flow.shape), after=shape_text(end.shape))
    out_shape = (flow.shape[0] + end.shape[0], *flow.shape[1:])  # the input's channels, then the new ones
    row = Row(layer, name, flow.shape, out_shape, sum(r.weights for r in inner), sum(r.biases for r in inner),
              end.field, inner)
    return row, replace(end, shape=out_shape, flat_row=flow.flat_row)


def _branches(layer: Layer, flow: _Flow, names: _Namer, whole: int) -> tuple[Row, _Flow]:
    name = names(BRANCHES)
    rows, ends = [], []
    for i, branch in enumerate(layer.branches, start=1):
        inner, end = _walk(branch.layers, flow, names, whole)
        rows.append(Row(branch, f"{BRANCH}{i}", flow.shape, end.shape, sum(r.weights for r in inner),
                        sum(r.biases for r in inner), end.field, inner))
        ends.append(end)
    if any(len(end.shape) != 3 for end in ends) or len({end.shape[1:] for end in ends}) > 1:
        raise DesignError(QT_TRANSLATE_NOOP("CoreMessage", "row {row}: the branches give {shapes} outputs, which "
                                                           "cannot be joined on channels; give every branch the same "
                                                           "height and width (the same strides and paddings, no "
                                                           "flatten)."),
                          row=layer.row, shapes=", ".join(shape_text(end.shape) for end in ends))
    out_shape = (sum(end.shape[0] for end in ends), *ends[0].shape[1:])
    field = max(end.field for end in ends)
    row = Row(layer, name, flow.shape, out_shape, sum(r.weights for r in rows), sum(r.biases for r in rows), field,
              tuple(rows))
    poolings = max(end.poolings for end in ends)
    return row, _Flow(out_shape, field, max(end.jump for end in ends), poolings, flow.flat_row)


def _check_end(design: Design, rows: tuple[Row, ...], flow: _Flow) -> None:
    """The network must end with one score per class."""
    if len(flow.shape) != 1:
        raise DesignError(QT_TRANSLATE_NOOP("CoreMessage", "The network ends with a {shape} output, not {classes} "
                                                           "class scores; end it with flatten and linear: {{out: "
                                                           "{classes}}}."),
                          shape=shape_text(flow.shape), classes=design.classes)
    if flow.shape[0] != design.classes:
        raise DesignError(QT_TRANSLATE_NOOP("CoreMessage", "row {row}: the last layer gives {n} outputs but the design "
                                                           "has {classes} classes; give it out: {classes}, or set "
                                                           "classes: {n}."),
                          row=_last_sized(rows).layer.row, n=flow.shape[0], classes=design.classes)


def _last_sized(rows: tuple[Row, ...]) -> Row:
    """The row that set the output size, for the message: the last linear, else the last row."""
    linears = [row for row in leaf_rows(rows) if row.layer.kind == LINEAR]
    return linears[-1] if linears else rows[-1]


def shape_text(shape: Shape) -> str:
    """8×14×14, or 400 for a flat shape."""
    return "×".join(str(v) for v in shape)


def leaf_rows(rows: tuple[Row, ...]) -> list[Row]:
    """The rows that are layers (not blocks), depth first."""
    out: list[Row] = []
    for row in rows:
        out.extend(leaf_rows(row.children) if row.children else [row])
    return out

