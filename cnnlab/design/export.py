"""A design exported: a standalone PyTorch file (``cnnlab design export FILE --py OUT.py``) and ONNX (``--onnx``).

The PyTorch file imports only torch: one ``nn.Module`` class whose ``__init__`` builds the design's layers under
the names the X-ray shows (conv1, relu1…; a block's layers in an ``nn.ModuleDict`` named after the block) and
whose ``forward`` is written out line by line, residual additions, branch and dense concatenations included. As
the names are cnnlab's, a design run's checkpoint weights load into it as they are. The ONNX file goes through
:func:`cnnlab.models.onnx.onnx_bytes`, as ``cnnlab export RUN --onnx`` does.

Files are written through a temporary file renamed over the target, so a full disk never leaves half a file.
"""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from torch import nn

from cnnlab.design.build import build_design
from cnnlab.design.shapes import Row, analyse, shape_text
from cnnlab.design.spec import (
    AVGPOOL,
    BN,
    BRANCHES,
    CONV,
    DEFAULT_ALPHA,
    DEFAULT_BETA,
    DEFAULT_EPS,
    DEFAULT_K,
    DENSE,
    DROPOUT,
    FLATTEN,
    GAP,
    GRAY,
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
)
from cnnlab.errors import StorageError, UserError, write_failure
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.models.onnx import onnx_bytes

INDENT = "    "  # PEP 8
LUMA = (0.299, 0.587, 0.114)  # ITU-R 601 weights of the gray layer, as cnnlab.models.layers.Grayscale


def class_name(design: Design) -> str:
    """The design's name as a Python class name: "my-net" -> "MyNet"; "Net" when nothing usable is left."""
    words = re.findall(r"[A-Za-z0-9]+", design.name)
    name = "".join(word[:1].upper() + word[1:] for word in words)
    return name if name and not name[0].isdigit() else f"Net{name}"


def _layer_expr(row: Row) -> str:
    """The constructor of one layer, as in PyTorch's own spelling."""
    layer, shape = row.layer, row.input
    kind = layer.kind
    if kind == CONV:
        args = [str(shape[0]), str(layer.out), f"kernel_size={layer.kernel}"]
        args += [f"stride={layer.step}"] if layer.step != 1 else []
        args += [f"padding={layer.padding}"] if layer.padding else []
        args += [f"groups={layer.groups}"] if layer.groups != 1 else []
        args += [] if layer.bias else ["bias=False"]
        return f"nn.Conv2d({', '.join(args)})"
    if kind in (MAXPOOL, AVGPOOL):
        args = [f"kernel_size={layer.kernel}"]
        args += [f"stride={layer.step}"] if layer.step != layer.kernel else []
        args += [f"padding={layer.padding}"] if layer.padding else []
        args += ["ceil_mode=True"] if layer.ceil else []
        return f"nn.{'MaxPool2d' if kind == MAXPOOL else 'AvgPool2d'}({', '.join(args)})"
    if kind == LINEAR:
        return f"nn.Linear({shape[0]}, {layer.out}{'' if layer.bias else ', bias=False'})"
    if kind == BN:
        eps = f", eps={layer.eps!r}" if layer.eps != DEFAULT_EPS else ""
        return f"nn.BatchNorm{'2d' if len(shape) == 3 else '1d'}({shape[0]}{eps})"
    if kind == LRN:
        args = [str(layer.size)] + [f"{key}={getattr(layer, key)!r}" for key, default in
                                    (("alpha", DEFAULT_ALPHA), ("beta", DEFAULT_BETA), ("k", DEFAULT_K))
                                    if getattr(layer, key) != default]
        return f"nn.LocalResponseNorm({', '.join(args)})"
    if kind == DROPOUT:
        return f"nn.Dropout(p={layer.p!r})"
    if kind == GAP:
        return "nn.AdaptiveAvgPool2d(1)"
    simple = {RELU: "nn.ReLU()", SIGMOID: "nn.Sigmoid()", TANH: "nn.Tanh()", FLATTEN: "nn.Flatten()"}
    return simple[kind]


def _shape(row: Row) -> str:
    """A row's output as the comments write it: ``(N, 8, 14, 14)``."""
    return f"(N, {', '.join(map(str, row.output))})"


def _projection_lines(row: Row, pad: str) -> list[str]:
    """A projection shortcut's entry in its block's ``nn.ModuleDict``."""
    cin, cout, stride = row.input[0], row.output[0], row.shortcut_stride
    conv = f"nn.Conv2d({cin}, {cout}, kernel_size=1{f', stride={stride}' if stride != 1 else ''}, bias=False)"
    return [f'{pad}"shortcut": nn.ModuleDict({{  # projection: 1×1 conv with the block\'s stride, batch norm',
            f'{pad}{INDENT}"conv": {conv},  # -> {shape_text(row.output)}',
            f'{pad}{INDENT}"bn": nn.BatchNorm2d({cout}),',
            f"{pad}}}),"]


