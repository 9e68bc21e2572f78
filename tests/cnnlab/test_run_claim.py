"""One run per folder: a run claims its folder before writing; a second is refused with one sentence,
and a claim left by a killed process is cleared with the temporary files it left."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from cnnlab.cli import main
from cnnlab.engine.config import TrainConfig
from cnnlab.launch import plan_continuation, plan_run
from cnnlab.runs.claim import CLAIM, FolderBusy, claim, release, writer_info
from cnnlab.runs.store import CONFIG, load_run

QUICK = ["--epochs", "1", "--train-limit", "200", "--quiet"]
HOLD = ("import sys; from pathlib import Path; from cnnlab.runs.claim import claim; "
        "claim(Path(sys.argv[1])); print('claimed', flush=True); sys.stdin.read()")


@contextmanager
def _holder(folder: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process that claims ``folder`` and holds it until it is killed."""
    folder.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(folder)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "claimed"  # an event, not a clock
    try:
        yield proc
    finally:
        proc.kill()
        proc.wait(timeout=60)
        for stream in (proc.stdin, proc.stdout):
            if stream is not None:
                stream.close()


@pytest.fixture
def held(tmp_path: Path) -> Iterator[tuple[Path, int]]:
    """A folder claimed by another live process: (folder, its pid)."""
    folder = tmp_path / "held"
    with _holder(folder) as proc:
        yield folder, proc.pid


def _dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    return int(done.stdout)


def test_cnnlab_train_into_a_folder_another_run_holds_is_one_sentence(capsys, held) -> None:
    folder, pid = held
    code = main(["train", *QUICK, "--out", str(folder)])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert err == (f"cnnlab: The run folder {folder} is in use by another run (process {pid}); wait for it to end "
                   "or choose another folder.")
    assert sorted(p.name for p in folder.iterdir()) == [CLAIM]  # nothing written; the holder's claim stays
    assert json.loads((folder / CLAIM).read_text())["pid"] == pid


def test_a_run_being_continued_elsewhere_cannot_be_continued_again(tmp_path) -> None:
    run = tmp_path / "run"
    assert main(["train", *QUICK, "--out", str(run)]) == 0
    assert not (run / CLAIM).exists()  # given back at the end
    with _holder(run) as proc:
        with pytest.raises(FolderBusy, match=f"process {proc.pid}"):
            plan_continuation(run, 2)
    assert load_run(run).status == "completed"


def test_a_claim_left_by_a_killed_process_is_cleared_with_its_temporary_files(capsys, tmp_path) -> None:
    folder = tmp_path / "left"
    (folder / "epochs").mkdir(parents=True)
    (folder / CLAIM).write_text(json.dumps({**writer_info(), "pid": _dead_pid(), "started": None}))
    for leftover in ("metrics.jsonl.tmp", "checkpoint.pt.tmp", "epochs/epoch_001.pt.tmp"):
        (folder / leftover).write_bytes(b"half a file")
    assert main(["train", *QUICK, "--out", str(folder)]) == 0
    assert not list(folder.rglob("*.tmp")) and not (folder / CLAIM).exists()
    assert load_run(folder).status == "completed"


def test_a_half_written_claim_is_busy_while_young_and_stale_when_old(tmp_path) -> None:
    folder = tmp_path / "half"
    folder.mkdir()
    (folder / CLAIM).write_text("")  # its writer is between creating the file and writing its pid
    with pytest.raises(FolderBusy):
        claim(folder)
    old = os.stat(folder / CLAIM).st_mtime - 60
    os.utime(folder / CLAIM, (old, old))  # a minute old: the writer died mid-write
    claim(folder)
    assert json.loads((folder / CLAIM).read_text())["pid"] == os.getpid()
    release(folder)
    assert not (folder / CLAIM).exists()


def test_a_claim_made_on_another_computer_is_never_taken(tmp_path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    (folder / CLAIM).write_text(json.dumps({"pid": 1, "host": "another-computer", "started": None}))
    with pytest.raises(FolderBusy):
        claim(folder)


def test_a_plan_claims_and_a_failed_start_gives_the_folder_back(tmp_path) -> None:
    plan = plan_run(TrainConfig(dataset="shapes", epochs=1, train_limit=100, out_dir=str(tmp_path / "p")))
    assert plan.run_dir is not None and (plan.run_dir / CLAIM).is_file()
    release(plan.run_dir)
    (plan.run_dir / CONFIG).write_text("{}")  # a run finished filling the folder before this one claimed it
    with pytest.raises(Exception, match="already holds a run"):
        plan_run(TrainConfig(dataset="shapes", epochs=1, train_limit=100, out_dir=str(plan.run_dir)))
    assert not (plan.run_dir / CLAIM).exists()


def test_two_trains_started_together_on_one_folder_keep_one_whole_run(tmp_path) -> None:
    out = tmp_path / "together"
    cmd = [sys.executable, "-m", "cnnlab", "train", *QUICK, "--seed", "{seed}", "--out", str(out)]
    procs = [subprocess.Popen([a.format(seed=seed) for a in cmd], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for seed in (1, 2)]
    results = [(p.wait(timeout=120), *p.communicate()) for p in procs]
    codes = sorted(code for code, _, _ in results)
    assert codes == [0, 2], results
    refused = next(err for code, _, err in results if code == 2).strip()
    assert refused.startswith("cnnlab: ") and str(out) in refused and "Traceback" not in refused
    assert ("is in use by another run" in refused) or ("already holds a run" in refused)
    winner = next(seed for (code, _, _), seed in zip(results, (1, 2), strict=True) if code == 0)
    record = load_run(out)
    assert record.status == "completed" and record.config["seed"] == winner  # the whole run of the one that won
    assert not (out / CLAIM).exists() and not list(out.rglob("*.tmp"))


def test_a_stop_signal_while_the_claim_is_written_leaves_no_claim(monkeypatch, tmp_path) -> None:
    import cnnlab.runs.claim as claim_module

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    folder = tmp_path / "mid"
    folder.mkdir()
    monkeypatch.setattr(claim_module.json, "dumps", interrupted)
    with pytest.raises(KeyboardInterrupt):
        claim(folder)
    assert list(folder.iterdir()) == []  # no half claim to block the next run for ten seconds


def test_a_stop_signal_while_a_new_run_claims_its_folder_leaves_no_folder(monkeypatch, tmp_path) -> None:
    import cnnlab.launch.plan as plan_module

    def interrupted(run_dir: Path) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(plan_module, "claim", interrupted)
    out = tmp_path / "new"
    with pytest.raises(KeyboardInterrupt):
        plan_run(TrainConfig(dataset="shapes", epochs=1, train_limit=100, out_dir=str(out)))
    assert not out.exists()


def test_a_stop_signal_right_after_the_claim_is_linked_leaves_a_whole_claim_that_is_given_back(monkeypatch,
                                                                                            tmp_path) -> None:
    import cnnlab.runs.claim as claim_module

    real_link = os.link

    def link_then_interrupted(src: str | Path, dst: str | Path) -> None:
        real_link(src, dst)
        raise KeyboardInterrupt  # the signal lands the moment the claim is in place

    monkeypatch.setattr(claim_module.os, "link", link_then_interrupted)
    out = tmp_path / "linked"
    with pytest.raises(KeyboardInterrupt):
        plan_run(TrainConfig(dataset="shapes", epochs=1, train_limit=100, out_dir=str(out)))
    assert not out.exists()  # the whole claim was this process's: given back, and the empty folder removed
