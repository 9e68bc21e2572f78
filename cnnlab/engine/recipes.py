"""Default hyperparameters per dataset and model.

"default" recipes are tuned to beat the chapter's accuracies on a CPU in little time (numbers in
README's benchmark table); "course" recipes are the lecture's own settings (REFERENCE §2), kept so
a student can reproduce the book. Lookup: course (dataset, model) > the model's (dataset, model)
recipe > the model's own recipe > the dataset's > the default. The models' own recipes are in
:data:`cnnlab.models.recipe.MODEL_RECIPES` (plain Python: no torch is imported to fill a form); this
module reads them through the model registry and holds the dataset and course tables.
"""

from __future__ import annotations

from cnnlab.models.recipe import Recipe
from cnnlab.models.registry import model_recipe

__all__ = ["Recipe", "has_course_recipe", "recipe_for"]


_DEFAULT = Recipe(epochs=10, batch_size=64, lr=1e-3, optimizer="adam")

_DATASET: dict[str, Recipe] = {
    "shapes": Recipe(10, 32, 3e-3, "adam"),
    "colors": Recipe(30, 32, 1e-2, "adam"),  # the tiny colour CNN needs more, larger steps
    "color-shapes": Recipe(10, 32, 3e-3, "adam"),
    "mnist": Recipe(3, 64, 3e-3, "adam"),
    "fashion-mnist": Recipe(8, 128, 2e-3, "adam", augment="flip"),  # clothes are mirror-symmetric
    "cifar10": Recipe(20, 64, 2e-3, "adam", weight_decay=5e-4, augment="flip+shift"),
    "folder": Recipe(10, 64, 1e-3, "adam"),
}

# The lecture's own settings (optimiser, learning rate, batch, epochs), constant learning rate.
_COURSE: dict[tuple[str, str], Recipe] = {
    ("colors", "dnn"): Recipe(100, 16, 0.01, "sgd", "none"),
    ("colors", "color-cnn"): Recipe(20, 16, 0.1, "sgd", "none"),
    ("shapes", "dnn"): Recipe(50, 16, 0.1, "sgd", "none"),
    ("shapes", "shape-cnn"): Recipe(50, 16, 0.1, "sgd", "none"),
    ("color-shapes", "dnn"): Recipe(50, 16, 0.01, "momentum", "none"),
    ("color-shapes", "color-shape-cnn"): Recipe(20, 16, 0.1, "sgd", "none"),
    ("mnist", "mnist-cnn"): Recipe(5, 128, 0.1, "momentum", "none"),
    ("mnist", "dnn"): Recipe(5, 128, 0.1, "momentum", "none"),
    ("fashion-mnist", "dnn"): Recipe(10, 128, 0.1, "momentum", "none"),
    ("fashion-mnist", "fashion-cnn"): Recipe(10, 128, 0.01, "momentum", "none"),
    ("cifar10", "cifar-cnn"): Recipe(25, 32, 1e-4, "rmsprop", "none", augment="flip+shift"),
}


def recipe_for(dataset: str, model: str, kind: str = "default") -> Recipe:
    """The recipe for training ``model`` on ``dataset``; "course" falls back to "default"."""
    if kind == "course" and (dataset, model) in _COURSE:
        return _COURSE[(dataset, model)]
    own = model_recipe(model, dataset)  # the model's (dataset, model) recipe, else its any-dataset one
    if own is not None:
        return own
    return _DATASET.get(dataset, _DEFAULT)


def has_course_recipe(dataset: str, model: str) -> bool:
    return (dataset, model) in _COURSE
