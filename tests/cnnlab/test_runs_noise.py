"""Compare knows the noise: a difference in test accuracy against seed-to-seed variation, from the runs' repeats
(hand-made run folders), checked against Student's t written out by hand."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from helpers_runs import constant_checkpoint, write_run

from cnnlab.cli import main
from cnnlab.runs.compare import compare_runs
from cnnlab.runs.noise import PREDICTION, WELCH, repeats_of, seed_noise
from cnnlab.runs.store import load_run


def runs_of(parent: Path, label: str, accs: list[float], **config: object) -> list[Path]:
    """Completed runs of one setup, seeds 0, 1, 2, ... with these test accuracies."""
    return [write_run(parent, f"{label}-seed{n}", seed=n, test_acc=acc, **config)  # type: ignore[arg-type]
            for n, acc in enumerate(accs)]


def t4_cdf(t: float) -> float:
    """Student's t distribution with 4 degrees of freedom, in closed form."""
    x = t / math.sqrt(1 + t * t / 4)
    return 0.5 + 0.375 * x * (1 - t * t / (12 * (1 + t * t / 4)))


def test_two_repeated_setups_are_told_apart_by_welchs_test(tmp_path: Path) -> None:
    a = runs_of(tmp_path, "a", [0.90, 0.91, 0.92], lr=0.003)
    b = runs_of(tmp_path, "b", [0.95, 0.96, 0.97], lr=0.01)
    write_run(tmp_path, "c-other-setup", seed=7, test_acc=0.2, lr=0.003, epochs=5)
    write_run(tmp_path, "d-stopped", seed=8, status="stopped", test_acc=None, lr=0.003)
    noise = seed_noise(load_run(a[0]), load_run(b[0]))
    assert noise is not None and noise.method == WELCH
    assert sorted(noise.a.runs) == sorted(a) and noise.a.seeds == (0, 1, 2)  # the other setup and the stopped run
    t = 0.05 / math.sqrt(0.01 ** 2 / 3 + 0.01 ** 2 / 3)  # both sample stds are 0.01; Welch's df is 4 here
    assert noise.difference == pytest.approx(0.05) and noise.a.std == pytest.approx(0.01)
    assert noise.p_value == pytest.approx(2 * (1 - t4_cdf(t)), rel=1e-6)
    assert noise.larger and "larger than seed-to-seed variation" in noise.sentence()

    close = runs_of(tmp_path, "e", [0.905, 0.925, 0.915], lr=0.004)
    near = seed_noise(load_run(a[0]), load_run(close[0]))
    assert near is not None and near.p_value == pytest.approx(2 * (1 - t4_cdf(0.005 / 0.01 / math.sqrt(2 / 3))),
                                                              rel=1e-6)
    assert not near.larger and "within seed-to-seed variation" in near.sentence()


def test_one_run_against_repeats_is_judged_by_their_prediction_interval(tmp_path: Path) -> None:
    a = runs_of(tmp_path, "a", [0.90, 0.91, 0.92], lr=0.003)
    t2 = 0.95 * math.sqrt(2 / (4 * 0.975 * 0.025))  # Student's t quantile at 0.975, 2 degrees of freedom
    bound = t2 * 0.01 * math.sqrt(1 + 1 / 3)  # 0.0497
    for acc, larger in ((0.95, False), (0.97, True)):
        (single,) = runs_of(tmp_path, f"s{int(acc * 100)}", [acc], lr=0.02 + acc)
        noise = seed_noise(load_run(single), load_run(a[0]))
        assert noise is not None and noise.method == PREDICTION and noise.bound == pytest.approx(bound)
        assert noise.larger is larger and noise.difference == pytest.approx(0.91 - acc)


def test_runs_without_repeats_say_nothing_about_noise(tmp_path: Path) -> None:
    (a,) = runs_of(tmp_path, "a", [0.9], lr=0.003)
    (b,) = runs_of(tmp_path, "b", [0.95], lr=0.01)
    assert seed_noise(load_run(a), load_run(b)) is None
    assert repeats_of(load_run(a)).n == 1 and repeats_of(load_run(a)).std is None


def test_cnnlab_compare_says_whether_the_difference_beats_the_seeds(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    a = runs_of(tmp_path, "a", [0.90, 0.91, 0.92], lr=0.003)
    b = runs_of(tmp_path, "b", [0.95, 0.96, 0.97], lr=0.01)
    constant_checkpoint(a[0], 0)  # the compared pair (seed 0 each, one test set) needs its predictions
    constant_checkpoint(b[0], 1)
    data = compare_runs(a[0], b[0]).to_dict()
    assert data["noise"]["larger_than_seed_spread"] and data["noise"]["b"]["seeds"] == [0, 1, 2]
    assert main(["compare", str(a[0]), str(b[0])]) == 0
    out = capsys.readouterr().out
    assert "A's setup: 3 run(s), test accuracy 91.00% ± 1.00 (seeds 0, 1, 2)" in out
    assert "The difference (+5.00 points) is larger than seed-to-seed variation (Welch's t-test, p = " in out
    assert main(["compare", str(a[0]), str(b[0]), "--json"]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[-1])["noise"]["method"] == "welch"
