"""The setup's four pickers (dataset, model, recipe, device), filled from the core's registries; each shows
translated names and keeps the core's name as item data. Texts keep the ``SetupPanel`` context."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QComboBox

from cnnlab.datasets import get_dataset_spec, list_datasets
from cnnlab.engine.config import RECIPES
from cnnlab.engine.device import available_devices
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.models import get_model_spec, list_models
from ui.i18n import card_idea, card_text, dataset_description, dataset_title

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls
RECIPE_TIPS = {  # English sources, translated when shown
    "default": QT_TRANSLATE_NOOP("SetupPanel",
                                 "Settings tuned to beat the chapter's accuracy on a CPU in little time."),
    "course": QT_TRANSLATE_NOOP("SetupPanel", "The lecture's own optimizer, learning rate, batch size and epochs, "
                                "to reproduce the book."),
}
RECIPE_NAMES = {"default": QT_TRANSLATE_NOOP("SetupPanel", "default"),  # the recipes as the picker shows them
                "course": QT_TRANSLATE_NOOP("SetupPanel", "course")}


def dataset_picker() -> QComboBox:
    box = QComboBox()
    for name in list_datasets():
        spec = get_dataset_spec(name)
        box.addItem(dataset_title(spec.title), name)
        box.setItemData(box.count() - 1, dataset_description(spec.description), Qt.ItemDataRole.ToolTipRole)
    box.setToolTip(translate("SetupPanel", "The images to learn from; the chapter's generated sets need no download."))
    return box


def model_picker() -> QComboBox:
    """The chapter's networks, a separator, then the classic zoo by year."""
    box = QComboBox()
    family = None
    for name in list_models():
        card = get_model_spec(name).card
        if family is not None and (card.family == "chapter") != (family == "chapter"):
            box.insertSeparator(box.count())
        family = card.family
        year = f" ({card.year})" if card.year else ""
        box.addItem(f"{name} — {card_text(card.title)}{year}", name)
        box.setItemData(box.count() - 1, card_idea(card), Qt.ItemDataRole.ToolTipRole)
    box.setToolTip(translate("SetupPanel", "The network to train; its card and layer table are on the Model tab."))
    return box


def design_choice(box: QComboBox, path: str) -> None:
    """Put the design file ``path`` among the model picker's choices (once, after the zoo and a separator)."""
    if box.findData(path) >= 0:
        return
    box.insertSeparator(box.count())
    box.addItem(translate("SetupPanel", "{0} — your design").format(Path(path).stem), path)
    box.setItemData(box.count() - 1, path, Qt.ItemDataRole.ToolTipRole)


def recipe_picker() -> QComboBox:
    box = QComboBox()
    for name in RECIPES:
        box.addItem(translate("SetupPanel", RECIPE_NAMES.get(name, name)), name)
        box.setItemData(box.count() - 1, translate("SetupPanel", RECIPE_TIPS.get(name, "")),
                        Qt.ItemDataRole.ToolTipRole)
    box.setToolTip(translate("SetupPanel", "Where the hyperparameters start: the tuned default or the lecture's own "
                                           "settings."))
    return box


def device_picker() -> QComboBox:
    box = QComboBox()
    for dev, label in available_devices():
        box.addItem(label, dev)  # CPU, GPU names: proper names
    box.setToolTip(translate("SetupPanel", "Where to train: the CPU, or a GPU this machine has."))
    return box
