"""The CPU thread count: the policy's decisions on made-up timings, --threads, bit-identical runs, progress lines."""

from __future__ import annotations

import argparse
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
import torch
from helpers_torch import SteppingClock, use_clock

from cnnlab.cli import build_parser, config_from_args, main
from cnnlab.engine import threads as threads_mod
from cnnlab.engine.callbacks import History, ProgressPrinter
from cnnlab.engine.config import TrainConfig
from cnnlab.engine.events import BatchEnd, EpochEnd, RunStarted
from cnnlab.engine.threads import (
    CpuSample,
    ThreadPolicy,
    candidate_counts,
    count_for_free,
    cpu_sample,
    free_cores,
    free_cores_since,
    measure,
)
from cnnlab.engine.trainer import Trainer
from cnnlab.errors import UserError

# ----------------------------------------------------------------- the decision, on made-up timings


def test_the_fastest_median_wins() -> None:
    # one interrupted batch (0.9 s) does not sink a count: the median rides it out
    assert ThreadPolicy.decide({1: [0.010, 0.011, 0.010], 2: [0.006, 0.9, 0.006]}) == 2
    assert ThreadPolicy.decide({1: [0.010, 0.010, 0.012], 2: [0.040, 0.050, 0.045]}) == 1  # beside a busy program


def test_a_near_tie_goes_to_fewer_threads() -> None:
    assert ThreadPolicy.decide({1: [0.0102] * 3, 2: [0.0100] * 3, 4: [0.0099] * 3}) == 1  # within 5 %
    assert ThreadPolicy.decide({1: [0.020] * 3, 2: [0.0100] * 3, 4: [0.0099] * 3}) == 2


def test_counts_without_timings_are_ignored_and_none_at_all_is_an_error() -> None:
    assert ThreadPolicy.decide({1: [], 2: [0.5]}) == 2
    with pytest.raises(ValueError):
        ThreadPolicy.decide({1: []})


def test_candidates_are_powers_of_two_and_the_core_count() -> None:
    assert candidate_counts(1) == (1,)
    assert candidate_counts(2) == (1, 2)
    assert candidate_counts(6) == (1, 2, 4, 6)
    assert candidate_counts(16) == (1, 2, 4, 8, 16)
    assert candidate_counts(200)[-1] == 64


def test_measure_times_after_a_warm_up_and_stops_timing_a_hopeless_count() -> None:
    now = [0.0]
    threads = [1]
    cost = {1: 0.010, 2: 0.050, 4: 0.008}  # seconds per step at each count
    steps: list[int] = []

    def step() -> None:
        steps.append(threads[0])
        now[0] += cost[threads[0]]

    timings = measure(step, (1, 2, 4), clock=lambda: now[0], set_threads=lambda n: threads.__setitem__(0, n),
                      warmup=1, batches=3)
    assert timings[1] == pytest.approx([0.010] * 3) and timings[4] == pytest.approx([0.008] * 3)
    assert timings[2] == pytest.approx([0.050])  # the warm-up took 5× the best median: not timed further
    assert steps == [1] * 4 + [2] + [4] * 4
    assert ThreadPolicy.decide(timings) == 4


def test_a_count_that_slows_down_after_its_warm_up_is_dropped_after_one_timed_batch() -> None:
    now, threads, calls = [0.0], [1], {1: 0, 2: 0}

    def step() -> None:
        calls[threads[0]] += 1
        now[0] += 0.010 if threads[0] == 1 or calls[2] == 1 else 0.080  # fast warm-up, then slow

    timings = measure(step, (1, 2), clock=lambda: now[0], set_threads=lambda n: threads.__setitem__(0, n))
    assert timings[2] == pytest.approx([0.080]) and calls[2] == 2
    assert ThreadPolicy.decide(timings) == 1


