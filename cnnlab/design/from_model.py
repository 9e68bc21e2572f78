"""A built-in model as a design: its layers read back one by one into rows, so a student can start from the
chapter's networks and the zoo's, and edit them. The design's module has the same parameters, in the same order,
as the model's (:func:`copy_weights` moves a trained model's weights across).

Containers that only run their children in order (``nn.Sequential`` and its subclasses that keep its
``forward``) are opened; the zoo's blocks with a forward of their own become the design's blocks: ResNet's
basic block a ``residual`` (its shortcut a projection or a pad) followed by a ``relu``, an Inception module
``branches``, a DenseNet layer ``dense``. GoogLeNet's auxiliary classifiers only add to the loss in training:
they are left out, and the design's note says so.
"""

from __future__ import annotations

from collections import OrderedDict

from torch import nn

from cnnlab.datasets import get_dataset_spec, list_datasets
from cnnlab.design.build import Branches, Dense, PadShortcut, Residual
from cnnlab.design.spec import (
    AVGPOOL,
    BN,
    BRANCH,
    BRANCHES,
    CONV,
    DEFAULT_EPS,
    DENSE,
    DROPOUT,
    FLATTEN,
    GAP,
    GRAY,
    IDENTITY,
    LINEAR,
    LRN,
    MAXPOOL,
    PAD,
    PROJECTION,
    RELU,
    RESIDUAL,
    SIGMOID,
    TANH,
    Design,
    Layer,
    numbered,
)
from cnnlab.errors import DesignError, Sentence
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.models import build_model
from cnnlab.models.densenet import DenseLayer
from cnnlab.models.googlenet import Inception, InceptionAux
from cnnlab.models.layers import Grayscale
from cnnlab.models.resnet import BasicBlock, ZeroPadShortcut

DEFAULT_MOMENTUM = 0.1  # PyTorch's batch norm momentum, the only one a design builds
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
    """A design with ``model``'s layers (containers that run their children in order are opened, the zoo's blocks
    become the design's); a layer designs cannot express raises ``DesignError`` naming it."""
    left_out: list[str] = []
    layers = numbered(tuple(_layers(model, name, "", left_out)))
    note = ""  # nothing left out: nothing to say
    if left_out:
        note = Sentence(QT_TRANSLATE_NOOP("CoreMessage", "The {model} model's auxiliary classifiers ({heads}) are "
                                                         "left out: they only add to the loss while training, so "
                                                         "the design predicts as the model does but trains without "
                                                         "them."),
                        model=name, heads=", ".join(left_out))
    return Design(name=name, input=input_shape, classes=classes, layers=layers, note=note)


def _opens(module: nn.Module) -> bool:
    """``module`` only runs its children one after the other: its rows are theirs."""
    return isinstance(module, nn.Sequential) and type(module).forward is nn.Sequential.forward


def _layers(container: nn.Module, model: str, prefix: str, left_out: list[str]) -> list[Layer]:
    out: list[Layer] = []
    for child_name, child in container.named_children():
        path = f"{prefix}{child_name}"
        if _opens(child):
            out.extend(_layers(child, model, f"{path}.", left_out))
        elif isinstance(child, InceptionAux):
            left_out.append(path)  # a training-only side head: not on the path to the logits
        else:
            out.extend(_block(child, model, path, left_out))
    return out


