"""What the designer says on the window's status line, and an error of its own taken back once it is out of
date: a design error (a design Train refused, a file that would not open or save) goes when the view shows
another design that works (an edit, Undo) or opens another design. Only the designer's own error goes, and only
while the status line still shows it: a sentence said since by anything else stays."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from cnnlab.design.spec import Design
from ui.design.files_menu import Say
from ui.design.view import DesignView
from ui.design.xray_runner import XRayResult

Shown = Callable[[], tuple[str, bool]]  # the status line's sentence now, and whether it is an error


class DesignStatus(QObject):
    """``say(sentence, error)`` for the designer's commands (``show`` puts it on the status line)."""

    def __init__(self, view: DesignView, show: Say, shown: Shown) -> None:
        super().__init__(view)
        self.view, self.show, self.shown = view, show, shown
        self.error = ""  # the designer's error the status line may still show; "" when none
        self.about: Design | None = None  # the design the view showed when the error was said
        view.xrayShown.connect(self._xray_shown)
        view.designOpened.connect(lambda _design: self.take_back())

    def say(self, sentence: str, error: bool = False) -> None:
        self.show(sentence, error)
        self.error, self.about = (sentence, self.view.design) if error else ("", None)

    def take_back(self) -> None:
        """The designer's error leaves the status line, unless something else has been said since."""
        if self.error and self.shown() == (self.error, True):
            self.show("", False)
        self.error, self.about = "", None

    def _xray_shown(self, result: XRayResult) -> None:
        if self.error and not result.error and result.design is not self.about:
            self.take_back()  # another design, and one that works: the error was about what is gone
