"""Continuing a run in its own folder: ``cnnlab train --resume RUN_DIR [--epochs N]`` and the app's Continue.

:func:`continuation` reads a run folder (finished, stopped, failed or interrupted) and returns what the
trainer needs to go on exactly where the checkpoint left it: the run's own resolved settings with the
new total of epochs, the weights, the training state (engine/train_state.py) and the epochs' metrics
so far. The trainer then appends to the same ``metrics.jsonl``, rewrites ``checkpoint.pt`` each epoch
and writes a new ``results.json``; ``config.json`` gets the new total and a ``continued`` list.

What continuing a schedule means: the learning-rate schedule keeps the plan made for the run's first
total of epochs, so a stopped run continued to that total ends exactly as if it had never stopped;
epochs beyond that plan train at the learning rate the schedule ended with (a one-cycle or cosine
schedule has annealed it to almost nothing, so for a fresh cycle train a new run with more epochs).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import torch

from cnnlab.engine.checkpoint import read_checkpoint
from cnnlab.engine.config import TrainConfig
from cnnlab.engine.run_state import StartPoint
from cnnlab.engine.train_state import check_state, recorded_threads
from cnnlab.errors import Sentence, UserError
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.runs.store import CHECKPOINT, EarlierPart, load_run


@dataclass
class Continuation:
    """A run folder's saved part: where the trainer starts (``start``) and what its writer goes on from
    (``earlier``)."""

    run_dir: Path
    config: TrainConfig  # the run's resolved settings, epochs = the new total
    weights: dict[str, torch.Tensor]
    state: dict[str, Any]  # the checkpoint's "training" entry
    model_options: dict[str, Any]  # the checkpoint's model options: a design run's design
    metrics: list[dict[str, Any]]  # metrics.jsonl's lines up to the checkpoint's epoch
    epoch: int  # epochs finished in the checkpoint
    previous_results: dict[str, Any] | None  # results.json before continuing (put back if nothing is trained)
    previous_config: dict[str, Any]  # config.json before continuing
    status: str  # the run's status before continuing

    @property
    def note(self) -> str:
        """One sentence on the schedule (empty when continuing changes nothing about it)."""
        return schedule_note(self.config, self.state)

    def threads_note(self, *, cpu: bool = True) -> tuple[str, bool]:
        """One sentence on the CPU thread count (see :func:`threads_note`) and whether the result differs."""
        return threads_note(self.config, self.state, self.run_dir / CHECKPOINT, cpu=cpu)

    @property
    def start(self) -> StartPoint:
        return StartPoint(self.weights, self.state, self.model_options)

    @property
    def earlier(self) -> EarlierPart:
        return EarlierPart(metrics=self.metrics, epoch=self.epoch, results=self.previous_results,
                           history=self.history())

    def history(self) -> list[dict[str, Any]]:
        """config.json's ``continued`` list with this continuation added."""
        earlier = self.previous_config.get("continued")
        entries = list(earlier) if isinstance(earlier, list) else []
        return [*entries, {"from_epoch": self.epoch, "epochs": self.config.epochs, "status_before": self.status,
                           "at": time.strftime("%Y-%m-%d %H:%M:%S")}]


def _epochs_planned(state: dict[str, Any]) -> int:
    """The total of epochs the schedule was planned for."""
    return max(1, round(int(state["schedule_steps"]) / max(1, int(state["batches"]))))


def schedule_note(config: TrainConfig, state: dict[str, Any]) -> str:
    """What continuing means for the learning rate, in one sentence; "" for a constant rate or no change."""
    planned = _epochs_planned(state)
    if config.schedule in (None, "none") or not config.epochs or config.epochs <= planned:
        return ""
    if int(state["step"]) >= int(state["schedule_steps"]):
        groups = state["optimizer"].get("param_groups", [{}])
        lr = groups[0].get("lr") if groups else None
        now = f" ({lr:.3g})" if isinstance(lr, (int, float)) else ""
        return (f"The {config.schedule} schedule ended with epoch {planned}; epochs {planned + 1}–{config.epochs} "
                f"train at its final learning rate{now}, so they change the weights little (for a new cycle, "
                f"train a new run with more epochs).")
    return (f"The {config.schedule} schedule keeps its plan for {planned} epochs; epochs {planned + 1}–"
            f"{config.epochs} train at the learning rate it ends with.")


