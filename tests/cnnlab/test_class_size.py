"""Small rooms: no class in the project is over MAX_CLASS_LINES lines (one job per class).

The classes still waiting to be split are listed with their size today: they may shrink, never grow,
and each is struck from the list once it is split.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAX_CLASS_LINES = 300  # a class longer than a few screens does more than one job
WAITING = {  # "path:Class": lines today, until split
    "ui/setup/panel.py:SetupPanel": 463,
}


def class_sizes() -> dict[str, int]:
    sizes = {}
    for top in ("cnnlab", "ui", "benchmarks", "tests"):
        for path in sorted((ROOT / top).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef) and node.end_lineno is not None:
                    key = f"{path.relative_to(ROOT).as_posix()}:{node.name}"
                    sizes[key] = node.end_lineno - node.lineno + 1
    return sizes


def test_the_scan_measures_a_class_from_its_line_to_its_last() -> None:
    tree = ast.parse("class A:\n    x = 1\n\n    def f(self):\n        return 2\n")
    (node,) = [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]
    assert node.end_lineno is not None and node.end_lineno - node.lineno + 1 == 5


def test_no_class_is_over_the_limit() -> None:
    sizes = class_sizes()
    assert len(sizes) > 100  # the whole project was read
    too_big = {k: v for k, v in sizes.items() if v > MAX_CLASS_LINES and k not in WAITING}
    assert not too_big, f"split these classes (over {MAX_CLASS_LINES} lines): {too_big}"


@pytest.mark.parametrize("key", sorted(WAITING))
def test_a_class_waiting_to_be_split_does_not_grow(key: str) -> None:
    size = class_sizes().get(key)
    assert size is not None, f"{key} is gone: strike it from WAITING"
    assert size <= WAITING[key], f"{key} grew to {size} lines; split it instead"
    assert size > MAX_CLASS_LINES, f"{key} is {size} lines now: strike it from WAITING"