def test_a_drop_below_the_best_window_or_enough_training_asks_for_a_new_probe() -> None:
    policy = ThreadPolicy(None, (1, 2))
    assert policy.wants_probe(10**6)
    policy.chose(2, {1: [0.01], 2: [0.005]}, cost=0.2)  # recheck after 0.2 / 0.04 = 5 s, a drop counts after 2.5 s
    assert not policy.wants_probe(10**6)
    assert not policy.observe(2000, 0.5)  # a slow first window (warm-up) is no drop
    assert not policy.observe(4000, 0.5)
    assert not policy.observe(3000, 0.5)  # 0.75 of the best: noise
    assert not policy.observe(800, 0.5)  # a drop, but too soon after the probe to pay for another
    assert policy.observe(800, 0.5)  # 2.5 s since the probe: a busy program took a core
    assert policy.wants_probe(10**6) and not policy.wants_probe(threads_mod.MIN_STEPS_TO_PROBE - 1)
    policy.chose(1, {1: [0.01], 2: [0.05]}, cost=0.2)
    assert policy.reference is None and not policy.due
    for _ in range(9):
        assert not policy.observe(2800, 0.5)
    assert policy.observe(2800, 0.5)  # 5 s since the probe: the busy program may have ended
    quick = ThreadPolicy(None, (1, 2))
    quick.chose(1, {1: [0.001]}, cost=0.001)
    assert not quick.observe(100, 0.5) and quick.observe(100, 0.5)  # never sooner than MIN_RECHECK_S


def test_a_fixed_count_never_probes() -> None:
    policy = ThreadPolicy(3, (1, 2, 4))
    assert not policy.wants_probe(10**6) and policy.chosen == 3
    assert not policy.observe(1, 1000.0)
    assert not ThreadPolicy(None, (1,)).wants_probe(10**6)  # one core: nothing to choose


# ----------------------------------------------------------------- short runs: the cores other programs left free

STAT = """cpu  900 10 300 5000 20 0 5 0 0 0
cpu0 100 0 50 2000 10 0 0 0 0 0
cpu1 300 10 100 1000 0 0 5 0 0 0
cpu2 500 0 150 2000 10 0 0 0 0 0
intr 1 2 3
ctxt 42
"""


def test_proc_stat_is_read_per_core_for_this_process_s_cores(tmp_path: Path) -> None:
    stat = tmp_path / "stat"
    stat.write_text(STAT)
    got = cpu_sample(stat, {0, 1}, own=lambda: 7.5)
    # by hand: cpu0 busy 100+50 = 150 ticks of 2160, cpu1 300+10+100+5 = 415 of 1415, cpu2 650 of 2660; 100 a second
    assert got == CpuSample(busy=5.65, total=35.75, own=7.5, cores=2)
    assert cpu_sample(stat, {0, 1, 2}, own=lambda: 0.0) == CpuSample(busy=12.15, total=62.35, own=0.0, cores=3)
    assert cpu_sample(tmp_path / "missing", {0}) is None  # no /proc/stat (macOS, Windows): no estimate
    assert cpu_sample(stat, {5}) is None


def test_free_cores_are_the_cores_minus_what_other_programs_ran() -> None:
    before = CpuSample(busy=10.0, total=100.0, own=1.0, cores=2)
    # 0.5 s passed on each of 2 cores (1.0 core-second); 0.9 core-seconds busy, 0.4 of them ours: others 0.5
    # core-seconds in 0.5 s = one whole core busy elsewhere, one free
    assert free_cores(before, CpuSample(10.9, 101.0, 1.4, 2)) == pytest.approx(1.0)
    assert free_cores(before, CpuSample(10.4, 101.0, 1.4, 2)) == pytest.approx(2.0)  # all the busy time was ours
    assert free_cores(before, CpuSample(11.0, 101.0, 1.0, 2)) == pytest.approx(0.0)  # both cores busy elsewhere
    assert free_cores(before, CpuSample(10.01, 100.02, 1.0, 2)) is None  # 10 ms: too short to tell
    assert free_cores(before, CpuSample(10.5, 101.0, 1.0, 3)) is None  # the affinity changed in between


@pytest.mark.parametrize(("free", "ceiling", "count"), [
    (0.0, 2, 1), (0.7, 2, 1), (1.0, 2, 1), (1.74, 2, 1), (1.75, 2, 2), (2.0, 2, 2), (7.9, 4, 4), (5.8, 8, 6)])
def test_one_thread_per_nearly_whole_free_core_and_never_fewer_than_one(free: float, ceiling: int,
                                                                        count: int) -> None:
    assert count_for_free(free, ceiling) == count


