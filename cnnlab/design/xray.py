"""The X-ray of a design: per row its output shape, parameters, FLOPs, receptive field and activation memory,
the totals, and the rows that dominate parameters and FLOPs.

Shapes, parameters and receptive fields come by arithmetic (:mod:`cnnlab.design.shapes`); FLOPs are counted
by ``torch.utils.flop_counter.FlopCounterMode`` for one image, row by row (:mod:`cnnlab.design.flops`: it counts
matrix products and convolutions, two FLOPs per multiply-add; activations, poolings and additions count 0).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cnnlab.design.flops import Flops, row_flops
from cnnlab.design.shapes import Row, analyse, analyse_until_error, shape_text
from cnnlab.design.spec import IDENTITY, RESIDUAL, Design
from cnnlab.errors import DesignError


@dataclass(frozen=True)
class XRayRow:
    """One row of the X-ray; a block's inner rows are in ``layers``."""

    row: str  # the row's label ("6", "4.2", "5.b2.1")
    name: str  # the module's name (conv1, residual1)
    kind: str
    output_shape: tuple[int, ...]  # (C, H, W), or (N,) after a flatten
    params: int  # weights + biases
    flops: int  # counted by the flop counter for one image
    receptive_field: int  # input pixels on a side that one output value sees
    memory: int  # bytes of the output for one image, float32
    layers: tuple[XRayRow, ...] = ()
    shortcut: str = ""  # a residual's projection or pad skip path; "" for the input itself (and other rows)
    shortcut_stride: int = 1  # that skip path's stride
    shortcut_params: int = 0  # that skip path's parameters (a projection's), included in ``params``

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"row": self.row, "name": self.name, "kind": self.kind,
                               "output_shape": list(self.output_shape), "params": self.params, "flops": self.flops,
                               "receptive_field": self.receptive_field, "memory": self.memory}
        if self.layers:
            out["layers"] = [inner.to_json() for inner in self.layers]
        if self.shortcut:
            out["shortcut"] = {"kind": self.shortcut, "stride": self.shortcut_stride, "params": self.shortcut_params}
        return out


@dataclass(frozen=True)
class XRay:
    """A design's X-ray: its rows and totals."""

    design: Design
    layers: tuple[XRayRow, ...]
    total_params: int
    total_flops: int  # the flop counter's total for the whole network, one image
    total_memory: int  # bytes of every layer's output for one image (blocks not counted twice)
    most_params: str = field(default="")  # the row label of the layer with the most parameters ("" if none has)
    most_flops: str = field(default="")  # the row label of the layer with the most FLOPs ("" if none has)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.design.name, "input": list(self.design.input), "classes": self.design.classes,
                "note": str(self.design.note), "layers": [row.to_json() for row in self.layers],
                "total_params": self.total_params, "total_flops": self.total_flops, "total_memory": self.total_memory,
                "most_params": self.most_params, "most_flops": self.most_flops}

    def to_text(self) -> str:
        """The table `cnnlab design show` prints; ◆ marks the rows that dominate parameters (P) and FLOPs (F)."""
        head = ("row", "layer", "output", "params", "FLOPs", "RF", "memory", "")
        body = [head] + [_cells(row, depth, self) for row, depth in _flat(self.layers, 0)]
        widths = [max(len(r[i]) for r in body) for i in range(len(head))]
        lines = ["  ".join(c.rjust(w) if 2 <= i <= 6 else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths,
                                                                                                   strict=True))
                           ).rstrip() for r in body]
        lines.insert(1, "  ".join("-" * w for w in widths[:-1]))
        lines.append(f"{self.design.name}: input {shape_text(self.design.input)}, {self.design.classes} classes; "
                     f"{self.total_params:,} parameters, {self.total_flops:,} FLOPs per image, "
                     f"{_bytes(self.total_memory)} of activations per image")
        if self.design.note:
            lines.append(f"note: {self.design.note}")
        return "\n".join(lines)


def _flat(rows: tuple[XRayRow, ...], depth: int) -> list[tuple[XRayRow, int]]:
    out: list[tuple[XRayRow, int]] = []
    for row in rows:
        out.append((row, depth))
        out.extend(_flat(row.layers, depth + 1))
    return out


def _cells(row: XRayRow, depth: int, xray: XRay) -> tuple[str, ...]:
    marks = ("P" if row.row == xray.most_params else "") + ("F" if row.row == xray.most_flops else "")
    kind = f"{row.kind}, {row.shortcut} shortcut" if row.shortcut else row.kind
    return (row.row, "  " * depth + f"{row.name} ({kind})", shape_text(row.output_shape), f"{row.params:,}",
            f"{row.flops:,}", str(row.receptive_field), _bytes(row.memory), f"◆{marks}" if marks else "")


def _bytes(n: int) -> str:
    for unit, size in (("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n} B"


def xray(design: Design) -> XRay:
    """Analyse ``design`` (a bad one raises ``DesignError``) and count its FLOPs for one image (the rows counted
    before, as they are now and with the same input, are not counted again: see :mod:`cnnlab.design.flops`)."""
    return _xray_of(design, analyse(design), marks=True)


def xray_until_error(design: Design) -> tuple[XRay, DesignError | None]:
    """The X-ray of the rows that work (:func:`cnnlab.design.shapes.analyse_until_error`) and the design's error,
    None when it works. The totals of a broken design are those of its working rows, and no row is marked as
    the one with the most parameters or FLOPs (the network is not whole)."""
    rows, error = analyse_until_error(design)
    return _xray_of(design, rows, marks=error is None), error


def _xray_of(design: Design, rows: tuple[Row, ...], *, marks: bool) -> XRay:
    def convert(row: Row, flops: Flops) -> XRayRow:
        inner = tuple(convert(child, count) for child, count in zip(row.children, flops.inner, strict=True))
        shortcut = row.layer.shortcut if row.layer.kind == RESIDUAL and row.layer.shortcut != IDENTITY else ""
        return XRayRow(row.layer.row, row.name, row.layer.kind, row.output, row.params, flops.total,
                       row.receptive_field, row.memory, inner, shortcut, row.shortcut_stride if shortcut else 1,
                       row.shortcut_params)

    layers = tuple(convert(row, flops) for row, flops in zip(rows, row_flops(rows), strict=True))
    leaves = [row for row, _ in _flat(layers, 0) if not row.layers]
    top_params = max(leaves, key=lambda r: r.params) if leaves and marks else None
    top_flops = max(leaves, key=lambda r: r.flops) if leaves and marks else None
    return XRay(design, layers, total_params=sum(r.params for r in layers), total_flops=sum(r.flops for r in layers),
                total_memory=sum(r.memory for r in leaves),
                most_params=top_params.row if top_params is not None and top_params.params else "",
                most_flops=top_flops.row if top_flops is not None and top_flops.flops else "")
