"""The input a prediction takes, fitting its kind: a spin box for a number, a slider for a position on a
scale, radio buttons for a choice. Each says whether the student has touched it and what the guess is."""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QButtonGroup,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSlider,
    QWidget,
)

from cnnlab.errors import Sentence
from cnnlab.predictions import Question, value_text
from cnnlab.predictions.record import Value
from ui.i18n import class_name, core_message

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls
CHOICE_COLUMNS = 3  # radio buttons per row: ten classes less one fit the lessons' column in three rows
UNIT_TEXTS = {  # how a number is shown with its unit, in the window's language
    "parameters": lambda: translate("Predict", "{0} parameters"),
    "pixels": lambda: translate("Predict", "{0} pixels"),
}


def shown_label(label: str) -> str:
    """A choice's label in the window's language: a core sentence, or a dataset's class name."""
    return core_message(label) if isinstance(label, Sentence) else class_name(label)


def shown_value(question_kind: str, value: Value, units: str, label: str | None = None) -> str:
    """A guess or a truth as the window shows it: "48,120 parameters", "97.3%", a choice's label."""
    if question_kind == "choice":
        return shown_label(label if label is not None else str(value))
    text = value_text(value, units)
    unit = UNIT_TEXTS.get(units)
    return unit().format(text) if unit else text


class NumberBox(QDoubleSpinBox):
    """A number box that shows "?" until there is a guess: the first character typed replaces the "?" wherever
    the cursor is (a click puts it before or after the "?", where a digit would not make a number)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if text and text.isprintable() and self.lineEdit().text() == self.specialValueText():
            self.lineEdit().selectAll()  # the key replaces the "?"
        super().keyPressEvent(event)


class GuessInput(QWidget):
    """``changed`` when the student moves, types or picks; ``guess()`` is None until there is one."""

    changed = Signal()

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = question.kind
        self.units = question.units
        self.touched = False  # the student has given a guess (moved the slider, typed, picked)
        self.moved = False  # the slider was moved (its starting place in the middle is no guess)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.spin: QDoubleSpinBox | None = None
        self.slider: QSlider | None = None
        self.slider_text: QLabel | None = None
        self.group: QButtonGroup | None = None
        self.buttons: dict[str, QRadioButton] = {}
        if question.kind == "number":
            self._make_spin(question, layout)
        elif question.kind == "slider":
            self._make_slider(question, layout)
        else:
            self._make_choices(question, layout)

    def _make_spin(self, question: Question, layout: QHBoxLayout) -> None:
        spin = NumberBox()
        spin.setObjectName("predictionNumber")
        whole = question.units in ("parameters", "pixels")
        spin.setDecimals(0 if whole else 2)
        spin.setRange(question.low - 1, question.high)  # the lowest value shows "?": no guess yet
        spin.setSpecialValueText("?")
        spin.setGroupSeparatorShown(True)
        spin.setStepType(QAbstractSpinBox.StepType.AdaptiveDecimalStepType)  # steps grow with the number
        spin.setAccelerated(True)
        spin.setValue(spin.minimum())
        spin.setMinimumWidth(spin.fontMetrics().horizontalAdvance("888,888,888,888") + 40)  # pixels: 12 digits
        unit = UNIT_TEXTS.get(question.units)
        if unit:
            spin.setSuffix(" " + unit().format("").strip())
        spin.valueChanged.connect(self._on_change)
        layout.addWidget(spin)
        layout.addStretch(1)
        self.spin = spin

    def _make_slider(self, question: Question, layout: QHBoxLayout) -> None:
        slider = QSlider(Qt.Orientation.Horizontal)
        slider.setObjectName("predictionSlider")
        slider.setRange(int(question.low), int(question.high))
        slider.setValue(int((question.low + question.high) / 2))  # the middle: no side taken before the student
        slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        slider.setTickInterval(max(1, int((question.high - question.low) / 10)))
        self.slider_text = QLabel()
        self.slider_text.setObjectName("predictionSliderValue")
        self.slider_text.setMinimumWidth(self.slider_text.fontMetrics().horizontalAdvance("100.0%") + 6)
        slider.valueChanged.connect(self._on_change)
        layout.addWidget(slider, 1)
        layout.addWidget(self.slider_text)
        self.slider = slider
        self._show_slider()

    def _make_choices(self, question: Question, layout: QHBoxLayout) -> None:
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        self.group = QButtonGroup(self)
        columns = CHOICE_COLUMNS if len(question.choices) > CHOICE_COLUMNS else len(question.choices)
        for i, choice in enumerate(question.choices):
            button = QRadioButton(shown_label(choice.label))
            button.setObjectName(f"predictionChoice_{choice.key}")
            self.group.addButton(button, i)
            self.buttons[choice.key] = button
            grid.addWidget(button, i // columns, i % columns)
        self.group.idToggled.connect(lambda _id, on: self._on_change() if on else None)
        layout.addLayout(grid)
        layout.addStretch(1)

    def _on_change(self, *_args: object) -> None:
        if self.slider is not None:
            self.moved = True  # the slider's middle is where it starts, not a guess
            self._show_slider()
        self.touched = self.guess() is not None
        self.changed.emit()

    def _show_slider(self) -> None:
        assert self.slider is not None and self.slider_text is not None
        self.slider_text.setText(value_text(float(self.slider.value()), self.units) if self.moved else "?")

    def guess(self) -> Value | None:
        if self.spin is not None:
            value = self.spin.value()
            return None if value <= self.spin.minimum() or not math.isfinite(value) else float(value)
        if self.slider is not None:
            return float(self.slider.value()) if self.moved else None
        for key, button in self.buttons.items():
            if button.isChecked():
                return key
        return None

    def set_guess(self, value: Value) -> None:
        """Put a guess in as the student would (tests, a designer that asks with a starting value)."""
        if self.spin is not None:
            self.spin.setValue(float(value))
        elif self.slider is not None:
            self.moved = True  # a guess in the middle is a guess too
            self.slider.setValue(round(float(value)))
        else:
            self.buttons[str(value)].setChecked(True)
        self._on_change()

    def set_range(self, question: Question) -> None:
        """A new range for the same kind of question (a number's bounds), the guess kept where it can be."""
        if self.slider is not None:
            self.slider.setRange(int(question.low), int(question.high))
        elif self.spin is not None:
            at = self.spin.value()
            self.spin.setRange(question.low - 1, question.high)
            self.spin.setValue(at)
