"""The training configuration: what to train, how, and where to keep the run."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from cnnlab.errors import UserError

OPTIMIZERS = ("sgd", "momentum", "adam", "rmsprop")
SCHEDULES = ("none", "step", "cosine", "one-cycle")
AUGMENTS = ("none", "flip", "shift", "flip+shift")
RECIPES = ("default", "course")


@dataclass
class TrainConfig:
    """One training run. ``None`` fields are filled from the recipe by :func:`resolve_config`."""

    dataset: str = "shapes"  # the built-in default: generated, no download
    model: str | None = None  # None: the dataset's default model
    recipe: str = "default"  # "default" (tuned to beat the chapter) or "course" (the lecture's settings)
    epochs: int | None = None
    batch_size: int | None = None
    lr: float | None = None
    optimizer: str | None = None  # sgd / momentum / adam / rmsprop
    momentum: float = 0.9  # used by "momentum" and rmsprop; the usual value
    weight_decay: float | None = None
    schedule: str | None = None  # none / step / cosine / one-cycle, stepped every batch
    augment: str | None = None  # none / flip / shift / flip+shift (shift: up to a tenth of the side)
    seed: int = 0  # fixes weights, shuffling, augmentation and generated data
    device: str = "auto"  # auto picks CUDA, then Apple MPS, then the CPU
    train_limit: int | None = None  # train on a random subset of this many images (quick looks)
    val_fraction: float = 0.1  # the course holds out a tenth of the training set
    data_root: str | None = None  # folder of the data files; None looks in the usual places
    image_size: int | None = None  # image folders only: side the images are resized to
    out_dir: str | None = None  # the run folder; None makes a new one under the runs folder

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
            (self.epochs is None or self.epochs >= 1, "epochs must be at least 1."),
            (self.batch_size is None or self.batch_size >= 2, "batch size must be at least 2 (batch norm needs two images)."),
            (self.lr is None or 0 < self.lr <= 10, "learning rate must be above 0 and at most 10."),
            (self.optimizer is None or self.optimizer in OPTIMIZERS, f"optimizer must be one of {', '.join(OPTIMIZERS)}."),
            (0 <= self.momentum < 1, "momentum must be in [0, 1)."),
            (self.weight_decay is None or self.weight_decay >= 0, "weight decay cannot be negative."),
            (self.schedule is None or self.schedule in SCHEDULES, f"schedule must be one of {', '.join(SCHEDULES)}."),
            (self.augment is None or self.augment in AUGMENTS, f"augment must be one of {', '.join(AUGMENTS)}."),
            (self.train_limit is None or self.train_limit >= 2, "train limit must be at least 2 images."),
            (0 <= self.val_fraction < 1, "validation fraction must be in [0, 1)."),
            (self.image_size is None or 8 <= self.image_size <= 512, "image size must be between 8 and 512 pixels."),
            (self.seed >= 0, "seed cannot be negative."),
        ]
        for ok, message in checks:
            if not ok:
                raise UserError(message[0].upper() + message[1:])


def resolve_config(config: TrainConfig) -> TrainConfig:
    """A copy with the model and every ``None`` hyperparameter filled from the recipe."""
    from cnnlab.datasets import get_dataset_spec
    from cnnlab.engine.recipes import recipe_for

    config.validate()
    model = config.model or get_dataset_spec(config.dataset).default_model
    recipe = recipe_for(config.dataset, model, config.recipe)
    filled = {name: getattr(recipe, name) for name in
              ("epochs", "batch_size", "lr", "optimizer", "weight_decay", "schedule", "augment")
              if getattr(config, name) is None}
    out = replace(config, model=model, **filled)
    out.validate()
    return out
