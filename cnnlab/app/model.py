"""One Qt-free model of what the window shows: the setup, the runs, the inspected subject and the status.

The window is a thin shell that lays views out; views and features receive this model (and the few
services they need), change it and observe its events. Tests drive it without a screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from cnnlab.app.events import Events
from cnnlab.app.runs import RunsState
from cnnlab.app.setup import SetupState
from cnnlab.app.status import StatusState


@dataclass(frozen=True)
class Inspected:
    """What the inspection tabs look at within a run: a test image, a layer and a class (None: not chosen)."""

    image: int | None = None
    layer: str | None = None
    target: int | None = None


class AppModel:
    """``setup``, ``runs``, ``status`` and the ``inspected`` subject (event ``inspected``)."""

    def __init__(self, setup: SetupState | None = None) -> None:
        self.setup = setup or SetupState()
        self.runs = RunsState()
        self.status = StatusState()
        self.inspected = Inspected()
        self.events = Events(("inspected",))

    def inspect(self, *, image: int | None = None, layer: str | None = None, target: int | None = None) -> None:
        """Point the inspection tabs at a test image, a layer and a class."""
        chosen = Inspected(image, layer, target)
        if chosen != self.inspected:
            self.inspected = chosen
            self.events.inspected.emit(chosen)
