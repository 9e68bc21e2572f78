"""A question asked before the answer is shown: what kind of answer it takes, its range or choices, the
one-line explanation shown beside the truth, and the truth itself once it is known.

A lesson or the designer builds a :class:`Question` with its truth computed by the core (a layer's
parameters from the model summary, a row's shape from the design X-ray) or leaves the truth out until a
run has finished (:meth:`Question.with_truth`). :meth:`Question.answer` turns the student's guess into the
:class:`~cnnlab.predictions.record.Prediction` the log keeps.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from cnnlab.errors import UserError
from cnnlab.predictions.record import KINDS, SCALES, UNITS, Prediction, Value, now_text


class NoTruth(UserError):
    """No truth can be given for a question (no run to compare with, a run without a score): one sentence."""


@dataclass(frozen=True)
class Choice:
    key: str  # stored in the log: stable and English ("cnn", "Coat")
    label: str  # a Sentence (translated as a core sentence) or a dataset class name (translated as one)


@dataclass(frozen=True)
class Question:
    """``text`` and ``explanation`` are Sentences (marked ``QT_TRANSLATE_NOOP("CoreMessage", ...)``)."""

    id: str  # stable across sessions: "18.1/lenet5/c5-params"; the log groups guesses by it
    context: str  # where it is asked: a lesson section ("18.3") or "design"
    kind: str  # number | choice | slider
    text: str
    explanation: str = ""  # one line shown beside the truth: how the truth comes about
    units: str = ""  # "", "%", "parameters" or "pixels"
    scale: str = "linear"  # "log" for counts over orders of magnitude: judged by their ratio
    choices: tuple[Choice, ...] = ()  # choice questions: the answers offered
    low: float = 0.0  # number and slider questions: the input's range, from (a count or a share is not negative)…
    high: float = 100.0  # …to (a percentage's top; counts set their own)
    truth: Value | None = None  # None until known (a run that has not ended)
    also_right: tuple[str, ...] = ()  # choice questions: other keys that count as the truth (a tie)
    source: str = ""  # what the truth needs when it is not computed: "accuracy", "winner", "confusion"
    run: str = ""  # the run folder the truth was measured on

    def __post_init__(self) -> None:
        if self.kind not in KINDS or self.scale not in SCALES or self.units not in UNITS:
            raise ValueError(f"not a question: kind {self.kind!r}, scale {self.scale!r}, units {self.units!r}")
        if self.kind == "choice" and len(self.choices) < 2:
            raise ValueError("a choice question offers at least two answers")
        if self.kind != "choice" and not self.low < self.high:
            raise ValueError("a number question needs a range")
        if self.truth is not None and self.kind == "choice" and self.truth not in self.keys():
            raise ValueError(f"{self.truth!r} is not one of the answers offered")

    def keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.choices)

    def label(self, key: str) -> str:
        for choice in self.choices:
            if choice.key == key:
                return choice.label
        return key

    def with_truth(self, truth: Value, *, run: str = "", explanation: str | None = None,
                   also_right: tuple[str, ...] = ()) -> Question:
        """This question with its truth known (measured on ``run``, when it was)."""
        return replace(self, truth=truth, run=run, also_right=also_right,
                       explanation=self.explanation if explanation is None else explanation)

    def answer(self, guess: Value, *, time: str | None = None) -> Prediction:
        """The prediction of ``guess`` against the truth; ``ValueError`` before the truth is known or for a
        guess this question does not take."""
        if self.truth is None:
            raise ValueError(f"the truth of {self.id} is not known yet")
        if self.kind == "choice" and guess not in self.keys():
            raise ValueError(f"{guess!r} is not one of the answers offered")
        truth = guess if self.kind == "choice" and guess in self.also_right else self.truth
        labels = {str(k): self.label(str(k)) for k in {guess, truth}} if self.kind == "choice" else {}
        return Prediction(question=self.id, context=self.context, kind=self.kind,
                          guess=guess if self.kind == "choice" else float(guess),
                          truth=truth if self.kind == "choice" else float(truth), text=self.text,
                          units=self.units, scale=self.scale, labels=labels, time=time or now_text(), run=self.run)
