"""Two designs side by side: the rows that differ (matched as ``difflib`` matches lines) with their parameters
and FLOPs before and after, and the totals."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from cnnlab.design.spec import layer_to_plain
from cnnlab.design.xray import XRay, XRayRow


@dataclass(frozen=True)
class RowChange:
    """A top-level row changed, removed (``after`` None) or added (``before`` None)."""

    before: XRayRow | None
    after: XRayRow | None
    before_text: str  # the row as the file writes it ("" when added)
    after_text: str  # "" when removed

    def to_json(self) -> dict[str, Any]:
        def side(row: XRayRow | None, text: str) -> dict[str, Any] | None:
            return None if row is None else {"row": row.row, "layer": text, "params": row.params, "flops": row.flops,
                                             "output_shape": list(row.output_shape)}
        return {"before": side(self.before, self.before_text), "after": side(self.after, self.after_text)}


@dataclass(frozen=True)
class DesignDiff:
    a: XRay
    b: XRay
    changes: tuple[RowChange, ...]

    def to_json(self) -> dict[str, Any]:
        return {"a": self.a.design.name, "b": self.b.design.name,
                "input": [list(self.a.design.input), list(self.b.design.input)],
                "classes": [self.a.design.classes, self.b.design.classes],
                "rows": [c.to_json() for c in self.changes],
                "total_params": [self.a.total_params, self.b.total_params],
                "total_flops": [self.a.total_flops, self.b.total_flops]}

    def to_text(self) -> str:
        a, b = self.a.design, self.b.design
        lines = [f"{a.name} → {b.name}"]
        if a.input != b.input or a.classes != b.classes:
            lines.append(f"  input {'×'.join(map(str, a.input))} → {'×'.join(map(str, b.input))}, "
                         f"classes {a.classes} → {b.classes}")
        for c in self.changes:
            label = f"row {c.before.row if c.before else '-'} → {c.after.row if c.after else '-'}"
            lines.append(f"  {label}: {c.before_text or '(none)'}  →  {c.after_text or '(none)'}")
            lines.append(f"      params {_num(c.before, 'params')} → {_num(c.after, 'params')}, "
                         f"FLOPs {_num(c.before, 'flops')} → {_num(c.after, 'flops')}")
        if not self.changes:
            lines.append("  the rows are the same")
        lines.append(f"  total params {self.a.total_params:,} → {self.b.total_params:,}, "
                     f"total FLOPs {self.a.total_flops:,} → {self.b.total_flops:,}")
        return "\n".join(lines)


def _num(row: XRayRow | None, key: str) -> str:
    return "-" if row is None else f"{getattr(row, key):,}"


def _text(plain: Any) -> str:
    """A row as the file writes it, on one line: ``conv: {out: 8, kernel: 3}``."""
    import yaml

    if isinstance(plain, str):
        return plain
    text = yaml.safe_dump(plain, default_flow_style=True, sort_keys=False, width=10**6)  # one line, however long
    return text.strip().removeprefix("{").removesuffix("}")


def diff_designs(a: XRay, b: XRay) -> DesignDiff:
    """The top-level rows of ``a`` and ``b`` that differ: matched by their written form, and also the rows
    written alike whose parameters or FLOPs changed (a linear layer fed another size)."""
    texts_a = [_text(layer_to_plain(layer)) for layer in a.design.layers]
    texts_b = [_text(layer_to_plain(layer)) for layer in b.design.layers]
    changes: list[RowChange] = []
    matcher = difflib.SequenceMatcher(a=texts_a, b=texts_b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            changes.extend(RowChange(a.layers[i], b.layers[j], texts_a[i], texts_b[j])
                           for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
                           if (a.layers[i].params, a.layers[i].flops) != (b.layers[j].params, b.layers[j].flops))
            continue
        for k in range(max(i2 - i1, j2 - j1)):
            i, j = i1 + k, j1 + k
            before = a.layers[i] if i < i2 else None
            after = b.layers[j] if j < j2 else None
            changes.append(RowChange(before, after, texts_a[i] if before else "", texts_b[j] if after else ""))
    return DesignDiff(a, b, tuple(changes))
