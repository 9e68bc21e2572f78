"""Models: the chapter's networks and the classic zoo, by name."""

# Registration happens on import; ``list_models`` sorts the models, so this order does not matter.
from cnnlab.models import alexnet as _alexnet  # noqa: F401 (imported for its side effect: it registers itself)
from cnnlab.models import chapter as _chapter  # noqa: F401 (imported for its side effect: it registers itself)
from cnnlab.models import densenet as _densenet  # noqa: F401 (imported for its side effect: it registers itself)
from cnnlab.models import googlenet as _googlenet  # noqa: F401 (imported for its side effect: it registers itself)
from cnnlab.models import lenet as _lenet  # noqa: F401 (imported for its side effect: it registers itself)
from cnnlab.models import resnet as _resnet  # noqa: F401 (imported for its side effect: it registers itself)
from cnnlab.models import vgg as _vgg  # noqa: F401 (imported for its side effect: it registers itself)
from cnnlab.models import zfnet as _zfnet  # noqa: F401 (imported for its side effect: it registers itself)
from cnnlab.models.recipe import Recipe
from cnnlab.models.registry import (
    ModelCard,
    ModelSpec,
    build_model,
    get_model_spec,
    list_models,
    register_model,
)
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
    "register_model",
    "summarize",
]
