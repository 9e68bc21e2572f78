"""The dataset's facts and a preview of samples per class."""

from __future__ import annotations

import html

import numpy as np
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from cnnlab.datasets import DatasetSpec, DataSplits
from ui.widgets.class_preview import MAX_PER_CLASS, ClassPreview
from ui.widgets.layout import rich_label


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
    channels = "1 channel (gray)" if info.channels == 1 else f"{info.channels} channels (colour)"
    esc = html.escape
    rows = [
        f"<b>{esc(spec.title)}</b> — {esc(spec.description)}",
        f"<b>{info.num_classes} classes:</b> {esc(', '.join(info.classes))}",
        f"<b>Images:</b> {h}×{w}, {channels}",
        f"<b>Split:</b> {len(splits.train):,} train / {len(splits.val):,} validation / {len(splits.test):,} test",
        f"<b>Found:</b> {esc(info.source or '?')}",
    ]
    rows += [esc(note) for note in splits.notes]
    return "<br>".join(rows)


class DataView(QWidget):
    """Shows one of: a loading note, an error sentence, or the facts and the sample grid."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.facts = rich_label("datasetFacts")
        self.preview = ClassPreview()
        title = QLabel("Samples per class")
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
        name = spec.title if spec else "the dataset"
        self.facts.setProperty("error", False)
        self.facts.setText(f"Loading {html.escape(name)}…")
        self.preview.clear()
        self._preview_title.hide()

    def show_error(self, spec: DatasetSpec, message: str) -> None:
        self.facts.setText(f"<b>{html.escape(spec.title)}</b> — {html.escape(spec.description)}<br><br>"
                           f"<span style='color:#b00020'>{html.escape(message)}</span>")
        self.preview.clear()
        self._preview_title.hide()

    def show_data(self, spec: DatasetSpec, splits: DataSplits) -> None:
        self.facts.setText(facts_html(spec, splits))
        self.preview.set_samples(splits.info.classes, samples_per_class(splits))
        self._preview_title.show()
