"""Model registry: builders register by name with a card; ``build_model`` makes them for a shape.

Every builder is keyword-only: ``builder(*, in_channels, image_size, num_classes, **options)``
and returns an ``nn.Module`` mapping (N, C, H, W) float images to (N, K) logits. A model may
return a tuple in training mode: its first item is the logits, the rest auxiliary logits that the
engine adds to the loss weighted by the model's ``aux_weight`` attribute (GoogLeNet).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cnnlab.errors import ModelError
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.models.cards import CARDS, ModelCard, model_names
from cnnlab.models.recipe import MODEL_RECIPES, Recipe

if TYPE_CHECKING:  # the registry itself needs no torch: recipes and names are read before it is imported
    from torch import nn

Builder = Callable[..., "nn.Module"]


@dataclass(frozen=True)
class ModelSpec:
    name: str
    builder: Builder
    card: ModelCard
    defaults: dict = field(default_factory=dict)  # build options the registry passes unless overridden
    # Default training recipes: key None for every dataset, a dataset name for that dataset only.
    recipes: dict[str | None, Recipe] = field(default_factory=dict)


_REGISTRY: dict[str, ModelSpec] = {}
_FAMILIES_IMPORTED: list[bool] = []  # non-empty once every family module has been imported (and registered)


def register_model(name: str, *, recipes: dict[str | None, Recipe] | None = None,
                   **defaults: object) -> Callable[[Builder], Builder]:
    """Decorator: ``@register_model("lenet5")`` above a keyword-only builder; its card comes from
    :data:`cnnlab.models.cards.CARDS` (the one list of models), its default training recipes (key None: any
    dataset) from :data:`cnnlab.models.recipe.MODEL_RECIPES` unless ``recipes`` are given."""
    own = MODEL_RECIPES.get(name, {}) if recipes is None else recipes

    def wrap(builder: Builder) -> Builder:
        if name not in CARDS:
            raise ValueError(f"model {name!r} has no card in cnnlab.models.cards")
        if name in _REGISTRY:
            raise ValueError(f"model {name!r} registered twice")
        _REGISTRY[name] = ModelSpec(name, builder, CARDS[name], dict(defaults), dict(own))
        return builder

    return wrap


def _registered() -> dict[str, ModelSpec]:
    """Every model's spec: the family modules (torch) are imported the first time one is asked for."""
    if not _FAMILIES_IMPORTED:
        _FAMILIES_IMPORTED.append(True)
        for family in sorted({card.family for card in CARDS.values()}):
            importlib.import_module(f"cnnlab.models.{family}")
    return _REGISTRY


def list_models(family: str | None = None) -> list[str]:
    """The models as lists show them (see :func:`cnnlab.models.cards.model_names`); no torch is needed."""
    return model_names(family)


def model_recipe(name: str, dataset: str) -> Recipe | None:
    """The model's own recipe for ``dataset``: its (dataset, model) one, else its any-dataset one, else None.
    Read from the table while the model is not registered yet, so filling a form imports no torch."""
    spec = _REGISTRY.get(name)
    recipes = spec.recipes if spec is not None else MODEL_RECIPES.get(name, {})
    return recipes.get(dataset, recipes.get(None))


def get_model_spec(name: str) -> ModelSpec:
    try:
        return _registered()[name]
    except KeyError:
        raise ModelError(QT_TRANSLATE_NOOP("CoreMessage", "Unknown model {name}; choose one of: {names}."),
                         name=repr(name), names=', '.join(list_models())) from None


def build_model(name: str, *, in_channels: int, image_size: int | tuple[int, int], num_classes: int,
                **options: object) -> nn.Module:
    """Build ``name`` for inputs (N, in_channels, H, W) and ``num_classes`` outputs.

    Raises ``ModelError`` with one sentence when the model cannot take that shape.
    """
    spec = get_model_spec(name)
    if num_classes < 2:
        raise ModelError(QT_TRANSLATE_NOOP("CoreMessage", "{name} needs at least two classes, got {num_classes}."),
                         name=name, num_classes=num_classes)
    size = (image_size, image_size) if isinstance(image_size, int) else tuple(image_size)
    kwargs = {**spec.defaults, **options}
    try:
        model = spec.builder(in_channels=in_channels, image_size=size, num_classes=num_classes, **kwargs)
    except ModelError:
        raise
    except (RuntimeError, ValueError) as e:
        raise ModelError(QT_TRANSLATE_NOOP("CoreMessage", "{name} cannot be built for "
                                                          "{in_channels}×{height}×{width} inputs: {problem}"),
                         name=name, in_channels=in_channels, height=size[0], width=size[1], problem=e) from None
    model.cnnlab_name = name  # type: ignore[assignment]  # read by checkpoints and the UI
    return model


def check_min_size(name: str, size: tuple[int, int], minimum: int) -> None:
    """Raise ``ModelError`` when an input side is below what the network's pooling can take."""
    if min(size) < minimum:
        raise ModelError(QT_TRANSLATE_NOOP("CoreMessage", "{name} needs images of at least {minimum}×{minimum} "
                                                          "pixels, got {height}×{width}."),
                         name=name, minimum=minimum, height=size[0], width=size[1])
