"""Training in a child process: the same run as in-process, the same events, control, failures, reuse.

The child is spawned once for the module (importing torch takes seconds) and serves every test in
turn, which also checks that one child runs job after job correctly.
"""

from __future__ import annotations

import multiprocessing
import pickle
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import torch
from helpers_torch import one_thread  # noqa: F401  (fixture)

from cnnlab.engine import BatchEnd, EpochEnd, History, RunEnd, RunStarted, TrainConfig, Trainer
from cnnlab.errors import UserError
from cnnlab.launch import RunPlan
from cnnlab.launch.messages import Batches, Held, Message
from cnnlab.launch.process import Job, ProcessPool, TrainingProcess, _PipeSender
from cnnlab.runs.store import load_run, prepare_run_dir

KINDS = {RunStarted: "started", Batches: "batches", EpochEnd: "epoch", Held: "held", RunEnd: "end"}  # by type
MESSAGE_WAIT_S = 120.0  # a spawned child imports torch first: generous on a loaded two-core machine


def small_config(**changes: object) -> TrainConfig:
    base: dict[str, object] = dict(dataset="shapes", model="shape-cnn", epochs=2, train_limit=300, device="cpu")
    base.update(changes)
    return TrainConfig(**base)  # type: ignore[arg-type]  # the test's dict of keyword values: mypy cannot see their types


def job(config: TrainConfig, run_dir: Path | None = None, **options: object) -> Job:
    """The child's job for ``config``, written to ``run_dir`` (already made) or to no folder."""
    return Job(RunPlan(config, run_dir), **options)  # type: ignore[arg-type]  # the test's dict of keyword values: mypy cannot see their types


def kinds_of(messages: list[Message]) -> list[str]:
    return [KINDS[type(m)] for m in messages]


@pytest.fixture(scope="module")
def child() -> Iterator[TrainingProcess]:
    proc = TrainingProcess()
    proc.start()
    yield proc
    proc.close()


def collect(proc: TrainingProcess, run_dir: Path | None = None) -> list[Message]:
    return list(proc.messages(str(run_dir) if run_dir else None))


def ends(messages: list[Message]) -> list[RunEnd]:
    return [m for m in messages if isinstance(m, RunEnd)]


# --- the same run as in-process -------------------------------------------------------------------


@pytest.mark.usefixtures("one_thread")
def test_a_run_in_the_child_equals_the_same_run_in_process(child: TrainingProcess, tmp_path: Path) -> None:
    config = small_config()
    run_dir = prepare_run_dir(str(tmp_path / "child"), "shapes", "shape-cnn")
    child.submit(job(config, run_dir, torch_threads=1))
    messages = collect(child, run_dir)
    kinds = kinds_of(messages)
    assert kinds[0] == "started" and kinds[-1] == "end" and kinds.count("end") == 1
    assert kinds.count("epoch") == 2  # and nothing else: the child never sends its data back
    end = messages[-1]
    assert isinstance(end, RunEnd) and end.status == "completed", end

    reference = History()
    local = Trainer(config, [reference]).fit()  # in this process, one thread, same seed
    assert end.test_acc == local.test_acc and end.test_loss == pytest.approx(local.test_loss, abs=1e-6)
    assert end.weights.keys() == local.weights.keys()
    for name, tensor in local.weights.items():
        assert torch.equal(end.weights[name], tensor), name
    epochs = [m for m in messages if isinstance(m, EpochEnd)]
    assert [e.train_loss for e in epochs] == pytest.approx([e.train_loss for e in reference.epochs], abs=1e-6)
    steps = [b.step for m in messages if isinstance(m, Batches) for b in m.events]
    assert steps == sorted(set(steps)) and steps[-1] == reference.batches[-1].step  # in order, to the last
    record = load_run(run_dir)  # the child wrote the run folder
    assert record.results is not None and record.results["test_acc"] == end.test_acc
    assert len(record.metrics) == 2 and record.checkpoint is not None


# --- control --------------------------------------------------------------------------------------


