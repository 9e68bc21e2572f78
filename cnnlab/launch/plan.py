"""A run's plan: everything about a run that is decided before training, resolved once, in the
process that starts it (the CLI, the window, ``cnnlab chapter``), and never again.

A plan holds the resolved settings (the recipe's values filled in; for a continuation the run's own
settings with the new total of epochs), the run folder already claimed (a new one, or the run being
continued), and for a continuation the saved part it goes on from. The training process receives the
plan as it is."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from cnnlab.datasets import check_image_size, get_dataset_spec
from cnnlab.design.build import check_fit
from cnnlab.design.files import load_design
from cnnlab.design.spec import is_design_file, run_label
from cnnlab.engine.config import TrainConfig, resolve_config
from cnnlab.engine.data import DataRequest
from cnnlab.engine.device import resolve_device
from cnnlab.engine.run_state import StartPoint
from cnnlab.engine.train_state import recorded_threads
from cnnlab.models import get_model_spec
from cnnlab.runs.claim import claim, release
from cnnlab.runs.resume import Continuation, continuation, continuation_for_command
from cnnlab.runs.store import new_run_dir, prepare_run_dir, refuse_existing_run, remove_if_empty


@dataclass(frozen=True)
class RunPlan:
    """One run, decided: what it trains, where it is saved and where it starts."""

    config: TrainConfig  # resolved: every hyperparameter filled in
    run_dir: Path | None  # the run folder, already made (or the continued run's); None: nothing is saved
    continuation: Continuation | None = None  # the saved part a continued run goes on from; None: a new run
    note: str = ""  # one sentence about the plan for the user (what continuing does to the schedule); "" if none
    threads_note: str = ""  # a continuation's sentence on its CPU thread count (see runs.resume.threads_note)
    threads_differ: bool = False  # threads_note is a warning: the result differs from the run left alone's

    @property
    def data(self) -> DataRequest:
        """The images the run trains on."""
        return DataRequest.for_config(self.config)

    @property
    def start(self) -> StartPoint | None:
        """Where the trainer starts: a continuation's weights and training state; None for a new run."""
        return self.continuation.start if self.continuation is not None else None

    def with_threads(self, threads: int | None) -> RunPlan:
        """The plan with a fixed CPU thread count when its settings leave it to be measured (not a continuation
        whose checkpoint records its count: it goes on with that one)."""
        if threads is None or self.config.threads is not None:
            return self
        if self.continuation is not None and recorded_threads(self.continuation.state) is not None:
            return self
        return replace(self, config=replace(self.config, threads=threads))


def plan_run(config: TrainConfig, *, folder: bool = True, parent: Path | None = None) -> RunPlan:
    """A new run of ``config``: the recipe resolved, the device checked (a missing GPU is refused before a
    folder is made) and, with ``folder``, its run folder made: ``config.out_dir`` when set, else a new
    folder under ``parent`` (default: the runs folder). Every reason it cannot start is one ``UserError``."""
    cfg = resolve_config(config)
    assert cfg.model is not None  # resolved
    if is_design_file(cfg.model):  # a design that cannot work, or does not fit the data, is refused here
        _check_design(cfg.model, cfg.dataset)
    else:
        get_model_spec(cfg.model)  # an unknown model is refused here, not in the training process
    check_image_size(cfg.dataset, cfg.image_size)  # and an image size the dataset cannot honour
    resolve_device(cfg.device)
    run_dir = None
    if folder:
        if cfg.out_dir is None and parent is not None:
            run_dir = new_run_dir(cfg.dataset, run_label(cfg.model), parent)
        else:
            run_dir = prepare_run_dir(cfg.out_dir, cfg.dataset, run_label(cfg.model))
        try:
            _claim_new(run_dir)
        except BaseException:  # refused, or a stop signal mid-claim: no claim and no empty folder stay
            release(run_dir)
            remove_if_empty(run_dir)
            raise
    return RunPlan(cfg, run_dir)


def _check_design(path: str, dataset: str) -> None:
    """Read and analyse a design file, and check it against the dataset's shape and classes when they are fixed
    (an image folder's are known once it is read: the training process checks them then)."""
    design = load_design(path)
    spec = get_dataset_spec(dataset)
    if spec.channels and spec.size and spec.classes:
        check_fit(design, (spec.channels, *spec.size), len(spec.classes), dataset)
    else:
        from cnnlab.design.shapes import analyse

        analyse(design)


def _claim_new(run_dir: Path) -> None:
    """Claim a new run's folder; one that a run finished filling between the check and the claim is refused."""
    claim(run_dir)
    try:
        refuse_existing_run(run_dir)
    except BaseException:
        release(run_dir)
        raise


def plan_continuation(run_dir: str | Path, epochs: int | None = None, *, given: TrainConfig | None = None) -> RunPlan:
    """Continue the run in ``run_dir`` to ``epochs`` in all (None: its own total). ``given``: the options of
    ``cnnlab train --resume`` (its epochs, threads, device and data folder apply; any other is refused).
    Without a thread count the run goes on with the one its checkpoint was training with, so it computes
    what the run left alone would have whatever the load; the plan's ``threads_note`` says which."""
    point = continuation_for_command(str(run_dir), given) if given is not None else continuation(run_dir, epochs)
    device = resolve_device(point.config.device)
    threads_note, differ = point.threads_note(cpu=device.type == "cpu")
    try:
        claim(point.run_dir)  # no second run continues (or writes into) it meanwhile
    except BaseException:  # a stop signal as it was claimed: the claim is given back
        release(point.run_dir)
        raise
    return RunPlan(point.config, point.run_dir, point, point.note, threads_note, differ)
