"""The runs the window knows (trained in this session or opened), as an evented, Qt-free model.

Each run has one :class:`RunEntry`: its label, a colour that stays the same in every view for as long
as the program runs (also when the run is closed and opened again), whether it is drawn (``visible``)
and whether the student ticked it to stay drawn when a newer run arrives (``pinned``). The model also
knows the newest run (drawn on top) and the run and epoch the inspection tabs show.
"""

from __future__ import annotations

from dataclasses import dataclass

from cnnlab.app.events import Events

# Distinct, colour-blind-friendly hues (Okabe–Ito, then a few extra) for overlaid runs.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#8C564B", "#7F7F7F")


@dataclass
class RunEntry:
    """One run as the views show it; change it through :class:`RunsState`, whose events tell the views."""

    key: str  # the run folder, or a session-unique name for a run without one
    label: str
    color: str
    visible: bool = True
    pinned: bool = False  # ticked by the student: stays overlaid when a newer run on the same dataset arrives
    dataset: str = ""  # what it trained on; "": not known (then it is compared with any run)


class RunsState:
    """The runs, newest last. Events: ``added(key)``, ``removed(key)``, ``visibility(frozenset of keys whose
    flags changed)``, ``current(key or None)``, ``epoch(int or None)``."""

    def __init__(self) -> None:
        self.entries: dict[str, RunEntry] = {}
        self.newest = ""  # the run drawn on top and bold
        self.current: str | None = None  # the run the inspection tabs show
        self.epoch: int | None = None  # and the epoch of it they show (None: its last)
        self._colors: dict[str, str] = {}  # every key ever seen -> its colour, kept after the run is closed
        self.events = Events(("added", "removed", "visibility", "current", "epoch"))

    def color_for(self, key: str) -> str:
        """The run's colour: the one it had before, else the first palette colour no open run has."""
        if key not in self._colors:
            used = {e.color for e in self.entries.values()}
            free = [c for c in PALETTE if c not in used]
            self._colors[key] = free[0] if free else PALETTE[len(self._colors) % len(PALETTE)]
        return self._colors[key]

    def add(self, key: str, label: str, *, show_only_this: bool = False, dataset: str = "") -> RunEntry:
        """A new (or reopened) run, drawn on top with the runs the student ticked (none with ``show_only_this``)
        on the same ``dataset``: curves of another dataset's run are no comparison, so those are unticked."""
        if key in self.entries:
            self.remove(key)
        changed = set()
        for other in self.entries.values():
            comparable = not dataset or not other.dataset or other.dataset == dataset
            visible = other.pinned and comparable and not show_only_this
            if (other.visible, other.pinned) != (visible, other.pinned and comparable):
                other.visible, other.pinned = visible, other.pinned and comparable
                changed.add(other.key)
        entry = RunEntry(key, label, self.color_for(key), dataset=dataset)
        self.entries[key] = entry
        self.newest = key
        self.events.added.emit(key)
        if changed:
            self.events.visibility.emit(frozenset(changed))
        return entry

    def remove(self, key: str) -> None:
        if self.entries.pop(key, None) is None:
            return
        if self.newest == key:
            self.newest = next(reversed(self.entries), "")
        if self.current == key:
            self.set_current(None)
        self.events.removed.emit(key)

    def set_visible(self, key: str, visible: bool) -> None:
        """Tick or untick a run, as the student does: a ticked run stays when a new one arrives."""
        entry = self.entries[key]
        if (entry.visible, entry.pinned) == (visible, visible):
            return
        entry.visible = entry.pinned = visible
        self.events.visibility.emit(frozenset({key}))

    def show_only(self, keys: list[str]) -> None:
        """Draw exactly the runs ``keys`` (ticked, as if by the student), the last one on top; untick the rest.
        A lesson step shows the runs it made this way, whatever was ticked before."""
        wanted = set(keys)
        unknown = wanted - self.entries.keys()
        if unknown:
            raise KeyError(f"no such runs: {sorted(unknown)}")
        changed = set()
        for entry in self.entries.values():
            on = entry.key in wanted
            if (entry.visible, entry.pinned) != (on, on):
                entry.visible = entry.pinned = on
                changed.add(entry.key)
        if keys and self.newest != keys[-1]:
            changed |= {self.newest, keys[-1]} - {""}
            self.newest = keys[-1]
        if changed:
            self.events.visibility.emit(frozenset(changed))

    def visible(self) -> list[RunEntry]:
        return [e for e in self.entries.values() if e.visible]

    def set_current(self, key: str | None, epoch: int | None = None) -> None:
        """The run (and epoch) the inspection tabs show."""
        if key != self.current:
            self.current = key
            self.events.current.emit(key)
        if epoch != self.epoch:
            self.epoch = epoch
            self.events.epoch.emit(epoch)
