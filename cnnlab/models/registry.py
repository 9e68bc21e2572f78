"""Model registry: builders register by name with a card; ``build_model`` makes them for a shape.

Every builder is keyword-only: ``builder(*, in_channels, image_size, num_classes, **options)``
and returns an ``nn.Module`` mapping (N, C, H, W) float images to (N, K) logits. A model may
return a tuple in training mode: its first item is the logits, the rest auxiliary logits that the
engine adds to the loss weighted by the model's ``aux_weight`` attribute (GoogLeNet).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from torch import nn

from cnnlab.errors import ModelError

Builder = Callable[..., nn.Module]


@dataclass(frozen=True)
class ModelCard:
    """What the app and ``cnnlab models --details`` tell a student about a network."""

    title: str
    family: str  # "chapter" for the lecture's own nets, else the classic family name
    year: int | None = None
    authors: str = ""
    paper: str = ""
    idea: str = ""  # one line: what it introduced / why it is in the chapter
    idea_zh: str = ""  # the same in Chinese
    notes: str = ""  # what changed for small images, and why


@dataclass(frozen=True)
class ModelSpec:
    name: str
    builder: Builder
    card: ModelCard
    defaults: dict = field(default_factory=dict)  # build options the registry passes unless overridden


_REGISTRY: dict[str, ModelSpec] = {}


def register_model(name: str, card: ModelCard, **defaults: object) -> Callable[[Builder], Builder]:
    """Decorator: ``@register_model("lenet5", ModelCard(...))`` above a keyword-only builder."""

    def wrap(builder: Builder) -> Builder:
        if name in _REGISTRY:
            raise ValueError(f"model {name!r} registered twice")
        _REGISTRY[name] = ModelSpec(name, builder, card, dict(defaults))
        return builder

    return wrap


def list_models(family: str | None = None) -> list[str]:
    return [n for n, s in _REGISTRY.items() if family is None or s.card.family == family]


def get_model_spec(name: str) -> ModelSpec:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise ModelError(f"Unknown model {name!r}; choose one of: {', '.join(_REGISTRY)}.") from None


def build_model(name: str, *, in_channels: int, image_size: int | tuple[int, int], num_classes: int,
                **options: object) -> nn.Module:
    """Build ``name`` for inputs (N, in_channels, H, W) and ``num_classes`` outputs.

    Raises ``ModelError`` with one sentence when the model cannot take that shape.
    """
    spec = get_model_spec(name)
    if num_classes < 2:
        raise ModelError(f"{name} needs at least two classes, got {num_classes}.")
    size = (image_size, image_size) if isinstance(image_size, int) else tuple(image_size)
    kwargs = {**spec.defaults, **options}
    try:
        model = spec.builder(in_channels=in_channels, image_size=size, num_classes=num_classes, **kwargs)
    except ModelError:
        raise
    except (RuntimeError, ValueError) as e:
        raise ModelError(f"{name} cannot be built for {in_channels}×{size[0]}×{size[1]} inputs: {e}") from None
    model.cnnlab_name = name  # type: ignore[attr-defined]  # read by checkpoints and the UI
    return model


def check_min_size(name: str, size: tuple[int, int], minimum: int) -> None:
    """Raise ``ModelError`` when an input side is below what the network's pooling can take."""
    if min(size) < minimum:
        raise ModelError(f"{name} needs images of at least {minimum}×{minimum} pixels, got {size[0]}×{size[1]}.")
