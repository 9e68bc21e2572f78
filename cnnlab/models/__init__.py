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
from cnnlab.models import lenet as _lenet  # noqa: E402,F401
from cnnlab.models import alexnet as _alexnet  # noqa: E402,F401
from cnnlab.models import zfnet as _zfnet  # noqa: E402,F401
from cnnlab.models import vgg as _vgg  # noqa: E402,F401
from cnnlab.models import googlenet as _googlenet  # noqa: E402,F401
from cnnlab.models import resnet as _resnet  # noqa: E402,F401
from cnnlab.models import densenet as _densenet  # noqa: E402,F401

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
