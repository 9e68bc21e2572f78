"""Small rooms: no class in the project is over MAX_CLASS_LINES lines (one job per class)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAX_CLASS_LINES = 300  # a class longer than a few screens does more than one job


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
    too_big = {k: v for k, v in sizes.items() if v > MAX_CLASS_LINES}
    assert not too_big, f"split these classes (over {MAX_CLASS_LINES} lines): {too_big}"
