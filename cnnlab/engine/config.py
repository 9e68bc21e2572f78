"""The training configuration: what to train, how, and where to keep the run.

Each :class:`TrainConfig` field says once, in its dataclass metadata (see :func:`field_info`), how a
person sees it: label, help sentence, range or choices, unit, what ``None`` means, whether the recipe
fills it, and where it is offered (``cli``: a ``cnnlab train`` option; ``form``: its place in the
app's hyperparameter form). The command line (:mod:`cnnlab.cli`) and the form
(``ui/setup/hyperparams.py``) are built from it with :func:`config_fields`. The range is also checked,
with one sentence per field, by :meth:`TrainConfig.validate`; a test keeps the two in step.
"""

from __future__ import annotations

import dataclasses
from dataclasses import asdict, dataclass, fields, replace
from typing import Any, get_type_hints

from cnnlab.errors import UserError
from cnnlab.i18n import QT_TRANSLATE_NOOP

OPTIMIZERS = ("sgd", "momentum", "adam", "rmsprop")
SCHEDULES = ("none", "step", "cosine", "one-cycle")
AUGMENTS = ("none", "flip", "shift", "flip+shift")
RECIPES = ("default", "course")
MAX_SEED = 2**32 - 1  # numpy and every generator the data uses take a 32-bit seed
REPRODUCIBLE_THREADS = 1  # a reproducible run's count unless given: the same on every machine, never slowed
# badly by other programs (beside one busy program on two cores, two threads train 3.6× slower than one)


def field_info(default: Any, *, label: str, help: str, min: float | None = None, max: float | None = None,
               min_open: bool = False, max_open: bool = False, choices: tuple[str, ...] = (), unit: str = "",
               none_means: str = "", from_recipe: bool = False, cli: str | None = "", form: int | None = None) -> Any:
    """A dataclass field carrying how it is shown and checked, as ``metadata``.

    ``min``/``max`` bound the value (excluded when ``min_open``/``max_open``); ``none_means`` says what
    ``None`` stands for; ``from_recipe``: ``None`` is filled from the recipe by :func:`resolve_config`;
    ``cli``: the option name ("" for ``--field-name``, None for none); ``form``: position in the form
    (None: not in it). Label and help are English source strings: a front end translates them.
    """
    info = {"label": label, "help": help, "min": min, "max": max, "min_open": min_open, "max_open": max_open,
            "choices": tuple(choices), "unit": unit, "none_means": none_means, "from_recipe": from_recipe,
            "cli": cli, "form": form}
    return dataclasses.field(default=default, metadata=info)


@dataclass(frozen=True)
class FieldInfo:
    """One TrainConfig field with its metadata, as :func:`config_fields` gives it."""

    name: str
    default: Any
    kind: str  # "int", "float", "str", "bool" (an on/off switch) or "choice"
    optional: bool  # None is allowed
    label: str
    help: str
    min: float | None
    max: float | None
    min_open: bool
    max_open: bool
    choices: tuple[str, ...]
    unit: str
    none_means: str
    from_recipe: bool
    cli: str | None  # the option, e.g. "--batch-size"; None: not on the command line
    form: int | None  # position in the app's form; None: not in it

    def default_text(self) -> str:
        """What leaving the field out means, in words: "recipe", "shapes", "all images", ""."""
        if self.from_recipe:
            return "recipe"
        if self.default is None:
            return self.none_means
        return f"{self.default:g}" if isinstance(self.default, float) else str(self.default)

    def range_text(self) -> str:
        """The allowed values in words ("2 to 512 pixels", "one of sgd, adam", "above 0"), or ""."""
        if self.choices:
            return "one of " + ", ".join(self.choices)
        low = None if self.min is None else (f"above {self.min:g}" if self.min_open else f"at least {self.min:g}")
        high = None if self.max is None else (f"below {self.max:g}" if self.max_open else f"at most {self.max:g}")
        text = " and ".join(t for t in (low, high) if t)
        return f"{text} {self.unit}".strip() if text else ""


