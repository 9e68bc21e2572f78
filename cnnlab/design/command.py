"""``cnnlab design``: show a design's X-ray, write a built-in model as a design, compare two designs, export one
as a standalone PyTorch file or ONNX.

The parser is made without torch (``cnnlab --help`` stays quick); each command imports what it needs."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cnnlab.design.spec import Design


def add_design_command(sub: Any) -> None:
    """Add ``cnnlab design show|from|diff|export`` to the ``cnnlab`` subparsers ``sub``."""
    p = sub.add_parser("design", help="networks written as a YAML table of layers: X-ray, start from a model, "
                       "compare, export (train one with cnnlab train --model FILE.yaml)")
    dsub = p.add_subparsers(dest="design_command", parser_class=type(p), required=True)
    show = dsub.add_parser("show", help="every row's output shape, parameters, FLOPs, receptive field and memory")
    show.add_argument("file", help="a design file (.yaml)")
    show.add_argument("--json", action="store_true", help="print the X-ray as one JSON object")
    show.set_defaults(func=cmd_show)
    frm = dsub.add_parser("from", help="write a built-in model as a design file to edit")
    frm.add_argument("model", help="a model name (see cnnlab models)")
    frm.add_argument("--dataset", help="the dataset giving its input and classes (default: the model's own, "
                     "else mnist)")
    frm.add_argument("--out", required=True, help="the design file to write")
    frm.set_defaults(func=cmd_from)
    diff = dsub.add_parser("diff", help="the rows that differ between two designs, parameters and FLOPs before "
                           "and after")
    diff.add_argument("a", help="the first design file")
    diff.add_argument("b", help="the second design file")
    diff.add_argument("--json", action="store_true", help="print the differences as one JSON object")
    diff.set_defaults(func=cmd_diff)
    export = dsub.add_parser("export", help="write a design as a standalone PyTorch file (imports only torch) "
                             "and/or as ONNX (freshly initialised weights, seed 0)")
    export.add_argument("file", help="a design file (.yaml)")
    export.add_argument("--py", metavar="OUT.py", help="the PyTorch file to write")
    export.add_argument("--onnx", metavar="OUT.onnx", help="the ONNX file to write")
    export.set_defaults(func=cmd_export)


def read_design(file: str) -> Design:
    """The design in ``file``; a file that is not there but is named like a built-in model (``lenet5``) is
    refused with the commands that write that model as a design file and show it."""
    from pathlib import Path

    from cnnlab.design.files import load_design
    from cnnlab.errors import DesignError
    from cnnlab.i18n import QT_TRANSLATE_NOOP
    from cnnlab.models.cards import model_names

    if not Path(file).exists() and file in model_names():
        raise DesignError(QT_TRANSLATE_NOOP("CoreMessage", "The design file {path} does not exist; to see the "
                                                           "built-in model {model} as a design, run cnnlab design "
                                                           "from {model} --out {model}.yaml, then cnnlab design show "
                                                           "{model}.yaml."), path=file, model=file)
    return load_design(file)


def cmd_show(args: argparse.Namespace) -> int:
    from cnnlab.cli_format import print_json
    from cnnlab.design.xray import xray

    result = xray(read_design(args.file))
    if args.json:
        print_json(result.to_json())
    else:
        print(result.to_text())
    return 0


def cmd_from(args: argparse.Namespace) -> int:
    from cnnlab.design.files import save_design
    from cnnlab.design.from_model import design_from_model
    from cnnlab.design.xray import xray

    design = design_from_model(args.model, args.dataset)
    path = save_design(design, args.out)
    print(f"{args.model} written to {path}: {xray(design).total_params:,} parameters")
    if design.note:
        print(f"note: {design.note}")
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from cnnlab.cli_format import print_json
    from cnnlab.design.compare import diff_designs
    from cnnlab.design.xray import xray

    result = diff_designs(xray(read_design(args.a)), xray(read_design(args.b)))
    if args.json:
        print_json(result.to_json())
    else:
        print(result.to_text())
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from cnnlab.design.export import export_onnx, export_python
    from cnnlab.errors import UserError
    from cnnlab.i18n import QT_TRANSLATE_NOOP

    if not args.py and not args.onnx:
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "Say what to export to: cnnlab design export FILE --py "
                                                         "OUT.py and/or --onnx OUT.onnx."))
    design = read_design(args.file)
    for out, export in ((args.py, export_python), (args.onnx, export_onnx)):
        if out:
            print(f"{design.name} written to {export(design, out)}")
    return 0
