"""The setup area: pickers, recipe prefill, validation as you type, remembered settings, main()."""

from __future__ import annotations

from pathlib import Path

from app_testing import make_window
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QCheckBox, QLineEdit

from cnnlab.datasets import list_datasets
from cnnlab.engine.config import TrainConfig, resolve_config
from cnnlab.engine.device import available_devices
from cnnlab.models import build_model, summarize


def recipe_texts(dataset: str, model: str, recipe: str = "default") -> dict[str, str]:
    cfg = resolve_config(TrainConfig(dataset=dataset, model=model, recipe=recipe))
    return {"epochs": str(cfg.epochs), "batch_size": str(cfg.batch_size), "lr": f"{cfg.lr:g}",
            "optimizer": str(cfg.optimizer), "schedule": str(cfg.schedule), "augment": str(cfg.augment)}


def form_texts(window, names) -> dict[str, str]:
    return {n: window.setup.hyper.text(n) for n in names}


def test_opens_on_the_default_ready_to_start(window) -> None:
    setup = window.setup
    assert (setup.dataset_name(), setup.model_name()) == ("shapes", "shape-cnn")
    assert [setup.dataset.itemData(i) for i in range(setup.dataset.count())] == list_datasets()
    assert [setup.device.itemData(i) for i in range(setup.device.count())] == [d for d, _ in available_devices()]
    expected = recipe_texts("shapes", "shape-cnn")
    assert form_texts(window, expected) == expected
    assert window.start_action.isEnabled()
    assert not window.stop_action.isEnabled() and not window.pause_action.isEnabled()
    # the preview: one row per class, and the facts of the split
    assert len(setup.data_view.preview._rows) == 5
    assert setup.data_view.preview.shown_per_class() >= 1
    facts = setup.data_view.facts.text()
    assert "4,500 train / 500 validation / 1,000 test" in facts and "circle" in facts
    assert not setup.folder_row.isVisibleTo(window)  # generated data needs no folder


def test_changing_dataset_model_or_recipe_prefills_the_recipe(window, qtbot) -> None:
    setup = window.setup
    setup.set_dataset("colors")
    assert setup.model_name() == "color-cnn"  # the chapter's model for that dataset
    expected = recipe_texts("colors", "color-cnn")
    assert form_texts(window, expected) == expected
    setup.set_model("dnn")
    expected = recipe_texts("colors", "dnn")
    assert form_texts(window, expected) == expected
    setup.set_recipe("course")
    course = recipe_texts("colors", "dnn", "course")
    assert form_texts(window, course) == course
    assert course["optimizer"] == "sgd" and course["epochs"] == "100"  # the lecture's settings
    qtbot.waitUntil(lambda: setup.loaded() is not None and setup.loaded()[0].dataset == "colors", timeout=60_000)
    assert len(setup.data_view.preview._rows) == 6


def test_layer_table_is_the_models_summary(window, qtbot) -> None:
    window.setup.set_model("mnist-cnn")  # shapes are 1×28×28, as MNIST
    rows = summarize(build_model("mnist-cnn", in_channels=1, image_size=28, num_classes=5), (1, 28, 28)).rows
    table = window.setup.model_view.table
    qtbot.waitUntil(lambda: table.rowCount() > 0, timeout=60_000)  # built off the GUI thread
    assert table.rowCount() == len(rows)
    first_conv = next(i for i, r in enumerate(rows) if r.type == "Conv")
    assert table.item(first_conv, 2).text() == "Conv"
    assert table.item(first_conv, 3).text() == rows[first_conv].params_text
    assert table.item(first_conv, 6).text() == "200+8"  # the lecture's parameter column
    assert "MNIST CNN" in window.setup.model_view.card.text()


