"""RunSession: one object owns a run's life: its folder, process, commands and its one RunEnd."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from cnnlab.engine import EpochEnd, RunEnd, RunStarted, TrainConfig
from cnnlab.errors import UserError
from cnnlab.launch import RunPlan, plan_run
from cnnlab.launch.messages import Batches, Held, Message
from cnnlab.launch.process import STOPPED_BEFORE_START, ProcessPool
from cnnlab.launch.session import RunSession, RunState

KINDS = {RunStarted: "started", Batches: "batches", EpochEnd: "epoch", Held: "held", RunEnd: "end"}  # by type
RUN_WAIT_S = 180.0  # a spawned child imports torch first: generous on a loaded two-core machine


def plan(tmp_path: Path, **changes: object) -> RunPlan:
    """A plan made as the window makes it: the settings resolved and the run folder made."""
    return plan_run(small_config(tmp_path, **changes))


def small_config(tmp_path: Path, **changes: object) -> TrainConfig:
    base: dict[str, object] = dict(dataset="shapes", model="shape-cnn", epochs=2, train_limit=300, device="cpu",
                                   out_dir=str(tmp_path / "run"))
    base.update(changes)
    return TrainConfig(**base)  # type: ignore[arg-type]  # the test's dict of keyword values: mypy cannot see their types


@pytest.fixture(scope="module")
def pool() -> Iterator[ProcessPool]:
    shared = ProcessPool(keep=1)  # one child serves the module's sessions in turn
    yield shared
    shared.close()


class Recorder:
    """A listener that keeps every message, plus markers the test adds, in arrival order."""

    def __init__(self) -> None:
        self.items: list[Message | str] = []
        self.started = threading.Event()
        self.lock = threading.Lock()

    def __call__(self, message: Message) -> None:
        with self.lock:
            self.items.append(message)
        if isinstance(message, RunStarted):
            self.started.set()

    def mark(self, text: str) -> None:
        with self.lock:
            self.items.append(text)

    def kinds(self) -> list[str]:
        return [m if isinstance(m, str) else KINDS[type(m)] for m in self.items]

    def ends(self) -> list[RunEnd]:
        return [m for m in self.items if isinstance(m, RunEnd)]


def in_thread(session: RunSession) -> threading.Thread:
    thread = threading.Thread(target=session.run, daemon=True)
    thread.start()
    return thread


def test_a_run_streams_its_events_and_ends_once(pool: ProcessPool, tmp_path: Path) -> None:
    rec = Recorder()
    session = RunSession(plan(tmp_path), pool=pool, listener=rec)
    assert session.state is RunState.STARTING
    end = session.run()
    kinds = rec.kinds()
    assert kinds[0] == "started" and kinds[-1] == "end", "the data stays in the training process"
    assert kinds.count("epoch") == 2 and kinds.count("end") == 1
    assert end is rec.ends()[0] and end.status == "completed" and end.epochs_done == 2
    assert session.state is RunState.ENDED and session.run_dir == tmp_path / "run"
    assert (tmp_path / "run" / "checkpoint.pt").is_file()
    assert not session.pause() and not session.stop(), "an ended run takes no commands"


def test_a_stop_before_the_run_starts_leaves_nothing(pool: ProcessPool, tmp_path: Path) -> None:
    rec = Recorder()
    session = RunSession(plan(tmp_path), pool=pool, listener=rec)
    assert session.stop() and not session.stop(), "the second stop is refused"
    end = session.run()
    assert rec.kinds() == ["end"]
    assert end.status == "stopped" and end.message == STOPPED_BEFORE_START
    assert not (tmp_path / "run").exists(), "no empty run folder is left behind"


def test_a_pause_given_before_the_process_has_the_run_holds_its_first_batch(pool: ProcessPool,
                                                                           tmp_path: Path) -> None:
    rec = Recorder()
    session = RunSession(plan(tmp_path, epochs=1), pool=pool, listener=rec)
    assert session.pause() and session.state is RunState.PAUSED
    assert not session.pause(), "a second pause is refused"
    thread = in_thread(session)
    assert rec.started.wait(RUN_WAIT_S)
    assert session.paused
    rec.mark("resume")
    assert session.resume() and session.state is RunState.RUNNING
    thread.join(RUN_WAIT_S)
    kinds = rec.kinds()
    assert kinds.index("resume") < kinds.index("batches"), "no batch was trained while paused"
    assert rec.ends()[0].status == "completed"


def test_stop_while_paused_ends_the_run_as_stopped(pool: ProcessPool, tmp_path: Path) -> None:
    rec = Recorder()
    session = RunSession(plan(tmp_path, epochs=50, train_limit=2000), pool=pool, listener=rec)
    session.pause()
    thread = in_thread(session)
    assert rec.started.wait(RUN_WAIT_S)
    assert session.stop() and session.state is RunState.STOPPING and not session.paused
    thread.join(RUN_WAIT_S)
    (end,) = rec.ends()
    assert end.status == "stopped" and end.epochs_done == 0
    assert "batches" not in rec.kinds()


def test_a_bad_config_ends_with_one_sentence(pool: ProcessPool, tmp_path: Path) -> None:
    rec = Recorder()
    # a plan made elsewhere (plan_run itself refuses this model) reaches the child as it is
    session = RunSession(RunPlan(small_config(tmp_path, model="no-such-model"), tmp_path / "run"), pool=pool,
                         listener=rec)
    (tmp_path / "run").mkdir()
    end = session.run()
    assert rec.kinds()[-1:] == ["end"] and "started" not in rec.kinds() and end.status == "failed"
    assert end.message and "no-such-model" in end.message and "\n" not in end.message
    assert not (tmp_path / "run").exists(), "the empty run folder is removed"


def test_plan_run_refuses_a_bad_config_before_making_a_folder(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="no-such-model"):
        plan_run(small_config(tmp_path, model="no-such-model"))
    assert not (tmp_path / "run").exists()