def test_stop_ends_the_run_early_and_keeps_the_child_for_the_next(child: TrainingProcess, tmp_path: Path) -> None:
    run_dir = prepare_run_dir(str(tmp_path / "stopped"), "shapes", "shape-cnn")
    child.submit(job(small_config(epochs=50, train_limit=2000), run_dir))
    messages: list[Message] = []
    for message in child.messages(str(run_dir)):
        messages.append(message)
        if isinstance(message, EpochEnd):
            child.stop()  # after the first epoch: its checkpoint is kept
    end = ends(messages)[0]
    assert end.status == "stopped" and 1 <= end.epochs_done < 50
    assert Path(run_dir, "checkpoint.pt").is_file()
    child.submit(job(small_config(epochs=1)))  # the same child trains again
    assert ends(collect(child))[0].status == "completed"


def test_a_stop_sent_with_the_job_stops_it_before_it_trains(child: TrainingProcess) -> None:
    child.submit(job(small_config(epochs=50, train_limit=2000)))
    child.stop()
    end = ends(collect(child))[0]
    assert end.status == "stopped" and end.epochs_done == 0


def test_pause_holds_the_batches_until_resume(child: TrainingProcess) -> None:
    child.submit(job(small_config(epochs=3, train_limit=2000)))
    child.pause()  # before the first batch
    messages = child.messages()
    first = next(messages)
    assert isinstance(first, RunStarted)
    held = next(messages)
    assert isinstance(held, Held), "the pause took hold before the first batch"
    reader = child._events
    assert not reader.poll(1.0), "a held run sends nothing more"
    child.resume()
    rest = list(messages)
    assert isinstance(rest[-1], RunEnd) and rest[-1].status == "completed"


# --- failures -------------------------------------------------------------------------------------


def test_missing_data_is_one_sentence_and_no_folder(child: TrainingProcess, tmp_path: Path) -> None:
    empty = tmp_path / "empty-data"
    empty.mkdir()
    child.submit(job(small_config(dataset="mnist", model="mnist-cnn"), env={"CNNLAB_DATA": str(empty)}))
    end = ends(collect(child))[0]
    assert end.status == "failed" and end.run_dir is None
    assert "mnist" in end.message and end.message.endswith(".") and "Traceback" not in end.message


def test_a_diverging_run_ends_with_the_divergence_sentence(child: TrainingProcess) -> None:
    # momentum SGD at lr 10 (inside the allowed range) blows the dense net's loss up in its first epoch
    config = small_config(model="dnn", optimizer="momentum", lr=10, schedule="none", epochs=1, threads=1)
    config.validate()  # the config is valid: the failure must come from training, not from the form check
    child.submit(job(config))
    end = ends(collect(child))[0]
    assert end.status == "failed"
    assert re.fullmatch(r"The loss became (nan|inf) at epoch 1, batch \d+; lower the learning rate \(now 10\) "
                        r"and train again\.", end.message), end.message


def test_an_absurd_learning_rate_is_refused_before_training_naming_the_field() -> None:
    with pytest.raises(UserError) as refused:
        Trainer(small_config(lr=1e30, epochs=1)).fit()
    assert str(refused.value) == "Learning rate must be above 0 and at most 10."  # the field and its range


def test_a_child_that_dies_mid_run_ends_the_run_with_a_sentence(tmp_path: Path) -> None:
    proc = TrainingProcess()
    run_dir = prepare_run_dir(str(tmp_path / "killed"), "shapes", "shape-cnn")
    proc.submit(job(small_config(epochs=200, train_limit=2000), run_dir))
    messages: list[Message] = []
    for message in proc.messages(str(run_dir)):
        messages.append(message)
        if isinstance(message, EpochEnd):
            proc._process.kill()
    end = ends(messages)[0]
    assert end.status == "failed" and "ended unexpectedly" in end.message
    assert end.run_dir == str(run_dir)  # the first epoch's checkpoint is there and is named
    assert not proc.alive and not proc.busy
    proc.close()


