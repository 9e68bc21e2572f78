"""The soak driver (benchmarks/soak.py) at a tiny setting: its JSON line parses and nothing crashed,
raised or was left running."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOAK = ROOT / "benchmarks" / "soak.py"
TIMEOUT_S = 240  # the tiny setting takes well under a minute; the bound only stops a hung driver


@pytest.mark.timeout(TIMEOUT_S + 30)  # the one test allowed past the suite's minute: it drives a whole app
def test_soak_smoke() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([sys.executable, str(SOAK), "--cycles", "2", "--runs", "1"], cwd=str(ROOT), env=env,
                          capture_output=True, text=True, timeout=TIMEOUT_S)
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one JSON line, got {proc.stdout!r}\nstderr:\n{proc.stderr[-4000:]}"
    result = json.loads(lines[0])
    detail = f"{result}\nstderr:\n{proc.stderr[-4000:]}"
    assert result["cycles"] == 2 and result["runs"] == 1, detail
    assert result["crashes"] == 0, detail
    assert result["exceptions"] == 0, detail
    assert result["processes_left"] == 0, detail
    assert result["threads_left"] == 0, detail
