"""The designer's predictions: a row's output shape, or its parameters, asked before its X-ray cells show them.

Every truth and every number in an explanation is the core's analysis of the design as it is now
(:func:`cnnlab.design.shapes.analyse_until_error`: a broken design's rows before the one that breaks can be
asked too), never a typed number. A C×H×W output is asked as a choice among the truth and the shapes the
usual slips give (padding or stride forgotten, the input's channels kept); a flat output as a number.
"""

from __future__ import annotations

from math import prod

from cnnlab.design.shapes import Row, analyse_until_error, shape_text
from cnnlab.design.spec import BN, BRANCHES, CONV, DENSE, FLATTEN, GAP, LINEAR, POOLS, RESIDUAL, Design
from cnnlab.errors import Sentence
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.predictions.question import Choice, NoTruth, Question

CONTEXT = "design"  # the prediction log's context of the designer's questions
SHAPE, PARAMS = "shape", "params"  # what a question asks about a row
COUNT_HIGH = 1e12  # the largest count a number question takes (a trillion)
LEAST_CHOICES = 3  # a shape is picked among at least this many


def _find(rows: tuple[Row, ...], label: str) -> Row | None:
    for row in rows:
        if row.layer.row == label:
            return row
        found = _find(row.children, label)
        if found is not None:
            return found
    return None


def analysed_row(design: Design, label: str) -> Row:
    """The analysed row labelled ``label``; ``NoTruth`` when the design breaks at or before it."""
    rows, _error = analyse_until_error(design)
    row = _find(rows, label)
    if row is None:
        raise NoTruth(QT_TRANSLATE_NOOP("CoreMessage", "Row {row} has no numbers yet: the design breaks at or before "
                                                       "it; fix the red row first."), row=label)
    return row


def row_question(design: Design, label: str, what: str) -> Question:
    """The question about row ``label`` of ``design``: its output shape (``SHAPE``) or parameters (``PARAMS``)."""
    row = analysed_row(design, label)
    return shape_question(design, row) if what == SHAPE else params_question(design, row)


def _question_id(design: Design, row: Row, what: str) -> str:
    return f"design/{design.name}/row-{row.layer.row}/{what}"


def shape_question(design: Design, row: Row) -> Question:
    kind, inp = row.layer.kind, shape_text(row.input)
    explanation = shape_explanation(row)
    if len(row.output) == 1:
        return Question(
            id=_question_id(design, row, SHAPE), context=CONTEXT, kind="number", scale="log", low=0, high=COUNT_HIGH,
            text=Sentence(QT_TRANSLATE_NOOP("CoreMessage", "Row {row} ({kind}) gets a {input} input. How many "
                                                           "numbers does it give?"), row=row.layer.row, kind=kind,
                          input=inp),
            explanation=explanation, truth=float(row.output[0]))
    options = sorted(_shape_choices(row), key=lambda s: (s[1], s[2], s[0]))
    return Question(
        id=_question_id(design, row, SHAPE), context=CONTEXT, kind="choice",
        text=Sentence(QT_TRANSLATE_NOOP("CoreMessage", "Row {row} ({kind}) gets a {input} input. What shape "
                                                       "(channels×height×width) is its output?"),
                      row=row.layer.row, kind=kind, input=inp),
        choices=tuple(Choice(shape_text(s), shape_text(s)) for s in options), explanation=explanation,
        truth=shape_text(row.output))


