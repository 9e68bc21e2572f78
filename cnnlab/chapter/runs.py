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
from cnnlab.datasets import get_dataset_spec
from cnnlab.engine import Callback, RunControl, RunEnd, TrainConfig, resolve_config
from cnnlab.engine.config import recipe_fields
from cnnlab.errors import UserError
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.launch import plan_run, train
from cnnlab.runs.store import RunRecord, list_runs

# What makes two runs "the same run" of a step: what was trained and how. Device, threads, data
# folder and run folder change where and how fast, not what is learned.
MATCH_FIELDS = ("dataset", "model", "recipe", "epochs", "batch_size", "lr", "optimizer", "momentum",
                "weight_decay", "schedule", "augment", "seed", "train_limit", "val_fraction", "image_size")

CIFAR_FOLDERS = ("cifar10-jpg", "cifar10")  # image-folder copies of CIFAR-10 looked for under a data folder
CIFAR_CLASS = "airplane"  # a class folder every CIFAR-10 image-folder copy has


@dataclass(frozen=True)
class StepData:
    """Where a step's images come from: the dataset the run trains on (``folder`` for CIFAR-10 kept as
    JPEG class folders) and its data folder; ``problem`` is why it cannot train ("" when it can)."""

    dataset: str
    data_root: str | None
    problem: str = ""


def _cifar_image_folder(root: Path) -> Path | None:
    """``root`` or one of its CIFAR_FOLDERS holding train/<class>/ and test/<class>/ image folders."""
    for folder in (root, *(root / name for name in CIFAR_FOLDERS)):
        if all((folder / split / CIFAR_CLASS).is_dir() for split in ("train", "test")):
            return folder
    return None


def locate_step_data(step: Step, data_root: str | Path | None = None) -> StepData:
    """Find the step's data: generated sets always; MNIST, Fashion-MNIST and CIFAR-10 in ``data_root``
    (or the app data folder when it is None), CIFAR-10 also as an image-folder copy under ``data_root``."""
    spec = get_dataset_spec(step.dataset)
    if spec.generated:
        return StepData(step.dataset, None)
    root = Path(data_root).expanduser() if data_root else None
    if root is not None and not root.is_dir():
        return StepData(step.dataset, str(root), f"The data folder {root} does not exist.")
    if spec.locate(root) is not None:
        return StepData(step.dataset, str(root) if root else None)
    if step.dataset == "cifar10" and root is not None and (folder := _cifar_image_folder(root)) is not None:
        return StepData("folder", str(folder))
    where = f" in {root}" if root else " in the app data folder"
    return StepData(step.dataset, str(root) if root else None,
                    f"{step.section} needs the {spec.title} files, which were not found{where}; pass --data-root "
                    f"with a folder that holds them, or run 'cnnlab data download {step.dataset}'.")


def step_config(step: Step, recipe: str = "default", *, data: StepData | None = None, out_dir: str | None = None,
                **overrides: Any) -> TrainConfig:
    """The resolved ``TrainConfig`` a step trains with: its dataset and model, the hyperparameters of
    ``recipe`` ("course" or "default") for them, then ``overrides`` (e.g. ``epochs=1``, ``train_limit=500``,
    ``device="cpu"``). CIFAR-10 read from image folders keeps the CIFAR-10 recipe."""
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