def test_bad_values_disable_start_with_a_reason(window) -> None:
    lr = window.setup.hyper.field("lr")
    lr.setText("fast")
    assert not window.start_action.isEnabled()
    assert window.status_text() == "Learning rate must be a number, not 'fast'."
    assert lr.property("invalid") is True
    lr.setText("0")
    assert not window.start_action.isEnabled()
    assert window.status_text() == "Learning rate must be above 0 and at most 10."
    lr.setText("3e-3")
    assert window.start_action.isEnabled()
    assert lr.property("invalid") is False
    assert window.status_label.property("error") is False

    window.setup.hyper.field("batch_size").setText("1")
    assert not window.start_action.isEnabled()
    assert "Batch size must be at least 2" in window.status_text()
    assert not window.start(), "start must refuse while a value is bad"
    window.setup.hyper.field("batch_size").setText("32")
    window.setup.hyper.field("epochs").setText("2.5")
    assert window.status_text() == "Epochs must be a whole number, not '2.5'."
    window.setup.hyper.field("epochs").setText("2")
    assert window.start_action.isEnabled()


def test_missing_data_is_one_sentence_and_a_folder_can_be_chosen(window, qtbot, tmp_path: Path) -> None:
    setup = window.setup
    setup.set_dataset("mnist")
    assert setup.folder_row.isVisibleTo(window)
    setup.set_data_root("mnist", str(tmp_path))  # an empty folder: nothing to find
    qtbot.waitUntil(lambda: bool(setup.data_error()), timeout=60_000)
    message = setup.data_error()
    assert message.startswith("mnist was not found") and message.endswith(".") and "\n" not in message
    assert "--data-root" in message  # the core's sentence, as the CLI prints it
    shown = window.status_text()  # the window's: the same sentence, with the window's own advice
    assert shown.startswith(f"mnist was not found (looked in {tmp_path}")
    assert shown.endswith("choose the folder that holds its files with Data folder….") and "--data-root" not in shown
    assert "Traceback" not in setup.data_view.facts.text()
    setup.set_dataset("shapes")  # the app stays usable
    qtbot.waitUntil(lambda: setup.loaded() is not None, timeout=60_000)
    assert window.start_action.isEnabled()


def test_settings_are_remembered(qtbot, settings: QSettings) -> None:
    first = make_window(qtbot, settings)
    first.setup.set_dataset("color-shapes")
    first.setup.set_model("dnn")
    lr, limit = first.setup.hyper.field("lr"), first.setup.hyper.field("train_limit")
    reproducible = first.setup.hyper.field("reproducible")
    assert isinstance(lr, QLineEdit) and isinstance(limit, QLineEdit) and isinstance(reproducible, QCheckBox)
    lr.setText("0.02")
    limit.setText("500")
    reproducible.setChecked(True)
    first.curves.set_x_mode("epochs")
    height = 598  # within the 600-pixel offscreen screen, so restoring does not clamp it
    assert first.minimumSizeHint().height() < height, "the window must fit a small screen's height"
    first.resize(1000, height)
    first.close()
    first.wait_for_threads()

    second = make_window(qtbot, settings, size=None)
    assert (second.setup.dataset_name(), second.setup.model_name()) == ("color-shapes", "dnn")
    assert second.setup.hyper.text("lr") == "0.02"
    assert second.setup.hyper.text("train_limit") == "500"
    kept = second.setup.hyper.field("reproducible")
    assert isinstance(kept, QCheckBox) and kept.isChecked() and second.setup.config().reproducible
    assert second.curves.x_mode() == "epochs"
    assert second.height() == height  # the width is clamped to the 800-pixel offscreen screen
    second.close()
    second.wait_for_threads()


def test_shortcuts_are_set_and_shown(window) -> None:
    def keys(action):
        return [k.toString() for k in action.shortcuts()]
    assert "Ctrl+Return" in keys(window.start_action) and "F5" in keys(window.start_action)
    assert "Esc" in keys(window.stop_action) and "Ctrl+." in keys(window.stop_action)
    assert "Ctrl+P" in keys(window.pause_action)
    assert "Ctrl+Return" in window.start_action.toolTip()
    assert "Esc" in window.shortcuts_text()


def test_main_opens_the_window_and_returns_zero(qtbot, tmp_path: Path, monkeypatch) -> None:
    import ui.app

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    monkeypatch.setattr(ui.app, "ORGANIZATION", "cnnlab-test")
    assert ui.app.main(["--dataset", "colors", "--quit-after", "0"]) == 0
    saved = list(tmp_path.rglob("*.ini"))
    assert saved and "color-cnn" in saved[0].read_text()  # the window ran and saved its settings there
    assert ui.app.main(["--help"]) == 0
    assert ui.app.main(["--no-such-option"]) == 2


