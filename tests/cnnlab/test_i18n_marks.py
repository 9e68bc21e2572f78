"""The core marks its user-visible texts for translation but stays English and Qt-free."""

from __future__ import annotations

from cnnlab.datasets import get_dataset_spec
from cnnlab.engine.config import config_field
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.models import get_model_spec


def _classes(dataset: str) -> tuple[str, ...]:
    classes = get_dataset_spec(dataset).classes
    assert classes is not None
    return classes


def test_the_marker_returns_its_text_unchanged() -> None:
    assert QT_TRANSLATE_NOOP("Classes", "red") == "red"
    assert QT_TRANSLATE_NOOP("TrainConfig", "") == ""


def test_marked_class_names_and_labels_are_still_the_lectures_english() -> None:
    """Marking must not change a value the CLI, run folders and checkpoints store."""
    assert get_dataset_spec("shapes").classes == ("circle", "rectangle", "triangle", "diamond", "line")
    assert get_dataset_spec("colors").classes == ("red", "green", "blue", "yellow", "cyan", "pink")
    assert _classes("color-shapes")[:3] == ("red-circle", "red-rectangle", "red-triangle")
    assert _classes("fashion-mnist")[0] == "T-shirt/top"
    assert _classes("cifar10")[-1] == "truck"
    assert config_field("batch_size").label == "Batch size"
    assert get_model_spec("dnn").card.title == "Fully connected baseline (DNN)"