def _block(module: nn.Module, model: str, path: str, left_out: list[str]) -> list[Layer]:
    """The rows of one child: a block's row (ResNet's block is followed by its ReLU), else the layer's."""
    def rows(children: list[tuple[str, nn.Module]]) -> tuple[Layer, ...]:
        body = nn.Sequential(OrderedDict(children))
        return tuple(_layers(body, model, f"{path}.", left_out))

    if isinstance(module, BasicBlock):
        body = [(n, getattr(module, n)) for n in ("conv1", "bn1", "relu1", "conv2", "bn2")]
        kind = _shortcut_kind(module.shortcut, model, f"{path}.shortcut")
        return [Layer(RESIDUAL, layers=rows(body), shortcut=kind), _layer(module.relu2, model, f"{path}.relu2")]
    if isinstance(module, Residual):
        return [Layer(RESIDUAL, layers=rows(list(module.named_children())[:module.body_size]),
                      shortcut=_shortcut_kind(module.skip(), model, f"{path}.shortcut"))]
    if isinstance(module, (DenseLayer, Dense)):
        return [Layer(DENSE, layers=rows(list(module.named_children())))]
    if isinstance(module, (Inception, Branches)):
        return [Layer(BRANCHES, branches=tuple(Layer(BRANCH, layers=rows([(n, branch)]))
                                                for n, branch in module.named_children()))]
    return [_layer(module, model, path)]


def _shortcut_kind(shortcut: nn.Module | None, model: str, path: str) -> str:
    if shortcut is None:
        return IDENTITY
    if isinstance(shortcut, (ZeroPadShortcut, PadShortcut)):
        return PAD
    if isinstance(shortcut, nn.Sequential) and [type(m) for m in shortcut.children()] == [nn.Conv2d, nn.BatchNorm2d]:
        conv, bn = shortcut.children()
        assert isinstance(conv, nn.Conv2d) and isinstance(bn, nn.BatchNorm2d)
        if conv.kernel_size == (1, 1) and conv.padding == (0, 0) and conv.bias is None and conv.groups == 1 \
                and _plain_bn(bn) and bn.eps == DEFAULT_EPS:
            return PROJECTION
    raise DesignError(QT_TRANSLATE_NOOP("CoreMessage", "The {model} model's layer {layer} ({kind}) cannot be written "
                                                       "as a design row yet."),
                      model=model, layer=path, kind=type(shortcut).__name__)


def _plain_bn(module: nn.BatchNorm1d | nn.BatchNorm2d) -> bool:
    """A batch norm as a design builds it: learnt scale and shift, running statistics, PyTorch's momentum."""
    return module.affine and module.track_running_stats and module.momentum == DEFAULT_MOMENTUM


def _layer(module: nn.Module, model: str, path: str) -> Layer:
    if isinstance(module, nn.Conv2d) and _square(module.kernel_size, module.stride, module.padding) \
            and module.dilation == (1, 1) and module.padding_mode == "zeros":
        stride = module.stride[0] if module.stride[0] != 1 else None  # None: the default, as a file leaves it out
        return Layer(CONV, out=module.out_channels, kernel=module.kernel_size[0], stride=stride,
                     padding=int(module.padding[0]), groups=module.groups, bias=module.bias is not None)
    if isinstance(module, (nn.MaxPool2d, nn.AvgPool2d)) \
            and _square(module.kernel_size, module.stride, module.padding) \
            and (isinstance(module, nn.AvgPool2d) or module.dilation in (1, (1, 1))) \
            and (isinstance(module, nn.MaxPool2d) or (module.count_include_pad and module.divisor_override is None)):
        kernel, stride, padding = (_side(v) for v in (module.kernel_size, module.stride, module.padding))
        return Layer(MAXPOOL if isinstance(module, nn.MaxPool2d) else AVGPOOL, kernel=kernel,
                     stride=stride if stride != kernel else None, padding=padding,  # None: the default stride
                     ceil=bool(module.ceil_mode))
    if isinstance(module, nn.AdaptiveAvgPool2d) and module.output_size in (1, (1, 1)):
        return Layer(GAP)
    if isinstance(module, (nn.BatchNorm1d, nn.BatchNorm2d)) and _plain_bn(module):
        return Layer(BN, eps=float(module.eps))
    if isinstance(module, nn.LocalResponseNorm):
        return Layer(LRN, size=module.size, alpha=float(module.alpha), beta=float(module.beta), k=float(module.k))
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
