"""The lecture's layer table: type, kernel / stride / padding, input and output size, parameters.

Rows come from forward hooks during one dry run, so they follow the real data flow. Leaf layers
get a row each; a block that sets a ``summary_note`` attribute (an Inception module's "concat of
4 branches", a residual block's "out = F(x) + x") gets a row of its own above its layers, and
deeper layers are indented, so branches, skips and concatenations can be followed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import torch
from torch import nn

_TYPE_NAMES = {
    "Conv2d": "Conv", "Linear": "FC", "MaxPool2d": "MaxPool", "AvgPool2d": "AvgPool",
    "AdaptiveAvgPool2d": "AvgPool", "BatchNorm1d": "BatchNorm", "BatchNorm2d": "BatchNorm",
    "LocalResponseNorm": "LRN", "Dropout": "Dropout", "Flatten": "Flatten", "ReLU": "ReLU",
    "Grayscale": "Gray",
}

NOTE_ATTR = "summary_note"  # a block with this attribute gets a row of its own


def set_note(module: nn.Module, note: str) -> None:
    """Give a plain container (an ``nn.Sequential``) a summary note; block classes set ``summary_note`` directly."""
    setattr(module, NOTE_ATTR, note)


@dataclass
class LayerRow:
    index: int
    name: str  # dotted path from model.named_modules()
    type: str  # the lecture's word: Conv, ReLU, MaxPool, FC, BatchNorm…
    params_text: str  # "8×3×3, S=1, P=1" for a conv, "2×2, S=2, Max" for a pool, "32" for FC
    input_shape: list[int]  # without the batch axis, e.g. [1, 28, 28]
    output_shape: list[int]
    weights: int
    biases: int
    depth: int  # nesting level, for indentation
    note: str = ""  # block rows: what the block does with its branches

    @property
    def params(self) -> int:
        return self.weights + self.biases

    @property
    def params_label(self) -> str:
        """The lecture's "200+8" form; blank for layers without parameters."""
        if self.weights == 0 and self.biases == 0:
            return ""
        return f"{self.weights}+{self.biases}" if self.biases else str(self.weights)


@dataclass
class Summary:
    model: str
    input_shape: list[int]
    rows: list[LayerRow] = field(default_factory=list)
    total_params: int = 0
    trainable_params: int = 0

    def to_dict(self) -> dict:
        return {
            "model": self.model, "input_shape": self.input_shape,
            "total_params": self.total_params, "trainable_params": self.trainable_params,
            "layers": [{**asdict(r), "params": r.params} for r in self.rows],
        }

    def to_text(self) -> str:
        head = ("ID", "Layer", "Type", "Kernel / size", "Input", "Output", "Params")
        body = [(str(r.index), "  " * r.depth + r.name, r.type, r.params_text or r.note,
                 _dims(r.input_shape), _dims(r.output_shape), r.params_label) for r in self.rows]
        widths = [max(len(x[i]) for x in [head, *body]) for i in range(len(head))]
        line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=False)).rstrip()  # noqa: E731 (a one-line formatter, named for the loop below)
        out = [line(head), line(tuple("-" * w for w in widths)), *map(line, body)]
        out.append(f"Total parameters: {self.total_params:,} (trainable {self.trainable_params:,})")
        return "\n".join(out)


def _dims(shape: list[int]) -> str:
    return "×".join(str(s) for s in shape)


def _pair(v: object) -> str:
    if isinstance(v, tuple):
        return str(v[0]) if len(set(v)) == 1 else "×".join(map(str, v))
    return str(v)


def describe(module: nn.Module) -> str:
    """The lecture's parameter column for one layer."""
    if isinstance(module, nn.Conv2d):
        k = module.kernel_size
        text = f"{module.out_channels}×{k[0]}×{k[1]}, S={_pair(module.stride)}"
        if module.padding != (0, 0) and module.padding != "valid":
            text += f", P={_pair(module.padding)}"
        if module.groups > 1:
            text += f", groups={module.groups}"
        return text
    if isinstance(module, (nn.MaxPool2d, nn.AvgPool2d)):
        side = _pair(module.kernel_size)
        kind = "Max" if isinstance(module, nn.MaxPool2d) else "Avg"
        text = f"{side}×{side}, S={_pair(module.stride)}, {kind}"
        pad = module.padding
        return text + (f", P={_pair(pad)}" if pad not in (0, (0, 0)) else "")
    if isinstance(module, nn.AdaptiveAvgPool2d):
        return f"global → {_pair(module.output_size)}"
    if isinstance(module, nn.Linear):
        return f"{module.in_features}→{module.out_features}"
    if isinstance(module, nn.Dropout):
        return f"p={module.p}"
    return ""


def _shape(t: object) -> list[int]:
    if isinstance(t, torch.Tensor):
        return list(t.shape[1:])
    if isinstance(t, (tuple, list)) and t and isinstance(t[0], torch.Tensor):
        return list(t[0].shape[1:])
    return []


def summarize(model: nn.Module, input_shape: tuple[int, int, int], name: str | None = None) -> Summary:
    """Run one zero image (1, C, H, W) through ``model`` in eval mode and tabulate its layers."""
    rows: list[LayerRow] = []
    pending: dict[int, list[LayerRow]] = {}
    handles = []

    def pre(mod_name: str, depth: int):
        def hook(module: nn.Module, args: tuple) -> None:
            w = sum(p.numel() for n, p in module.named_parameters(recurse=False) if not n.startswith("bias"))
            b = sum(p.numel() for n, p in module.named_parameters(recurse=False) if n.startswith("bias"))
            row = LayerRow(
                index=len(rows) + 1, name=mod_name, type=_TYPE_NAMES.get(type(module).__name__, type(module).__name__),
                params_text=describe(module), input_shape=_shape(args[0] if args else None), output_shape=[],
                weights=w, biases=b, depth=depth, note=str(getattr(module, NOTE_ATTR, "")),
            )
            rows.append(row)
            pending.setdefault(id(module), []).append(row)
        return hook

    def post(module: nn.Module, args: tuple, output: object) -> None:
        stack = pending.get(id(module))
        if stack:
            stack.pop().output_shape = _shape(output)

    was_training = model.training
    try:
        base_depth = None
        for mod_name, module in model.named_modules():
            if not mod_name:
                continue
            is_leaf = next(module.children(), None) is None
            if not is_leaf and not hasattr(module, NOTE_ATTR):
                continue
            depth = mod_name.count(".")
            base_depth = depth if base_depth is None else min(base_depth, depth)
            handles.append(module.register_forward_pre_hook(pre(mod_name, depth)))
            handles.append(module.register_forward_hook(post))
        model.eval()
        with torch.no_grad():
            model(torch.zeros(1, *input_shape))
    finally:
        for h in handles:
            h.remove()
        model.train(was_training)
    # Depth relative to the shallowest hooked layer, so top-level rows are not indented.
    shallowest = min((r.depth for r in rows), default=0)
    for r in rows:
        r.depth -= shallowest
    total = sum(p.numel() for p in model.parameters())
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    default_name: str = getattr(model, "cnnlab_name", type(model).__name__)
    return Summary(model=name or default_name,
                   input_shape=list(input_shape), rows=rows, total_params=total, trainable_params=trainable)
