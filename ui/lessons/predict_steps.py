"""The lessons' predictions: a card on 18.1's page and on the step cards of 18.2–18.5, each asking before the
step shows its answer (see :mod:`cnnlab.predictions.chapter` for the questions and where their truths come
from).

Cards are made when their section is first shown (a question reads its numbers off the built network). A
guess on a step whose truth comes from its run waits for the run: when the step's run is shown (trained or
opened), the truth is measured on it and shown beside the guess. A guess typed but not yet revealed when the
step's button is pressed is kept as it stands; a question of the run's with no guess at all is put away when
the run is shown (its answer is then in view, so the card no longer invites a guess). Nothing here stops a
step: a prediction can be skipped, and one whose truth cannot be had says why in one sentence.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QVBoxLayout

from cnnlab.chapter import get_step, steps_of
from cnnlab.errors import UserError
from cnnlab.predictions import PredictionLog, Question
from cnnlab.predictions import chapter as questions
from cnnlab.runs import load_run
from ui.predict import PredictionCard
from ui.predict.card import ASKING, WAITING

if TYPE_CHECKING:
    from ui.lessons.cards import StepCard
    from ui.lessons.driver import LessonDriver, StepOutcome

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls


class LessonPredictions(QObject):
    """``cards[step key or section number]``: the prediction cards of a step, or of a section's own page."""

    def __init__(self, driver: LessonDriver, recipe: Callable[[], str], step_cards: dict[str, StepCard],
                 section_slots: dict[str, QVBoxLayout], log: PredictionLog | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.driver, self.recipe = driver, recipe
        self.step_cards, self.section_slots = step_cards, section_slots  # filled by the pane as it builds pages
        self.log = log if log is not None else PredictionLog()
        self.cards: dict[str, list[PredictionCard]] = {}
        self._made: set[str] = set()  # sections whose cards exist
        driver.stepShown.connect(self._on_shown)

    # ------------------------------------------------------------------ the cards
    def refresh(self, section: str) -> None:
        """The section's cards exist, and those still asking say the epochs the chosen recipe trains."""
        if section not in self._made:
            self._made.add(section)
            self._make(section)
        for step in steps_of(section):
            for card in self.cards.get(step.key, []):
                if card.question.source == "accuracy":
                    card.set_question(questions.accuracy_question(step.key, self._epochs(step.key)))

    def _make(self, section: str) -> None:
        try:  # a question that cannot be built must not keep the lesson from showing
            for question in questions.section_questions(section):
                card = self._card(section, question)
                self.section_slots[section].addWidget(card)
            for step in steps_of(section):
                for question in questions.step_questions(step.key, self._epochs(step.key)):
                    self.step_cards[step.key].add_prediction(self._card(step.key, question))
        except Exception:
            traceback.print_exc(file=sys.stderr)

    def _card(self, key: str, question: Question) -> PredictionCard:
        card = PredictionCard(question, self.log)
        card.committed.connect(self._on_committed(key, card))
        self.cards.setdefault(key, []).append(card)
        return card

    def _epochs(self, key: str) -> int | None:
        try:
            return self.driver.wanted(get_step(key), self.recipe()).epochs
        except (UserError, OSError):
            return None

    def lock_in(self, key: str) -> None:
        """The step's button was pressed: a guess given but not yet revealed is kept as it stands."""
        for card in self.cards.get(key, []):
            if card.state == "asking" and card.touched:
                card.reveal()

    # ------------------------------------------------------------------ the truths
    def _on_committed(self, key: str, card: PredictionCard) -> Callable[[str], None]:
        def committed(_question_id: str) -> None:
            """A guess waits for its truth: from the step's run when the lesson has shown it with this recipe."""
            shown = self.driver.shown_runs.get((key, self.recipe()))
            if shown is not None and Path(shown).is_dir():
                self._measure(key, card, shown)
        return committed

    def _on_shown(self, outcome: StepOutcome) -> None:
        """The step's run is shown: a guess waiting for it meets its truth; a question the run answers that is
        still asking no longer invites a guess (its answer is in view)."""
        for card in self.cards.get(outcome.key, []):
            if card.state == WAITING:
                self._measure(outcome.key, card, outcome.run_dir)
            elif card.state == ASKING and card.question.truth is None:
                card.seen()

    def _measure(self, key: str, card: PredictionCard, run_dir: str) -> None:
        question = card.question
        try:
            record = load_run(run_dir)
            if question.source == "accuracy":
                card.set_truth(questions.accuracy_truth(question, record))
            elif question.source == "winner":
                partner = self.driver.partner_folder(get_step(key))
                card.set_truth(questions.winner_truth(question, record, load_run(partner) if partner else None))
            elif question.source == "confusion":
                self._confusion(key, card, run_dir)
        except UserError as e:
            card.close_with(str(e))

    def _confusion(self, key: str, card: PredictionCard, run_dir: str) -> None:
        """The run's confusion matrix off the GUI thread (the whole test set goes through the network)."""
        data_root = self.driver.data_of(get_step(key)).data_root
        asked = card.question
        card.say(translate("Predict", "Counting this run's mistakes on the test set…"))

        def done(result: object) -> None:
            if card.state != WAITING or card.question is not asked:
                return  # skipped or asked again meanwhile
            assert isinstance(result, tuple)
            matrix, classes = result
            try:
                card.set_truth(questions.confusion_truth(asked, matrix, classes, run_dir))
            except UserError as e:
                card.close_with(str(e))

        def failed(sentence: str) -> None:
            if card.state == WAITING and card.question is asked:
                card.close_with(sentence)

        self.driver.main.jobs.run(lambda: questions.run_confusion(run_dir, data_root), done, failed, False)
