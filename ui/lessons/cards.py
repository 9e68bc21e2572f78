"""A lesson step as a card: its title, the explanation, the book's number, one button and the result."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from cnnlab.chapter import Step
from cnnlab.cli_format import percent
from ui.lessons.content import BOOK_NOTES, BOOK_ROLES, ROLE_SHAPES, STEP_BODIES, STEP_TITLES, tr
from ui.lessons.text import WrappedText

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls


def card_frame(object_name: str) -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setObjectName(object_name)
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(8, 6, 8, 8)
    layout.setSpacing(4)
    return frame, layout


def heading(text: str) -> QLabel:
    label = QLabel(f"<b>{html.escape(text)}</b>")
    label.setWordWrap(True)
    return label


def book_line(step: Step) -> str:
    note = tr(BOOK_NOTES[step.key]) if step.key in BOOK_NOTES else ""
    if step.book_acc is None:
        text = translate("Lessons", "Book: no accuracy stated")
    else:
        text = translate("Lessons", "Book: {0}").format(percent(step.book_acc, trim=True))
    return translate("Lessons", "{0} ({1})").format(text, note) if note else text


def book_roles_html() -> str:
    """The book's kernel-role table of the shape CNN, translated."""
    head = "".join(f"<th>{html.escape(tr(s))}</th>" for s in ROLE_SHAPES)
    kernel_head, role_head = translate("Lessons", "kernel"), translate("Lessons", "role")
    rows = [f"<tr><th>{html.escape(kernel_head)}</th><th align='left'>{html.escape(role_head)}</th>{head}</tr>"]
    for kernel, role, fires in BOOK_ROLES:
        cells = "".join(f"<td align='center'>{v}</td>" for v in fires)
        rows.append(f"<tr><td align='center'>{kernel}</td><td>{html.escape(tr(role))}</td>{cells}</tr>")
    title = translate("Lessons", "The book's table (1: the kernel fires on that shape)")
    return f"<p><i>{html.escape(title)}</i></p><table cellspacing='0' cellpadding='2'>{''.join(rows)}</table>"


class StepCard(QFrame):
    """``clicked(step key)`` when its one button is pressed; the pane sets the button and result texts."""

    clicked = Signal(str)

    def __init__(self, step: Step, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.step = step
        self.setObjectName(f"lesson_{step.key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.setSpacing(4)
        layout.addWidget(heading(tr(STEP_TITLES[step.key])))
        body = WrappedText(f"lesson_body_{step.key}")
        body.setText(tr(STEP_BODIES[step.key]))
        layout.addWidget(body)
        if step.key == "shapes-roles":
            roles = WrappedText("lesson_book_roles")
            roles.setText(book_roles_html())
            layout.addWidget(roles)
        self.book = QLabel(book_line(step))
        self.book.setObjectName(f"lesson_book_{step.key}")
        self.book.setWordWrap(True)
        layout.addWidget(self.book)
        self.predictions = QVBoxLayout()  # the step's prediction cards, asked before its button shows the answer
        self.predictions.setContentsMargins(0, 2, 0, 2)
        layout.addLayout(self.predictions)
        row = QHBoxLayout()
        self.button = QPushButton(translate("Lessons", "Train and show"))
        self.button.setObjectName(f"lesson_button_{step.key}")
        self.button.clicked.connect(lambda: self.clicked.emit(self.step.key))
        row.addWidget(self.button)
        row.addStretch(1)
        layout.addLayout(row)
        self.result = QLabel()
        self.result.setObjectName(f"lesson_result_{step.key}")
        self.result.setWordWrap(True)
        self.result.hide()
        layout.addWidget(self.result)

    def add_prediction(self, card: QWidget) -> None:
        """A prediction card above the step's button."""
        self.predictions.addWidget(card)

    def set_saved(self, saved: bool) -> None:
        """The button says whether it trains or opens the saved run."""
        self.button.setText(translate("Lessons", "Show the saved run") if saved
                            else translate("Lessons", "Train and show"))
        self.button.setToolTip(
            translate("Lessons", "A finished run with these settings is in the runs folder: it opens without "
                      "training.") if saved else
            translate("Lessons", "Sets the dataset, model and recipe, trains, then shows the chapter's figure."))

    def show_result(self, text: str, error: bool = False) -> None:
        self.result.setText(text)
        self.result.setProperty("error", error)
        self.result.setStyleSheet("color: #b00020;" if error else "font-weight: bold;")
        self.result.show()
