"""A newcomer's first start: the Lessons open at 18.1, Help ▸ Getting started shows five steps with
pictures of this window, and every tab says what it shows."""

from __future__ import annotations

from typing import Any

from app_testing import ALL_PANELS, LOAD_TIMEOUT_MS
from PySide6.QtCore import QPoint, QSettings
from PySide6.QtWidgets import QLabel, QMenu, QWidget

from ui.getting_started import STEPS, GettingStarted
from ui.main_window import MainWindow


def _window(qtbot: Any, settings: QSettings) -> MainWindow:
    w = MainWindow(settings, panels=ALL_PANELS, error_dialogs=False)
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitUntil(lambda: w.setup.loaded() is not None or bool(w.setup.data_error()), timeout=LOAD_TIMEOUT_MS)
    return w


def test_the_first_start_opens_the_lessons_at_18_1_and_the_choice_is_remembered(qtbot: Any,
                                                                                settings: QSettings) -> None:
    first = _window(qtbot, settings)
    assert first.lessons.action.isChecked() and first.lessons.currentWidget() is first.lessons.pane
    assert first.lessons.pane.sections.tabText(first.lessons.pane.sections.currentIndex()) == "18.1"
    first.lessons.action.setChecked(False)  # the student goes to the setup …
    first.close()
    second = _window(qtbot, settings)
    assert not second.lessons.action.isChecked()  # … and finds it there next time
    assert second.lessons.currentWidget() is second.setup
    second.close()


def test_getting_started_has_five_steps_each_with_a_picture_of_the_window(qtbot: Any, settings: QSettings) -> None:
    window = _window(qtbot, settings)
    help_menu = window.menuBar().findChild(QMenu, "helpMenu")
    assert help_menu is not None
    names = [a.objectName() for a in help_menu.actions()]
    assert names[0] == "gettingStarted"
    dialog = GettingStarted(window, window.lessons)
    qtbot.addWidget(dialog)
    pictures = [label for label in dialog.findChildren(QLabel) if label.objectName().startswith("picture_")]
    assert len(pictures) == len(STEPS) == 5
    assert all(not p.pixmap().isNull() and 0 < p.pixmap().width() <= 320 for p in pictures)
    toolbar = next(p for p in pictures if p.objectName() == "picture_toolbar").pixmap()
    assert toolbar.height() > 10  # the run tool bar, drawn
    window.close()


def test_every_tab_says_what_it_shows(qtbot: Any, settings: QSettings) -> None:
    window = _window(qtbot, settings)
    tabs = window.tabs
    assert tabs.count() >= 9  # curves, runs and the seven inspection tabs
    for i in range(tabs.count()):
        page = tabs.widget(i)
        assert page is not None and len(page.whatsThis()) > 40, tabs.tabText(i)
        assert tabs.tabToolTip(i) == page.whatsThis()
    window.close()


def _ink_top(label: QLabel, dialog: QWidget) -> int:
    """The first row of dark pixels the label draws, in the dialog's coordinates."""
    image = label.grab().toImage()
    for y in range(image.height()):
        if any(image.pixelColor(x, y).lightness() < 100 for x in range(image.width())):
            return label.mapTo(dialog, QPoint(0, y)).y()
    raise AssertionError(f"{label.objectName()} draws nothing")


def test_each_step_number_sits_beside_the_first_line_of_its_text(qtbot: Any, settings: QSettings) -> None:
    window = _window(qtbot, settings)
    dialog = GettingStarted(window, window.lessons)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    tops = []
    for step in range(1, len(STEPS) + 1):
        number, words = (dialog.findChild(QLabel, f"{kind}_{step}") for kind in ("step", "words"))
        assert number is not None and words is not None
        tops.append((_ink_top(number, dialog), _ink_top(words, dialog)))
    # a digit and a capital letter start within a pixel or two of each other on the same line
    assert all(abs(number_top - words_top) <= 3 for number_top, words_top in tops), tops
    assert all(a[0] < b[0] for a, b in zip(tops, tops[1:], strict=False))  # and the numbers go down the page
    window.close()
