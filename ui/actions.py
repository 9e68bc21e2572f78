"""The window's actions, their keyboard shortcuts, the menus and the run tool bar.

:func:`make_actions` builds one :class:`QAction` per command of a :class:`CommandTarget` (the main
window); :func:`make_menus` and :func:`make_toolbar` place them. Nothing here knows about runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QMenuBar, QToolBar, QWidget

import cnnlab
from cnnlab.i18n import QT_TRANSLATE_NOOP

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls
Keys = tuple[QKeySequence | QKeySequence.StandardKey, ...]

SHORTCUTS: dict[str, Keys] = {  # the one table of keys: the actions, their tool tips and the Help text read it
    "start": (QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter"), QKeySequence("F5")),
    "pause": (QKeySequence("Ctrl+P"),),
    "stop": (QKeySequence("Esc"), QKeySequence("Ctrl+.")),
    "open": (QKeySequence.StandardKey.Open,),
    "export": (QKeySequence("Ctrl+E"),),
    "quit": (QKeySequence.StandardKey.Quit,),
}
SHORTCUT_ROWS = (  # Help ▸ Keyboard shortcuts, in menu order; labels translated when shown
    (QT_TRANSLATE_NOOP("Actions", "Start training"), "start"),
    (QT_TRANSLATE_NOOP("Actions", "Pause / resume"), "pause"),
    (QT_TRANSLATE_NOOP("Actions", "Stop (keeps what was trained)"), "stop"),
    (QT_TRANSLATE_NOOP("Actions", "Open a run folder"), "open"),
    (QT_TRANSLATE_NOOP("Actions", "Export curves as PNG"), "export"), (QT_TRANSLATE_NOOP("Actions", "Quit"), "quit"),
)
RUN_BUTTON_WIDTH = 72  # pixels: Start, Pause/Resume and Stop buttons stay one size as their texts change


class CommandTarget(Protocol):
    """What the actions trigger: the main window's public commands."""

    def start(self) -> bool: ...
    def toggle_pause(self) -> None: ...
    def stop(self) -> None: ...
    def choose_run(self) -> None: ...
    def choose_export(self) -> None: ...
    def close(self) -> bool: ...
    def show_shortcuts(self) -> None: ...
    def show_about(self) -> None: ...


@dataclass(frozen=True)
class Actions:
    start: QAction
    pause: QAction
    stop: QAction
    open: QAction
    export: QAction
    quit: QAction
    shortcuts: QAction
    about: QAction

    def run_actions(self) -> tuple[QAction, QAction, QAction]:
        return self.start, self.pause, self.stop


def sequences(keys: Keys) -> list[QKeySequence]:
    """``keys`` as key sequences: a standard key made into one, a sequence as it is (copying one would make
    PySide6 build Qt's enums, which the window's first paint does without)."""
    return [k if isinstance(k, QKeySequence) else QKeySequence(k) for k in keys]


def keys_text(keys: Keys) -> str:
    """``keys`` as the platform writes them, e.g. "Ctrl+Return, F5"."""
    texts = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in sequences(keys)]
    return ", ".join(dict.fromkeys(t for t in texts if t))  # once each: Return and Enter may read the same (回车)


def shortcuts_text() -> str:
    """One line per command that has keys on this platform, each key written once."""
    rows = ((_tr(label), keys_text(SHORTCUTS[key])) for label, key in SHORTCUT_ROWS)
    return "\n".join(f"{label}: {keys}" for label, keys in rows if keys)


def _tr(text: str) -> str:
    """A text marked elsewhere with QT_TRANSLATE_NOOP("Actions", ...), in the window's language."""
    return QCoreApplication.translate("Actions", text)


def window_action(window: QWidget, text: str, slot: Callable[[], object], keys: Keys = (), tip: str = "") -> QAction:
    """An action of ``window`` calling ``slot``, its tip (and shortcut) in the tool tip and the status line."""
    action = QAction(text, window)
    if keys:
        action.setShortcuts(sequences(keys))  # anywhere in the window: an action's default context
    shortcut = keys_text(keys)
    action.setToolTip(f"{tip or text} ({shortcut})" if shortcut else (tip or text))
    action.setStatusTip(tip or text)
    action.triggered.connect(lambda _checked=False: slot())
    window.addAction(action)
    return action


class HasMenuBar(Protocol):
    def menuBar(self) -> QMenuBar: ...  # noqa: N802 (Qt's name)


