"""A sweep: a base setup plus what varies, read from a YAML file (``yaml.safe_load``) or built in code.

::

    name: lr-and-seeds
    base: {dataset: shapes, model: shape-cnn, epochs: 5}
    vary:                      # a list is a grid axis; {min, max, log} a range to search
      lr: [0.001, 0.003, 0.01]
      seed: [1, 2, 3]          # repeats
    search: grid               # grid | random | tpe
    trials: 20                 # for random and tpe

``base`` holds any training setting (those of ``cnnlab train``); ``vary`` the settings of :data:`VARIED`.
``seed`` is never searched: its list is the repeats, and every configuration trains once per seed.
A random or tpe search tries ``trials`` configurations; a list there is a set of choices, a range
``{min, max, log}`` is sampled (``log: true`` samples evenly on a log scale). Optional: ``prune``
(true, false, or ``{startup_trials, warmup_epochs}``; on by default for random and tpe, off for a grid),
``first`` (configurations a random or tpe search tries before sampling) and ``resources``
(``{cpus, gpus}`` each trial asks a Ray cluster for).

Everything here is plain data and checks: a bad file raises one :class:`SweepError` sentence naming the
key (``vary.lr``), and :func:`check_configurations` then plans each value once (an unknown model, a design
file that does not fit the data) before anything trains.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from cnnlab.errors import Sentence, UserError, kind_of, read_refusal
from cnnlab.i18n import QT_TRANSLATE_NOOP

SEARCHES = ("grid", "random", "tpe")
TOP_KEYS = ("name", "base", "vary", "search", "trials", "prune", "first", "resources")
DEFAULT_SEARCH = "grid"  # every combination of the lists: the plain table with error bars a class reads first
DEFAULT_TRIALS = 20  # configurations a random or tpe search tries when the file does not say (the example)
PRUNE_STARTUP = 5  # finished trials before the pruner judges another: a median of fewer is one lucky run (optuna's)
PRUNE_WARMUP = 1  # epochs every trial trains before it may be pruned: the first epoch alone says little
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")  # the name is the sweep folder's name
VARIED = {  # what a sweep can vary, and how: "float"/"int" take a list or a range, "choice" a list, "seed" a list
    "lr": "float", "batch_size": "int", "epochs": "int", "weight_decay": "float", "momentum": "float",
    "optimizer": "choice", "augment": "choice", "schedule": "choice", "model": "choice", "seed": "seed",
}
NOT_IN_BASE = ("out_dir",)  # each trial gets its own run folder
RESOURCE_KEYS = ("cpus", "gpus")
PRUNE_KEYS = ("startup_trials", "warmup_epochs")


class SweepError(UserError):
    """A sweep file or sweep setting that cannot be used; the sentence names the key."""


@dataclass(frozen=True)
class Axis:
    """One varied setting (never ``seed``): a list of values (a grid axis, or choices), or a range."""

    key: str  # a TrainConfig field of VARIED
    values: tuple[Any, ...] = ()  # the list; empty for a range
    low: float | None = None  # the range's min, None for a list
    high: float | None = None  # the range's max
    log: bool = False  # sample the range evenly on a log scale

    @property
    def is_range(self) -> bool:
        return self.low is not None

    def to_json(self) -> Any:
        if self.is_range:
            return {"min": self.low, "max": self.high, "log": self.log}
        return list(self.values)

    def distribution(self) -> Any:
        """The optuna distribution of this axis (imports optuna)."""
        from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution

        if not self.is_range:
            return CategoricalDistribution(list(self.values))
        assert self.low is not None and self.high is not None
        if VARIED[self.key] == "int":
            return IntDistribution(int(self.low), int(self.high), log=self.log)
        return FloatDistribution(float(self.low), float(self.high), log=self.log)

    def holds(self, value: Any) -> bool:
        """``value`` is one of this axis's values (or inside its range)."""
        if not self.is_range:
            return any(_same(value, v) for v in self.values)
        assert self.low is not None and self.high is not None
        return _is_number(value) and self.low <= value <= self.high


