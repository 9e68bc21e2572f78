"""The window finds data as the CLI does: Start waits, with the reason beside it, while the files are missing;
a folder the student picks is remembered where the CLI and ``cnnlab chapter`` look too."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np
from app_testing import LOAD_TIMEOUT_MS, make_window
from PySide6.QtCore import QPoint, QSettings

from cnnlab.datasets import resolve_source
from cnnlab.datasets.cifar10 import CLASSES
from cnnlab.datasets.remembered import remembered_folders
from ui.main_window import MainWindow

WINDOW_ADVICE = "choose the folder that holds its files with Data folder…"  # ui.i18n.ADVICE for the IDX sets


def idx_folder(folder: Path) -> Path:
    """The four MNIST IDX files (12 train, 8 test images of 28×28, labels 0–9 in turn) in ``folder``."""
    folder.mkdir(parents=True)
    rng = np.random.default_rng(0)
    for stem, n in (("train", 12), ("t10k", 8)):
        images = rng.integers(0, 256, size=(n, 28, 28), dtype=np.uint8)
        (folder / f"{stem}-images-idx3-ubyte").write_bytes(struct.pack(">IIII", 0x803, n, 28, 28) + images.tobytes())
        labels = np.arange(n, dtype=np.uint8) % 10
        (folder / f"{stem}-labels-idx1-ubyte").write_bytes(struct.pack(">II", 0x801, n) + labels.tobytes())
    return folder


def loaded_dataset(window: MainWindow) -> str | None:
    """The dataset whose preview the setup shows, None while none is loaded."""
    loaded = window.setup.loaded()
    return loaded[0].dataset if loaded is not None else None


def assert_shown_whole_beside_start(window: MainWindow, qtbot) -> None:
    label = window.start_reason.label
    start = window.toolbar.widgetForAction(window.start_action)
    qtbot.waitUntil(lambda: label.isVisibleTo(window) and label.height() >= label.heightForWidth(label.width()))
    assert label.wordWrap()
    assert label.height() >= label.heightForWidth(label.width())  # every wrapped line has its room
    top_left, bottom_right = label.mapTo(window, QPoint(0, 0)), label.mapTo(window, label.rect().bottomRight())
    assert 0 <= top_left.x() and bottom_right.x() < window.width() and bottom_right.y() < window.height()
    assert label.geometry().bottom() < window.toolbar.height()  # not clipped by the tool bar
    start_box = start.geometry()
    assert label.geometry().left() > start_box.right()  # after Start …
    assert label.geometry().top() <= start_box.bottom() and label.geometry().bottom() >= start_box.top()  # … in line


def test_missing_data_disables_start_with_the_windows_sentence_beside_it(window: MainWindow, qtbot, tmp_path: Path,
                                                                         forget_data_folders: None) -> None:
    assert window.start_action.isEnabled() and not window.start_reason.label.isVisibleTo(window)  # shapes: built in
    assert (window.width(), window.height()) == (1280, 800)
    setup = window.setup
    setup.set_dataset("mnist")  # no MNIST files anywhere this test looks
    assert not window.start_action.isEnabled()
    reason = window.start_reason.text()
    assert reason.startswith("mnist was not found (looked in ") and reason.endswith(WINDOW_ADVICE + ".")
    assert "--data-root" not in reason and "cnnlab data" not in reason and "\n" not in reason
    assert_shown_whole_beside_start(window, qtbot)
    assert not window.start(), "start must refuse while the files are missing"

    folder = idx_folder(tmp_path / "digits")
    setup.folder_row.chosen.emit(str(folder))  # Data folder… picked it
    qtbot.waitUntil(lambda: loaded_dataset(window) == "mnist", timeout=LOAD_TIMEOUT_MS)
    assert window.start_action.isEnabled() and window.start_reason.text() == ""
    assert not window.start_reason.label.isVisibleTo(window) and window.run_progress.bar.isVisibleTo(window)
    assert remembered_folders() == {"mnist": str(folder)}
    assert resolve_source("mnist").root == folder  # the CLI, with no --data-root, finds the same files

    setup.folder_row.cleared.emit()  # Default: forgotten again, and Start waits again
    assert remembered_folders() == {} and not window.start_action.isEnabled()


def test_the_window_takes_the_cifar10_jpeg_copy(window: MainWindow, qtbot, cifar_jpegs, forget_data_folders) -> None:
    root, _colours = cifar_jpegs
    setup = window.setup
    setup.set_dataset("cifar10")
    setup.folder_row.chosen.emit(str(root))
    qtbot.waitUntil(lambda: loaded_dataset(window) == "cifar10", timeout=LOAD_TIMEOUT_MS)
    loaded = setup.loaded()
    assert loaded is not None
    info = loaded[1].info
    assert info.classes == CLASSES and info.input_shape == (3, 32, 32) and info.source == str(root / "cifar10-jpg")
    assert setup.data_error() == "" and window.start_action.isEnabled()
    assert setup.config().dataset == "cifar10" and setup.config().data_root == str(root)


def test_folders_of_older_settings_move_to_the_shared_file(qtbot, settings: QSettings, tmp_path: Path,
                                                           forget_data_folders: None) -> None:
    folder = idx_folder(tmp_path / "digits")
    settings.setValue("setup", json.dumps({"dataset": "mnist", "data_roots": {"mnist": str(folder)}}))
    window = make_window(qtbot, settings)
    assert remembered_folders() == {"mnist": str(folder)}
    assert window.setup.data_root("mnist") == str(folder) and window.start_action.isEnabled()
    window.close()
    window.wait_for_threads()
    assert "data_roots" not in json.loads(str(settings.value("setup")))  # kept in one place only
