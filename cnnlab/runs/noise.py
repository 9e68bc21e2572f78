"""Is a difference between two runs larger than seed-to-seed variation?

A run's *repeats* are the completed runs in its runs folder with the same setup (:data:`SETUP_KEYS`: dataset,
model and every training setting but the seed), the run itself included; a sweep's seeds are such repeats,
and so are runs a student trained by hand with other seeds. When repeats give a spread:

* both setups repeated (two runs or more each): Welch's t-test of the two sets of test accuracies
  (``scipy.stats.ttest_ind(equal_var=False)``); the difference is larger than the seeds' spread when
  p < :data:`ALPHA`;
* one setup repeated: the other run is a new observation, compared with the repeats' 95 % prediction
  interval, mean ± t(0.975, n − 1) · s · √(1 + 1/n) (``scipy.stats.t``); outside it, the difference is larger.

With no repeats on either side there is no spread to compare with, and nothing is said.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cnnlab import strict_json
from cnnlab.errors import Sentence
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.runs.store import CONFIG, RunRecord

SETUP_KEYS = ("dataset", "model", "recipe", "epochs", "batch_size", "lr", "optimizer", "momentum", "weight_decay",
              "schedule", "augment", "train_limit", "val_fraction", "image_size")  # what makes two runs one setup
ALPHA = 0.05  # the test's level: a difference this unlikely between repeats of one setup counts as real
WELCH = "welch"  # both setups repeated: Welch's t-test
PREDICTION = "prediction interval"  # one setup repeated: the other run against the repeats' prediction interval


@dataclass(frozen=True)
class Repeats:
    """One setup's completed runs (the compared run first) and their test accuracies."""

    runs: tuple[Path, ...]
    test_acc: tuple[float, ...]
    seeds: tuple[int | None, ...]

    @property
    def n(self) -> int:
        return len(self.test_acc)

    @property
    def mean(self) -> float:
        return math.fsum(self.test_acc) / self.n

    @property
    def std(self) -> float | None:
        """Sample standard deviation (n − 1); None for a single run."""
        if self.n < 2:
            return None
        return math.sqrt(math.fsum((a - self.mean) ** 2 for a in self.test_acc) / (self.n - 1))

    def to_dict(self) -> dict[str, Any]:
        return {"runs": [str(p) for p in self.runs], "seeds": list(self.seeds), "test_acc": list(self.test_acc),
                "mean": self.mean, "std": self.std}


@dataclass(frozen=True)
class SeedNoise:
    """The two runs' repeats and the verdict on the difference of their mean test accuracies."""

    a: Repeats
    b: Repeats
    method: str  # WELCH or PREDICTION
    p_value: float | None  # Welch's test's two-sided p; None for the prediction interval
    bound: float | None  # the prediction interval's half width; None for Welch's test
    larger: bool  # the difference is larger than seed-to-seed variation

    @property
    def difference(self) -> float:
        return self.b.mean - self.a.mean

    def sentence(self) -> str:
        points = f"{100 * self.difference:+.2f}"
        if self.larger:
            return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "The difference ({points} points) is larger than "
                                                             "seed-to-seed variation ({method}, {runs} runs)."),
                            points=points, method=self._method_text(), runs=self.a.n + self.b.n)
        return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "The difference ({points} points) is within seed-to-seed "
                                                         "variation ({method}, {runs} runs): other seeds could "
                                                         "reverse it."),
                        points=points, method=self._method_text(), runs=self.a.n + self.b.n)

    def _method_text(self) -> str:
        if self.method == WELCH:
            return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "Welch's t-test, p = {p}"), p=f"{self.p_value:.3g}")
        return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "95% prediction interval ± {bound} points"),
                        bound=f"{100 * (self.bound or 0.0):.2f}")

    def to_dict(self) -> dict[str, Any]:
        return {"a": self.a.to_dict(), "b": self.b.to_dict(), "difference": self.difference, "method": self.method,
                "p_value": self.p_value, "bound": self.bound, "alpha": ALPHA, "larger_than_seed_spread": self.larger,
                "sentence": str(self.sentence())}


def setup_of(config: dict[str, Any]) -> dict[str, Any]:
    return {key: config.get(key) for key in SETUP_KEYS}


def _test_acc(record: RunRecord) -> float | None:
    results = record.results or {}
    if results.get("status") != "completed":
        return None
    return strict_json.finite_number(results.get("test_acc"))


def repeats_of(record: RunRecord) -> Repeats:
    """``record`` and the completed runs beside it (in its runs folder) with the same setup, by seed."""
    from cnnlab.runs.index import RunIndex

    setup = setup_of(record.config)
    found: list[tuple[Path, float, int | None]] = []
    rows = RunIndex(record.path.parent).runs(dataset=setup["dataset"], model=setup["model"], status="completed")
    for row in rows:
        if row.path.resolve() == record.path.resolve() or row.test_acc is None:
            continue
        try:
            config = strict_json.loads((row.path / CONFIG).read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):  # unreadable: not counted
            continue
        if isinstance(config, dict) and setup_of(config) == setup:
            found.append((row.path, row.test_acc, config.get("seed")))
    found.sort(key=lambda f: (f[2] if isinstance(f[2], int) else math.inf, str(f[0])))  # by seed
    own = _test_acc(record)
    if own is not None:  # the compared run first
        found.insert(0, (record.path, own, record.config.get("seed")))
    return Repeats(tuple(p for p, _, _ in found), tuple(a for _, a, _ in found), tuple(s for _, _, s in found))


def seed_noise(a: RunRecord, b: RunRecord) -> SeedNoise | None:
    """Whether B's mean test accuracy differs from A's by more than seed-to-seed variation; None when neither
    setup has repeats (or a run has no test accuracy)."""
    ra, rb = repeats_of(a), repeats_of(b)
    if ra.n == 0 or rb.n == 0 or (ra.n < 2 and rb.n < 2):
        return None
    return judge(ra, rb)


def judge(ra: Repeats, rb: Repeats) -> SeedNoise:
    """The verdict for two sets of repeats, one of them at least two runs."""
    from scipy import stats

    difference = rb.mean - ra.mean
    if ra.n >= 2 and rb.n >= 2:
        sa, sb = ra.std or 0.0, rb.std or 0.0
        if sa == 0.0 and sb == 0.0:  # identical repeats: any difference at all is beyond their (zero) spread
            return SeedNoise(ra, rb, WELCH, 1.0 if difference == 0 else 0.0, None, difference != 0)
        p = float(stats.ttest_ind(ra.test_acc, rb.test_acc, equal_var=False).pvalue)
        return SeedNoise(ra, rb, WELCH, p, None, p < ALPHA)
    repeated, single = (ra, rb) if ra.n >= 2 else (rb, ra)
    s = repeated.std or 0.0
    bound = float(stats.t.ppf(1 - ALPHA / 2, repeated.n - 1)) * s * math.sqrt(1 + 1 / repeated.n)
    return SeedNoise(ra, rb, PREDICTION, None, bound, abs(single.mean - repeated.mean) > bound)
