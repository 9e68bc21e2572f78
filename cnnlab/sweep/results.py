"""A sweep's results: per configuration, the mean and the sample standard deviation (n − 1) over its seeds of
test accuracy, training time and parameters, the seeds and run folders behind them, and the best
configuration. Read from the manifest and each trial's own run folder (its ``results.json`` and
``config.json`` are the truth), so the numbers are those ``cnnlab runs`` lists; nothing needs torch.
"""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cnnlab import strict_json
from cnnlab.errors import Sentence, UserError
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.runs.store import load_run
from cnnlab.sweep.folder import (
    COMPLETED,
    FAILED,
    INTERRUPTED,
    PRUNED,
    RUNNING,
    manifest_spec,
    read_manifest,
    sweeps_dir,
)
from cnnlab.sweep.spec import SweepSpec

STD_KIND = "sample standard deviation (n − 1) over the seeds"  # said wherever a ± is shown


@dataclass(frozen=True)
class Spread:
    """Mean and sample standard deviation (n − 1) of some values; std None with fewer than two of them."""

    n: int
    mean: float | None
    std: float | None


def spread(values: list[float]) -> Spread:
    if not values:
        return Spread(0, None, None)
    return Spread(len(values), statistics.fmean(values), statistics.stdev(values) if len(values) > 1 else None)


@dataclass
class ConfigResult:
    """One configuration: its settings and the runs of it that completed (one per seed)."""

    settings: dict[str, Any]
    seeds: list[int] = field(default_factory=list)  # of the completed runs, in trial order
    runs: list[str] = field(default_factory=list)  # their run folders
    test_acc: list[float] = field(default_factory=list)
    train_seconds: list[float] = field(default_factory=list)
    params: list[int] = field(default_factory=list)
    states: dict[str, int] = field(default_factory=dict)  # trials by state (completed, pruned, failed, ...)

    def sort_by_seed(self) -> None:
        """The completed runs in the order of their seeds (they finish in any order)."""
        rows = sorted(zip(self.seeds, self.runs, self.test_acc, strict=True))
        self.seeds, self.runs, self.test_acc = [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]

    @property
    def accuracy(self) -> Spread:
        return spread(self.test_acc)

    @property
    def seconds(self) -> Spread:
        return spread(self.train_seconds)

    @property
    def parameters(self) -> Spread:
        return spread([float(p) for p in self.params])

    def to_dict(self) -> dict[str, Any]:
        acc, secs, params = self.accuracy, self.seconds, self.parameters
        return {"settings": dict(self.settings), "seeds": list(self.seeds), "runs": list(self.runs),
                "test_acc": list(self.test_acc), "test_acc_mean": acc.mean, "test_acc_std": acc.std,
                "train_seconds_mean": secs.mean, "train_seconds_std": secs.std,
                "params_mean": params.mean, "params_std": params.std, "trials": dict(self.states)}


@dataclass
class SweepResults:
    """A sweep's configurations (a grid's in the file's order, a search's in the order it tried them) and what else
    its trials did."""

    name: str
    spec: SweepSpec
    folder: Path  # the sweep's folder
    configs: list[ConfigResult]
    problems: list[str] = field(default_factory=list)  # run folders that could not be read, one sentence each

    @property
    def best(self) -> ConfigResult | None:
        """The configuration with the highest mean test accuracy (a tie: the smaller spread, then the earlier)."""
        scored = [c for c in self.configs if c.test_acc]
        if not scored:
            return None
        return max(scored, key=lambda c: (c.accuracy.mean, -(c.accuracy.std or 0.0)))

    def best_config(self) -> Any:
        """The best configuration as a TrainConfig for a full run (its first seed), or None before any completed."""
        best = self.best
        if best is None:
            return None
        from cnnlab.engine.config import TrainConfig

        return TrainConfig(**{**self.spec.base, **best.settings, "seed": best.seeds[0]})

    def states(self) -> dict[str, int]:
        total: dict[str, int] = {}
        for config in self.configs:
            for state, count in config.states.items():
                total[state] = total.get(state, 0) + count
        return total

    def to_dict(self) -> dict[str, Any]:
        best = self.best
        return {"name": self.name, "folder": str(self.folder), "search": self.spec.search,
                "varied": list(self.spec.varied), "seeds": list(self.spec.seeds), "std": STD_KIND,
                "trials": self.states(), "total": self.spec.total_runs,
                "configs": [c.to_dict() for c in self.configs],
                "best": self.configs.index(best) if best is not None else None, "problems": list(self.problems)}


def _settings_key(settings: dict[str, Any]) -> str:
    return json.dumps(settings, sort_keys=True)


def sweep_results(name: str, parent: Path | None = None) -> SweepResults:
    """The results of the sweep ``name`` in the runs folder ``parent`` (default: the usual one)."""
    root = sweeps_dir(parent) / name
    manifest = read_manifest(root)
    spec = manifest_spec(manifest, root)
    runs = root.parent.parent
    configs: dict[str, ConfigResult] = {}
    problems: list[str] = []
    latest = {(_settings_key(t.settings), t.seed): t.number for t in manifest.trials.values()}  # a redone trial's
    for number in sorted(manifest.trials):
        trial = manifest.trials[number]
        config = configs.setdefault(_settings_key(trial.settings), ConfigResult(dict(trial.settings)))
        state = trial.state if trial.state in (COMPLETED, PRUNED, FAILED, INTERRUPTED, RUNNING) else RUNNING
        if state == INTERRUPTED and latest[(_settings_key(trial.settings), trial.seed)] != number:
            continue  # trained again since: the later trial tells what became of that seed
        if state == COMPLETED:
            try:
                record = load_run(runs / trial.run)
            except UserError as e:  # the run folder was deleted or damaged since: named, and left out
                problems.append(str(e))
                continue
            results = record.results or {}
            acc = strict_json.finite_number(results.get("test_acc"))
            if results.get("status") != "completed" or acc is None:
                problems.append(Sentence(QT_TRANSLATE_NOOP("CoreMessage", "The run folder {path} no longer holds "
                                                                          "the completed run of trial {number}, so "
                                                                          "it is left out."),
                                         path=record.path, number=number))
                continue
            config.seeds.append(trial.seed)
            config.runs.append(str(record.path))
            config.test_acc.append(acc)
            seconds = strict_json.finite_number(results.get("train_seconds"))
            if seconds is not None:
                config.train_seconds.append(seconds)
            params = record.config.get("params")
            if isinstance(params, int):
                config.params.append(params)
        config.states[state] = config.states.get(state, 0) + 1
    for config in configs.values():
        config.sort_by_seed()
    ordered = list(configs.values())
    if spec.search == "grid":  # the file's order (Optuna's grid sampler visits the grid shuffled)
        grid = [_settings_key(s) for s in spec.grid()]
        ordered.sort(key=lambda c: grid.index(_settings_key(c.settings)) if _settings_key(c.settings) in grid
                     else len(grid))
    return SweepResults(name, spec, root, ordered, problems)