def test_a_short_window_is_topped_up_to_the_minimum_by_waiting() -> None:
    before = CpuSample(0.0, 0.0, 0.0, 2)
    samples = iter([CpuSample(0.0, 0.02, 0.0, 2), CpuSample(0.05, 0.1, 0.0, 2)])
    waits: list[float] = []
    free, waited = free_cores_since(before, lambda: next(samples), waits.append)
    assert waits == [pytest.approx(threads_mod.MIN_SAMPLE_S - 0.01)] and waited == waits[0]  # 0.01 s had passed
    assert free == pytest.approx(1.0)  # 0.05 core-seconds of others in 0.05 s
    long_enough = iter([CpuSample(0.0, 1.0, 0.0, 2)])
    assert free_cores_since(before, lambda: next(long_enough), waits.append) == (pytest.approx(2.0), 0.0)
    assert len(waits) == 1  # a preparation that took long enough costs no wait
    assert free_cores_since(before, lambda: None, waits.append) == (None, 0.0)


class _Counters:
    """Stands in for /proc/stat: each reading adds ``others`` busy cores' worth of 0.2 s on 2 cores."""

    def __init__(self, others: float) -> None:
        self.others, self.t = others, 0.0

    def __call__(self) -> CpuSample:
        self.t += 0.2
        return CpuSample(busy=self.others * self.t, total=2 * self.t, own=0.0, cores=2)


