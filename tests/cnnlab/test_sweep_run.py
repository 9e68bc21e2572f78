"""Sweeps trained for real (shapes, tiny sizes) in a module's warm training processes: the grid with its seeds,
mean and sample std against a hand computation over the trials' own run folders, resuming, and pruning."""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers_runs import write_run
from PIL import Image

from cnnlab.cli import main
from cnnlab.launch.process import ProcessPool
from cnnlab.runs.index import RunIndex
from cnnlab.sweep import local
from cnnlab.sweep.driver import run_sweep
from cnnlab.sweep.events import SweepEvent, TrialEnded, TrialEpoch, TrialStarted
from cnnlab.sweep.folder import SweepFolder, TrialRecord, read_manifest, sweeps_dir
from cnnlab.sweep.spec import SweepError, SweepSpec, parse_sweep
from cnnlab.sweep.study import SweepStudy

SMALL = {"dataset": "shapes", "model": "shape-cnn", "epochs": 1, "train_limit": 200, "device": "cpu"}


@pytest.fixture(scope="module")
def pool() -> Iterator[ProcessPool]:
    shared = local.WorkerPool(keep=2)  # two children serve the module's sweeps: torch is imported twice, not per trial
    yield shared
    shared.close()


def sweep(name: str, vary: dict[str, Any], **more: Any) -> SweepSpec:
    base = {**SMALL, **more.pop("base", {})}
    return parse_sweep({"name": name, "base": base, "vary": vary, **more})


def tagged_runs(runs: Path) -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    """Every run folder with a sweep tag: its tag and its results.json, read straight from the files."""
    out = {}
    for folder in sorted(runs.iterdir()):
        if (folder / "sweep.json").is_file():
            tag = json.loads((folder / "sweep.json").read_text())
            results = json.loads((folder / "results.json").read_text()) if (folder / "results.json").is_file() else {}
            out[str(folder)] = (tag, results)
    return out