def _init_lines(rows: tuple[Row, ...], depth: int, top: bool) -> list[str]:
    """``self.name = …`` lines (``top``) or ``"name": …,`` entries of a block's ``nn.ModuleDict``."""
    pad = INDENT * depth
    lines: list[str] = []
    for row in rows:
        kind = row.layer.kind
        head = f"{pad}self.{row.name} = " if top else f'{pad}"{row.name}": '
        tail = "" if top else ","
        if kind == GRAY:
            lines.append(f"{pad}# {row.name}: colour to gray in forward (no weights)")
            continue
        if kind in (RESIDUAL, DENSE, BRANCHES):
            lines.append(f"{head}nn.ModuleDict({{  # {_block_text(row)}")
            if kind == BRANCHES:
                for branch in row.children:
                    lines.append(f'{pad}{INDENT}"{branch.name}": nn.ModuleDict({{')
                    lines += _init_lines(branch.children, depth + 2, top=False)
                    lines.append(f"{pad}{INDENT}}}),")
            else:
                lines += _init_lines(row.children, depth + 1, top=False)
            if kind == RESIDUAL and row.layer.shortcut == PROJECTION:
                lines += _projection_lines(row, pad + INDENT)
            lines.append(f"{pad}}}){tail}")
            continue
        shape = f"  # -> {shape_text(row.output)}" if row.output != row.input else ""
        lines.append(f"{head}{_layer_expr(row)}{tail}{shape}")
    return lines


def _block_text(row: Row) -> str:
    kind = row.layer.kind
    if kind == BRANCHES:
        return f"{len(row.children)} branches on the same input, joined on channels"
    if kind == DENSE:
        return "out = concat(x, F(x)) on channels"
    return f"out = F(x) + {'x' if row.layer.shortcut not in (PROJECTION, PAD) else 'shortcut(x)'}"


@dataclass
class _Forward:
    """The lines of ``forward`` and a counter for the block variables (h1, h2…)."""

    lines: list[str] = field(default_factory=list)  # none written yet
    count: int = 0  # block variables used so far

    def new_var(self) -> str:
        self.count += 1
        return f"h{self.count}"

    def say(self, text: str) -> None:
        self.lines.append(f"{INDENT * 2}{text}")

    def rows(self, rows: tuple[Row, ...], src: str, dst: str, path: str) -> None:
        """Lines computing ``dst`` from ``src`` through ``rows``; ``path`` reaches their modules (``self.``,
        ``self.residual1["…"]``)."""
        current = src
        for row in rows:
            self.row(row, current, dst, path)
            current = dst

    def row(self, row: Row, src: str, dst: str, path: str) -> None:
        kind, ref = row.layer.kind, _ref(path, row.name)
        if kind == GRAY:
            if row.input[0] == 3:
                weights = ", ".join(map(repr, LUMA))
                self.say(f"# {row.name}: colour to gray (ITU-R 601 luma): {_shape(row)}")
                self.say(f"{dst} = ({src} * {src}.new_tensor([{weights}]).view(1, 3, 1, 1)).sum(dim=1, keepdim=True)")
            elif src != dst:
                self.say(f"{dst} = {src}  # {row.name}: already one channel")
            return
        if kind in (RESIDUAL, DENSE):
            self.say(f"# {row.name}: {_block_text(row)}")
            body = self.new_var()
            self.rows(row.children, src, body, ref)
            if kind == DENSE:
                self.say(f"{dst} = torch.cat([{src}, {body}], dim=1)  # {_shape(row)}")
            elif row.layer.shortcut == PROJECTION:
                shortcut = f'{ref}["shortcut"]'
                self.say(f'{dst} = {body} + {shortcut}["bn"]({shortcut}["conv"]({src}))  # {_shape(row)}')
            elif row.layer.shortcut == PAD:
                stride, extra = row.shortcut_stride, row.output[0] - row.input[0]
                self.say(f"{dst} = {body} + F.pad({src}[:, :, ::{stride}, ::{stride}], (0, 0, 0, 0, 0, {extra}))"
                         f"  # shortcut: one pixel in {stride}, {extra} zero channels: {_shape(row)}")
            else:
                self.say(f"{dst} = {body} + {src}")
            return
        if kind == BRANCHES:
            self.say(f"# {row.name}: {_block_text(row)}")
            outs = []
            for branch in row.children:
                out = self.new_var()
                self.rows(branch.children, src, out, f'{ref}["{branch.name}"]')
                outs.append(out)
            self.say(f"{dst} = torch.cat([{', '.join(outs)}], dim=1)  # {_shape(row)}")
            return
        changes = row.output != row.input
        self.say(f"{dst} = {ref}({src})" + (f"  # {_shape(row)}" if changes else ""))


