"""A design as plain data: frozen dataclasses, no torch, so files can be read and checked anywhere.

A row is labelled as the student counts it: top-level rows ``1``, ``2``…, a residual block's rows ``4.1``,
``4.2``…, and branch 2 of a ``branches`` row 5 has rows ``5.b2.1``, ``5.b2.2``…
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

CONV, MAXPOOL, AVGPOOL, GAP, BN = "conv", "maxpool", "avgpool", "gap", "bn"
RELU, SIGMOID, TANH, DROPOUT, FLATTEN, LINEAR, GRAY = "relu", "sigmoid", "tanh", "dropout", "flatten", "linear", "gray"
LRN = "lrn"
RESIDUAL, BRANCHES, BRANCH = "residual", "branches", "branch"  # BRANCH: one of a branches row's lists, never written
DENSE = "dense"  # its layers' output concatenated onto its input (a DenseNet layer)

POOLS = (MAXPOOL, AVGPOOL)
SPATIAL = (CONV, MAXPOOL, AVGPOOL, GAP, GRAY, LRN)  # kinds that need a channels×height×width input
KINDS = (CONV, MAXPOOL, AVGPOOL, GAP, BN, LRN, RELU, SIGMOID, TANH, DROPOUT, FLATTEN, LINEAR, GRAY, RESIDUAL, BRANCHES,
         DENSE)
BLOCKS = (RESIDUAL, BRANCHES, DENSE)  # kinds that hold rows of their own

# A residual block's skip path: the input itself, a 1×1 convolution with the block's stride and a batch norm
# (ResNet's option B), or every stride-th pixel with zero channels added (option A, no parameters).
IDENTITY, PROJECTION, PAD = "identity", "projection", "pad"
SHORTCUTS = (IDENTITY, PROJECTION, PAD)

DEFAULT_P = 0.5  # PyTorch's nn.Dropout default
DEFAULT_EPS = 1e-5  # PyTorch's batch norm epsilon
DEFAULT_ALPHA, DEFAULT_BETA, DEFAULT_K = 1e-4, 0.75, 1.0  # PyTorch's nn.LocalResponseNorm defaults
DESIGN_MODEL = "design"  # a design run's model name in its checkpoint; its design is the model option "design"
DESIGN_SUFFIXES = (".yaml", ".yml")  # a --model ending so is a design file, not a model name


def is_design_file(model: str) -> bool:
    """``model`` names a design file (``cnnlab train --model my-net.yaml``), not a built-in model."""
    return model.lower().endswith(DESIGN_SUFFIXES)


def run_label(model: str) -> str:
    """The model's name as a run folder is named: a design file's stem, else the model name."""
    from pathlib import PurePath

    return PurePath(model).stem if is_design_file(model) else model


@dataclass(frozen=True)
class Layer:
    """One row of a design. Only the fields of its ``kind`` are used; the rest keep their defaults."""

    kind: str  # one of KINDS (or BRANCH inside a branches row)
    row: str = ""  # the row's label for messages ("6", "4.2", "5.b2.1"); "" for a layer made in code
    out: int | None = None  # conv: output channels; linear: output features
    kernel: int | None = None  # conv and pools: square kernel side
    stride: int | None = None  # None: PyTorch's default, 1 for conv and the kernel for pools
    padding: int = 0  # PyTorch's default: no padding
    groups: int = 1  # PyTorch's default: every output channel sees every input channel
    bias: bool = True  # PyTorch's default for conv and linear
    features_in: int | None = None  # linear's optional `in:`, checked against what arrives; None: not given
    p: float = DEFAULT_P  # dropout probability
    layers: tuple[Layer, ...] = ()  # residual, dense (and one branch): the inner rows
    branches: tuple[Layer, ...] = ()  # branches: one BRANCH layer per parallel list
    ceil: bool = False  # pools: PyTorch's default floor rounding of the output side; True: ceil_mode
    eps: float = DEFAULT_EPS  # bn: added to the variance
    size: int | None = None  # lrn: how many neighbouring channels each value is normalised over
    alpha: float = DEFAULT_ALPHA  # lrn: scale (PyTorch divides it by size)
    beta: float = DEFAULT_BETA  # lrn: exponent
    k: float = DEFAULT_K  # lrn: additive constant
    shortcut: str = IDENTITY  # residual: the skip path, one of SHORTCUTS

    @property
    def step(self) -> int:
        """The stride in effect: the given one, else 1 for a convolution and the kernel for a pooling."""
        if self.stride is not None:
            return self.stride
        return int(self.kernel or 1) if self.kind in POOLS else 1


@dataclass(frozen=True)
class Design:
    """A whole network: its name, input (channels, height, width), number of classes and rows, and a note
    on what the design leaves out of the model it was made from."""

    name: str
    input: tuple[int, int, int]  # (C, H, W) of one image
    classes: int
    layers: tuple[Layer, ...]
    note: str = ""  # e.g. GoogLeNet's auxiliary heads left out; "" when there is nothing to say

    def to_dict(self) -> dict[str, Any]:
        """The design as the YAML file writes it (plain lists, numbers and text: fit for a checkpoint too)."""
        out: dict[str, Any] = {"name": self.name, "input": list(self.input), "classes": self.classes}
        if self.note:
            out["note"] = str(self.note)  # plain text: a Sentence is a str subclass YAML cannot write
        out["layers"] = [layer_to_plain(layer) for layer in self.layers]
        return out


def numbered(layers: tuple[Layer, ...], prefix: str = "") -> tuple[Layer, ...]:
    """``layers`` labelled as a file's rows are ("1", "4.2", "5.b2.1"), for layers made in code."""
    out = []
    for i, layer in enumerate(layers, start=1):
        row = f"{prefix}{i}"
        branches = tuple(replace(branch, row=f"{row}.b{j}", layers=numbered(branch.layers, f"{row}.b{j}."))
                         for j, branch in enumerate(layer.branches, start=1))
        out.append(replace(layer, row=row, layers=numbered(layer.layers, f"{row}."), branches=branches))
    return tuple(out)