def threads_note(config: TrainConfig, state: dict[str, Any], checkpoint: Path, *, cpu: bool = True) -> tuple[str, bool]:
    """What the continuation's CPU thread count means for its result, in one sentence, and whether that
    result differs from the run left alone's. Left unset, the continuation goes on with the count the
    checkpoint's run was training with (bit-identical, said only on the CPU, ``cpu``, where it may be
    slower than a count measured now); another count, or a checkpoint that does not record one, differs."""
    recorded = recorded_threads(state)
    if config.threads is not None:
        if recorded is None or config.threads == recorded:
            return "", False
        return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "The continuation trains with {threads} CPU thread(s) "
                                                         "instead of the {recorded} the run last used, so its result "
                                                         "will differ from that of the run left alone."),
                        threads=config.threads, recorded=recorded), True
    if recorded is None:
        return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "{path} does not record the CPU thread count the run "
                                                         "trained with, so the continuation measures one anew and its "
                                                         "result may differ from that of the run left alone."),
                        path=checkpoint), True
    if not cpu:
        return "", False
    return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "The continuation trains with the {threads} CPU thread(s) the "
                                                     "run last used, so it ends as the run left alone would have; a "
                                                     "count measured now might train faster."),
                    threads=recorded), False


def continuation(run_dir: str | Path, epochs: int | None = None) -> Continuation:
    """Read ``run_dir`` for continuing to ``epochs`` in all (None: the run's own total, for a stopped or
    interrupted run); every reason it cannot be continued is one ``UserError`` sentence."""
    record = load_run(run_dir)
    path = record.path
    if record.status == "running":
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "The run in {path} is still being trained by another "
                                                         "process; wait for it to end or stop it before "
                                                         "continuing it."),
                        path=path)
    ck = path / CHECKPOINT
    if not ck.is_file():
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "The run in {path} has no checkpoint (it ended before "
                                                         "its first epoch finished), so there is nothing to "
                                                         "continue; train it anew."),
                        path=path)
    _, data = read_checkpoint(ck)
    state = check_state(data.get("training"), str(ck))
    raw = data.get("config")
    if not isinstance(raw, dict) or not raw.get("model"):
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "{path} does not hold the run's settings, so the run "
                                                         "cannot be continued."),
                        path=ck)
    config = TrainConfig.from_dict(raw)
    done = int(state["epochs_done"])
    partial = state.get("partial") is not None
    total = epochs if epochs is not None else config.epochs
    if total is None or total < done or (total == done and not partial):
        if partial:
            raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "The run in {path} has trained {done} epoch(s) and part "
                                                             "of the next; --epochs is the new total, so give more "
                                                             "than {done} to train it further."), path=path, done=done)
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "The run in {path} has trained {done} epoch(s); --epochs is "
                                                         "the new total, so give more than {done} to train it "
                                                         "further."), path=path, done=done)
    metrics = data.get("metrics")
    if not isinstance(metrics, list):  # an older checkpoint: the folder's lines up to its epoch
        metrics = [m for m in record.metrics if m.get("epoch", 0) <= done]
    config = replace(config, epochs=total, out_dir=str(path))
    options = data.get("model_options")
    return Continuation(run_dir=path, config=config, weights=dict(data["state_dict"]), state=state,
                        model_options=dict(options) if isinstance(options, dict) else {},
                        metrics=[dict(m) for m in metrics], epoch=done, previous_results=record.results_as_saved(),
                        previous_config=dict(record.config), status=record.status)


RESUME_OPTIONS = ("epochs", "threads", "device", "data_root")  # what --resume may change: not what is learnt


def continuation_for_command(run_dir: str, given: TrainConfig) -> Continuation:
    """``cnnlab train --resume RUN_DIR``: the run's own settings, with ``given``'s epochs, threads, device
    and data folder where they were set; any other option set is one sentence (it would change the run)."""
    from cnnlab.engine.config import config_fields

    changed = [f.cli or f.name for f in config_fields()
               if f.cli is not None and f.name not in RESUME_OPTIONS and getattr(given, f.name) != f.default]
    if changed:
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "--resume continues the run with its own settings; "
                                                         "leave out {names} (only --epochs, --threads, --device "
                                                         "and --data-root may be given)."),
                        names=', '.join(changed))
    point = continuation(run_dir, given.epochs)
    keep = {name: getattr(given, name) for name in RESUME_OPTIONS
            if name != "epochs" and getattr(given, name) is not None and getattr(given, name) != "auto"}
    if keep:
        point.config = replace(point.config, **keep)
    return point
