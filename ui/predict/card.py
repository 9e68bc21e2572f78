"""A prediction card: a question, an input fitting its kind, Reveal and Skip; then the guess beside the
truth and one line on the gap.

The card never blocks: Skip puts the question away, and a question whose truth comes from a run that has
not ended yet keeps the guess (Reveal) until :meth:`PredictionCard.set_truth` brings the truth. A revealed
prediction is appended to the prediction log; a log that cannot be written is said in one sentence and the
truth is shown all the same.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from cnnlab.errors import UserError
from cnnlab.predictions import Prediction, PredictionLog, Question, gap_sentence, score
from cnnlab.predictions.record import Value
from ui.i18n import core_message
from ui.predict.inputs import GuessInput, shown_value

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls
ASKING, WAITING, REVEALED, SKIPPED, CLOSED, SEEN = "asking", "waiting", "revealed", "skipped", "closed", "seen"


def _label(object_name: str, *, rich: bool = False) -> QLabel:
    label = QLabel()
    label.setObjectName(object_name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    return label


class PredictionCard(QFrame):
    """One question; ``state`` is asking, waiting (a guess is in, the truth is not), revealed, skipped, closed
    (no truth can come, said in one sentence) or seen (the answer was shown elsewhere before a guess)."""

    revealed = Signal(object)  # the Prediction, once shown (and logged, when the log could be written)
    skipped = Signal(str)  # the question's id
    committed = Signal(str)  # the question's id: the guess is in and its truth is awaited

    def __init__(self, question: Question, log: PredictionLog | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("predictionCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.log = log if log is not None else PredictionLog()
        self._question = self._asked = question  # _asked: as asked, for Ask again (a run's truth comes anew)
        self._guess: Value | None = None
        self.state = ASKING
        self.prediction: Prediction | None = None
        self.save_problem = ""  # the sentence of a log that could not be written
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.setSpacing(4)
        self.title = _label("predictionTitle")
        self.title.setText(translate("Predict", "Predict first"))
        self.text = _label("predictionQuestion")
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        self.input_row = QVBoxLayout()
        self.input_row.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.input_row)
        self.input = self._make_input(question)
        self.buttons = QWidget()
        row = QHBoxLayout(self.buttons)
        row.setContentsMargins(0, 0, 0, 0)
        self.reveal_button = QPushButton(translate("Predict", "Reveal"))
        self.reveal_button.setObjectName("predictionReveal")
        self.reveal_button.setToolTip(translate("Predict", "Keep your guess and show the answer beside it (when the "
                                                "answer comes from a run, as soon as the run is shown)."))
        self.reveal_button.clicked.connect(self.reveal)
        self.skip_button = QPushButton(translate("Predict", "Skip"))
        self.skip_button.setObjectName("predictionSkip")
        self.skip_button.setToolTip(translate("Predict", "Go on without a guess; nothing is kept."))
        self.skip_button.clicked.connect(self.skip)
        row.addWidget(self.reveal_button)
        row.addWidget(self.skip_button)
        row.addStretch(1)
        layout.addWidget(self.buttons)
        self.note = _label("predictionNote")
        self.note.hide()
        layout.addWidget(self.note)
        self.result = QWidget()
        self.result.setObjectName("predictionResult")
        result = QVBoxLayout(self.result)
        result.setContentsMargins(0, 2, 0, 0)
        result.setSpacing(4)
        pair = QHBoxLayout()
        self.guess_box, self.truth_box = _label("predictionGuess", rich=True), _label("predictionTruth", rich=True)
        pair.addWidget(self.guess_box, 1)
        pair.addWidget(self.truth_box, 1)
        result.addLayout(pair)
        self.gap = _label("predictionGap", rich=True)
        result.addWidget(self.gap)
        self.result.hide()
        layout.addWidget(self.result)
        self.again_button = QPushButton(translate("Predict", "Ask again"))
        self.again_button.setObjectName("predictionAgain")
        self.again_button.clicked.connect(self.ask_again)
        self.again_button.hide()
        layout.addWidget(self.again_button, 0, Qt.AlignmentFlag.AlignLeft)
        self._show_question()

    # ----------------------------------------------------------------- the question
    @property
    def question(self) -> Question:
        return self._question

    @property
    def touched(self) -> bool:
        return self.input.touched

    def _make_input(self, question: Question) -> GuessInput:
        widget = GuessInput(question)
        widget.changed.connect(self._update_buttons)
        self.input_row.addWidget(widget)
        return widget

    def _show_question(self) -> None:
        self.text.setText(core_message(self._question.text))
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.reveal_button.setEnabled(self.state == ASKING and self.input.guess() is not None)

    def set_question(self, question: Question) -> None:
        """Ask ``question`` instead (its words or range changed, e.g. the epochs of the chosen recipe); only
        while the card is asking. The guess is kept when the kind of answer is the same."""
        if self.state != ASKING:
            self._asked = question
            return
        same = question.kind == self._question.kind and question.choices == self._question.choices
        self._question = self._asked = question
        if same:
            self.input.set_range(question)
        else:
            self.input.deleteLater()
            self.input = self._make_input(question)
        self._show_question()

    def guess(self) -> Value | None:
        return self.input.guess()

    def set_guess(self, value: float | str) -> None:
        self.input.set_guess(value)

    # --------------------------------------------------------------- the answers
    def reveal(self) -> None:
        """Keep the guess; show the truth beside it now, or once it comes (``committed`` until then)."""
        guess = self.input.guess()
        if self.state != ASKING or guess is None:
            return
        self._guess = guess
        if self._question.truth is None:
            self.state = WAITING
            self.input.setEnabled(False)
            self._update_buttons()
            self.say(translate("Predict", "Your guess is kept: the answer appears beside it when the run is shown."))
            self.committed.emit(self._question.id)
            return
        self._show_truth()

    def set_truth(self, question: Question) -> None:
        """The question with its truth: shown at once when a guess waits for it, else kept for Reveal."""
        if self.state not in (ASKING, WAITING) or question.truth is None:
            return
        self._question = question
        if self.state == WAITING:
            self._show_truth()

    def close_with(self, sentence: str) -> None:
        """No truth can come (no run to compare with...): the sentence says why; Ask again starts over."""
        if self.state not in (ASKING, WAITING):
            return
        self.state = CLOSED
        self._put_away()
        self.say(core_message(sentence), error=True)

    def seen(self) -> None:
        """The answer is already in view (the step's run is shown) and no guess was given: there is nothing left
        to guess, so the question is put away; Ask again asks it before the next run."""
        if self.state != ASKING:
            return
        self.state = SEEN
        self._put_away()
        self.say(translate("Predict", "The answer is already shown, so no guess is kept; Ask again to guess before "
                                      "the next run."))

    def skip(self) -> None:
        if self.state not in (ASKING, WAITING):
            return
        self.state = SKIPPED
        self._put_away()
        self.say(translate("Predict", "Skipped: no guess is kept."))
        self.skipped.emit(self._question.id)

    def ask_again(self) -> None:
        """The question again, with a fresh input (a run's truth is measured anew)."""
        self.state = ASKING
        self._question = self._asked
        self.prediction = None
        self.input.deleteLater()
        self.input = self._make_input(self._question)
        self.buttons.show()
        self.note.hide()
        self.result.hide()
        self.again_button.hide()
        self._show_question()

    def say(self, text: str, error: bool = False) -> None:
        """A line under the buttons: the card is waiting, working out the truth, or could not."""
        self.note.setText(text)
        self.note.setStyleSheet("color: #b00020;" if error else "color: #5f6368;")
        self.note.show()

    def _put_away(self) -> None:
        self.input.hide()
        self.buttons.hide()
        self.again_button.show()

    def _show_truth(self) -> None:
        question = self._question
        assert self._guess is not None and question.truth is not None
        prediction = question.answer(self._guess)
        self.prediction = prediction
        try:
            self.log.add(prediction)
            self.save_problem = ""
        except UserError as e:  # a full disk or a read-only runs folder: the truth is shown all the same
            self.save_problem = str(e)
        self.state = REVEALED
        self._put_away()
        self.note.hide()
        s = score(prediction)
        mine = shown_value(prediction.kind, prediction.guess, prediction.units, prediction.label(prediction.guess))
        truth = shown_value(prediction.kind, prediction.truth, prediction.units, prediction.label(prediction.truth))
        truth_title = (translate("Predict", "Measured") if question.run
                       else translate("Predict", "Computed"))
        self.guess_box.setText(self._box(translate("Predict", "Your guess"), mine))
        self.truth_box.setText(self._box(truth_title, truth))
        self.guess_box.setProperty("hit", s.hit)
        gap = html.escape(core_message(gap_sentence(prediction, s)))
        why = html.escape(core_message(question.explanation)) if question.explanation else ""
        self.gap.setText(f"<b>{gap}</b> {why}".strip())
        self.result.show()
        if self.save_problem:
            self.say(core_message(self.save_problem), error=True)
        self.revealed.emit(prediction)

    @staticmethod
    def _box(title: str, value: str) -> str:
        return f"<span style='color:#5f6368'>{html.escape(title)}</span><br><b>{html.escape(value)}</b>"


def ask_prediction(parent: QWidget, question: Question, log: PredictionLog | None = None) -> PredictionCard:
    """A prediction card for ``question``, a child of ``parent`` and added to its box layout when it has one
    (the designer asks the output shape or parameters of a row this way; give the question its truth, from
    the X-ray, so Reveal shows it at once). Connect ``revealed`` or ``skipped`` to go on."""
    card = PredictionCard(question, log, parent)
    layout = parent.layout()
    if isinstance(layout, QBoxLayout):
        layout.addWidget(card)
    return card