@dataclass
class TrainConfig:
    """One training run. ``None`` fields are filled from the recipe by :func:`resolve_config`."""

    dataset: str = field_info(
        "shapes",  # the built-in default: generated, no download
        label=QT_TRANSLATE_NOOP("TrainConfig", "Dataset"),
        help=QT_TRANSLATE_NOOP("TrainConfig", "The images to train on."))
    model: str | None = field_info(
        None,  # None: the dataset's default model, so naming a dataset is enough
        label=QT_TRANSLATE_NOOP("TrainConfig", "Model"),
        help=QT_TRANSLATE_NOOP("TrainConfig", "The network to train."),
        none_means=QT_TRANSLATE_NOOP("TrainConfig", "the dataset's chapter CNN"))
    recipe: str = field_info(
        "default",  # "default" (tuned to beat the chapter) or "course" (the lecture's settings)
        label=QT_TRANSLATE_NOOP("TrainConfig", "Recipe"),
        help=QT_TRANSLATE_NOOP("TrainConfig",
                               "Where unset hyperparameters come from: tuned values or the course's."),
        choices=RECIPES)
    epochs: int | None = field_info(
        None,  # None: the recipe's, which depends on dataset and model
        label=QT_TRANSLATE_NOOP("TrainConfig", "Epochs"),
        help=QT_TRANSLATE_NOOP("TrainConfig", "How many passes over the training images."),
        min=1, from_recipe=True, form=0)
    batch_size: int | None = field_info(
        None,  # None: the recipe's, which depends on dataset and model
        label=QT_TRANSLATE_NOOP("TrainConfig", "Batch size"),
        help=QT_TRANSLATE_NOOP("TrainConfig",
                               "Images per gradient step; smaller steps are noisier but more frequent."),
        min=2, unit="images", from_recipe=True, form=1)
    lr: float | None = field_info(
        None,  # None: the recipe's, tuned with its optimizer and schedule
        label=QT_TRANSLATE_NOOP("TrainConfig", "Learning rate"),
        help=QT_TRANSLATE_NOOP("TrainConfig",
                               "Step size of the optimizer (peak value under one-cycle); e.g. 3e-3."),
        min=0, min_open=True, max=10, from_recipe=True, form=2)
    optimizer: str | None = field_info(
        None,  # None: the recipe's
        label=QT_TRANSLATE_NOOP("TrainConfig", "Optimizer"),
        help=QT_TRANSLATE_NOOP("TrainConfig", "sgd: plain steps; momentum: SGD with momentum 0.9; adam: adaptive "
                               "steps; rmsprop: the Keras CIFAR example's choice."),
        choices=OPTIMIZERS, from_recipe=True, form=3)
    momentum: float = field_info(
        0.9,  # used by "momentum" and rmsprop; the usual value
        label=QT_TRANSLATE_NOOP("TrainConfig", "Momentum"),
        help=QT_TRANSLATE_NOOP("TrainConfig", "For momentum SGD and RMSprop: the share of the last step kept."),
        min=0, max=1, max_open=True)
    weight_decay: float | None = field_info(
        None,  # None: the recipe's
        label=QT_TRANSLATE_NOOP("TrainConfig", "Weight decay"),
        help=QT_TRANSLATE_NOOP("TrainConfig", "Pulls weights towards zero each step (L2); 0 turns it off."),
        min=0, from_recipe=True, form=6)
    schedule: str | None = field_info(
        None,  # None: the recipe's; every schedule is stepped every batch
        label=QT_TRANSLATE_NOOP("TrainConfig", "Schedule"),
        help=QT_TRANSLATE_NOOP("TrainConfig", "How the learning rate changes over the run: constant, step ×0.1 "
                               "each third, cosine decay, or one-cycle warm-up then anneal."),
        choices=SCHEDULES, from_recipe=True, form=4)
    augment: str | None = field_info(
        None,  # None: the recipe's
        label=QT_TRANSLATE_NOOP("TrainConfig", "Augmentation"),
        help=QT_TRANSLATE_NOOP("TrainConfig", "Random changes to training images: left-right flips and/or shifts "
                               "of up to a tenth of the side."),
        choices=AUGMENTS, from_recipe=True, form=5)
    seed: int = field_info(
        0,  # fixes weights, shuffling, augmentation and generated data; 0 so runs repeat by default
        label=QT_TRANSLATE_NOOP("TrainConfig", "Seed"),
        help=QT_TRANSLATE_NOOP("TrainConfig", "Fixes the starting weights, the shuffling, the augmentation and the "
                               "generated data. The same seed repeats a run bit for bit only with the same settings, "
                               "device, torch version and CPU thread count; a measured count changes with the load, "
                               "so turn on Reproducible (or fix the CPU threads) to repeat a run."),
        min=0, form=7)
    reproducible: bool = field_info(
        False,  # off: a new run trains at the fastest measured thread count, which depends on the load
        label=QT_TRANSLATE_NOOP("TrainConfig", "Reproducible"),
        help=QT_TRANSLATE_NOOP("TrainConfig", "Repeat the run bit for bit: one CPU thread count for the whole run "
                               "(the CPU threads setting, else 1) and torch's deterministic algorithms, both recorded "
                               "in the run folder; it may train slower."),
        form=8)
    compile_model: bool = field_info(
        False,  # off: compiling takes seconds to minutes before the first batch, and pays off only on longer runs
        label=QT_TRANSLATE_NOOP("TrainConfig", "Compile"),
        help=QT_TRANSLATE_NOOP("TrainConfig", "Compile the model with torch.compile before training: the first "
                               "batch waits while it compiles (seconds to minutes), then each batch runs faster, "
                               "mostly on a GPU; the compile time is reported apart from the training time."),
        cli="--compile", form=11)
    device: str = field_info(
        "auto",  # auto picks CUDA, then Apple MPS, then the CPU
        label=QT_TRANSLATE_NOOP("TrainConfig", "Device"),
        help=QT_TRANSLATE_NOOP("TrainConfig", "Where to train: auto, cpu, cuda, cuda:N or mps."))
    threads: int | None = field_info(
        None,  # None: measured at the start (and when the speed changes); short runs: the free cores. engine/threads.py
        label=QT_TRANSLATE_NOOP("TrainConfig", "CPU threads"),
        help=QT_TRANSLATE_NOOP("TrainConfig", "Threads torch computes with on the CPU; left unset, the fastest "
                               "count is measured at the start and again when the speed changes (a run under 100 "
                               "batches uses the cores other programs leave free); a continued run keeps the "
                               "count it last trained with."),
        min=1, max=64, unit="threads",
        none_means=QT_TRANSLATE_NOOP("TrainConfig", "measured"), form=10)
    train_limit: int | None = field_info(
        None,  # None: every training image; a number trains on a random subset (quick looks)
        label=QT_TRANSLATE_NOOP("TrainConfig", "Train on"),
        help=QT_TRANSLATE_NOOP("TrainConfig", "Train on a random subset of this many images for a quick look."),
        min=2, unit="images", none_means=QT_TRANSLATE_NOOP("TrainConfig", "all images"), form=9)
    val_fraction: float = field_info(
        0.1,  # the course holds out a tenth of the training set
        label=QT_TRANSLATE_NOOP("TrainConfig", "Validation fraction"),
        help=QT_TRANSLATE_NOOP("TrainConfig", "Share of the training set held out for validation."),
        min=0, max=1, max_open=True)
    data_root: str | None = field_info(
        None,  # None looks in the app data folder and the usual places
        label=QT_TRANSLATE_NOOP("TrainConfig", "Data folder"),
        help=QT_TRANSLATE_NOOP("TrainConfig", "Folder holding the dataset's files."),
        none_means=QT_TRANSLATE_NOOP("TrainConfig", "the usual places"))
    image_size: int | None = field_info(
        None,  # None keeps the folder family's default side; other datasets have a fixed size
        label=QT_TRANSLATE_NOOP("TrainConfig", "Image size"),
        help=QT_TRANSLATE_NOOP("TrainConfig", "Image folders only: side the images are resized to."),
        min=8, max=512, unit="pixels")
    out_dir: str | None = field_info(
        None,  # None makes a new run folder under the runs folder, so runs never overwrite each other
        label=QT_TRANSLATE_NOOP("TrainConfig", "Run folder"),
        help=QT_TRANSLATE_NOOP("TrainConfig", "Run folder to create."),
        none_means=QT_TRANSLATE_NOOP("TrainConfig", "a new folder under the runs folder"),
        cli="--out")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TrainConfig:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def validate(self) -> None:
        """Raise ``UserError`` with one sentence for the first bad value."""
        checks: list[tuple[bool, str]] = [
            (self.recipe in RECIPES, f"recipe must be one of {', '.join(RECIPES)}, not {self.recipe!r}."),
            (self.epochs is None or self.epochs >= 1, QT_TRANSLATE_NOOP("CoreMessage", "Epochs must be at least 1.")),
            (self.batch_size is None or self.batch_size >= 2,
             QT_TRANSLATE_NOOP("CoreMessage", "Batch size must be at least 2 (batch norm needs two images).")),
            (self.lr is None or 0 < self.lr <= 10,
             QT_TRANSLATE_NOOP("CoreMessage", "Learning rate must be above 0 and at most 10.")),
            (self.optimizer is None or self.optimizer in OPTIMIZERS,
             f"optimizer must be one of {', '.join(OPTIMIZERS)}."),
            (0 <= self.momentum < 1, QT_TRANSLATE_NOOP("CoreMessage", "Momentum must be in [0, 1).")),
            (self.weight_decay is None or self.weight_decay >= 0,
             QT_TRANSLATE_NOOP("CoreMessage", "Weight decay cannot be negative.")),
            (self.schedule is None or self.schedule in SCHEDULES, f"schedule must be one of {', '.join(SCHEDULES)}."),
            (self.augment is None or self.augment in AUGMENTS, f"augment must be one of {', '.join(AUGMENTS)}."),
            (self.train_limit is None or self.train_limit >= 2,
             QT_TRANSLATE_NOOP("CoreMessage", "Train limit must be at least 2 images.")),
            (0 <= self.val_fraction < 1, QT_TRANSLATE_NOOP("CoreMessage", "Validation fraction must be in [0, 1).")),
            (self.image_size is None or 8 <= self.image_size <= 512,
             QT_TRANSLATE_NOOP("CoreMessage", "Image size must be between 8 and 512 pixels.")),
            (self.seed >= 0, QT_TRANSLATE_NOOP("CoreMessage", "Seed cannot be negative.")),
            (self.seed <= MAX_SEED, QT_TRANSLATE_NOOP("CoreMessage", "Seed must be at most 4294967295 (2³² − 1).")),
            (self.threads is None or 1 <= self.threads <= 64,
             QT_TRANSLATE_NOOP("CoreMessage", "CPU threads must be between 1 and 64.")),
        ]
        for ok, message in checks:
            if not ok:
                raise UserError(message[0].upper() + message[1:])


