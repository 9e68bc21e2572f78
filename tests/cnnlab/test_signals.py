"""Stop signals (Ctrl+C, SIGTERM from a shutdown or a job scheduler, SIGHUP from a closed terminal) end
`cnnlab train` as an interrupted, resumable run with one sentence and exit code 130, at any moment."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import cnnlab.engine.run_state as run_state
import cnnlab.launch
from cnnlab.cli import EXIT_INTERRUPTED, main
from cnnlab.runs.claim import CLAIM
from cnnlab.runs.store import load_run

QUICK = ["--epochs", "2", "--train-limit", "200", "--quiet"]


def _signal_when(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str, *signals: int) -> None:
    """Send this process ``signals`` as ``owner.name`` is called (the moment a user's Ctrl+C could land)."""
    real: Callable[..., Any] = getattr(owner, name)

    def patched(*args: Any, **kwargs: Any) -> Any:
        for number in signals:
            os.kill(os.getpid(), number)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, patched)


def _clean(folder: Path) -> bool:
    return not list(folder.rglob("*.tmp")) and not (folder / CLAIM).exists()


def test_sigterm_while_the_data_loads_saves_a_resumable_run(capsys, monkeypatch, tmp_path) -> None:
    out = tmp_path / "run"
    _signal_when(monkeypatch, run_state, "load_data", signal.SIGTERM)
    assert main(["train", *QUICK, "--out", str(out)]) == EXIT_INTERRUPTED
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert last == (f"cnnlab: Interrupted by SIGTERM; the run is saved: run `cnnlab train --resume {out}` "
                    "to continue it.")
    results = json.loads((out / "results.json").read_text())
    assert results["status"] == "stopped" and results["message"].startswith("Interrupted by SIGTERM")
    assert _clean(out)
    monkeypatch.undo()
    assert main(["train", "--resume", str(out), "--quiet"]) == 0  # the sentence's command works
    record = load_run(out)
    assert record.status == "completed" and [m["epoch"] for m in record.metrics] == [1, 2]


def _signal_a_training_run(out: Path, number: int, *, again: bool) -> tuple[int, str]:
    """A real `cnnlab train` into ``out``: signal ``number`` once its first epoch is saved and, with ``again``,
    once more when it says it is stopping (events read from its stderr, not a clock). Returns (exit code,
    stderr)."""
    cmd = [sys.executable, "-m", "cnnlab", "train", "--epochs", "500", "--train-limit", "200", "--out", str(out)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    seen = []
    for line in proc.stderr:
        seen.append(line)
        if line.startswith("epoch 1/500"):
            proc.send_signal(number)
            if not again:
                break
        elif again and "stopping after this batch" in line:
            proc.send_signal(number)
            break
    seen.append(proc.stderr.read())
    proc.stderr.close()
    return proc.wait(timeout=120), "".join(seen)


def test_a_second_signal_ends_at_once_keeping_what_was_saved(tmp_path) -> None:
    """A real `cnnlab train`: SIGHUP once its first epoch is saved, again once it says it is stopping."""
    out = tmp_path / "run"
    code, err = _signal_a_training_run(out, signal.SIGHUP, again=True)
    assert code == EXIT_INTERRUPTED, err
    last = err.strip().splitlines()[-1]
    assert last in ("cnnlab: Interrupted by SIGHUP; what was saved before is kept.",  # the second ended it …
                    f"cnnlab: Interrupted by SIGHUP; the run is saved: run `cnnlab train --resume {out}` to "
                    "continue it.")  # … or the first had already saved and ended the run
    assert "Traceback" not in err
    assert _clean(out)
    done = len(load_run(out).metrics)
    assert main(["train", "--resume", str(out), "--epochs", str(done + 1), "--quiet"]) == 0  # and it continues
    assert load_run(out).status == "completed"


def test_a_signal_before_the_run_has_a_folder_leaves_nothing(capsys, monkeypatch, tmp_path) -> None:
    out = tmp_path / "run"
    _signal_when(monkeypatch, cnnlab.launch, "plan_run", signal.SIGTERM)
    assert main(["train", *QUICK, "--out", str(out)]) == EXIT_INTERRUPTED
    assert capsys.readouterr().err.strip() == "cnnlab: Interrupted by SIGTERM; what was saved before is kept."
    assert not out.exists()


def test_the_callers_own_signal_handlers_come_back(monkeypatch, tmp_path) -> None:
    before = signal.getsignal(signal.SIGTERM)
    main(["train", "--epochs", "1", "--train-limit", "100", "--quiet", "--out", str(tmp_path / "r")])
    assert signal.getsignal(signal.SIGTERM) is before


def test_sigterm_to_a_training_cnnlab_train_process(tmp_path) -> None:
    """The real thing: a separate `cnnlab train`, SIGTERM once its first epoch is saved."""
    out = tmp_path / "run"
    code, err = _signal_a_training_run(out, signal.SIGTERM, again=False)
    assert code == EXIT_INTERRUPTED, err
    assert err.strip().splitlines()[-1].startswith("cnnlab: Interrupted by SIGTERM; the run is saved")
    record = load_run(out)
    assert record.status == "stopped" and len(record.metrics) >= 1
    assert _clean(out)


def test_help_lists_the_exit_codes(capsys) -> None:
    assert main(["--help"]) == 0
    text = capsys.readouterr().out
    assert "exit codes:" in text and "  2 " in text and "  3 " in text and "  130 " in text