def _ref(path: str, name: str) -> str:
    return f"{path}{name}" if path == "self." else f'{path}["{name}"]'


def python_source(design: Design) -> str:
    """The design as a standalone PyTorch file (imports only torch); a bad design raises ``DesignError``."""
    rows = analyse(design)
    name, (c, h, w) = class_name(design), design.input
    forward = _Forward()
    forward.rows(rows, "x", "x", "self.")
    note = f"\n\n{_docstring_safe(design.note)}" if design.note else ""
    title = f"{_docstring_safe(design.name)}: a network from (N, {c}, {h}, {w}) images to (N, {design.classes}) class"
    text = [
        f'"""{title} scores.{note}',
        "",
        "Plain PyTorch: the layers are named as in the design's table, so the weights of a run that trained it",
        f'load as they are: {name}().load_state_dict(torch.load("checkpoint.pt")["state_dict"]).',
        '"""',
        "",
        "import torch",
        "from torch import nn",
        "from torch.nn import functional as F",
        "",
        f"INPUT_SHAPE = ({c}, {h}, {w})  # channels, height, width of one image",
        f"CLASSES = {design.classes}",
        "",
        "",
        f"class {name}(nn.Module):",
        f"{INDENT}def __init__(self) -> None:",
        f"{INDENT * 2}super().__init__()",
        *_init_lines(rows, 2, top=True),
        "",
        f"{INDENT}def forward(self, x: torch.Tensor) -> torch.Tensor:",
        f"{INDENT * 2}# x: (N, {c}, {h}, {w})",
        *forward.lines,
        f"{INDENT * 2}return x",
        "",
        "",
        'if __name__ == "__main__":',
        f"{INDENT}model = {name}().eval()",
        f"{INDENT}with torch.no_grad():",
        f"{INDENT * 2}print(model(torch.zeros(2, *INPUT_SHAPE)).shape)  # torch.Size([2, CLASSES])",
        "",
    ]
    if not any("F.pad(" in line for line in forward.lines):
        text.remove("from torch.nn import functional as F")  # only a pad shortcut needs it
    return "\n".join(text)


def _docstring_safe(text: str) -> str:
    """``text`` as it may stand inside the file's docstring: backslashes and triple quotes escaped."""
    return text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')


def export_python(design: Design, out: str | Path) -> Path:
    """Write :func:`python_source` to ``out`` (a .py file); returns the file."""
    target = _target(out, ".py", QT_TRANSLATE_NOOP("CoreMessage", "A PyTorch file is written to a file ending in "
                                                                  ".py, not {file}."))
    return _write(target, python_source(design).encode("utf-8"))


def export_onnx(design: Design, out: str | Path,
                model: nn.Module | None = None) -> Path:  # None: the design freshly built
    """Write the design as ONNX to ``out`` (a .onnx file) with a dynamic batch size: ``model`` (the design
    built, with trained weights) when given, else the design freshly built (seed 0, so the file is the same
    each time). Returns the file."""
    import torch

    target = _target(out, ".onnx", QT_TRANSLATE_NOOP("CoreMessage", "An ONNX model is written to a file ending in "
                                                                    ".onnx, not {file}."))
    if model is None:
        torch.manual_seed(0)  # the same starting weights on every export
        model = build_design(design)
    data = onnx_bytes(model, design.input, design.name,
                      {"design": design.name, "input_shape": str(list(design.input)), "classes": str(design.classes)})
    return _write(target, data)


def _target(out: str | Path, suffix: str, wrong_suffix: str) -> Path:
    target = Path(out).expanduser()
    if target.suffix.lower() != suffix:
        raise UserError(wrong_suffix, file=target.name)
    if not target.parent.is_dir():
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "The folder {folder} does not exist, so {file} cannot be "
                                                         "written there; make the folder or choose another."),
                        folder=target.parent, file=target.name)
    return target


def _write(target: Path, data: bytes) -> Path:
    """``data`` into ``target`` through ``<name>.tmp`` renamed over it; a failed write leaves neither half a file
    nor the temporary one, and is one sentence."""
    tmp = target.with_name(target.name + ".tmp")
    try:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except OSError as e:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise StorageError(QT_TRANSLATE_NOOP("CoreMessage", "{failure}, so the design was not exported."),
                           failure=write_failure(e, target)) from None
    return target
