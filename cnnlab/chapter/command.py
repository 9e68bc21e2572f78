"""``cnnlab chapter``: train what each section of chapter 18 needs and print the chapter's table.

Registered by :mod:`cnnlab.cli`; ``--json`` makes the last stdout line one JSON object
``{"rows": [...]}``. Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from cnnlab.chapter.sections import section_numbers, table_steps
from cnnlab.errors import UserError


def parse_sections(text: str | None) -> tuple[str, ...] | None:
    """"18.2,18.3" -> ("18.2", "18.3"); None or "" -> None (every section); unknown ones raise UserError."""
    if not text:
        return None
    wanted = tuple(dict.fromkeys(s.strip() for s in text.split(",") if s.strip()))
    known = section_numbers()
    unknown = [s for s in wanted if s not in known]
    if unknown:
        raise UserError(f"Unknown section {', '.join(unknown)}; the chapter's sections are {', '.join(known)}.")
    if not table_steps(wanted):
        raise UserError(f"{', '.join(wanted)} trains nothing (18.1 describes the classic models; "
                        f"see 'cnnlab models --details'); choose sections among 18.2 to 18.5.")
    return wanted


def cmd_chapter(args: argparse.Namespace) -> int:
    from pathlib import Path

    from cnnlab.chapter.table import ChapterRow, chapter_rows, table_lines
    from cnnlab.cli_format import print_json, table
    from cnnlab.engine import ProgressPrinter

    sections = parse_sections(args.sections)
    overrides: dict[str, Any] = {}
    for name in ("epochs", "train_limit", "device", "seed"):
        if getattr(args, name) is not None:
            overrides[name] = getattr(args, name)
    parent = Path(args.out).expanduser() if args.out else None

    def announce(step: Any) -> None:
        if not args.quiet:
            print(f"{step.section} {step.title} ({step.dataset}, {step.model}, {args.recipe} recipe)", file=sys.stderr)

    def report(step: Any, row: ChapterRow) -> None:
        if args.quiet:
            return
        if row.status == "skipped":
            print(f"  skipped: {row.note}", file=sys.stderr)
        elif row.status == "reused":
            print(f"  existing run {row.run_dir}", file=sys.stderr)

    rows = chapter_rows(args.recipe, sections, data_root=args.data_root, parent=parent, reuse=args.reuse,
                        callbacks=[] if args.quiet else [ProgressPrinter()], on_step=announce, on_row=report,
                        **overrides)
    print(table(table_lines(rows)))
    if args.json:
        print_json({"rows": [r.to_dict() for r in rows]})
    return 0


def add_chapter_command(sub: Any) -> None:
    """Add ``cnnlab chapter`` to the ``cnnlab`` subparsers ``sub``."""
    from cnnlab.cli_format import positive_int

    p = sub.add_parser("chapter", help="train what each section of chapter 18 needs and print the book's "
                       "accuracy beside ours")
    p.add_argument("--recipe", choices=("default", "course"), default="default",
                   help="course: the lecture's own settings (reproduce the book); default: the tuned ones "
                   "(beat it) (default: default)")
    p.add_argument("--sections", help="comma-separated sections to run, e.g. 18.2,18.3 (default: 18.2 to 18.5)")
    p.add_argument("--data-root", help="folder holding MNIST, Fashion-MNIST and CIFAR-10 (as cnnlab train "
                   "--data-root finds them; CIFAR-10 also as cifar10-jpg/{train,test}/<class>/ images)")
    p.add_argument("--out", help="runs folder to write the run folders in (default: the runs folder)")
    p.add_argument("--reuse", action="store_true", help="use an existing finished run of the same settings "
                   "instead of training again")
    p.add_argument("--epochs", type=positive_int, help="train every step this many epochs instead of the "
                   "recipe's (quick looks)")
    p.add_argument("--train-limit", type=positive_int, help="train every step on a random subset of this many "
                   "images (quick looks)")
    p.add_argument("--seed", type=int, help="seed of every run (default: 0)")
    p.add_argument("--device", help="where to train: auto, cpu, cuda, cuda:N or mps (default: auto)")
    p.add_argument("--json", action="store_true", help="end with the rows as one JSON object")
    p.add_argument("--quiet", action="store_true", help="no progress output")
    p.set_defaults(func=cmd_chapter)
