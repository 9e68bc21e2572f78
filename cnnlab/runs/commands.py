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
TABLE_WIDTH = 100  # columns the runs table fits in (a terminal's 80 is too narrow for a run folder's name)
RUN_HELP = "a run folder, its name in the runs folder, or its number in 'cnnlab runs'"  # RUN arguments' help


# ---------------------------------------------------------------- cnnlab runs

def _fit(rows: list[tuple[str, ...]], width: int) -> list[tuple[str, ...]]:
    """``rows`` with their last column (the note) cut, with "…", so the table is at most ``width`` wide."""
    if len(rows[0]) < 2:
        return rows
    others = sum(max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)) + 2 * (len(rows[0]) - 1)
    room = max(width - others, len(rows[0][-1]))  # never narrower than the column's own header

    def cut(text: str) -> str:
        return text if len(text) <= room else text[:room - 1] + "…"

    return [(*r[:-1], cut(r[-1])) for r in rows]


def cmd_runs(args: argparse.Namespace) -> int:
    from cnnlab.runs.index import RunIndex

    index = RunIndex(Path(args.parent).expanduser() if args.parent else None)
    scan = index.scan()  # all of them, so a run's number is the same whatever the filters
    for problem in scan.problems:  # damaged run folders: one sentence each; the others are listed
        print(f"cnnlab: {problem}", file=sys.stderr)
    if scan.notice is not None:  # the database could not be written: listed from the folders all the same
        print(f"cnnlab: {scan.notice}", file=sys.stderr)
    wanted = {"dataset": args.dataset, "model": args.model, "status": args.status, "sweep": args.sweep}
    numbered = [(n, r) for n, r in enumerate(scan.runs, 1)
                if all(v is None or getattr(r, k) == v for k, v in wanted.items())]
    if args.json:
        print_json([r.to_dict() for _, r in numbered])
        return 0
    filtered = any(v is not None for v in wanted.values())
    if not numbered:
        print("no runs match" if filtered else ("no runs yet" if not scan.problems else "no readable runs"))
        return 0
    noted = any(r.note or r.name for _, r in numbered)
    rows = [("#", "run", "dataset", "model", "epochs", "status", "test acc") + (("name", "note") if noted else ())]
    for n, r in numbered:
        row = (str(n), str(r.path) if args.paths else r.folder, r.dataset, r.model, str(r.epochs), r.status,
               "-" if r.test_acc is None else f"{r.test_acc:.4f}")
        rows.append(row + ((r.name, r.note.replace("\n", " ")) if noted else ()))
    print(table(rows if args.paths else _fit(rows, TABLE_WIDTH)))
    return 0


def add_runs_command(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser("runs", help="list saved runs (from the runs database, kept in step with the folders)")
    p.add_argument("--parent", help="folder holding run folders (default: the runs folder)")
    p.add_argument("--dataset", help="only runs on this dataset")
    p.add_argument("--model", help="only runs of this model")
    p.add_argument("--status", choices=STATUSES, help="only runs that ended this way")
    p.add_argument("--sweep", metavar="NAME", help="only the trials of this sweep (cnnlab sweep)")
    p.add_argument("--paths", action="store_true", help="show each run folder's full path, and notes uncut")
    p.add_argument("--json", action="store_true", help="print the runs as one JSON list")
    p.set_defaults(func=cmd_runs)


# ---------------------------------------------------------------- cnnlab compare

def _run_path(text: str) -> Path:
    """A run folder path, the name of a folder in the runs folder, or a number from ``cnnlab runs``."""
    from cnnlab.runs.index import resolve_run

    return resolve_run(text)


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
    noise = data.get("noise")
    if noise is not None:
        for side in ("a", "b"):
            r = noise[side]
            spread = f" ± {100 * r['std']:.2f}" if r["std"] is not None else ""
            print(f"{side.upper()}'s setup: {len(r['runs'])} run(s), test accuracy {100 * r['mean']:.2f}%{spread} "
                  f"(seeds {', '.join(str(s) for s in r['seeds'])})")
        print(noise["sentence"])
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
    p.add_argument("run_a", metavar="RUN_A", help=RUN_HELP)
    p.add_argument("run_b", metavar="RUN_B", help=f"the run to compare it with: {RUN_HELP}")
    p.add_argument("--data-root", help="where both runs' dataset files are (default: where each run read them)")
    p.add_argument("--json", action="store_true", help="print the comparison as one JSON object")
    p.set_defaults(func=cmd_compare)
