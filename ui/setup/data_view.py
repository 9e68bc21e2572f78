"""The dataset's facts and a preview of samples per class."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.i18n import class_names, core_message, dataset_description, dataset_title
from ui.setup.folder_row import found_text
from ui.widgets.class_preview import MAX_PER_CLASS, ClassPreview
from ui.widgets.layout import rich_label

if TYPE_CHECKING:  # the Data tab shows "Loading…" before numpy and torch are imported
    import numpy as np

    from cnnlab.datasets import DatasetSpec, DataSplits

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls


def samples_per_class(splits: DataSplits, per_class: int = MAX_PER_CLASS) -> list[list[np.ndarray]]:
    """The first ``per_class`` training images of every class, as (C, H, W) uint8 arrays."""
    x, y = splits.train.x, splits.train.y
    out = []
    for c in range(splits.info.num_classes):
        index = (y == c).nonzero().flatten()[:per_class]
        out.append([x[i].numpy() for i in index])
    return out


def facts_html(spec: DatasetSpec, splits: DataSplits) -> str:
    info = splits.info
    h, w = info.size
    channels = (translate("DataView", "1 channel (gray)") if info.channels == 1
                else translate("DataView", "{0} channels (colour)").format(info.channels))
    esc = html.escape
    rows = [
        f"<b>{esc(dataset_title(spec.title))}</b> — {esc(dataset_description(spec.description))}",
        translate("DataView", "<b>{0} classes:</b> {1}").format(
            info.num_classes, esc(translate("DataView", ", ").join(class_names(info.classes)))),
        translate("DataView", "<b>Images:</b> {0}×{1}, {2}").format(h, w, channels),
        translate("DataView", "<b>Split:</b> {0} train / {1} validation / {2} test").format(
            f"{len(splits.train):,}", f"{len(splits.val):,}", f"{len(splits.test):,}"),
        translate("DataView", "<b>Found:</b> {0}").format(esc(found_text(info.source or "?"))),
    ]
    rows += [esc(core_message(note)) for note in splits.notes]
    return "<br>".join(rows)


class DataView(QWidget):
    """Shows one of: a loading note, an error sentence, or the facts and the sample grid."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.facts = rich_label("datasetFacts")
        self.preview = ClassPreview()
        title = QLabel(translate("DataView", "Samples per class"))
        title.setObjectName("sectionTitle")
        self._preview_title = title
        layout = QVBoxLayout(self)
        layout.addWidget(self.facts)
        layout.addSpacing(6)
        layout.addWidget(title)
        layout.addWidget(self.preview)
        layout.addStretch(1)
        self.show_loading(None)

    def show_loading(self, spec: DatasetSpec | None) -> None:
        name = dataset_title(spec.title) if spec else translate("DataView", "the dataset")
        self.facts.setProperty("error", False)
        self.facts.setText(translate("DataView", "Loading {0}…").format(html.escape(name)))
        self.preview.clear()
        self._preview_title.hide()

    def show_error(self, spec: DatasetSpec, message: str) -> None:
        self.facts.setText(f"<b>{html.escape(dataset_title(spec.title))}</b> — "
                           f"{html.escape(dataset_description(spec.description))}<br><br>"
                           f"<span style='color:#b00020'>{html.escape(core_message(message))}</span>")
        self.preview.clear()
        self._preview_title.hide()

    def show_data(self, spec: DatasetSpec, splits: DataSplits) -> None:
        self.facts.setText(facts_html(spec, splits))
        self.preview.set_samples(class_names(splits.info.classes), samples_per_class(splits))
        self._preview_title.show()