@dataclass(frozen=True)
class Prune:
    """Optuna's MedianPruner settings: a trial whose best accuracy so far is below the median of the finished
    trials' at the same epoch is stopped."""

    startup_trials: int = PRUNE_STARTUP
    warmup_epochs: int = PRUNE_WARMUP


@dataclass(frozen=True)
class SweepSpec:
    """A sweep, checked: its name, the base settings, the varied axes, the seeds and how to search."""

    name: str
    base: dict[str, Any]  # TrainConfig fields
    axes: tuple[Axis, ...]  # the varied settings but seed, in the file's order
    seeds: tuple[int, ...]  # the repeats: every configuration trains once per seed
    search: str = DEFAULT_SEARCH
    trials: int = DEFAULT_TRIALS  # configurations a random or tpe search tries; a grid tries all of its own
    prune: Prune | None = None  # None: no pruning
    first: tuple[dict[str, Any], ...] = ()  # configurations a random or tpe search tries first
    cpus: int = 1  # CPUs each trial asks a Ray cluster for (its torch threads)
    gpus: float = 0.0  # GPUs each trial asks a Ray cluster for (0: Ray hides the GPUs from it)
    source: Path | None = field(default=None, compare=False)  # the file it was read from

    @property
    def varied(self) -> tuple[str, ...]:
        """The settings that tell configurations apart (seed is not one: it repeats them)."""
        return tuple(a.key for a in self.axes)

    @property
    def grid_size(self) -> int:
        """The number of configurations of a grid (the product of its lists' lengths)."""
        return math.prod(len(a.values) for a in self.axes)

    @property
    def configurations(self) -> int:
        """How many configurations the sweep trains (each once per seed)."""
        return self.grid_size if self.search == "grid" else self.trials

    @property
    def total_runs(self) -> int:
        return self.configurations * len(self.seeds)

    def grid(self) -> list[dict[str, Any]]:
        """Every configuration of a grid, in the file's order (the last axis changing fastest)."""
        keys = self.varied
        return [dict(zip(keys, combo, strict=True)) for combo in itertools.product(*(a.values for a in self.axes))]

    def settings_of(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """A trial's parameters as settings, in the axes' order."""
        return {a.key: params[a.key] for a in self.axes if a.key in params}

    def train_config(self, settings: Mapping[str, Any], seed: int, threads: int | None = None) -> Any:
        """The TrainConfig of one trial: the base, the configuration's settings and the seed, reproducible
        (its CPU thread count fixed: ``threads``, else the base's, else one) so the repeats differ by the seed
        alone."""
        from cnnlab.engine.config import TrainConfig

        values = {**self.base, **settings, "seed": seed, "reproducible": True}
        if values.get("threads") is None:
            values["threads"] = threads
        return TrainConfig(**values)

    def to_dict(self) -> dict[str, Any]:
        """The spec as JSON-safe data (what the sweep folder's manifest keeps); :func:`parse_sweep` reads it back."""
        vary: dict[str, Any] = {a.key: a.to_json() for a in self.axes}
        vary["seed"] = list(self.seeds)
        prune: Any = False if self.prune is None else {"startup_trials": self.prune.startup_trials,
                                                        "warmup_epochs": self.prune.warmup_epochs}
        return {"name": self.name, "base": dict(self.base), "vary": vary, "search": self.search,
                "trials": self.trials, "prune": prune, "first": [dict(f) for f in self.first],
                "resources": {"cpus": self.cpus, "gpus": self.gpus}}

    def same_search(self, other: SweepSpec) -> bool:
        """Both describe the same trials (a sweep may be continued with more trials or other resources)."""
        return replace(self, trials=0, cpus=1, gpus=0.0) == replace(other, trials=0, cpus=1, gpus=0.0)


# ---------------------------------------------------------------- reading


def load_sweep(path: str | Path) -> SweepSpec:
    """Read a sweep file; a missing, unreadable or malformed one raises :class:`SweepError` naming it."""
    import yaml

    path = Path(path).expanduser()
    source = Sentence(QT_TRANSLATE_NOOP("CoreMessage", "the sweep file {path}"), path=path)
    if not path.is_file():
        raise SweepError(QT_TRANSLATE_NOOP("CoreMessage", "The sweep file {path} does not exist."), path=path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        reason = read_refusal(e) or Sentence(QT_TRANSLATE_NOOP("CoreMessage", "it is not UTF-8 text"))
        raise SweepError(QT_TRANSLATE_NOOP("CoreMessage", "The sweep file {path} cannot be read: {reason}."),
                         path=path, reason=reason) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise SweepError(QT_TRANSLATE_NOOP("CoreMessage", "The sweep file {path} is not valid YAML (line {line}: "
                                                          "{problem})."),
                         path=path, line=mark.line + 1 if mark is not None else 0,
                         problem=getattr(e, "problem", None) or "unreadable") from None
    return replace(parse_sweep(data, source=source, folder=path.parent), source=path)


def parse_sweep(data: Any, *, source: str | None = None, folder: Path | None = None) -> SweepSpec:
    """A sweep from plain data (a loaded YAML document, or what :meth:`SweepSpec.to_dict` wrote). ``source``
    names it in sentences; ``folder``: where relative design-file paths start (the sweep file's folder)."""
    where = source or Sentence(QT_TRANSLATE_NOOP("CoreMessage", "the sweep"))
    reader = _Reader(where, folder)
    return reader.spec(data)


class _Reader:
    """Reads one sweep's data; every problem is one SweepError naming the key."""

    def __init__(self, where: str, folder: Path | None) -> None:
        self.where = where
        self.folder = folder

    def fail(self, template: str, key: str, **values: Any) -> SweepError:
        return SweepError(template, source=self.where, key=key, **values)

    def spec(self, data: Any) -> SweepSpec:
        if not isinstance(data, dict):
            raise SweepError(QT_TRANSLATE_NOOP("CoreMessage", "A sweep is a table with name, base and vary, not "
                                                              "{kind} ({source})."), kind=kind_of(data),
                             source=self.where)
        for key in data:
            if key not in TOP_KEYS:
                raise self.fail(QT_TRANSLATE_NOOP("CoreMessage", "In {source}, {key} is not a sweep entry; the "
                                                                 "entries are {keys}."),
                                str(key), keys=", ".join(TOP_KEYS))
        for key in ("name", "vary"):
            if key not in data:
                raise self.fail(QT_TRANSLATE_NOOP("CoreMessage", "In {source}, the {key} entry is missing."), key)
        name = data["name"]
        if not isinstance(name, str) or not NAME_PATTERN.match(name):
            raise self.fail(QT_TRANSLATE_NOOP("CoreMessage", "In {source}, {key} must be a name of letters, digits, "
                                                             "'.', '-' and '_' (it names the sweep's folder), not "
                                                             "{value}."), "name", value=repr(name))
        search = data.get("search", DEFAULT_SEARCH)
        if search not in SEARCHES:
            raise self.fail(QT_TRANSLATE_NOOP("CoreMessage", "In {source}, {key} must be one of {choices}, not "
                                                             "{value}."),
                            "search", choices=", ".join(SEARCHES), value=repr(search))
        base = self.base(data.get("base", {}))
        axes, seeds = self.vary(data["vary"], base, search)
        trials = data.get("trials", DEFAULT_TRIALS)
        if not _is_count(trials, 1):
            raise self.fail(QT_TRANSLATE_NOOP("CoreMessage", "In {source}, {key} must be a whole number of at least "
                                                             "{least}, not {value}."), "trials", least=1,
                            value=repr(trials))
        prune = self.prune(data.get("prune", search != "grid"))
        first = self.first(data.get("first", []), axes, search)
        cpus, gpus = self.resources(data.get("resources", {}))
        return SweepSpec(name=name, base=base, axes=axes, seeds=seeds, search=search, trials=trials, prune=prune,
                         first=first, cpus=cpus, gpus=gpus)

    # ------------------------------------------------------------ base
    def base(self, data: Any) -> dict[str, Any]:
        from cnnlab.engine.config import config_fields

        if not isinstance(data, dict):
            raise self.fail(QT_TRANSLATE_NOOP("CoreMessage", "In {source}, {key} must be a table of training "
                                                             "settings, not {kind}."), "base", kind=kind_of(data))
        fields = {f.name: f for f in config_fields()}
        out: dict[str, Any] = {}
        for key, value in data.items():
            where = f"base.{key}"
            if key not in fields or key in NOT_IN_BASE:
                raise self.fail(QT_TRANSLATE_NOOP("CoreMessage", "In {source}, {key} is not a setting a sweep can "
                                                                 "fix; the settings are {keys}."),
                                where, keys=", ".join(f for f in fields if f not in NOT_IN_BASE))
            if key == "reproducible" and value is not True:
                raise self.fail(QT_TRANSLATE_NOOP("CoreMessage", "In {source}, {key} cannot be turned off: a sweep's "
                                                                 "trials are reproducible, so the spread of its "
                                                                 "repeats is the seeds' alone."), where)
            if key in ("model",) and isinstance(value, str):
                value = self.design_path(value)
            self.check_type(where, fields[key].kind, fields[key].optional, fields[key].choices, value)
            self.validate({key: value}, where)
            out[key] = value
        self.validate(out, "base")
        return out

    def design_path(self, model: str) -> str:
        """A design file named relative to the sweep file, made absolute; a model name as it is."""
        from cnnlab.design.spec import is_design_file

        if self.folder is None or not is_design_file(model) or Path(model).expanduser().is_absolute():
            return model
        return str((self.folder / model).resolve())

    def check_type(self, where: str, kind: str, optional: bool, choices: tuple[str, ...], value: Any) -> None:
        if value is None and optional:
            return
        ok = {"int": _is_int(value), "float": _is_number(value), "str": isinstance(value, str),
              "bool": isinstance(value, bool), "choice": value in choices}[kind]
        if ok:
            return
        want = {"int": QT_TRANSLATE_NOOP("CoreMessage", "a whole number"),
                "float": QT_TRANSLATE_NOOP("CoreMessage", "a number"),
                "str": QT_TRANSLATE_NOOP("CoreMessage", "text"),
                "bool": QT_TRANSLATE_NOOP("CoreMessage", "true or false")}
        if kind == "choice":
            raise self.fail(QT_TRANSLATE_NOOP("CoreMessage", "In {source}, {key} must be one of {choices}, not "
                                                             "{value}."),
                            where, choices=", ".join(choices), value=repr(value))
        raise self.fail(QT_TRANSLATE_NOOP("CoreMessage", "In {source}, {key} must be {want}, not {value}."),
                        where, want=Sentence(want[kind]), value=repr(value))

    def validate(self, values: dict[str, Any], where: str) -> None:
        """The settings' own ranges (TrainConfig.validate), in the sentence of the setting that is wrong."""
        from cnnlab.engine.config import TrainConfig

        try:
            TrainConfig(**values).validate()
        except UserError as e:
            raise self.fail(QT_TRANSLATE_NOOP("CoreMessage", "In {source}, {key}: {problem}"), where,
                            problem=e.sentence) from None

    # ------------------------------------------------------------ vary
    def vary(self, data: Any, base: dict[str, Any], search: str) -> tuple[tuple[Axis, ...], tuple[int, ...]]:
        if not isinstance(data, dict) or not data:
            raise self.fail(QT_TRANSLATE_NOOP("CoreMessage", "In {source}, {key} must be a table of the settings to "
                                                             "vary ({keys}), not {kind}."),
                            "vary", keys=", ".join(VARIED), kind=kind_of(data))
        axes: list[Axis] = []
        seeds: tuple[int, ...] = (base.get("seed", 0),)
        for key, value in data.items():
            where = f"vary.{key}"
            if key not in VARIED:
                raise self.fail(QT_TRANSLATE_NOOP("CoreMessage", "In {source}, {key} cannot be varied; a sweep varies "
                                                                 "{keys}."), where, keys=", ".join(VARIED))
            if key in base:
                raise self.fail(QT_TRANSLATE_NOOP("CoreMessage", "In {source}, {key} is both fixed in base and "
                                                                 "varied; keep one."), where)
            if key == "seed":
                seeds = tuple(self.values(where, key, value, base))
            elif isinstance(value, dict):
                axes.append(self.range(where, key, value, base, search))
            else:
                axes.append(Axis(key, tuple(self.values(where, key, value, base))))
        if not axes and search != "grid":
            raise self.fail(QT_TRANSLATE_NOOP("CoreMessage", "In {source}, {key} gives nothing to search but seeds; "
                                                             "repeats of one setup are search: grid."), "vary")
        return tuple(axes), seeds

    def values(self, where: str, key: str, value: Any, base: dict[str, Any]) -> list[Any]:
        if not isinstance(value, list):
            ranges = VARIED[key] in ("float", "int")
            raise self.fail(QT_TRANSLATE_NOOP("CoreMessage", "In {source}, {key} must be a list of values{or_range}, "
                                                             "not {value}."),
                            where, value=repr(value), or_range=Sentence(
                                QT_TRANSLATE_NOOP("CoreMessage", " or a range (min, max and log)")) if ranges else "")
        if not value:
            raise self.fail(QT_TRANSLATE_NOOP("CoreMessage", "In {source}, {key} is an empty list; give at least one "
                                                             "value."), where)
        from cnnlab.engine.config import config_field

        info = config_field(key)
        out: list[Any] = []
        for item in value:
            if key == "model" and isinstance(item, str):
                item = self.design_path(item)
            self.check_type(where, "int" if VARIED[key] == "seed" else info.kind, False, info.choices, item)
            if any(_same(item, seen) for seen in out):
                raise self.fail(QT_TRANSLATE_NOOP("CoreMessage", "In {source}, {key} lists {value} twice."), where,
                                value=repr(item))
            self.validate({**base, key: item}, where)
            out.append(item)
        return out

    def range(self, where: str, key: str, value: dict[str, Any], base: dict[str, Any], search: str) -> Axis:
        if VARIED[key] not in ("float", "int"):
            raise self.fail(QT_TRANSLATE_NOOP("CoreMessage", "In {source}, {key} takes a list of values, not a "
                                                             "range."), where)
        if search == "grid":
            raise self.fail(QT_TRANSLATE_NOOP("CoreMessage", "In {source}, {key} is a range, which a grid cannot "
                                                             "list; give a list of values, or search: random or "
                                                             "tpe."), where)
        extra = [k for k in value if k not in ("min", "max", "log")]
        low: Any = value.get("min")
        high: Any = value.get("max")
        log: Any = value.get("log", False)
        kind = VARIED[key]
        numbers = all(_is_int(v) if kind == "int" else _is_number(v) for v in (low, high))
        if extra or not numbers or not isinstance(log, bool) or not low < high:
            raise self.fail(QT_TRANSLATE_NOOP("CoreMessage", "In {source}, {key} must be a range {{min, max, log}} "
                                                             "with min below max ({kind} numbers) and log true or "
                                                             "false, not {value}."),
                            where, kind=Sentence(QT_TRANSLATE_NOOP("CoreMessage", "whole") if kind == "int" else
                                                 QT_TRANSLATE_NOOP("CoreMessage", "any")), value=repr(value))
        if log and low <= 0:
            raise self.fail(QT_TRANSLATE_NOOP("CoreMessage", "In {source}, {key} is searched on a log scale, so its "
                                                             "min must be above 0."), where)
        for end in (low, high):
            self.validate({**base, key: end}, where)
        return Axis(key, low=low, high=high, log=log)

    # ------------------------------------------------------------ the rest
    def prune(self, value: Any) -> Prune | None:
        if value is False:
            return None
        if value is True:
            return Prune()
        if not isinstance(value, dict):
            raise self.fail(QT_TRANSLATE_NOOP("CoreMessage", "In {source}, {key} must be true, false or a table "
                                                             "{{startup_trials, warmup_epochs}}, not {value}."),
                            "prune", value=repr(value))
        for key, item in value.items():
            if key not in PRUNE_KEYS or not _is_count(item, 0):
                raise self.fail(QT_TRANSLATE_NOOP("CoreMessage", "In {source}, {key} must be a whole number of at "
                                                                 "least {least} ({keys}), not {value}."),
                                f"prune.{key}", least=0, keys=", ".join(PRUNE_KEYS), value=repr(item))
        return Prune(**value)

    def first(self, value: Any, axes: tuple[Axis, ...], search: str) -> tuple[dict[str, Any], ...]:
        if value == []:
            return ()
        if search == "grid":
            raise self.fail(QT_TRANSLATE_NOOP("CoreMessage", "In {source}, {key} is for random and tpe searches; a "
                                                             "grid tries every configuration."), "first")
        if not isinstance(value, list) or not all(isinstance(v, dict) and v for v in value):
            raise self.fail(QT_TRANSLATE_NOOP("CoreMessage", "In {source}, {key} must be a list of configurations "
                                                             "(tables of varied settings), not {value}."),
                            "first", value=repr(value))
        by_key = {a.key: a for a in axes}
        for n, config in enumerate(value, 1):
            for key, item in config.items():
                axis = by_key.get(key)
                if axis is not None and key == "model" and isinstance(item, str):
                    item = config[key] = self.design_path(item)
                if axis is None or not axis.holds(item):
                    raise self.fail(QT_TRANSLATE_NOOP("CoreMessage", "In {source}, {key} = {value} is not one of the "
                                                                     "values vary gives it."),
                                    f"first[{n}].{key}", value=repr(item))
        return tuple(dict(v) for v in value)

    def resources(self, value: Any) -> tuple[int, float]:
        if not isinstance(value, dict) or any(k not in RESOURCE_KEYS for k in value):
            raise self.fail(QT_TRANSLATE_NOOP("CoreMessage", "In {source}, {key} must be a table {{cpus, gpus}}, not "
                                                             "{value}."), "resources", value=repr(value))
        cpus, gpus = value.get("cpus", 1), value.get("gpus", 0.0)
        if not _is_count(cpus, 1):
            raise self.fail(QT_TRANSLATE_NOOP("CoreMessage", "In {source}, {key} must be a whole number of at least "
                                                             "{least}, not {value}."), "resources.cpus", least=1,
                            value=repr(cpus))
        if not _is_number(gpus) or gpus < 0:
            raise self.fail(QT_TRANSLATE_NOOP("CoreMessage", "In {source}, {key} must be a number of at least 0, not "
                                                             "{value}."), "resources.gpus", value=repr(gpus))
        return cpus, float(gpus)


# ---------------------------------------------------------------- before training


def check_configurations(spec: SweepSpec, *, data: bool = True) -> None:
    """Plan every value once (without a run folder) so a model that does not exist, a design file that does
    not fit the data, or a device that is not there is said before anything trains, naming the key; with
    ``data`` (trials trained on this machine), a dataset whose files are missing too."""
    from cnnlab.datasets import resolve_source
    from cnnlab.launch.plan import plan_run

    where = Sentence(QT_TRANSLATE_NOOP("CoreMessage", "the sweep file {path}"), path=spec.source) \
        if spec.source is not None else Sentence(QT_TRANSLATE_NOOP("CoreMessage", "the sweep"))
    seed = spec.seeds[0]
    if data:
        source = resolve_source(spec.base.get("dataset", "shapes"), spec.base.get("data_root"))
        if source.where is None:
            raise SweepError(QT_TRANSLATE_NOOP("CoreMessage", "In {source}, {key}: {problem}"), source=where,
                             key="base.dataset", problem=source.problem)
    checks: list[tuple[str, dict[str, Any]]] = [("base", {})]
    for axis in spec.axes:
        ends = (axis.low, axis.high) if axis.is_range else axis.values
        checks += [(f"vary.{axis.key}", {axis.key: v}) for v in ends]
    for key, settings in checks:
        try:
            plan_run(spec.train_config(settings, seed, threads=1), folder=False)
        except UserError as e:
            raise SweepError(QT_TRANSLATE_NOOP("CoreMessage", "In {source}, {key}: {problem}"), source=where,
                             key=key, problem=e.sentence) from None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _is_count(value: Any, least: int) -> bool:
    return _is_int(value) and value >= least


def _same(a: Any, b: Any) -> bool:
    """Equal values of the same kind (1 and 1.0 are one lr; True is not 1)."""
    return a == b and isinstance(a, bool) == isinstance(b, bool)
