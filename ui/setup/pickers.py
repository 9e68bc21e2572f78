"""The setup's four pickers (dataset, model, recipe, device), filled from the core's tables; each shows
translated names and keeps the core's name as item data. Texts keep the ``SetupPanel`` context.

All four are filled without torch (the setup shows before it is imported) except the GPUs of the device
picker: it starts with the CPU and :func:`fill_devices` adds them once torch can list them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSignalBlocker
from PySide6.QtWidgets import QComboBox

from cnnlab.app.setup import SetupState, device_gone
from cnnlab.datasets import get_dataset_spec, list_datasets
from cnnlab.engine.config import RECIPES
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.models.cards import CARDS, model_names
from ui.i18n import card_idea, card_text, core_message, dataset_description, dataset_title

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls
# TOOLTIP_ROLE, as the number setItemData takes: naming Qt's namespace would cost the window's first
# paint (which shows these pickers) the 15 ms PySide6 takes to make its enums
TOOLTIP_ROLE = 3
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
        box.setItemData(box.count() - 1, dataset_description(spec.description), TOOLTIP_ROLE)
    box.setToolTip(translate("SetupPanel", "The images to learn from; the chapter's generated sets need no download."))
    return box


def model_picker() -> QComboBox:
    """The chapter's networks, a separator, then the classic zoo by year."""
    box = QComboBox()
    family = None
    for name in model_names():
        card = CARDS[name]
        if family is not None and (card.family == "chapter") != (family == "chapter"):
            box.insertSeparator(box.count())
        family = card.family
        year = f" ({card.year})" if card.year else ""
        box.addItem(f"{name} — {card_text(card.title)}{year}", name)
        box.setItemData(box.count() - 1, card_idea(card), TOOLTIP_ROLE)
    box.setToolTip(translate("SetupPanel", "The network to train; its card and layer table are on the Model tab."))
    return box


def design_choice(box: QComboBox, path: str) -> None:
    """Put the design file ``path`` among the model picker's choices (once, after the zoo and a separator)."""
    if box.findData(path) >= 0:
        return
    box.insertSeparator(box.count())
    box.addItem(translate("SetupPanel", "{0} — your design").format(Path(path).stem), path)
    box.setItemData(box.count() - 1, path, TOOLTIP_ROLE)


def recipe_picker() -> QComboBox:
    box = QComboBox()
    for name in RECIPES:
        box.addItem(translate("SetupPanel", RECIPE_NAMES.get(name, name)), name)
        box.setItemData(box.count() - 1, translate("SetupPanel", RECIPE_TIPS.get(name, "")),
                        TOOLTIP_ROLE)
    box.setToolTip(translate("SetupPanel", "Where the hyperparameters start: the tuned default or the lecture's own "
                                           "settings."))
    return box


CPU_ONLY = (("cpu", "CPU"),)  # what the device picker offers until torch lists this machine's GPUs


def device_picker(devices: Sequence[tuple[str, str]] | None = None) -> QComboBox:
    """The device picker: ``devices`` (e.g. :data:`CPU_ONLY` until torch is imported), None: this machine's."""
    if devices is None:
        from cnnlab.engine.device import available_devices  # torch

        devices = available_devices()
    box = QComboBox()
    fill_devices(box, devices)
    box.setToolTip(translate("SetupPanel", "Where to train: the CPU, or a GPU this machine has."))
    return box


def fill_devices(box: QComboBox, devices: Sequence[tuple[str, str]]) -> None:
    """(device string, label) pairs, CPU first (``cnnlab.engine.device.available_devices``), as the picker's
    items; the device shown stays shown if it is among them (the picker does not report the refill)."""
    shown = box.currentData()
    with QSignalBlocker(box):
        box.clear()
        for dev, label in devices:
            box.addItem(label, dev)  # CPU, GPU names: proper names
        box.setCurrentIndex(max(0, box.findData(shown)))


def settle_devices(box: QComboBox, state: SetupState, devices: Sequence[tuple[str, str]]) -> list[str]:
    """The device picker ``box`` offers ``devices`` from now on; the state's device stays chosen if it is among
    them, else the CPU (the first), with the sentence saying so (translated) returned."""
    fill_devices(box, devices)
    wanted = state.device
    index = box.findData(wanted)
    if index >= 0:
        with QSignalBlocker(box):
            box.setCurrentIndex(index)
        return []
    state.update(device=str(box.itemData(0)))
    return [core_message(device_gone(wanted))]
