"""Models: the chapter's networks and the classic zoo, by name."""

from cnnlab.models.registry import (
    ModelCard,
    ModelSpec,
    build_model,
    get_model_spec,
    list_models,
    register_model,
)
from cnnlab.models.summary import LayerRow, Summary, summarize

# Registration happens on import; the order here is the order users see.
from cnnlab.models import chapter as _chapter  # noqa: E402,F401

__all__ = [
    "LayerRow",
    "ModelCard",
    "ModelSpec",
    "Summary",
    "build_model",
    "get_model_spec",
    "list_models",
    "register_model",
    "summarize",
]
