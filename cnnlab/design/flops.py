"""The FLOPs of a design's rows, counted by ``torch.utils.flop_counter.FlopCounterMode`` for one image, and
remembered per row.

A row's FLOPs depend only on what the row is and the shape it gets, so each top-level row is counted on its own
and kept under that pair: after an edit only the rows whose layer or input changed (the edited one and those after
it that now get another shape) are counted again, and a network's repeated blocks (ResNet's, DenseNet's) are counted
once. The rows are built on PyTorch's ``meta`` device, where tensors have shapes but no values: nothing is
initialised or computed, only counted. The counter counts matrix products and convolutions, two FLOPs per
multiply-add; activations, normalisations, poolings and additions count 0.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from dataclasses import dataclass

import torch
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

from cnnlab.design.build import build_row
from cnnlab.design.shapes import Row, Shape
from cnnlab.design.spec import layer_to_plain

CACHE_SIZE = 4096  # rows remembered: every row of the largest zoo designs, and many edits of them
_HOLDER = "_Rows"  # the class the counter names the counted rows under ("_Rows.r0.conv1")


@dataclass(frozen=True)
class Flops:
    """One row's FLOPs for one image, with its block's rows' (a branches row: one entry per branch)."""

    total: int
    inner: tuple[Flops, ...] = ()  # a layer row has no rows inside


class _Rows(nn.Module):
    """The rows to count, each run on its own input: one counter pass for them all."""

    def __init__(self, modules: list[nn.Module]) -> None:
        super().__init__()
        for i, module in enumerate(modules):
            self.add_module(f"r{i}", module)

    def forward(self, inputs: list[torch.Tensor]) -> list[torch.Tensor]:
        return [module(x) for module, x in zip(self.children(), inputs, strict=True)]


_cache: OrderedDict[tuple[str, Shape], Flops] = OrderedDict()
_lock = threading.Lock()  # the designer recounts off the GUI thread
_counted = [0]  # rows counted (not remembered) since the start: see counted_rows()


def _key(row: Row) -> tuple[str, Shape]:
    """What a row's FLOPs depend on: the row as a file writes it (no row labels) and its input shape."""
    return json.dumps(layer_to_plain(row.layer), sort_keys=True), row.input


def row_flops(rows: tuple[Row, ...]) -> tuple[Flops, ...]:
    """The FLOPs of each of ``rows`` (a design's top-level rows), counting only those not counted before."""
    keys = [_key(row) for row in rows]
    with _lock:
        known = {key: _cache[key] for key in keys if key in _cache}
        for key in known:
            _cache.move_to_end(key)
    missing: dict[tuple[str, Shape], Row] = {}
    for key, row in zip(keys, rows, strict=True):
        if key not in known:
            missing.setdefault(key, row)  # a repeated row is counted once, as it first comes
    if missing:
        counted = dict(zip(missing, count(list(missing.values())), strict=True))
        with _lock:
            _counted[0] += len(missing)
        known.update(counted)
        with _lock:
            _cache.update(counted)
            while len(_cache) > CACHE_SIZE:
                _cache.popitem(last=False)
    return tuple(known[key] for key in keys)


def count(rows: list[Row]) -> list[Flops]:
    """Count ``rows`` in one pass of the flop counter, each row's module built alone on the meta device."""
    with torch.device("meta"):  # shapes without values: no weight is initialised or stored
        holder = _Rows([build_row(row).eval() for row in rows])
    counter = FlopCounterMode(display=False)
    with counter, torch.no_grad():
        holder([torch.zeros(1, *row.input, device="meta") for row in rows])  # (1, C, H, W) or (1, N) each
    counts = counter.get_flop_counts()  # per module, named "<root class>.<dotted path>"

    def tree(row: Row, path: str) -> Flops:
        inner = tuple(tree(child, f"{path}.{child.name}") for child in row.children)
        return Flops(int(sum(counts.get(path, {}).values())), inner)

    return [tree(row, f"{_HOLDER}.r{i}") for i, row in enumerate(rows)]


def counted_rows() -> int:
    """How many rows have been counted rather than remembered so far (the designer's benchmark and tests read
    the difference across one X-ray)."""
    with _lock:
        return _counted[0]


def forget() -> None:
    """Empty the memory of counted rows (for measuring a full recount)."""
    with _lock:
        _cache.clear()
