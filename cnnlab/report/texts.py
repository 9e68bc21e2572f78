"""The report's fixed texts (Qt-free: the report is made headless too).

Marked in the ``Report`` context for Qt Linguist; their translations live in the shipped ``.ts`` files beside
the window's and are read without Qt by :mod:`cnnlab.catalog`.
"""

from __future__ import annotations

from cnnlab.catalog import languages, translate
from cnnlab.errors import UserError
from cnnlab.i18n import QT_TRANSLATE_NOOP

LANGUAGES = languages()  # English (the source) and every language a translation file ships for

ENGLISH: dict[str, str] = {
    "title": QT_TRANSLATE_NOOP("Report", "Training report"),
    "run": QT_TRANSLATE_NOOP("Report", "Run"),
    "folder": QT_TRANSLATE_NOOP("Report", "Folder"),
    "status": QT_TRANSLATE_NOOP("Report", "Status"),
    "settings": QT_TRANSLATE_NOOP("Report", "Configuration"),
    "setting": QT_TRANSLATE_NOOP("Report", "Setting"),
    "value": QT_TRANSLATE_NOOP("Report", "Value"),
    "results": QT_TRANSLATE_NOOP("Report", "Results"),
    "test_acc": QT_TRANSLATE_NOOP("Report", "Test accuracy"),
    "test_loss": QT_TRANSLATE_NOOP("Report", "Test loss"),
    "val_acc": QT_TRANSLATE_NOOP("Report", "Validation accuracy"),
    "epochs_done": QT_TRANSLATE_NOOP("Report", "Epochs trained"),
    "train_seconds": QT_TRANSLATE_NOOP("Report", "Training time (s)"),
    "book": QT_TRANSLATE_NOOP("Report", "The book's result"),
    "book_none": QT_TRANSLATE_NOOP(
        "Report", "This run is not one of the chapter's networks, so the book has no number for it."),
    "book_line": QT_TRANSLATE_NOOP("Report", "Section {section}: {acc} test accuracy"),
    "curves": QT_TRANSLATE_NOOP("Report", "Curves"),
    "epoch": QT_TRANSLATE_NOOP("Report", "epoch"),
    "loss": QT_TRANSLATE_NOOP("Report", "loss"),
    "accuracy": QT_TRANSLATE_NOOP("Report", "accuracy"),
    "train": QT_TRANSLATE_NOOP("Report", "train"),
    "validation": QT_TRANSLATE_NOOP("Report", "validation"),
    "per_class": QT_TRANSLATE_NOOP("Report", "Per-class accuracy"),
    "class": QT_TRANSLATE_NOOP("Report", "Class"),
    "images": QT_TRANSLATE_NOOP("Report", "Test images"),
    "right": QT_TRANSLATE_NOOP("Report", "Right"),
    "confusion": QT_TRANSLATE_NOOP("Report", "Confusion matrix"),
    "confusion_note": QT_TRANSLATE_NOOP("Report", "Rows: true class; columns: predicted class."),
    "true": QT_TRANSLATE_NOOP("Report", "true"),
    "predicted": QT_TRANSLATE_NOOP("Report", "predicted"),
    "mistakes": QT_TRANSLATE_NOOP("Report", "Misclassified test images"),
    "mistakes_note": QT_TRANSLATE_NOOP(
        "Report", "The most confident mistakes first, titled prediction (truth); {shown} of {wrong} shown."),
    "mistakes_none": QT_TRANSLATE_NOOP("Report", "Every test image was classified correctly."),
    "kernels": QT_TRANSLATE_NOOP("Report", "First-layer kernels"),
    "kernels_note": QT_TRANSLATE_NOOP("Report", "{layer}: {count} kernels of {size}, each scaled to its own range."),
    "kernels_none": QT_TRANSLATE_NOOP("Report", "This model has no convolution layer, so it has no kernels to show."),
    "made": QT_TRANSLATE_NOOP("Report", "Made by cnnlab {version} on {date}."),
}


def texts(lang: str) -> dict[str, str]:
    """The table in ``lang``; an unknown language is one sentence."""
    if lang not in LANGUAGES:
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "Reports are written in {names}, not {lang}."),
                        names=" or ".join(LANGUAGES), lang=repr(lang))
    return {key: translate("Report", text, lang) for key, text in ENGLISH.items()}
