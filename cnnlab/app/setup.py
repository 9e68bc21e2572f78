"""The setup's state as an evented model (in the style of napari's evented models), free of Qt.

:class:`SetupState` holds what the setup pickers and the form show: the chosen dataset, model, recipe
and device, the data folders, the form's field texts, the seed of the previewed data, the load-request
generation, the loaded preview data and the errors. Each attribute has an event in ``state.events``;
setting an attribute to a different value fires that event with the new value. Widgets write what the
student does into the state and redraw from its events; they never own the state.

``update(**values)`` sets several attributes at once: every value is in place before the first event
fires, and a callback joined with ``events.connect_any`` runs once per update, however many of its
attributes changed. Changing the dataset, its data folder or the seed bumps ``generation``: a new
preview load is due (``reload()`` bumps it alone, to retry the same load).
"""

from __future__ import annotations

from typing import Any

from cnnlab.app.events import Events
from cnnlab.datasets import DataSplits
from cnnlab.engine.data import DataRequest

LoadKey = tuple[str, str | None, int]


class SetupState:
    """What the setup shows; see the module docstring for the events."""

    dataset: str
    model: str
    recipe: str
    device: str
    data_roots: dict[str, str]  # dataset -> the folder the student chose
    texts: dict[str, str]  # form field -> its text
    seed: int  # the seed of the previewed (generated) data
    generation: int  # bumped whenever a new preview load is due
    loaded: tuple[DataRequest, DataSplits] | None  # the previewed data
    data_error: str  # why the preview could not load
    model_error: str  # why the model cannot be built for this data
    summary_key: tuple[str, tuple[int, int, int], int] | None  # (model, input shape, classes) of the layer table

    FIELDS = ("dataset", "model", "recipe", "device", "data_roots", "texts", "seed", "generation", "loaded",
              "data_error", "model_error", "summary_key")
    _BY_IDENTITY = frozenset({"loaded"})  # compared with ``is``: data splits hold tensors
    _LOAD_KEY = frozenset({"dataset", "data_roots", "seed"})

    def __init__(self, dataset: str = "", model: str = "", recipe: str = "", device: str = "") -> None:
        values: dict[str, Any] = {
            "dataset": dataset, "model": model, "recipe": recipe, "device": device, "data_roots": {},
            "texts": {}, "seed": 0, "generation": 0, "loaded": None, "data_error": "", "model_error": "",
            "summary_key": None}
        for name, value in values.items():
            object.__setattr__(self, name, value)
        object.__setattr__(self, "events", Events(self.FIELDS))

    events: Events

    def __setattr__(self, name: str, value: Any) -> None:
        if name in self.FIELDS:
            self.update(**{name: value})
        else:
            raise AttributeError(f"SetupState has no attribute {name!r}")

    def _same(self, name: str, value: Any) -> bool:
        old = getattr(self, name)
        return bool(old is value) if name in self._BY_IDENTITY else bool(old == value)

    def load_key(self) -> LoadKey:
        return self.dataset, self.data_root(), self.seed

    def data_root(self, dataset: str | None = None) -> str | None:
        return self.data_roots.get(dataset or self.dataset)

    def update(self, **values: Any) -> frozenset[str]:
        """Set several attributes, then fire the events of those that changed; returns their names."""
        unknown = values.keys() - set(self.FIELDS)
        if unknown:
            raise AttributeError(f"SetupState has no attributes {sorted(unknown)}")
        key = self.load_key()
        changed: dict[str, Any] = {}
        for name in self.FIELDS:  # a fixed order: the dataset's event fires before the generation's
            if name in values and not self._same(name, values[name]):
                value = values[name]
                if isinstance(value, dict):
                    value = dict(value)  # the state's own copy: a caller's later edits do not leak in
                object.__setattr__(self, name, value)
                changed[name] = value
        if "generation" not in values and self._LOAD_KEY & changed.keys() and self.load_key() != key:
            object.__setattr__(self, "generation", self.generation + 1)
            changed["generation"] = self.generation
        if changed:
            self.events.fire(changed)
        return frozenset(changed)

    def reload(self) -> None:
        """Ask for the preview load again (the same folder chosen again: retry)."""
        self.update(generation=self.generation + 1)
