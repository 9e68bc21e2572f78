"""The run's progress line: what it says about a batch, on the CPU (threads) and on a GPU (memory in use)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from cnnlab.engine import BatchEnd
from ui.status_line import RunProgress


def batch(**changes: object) -> BatchEnd:
    values: dict[str, object] = dict(epoch=2, batch=5, batches=10, step=15, total_steps=30, loss=0.5, acc=0.8,
                                     lr=0.01, samples_per_second=1234.4, elapsed=3.0, eta=65.0, threads=2)
    values.update(changes)
    return BatchEnd(**values)  # type: ignore[arg-type]  # the test's dict of keyword values


def shown(qtbot: QtBot, event: BatchEnd) -> str:
    progress = RunProgress()
    progress.preparing()
    progress.batch(event)
    progress.show_now()
    return progress.line.text()


def test_a_cpu_run_shows_its_threads(qtbot: QtBot) -> None:
    assert shown(qtbot, batch()) == "epoch 2/3 · batch 5/10 · 1,234 img/s · 2 threads · 1:05 left"


def test_a_gpu_run_shows_the_memory_its_tensors_hold_instead(qtbot: QtBot) -> None:
    line = shown(qtbot, batch(gpu_memory=3 * 2**30 + 2**29))  # 3.5 GiB
    assert line == "epoch 2/3 · batch 5/10 · 1,234 img/s · GPU memory 3.5 GB · 1:05 left"
    assert shown(qtbot, batch(gpu_memory=300 * 2**20)).count("GPU memory 300.0 MB") == 1