def test_many_qt_calls_cannot_free_none_true_or_false() -> None:
    """The installed PySide6 keeps its references to None and True (6.12.0 lost them: pyproject excludes it)."""
    import sys

    from PySide6.QtCore import QObject, Signal

    class Emitter(QObject):
        ping = Signal()

    emitter = Emitter()
    for _ in range(30_000):  # more than None or True hold references at start-up on Python 3.11
        emitter.ping.emit()
        emitter.setObjectName("ping")
    assert sys.getrefcount(None) > 1000 and sys.getrefcount(True) > 1000


def test_the_form_is_built_from_the_config_metadata(window) -> None:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QWidget

    from cnnlab.engine.config import form_fields

    hyper = window.setup.hyper
    infos = form_fields()
    editors = [w for w in window.setup.findChildren(QWidget) if w.objectName().startswith("hp_")]  # some by a picker
    assert sorted(w.objectName() for w in editors) == sorted(f"hp_{f.name}" for f in infos)  # one widget each
    labels = {label.buddy(): label for label in hyper.findChildren(QLabel) if label.buddy() is not None}
    for info in infos:
        widget = hyper.field(info.name)
        tip = QCoreApplication.translate("TrainConfig", info.help)
        assert widget.toolTip() == tip and tip == info.help  # English source strings, no translator installed
        if info.kind == "bool":  # a check box carries its own label, beside the field it qualifies
            assert isinstance(widget, QCheckBox) and widget not in labels
            assert widget.text() == QCoreApplication.translate("TrainConfig", info.label)
            continue
        assert labels[widget].text() == QCoreApplication.translate("TrainConfig", info.label)
        assert labels[widget].toolTip() == tip
        if info.choices:
            assert isinstance(widget, QComboBox)
            assert tuple(widget.itemText(i) for i in range(widget.count())) == info.choices
        else:
            assert isinstance(widget, QLineEdit)
    assert hyper.field("train_limit").placeholderText() == "all images"
    assert hyper.field("seed").placeholderText() == "0"
    reproducible, seed = hyper.field("reproducible"), hyper.field("seed")
    device = window.setup.device
    assert reproducible.parentWidget() is device.parentWidget() and reproducible.isVisibleTo(window)  # beside it
    assert reproducible.geometry().left() > device.geometry().right() and \
        abs(reproducible.geometry().center().y() - device.geometry().center().y()) < 6  # on the device's row
    assert "Reproducible" in seed.toolTip()  # the seed says what "same run" needs
    assert not window.setup.config().reproducible  # a new run's default: the fastest thread count, measured
    reproducible.setChecked(True)
    assert hyper.text("reproducible") == "True" and window.setup.config().reproducible
    assert window.setup.config().threads == 1  # fixed, so the run repeats whatever the load


def test_setup_state_fires_one_event_per_changed_attribute() -> None:
    from cnnlab.app.setup import SetupState

    state = SetupState(dataset="shapes", model="shape-cnn", recipe="default", device="cpu")
    seen: list[tuple[str, object]] = []
    groups: list[frozenset[str]] = []
    for name in ("dataset", "model", "seed", "generation", "texts"):
        def record(value: object, name: str = name) -> None:  # the default binds this pass's name
            seen.append((name, value))

        state.events[name].connect(record)
    state.events.connect_any(("dataset", "model"), groups.append)
    state.update(dataset="colors", model="color-cnn")
    assert seen == [("dataset", "colors"), ("model", "color-cnn"), ("generation", 1)]
    assert groups == [frozenset({"dataset", "model", "generation"})]  # one call for the whole update
    seen.clear()
    state.model = "color-cnn"  # the same value: no event
    state.texts = {"lr": "0.1"}
    assert seen == [("texts", {"lr": "0.1"})]
    seen.clear()
    state.seed = 3  # new data to preview: a new load request
    assert seen == [("seed", 3), ("generation", 2)] and state.generation == 2
    state.reload()
    assert state.generation == 3 and state.load_key() == ("colors", None, 3)
