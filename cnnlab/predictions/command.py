"""``cnnlab predictions``: the guesses made before each answer, beside the truths, and how calibrated
they have become. The parser is made without torch; reading the log needs none either."""

from __future__ import annotations

import argparse
import sys
from typing import Any

QUESTION_WIDTH = 64  # characters of a question shown in the table; --json has the whole text


def add_predictions_command(sub: Any) -> None:
    """Add ``cnnlab predictions [--json]`` to the ``cnnlab`` subparsers ``sub``."""
    p = sub.add_parser("predictions", help="the guesses made in the lessons and the designer beside the truths, "
                       "and how calibrated they have become (from predictions.jsonl in the runs folder)")
    p.add_argument("--json", action="store_true", help="print the predictions and the summary as one JSON object")
    p.set_defaults(func=cmd_predictions)


def _short(text: str) -> str:
    return text if len(text) <= QUESTION_WIDTH else text[:QUESTION_WIDTH - 1] + "…"


def _answer(p: Any, value: Any) -> str:
    from cnnlab.predictions.scoring import value_text

    return str(p.label(value)) if p.kind == "choice" else value_text(value, p.units)


def cmd_predictions(args: argparse.Namespace) -> int:
    from cnnlab.cli_format import print_json, table
    from cnnlab.errors import StorageError
    from cnnlab.predictions.log import PredictionLog
    from cnnlab.predictions.scoring import calibrate, gap_sentence, in_order, score

    log = PredictionLog()
    read = log.read()
    if read.unreadable and read.problem:
        raise StorageError(read.problem)
    if read.problem:
        print(f"cnnlab: {read.problem}", file=sys.stderr)  # the readable ones are still listed
    predictions = in_order(read.predictions)
    summary = calibrate(predictions)
    if args.json:
        rows = []
        for p in predictions:
            s = score(p)
            rows.append({**p.to_json(), "hit": s.hit, "relative_error": s.relative_error, "factor": s.factor,
                         "gap": str(gap_sentence(p, s))})
        print_json({"log": str(log.path), "predictions": rows, "summary": summary.to_json(),
                    "damaged_lines": read.damaged, "problem": read.problem})
        return 0
    if not predictions:
        print(f"No predictions yet in {log.path}: the lessons ask for a guess before they show each answer.")
        return 0
    cells = [("when", "where", "question", "guess", "truth", "gap")]
    for p in predictions:
        when = p.when()
        cells.append((when.strftime("%Y-%m-%d %H:%M") if when else p.time, p.context, _short(str(p.text)),
                      _answer(p, p.guess), _answer(p, p.truth), str(gap_sentence(p))))
    print(table(cells))
    print()
    print(summary.text())
    return 0
