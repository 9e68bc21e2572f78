"""Undo and redo in the Design view: every edit is one :class:`DesignEdit` holding the design before and
after (designs are immutable, so nothing else needs keeping). Edits of the same cell or field in a row merge
into one step, so typing "128" in a cell is undone at once, not a digit at a time."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtGui import QUndoCommand

from cnnlab.design.spec import Design
from ui.design.edits import LayerPath

MERGING = 27  # the id of edits that merge with the one before when their keys are equal (any number but -1)


class Shows(Protocol):
    def show_design(self, design: Design, select: LayerPath | None) -> None: ...


class DesignEdit(QUndoCommand):
    def __init__(self, view: Shows, before: Design, after: Design, text: str, key: object = None,
                 select_before: LayerPath | None = None, select_after: LayerPath | None = None) -> None:
        super().__init__(text)
        self.view, self.before, self.after, self.key = view, before, after, key
        self.select_before, self.select_after = select_before, select_after

    def id(self) -> int:
        return MERGING if self.key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, DesignEdit) or other.key != self.key or self.key is None:
            return False
        self.after, self.select_after = other.after, other.select_after
        return True

    def redo(self) -> None:
        self.view.show_design(self.after, self.select_after)

    def undo(self) -> None:
        self.view.show_design(self.before, self.select_before)
