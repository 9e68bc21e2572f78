"""The Lessons pane: chapter 18 section by section, shown in the window's left column in place of the setup.

A row of buttons picks the course's settings or the tuned default; a tab per section holds its
explanation and its step cards. A card's one button runs the step through :class:`LessonDriver`
(setup, open the saved run or train, show the chapter's figure) and then shows the book's
accuracy beside ours. Opening the lessons, choosing a section and pressing a step's button is all
it takes to reach a figure: three clicks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QAction, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QMenu,
    QRadioButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cnnlab.chapter import SECTIONS, get_step, steps_of
from cnnlab.chapter.runs import find_run
from cnnlab.errors import UserError
from cnnlab.models import get_model_spec
from cnnlab.runs import list_runs
from ui.i18n import card_text, core_message, dataset_title
from ui.lessons.cards import StepCard
from ui.lessons.classics_view import ClassicsView
from ui.lessons.content import INTROS, SECTION_TITLES, tr
from ui.lessons.driver import LessonDriver, StepOutcome, comparison
from ui.lessons.extras import CifarTimes, FashionSamples, mnist_table_html
from ui.lessons.predict_steps import LessonPredictions
from ui.lessons.text import WrappedText
from ui.predict import add_predictions_action

if TYPE_CHECKING:
    from cnnlab.datasets import DataSplits
    from ui.shell import Shell
    from ui.worker import DataRequest

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls
RECIPES = ("default", "course")  # the toggle's choices, tuned first: it trains in seconds to minutes


class PageScroll(QScrollArea):
    """Scrolls a page of word-wrapped texts vertically: the page gets the viewport's width and the height
    its wrapped texts need at that width (a plain QScrollArea ignores height-for-width and clips them)."""

    def __init__(self, page: QWidget) -> None:
        super().__init__()
        self.setWidget(page)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        page.installEventFilter(self)

    def fit(self) -> None:
        page = self.widget()
        layout = page.layout() if page is not None else None
        if page is not None and layout is not None:
            page.setMinimumHeight(layout.totalHeightForWidth(self.viewport().width()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.fit()  # a result line appeared or the samples were drawn
        return False


class LessonsPane(QWidget):
    """The recipe toggle, one tab per section (its explanation and step cards), and the cards' feedback."""

    def __init__(self, window: Shell, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.main = window
        self.driver = LessonDriver(window, self)
        self.cards: dict[str, StepCard] = {}
        self.section_slots: dict[str, QVBoxLayout] = {}  # a section's own prediction cards (18.1 has no step)
        self.predictions = LessonPredictions(self.driver, self.recipe, self.cards, self.section_slots, parent=self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(self._recipe_row())
        self.sections = QTabWidget()
        self.sections.setObjectName("lesson_sections")
        self.sections.setDocumentMode(True)
        for section in SECTIONS:
            index = self.sections.addTab(PageScroll(self._page(section.number)), section.number)
            self.sections.setTabToolTip(index, tr(SECTION_TITLES[section.number]))
        layout.addWidget(self.sections, 1)
        self.sections.currentChanged.connect(lambda _index: self.refresh())
        self.driver.stepShown.connect(self._on_shown)
        self.driver.stepProblem.connect(self._on_problem)
        self.driver.stepStarted.connect(self._on_started)
        window.runs.changed.connect(self._update_enabled)
        window.runFinished.connect(lambda _end: self.refresh())

    # ------------------------------------------------------------------ building
    def _recipe_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(QLabel(translate("Lessons", "Settings:")))
        self.recipe_group = QButtonGroup(self)
        names = {"default": translate("Lessons", "Tuned"), "course": translate("Lessons", "Course")}  # a noun, as Tuned
        tips = {"default": translate("Lessons", "The default recipe: tuned settings that train fast and beat "
                                     "the book's accuracy."),
                "course": translate("Lessons", "The lecture's own optimiser, learning rate, batch size and epochs: "
                                    "slower, and close to the book's numbers.")}
        self.recipe_buttons: dict[str, QRadioButton] = {}
        for i, recipe in enumerate(RECIPES):
            button = QRadioButton(names[recipe])
            button.setObjectName(f"lesson_recipe_{recipe}")
            button.setToolTip(tips[recipe])
            button.setChecked(i == 0)
            self.recipe_group.addButton(button, i)
            self.recipe_buttons[recipe] = button
            row.addWidget(button)
        row.addStretch(1)
        self.recipe_group.idToggled.connect(lambda _id, on: self.refresh() if on else None)
        return row

    def _page(self, number: str) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(2, 6, 2, 6)
        layout.setSpacing(8)
        title = QLabel(f"<h3>{tr(SECTION_TITLES[number])}</h3>")
        layout.addWidget(title)
        intro = WrappedText(f"lesson_intro_{number}")
        intro.setText(tr(INTROS[number]))
        layout.addWidget(intro)
        if number == "18.1":
            self.classics = ClassicsView(lambda fn, done, failed: self.main.jobs.run(fn, done, failed, False))
            self.classics.buildRequested.connect(self._build_classic)
            layout.addWidget(self.classics)
        if number == "18.3":
            table = WrappedText("lesson_mnist_table", mnist_table_html())
            layout.addWidget(table)
        if number == "18.4":
            self.fashion = FashionSamples()
            self.fashion.button.clicked.connect(self._show_fashion_samples)
            layout.addWidget(self.fashion)
        if number == "18.5":
            self.cifar_times = CifarTimes(self.main.jobs.run, self.main.setup.device_name)
            layout.addWidget(self.cifar_times)
        self.section_slots[number] = QVBoxLayout()
        layout.addLayout(self.section_slots[number])
        for step in steps_of(number):
            card = StepCard(step)
            card.clicked.connect(self.run_step)
            self.cards[step.key] = card
            layout.addWidget(card)
        layout.addStretch(1)
        return page

    # ------------------------------------------------------------------- actions
    def recipe(self) -> str:
        return RECIPES[max(0, self.recipe_group.checkedId())]

    def set_recipe(self, recipe: str) -> None:
        self.recipe_buttons[recipe].setChecked(True)

    def show_section(self, number: str) -> None:
        self.sections.setCurrentIndex([s.number for s in SECTIONS].index(number))

    def run_step(self, key: str) -> bool:
        self.predictions.lock_in(key)  # a guess given but not revealed counts: it was made before the answer
        ran = self.driver.run_step(key, self.recipe())
        self._update_enabled()  # a step waiting for its data holds the buttons too
        return ran

    def _build_classic(self, model: str) -> None:
        setup = self.main.setup
        if self.main.is_running():
            self.main.show_status(translate("Lessons", "A run is training: wait for it to end, or stop it, "
                                              "before starting a lesson step."), error=True)
            return
        try:
            setup.set_model(model)
        except UserError as e:
            self.main.show_status(str(e), error=True)
            return
        text = translate("Lessons", "{0} is set up for {1}: its layer table is in the setup, under Model (press "
                         "Lessons to go back to it); press Start to train it.")
        title = card_text(get_model_spec(model).card.title)
        self.main.show_status(text.format(title, dataset_title(setup.spec().title)))

    def _show_fashion_samples(self) -> None:
        from cnnlab.chapter.runs import locate_step_data
        from ui.lessons.driver import missing_data_sentence

        step = get_step("fashion-cnn")
        if self.main.is_running():
            self.fashion.say(translate("Lessons", "A run is training: wait for it to end, or stop it, "
                                       "before starting a lesson step."))
            return
        setup = self.main.setup
        if locate_step_data(step, setup.data_root(step.dataset)).problem:
            setup.set_dataset(step.dataset)  # the setup shows the data folder button to choose with
            self.fashion.say(missing_data_sentence(step))
            return
        loaded = setup.loaded()
        if setup.dataset_name() == step.dataset and loaded is not None:
            self.fashion.show_samples(loaded[1])
            return
        self.main.dataLoaded.connect(self._on_data_loaded)
        setup.set_dataset(step.dataset)

    def _on_data_loaded(self, request: DataRequest) -> None:
        if request.dataset != "fashion-mnist":
            return
        self.main.dataLoaded.disconnect(self._on_data_loaded)
        loaded = self.main.setup.loaded()
        if loaded is not None:
            splits: DataSplits = loaded[1]
            self.fashion.show_samples(splits)

    # ------------------------------------------------------------------ feedback
    def refresh(self) -> None:
        """The current section's buttons say whether they train or open a saved run."""
        if not self.isVisibleTo(self.main.window()):
            return  # refreshed when shown
        number = SECTIONS[max(0, self.sections.currentIndex())].number
        if number == "18.1":
            self.classics.count()
        self.predictions.refresh(number)
        page_steps = steps_of(number)
        if not page_steps:
            return
        try:
            records = list_runs()
        except (UserError, OSError):
            records = []
        for step in page_steps:
            data = self.driver.data_of(step)
            saved = False
            if not data.problem:
                try:
                    saved = find_run(self.driver.wanted(step, self.recipe(), data), records=records) is not None
                except UserError:
                    saved = False
            self.cards[step.key].set_saved(saved)
        self._update_enabled()

    def _update_enabled(self) -> None:
        busy = self.driver.busy()
        page = self.sections.currentWidget()
        if busy and isinstance(page, PageScroll):
            if any(QApplication.focusWidget() is card.button for card in self.cards.values()):
                # a disabled button hands the focus on, and the page would scroll to the next card's button
                page.setFocus(Qt.FocusReason.OtherFocusReason)
            bar = page.verticalScrollBar()
            at = bar.value()
            for card in self.cards.values():
                card.button.setEnabled(False)
            bar.setValue(at)  # the page stays where the student is reading
            return
        for card in self.cards.values():
            card.button.setEnabled(not busy)

    def keep_in_view(self, key: str) -> None:
        """The step's card (its button and result line) in view on its section's page."""
        card = self.cards[key]
        self.show_section(card.step.section)
        page = self.sections.currentWidget()
        inner = page.widget() if isinstance(page, PageScroll) else None
        if isinstance(page, PageScroll) and inner is not None:
            page.fit()
            layout = inner.layout()
            if layout is not None:
                layout.activate()  # the result line just shown has its place before the page scrolls to it
            page.ensureWidgetVisible(card.result if card.result.isVisibleTo(card) else card.button, 0, 8)

    def _on_started(self, key: str) -> None:
        self.cards[key].show_result(translate("Lessons", "Training… the figure's tab opens when the run ends."))
        self._update_enabled()
        self.keep_in_view(key)

    def _on_shown(self, outcome: StepOutcome) -> None:
        self.cards[outcome.key].show_result(comparison(outcome.book_acc, outcome.test_acc))
        self.refresh()
        self.keep_in_view(outcome.key)

    def _on_problem(self, key: str, sentence: str) -> None:
        self.cards[key].show_result(core_message(sentence), error=True)
        self.main.show_status(sentence, error=True)
        self._update_enabled()
        self.keep_in_view(key)


class LessonsColumn(Protocol):
    """Where the pane goes: the window's left column (:class:`ui.left_column.LeftColumn`)."""

    action: QAction  # View ▸ Lessons, which View ▸ My predictions… follows

    def set_pane(self, pane: LessonsPane) -> None: ...


def install_lessons(window: Shell, column: LessonsColumn) -> LessonsPane:
    """Put the Lessons pane into the window's left column (which shows it in place of the setup when the
    Lessons are open: the column and its button are part of the window's first paint)."""
    pane = LessonsPane(window)
    column.set_pane(pane)
    predictions = add_predictions_action(window.window(), None)  # View ▸ My predictions…, after View ▸ Lessons
    view = window.menuBar().findChild(QMenu, "viewMenu")
    if view is not None:
        actions = view.actions()
        after = actions.index(column.action) + 1 if column.action in actions else 0
        if after < len(actions):
            view.insertAction(actions[after], predictions)
        else:
            view.addAction(predictions)
    column.predictions_action = predictions  # type: ignore[attr-defined]  # found by tests and the Help texts
    return pane
