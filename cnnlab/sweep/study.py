"""The search, left to Optuna: a study in the sweep folder (a JournalStorage file, so a sweep that was
interrupted resumes it), its sampler (GridSampler, RandomSampler or TPESampler) and MedianPruner.

The sweep asks the study for trials and tells it their outcome (Optuna's ask-and-tell interface), so the
trials can train anywhere: in local worker processes or as Ray tasks. A trial is one configuration (the
sampled settings) trained with one seed. The first trial of a configuration is the sampler's; its
repeats, one per further seed, are enqueued with the same settings (``enqueue_trial``) and run next.
Each trial carries two user attributes: ``config`` (which configuration) and ``seed``.

Coverage makes resuming exact: every configuration asked so far must have, for every seed, a trial that is
finished for good (completed, pruned, or failed in a way a rerun would repeat), waiting or running; any
other (an interrupted one) is enqueued again. Nothing finished is trained twice.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from cnnlab.errors import UserError
from cnnlab.sweep.folder import COMPLETED, FAILED, INTERRUPTED, PRUNED, RUNNING, SweepFolder, TrialRecord
from cnnlab.sweep.spec import SweepSpec

if TYPE_CHECKING:
    import optuna

SAMPLER_SEED = 0  # the samplers' seed: the same sweep file searches the same way again


def _grid_sampler(search_space: dict[str, list[Any]], seed: int) -> Any:
    """Optuna's GridSampler for ask-and-tell: its ``after_trial`` calls ``Study.stop()``, which raises outside
    ``optimize()`` (optuna issue #5141). The sweep itself knows when the grid is done, so that call is left out."""
    from optuna.samplers import GridSampler

    class AskTellGridSampler(GridSampler):
        def after_trial(self, study: Any, trial: Any, state: Any, values: Any) -> None:
            return None

    return AskTellGridSampler(search_space, seed=seed)


def make_sampler(spec: SweepSpec) -> Any:
    from optuna.samplers import RandomSampler, TPESampler

    if spec.search == "grid":
        return _grid_sampler({a.key: list(a.values) for a in spec.axes}, SAMPLER_SEED)
    if spec.search == "random":
        return RandomSampler(seed=SAMPLER_SEED)
    # constant_liar: trials still running count as bad guesses, so parallel workers do not all try one spot
    return TPESampler(seed=SAMPLER_SEED, constant_liar=True)


def make_pruner(spec: SweepSpec) -> Any:
    from optuna.pruners import MedianPruner, NopPruner

    if spec.prune is None:
        return NopPruner()
    # epochs are reported as steps 1, 2, ...: a step below n_warmup_steps is never pruned
    return MedianPruner(n_startup_trials=spec.prune.startup_trials, n_warmup_steps=spec.prune.warmup_epochs + 1)


class SweepStudy:
    """The sweep's Optuna study: which trial trains next, and what became of each."""

    def __init__(self, spec: SweepSpec, folder: SweepFolder) -> None:
        import optuna
        from optuna.storages import JournalStorage
        from optuna.storages.journal import JournalFileBackend

        optuna.logging.set_verbosity(logging.WARNING)  # the sweep says what happened, once, in its own words
        self.spec = spec
        self.folder = folder
        self.distributions = {a.key: a.distribution() for a in spec.axes}
        storage = JournalStorage(JournalFileBackend(str(folder.journal)))
        self.study = optuna.create_study(study_name=spec.name, storage=storage, sampler=make_sampler(spec),
                                         pruner=make_pruner(spec), direction="maximize", load_if_exists=True)
        self.trials: dict[int, optuna.trial.Trial] = {}  # the trials this process asked for and has not told

    # ------------------------------------------------------------ what there is
    def _all(self, states: Iterable[Any] | None = None) -> list[optuna.trial.FrozenTrial]:
        return self.study.get_trials(deepcopy=False, states=tuple(states) if states is not None else None)

    def configurations(self) -> int:
        """Configurations asked for so far (each with its repeats)."""
        return len({t.user_attrs.get("config") for t in self._all() if "config" in t.user_attrs})

    def finished_runs(self) -> int:
        """Trials finished for good: what the sweep has done of its :attr:`SweepSpec.total_runs`."""
        records = self.folder.manifest.trials
        return len({(r.config, r.seed) for r in records.values() if r.state in (COMPLETED, PRUNED, FAILED)})

    # ------------------------------------------------------------ before the first trial
    def start(self) -> list[TrialRecord]:
        """Settle what a process that ended mid-sweep left (its running trials), enqueue the file's first
        configurations on a new study, and make every configuration's seeds covered; returns the trials whose
        outcome was settled here."""
        from optuna.trial import TrialState

        settled = []
        for trial in self._all((TrialState.RUNNING,)):  # left running by a process that is gone (the folder's claim)
            settled.append(self._settle(trial))
        if not self._all():
            for n, settings in enumerate(self.spec.first, 1):
                self.study.enqueue_trial(settings, user_attrs={"config": f"first{n}"})
        self.cover()
        return settled

    def _settle(self, trial: optuna.trial.FrozenTrial) -> TrialRecord:
        """A trial left running: its run folder says whether it completed before the process went; anything else
        was interrupted and trains again."""
        from optuna.trial import TrialState

        from cnnlab.runs.store import load_run

        record = self.folder.manifest.trials.get(trial.number) or TrialRecord(
            trial.number, str(trial.user_attrs.get("config", f"t{trial.number}")), self.spec.settings_of(trial.params),
            int(trial.user_attrs.get("seed", self.spec.seeds[0])))
        results: dict[str, Any] = {}
        if record.run:
            try:
                results = load_run(self.folder.runs / record.run).results or {}
            except UserError:  # a folder the killed run never wrote, or left damaged: trained again
                results = {}
        acc = results.get("test_acc")
        if results.get("status") == "completed" and isinstance(acc, float):
            self.study.tell(trial.number, acc)
            record.state, record.test_acc = COMPLETED, acc
        else:
            self.study.tell(trial.number, state=TrialState.FAIL)
            record.state = INTERRUPTED
        record.epochs_done = int(results.get("epochs_done") or record.epochs_done)
        self.folder.record(record)
        return record

    def cover(self) -> None:
        """Enqueue a trial for every (configuration, seed) that has none finished for good, waiting or running."""
        from optuna.trial import TrialState

        records = self.folder.manifest.trials
        live = (TrialState.COMPLETE, TrialState.PRUNED, TrialState.WAITING, TrialState.RUNNING)
        covered: set[tuple[str, int]] = set()
        configs: dict[str, dict[str, Any]] = {}
        for t in self._all():
            config = t.user_attrs.get("config")
            if config is None:
                continue
            if t.state != TrialState.WAITING:  # asked: its parameters are all there (a waiting one may hold a few)
                configs.setdefault(config, t.params)
            record = records.get(t.number)
            final_failure = t.state == TrialState.FAIL and record is not None and record.state == FAILED
            if "seed" in t.user_attrs and (t.state in live or final_failure):
                covered.add((config, int(t.user_attrs["seed"])))
            elif "seed" not in t.user_attrs and t.state in (TrialState.WAITING, TrialState.RUNNING):
                covered.add((config, self.spec.seeds[0]))  # a first configuration: its first seed is on its way
        for config, params in configs.items():
            for seed in self.spec.seeds:
                if (config, seed) not in covered:
                    self.study.enqueue_trial(params, user_attrs={"config": config, "seed": seed})
                    covered.add((config, seed))

    # ------------------------------------------------------------ the loop
    def next_trial(self) -> optuna.trial.Trial | None:
        """The next trial to train: an enqueued one (a repeat, a trial to redo, a first configuration), else a
        new configuration from the sampler while the sweep wants more; None when there is nothing left to ask."""
        from optuna.trial import TrialState

        waiting = self._all((TrialState.WAITING,))
        if not waiting and self.configurations() >= self.spec.configurations:
            return None
        trial = self.study.ask(self.distributions)
        attrs = trial.user_attrs
        if "config" not in attrs:
            trial.set_user_attr("config", f"t{trial.number}")
        if "seed" not in attrs:  # a new configuration: its first seed now, the others enqueued to follow it
            trial.set_user_attr("seed", self.spec.seeds[0])
            self.cover()
        self.trials[trial.number] = trial
        return trial

    def report(self, number: int, epoch: int, value: float) -> bool:
        """A trial's accuracy after ``epoch``; True when the pruner says stop it."""
        trial = self.trials[number]
        with warnings.catch_warnings():  # a step reported again (a Ray task that was retried) is ignored
            warnings.simplefilter("ignore")
            trial.report(value, epoch)
        return bool(trial.should_prune())

    def finish(self, number: int, state: str, value: float | None) -> None:
        """Tell the study how the trial ended: completed (with its test accuracy), pruned, or failed."""
        from optuna.trial import TrialState

        trial = self.trials.pop(number)
        if state == COMPLETED and value is not None:
            self.study.tell(trial, value)
        elif state == PRUNED:
            self.study.tell(trial, state=TrialState.PRUNED)
        else:
            self.study.tell(trial, state=TrialState.FAIL)

    def describe(self, trial: optuna.trial.Trial) -> TrialRecord:
        """A new manifest record for a trial just asked for."""
        return TrialRecord(number=trial.number, config=str(trial.user_attrs["config"]),
                           settings=self.spec.settings_of(trial.params), seed=int(trial.user_attrs["seed"]),
                           state=RUNNING)
