"""The X-ray of a design that is being edited: the same numbers as :func:`cnnlab.design.xray.xray`, recounted
only where an edit changed something.

A full :func:`~cnnlab.design.xray.xray` builds the whole network with its weights initialised, which takes a
quarter of a second for an AlexNet-sized design. Here shapes, parameters and receptive fields come from
:func:`~cnnlab.design.shapes.analyse` (arithmetic, well under a millisecond), and each top-level row's FLOPs
are counted by ``torch.utils.flop_counter.FlopCounterMode`` on that row alone, built on PyTorch's ``meta``
device (shapes without memory or initialisation), and remembered for the row's written form and input shape.
An edit therefore recounts the edited row, and the rows after it whose input shape it changed; the rows
before it, and those after it whose input is unchanged, are read from memory.

A :class:`LiveXRay` is used by one thread at a time (its memory is a plain dict).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator

import torch
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

from cnnlab.design.build import _module
from cnnlab.design.shapes import Row, analyse
from cnnlab.design.spec import Design, layer_to_plain
from cnnlab.design.xray import XRay, XRayRow

MEMORY_ROWS = 4096  # rows remembered: every row of the zoo's largest designs several times over
RowKey = tuple[str, tuple[int, ...]]  # (the row as a file writes it, its input shape)


def row_flops(row: Row) -> tuple[int, ...]:
    """FLOPs of ``row`` for one image, then of each row inside it, depth first (the order of ``_walk``):
    the row is built alone on the meta device and run once under the flop counter."""
    with torch.device("meta"):
        module = nn.Sequential(OrderedDict([(row.name, _module(row))])).eval()  # named as in the whole network
    counter = FlopCounterMode(display=False)
    with counter, torch.no_grad():
        module(torch.empty(1, *row.input, device="meta"))  # (1, C, H, W), or (1, N) after a flatten
    counts = counter.get_flop_counts()
    prefix = type(module).__name__  # the counter names modules "<root class>.<dotted path>", as in xray()
    out: list[int] = []

    def walk(r: Row, parent: str) -> None:
        path = f"{parent}{r.name}"
        out.append(int(sum(counts.get(f"{prefix}.{path}", {}).values())))
        for child in r.children:
            walk(child, f"{path}.")

    walk(row, "")
    return tuple(out)


def _leaves(rows: tuple[XRayRow, ...]) -> list[XRayRow]:
    out: list[XRayRow] = []
    for row in rows:
        out.extend(_leaves(row.layers) if row.layers else [row])
    return out


class LiveXRay:
    """``xray(design)`` equals :func:`cnnlab.design.xray.xray` (a bad design raises the same ``DesignError``);
    ``counted`` says how many rows the last call had to count rather than remember."""

    def __init__(self, limit: int = MEMORY_ROWS) -> None:
        self.limit = limit
        self.memory: OrderedDict[RowKey, tuple[int, ...]] = OrderedDict()  # least recently used first
        self.counted = 0  # rows counted (not remembered) by the last xray()

    def flops(self, row: Row) -> tuple[int, ...]:
        key = (repr(layer_to_plain(row.layer)), tuple(row.input))
        found = self.memory.get(key)
        if found is not None:
            self.memory.move_to_end(key)
            return found
        found = row_flops(row)
        self.counted += 1
        self.memory[key] = found
        if len(self.memory) > self.limit:
            self.memory.popitem(last=False)
        return found

    def xray(self, design: Design) -> XRay:
        self.counted = 0
        rows = analyse(design)
        layers = tuple(self._convert(row, iter(self.flops(row))) for row in rows)
        leaves = _leaves(layers)
        top_params = max(leaves, key=lambda r: r.params)
        top_flops = max(leaves, key=lambda r: r.flops)
        return XRay(design, layers, total_params=sum(r.params for r in layers),
                    total_flops=sum(r.flops for r in layers), total_memory=sum(r.memory for r in leaves),
                    most_params=top_params.row if top_params.params else "",
                    most_flops=top_flops.row if top_flops.flops else "")

    def _convert(self, row: Row, flops: Iterator[int]) -> XRayRow:
        own = next(flops)  # row_flops' counts, depth first: this row's, then its rows'
        inner = tuple(self._convert(child, flops) for child in row.children)
        return XRayRow(row.layer.row, row.name, row.layer.kind, row.output, row.params, own,
                       row.receptive_field, row.memory, inner)
