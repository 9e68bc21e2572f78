"""View ▸ Language: 简体中文 or English, saved in the settings and applied at the next start.

The window is built once in one language (every text is translated as it is made), so a new choice
takes effect when cnnlab starts again; the menu and the status line say so in one sentence.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMainWindow, QMenu

from ui import i18n

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls


def add_language_menu(window: QMainWindow, settings: QSettings, say: Callable[[str], None]) -> QMenu:
    """Add View ▸ Language to ``window`` (after the View menu's entries); ``say`` shows a status sentence."""
    view = window.menuBar().findChild(QMenu, "viewMenu")
    menu = QMenu(translate("LanguageMenu", "&Language"), window)
    menu.setObjectName("languageMenu")
    if view is not None:
        view.addSeparator()
        view.addMenu(menu)
    else:
        window.menuBar().addMenu(menu)
    note = menu.addAction(translate("LanguageMenu", "Applies at the next start"))
    note.setEnabled(False)
    menu.addSeparator()
    group = QActionGroup(menu)
    group.setExclusive(True)
    chosen = i18n.saved_language(settings) or i18n.current_language()
    for lang, name in i18n.LANGUAGES.items():
        action = QAction(name, menu, checkable=True)
        action.setData(lang)
        action.setChecked(lang == chosen)
        group.addAction(action)
        menu.addAction(action)

        def choose(_checked: bool = False, lang: str = lang, name: str = name) -> None:
            i18n.save_language(settings, lang)
            if lang == i18n.current_language():
                say(translate("LanguageMenu", "The window is shown in {0}.").format(name))
            else:
                say(translate("LanguageMenu", "cnnlab will be shown in {0} from its next start.").format(name))

        action.triggered.connect(choose)
    return menu
