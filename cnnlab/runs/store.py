"""The run folder: ``config.json``, ``metrics.jsonl`` (one line per epoch), ``checkpoint.pt``
(weights at the last finished epoch, or where the run was stopped) and ``results.json``.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cnnlab.engine.callbacks import Callback
from cnnlab.engine.checkpoint import CheckpointMeta, save_checkpoint
from cnnlab.engine.events import EpochEnd, RunEnd, RunStarted
from cnnlab.errors import UserError
from cnnlab.paths import runs_dir

CONFIG, METRICS, CHECKPOINT, RESULTS = "config.json", "metrics.jsonl", "checkpoint.pt", "results.json"


RUN_STAMP = "%Y%m%d-%H%M%S"  # run folders start with the time they were made, so they sort by age
_STAMP_LENGTH = len("20260101-000000")


def new_run_dir(dataset: str, model: str, parent: Path | None = None) -> Path:
    """A fresh ``<parent>/<YYYYmmdd-HHMMSS>-<dataset>-<model>`` folder (suffixed if taken)."""
    parent = parent or runs_dir()
    stem = f"{time.strftime(RUN_STAMP)}-{dataset}-{model}"
    for i in range(1000):
        path = parent / (stem if i == 0 else f"{stem}-{i}")
        try:
            path.mkdir(parents=True, exist_ok=False)
            return path
        except FileExistsError:
            continue
    raise UserError(f"Could not make a new run folder in {parent}.")


def prepare_run_dir(out_dir: str | None, dataset: str, model: str) -> Path:
    """The folder a run writes to; an existing run there is never overwritten."""
    if out_dir is None:
        return new_run_dir(dataset, model)
    path = Path(out_dir).expanduser()
    if (path / CONFIG).exists():
        raise UserError(f"{path} already holds a run; choose another --out folder so it is not overwritten.")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise UserError(f"Cannot create the run folder {path}: {e.strerror or e}.") from None
    return path


def remove_if_empty(run_dir: Path | None) -> None:
    """A run that failed or was stopped before writing anything leaves no empty folder behind."""
    try:
        if run_dir is not None and run_dir.is_dir() and not any(run_dir.iterdir()):
            run_dir.rmdir()
    except OSError:  # gone already, or not ours to remove: nothing to tidy
        pass


def _write_json(path: Path, data: Any) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)


class RunWriter(Callback):
    """Writes the run folder as training goes, so a crash or a stop loses at most one epoch."""

    def __init__(self, run_dir: Path, meta: CheckpointMeta) -> None:
        self.run_dir = run_dir
        self.meta = meta
        self.config: dict[str, Any] = {}

    def on_run_begin(self, event: RunStarted) -> None:
        self.config = event.config
        _write_json(self.run_dir / CONFIG, {
            **event.config, "classes": list(event.classes), "input_shape": list(event.input_shape),
            "params": event.params, "device_used": event.device,
            "train_size": event.train_size, "val_size": event.val_size, "test_size": event.test_size,
        })
        (self.run_dir / METRICS).write_text("", encoding="utf-8")

    def on_epoch_end(self, event: EpochEnd) -> None:
        with open(self.run_dir / METRICS, "a", encoding="utf-8") as f:
            f.write(json.dumps(event.metrics()) + "\n")
        if event.weights:
            save_checkpoint(self.run_dir / CHECKPOINT, self.meta, event.weights, event.epoch, self.config)

    def on_run_end(self, event: RunEnd) -> None:
        if event.weights and event.status == "stopped":
            save_checkpoint(self.run_dir / CHECKPOINT, self.meta, event.weights, event.epochs_done, self.config)
        _write_json(self.run_dir / RESULTS, event.metrics())


@dataclass
class RunRecord:
    """A run folder read back: what the GUI's "open run" and scripts use."""

    path: Path
    config: dict[str, Any]
    metrics: list[dict[str, Any]] = field(default_factory=list)
    results: dict[str, Any] | None = None

    @property
    def checkpoint(self) -> Path | None:
        p = self.path / CHECKPOINT
        return p if p.is_file() else None

    @property
    def label(self) -> str:
        return run_label(self.config, self.path, with_date=True)


def run_made_at(folder: str | Path) -> time.struct_time | None:
    """When a run folder named by :func:`new_run_dir` was made; None for a folder named otherwise."""
    stamp = Path(folder).name[:_STAMP_LENGTH]
    try:
        return time.strptime(stamp, RUN_STAMP)
    except ValueError:
        return None


def run_label(config: dict[str, Any], folder: str | Path | None, *, with_date: bool = False) -> str:
    """"shape-cnn on shapes · 14:02:11" (``with_date``: "· 2026-12-02 14:02:11"), from the time the
    run folder was made; a folder named otherwise is shown by its name."""
    base = f"{config.get('model', '?')} on {config.get('dataset', '?')}"
    if not folder:
        return base
    made = run_made_at(folder)
    if made is None:
        return f"{base} · {Path(folder).name}"
    return f"{base} · {time.strftime('%Y-%m-%d %H:%M:%S' if with_date else '%H:%M:%S', made)}"


def load_run(path: str | Path) -> RunRecord:
    """Read a run folder; a folder that is not a run raises ``UserError``."""
    path = Path(path).expanduser()
    cfg_path = path / CONFIG
    if not cfg_path.is_file():
        raise UserError(f"{path} is not a cnnlab run folder (it has no {CONFIG}).")
    try:
        config = json.loads(cfg_path.read_text(encoding="utf-8"))
        metrics = []
        if (path / METRICS).is_file():
            for line in (path / METRICS).read_text(encoding="utf-8").splitlines():
                if line.strip():
                    metrics.append(json.loads(line))
        results = json.loads((path / RESULTS).read_text(encoding="utf-8")) if (path / RESULTS).is_file() else None
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise UserError(f"The run folder {path} has a damaged file ({e}).") from None
    return RunRecord(path=path, config=config, metrics=metrics, results=results)


def list_runs(parent: Path | None = None) -> list[RunRecord]:
    """Every readable run under ``parent`` (default: the runs folder), newest first."""
    parent = parent or runs_dir()
    if not parent.is_dir():
        return []
    out = []
    for p in sorted(parent.iterdir(), reverse=True):
        if (p / CONFIG).is_file():
            try:
                out.append(load_run(p))
            except UserError:
                continue
    return out