def layer_to_plain(layer: Layer) -> Any:
    """One row as written in a file: a bare name ("relu") when every setting is the default, else a one-entry
    table ``{conv: {out: 8, kernel: 3}}``; blocks hold their rows (``residual``) or lists of rows (``branches``)."""
    if layer.kind == RESIDUAL:
        rows = [layer_to_plain(inner) for inner in layer.layers]
        if layer.shortcut == IDENTITY:
            return {RESIDUAL: rows}
        return {RESIDUAL: {"shortcut": layer.shortcut, "layers": rows}}
    if layer.kind == DENSE:
        return {DENSE: [layer_to_plain(inner) for inner in layer.layers]}
    if layer.kind == BRANCHES:
        return {BRANCHES: [[layer_to_plain(inner) for inner in branch.layers] for branch in layer.branches]}
    options: dict[str, Any] = {}
    if layer.kind in (CONV, LINEAR):
        options["out"] = layer.out
    if layer.kind == LINEAR and layer.features_in is not None:
        options["in"] = layer.features_in
    if layer.kind in (CONV, *POOLS):
        options["kernel"] = layer.kernel
        if layer.stride is not None and layer.stride != (1 if layer.kind == CONV else layer.kernel):
            options["stride"] = layer.stride
        if layer.padding:
            options["padding"] = layer.padding
    if layer.kind in POOLS and layer.ceil:
        options["ceil"] = True
    if layer.kind == BN and layer.eps != DEFAULT_EPS:
        options["eps"] = layer.eps
    if layer.kind == LRN:
        options["size"] = layer.size
        for key, default in (("alpha", DEFAULT_ALPHA), ("beta", DEFAULT_BETA), ("k", DEFAULT_K)):
            if getattr(layer, key) != default:
                options[key] = getattr(layer, key)
    if layer.kind == CONV and layer.groups != 1:
        options["groups"] = layer.groups
    if layer.kind in (CONV, LINEAR) and not layer.bias:
        options["bias"] = False
    if layer.kind == DROPOUT and layer.p != DEFAULT_P:
        options["p"] = layer.p
    return {layer.kind: options} if options else layer.kind
