"""The window's left column: the setup, or the Lessons in its place. The tool bar's Lessons button (and
View ▸ Lessons) switches between them; they share the column's size, so it adds no height.

The column, its button and whether it opens on the Lessons (at the first start, and whenever they were
open when the window closed) are part of the window's first paint; the Lessons pane itself
(:mod:`ui.lessons`, which needs torch) takes its place once the window's parts are loaded
(:meth:`LeftColumn.set_pane`), a line saying it is loading until then.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu, QSplitter, QStackedWidget, QToolBar, QWidget

from ui.window_parts import loading_page

if TYPE_CHECKING:
    from ui.lessons.pane import LessonsPane

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls
LESSONS_KEY = "lessonsOpen"  # QSettings: whether the left column showed the Lessons when the window closed
LESSONS_ANCHOR = "lessonsSeparator"  # the tool bar's separator before Lessons: buttons added later go before it
FIRST_SECTION = "18.1"  # the section the Lessons open at on a first start


class LeftColumn(QStackedWidget):
    """The setup (page 0) and the Lessons (page 1); ``action`` switches between them."""

    def __init__(self, setup: QWidget) -> None:
        super().__init__()
        self.setObjectName("leftColumn")
        self.setup = setup
        self._pane: LessonsPane | None = None
        self.addWidget(setup)
        self.addWidget(loading_page(translate("Lessons", "Loading the lessons…"), "lessonsLoading"))
        self.action = QAction(translate("Lessons", "&Lessons"), self, checkable=True)
        self.action.setToolTip(translate("Lessons", "The chapter's lessons in place of the setup: each step trains "
                                         "or opens a run and shows its figure beside the book's number. Press "
                                         "again for the setup."))
        self.action.toggled.connect(self._show_lessons)

    @property
    def pane(self) -> LessonsPane:
        """The Lessons pane, once the window's parts are loaded."""
        if self._pane is None:
            raise AttributeError("the Lessons pane is installed with the window's parts")
        return self._pane

    def has_pane(self) -> bool:
        return self._pane is not None

    def set_pane(self, pane: LessonsPane) -> None:
        """The Lessons pane in place of the loading line (shown at once if the Lessons are open)."""
        placeholder = self.widget(1)
        self._pane = pane
        self.insertWidget(1, pane)
        if placeholder is not None:
            self.removeWidget(placeholder)
            placeholder.deleteLater()
        self._show_lessons(self.action.isChecked())

    def _show_lessons(self, on: bool) -> None:
        self.setCurrentIndex(1 if on else 0)
        if on and self._pane is not None:
            self._pane.refresh()


def install_left_column(window: QMainWindow, setup: QWidget, splitter: QSplitter, toolbar: QToolBar,
                        settings: QSettings) -> LeftColumn:
    """Put the setup and the Lessons in one stack where the setup was in ``splitter``, with View ▸ Lessons
    and a tool-bar button; the Lessons show at the first start and when they were open last time."""
    index = splitter.indexOf(setup)
    column = LeftColumn(setup)  # takes the setup out of the splitter…
    splitter.insertWidget(index, column)  # …and puts the column in its place
    splitter.setStretchFactor(index, 1)  # as the setup had: a wider window widens it a little
    view = window.menuBar().findChild(QMenu, "viewMenu")
    if view is not None:
        first = view.actions()
        if first:
            view.insertAction(first[0], column.action)
        else:
            view.addAction(column.action)
    toolbar.addSeparator().setObjectName(LESSONS_ANCHOR)
    toolbar.addAction(column.action)
    if settings.value(LESSONS_KEY, True, type=bool):  # the first start, or left open last time
        column.action.setChecked(True)
    return column


def save_lessons_open(column: LeftColumn, settings: QSettings) -> None:
    """Remember whether the Lessons were open, for the next start."""
    settings.setValue(LESSONS_KEY, column.action.isChecked())