def menu_holding(window: HasMenuBar, action: QAction) -> QMenu | None:
    """The menu bar's menu that holds ``action`` (a part that adds its own entries puts them beside it)."""
    for top in window.menuBar().actions():
        menu = top.menu()
        if isinstance(menu, QMenu) and action in menu.actions():
            return menu
    return None


def make_actions(window: QWidget, target: CommandTarget) -> Actions:
    return Actions(
        start=window_action(window, translate("Actions", "&Start"), target.start, SHORTCUTS["start"],
                      translate("Actions", "Start training with these settings")),
        pause=window_action(window, translate("Actions", "&Pause"), target.toggle_pause, SHORTCUTS["pause"],
                      translate("Actions", "Pause the run; press again to resume")),
        stop=window_action(window, translate("Actions", "S&top"), target.stop, SHORTCUTS["stop"],
                     translate("Actions", "Stop the run and keep what was trained")),
        open=window_action(window, translate("Actions", "&Open run…"), target.choose_run, SHORTCUTS["open"],
                     translate("Actions", "Open a finished run folder and show its curves")),
        export=window_action(window, translate("Actions", "&Export curves as PNG…"), target.choose_export,
                       SHORTCUTS["export"],
                       translate("Actions", "Save both plots as a PNG image")),
        quit=window_action(window, translate("Actions", "&Quit"), target.close, SHORTCUTS["quit"],
                     translate("Actions", "Close cnnlab")),
        shortcuts=window_action(window, translate("Actions", "&Keyboard shortcuts"), target.show_shortcuts),
        about=window_action(window, translate("Actions", "&About cnnlab"), target.show_about),
    )


def make_menus(window: QMainWindow, actions: Actions, epochs_action: QAction) -> QMenu:
    """File, Run, View and Help; returns the (empty) File ▸ Recent runs menu for its owner to fill."""
    bar = window.menuBar()
    file_menu = bar.addMenu(translate("Actions", "&File"))
    file_menu.addAction(actions.open)
    recent_menu = QMenu(translate("Actions", "&Recent runs"), window)
    file_menu.addMenu(recent_menu)
    file_menu.addSeparator()
    file_menu.addAction(actions.export)
    file_menu.addSeparator()
    file_menu.addAction(actions.quit)
    run_menu = bar.addMenu(translate("Actions", "&Run"))
    for a in actions.run_actions():
        run_menu.addAction(a)
    view_menu = bar.addMenu(translate("Actions", "&View"))
    view_menu.setObjectName("viewMenu")  # View ▸ Language is added to it by name
    view_menu.addAction(epochs_action)
    help_menu = bar.addMenu(translate("Actions", "&Help"))
    help_menu.setObjectName("helpMenu")  # found by the features that add entries (Getting started)
    help_menu.addAction(actions.shortcuts)
    help_menu.addAction(actions.about)
    return recent_menu


def make_toolbar(window: QMainWindow, actions: Actions, *widgets: QWidget) -> QToolBar:
    """Start, Pause and Stop as buttons, then ``widgets`` (the progress bar and its line)."""
    bar = QToolBar(translate("Actions", "Run"))
    bar.setObjectName("runToolbar")
    bar.setMovable(False)  # its buttons show their actions' text: the actions have no icons
    for name, a in zip(("start", "pause", "stop"), actions.run_actions(), strict=True):
        bar.addAction(a)
        button = bar.widgetForAction(a)
        button.setObjectName(f"{name}Button")
        button.setMinimumWidth(RUN_BUTTON_WIDTH)
    bar.addSeparator()
    for widget in widgets:
        bar.addWidget(widget)
    window.addToolBar(bar)  # at the top
    return bar


def show_shortcuts(parent: QWidget) -> None:
    from PySide6.QtWidgets import QMessageBox  # with the dialog: the window's first paint does not wait for it

    QMessageBox.information(parent, translate("Actions", "Keyboard shortcuts"), shortcuts_text())


def show_about(parent: QWidget) -> None:
    from PySide6.QtWidgets import QMessageBox  # with the dialog: the window's first paint does not wait for it

    QMessageBox.about(parent, translate("Actions", "About cnnlab"),
                      f"<b>cnnlab {cnnlab.__version__}</b><br>"
                      + translate("Actions", "A teaching lab for convolutional neural networks: pick a dataset "
                                  "and a network, train it while the curves draw, then look inside.") + "<br><br>"
                      + translate("Actions", "Built on PyTorch, PySide6 and pyqtgraph."))
