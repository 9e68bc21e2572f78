"""Finding, configuring and training one chapter step's run.

A step's run is an ordinary run folder: ``step_config`` gives the ``TrainConfig`` the step trains
with (its dataset, model and the course's or the default recipe), ``find_run`` looks for a finished
run of that same config in a runs folder, and ``train_step`` trains it from a run plan, exactly
as ``cnnlab train`` does.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cnnlab.chapter.sections import Step
from cnnlab.datasets import get_dataset_spec, resolve_source
from cnnlab.engine import Callback, RunControl, RunEnd, TrainConfig, resolve_config
from cnnlab.engine.config import recipe_fields
from cnnlab.errors import Sentence, UserError
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.launch import plan_run, train
from cnnlab.runs.store import RunRecord, list_runs

# What makes two runs "the same run" of a step: what was trained and how. Device, threads, data
# folder and run folder change where and how fast, not what is learned.
MATCH_FIELDS = ("dataset", "model", "recipe", "epochs", "batch_size", "lr", "optimizer", "momentum",
                "weight_decay", "schedule", "augment", "seed", "train_limit", "val_fraction", "image_size")


@dataclass(frozen=True)
class StepData:
    """Where a step's images come from: the dataset the run trains on and its data folder (None: the usual
    places); ``problem`` is why it cannot train ("" when it can)."""

    dataset: str
    data_root: str | None
    problem: str = ""


def locate_step_data(step: Step, data_root: str | Path | None = None) -> StepData:
    """Find the step's data as every entry point does (:func:`cnnlab.datasets.resolve_source`): generated
    sets always; MNIST, Fashion-MNIST and CIFAR-10 (its batches, archive or image-folder copy) in
    ``data_root``, or else in the folder remembered for the dataset and the usual places."""
    spec = get_dataset_spec(step.dataset)
    if spec.generated:
        return StepData(step.dataset, None)  # drawn, not read: no folder to name
    source = resolve_source(step.dataset, data_root)
    root = str(source.root) if source.root is not None else None
    if not source.problem:
        return StepData(step.dataset, root)
    title = spec.title
    return StepData(step.dataset, root, Sentence(QT_TRANSLATE_NOOP("CoreMessage", "{section} needs the {title} "
                                                                                  "files: {problem}"),
                                                 section=step.section, title=title, problem=source.problem))


def step_config(step: Step, recipe: str = "default", *, data: StepData | None = None, out_dir: str | None = None,
                **overrides: Any) -> TrainConfig:
    """The resolved ``TrainConfig`` a step trains with: its dataset and model, the hyperparameters of
    ``recipe`` ("course" or "default") for them, then ``overrides`` (e.g. ``epochs=1``, ``train_limit=500``,
    ``device="cpu"``)."""
    if recipe not in ("default", "course"):
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "The recipe must be default or course, not {recipe}."),
                        recipe=repr(recipe))
    data = data or StepData(step.dataset, None)
    chosen = resolve_config(TrainConfig(dataset=step.dataset, model=step.model, recipe=recipe))
    values = {name: getattr(chosen, name) for name in recipe_fields()}
    values.update(overrides)
    return resolve_config(TrainConfig(dataset=data.dataset, model=step.model, recipe=recipe,
                                      data_root=data.data_root, out_dir=out_dir, **values))


def same_run(config: dict[str, Any], wanted: TrainConfig) -> bool:
    """True when a saved run's ``config`` trained what ``wanted`` trains (see MATCH_FIELDS)."""
    return all(config.get(name) == getattr(wanted, name) for name in MATCH_FIELDS)


def find_run(wanted: TrainConfig, parent: Path | None = None, *,
             records: Iterable[RunRecord] | None = None) -> RunRecord | None:
    """The newest completed run under ``parent`` (default: the runs folder) that trained ``wanted``;
    None when there is none. Damaged run folders are passed over. ``records``: runs already listed
    (newest first), to look up many steps with one listing."""
    for record in list_runs(parent) if records is None else records:
        results = record.results or {}
        if record.status == "completed" and isinstance(results.get("test_acc"), (int, float)) \
                and same_run(record.config, wanted):
            return record
    return None


def train_step(config: TrainConfig, callbacks: Iterable[Callback] = (), control: RunControl | None = None,
               *, parent: Path | None = None) -> RunEnd:
    """Train ``config`` into a new run folder under ``parent`` (default: the runs folder, or the config's
    ``out_dir`` when set), exactly as ``cnnlab train`` does; returns its ``RunEnd``."""
    return train(plan_run(config, parent=parent), callbacks, control)
