"""Strict JSON for every file and ``--json`` output cnnlab writes, and lenient reading of older files.

Python's ``json`` writes ``NaN``, ``Infinity`` and ``-Infinity`` for non-finite floats, which is not
JSON: other programs refuse such files. :func:`dumps` writes those numbers as ``null`` instead, and a
table (a JSON object) that held one gains the key :data:`NOT_FINITE`, listing which of its keys were
not finite, so a reader can tell "no number" from "not measured". :func:`loads` still reads older files
that hold them, and reads an integer too long for Python's digit limit as infinity rather than failing;
readers then treat every number that is not finite as missing (:func:`finite_number`).
"""

from __future__ import annotations

import json
import math
from typing import Any

NOT_FINITE = "not_finite"  # the key of a table listing its own keys whose numbers were not finite (written as null)


def finite(data: Any) -> Any:
    """A copy of ``data`` (tables, lists, tuples as lists) with every NaN or infinite float as None;
    each table that held one, directly or in a list under one of its keys, lists those keys under
    :data:`NOT_FINITE` (after the ones it already listed)."""
    return _clean(data)[0]


def _clean(value: Any) -> tuple[Any, bool]:
    """(the clean copy, whether a non-finite float was replaced in it and not yet noted by a table)."""
    if isinstance(value, float):
        return (value, False) if math.isfinite(value) else (None, True)
    if isinstance(value, dict):
        out: dict[Any, Any] = {}
        replaced: list[str] = []
        for key, item in value.items():
            out[key], hit = _clean(item)
            if hit:
                replaced.append(str(key))
        if replaced:
            before = out.get(NOT_FINITE)
            known = [k for k in before if isinstance(k, str)] if isinstance(before, list) else []
            out[NOT_FINITE] = known + [k for k in replaced if k not in known]
        return out, False
    if isinstance(value, (list, tuple)):
        items = [_clean(item) for item in value]
        return [c for c, _ in items], any(hit for _, hit in items)
    return value, False


def dumps(data: Any, *, indent: int | None = None) -> str:
    """``data`` as strict JSON text (see :func:`finite`); non-ASCII kept as it is (files are UTF-8)."""
    return json.dumps(finite(data), indent=indent, ensure_ascii=False, allow_nan=False)


def file_bytes(data: Any) -> bytes:
    """``data`` as a JSON file's bytes: indented strict JSON, a final newline, UTF-8."""
    return (dumps(data, indent=2) + "\n").encode("utf-8")


def _int(text: str) -> int | float:
    try:
        return int(text)
    except ValueError:  # more digits than Python converts (sys.get_int_max_str_digits): far too large anyway
        return float(text)  # infinity, which readers treat as no number


def loads(text: str | bytes) -> Any:
    """JSON text as Python values; ``NaN``/``Infinity`` of older files read as floats, an integer of
    thousands of digits as infinity. Invalid JSON raises ``json.JSONDecodeError``."""
    return json.loads(text, parse_int=_int)


def finite_number(value: Any) -> float | None:
    """``value`` as a finite float; None for anything else: not a number, true/false, NaN, infinity,
    or an integer too large for a float."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        number = float(value)
    except OverflowError:  # an integer of hundreds of digits
        return None
    return number if math.isfinite(number) else None
