"""``cnnlab report RUN`` and ``cnnlab export RUN --onnx FILE``: registered by cnnlab/cli.py. ``RUN`` is a run
folder, its name in the runs folder or its number in ``cnnlab runs`` (:func:`cnnlab.runs.index.resolve_run`)."""

from __future__ import annotations

import argparse
from typing import Any

from cnnlab.report.texts import LANGUAGES
from cnnlab.runs.commands import RUN_HELP


def cmd_report(args: argparse.Namespace) -> int:
    from cnnlab.report.render import write_report
    from cnnlab.runs.index import resolve_run

    path = write_report(resolve_run(args.run_dir), args.out, args.lang)
    print(f"report saved in {path}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from cnnlab.errors import UserError
    from cnnlab.report.export import export_run
    from cnnlab.runs.index import resolve_run

    if not args.onnx:
        raise UserError("Say what to export to: cnnlab export RUN --onnx FILE.onnx.")
    path = export_run(resolve_run(args.run_dir), args.onnx)
    print(f"model saved in {path}")
    return 0


def add_report_commands(sub: Any) -> None:
    """Add ``report`` and ``export`` to the ``cnnlab`` subcommands ``sub``."""
    r = sub.add_parser("report", help="write a run's report: one HTML file with its images, or a PDF")
    r.add_argument("run_dir", metavar="RUN", help=RUN_HELP)
    r.add_argument("--out", metavar="FILE", help="FILE.html or FILE.pdf (default: report.html in the run folder)")
    r.add_argument("--lang", choices=LANGUAGES, default="en", help="the report's language (default: en)")
    r.set_defaults(func=cmd_report)
    e = sub.add_parser("export", help="export a run's trained model (ONNX, for Netron and onnxruntime)")
    e.add_argument("run_dir", metavar="RUN", help=RUN_HELP)
    e.add_argument("--onnx", metavar="FILE", help="the .onnx file to write")
    e.set_defaults(func=cmd_export)