_KINDS = {int: "int", float: "float", str: "str", bool: "bool"}
_FIELDS: tuple[FieldInfo, ...] | None = None  # built on first use: type hints resolve once the module is loaded


def config_fields() -> tuple[FieldInfo, ...]:
    """Every TrainConfig field with its metadata, in declaration order."""
    global _FIELDS
    if _FIELDS is None:
        hints = get_type_hints(TrainConfig)
        out = []
        for f in fields(TrainConfig):
            m = f.metadata
            base = [t for t in getattr(hints[f.name], "__args__", (hints[f.name],)) if t is not type(None)][0]
            cli = m["cli"]
            out.append(FieldInfo(
                name=f.name, default=f.default, kind="choice" if m["choices"] else _KINDS[base],
                optional=type(None) in getattr(hints[f.name], "__args__", ()), label=m["label"], help=m["help"],
                min=m["min"], max=m["max"], min_open=m["min_open"], max_open=m["max_open"], choices=m["choices"],
                unit=m["unit"], none_means=m["none_means"], from_recipe=m["from_recipe"],
                cli=("--" + f.name.replace("_", "-")) if cli == "" else cli, form=m["form"]))
        _FIELDS = tuple(out)
    return _FIELDS


def config_field(name: str) -> FieldInfo:
    """The metadata of one TrainConfig field; KeyError for an unknown name."""
    for info in config_fields():
        if info.name == name:
            return info
    raise KeyError(name)


def recipe_fields() -> tuple[str, ...]:
    """The fields :func:`resolve_config` fills from the recipe when they are ``None``."""
    return tuple(f.name for f in config_fields() if f.from_recipe)


def form_fields() -> tuple[FieldInfo, ...]:
    """The fields the app's hyperparameter form shows, in its order."""
    return tuple(sorted((f for f in config_fields() if f.form is not None), key=lambda f: f.form or 0))


def resolve_config(config: TrainConfig) -> TrainConfig:
    """A copy with the model and every ``None`` hyperparameter filled from the recipe (and a reproducible
    run's unset thread count fixed to ``REPRODUCIBLE_THREADS``)."""
    from cnnlab.datasets import get_dataset_spec
    from cnnlab.engine.recipes import recipe_for

    config.validate()
    model = config.model or get_dataset_spec(config.dataset).default_model
    recipe = recipe_for(config.dataset, model, config.recipe)
    filled = {name: getattr(recipe, name) for name in recipe_fields() if getattr(config, name) is None}
    if config.reproducible and config.threads is None:
        filled["threads"] = REPRODUCIBLE_THREADS
    out = replace(config, model=model, **filled)
    out.validate()
    return out
