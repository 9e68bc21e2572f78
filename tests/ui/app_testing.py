"""Helpers for the main-window tests (their fixtures live in conftest.py) (imported by tests/ui/test_app_*.py).

Every window gets a private QSettings file, so no test reads or writes the user's settings, and
runs are small (a few hundred images, one or two epochs) so the suite fits two shared cores.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from cnnlab.engine import EpochEnd, RunEnd
from ui.main_window import MainWindow

LOAD_TIMEOUT_MS = 60_000  # the first test of a session draws the shapes set (~1 s alone, more on a busy CI)
RUN_TIMEOUT_MS = 60_000  # small runs take about a second; the bound only stops a hung test
SMALL_RUN = {"epochs": "2", "train_limit": "256", "batch_size": "32"}  # 8 batches an epoch
LONG_RUN = {"epochs": "50", "train_limit": "", "batch_size": "8"}  # minutes: only ever stopped by the test


class RecordingPanel(QWidget):
    """An inspection panel that only records the subjects it is given."""

    def __init__(self) -> None:
        super().__init__()
        self.subjects: list[Any] = []

    def set_subject(self, subject: Any) -> None:
        self.subjects.append(subject)


ALL_PANELS = None  # make_window(panels=ALL_PANELS): the real inspection tabs of ui.panel_tabs.PANELS


def make_window(qtbot: Any, settings: QSettings, panels: list | None = [],  # noqa: B006 (never mutated)
                size: tuple[int, int] | None = (1280, 800)) -> MainWindow:
    """A shown window whose data preview has loaded; no inspection tabs unless ``panels`` says so.

    ``size=None`` keeps the restored geometry.
    """
    if not settings.contains("lessonsOpen"):
        settings.setValue("lessonsOpen", False)  # the setup in view, as after a first start (tested on its own)
    w = MainWindow(settings, panels=panels, error_dialogs=False)
    qtbot.addWidget(w)
    if size is not None:
        w.resize(*size)
    w.show()
    qtbot.waitUntil(lambda: w.setup.loaded() is not None or bool(w.setup.data_error()), timeout=LOAD_TIMEOUT_MS)
    return w


def configure(window: MainWindow, **fields: str) -> None:
    """Type hyperparameters into the form (names as TrainConfig fields)."""
    for name, text in fields.items():
        window.setup.hyper.set_text(name, text)


def start_run(qtbot: Any, window: MainWindow) -> None:
    with qtbot.waitSignal(window.runStarted, timeout=RUN_TIMEOUT_MS):
        assert window.start(), window.status_text()


def run_to_end(qtbot: Any, window: MainWindow) -> RunEnd:
    with qtbot.waitSignal(window.runFinished, timeout=RUN_TIMEOUT_MS) as blocker:
        assert window.start(), window.status_text()
    qtbot.waitUntil(lambda: not window.is_running(), timeout=RUN_TIMEOUT_MS)
    end = blocker.args[0]
    assert isinstance(end, RunEnd)
    return end


def wait_for_epoch(qtbot: Any, window: MainWindow) -> EpochEnd:
    with qtbot.waitSignal(window.epochEnded, timeout=RUN_TIMEOUT_MS) as blocker:
        pass
    return blocker.args[0]


def results_of(run_dir: str | Path) -> dict[str, Any]:
    return json.loads((Path(run_dir) / "results.json").read_text(encoding="utf-8"))




# ------------------------------------------------------------- tiny copies of the downloaded sets
def write_idx_set(folder: Path, train: int, test: int, seed: int) -> Path:
    """MNIST-format files (IDX: big-endian header, magic 0x803 images / 0x801 labels) of random 28×28 digits."""
    import struct

    import numpy as np

    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for prefix, n in (("train", train), ("t10k", test)):
        x = rng.integers(0, 256, size=(n, 28, 28), dtype=np.uint8)  # (N, H, W)
        y = (np.arange(n) % 10).astype(np.uint8)  # (N,): every class
        (folder / f"{prefix}-images-idx3-ubyte").write_bytes(struct.pack(">IIII", 0x803, n, 28, 28) + x.tobytes())
        (folder / f"{prefix}-labels-idx1-ubyte").write_bytes(struct.pack(">II", 0x801, n) + y.tobytes())
    return folder


def write_cifar_set(root: Path, per_batch: int, seed: int) -> Path:
    """CIFAR-10's python batches (pickled dicts with bytes keys, rows of 3 072 bytes) of random pictures."""
    import pickle

    import numpy as np

    rng = np.random.default_rng(seed)
    folder = root / "cifar-10-batches-py"
    folder.mkdir(parents=True, exist_ok=True)
    for name in [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]:
        data = rng.integers(0, 256, size=(per_batch, 3072), dtype=np.uint8)  # (N, 3·32·32)
        labels = [i % 10 for i in range(per_batch)]
        (folder / name).write_bytes(pickle.dumps({b"batch_label": name.encode(), b"labels": labels, b"data": data,
                                                  b"filenames": [b"x.png"] * per_batch}, protocol=2))
    return root
