"""One prediction as the log keeps it: the question asked, the student's guess, the measured or computed
truth, and when.

A record is one JSON object (one line of the log, see :mod:`cnnlab.predictions.log`). Texts a student reads
(the question, a choice's label) are kept as English *and* as their template (a
:class:`~cnnlab.errors.Sentence`), so the window shows them in its own language; a choice label that is a
dataset's class name is kept as that name (the window translates class names on their own).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from cnnlab.errors import Sentence

KINDS = ("number", "choice", "slider")  # a typed number, one of a few answers, a position on a scale
SCALES = ("linear", "log")  # log: counts over orders of magnitude (parameters), judged by their ratio
UNITS = ("", "%", "parameters", "pixels")  # what a number counts; the front ends name it in their language
RECORD_VERSION = 1  # the "v" of every line; a reader skips lines of a version it does not know
Value = float | str  # a number (number, slider) or a choice's key (choice)


def text_json(text: str) -> Any:
    """A text for the log: a Sentence as its template and values, a plain text (a class name) as it is."""
    return text.to_json() if isinstance(text, Sentence) else text


def text_from_json(data: Any, english: str = "") -> str:
    """A text written by :func:`text_json` (``english`` when a template cannot be read)."""
    if isinstance(data, str):
        return data
    return Sentence.from_json(data, english)


def now_text() -> str:
    """The local time with its offset from UTC, to the second: "2026-03-01T14:02:11+08:00"."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


@dataclass(frozen=True)
class Prediction:
    """A revealed prediction. ``guess`` and ``truth`` are numbers for number and slider questions and choice
    keys for choice questions; ``labels`` names the keys that were guessed or true."""

    question: str  # the question's id, stable across sessions: "18.3/mnist-cnn/accuracy", "design/row-4/shape"
    context: str  # where it was asked: a lesson section ("18.3"), "design"
    kind: str  # one of KINDS
    guess: Value
    truth: Value
    text: str = ""  # the question as asked (a Sentence keeps its template)
    units: str = ""  # one of UNITS
    scale: str = "linear"  # one of SCALES
    labels: Mapping[str, str] = field(default_factory=dict)  # choice key -> label (Sentence or class name)
    time: str = field(default_factory=now_text)  # when the truth was shown
    run: str = ""  # the run folder the truth was measured on; "" when it was computed

    def __post_init__(self) -> None:
        if self.kind not in KINDS or self.scale not in SCALES or self.units not in UNITS:
            raise ValueError(f"not a prediction: kind {self.kind!r}, scale {self.scale!r}, units {self.units!r}")
        if not self.question or not isinstance(self.question, str):
            raise ValueError("a prediction needs its question's id")
        numeric = self.kind != "choice"
        for value in (self.guess, self.truth):
            if numeric and not _finite(value) or not numeric and not isinstance(value, str):
                raise ValueError(f"{value!r} is not a {self.kind} answer")

    def label(self, key: Value) -> str:
        """A choice key's label (the key itself when none was kept)."""
        return self.labels.get(str(key), str(key))

    def when(self) -> datetime | None:
        try:
            return datetime.fromisoformat(self.time)
        except ValueError:
            return None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"v": RECORD_VERSION, "question": self.question, "context": self.context,
                               "kind": self.kind, "text": str(self.text), "text_template": text_json(self.text),
                               "guess": self.guess, "truth": self.truth, "units": self.units, "scale": self.scale,
                               "time": self.time, "run": self.run}
        if self.labels:
            out["labels"] = {key: text_json(label) for key, label in self.labels.items()}
        return out

    @staticmethod
    def from_json(data: Any) -> Prediction:
        """A record written by :meth:`to_json`; ``ValueError`` when it is not one."""
        if not isinstance(data, dict) or data.get("v") != RECORD_VERSION:
            raise ValueError("not a prediction record")
        labels = data.get("labels", {})
        if not isinstance(labels, dict):
            raise ValueError("labels must be a table")
        strings = {name: data.get(name, "") for name in ("question", "context", "kind", "text", "units", "time",
                                                          "run", "scale")}
        if not all(isinstance(v, str) for v in strings.values()):
            raise ValueError("a text field holds something else")
        return Prediction(
            question=strings["question"], context=strings["context"], kind=strings["kind"],
            guess=_value(data.get("guess")), truth=_value(data.get("truth")),
            text=text_from_json(data.get("text_template"), strings["text"]), units=strings["units"],
            scale=strings["scale"] or "linear", time=strings["time"], run=strings["run"],
            labels={str(k): text_from_json(v, str(k)) for k, v in labels.items()})


def _finite(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _value(value: Any) -> Value:
    if _finite(value):
        return float(value)
    if isinstance(value, str):
        return value
    raise ValueError(f"{value!r} is not an answer")