@pytest.fixture
def two_cores(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(threads_mod, "usable_cpus", lambda: 2)
    before = torch.get_num_threads()
    torch.set_num_threads(2)  # torch's count on a two-core machine: the ceiling
    yield
    torch.set_num_threads(before)


def _short_fit(threads: int | None) -> tuple[Trainer, History]:
    config = TrainConfig(dataset="shapes", model="shape-cnn", epochs=1, train_limit=200, batch_size=32,
                         device="cpu", threads=threads)
    assert 200 // 32 < threads_mod.MIN_STEPS_TO_PROBE  # too short to probe
    history = History()
    trainer = Trainer(config, [history])
    trainer.fit()
    return trainer, history


@pytest.mark.usefixtures("two_cores")
@pytest.mark.parametrize(("others", "expected"), [(0.0, 2), (1.0, 1), (2.0, 1)])
def test_a_short_run_trains_on_the_cores_left_free(monkeypatch: pytest.MonkeyPatch, others: float,
                                                  expected: int) -> None:
    monkeypatch.setattr(threads_mod, "cpu_sample", _Counters(others))
    trainer, history = _short_fit(None)
    assert trainer.thread_policy is not None and not trainer.thread_policy.probes  # sized, not probed
    assert trainer.thread_policy.free == pytest.approx(2 - others)
    assert history.started is not None and history.started.threads == expected
    assert {e.threads for e in history.epochs} == {expected}
    assert torch.get_num_threads() == 2  # the caller's count is given back


@pytest.mark.usefixtures("two_cores")
def test_a_short_run_sized_by_free_cores_trains_as_that_count_fixed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(threads_mod, "cpu_sample", _Counters(1.0))
    auto, _ = _short_fit(None)
    fixed, _ = _short_fit(1)
    assert fixed.thread_policy is not None and fixed.thread_policy.free is None  # a fixed count is not sized
    assert auto.model is not None and fixed.model is not None
    for key, tensor in fixed.model.state_dict().items():
        assert torch.equal(auto.model.state_dict()[key], tensor), key


@pytest.mark.usefixtures("two_cores")
def test_without_proc_stat_a_short_run_keeps_torch_s_count(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(threads_mod, "cpu_sample", lambda: None)
    trainer, history = _short_fit(None)
    assert trainer.thread_policy is not None and trainer.thread_policy.free is None
    assert history.started is not None and history.started.threads == 2


# ----------------------------------------------------------------- --threads and its sentence


def test_threads_option_parses_and_defaults_to_measured() -> None:
    parser = build_parser()
    assert config_from_args(parser.parse_args(["train", "--threads", "3"])).threads == 3
    assert config_from_args(parser.parse_args(["train"])).threads is None
    command = [a for a in parser._actions if a.dest == "command"][0]
    assert isinstance(command, argparse._SubParsersAction)
    train_help = command.choices["train"].format_help()
    assert "--threads" in train_help and "(default: measured)" in " ".join(train_help.split())


@pytest.mark.parametrize("value", [0, 65, -1])
def test_a_thread_count_out_of_range_is_one_sentence(value: int) -> None:
    with pytest.raises(UserError, match=r"^CPU threads must be between 1 and 64\.$"):
        TrainConfig(threads=value).validate()
    TrainConfig(threads=1).validate()
    TrainConfig(threads=64).validate()


def test_the_command_line_rejects_bad_thread_counts_with_one_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["train", "--threads", "65", "--epochs", "1"]) == 2
    assert capsys.readouterr().err.strip() == "cnnlab: CPU threads must be between 1 and 64."
    assert main(["train", "--threads", "0"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "--threads" in err and "at least 1" in err
    assert main(["train", "--threads", "two"]) == 2
    assert "not a whole number" in capsys.readouterr().err


# ----------------------------------------------------------------- probing leaves the run as it was


@pytest.fixture
def probing(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Probe even a tiny run, between one and two threads, exactly once."""
    monkeypatch.setattr(threads_mod, "MIN_STEPS_TO_PROBE", 0)
    monkeypatch.setattr(threads_mod, "usable_cpus", lambda: 2)
    monkeypatch.setattr(threads_mod, "DROP", 0.0)
    monkeypatch.setattr(threads_mod, "PROBE_SHARE", 0.0)  # no periodic rechecks
    monkeypatch.setattr(threads_mod, "cpu_sample", _Counters(0.0))  # both cores free, however busy this machine is
    before = torch.get_num_threads()
    yield
    assert torch.get_num_threads() == before  # fit() gives the caller its setting back


def _fit(threads: int | None) -> tuple[Trainer, History]:
    config = TrainConfig(dataset="shapes", model="shape-cnn", epochs=2, train_limit=300, batch_size=32,
                         augment="flip+shift", device="cpu", threads=threads)
    history = History()
    trainer = Trainer(config, [history])
    trainer.fit()
    return trainer, history


def test_auto_threads_train_the_same_weights_as_the_chosen_count_fixed(probing: None) -> None:
    auto, auto_history = _fit(None)
    assert auto.thread_policy is not None and len(auto.thread_policy.probes) == 1
    chosen = auto.thread_policy.chosen
    assert chosen in (1, 2)
    fixed, fixed_history = _fit(chosen)
    assert fixed.thread_policy is not None and not fixed.thread_policy.probes
    assert auto.model is not None and fixed.model is not None
    a, b = auto.model.state_dict(), fixed.model.state_dict()
    assert a.keys() == b.keys()
    for key in a:
        assert torch.equal(a[key], b[key]), key  # bit for bit, batch-norm statistics included
    assert [e.train_loss for e in auto_history.epochs] == [e.train_loss for e in fixed_history.epochs]
    assert auto_history.started is not None and auto_history.started.threads == chosen
    assert {e.threads for e in auto_history.batches} == {chosen}
    assert {e.threads for e in auto_history.epochs} == {chosen}


def test_a_fixed_count_is_what_the_run_trains_with(probing: None) -> None:
    _, history = _fit(1)
    assert history.started is not None and history.started.threads == 1
    assert {e.threads for e in history.batches} == {1}


class _Scripted:
    """Stands in for /proc/stat: 0.2 s on 2 cores per reading, ``others[i]`` busy cores in the i-th.

    The last entry repeats.
    """

    def __init__(self, others: list[float]) -> None:
        self.others, self.readings, self.busy, self.t = others, 0, 0.0, 0.0

    def __call__(self) -> CpuSample:
        self.busy += self.others[min(self.readings, len(self.others) - 1)] * 0.2
        self.t += 0.2
        self.readings += 1
        return CpuSample(busy=self.busy, total=2 * self.t, own=0.0, cores=2)


def test_a_probe_times_only_the_counts_the_free_cores_hold() -> None:
    two = ThreadPolicy(None, (1, 2))
    assert two.probe_candidates(None) == (1, 2)  # not measured (no /proc/stat): time them all
    assert two.probe_candidates(2.0) == (1, 2)
    assert two.probe_candidates(1.6) == (1, 2)  # the window drew a little: the probe decides
    assert two.probe_candidates(1.4) == (1,)  # one busy program beside us
    assert two.probe_candidates(0.67) == (1,)  # two busy programs on two cores
    assert two.probe_candidates(0.0) == (1,)  # never none
    sixteen = ThreadPolicy(None, candidate_counts(16))
    assert sixteen.probe_candidates(12.0) == (1, 2, 4, 8)
    assert sixteen.probe_candidates(15.6) == (1, 2, 4, 8, 16)


@pytest.mark.usefixtures("probing")
def test_with_one_count_left_the_run_takes_it_untimed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(threads_mod, "cpu_sample", _Counters(1.0))  # one of the two cores busy elsewhere
    trainer, history = _fit(None)
    policy = trainer.thread_policy
    assert policy is not None and policy.probes == [{}] and policy.chosen == 1  # no batch timed
    assert policy.free == pytest.approx(1.0)
    assert history.started is not None and history.started.threads == 1
    assert {e.threads for e in history.batches} == {1}


def test_a_recheck_probes_again_once_cores_come_free(monkeypatch: pytest.MonkeyPatch) -> None:
    """One core busy elsewhere while the run is prepared, then none: the first choice is 1 untimed; a recheck
    (every MIN_RECHECK_S training seconds after an untimed choice) sees both cores free and times 1 and 2."""

    monkeypatch.setattr(threads_mod, "MIN_STEPS_TO_PROBE", 0)
    monkeypatch.setattr(threads_mod, "usable_cpus", lambda: 2)
    monkeypatch.setattr(threads_mod, "DROP", 0.0)  # rechecks by the interval only
    counters = _Scripted([1.0, 1.0, 0.0])  # readings: run begins, the start window ends, mark; then quiet
    monkeypatch.setattr(threads_mod, "cpu_sample", counters)
    use_clock(monkeypatch, SteppingClock(0.3))  # a rate window every few batches
    before = torch.get_num_threads()
    trainer, _ = _fit(None)
    assert torch.get_num_threads() == before
    policy = trainer.thread_policy
    assert policy is not None and policy.probes[0] == {} and len(policy.probes) >= 2
    assert set(policy.probes[1]) == {1, 2} and policy.free == pytest.approx(2.0)
    assert counters.readings > 4  # a reading per rate window


# ----------------------------------------------------------------- the progress lines name the count


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _started(threads: int) -> RunStarted:
    return RunStarted(run_dir=None, config={}, dataset="shapes", classes=("a", "b"), input_shape=(1, 8, 8),
                      model="shape-cnn", params=10, device="cpu", epochs=3, steps_per_epoch=10, train_size=4500,
                      val_size=500, test_size=1000, threads=threads)


def _epoch(**kw: object) -> EpochEnd:
    base: dict[str, object] = dict(epoch=1, epochs=3, step=10, train_loss=0.5, train_acc=0.8, val_loss=None,
                                   val_acc=None, lr=0.1, seconds=11.5, samples_per_second=931.0)
    base.update(kw)
    return EpochEnd(**base)  # type: ignore[arg-type]  # the test's dict of keyword values: mypy cannot see their types


def test_the_progress_lines_name_the_thread_count() -> None:
    out = io.StringIO()
    printer = ProgressPrinter(out)
    printer.on_run_begin(_started(2))
    printer.on_epoch_end(_epoch(images=4500, threads=1))
    lines = out.getvalue().splitlines()
    assert lines[0].endswith("on cpu, 2 threads")
    assert lines[1].endswith("(11.5s, 391 img/s, 1 thread)")  # 4,500 images / 11.5 s: the epoch's own rate

    term = _Terminal()
    bar = ProgressPrinter(term)
    bar.on_batch_end(BatchEnd(epoch=1, batch=10, batches=10, step=10, total_steps=30, loss=0.5, acc=0.8, lr=0.1,
                              samples_per_second=5733.0, elapsed=1.0, eta=2.0, threads=4))
    assert "5,733 img/s 4 threads eta" in term.getvalue()


def test_older_events_without_a_count_still_print() -> None:
    out = io.StringIO()
    printer = ProgressPrinter(out)
    printer.on_run_begin(_started(0))
    printer.on_epoch_end(_epoch())
    lines = out.getvalue().splitlines()
    assert lines[0].endswith("on cpu") and lines[1].endswith("(11.5s, 931 img/s)")


def test_a_real_run_prints_its_count(probing: None) -> None:
    out = io.StringIO()
    config = TrainConfig(dataset="shapes", model="shape-cnn", epochs=1, train_limit=200, batch_size=32,
                         device="cpu", threads=1)
    Trainer(config, [ProgressPrinter(out)]).fit()
    epoch_line = next(line for line in out.getvalue().splitlines() if line.startswith("epoch 1/1"))
    assert epoch_line.endswith(" img/s, 1 thread)")
