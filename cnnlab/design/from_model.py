"""A built-in model as a design: its layers read back one by one into rows, so a student can start from the
chapter's networks and edit them. The design's module has the same parameters, in the same order, as the
model's (:func:`copy_weights` moves a trained model's weights across).
"""

from __future__ import annotations

from torch import nn

from cnnlab.datasets import get_dataset_spec, list_datasets
from cnnlab.design.spec import (
    AVGPOOL,
    BN,
    CONV,
    DROPOUT,
    FLATTEN,
    GAP,
    GRAY,
    LINEAR,
    MAXPOOL,
    RELU,
    SIGMOID,
    TANH,
    Design,
    Layer,
    numbered,
)
from cnnlab.errors import DesignError
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.models import build_model
from cnnlab.models.layers import Grayscale

FALLBACK_DATASET = "mnist"  # the dataset of a model that is no dataset's default (dnn, lenet5): the lecture's digits


def default_dataset(model: str) -> str:
    """The dataset of a fixed shape that ``model`` is the default model of, else MNIST."""
    for name in list_datasets():
        spec = get_dataset_spec(name)
        if spec.default_model == model and spec.channels and spec.size and spec.classes:
            return name
    return FALLBACK_DATASET


def design_from_model(name: str, dataset: str | None = None) -> Design:
    """The built-in model ``name`` as built for ``dataset`` (default: :func:`default_dataset`), as a design."""
    dataset = dataset or default_dataset(name)
    spec = get_dataset_spec(dataset)
    if spec.channels is None or spec.size is None or spec.classes is None:
        raise DesignError(QT_TRANSLATE_NOOP("CoreMessage", "{dataset} has no fixed image shape or classes, so a design "
                                                           "cannot be made for it; choose a dataset such as mnist."),
                          dataset=dataset)
    shape = (spec.channels, *spec.size)
    model = build_model(name, in_channels=shape[0], image_size=spec.size, num_classes=len(spec.classes))
    return design_from_module(model, name, (shape[0], shape[1], shape[2]), len(spec.classes))


def design_from_module(model: nn.Module, name: str, input_shape: tuple[int, int, int], classes: int) -> Design:
    """A design with ``model``'s layers (plain ``nn.Sequential`` containers are opened); a layer designs cannot
    express raises ``DesignError`` naming it."""
    return Design(name=name, input=input_shape, classes=classes, layers=numbered(tuple(_layers(model, name))))


def _layers(container: nn.Module, model: str, prefix: str = "") -> list[Layer]:
    out: list[Layer] = []
    for child_name, child in container.named_children():
        path = f"{prefix}{child_name}"
        if type(child) is nn.Sequential:
            out.extend(_layers(child, model, f"{path}."))
        else:
            out.append(_layer(child, model, path))
    return out


def _layer(module: nn.Module, model: str, path: str) -> Layer:
    if isinstance(module, nn.Conv2d) and _square(module.kernel_size, module.stride, module.padding) \
            and module.dilation == (1, 1) and module.padding_mode == "zeros":
        stride = module.stride[0] if module.stride[0] != 1 else None  # None: the default, as a file leaves it out
        return Layer(CONV, out=module.out_channels, kernel=module.kernel_size[0], stride=stride,
                     padding=int(module.padding[0]), groups=module.groups, bias=module.bias is not None)
    if isinstance(module, (nn.MaxPool2d, nn.AvgPool2d)) and not module.ceil_mode \
            and _square(module.kernel_size, module.stride, module.padding) \
            and (isinstance(module, nn.AvgPool2d) or module.dilation in (1, (1, 1))) \
            and (isinstance(module, nn.MaxPool2d) or module.count_include_pad):
        kernel, stride, padding = (_side(v) for v in (module.kernel_size, module.stride, module.padding))
        return Layer(MAXPOOL if isinstance(module, nn.MaxPool2d) else AVGPOOL, kernel=kernel,
                     stride=stride if stride != kernel else None, padding=padding)  # None: the default stride
    if isinstance(module, nn.AdaptiveAvgPool2d) and module.output_size in (1, (1, 1)):
        return Layer(GAP)
    if isinstance(module, (nn.BatchNorm1d, nn.BatchNorm2d)) and module.affine and module.track_running_stats:
        return Layer(BN)
    if isinstance(module, nn.Linear):
        return Layer(LINEAR, out=module.out_features, bias=module.bias is not None)
    if isinstance(module, nn.Dropout):
        return Layer(DROPOUT, p=float(module.p))
    if isinstance(module, nn.Flatten) and module.start_dim == 1 and module.end_dim == -1:
        return Layer(FLATTEN)
    simple: dict[type[nn.Module], str] = {nn.ReLU: RELU, nn.Sigmoid: SIGMOID, nn.Tanh: TANH, Grayscale: GRAY}
    if type(module) in simple:
        return Layer(simple[type(module)])
    raise DesignError(QT_TRANSLATE_NOOP("CoreMessage", "The {model} model's layer {layer} ({kind}) cannot be written "
                                                       "as a design row yet."),
                      model=model, layer=path, kind=type(module).__name__)


def _side(value: int | tuple[int, ...]) -> int:
    return int(value if isinstance(value, int) else value[0])


def _square(*values: object) -> bool:
    """Every size is one number or a pair of equal numbers (designs have square kernels, strides, paddings)."""
    return all(isinstance(v, int) or (isinstance(v, tuple) and len(set(v)) == 1 and isinstance(v[0], int))
               for v in values)


def copy_weights(source: nn.Module, target: nn.Module) -> None:
    """Load ``source``'s weights and buffers into ``target``, matched by order (names may differ)."""
    theirs, ours = source.state_dict(), target.state_dict()
    shapes = [tuple(v.shape) for v in theirs.values()], [tuple(v.shape) for v in ours.values()]
    if shapes[0] != shapes[1]:
        raise DesignError(QT_TRANSLATE_NOOP("CoreMessage", "The two networks hold different weights ({a} and {b} "
                                                           "tensors, or shapes that differ)."),
                          a=len(theirs), b=len(ours))
    target.load_state_dict(dict(zip(ours, theirs.values(), strict=True)))
