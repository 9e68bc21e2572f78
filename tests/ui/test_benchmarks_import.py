"""Every benchmark script still imports against the current API (they run only by hand or on a lent GPU,
so a renamed function would otherwise be found there, late)."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]  # the checkout
SCRIPTS = sorted(p.stem for p in (ROOT / "benchmarks").glob("*.py") if p.stem != "__init__")


def test_the_benchmarks_are_all_here() -> None:
    assert {"engine_speed", "lab_latency", "gpu", "soak", "contention"} <= set(SCRIPTS)


@pytest.mark.parametrize("name", SCRIPTS)
def test_each_benchmark_imports(name: str) -> None:
    module = importlib.import_module(f"benchmarks.{name}")
    assert module.__file__ is not None and callable(getattr(module, "main", None)) or name == "common"
