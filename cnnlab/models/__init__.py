"""Models: the chapter's networks and the classic zoo, by name.

The cards and names (:mod:`cnnlab.models.cards`) are plain Python; the names below are imported when first
used, and the family modules (torch) register their builders the first time a model is built or its spec
asked for (:func:`cnnlab.models.registry.get_model_spec`)."""

from typing import TYPE_CHECKING

from cnnlab.lazy import lazy_attributes

if TYPE_CHECKING:
    from cnnlab.models.cards import ModelCard, model_names
    from cnnlab.models.recipe import Recipe
    from cnnlab.models.registry import ModelSpec, build_model, get_model_spec, list_models, register_model
    from cnnlab.models.summary import LayerRow, Summary, summarize

__all__ = [
    "LayerRow",
    "ModelCard",
    "ModelSpec",
    "Recipe",
    "Summary",
    "build_model",
    "get_model_spec",
    "list_models",
    "model_names",
    "register_model",
    "summarize",
]
__getattr__ = lazy_attributes(__name__, {
    "ModelCard": "cards", "model_names": "cards", "Recipe": "recipe", "ModelSpec": "registry",
    "build_model": "registry", "get_model_spec": "registry", "list_models": "registry", "register_model": "registry",
    "LayerRow": "summary", "Summary": "summary", "summarize": "summary",
})