def test_a_grid_with_seeds_gives_each_configuration_the_mean_and_sample_std_of_its_runs(
        tmp_path: Path, pool: ProcessPool, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    runs = tmp_path / "runs"
    spec = sweep("grid-seeds", {"lr": [0.003, 0.0003], "seed": [1, 2, 3]})
    events: list[SweepEvent] = []
    run_sweep(spec, workers=2, parent=runs, pool=pool, on_event=events.append)
    ended = [e for e in events if isinstance(e, TrialEnded)]
    assert [e.state for e in ended] == ["completed"] * 6 and ended[-1].done == ended[-1].total == 6
    by_lr: dict[float, list[tuple[int, float, str]]] = {}
    for folder, (tag, results) in tagged_runs(runs).items():
        assert tag["sweep"] == "grid-seeds" and results["status"] == "completed"
        by_lr.setdefault(tag["settings"]["lr"], []).append((tag["seed"], results["test_acc"], folder))
        config = json.loads((Path(folder) / "config.json").read_text())
        assert (config["reproducible"], config["deterministic"], config["threads"]) == (True, True, 1)
        assert config["seed"] == tag["seed"]  # the seed the trial says is the one it trained with
    assert sorted(by_lr) == [0.0003, 0.003] and all(sorted(s for s, _, _ in v) == [1, 2, 3] for v in by_lr.values())

    monkeypatch.setenv("CNNLAB_RUNS", str(runs))
    assert main(["sweep", "show", "grid-seeds", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert shown["name"] == "grid-seeds" and len(shown["configs"]) == 2
    for config in shown["configs"]:
        trials = sorted(by_lr[config["settings"]["lr"]])
        accs = [acc for _, acc, _ in trials]
        mean = sum(accs) / 3
        assert config["test_acc_mean"] == pytest.approx(mean, abs=1e-12)
        assert config["test_acc_std"] == pytest.approx(math.sqrt(sum((a - mean) ** 2 for a in accs) / 2), abs=1e-12)
        assert sorted(config["seeds"]) == [1, 2, 3]
        assert sorted(config["runs"]) == sorted(folder for _, _, folder in trials)
    best = shown["configs"][shown["best"]]
    assert best["test_acc_mean"] == max(c["test_acc_mean"] for c in shown["configs"])

    index = RunIndex(runs)
    assert len(index.runs(sweep="grid-seeds")) == 6 and index.runs(sweep="another") == []
    assert {r.sweep for r in index.runs()} == {"grid-seeds"}

    png = tmp_path / "plot.png"
    assert main(["sweep", "show", "grid-seeds", "--plot", str(png)]) == 0
    with Image.open(png) as image:
        assert image.format == "PNG" and image.size == (640, 420)


def test_a_stopped_sweep_continues_without_training_its_finished_trials_again(tmp_path: Path,
                                                                               pool: ProcessPool) -> None:
    runs = tmp_path / "runs"
    spec = sweep("resume", {"lr": [0.003], "seed": [1, 2, 3, 4]}, base={"epochs": 2})
    stop = threading.Event()
    first: list[SweepEvent] = []

    def on_event(event: SweepEvent) -> None:
        first.append(event)
        if isinstance(event, TrialEnded):
            stop.set()  # as Ctrl+C would: after the first trial ends, the one beside it is stopped

    run_sweep(spec, workers=2, parent=runs, pool=pool, on_event=on_event, stop=stop)
    states = {t.seed: t.state for t in read_manifest(sweeps_dir(runs) / "resume").trials.values()}
    finished = {seed for seed, state in states.items() if state == "completed"}
    assert finished and set(states.values()) <= {"completed", "interrupted"} and len(states) == 2
    kept = {folder: Path(folder, "results.json").stat().st_mtime_ns for folder, (tag, _) in tagged_runs(runs).items()
            if tag["seed"] in finished}

    again: list[SweepEvent] = []
    results = run_sweep(spec, workers=2, parent=runs, pool=pool, on_event=again.append)
    trained = sorted(e.seed for e in again if isinstance(e, TrialStarted))
    assert sorted([*trained, *finished]) == [1, 2, 3, 4]  # each seed trained to its end exactly once
    (config,) = results.configs
    assert sorted(config.seeds) == [1, 2, 3, 4] and config.states["completed"] == 4
    assert {f: Path(f, "results.json").stat().st_mtime_ns for f in kept} == kept  # the finished runs untouched
    other = sweep("resume", {"lr": [0.01], "seed": [1, 2, 3, 4]}, base={"epochs": 2})
    with pytest.raises(SweepError, match="A sweep named resume with other settings is in"):
        run_sweep(other, parent=runs, pool=pool)  # one name, two sweeps: refused, the first one left as it was
    more = sweep("resume", {"lr": [0.003], "seed": [1, 2, 3, 4]}, base={"epochs": 2}, trials=50)
    assert run_sweep(more, parent=runs, pool=pool).configs[0].seeds == [1, 2, 3, 4]  # only trials: nothing to do


def test_a_sweep_whose_process_died_settles_its_trials_from_their_run_folders(tmp_path: Path,
                                                                              pool: ProcessPool) -> None:
    """What a killed sweep leaves: trials Optuna still holds as running. Trial 0's run had ended (its folder says
    completed, with a test accuracy written here by hand); trial 1's was cut short. Continuing counts the first
    as done with that accuracy and trains only the second again."""
    runs = tmp_path / "runs"
    spec = sweep("killed", {"lr": [0.003], "seed": [1, 2]})
    folder = SweepFolder.open(spec, runs)
    study = SweepStudy(spec, folder)
    study.start()
    for seed, status in ((1, "completed"), (2, None)):
        trial = study.next_trial()
        assert trial is not None and trial.user_attrs["seed"] == seed
        run = write_run(runs, f"run-{seed}", status=status, test_acc=0.625, seed=seed, epochs=1)
        record: TrialRecord = study.describe(trial)
        record.run = run.name
        folder.tag_run(run, record)
        folder.record(record)
    folder.release()  # its process is gone: the next one may claim the sweep

    events: list[SweepEvent] = []
    results = run_sweep(spec, workers=1, parent=runs, pool=pool, on_event=events.append)
    assert [e.seed for e in events if isinstance(e, TrialStarted)] == [2]
    (config,) = results.configs
    assert dict(zip(config.seeds, config.test_acc, strict=True))[1] == 0.625  # not trained again
    states = sorted(t.state for t in read_manifest(sweeps_dir(runs) / "killed").trials.values())
    assert states == ["completed", "completed", "interrupted"]


def test_the_pruner_stops_a_hopeless_trial(tmp_path: Path, pool: ProcessPool) -> None:
    """Two good learning rates first, then one far too small: after its first epoch its validation accuracy is
    below the median of the two finished trials' at that epoch (about 0.2 against 0.4), so it is stopped."""
    spec = sweep("prune", {"lr": {"min": 1e-7, "max": 0.01, "log": True}}, search="random", trials=3,
                 first=[{"lr": 0.005}, {"lr": 0.003}, {"lr": 1e-6}], prune={"startup_trials": 2, "warmup_epochs": 0},
                 base={"epochs": 6, "train_limit": 600, "schedule": "none"})
    events: list[SweepEvent] = []
    results = run_sweep(spec, workers=1, parent=tmp_path / "runs", pool=pool, on_event=events.append)
    ended = {e.settings["lr"]: e for e in events if isinstance(e, TrialEnded)}
    assert [ended[lr].state for lr in (0.005, 0.003, 1e-6)] == ["completed", "completed", "pruned"]
    assert any(e.pruned for e in events if isinstance(e, TrialEpoch))
    hopeless = json.loads((Path(ended[1e-6].run_dir) / "results.json").read_text())
    assert hopeless["status"] == "stopped" and hopeless["epochs_done"] < 6  # cut short, its epochs kept
    assert [c.states for c in results.configs] == [{"completed": 1}, {"completed": 1}, {"pruned": 1}]


class _Borrowed:
    """The module's pool lent to the command, which closes it at the end: the lender closes it."""

    def __init__(self, pool: ProcessPool) -> None:
        self.pool = pool

    def __getattr__(self, name: str) -> Any:
        return getattr(self.pool, name)

    def close(self) -> None:
        pass


def test_cnnlab_sweep_prints_each_trial_and_the_table(tmp_path: Path, pool: ProcessPool,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("CNNLAB_RUNS", str(tmp_path / "runs"))
    monkeypatch.setattr(local, "WorkerPool", lambda keep: _Borrowed(pool))
    path = tmp_path / "s.yaml"
    path.write_text("name: cli\nbase: {dataset: shapes, epochs: 1, train_limit: 200, device: cpu}\n"
                    "vary: {optimizer: [adam, sgd]}\n", encoding="utf-8")
    assert main(["sweep", str(path), "--workers", "2"]) == 0
    out, err = capsys.readouterr()
    assert err.splitlines()[0] == "sweep cli: 2 configuration(s) × 1 seed(s) = 2 trials, grid search, 2 worker(s)"
    assert sorted(line.split(":")[0] for line in err.splitlines()[1:]) == ["[1/2] optimizer=adam, seed 0",
                                                                          "[2/2] optimizer=sgd, seed 0"] or \
        sorted(line.split(":")[0] for line in err.splitlines()[1:]) == ["[1/2] optimizer=sgd, seed 0",
                                                                       "[2/2] optimizer=adam, seed 0"]
    lines = out.splitlines()
    assert lines[0].startswith("sweep cli (grid; ") and lines[1].split() == [
        "optimizer", "runs", "seeds", "test", "acc", "(%)", "train", "s", "params", "not", "completed"]
    assert lines[-1].startswith("best: optimizer=")
    assert main(["sweep", "show", "nothing-here"]) == 2
    assert capsys.readouterr().err == f"cnnlab: There is no sweep nothing-here in {tmp_path / 'runs' / 'sweeps'}.\n"
    assert main(["sweep", "show"]) == 2
    assert capsys.readouterr().err == "cnnlab: Name the sweep to show: cnnlab sweep show NAME (the sweeps: cli).\n"
