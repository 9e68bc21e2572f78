"""``cnnlab runs`` (the runs database, filtered) and ``cnnlab compare RUN_A RUN_B``.

``cli.py`` registers both with :func:`add_runs_command` and :func:`add_compare_command`. With
``--json`` the last stdout line is one JSON value (a list of runs, or the comparison object).
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import Any

from cnnlab import strict_json
from cnnlab.cli_format import percent, print_json, table
from cnnlab.errors import UserError
from cnnlab.i18n import QT_TRANSLATE_NOOP

STATUSES = ("completed", "stopped", "failed", "running", "interrupted", "unfinished")  # what a run's status may be
FLIPS_SHOWN = 40  # indices printed per kind of flip in the text output; --json lists them all


# ---------------------------------------------------------------- cnnlab runs

def cmd_runs(args: argparse.Namespace) -> int:
    from cnnlab.runs.index import RunIndex

    index = RunIndex(Path(args.parent).expanduser() if args.parent else None)
    scan = index.scan(dataset=args.dataset, model=args.model, status=args.status)
    for problem in scan.problems:  # damaged run folders: one sentence each; the others are listed
        print(f"cnnlab: {problem}", file=sys.stderr)
    if scan.notice is not None:  # the database could not be written: listed from the folders all the same
        print(f"cnnlab: {scan.notice}", file=sys.stderr)
    runs = scan.runs
    if args.json:
        print_json([r.to_dict() for r in runs])
        return 0
    filtered = any(v is not None for v in (args.dataset, args.model, args.status))
    if not runs:
        print("no runs match" if filtered else ("no runs yet" if not scan.problems else "no readable runs"))
        return 0
    noted = any(r.note or r.name for r in runs)
    rows = [("run", "dataset", "model", "epochs", "status", "test acc") + (("name", "note") if noted else ())]
    for r in runs:
        row = (str(r.path), r.dataset, r.model, str(r.epochs), r.status,
               "-" if r.test_acc is None else f"{r.test_acc:.4f}")
        rows.append(row + ((r.name, r.note.replace("\n", " ")) if noted else ()))
    print(table(rows))
    return 0


def add_runs_command(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser("runs", help="list saved runs (from the runs database, kept in step with the folders)")
    p.add_argument("--parent", help="folder holding run folders (default: the runs folder)")
    p.add_argument("--dataset", help="only runs on this dataset")
    p.add_argument("--model", help="only runs of this model")
    p.add_argument("--status", choices=STATUSES, help="only runs that ended this way")
    p.add_argument("--json", action="store_true", help="print the runs as one JSON list")
    p.set_defaults(func=cmd_runs)


# ---------------------------------------------------------------- cnnlab compare

def _run_path(text: str) -> Path:
    """A run folder path, or the name of a folder in the runs folder."""
    from cnnlab.paths import runs_dir

    path = Path(text).expanduser()
    if not path.exists() and not path.is_absolute() and (runs_dir() / text).is_dir():
        return runs_dir() / text
    return path


def _fmt(v: Any) -> str:
    if v is None or (isinstance(v, float) and not math.isfinite(v)):  # NaN read from an older file: no number
        return "-"
    if isinstance(v, float):
        return f"{v:.6g}"
    return strict_json.dumps(v) if isinstance(v, (list, dict)) else str(v)


def _print_comparison(data: dict[str, Any]) -> None:
    print(f"A: {data['run_a']}")
    print(f"B: {data['run_b']}")
    acc = data["test_acc"]
    print(f"{data['source']}, {data['n']} images: accuracy A {percent(acc['a'], 1)}, B {percent(acc['b'], 1)}")
    print()
    if data["config_diff"]:
        print("settings that differ")
        print(table([("setting", "A", "B")] + [(d["key"], _fmt(d["a"]), _fmt(d["b"])) for d in data["config_diff"]]))
    else:
        print("the two runs have the same settings")
    print()
    print("per-class accuracy")
    rows = [("class", "n", "A", "B", "B - A")]
    for c, v in data["per_class_acc"].items():
        diff = "-" if v["a"] is None or v["b"] is None else f"{100 * (v['b'] - v['a']):+.1f}"
        rows.append((c, str(v["n"]), percent(v["a"], 1), percent(v["b"], 1), diff))
    print(table(rows))
    print()
    print("curves (per epoch)")
    ca, cb = data["curves"]["a"], data["curves"]["b"]
    rows = [("epoch", "A train loss", "B train loss", "A val acc", "B val acc")]
    for i in range(max(len(ca["epoch"]), len(cb["epoch"]))):
        def at(curve: dict[str, list[Any]], key: str, i: int = i) -> Any:
            return curve[key][i] if i < len(curve[key]) else None
        rows.append((str(i + 1), _fmt(at(ca, "train_loss")), _fmt(at(cb, "train_loss")),
                     percent(at(ca, "val_acc"), 1), percent(at(cb, "val_acc"), 1)))
    print(table(rows))
    print()
    for key, what in (("a_only_right", "right in A, wrong in B"), ("b_only_right", "right in B, wrong in A"),
                      ("both_wrong", "wrong in both")):
        idx = data[key]
        shown = " ".join(str(i) for i in idx[:FLIPS_SHOWN]) + (" …" if len(idx) > FLIPS_SHOWN else "")
        print(f"{what}: {len(idx)} test images{': ' + shown if idx else ''}")


def cmd_compare(args: argparse.Namespace) -> int:
    from cnnlab.runs.compare import compare_runs

    a, b = _run_path(args.run_a), _run_path(args.run_b)
    if a.resolve() == b.resolve():
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "Both runs are {a}; name two different run folders to "
                                                         "compare."),
                        a=a)
    data = compare_runs(a, b, data_root=args.data_root).to_dict()
    if args.json:
        print_json(data)
    else:
        _print_comparison(data)
    return 0


def add_compare_command(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser("compare", help="compare two runs: settings, per-class accuracy, curves and the test "
                                       "images one gets right and the other wrong")
    p.add_argument("run_a", metavar="RUN_A", help="a run folder (or a folder name in the runs folder)")
    p.add_argument("run_b", metavar="RUN_B", help="the run folder to compare it with")
    p.add_argument("--data-root", help="where both runs' dataset files are (default: where each run read them)")
    p.add_argument("--json", action="store_true", help="print the comparison as one JSON object")
    p.set_defaults(func=cmd_compare)
