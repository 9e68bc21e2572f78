"""Events of the app model (in the style of napari's evented models), free of Qt.

Each attribute of an evented state has an :class:`Emitter`; setting it to a different value fires the
emitter with the new value. ``connect_any`` joins a callback to a group of attributes: it runs once per
update, however many of them changed. Views connect to these events and redraw; they never own the state.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

Callback = Callable[[Any], None]
GroupCallback = Callable[[frozenset[str]], None]


class Emitter:
    """One event: ``connect(callback)``; ``emit(value)`` calls every callback with the value."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._callbacks: list[Callback] = []

    def connect(self, callback: Callback) -> Callback:
        self._callbacks.append(callback)
        return callback

    def disconnect(self, callback: Callback) -> None:
        self._callbacks.remove(callback)

    def emit(self, value: Any) -> None:
        for callback in list(self._callbacks):
            callback(value)


class Events:
    """One :class:`Emitter` per name, plus callbacks on groups of them."""

    def __init__(self, names: Iterable[str]) -> None:
        self._emitters = {name: Emitter(name) for name in names}
        self._groups: list[tuple[frozenset[str], GroupCallback]] = []

    def __getattr__(self, name: str) -> Emitter:
        emitters: dict[str, Emitter] = self.__dict__["_emitters"]
        try:
            return emitters[name]
        except KeyError:
            raise AttributeError(name) from None

    def __getitem__(self, name: str) -> Emitter:
        return self._emitters[name]

    def connect_any(self, names: Iterable[str], callback: GroupCallback) -> GroupCallback:
        """Call ``callback(changed names)`` once per update that changed any of ``names``."""
        wanted = frozenset(names)
        unknown = wanted - self._emitters.keys()
        if unknown:
            raise KeyError(f"no such attributes: {sorted(unknown)}")
        self._groups.append((wanted, callback))
        return callback

    def fire(self, changed: dict[str, Any]) -> None:
        for name, value in changed.items():
            self._emitters[name].emit(value)
        names = frozenset(changed)
        for wanted, callback in list(self._groups):
            if wanted & names:
                callback(names)