def _shape_choices(row: Row) -> set[tuple[int, ...]]:
    """The truth and the shapes of the usual slips; made up to LEAST_CHOICES with halved and doubled sides."""
    out = row.output
    shapes = {out, row.input} if len(row.input) == 3 else {out}
    layer = row.layer
    if layer.kind in (CONV, *POOLS) and len(row.input) == 3:
        c, h, w = row.input
        k, p, s = int(layer.kernel or 1), layer.padding, layer.step
        channels = out[0]
        shapes.add((channels, max(1, (h - k) // s + 1), max(1, (w - k) // s + 1)))  # padding forgotten
        shapes.add((channels, max(1, h + 2 * p - k + 1), max(1, w + 2 * p - k + 1)))  # stride forgotten
        shapes.add((c, *out[1:]))  # the input's channels kept
    step = 2
    while len(shapes) < LEAST_CHOICES:
        shapes.add((out[0], max(1, out[1] // step), max(1, out[2] // step)))
        shapes.add((out[0], out[1] * step, out[2] * step))
        step *= 2
    return shapes


def shape_explanation(row: Row) -> str:
    """One line: how the row's output shape comes about, with its numbers."""
    layer, kind, out = row.layer, row.layer.kind, row.output
    if kind in (CONV, *POOLS):
        args = {"side": row.input[1], "padding": layer.padding, "kernel": layer.kernel, "stride": layer.step,
                "out": out[1], "channels": out[0], "shape": shape_text(out)}
        if kind == CONV:
            return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "side = (in + 2 × padding − kernel) ÷ stride + 1 = "
                                                             "({side} + 2 × {padding} − {kernel}) ÷ {stride} + 1 = "
                                                             "{out}, rounded down; channels = out = {channels}: "
                                                             "{shape}"), **args)
        return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "side = (in + 2 × padding − kernel) ÷ stride + 1 = "
                                                         "({side} + 2 × {padding} − {kernel}) ÷ {stride} + 1 = {out}, "
                                                         "rounded down; a pooling keeps the {channels} channels: "
                                                         "{shape}"), **args)
    if kind == GAP:
        return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "global average pooling averages each of the {channels} "
                                                         "maps to one value: {shape}"),
                        channels=out[0], shape=shape_text(out))
    if kind == FLATTEN:
        c, h, w = (row.input + (1, 1))[:3] if len(row.input) == 1 else row.input
        return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "N = C × H × W = {c} × {h} × {w} = {n}"),
                        c=c, h=h, w=w, n=f"{prod(row.input):,}")
    if kind == LINEAR:
        return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "a linear layer gives out = {n} numbers, whatever it gets"),
                        n=out[0])
    if kind == BRANCHES:
        return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "the branches are joined on channels: {parts} = {channels} "
                                                         "channels: {shape}"),
                        parts=" + ".join(str(child.output[0]) for child in row.children), channels=out[0],
                        shape=shape_text(out))
    if kind == DENSE:
        return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "a dense block joins its layers' {new} new channels onto "
                                                         "its {cin} input channels: {shape}"),
                        new=out[0] - row.input[0], cin=row.input[0], shape=shape_text(out))
    if kind == RESIDUAL:
        return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "a residual block adds its skip path to its layers' "
                                                         "output, so it gives their shape: {shape}"),
                        shape=shape_text(out))
    return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "{kind} keeps the shape of its input: {shape}"),
                    kind=kind, shape=shape_text(out))


def params_question(design: Design, row: Row) -> Question:
    return Question(
        id=_question_id(design, row, PARAMS), context=CONTEXT, kind="number", units="parameters", scale="log",
        low=0, high=COUNT_HIGH,
        text=Sentence(QT_TRANSLATE_NOOP("CoreMessage", "Row {row} ({kind}) gets a {input} input. How many "
                                                       "parameters (weights and biases) does it have?"),
                      row=row.layer.row, kind=row.layer.kind, input=shape_text(row.input)),
        explanation=params_explanation(row), truth=float(row.params))


def params_explanation(row: Row) -> str:
    """One line: how the row's parameter count comes about, with its numbers."""
    layer, kind, total = row.layer, row.layer.kind, f"{row.params:,}"
    if kind == CONV:
        args = {"out": layer.out, "cin": row.input[0], "k": layer.kernel, "groups": layer.groups, "params": total}
        if layer.bias:
            return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "parameters = out × (in × k × k ÷ groups + 1) = {out} × "
                                                             "({cin} × {k} × {k} ÷ {groups} + 1) = {params}"), **args)
        return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "parameters = out × in × k × k ÷ groups = {out} × {cin} × "
                                                         "{k} × {k} ÷ {groups} = {params} (no bias)"), **args)
    if kind == LINEAR:
        args = {"out": layer.out, "n": row.input[0], "params": total}
        if layer.bias:
            return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "parameters = out × (in + 1) = {out} × ({n} + 1) = "
                                                             "{params}"), **args)
        return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "parameters = out × in = {out} × {n} = {params} (no bias)"),
                        **args)
    if kind == BN:
        return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "a batch norm learns a scale and a shift per channel: "
                                                         "2 × {channels} = {params}"),
                        channels=row.input[0], params=total)
    if row.children:
        parts = [f"{child.params:,}" for child in row.children] + (
            [f"{row.shortcut_params:,}"] if row.shortcut_params else [])
        return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "a block's parameters are its rows' added up: {parts} = "
                                                         "{params}"), parts=" + ".join(parts), params=total)
    return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "{kind} has no weights or biases: 0"), kind=kind)