def test_closing_the_child_mid_run_saves_the_run_before_the_child_exits(tmp_path: Path) -> None:
    """close() stops the run; the child saves it, then ends at once (no interpreter teardown): nothing is lost."""
    proc = TrainingProcess()
    run_dir = prepare_run_dir(str(tmp_path / "closed"), "shapes", "shape-cnn")
    proc.submit(job(small_config(epochs=200, train_limit=2000), run_dir))
    for message in proc.messages(str(run_dir)):
        if isinstance(message, EpochEnd):
            break
    proc.close(timeout=MESSAGE_WAIT_S)
    assert proc._process.exitcode == 0  # it exited by itself, not killed after the wait
    record = load_run(run_dir)
    assert record.results is not None and record.results["status"] == "stopped"
    assert record.results["epochs_done"] == len(record.metrics) >= 1 and record.checkpoint is not None


# --- the pool -------------------------------------------------------------------------------------


def test_the_pool_reuses_a_healthy_child_and_replaces_a_dead_one() -> None:
    pool = ProcessPool()
    pool.warm()
    first = pool.acquire()
    pid = first.pid
    pool.release(first)
    again = pool.acquire()
    assert again.pid == pid
    again._process.kill()
    again._process.join(10)
    pool.release(again)  # a dead child is not kept
    fresh = pool.acquire()
    assert fresh.pid != pid and fresh.alive
    pool.release(fresh)
    pool.close()
    assert not fresh.alive


# --- coalescing (no child needed) -----------------------------------------------------------------


def _batch(step: int) -> BatchEnd:
    return BatchEnd(epoch=1, batch=step, batches=10_000, step=step, total_steps=10_000, loss=1.0, acc=0.5, lr=0.1,
                    samples_per_second=1.0, elapsed=1.0, eta=1.0)


class _Clock:
    """time.monotonic for the sender: moves only when the test says, so counts do not depend on load."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_batch_events_are_coalesced_without_losing_any(monkeypatch: pytest.MonkeyPatch) -> None:
    import time
    import types

    import cnnlab.launch.process as process_module

    clock = _Clock()
    fake_time = types.SimpleNamespace(**{n: getattr(time, n) for n in dir(time) if not n.startswith("_")})
    fake_time.monotonic = clock  # the module's own clock only: the rest of the process keeps the real one
    monkeypatch.setattr(process_module, "time", fake_time)
    reader, writer = multiprocessing.Pipe(duplex=False)
    messages: list[Message] = []

    def drain() -> None:  # a pipe holds little: read as the parent does, while the sender writes
        while not messages or not isinstance(messages[-1], RunEnd):
            messages.append(pickle.loads(reader.recv_bytes()))

    drainer = threading.Thread(target=drain)
    drainer.start()
    sender = _PipeSender(writer)
    for step in range(1, 5001):  # a burst within one send interval: the clock stands still
        sender.on_batch_end(_batch(step))
    for step in range(5001, 5011):  # then a batch every 0.1 s, slower than 15 lists a second: one list each
        clock.now += 0.1
        sender.on_batch_end(_batch(step))
    sender.on_epoch_end(EpochEnd(epoch=1, epochs=1, step=5010, train_loss=1, train_acc=0.5, val_loss=None,
                                 val_acc=None, lr=0.1, seconds=1, samples_per_second=1))
    sender.on_run_end(RunEnd(status="completed", epochs_done=1, test_loss=None, test_acc=None, val_acc=None,
                             train_seconds=1, samples_per_second=1, run_dir=None, checkpoint=None))
    drainer.join(10)
    kinds = kinds_of(messages)
    lists = [[b.step for b in m.events] for m in messages if isinstance(m, Batches)]
    # the first batch goes out at once, the burst's other 4,999 wait for the next interval, which the
    # first slow batch opens (carrying them), then one list per slow batch
    assert lists[0] == [1] and lists[1] == list(range(2, 5002)) and lists[2:] == [[s] for s in range(5002, 5011)]
    assert kinds[-2:] == ["epoch", "end"]
    assert [step for steps in lists for step in steps] == list(range(1, 5011))
    assert sender.ended
