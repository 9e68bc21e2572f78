"""How close a guess came, and how calibrated a student's guesses have become.

Numbers are judged by their relative error ``|guess − truth| / |truth|`` and by their ratio
``max(guess/truth, truth/guess)`` (the factor a count was off by; a guess of the wrong sign, or zero
against a truth that is not, is off by an infinite factor). A guess *hits* when a choice is the true one,
a number on a linear scale is within 10% and a count on a log scale (parameters) is within a factor of 2:
for counts spanning orders of magnitude the size is what a guess should get right.

The calibration summary counts the shares within 10% and within 2×, the choices that were right, the
median errors, and the trend: the share of hits in the earlier and the later half of the guesses (in the
order they were made) and a running share over the last few guesses.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from cnnlab.errors import Sentence
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.predictions.record import Prediction, Value

CLOSE = 0.10  # relative error within which a number counts as close ("within 10%")
FACTOR = 2.0  # ratio within which a count has the right size ("within 2×")
TREND_WINDOW = 5  # the running share of hits looks at this many latest guesses


@dataclass(frozen=True)
class Score:
    hit: bool  # the right choice; a linear number within 10%; a log-scale count within 2×
    relative_error: float | None = None  # numbers: |guess − truth| / |truth| (inf: a truth of 0, a guess not)
    factor: float | None = None  # numbers: max(guess/truth, truth/guess), 1 when equal, inf across zero or sign
    difference: float | None = None  # numbers: guess − truth, in the question's units

    @property
    def within_10(self) -> bool:
        return self.relative_error is not None and self.relative_error <= CLOSE

    @property
    def within_2x(self) -> bool:
        return self.factor is not None and self.factor <= FACTOR


def relative_error(guess: float, truth: float) -> float:
    if truth == 0:
        return 0.0 if guess == 0 else math.inf
    return abs(guess - truth) / abs(truth)


def factor(guess: float, truth: float) -> float:
    if guess == truth:
        return 1.0
    if guess == 0 or truth == 0 or (guess < 0) != (truth < 0):
        return math.inf
    return max(guess / truth, truth / guess)


def score(p: Prediction) -> Score:
    if p.kind == "choice":
        return Score(hit=p.guess == p.truth)
    guess, truth = float(p.guess), float(p.truth)
    rel, ratio = relative_error(guess, truth), factor(guess, truth)
    hit = ratio <= FACTOR if p.scale == "log" else rel <= CLOSE
    return Score(hit=hit, relative_error=rel, factor=ratio, difference=guess - truth)


def value_text(value: Value, units: str = "") -> str:
    """A guess or truth as the student reads it: 48,120 · 97.3% · 28; a choice key as it is."""
    if isinstance(value, str):
        return value
    if units == "%":
        return f"{value:.1f}%"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}" if abs(value) >= 10 else f"{value:.3g}"


def _times(ratio: float) -> str:
    return f"{ratio:.1f}" if ratio < 10 else f"{ratio:,.0f}"


def gap_sentence(p: Prediction, s: Score | None = None) -> str:
    """One sentence on how far the guess was from the truth."""
    s = s or score(p)
    if p.kind == "choice":
        return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "Right.") if s.hit
                        else QT_TRANSLATE_NOOP("CoreMessage", "Not this time."))
    assert s.difference is not None and s.relative_error is not None and s.factor is not None
    if s.difference == 0:
        return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "Exactly right."))
    high = s.difference > 0
    if p.units == "%":
        template = (QT_TRANSLATE_NOOP("CoreMessage", "{points} points too high.") if high
                    else QT_TRANSLATE_NOOP("CoreMessage", "{points} points too low."))
        return Sentence(template, points=f"{abs(s.difference):.1f}")
    if p.scale == "log" and math.isfinite(s.factor) and s.relative_error > CLOSE:  # close: said in percent
        template = (QT_TRANSLATE_NOOP("CoreMessage", "{factor}× too high.") if high
                    else QT_TRANSLATE_NOOP("CoreMessage", "{factor}× too low."))
        return Sentence(template, factor=_times(s.factor))
    if not math.isfinite(s.relative_error):
        return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "Off by {difference}."),
                        difference=value_text(abs(s.difference), p.units))
    template = (QT_TRANSLATE_NOOP("CoreMessage", "{percent} too high.") if high
                else QT_TRANSLATE_NOOP("CoreMessage", "{percent} too low."))
    return Sentence(template, percent=f"{100 * s.relative_error:.0f}%")


@dataclass(frozen=True)
class Calibration:
    """How calibrated the guesses are: counts, shares, medians and the trend (see the module's docstring)."""

    count: int
    hits: int
    numbers: int  # number and slider guesses
    within_10: int
    within_2x: int
    choices: int
    right: int
    median_relative_error: float | None  # over the numbers
    median_factor: float | None  # over the numbers
    first_half: float | None  # share of hits among the earlier half of the guesses (None: under two guesses)
    second_half: float | None  # ... and among the later half
    trend: tuple[float, ...]  # after each guess, in order: the share of hits among the last TREND_WINDOW

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["trend"] = list(self.trend)
        return data

    def text(self) -> str:
        """Two or three English lines for ``cnnlab predictions``."""
        if not self.count:
            return "No predictions yet."
        parts = [f"{self.count} prediction{'s' if self.count != 1 else ''}, {self.hits} hit"
                 f"{'s' if self.hits != 1 else ''} ({_share(self.hits, self.count)})"]
        if self.numbers:
            parts.append(f"numbers: {self.within_10} of {self.numbers} within 10%, {self.within_2x} within 2×")
        if self.choices:
            parts.append(f"choices: {self.right} of {self.choices} right")
        lines = ["; ".join(parts) + "."]
        if self.first_half is not None and self.second_half is not None:
            lines.append(f"Hits in the earlier half {_share(self.first_half)}, in the later half "
                         f"{_share(self.second_half)} ({_direction(self.first_half, self.second_half)}).")
        return "\n".join(lines)


def _share(part: float, whole: int = 1) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def _direction(before: float, after: float) -> str:
    if after > before:
        return "better"
    return "worse" if after < before else "the same"


def in_order(predictions: Iterable[Prediction]) -> list[Prediction]:
    """Oldest first, by the time each was revealed (the log's own order among equal or unreadable times)."""
    items = list(predictions)
    keyed = [(p.when(), i, p) for i, p in enumerate(items)]
    return [p for _, _, p in sorted(keyed, key=lambda t: (t[0] is not None, t[0].timestamp() if t[0] else 0, t[1]))]


def calibrate(predictions: Iterable[Prediction]) -> Calibration:
    ordered = in_order(predictions)
    scores = [score(p) for p in ordered]
    numbers = [s for p, s in zip(ordered, scores, strict=True) if p.kind != "choice"]
    choices = [s for p, s in zip(ordered, scores, strict=True) if p.kind == "choice"]
    hits = [1.0 if s.hit else 0.0 for s in scores]
    half = len(hits) // 2
    first = statistics.fmean(hits[:half]) if half else None
    second = statistics.fmean(hits[half:]) if half else None
    trend = tuple(statistics.fmean(hits[max(0, i + 1 - TREND_WINDOW):i + 1]) for i in range(len(hits)))
    rel = [s.relative_error for s in numbers if s.relative_error is not None]
    ratios = [s.factor for s in numbers if s.factor is not None]
    return Calibration(
        count=len(scores), hits=int(sum(hits)), numbers=len(numbers),
        within_10=sum(s.within_10 for s in numbers), within_2x=sum(s.within_2x for s in numbers),
        choices=len(choices), right=sum(s.hit for s in choices),
        median_relative_error=statistics.median(rel) if rel else None,
        median_factor=statistics.median(ratios) if ratios else None,
        first_half=first, second_half=second, trend=trend)
