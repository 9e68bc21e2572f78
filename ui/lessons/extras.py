"""The lessons' extra views that train nothing: 18.4's sample grid and 18.5's "what this machine would take"."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from cnnlab.chapter import get_step
from cnnlab.chapter.runs import step_config
from cnnlab.chapter.samples import class_mosaics
from cnnlab.chapter.sections import BOOK_MNIST_PARAMS, CIFAR_BOOK_RUNS
from cnnlab.cli_format import clock, percent
from cnnlab.datasets import DataSplits
from cnnlab.engine.estimate import EpochEstimate, estimate_epoch
from cnnlab.models import build_model, summarize
from ui.background import RunInThread
from ui.imaging import to_pixmap
from ui.lessons.cards import card_frame, heading
from ui.lessons.content import (
    CIFAR_BOOK_WHERE,
    FASHION_CLASSES,
    FASHION_SAMPLES_BODY,
    FASHION_SAMPLES_TITLE,
    tr,
)
from ui.lessons.text import WrappedText
from ui.widgets.layout import clear_layout

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls
CIFAR_TRAIN_IMAGES = 45_000  # CIFAR-10's 50 000 training images less the tenth held out for validation


class FashionSamples(QWidget):
    """A card whose button shows Fashion-MNIST's first training images, three rows per class."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        frame, layout = card_frame("lesson_fashion-samples")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(frame)
        layout.addWidget(heading(tr(FASHION_SAMPLES_TITLE)))
        body = WrappedText("lesson_body_fashion-samples")
        body.setText(tr(FASHION_SAMPLES_BODY))
        layout.addWidget(body)
        self.button = QPushButton(translate("Lessons", "Show the samples"))
        self.button.setObjectName("lesson_button_fashion-samples")
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)
        self.note = QLabel()
        self.note.setObjectName("lesson_result_fashion-samples")
        self.note.setWordWrap(True)
        self.note.hide()
        layout.addWidget(self.note)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(6)
        self.grid.setVerticalSpacing(4)
        layout.addLayout(self.grid)

    def say(self, text: str) -> None:
        self.note.setText(text)
        self.note.setStyleSheet("color: #b00020;")
        self.note.show()

    def show_samples(self, splits: DataSplits) -> None:
        self.note.hide()
        clear_layout(self.grid)
        mosaics = class_mosaics(splits.train.x, splits.train.y, splits.info.num_classes)
        for c, mosaic in enumerate(mosaics):
            name = tr(FASHION_CLASSES[c]) if c < len(FASHION_CLASSES) else splits.info.classes[c]
            label = QLabel(name)
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            picture = QLabel()
            picture.setObjectName(f"lesson_samples_{c}")
            picture.setPixmap(to_pixmap(mosaic))
            self.grid.addWidget(label, c, 0)
            self.grid.addWidget(picture, c, 1, Qt.AlignmentFlag.AlignLeft)


def book_runs_html() -> str:
    names = (translate("Lessons", "Book run"), translate("Lessons", "epochs"), translate("Lessons", "accuracy"),
             translate("Lessons", "per epoch"))
    head = "<tr>" + "".join(f"<th align='left'>{html.escape(n)}</th>" for n in names) + "</tr>"
    minutes = translate("Lessons", "about {0} min")
    rows = "".join(
        f"<tr><td>{html.escape(tr(CIFAR_BOOK_WHERE[where]))}</td><td align='center'>{epochs}</td>"
        f"<td align='center'>{percent(acc, trim=True)}</td>"
        f"<td align='center'>{html.escape(minutes.format(round(seconds / 60)))}</td></tr>"
        for where, epochs, acc, seconds in CIFAR_BOOK_RUNS)
    return f"<table cellspacing='0' cellpadding='3'>{head}{rows}</table>"


class CifarTimes(QWidget):
    """The book's CIFAR-10 runs, and a button that times this machine on the same model and batch."""

    def __init__(self, run_in_thread: RunInThread, device: Callable[[], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._run_in_thread, self._device = run_in_thread, device
        frame, layout = card_frame("lesson_cifar-times")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(frame)
        layout.addWidget(heading(translate("Lessons", "The book's times, and this machine's")))
        table = WrappedText("lesson_cifar_book")
        table.setText(book_runs_html())
        layout.addWidget(table)
        self.button = QPushButton(translate("Lessons", "Measure this machine"))
        self.button.setObjectName("lesson_button_cifar-times")
        self.button.setToolTip(translate("Lessons", "Times a few training steps of the Keras model on random "
                                         "images (a few seconds) and scales them to the book's runs."))
        self.button.clicked.connect(self.measure)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)
        self.result = QLabel()
        self.result.setObjectName("lesson_result_cifar-times")
        self.result.setWordWrap(True)
        self.result.hide()
        layout.addWidget(self.result)

    def measure(self) -> None:
        config = step_config(get_step("cifar-cnn"), "course", device=self._device())
        self.button.setEnabled(False)
        self.result.setText(translate("Lessons", "Timing a few training steps…"))
        self.result.show()
        self._run_in_thread(lambda: estimate_epoch(config, (3, 32, 32), 10, CIFAR_TRAIN_IMAGES),
                            self._show, self._failed)

    def _show(self, result: object) -> None:
        assert isinstance(result, EpochEstimate)
        self.button.setEnabled(True)
        gpu_epochs, cpu_epochs = CIFAR_BOOK_RUNS[0][1], CIFAR_BOOK_RUNS[1][1]
        self.result.setText(translate(
            "Lessons", "This machine ({0}): about {1} an epoch, so about {2} for the book's {3} epochs "
            "and {4} for its {5} CPU epochs.").format(
            result.device, clock(result.seconds), clock(result.seconds * gpu_epochs), gpu_epochs,
            clock(result.seconds * cpu_epochs), cpu_epochs))

    def _failed(self, message: str) -> None:
        self.button.setEnabled(True)
        self.result.setText(message)


def mnist_table_html() -> str:
    """The MNIST CNN's layer table with the book's parameter column beside ours; the rows that differ in bold."""
    summary = summarize(build_model("mnist-cnn", in_channels=1, image_size=(28, 28), num_classes=10), (1, 28, 28))
    names = (translate("Lessons", "layer"), translate("Lessons", "kernel / size"), translate("Lessons", "output"),
             translate("Lessons", "ours"), translate("Lessons", "book"))
    head = "<tr>" + "".join(f"<th align='left'>{html.escape(n)}</th>" for n in names) + "</tr>"
    rows = []
    for row in summary.rows:
        ours = row.params_label
        book = BOOK_MNIST_PARAMS.get(row.name, "")
        differ = bool(book) and book != ours
        cells = [row.name, row.params_text, "×".join(str(d) for d in row.output_shape), ours, book]
        text = "".join(f"<td>{'<b>' if differ else ''}{html.escape(c)}{'</b>' if differ else ''}</td>" for c in cells)
        rows.append(f"<tr>{text}</tr>")
    return f"<table cellspacing='0' cellpadding='2'>{head}{''.join(rows)}</table>"
