"""What a report holds, computed from a run folder with the inspection functions the window's tabs use:
the configuration, the curves, test and per-class accuracy, the confusion matrix, the most confident
mistakes, the first-layer kernels and, for the chapter's networks, the book's number."""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from cnnlab.catalog import translate
from cnnlab.errors import UserError
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.report.figures import confusion_png, curves_png, kernels_png, mistakes_png
from cnnlab.report.texts import texts
from cnnlab.runs.store import model_label

MISTAKES_SHOWN = 24  # one page of mistakes: a 6 × 4 grid stays legible at 28-pixel images
CONFIG_KEYS = ("dataset", "model", "recipe", "epochs", "batch_size", "optimizer", "lr", "momentum", "weight_decay",
               "schedule", "augment", "seed", "train_limit", "val_fraction", "device_used", "params",
               "train_size", "val_size", "test_size")  # the settings a reader needs to repeat the run


@dataclass(frozen=True)
class BookResult:
    section: str  # "18.2"
    acc: float  # the lecture's test accuracy, a fraction
    note: str


@dataclass
class ReportContent:
    """Everything a report shows; numbers as computed, images as PNG bytes."""

    lang: str
    label: str  # "shape-cnn on shapes · 2026-12-02 14:02:11"
    run_dir: Path
    status: str
    config: list[tuple[str, str]]  # (setting, value) rows
    results: dict[str, Any]  # results.json
    classes: tuple[str, ...]
    per_class_n: list[int]  # test images per class
    per_class_right: list[int]  # of which predicted right
    confusion: np.ndarray  # (K, K) int counts, rows = true class
    test_acc: float  # recomputed from the checkpoint over the whole test set
    wrong: int  # misclassified test images
    mistakes: list[tuple[int, str, str, float]]  # (test index, true, predicted, confidence) as shown
    kernel_layer: str  # "" when the model has no convolution
    kernel_count: int
    kernel_size: str
    book: BookResult | None
    figures: dict[str, bytes] = field(default_factory=dict)  # "curves", "confusion", "mistakes", "kernels"
    made: str = ""

    @property
    def t(self) -> dict[str, str]:
        return texts(self.lang)


def book_result(dataset: str, model: str, lang: str = "en") -> BookResult | None:
    """The lecture's test accuracy for the chapter's network ``model`` on ``dataset`` (None otherwise),
    its note in ``lang``."""
    from cnnlab.chapter import STEPS

    for step in STEPS:
        if step.table and step.dataset == dataset and step.model == model and step.book_acc is not None:
            return BookResult(step.section, step.book_acc, translate("Lessons", step.book_note, lang))
    return None


def class_label(name: str, lang: str) -> str:
    """A class name in ``lang`` as the window shows it: "circle" -> "圆形", "red-circle" -> "红色圆形"."""
    shown = translate("Classes", name, lang)
    parts = name.split("-")
    if shown != name or len(parts) != 2:
        return shown
    shown_parts = [translate("Classes", part, lang) for part in parts]
    if any(a == b for a, b in zip(shown_parts, parts, strict=True)):
        return name  # a name not known in full stays as it is
    return translate("Classes", "{0}-{1}", lang).format(*shown_parts)


def run_title(config: dict[str, Any], label: str, lang: str) -> str:
    """The run's label ("shape-cnn on shapes · 2026-12-02 14:02:11") in ``lang``, as the window writes it."""
    from cnnlab.datasets import get_dataset_spec, list_datasets

    model, dataset = model_label(config.get("model")), str(config.get("dataset", "?"))
    base = f"{model} on {dataset}"
    if not label.startswith(base):
        return label
    title = translate("Dataset", get_dataset_spec(dataset).title, lang) if dataset in list_datasets() else dataset
    return translate("RunLabel", "{0} on {1}", lang).format(model, title) + label[len(base):]


def build_report(run_dir: str | Path, lang: str = "en") -> ReportContent:
    """Read the run folder, rebuild its model from the checkpoint and compute the report's numbers and images."""
    from cnnlab import __version__
    from cnnlab.engine.data import DataRequest
    from cnnlab.inspection import Subject, confusion, kernels, misclassified, predictions
    from cnnlab.runs.compare import setting_label, setting_text
    from cnnlab.runs.store import load_run

    t = texts(lang)

    def in_lang(context: str, text: str) -> str:
        return translate(context, text, lang)

    record = load_run(run_dir)
    if record.checkpoint is None:
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "The run in {path} has no checkpoint (it ended before "
                                                         "its first epoch finished), so there is nothing to report."),
                        path=record.path)
    request = replace(DataRequest.from_dict(record.config), train_limit=None)  # the whole test set
    subject = Subject.from_checkpoint(record.checkpoint, request.load().test)
    preds = predictions(subject)
    conf = confusion(preds)
    matrix = conf.matrix.astype(int)  # (K, K)
    order = misclassified(preds)[:MISTAKES_SHOWN]  # most confident mistakes first
    classes = tuple(class_label(c, lang) for c in subject.classes)  # as the reader's window names them
    mistakes = [(int(i), classes[int(preds.true[i])], classes[int(preds.pred[i])], float(preds.confidence[i]))
                for i in order]
    layers = [k for k in kernels(subject.model) if k.first]
    first = layers[0] if layers else None
    figures = {
        "curves": curves_png(record.metrics, t, lang),
        "confusion": confusion_png(matrix, classes, t, lang),
    }
    if mistakes:
        figures["mistakes"] = mistakes_png(subject.test.x[order].numpy(), [(m[2], m[1]) for m in mistakes], lang)
    if first is not None:
        figures["kernels"] = kernels_png(first.weight)
    results = dict(record.results or {})
    config = [(translate("TrainConfig", setting_label(k), lang), setting_text(k, record.config[k], in_lang))
              for k in CONFIG_KEYS if k in record.config]
    return ReportContent(
        lang=lang, label=run_title(record.config, record.label, lang), run_dir=record.path,
        status=translate("RunStatus", record.status, lang), config=config, results=results,
        classes=classes, per_class_n=[int(v) for v in matrix.sum(1)],
        per_class_right=[int(matrix[i, i]) for i in range(len(classes))], confusion=matrix,
        test_acc=preds.accuracy, wrong=int(preds.wrong.sum()), mistakes=mistakes,
        kernel_layer=first.name if first else "", kernel_count=first.out_channels if first else 0,
        kernel_size="×".join(str(v) for v in first.size) if first else "",
        book=book_result(str(record.config.get("dataset")), str(record.config.get("model")), lang), figures=figures,
        made=t["made"].format(version=__version__, date=time.strftime("%Y-%m-%d %H:%M")))
