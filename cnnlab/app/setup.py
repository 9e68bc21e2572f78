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

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from cnnlab.app.data_folders import remember_data_folder
from cnnlab.app.events import Events
from cnnlab.datasets import DataSource, get_dataset_spec, list_datasets, resolve_source
from cnnlab.engine.config import TrainConfig
from cnnlab.engine.request import DataRequest
from cnnlab.errors import Sentence
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.models.cards import model_names

if TYPE_CHECKING:  # the state is made before torch is imported: the window shows it at once
    from cnnlab.datasets import DataSplits

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
        object.__setattr__(self, "_source", None)  # (dataset, folder, generation) and where its files are

    _source: tuple[tuple[str, str | None, int], DataSource] | None

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

    def data_request(self) -> DataRequest:
        """What the preview loads: the run's data without a train limit."""
        return DataRequest(dataset=self.dataset, data_root=self.data_root(), seed=self.seed)

    def data_source(self) -> DataSource:
        """Where the dataset's files are, as every entry point finds them (:func:`cnnlab.datasets.resolve_source`);
        looked up again when the dataset, its folder or the load (``reload()``: the folder chosen again) changes."""
        key = (self.dataset, self.data_root(), self.generation)
        if self._source is None or self._source[0] != key:
            object.__setattr__(self, "_source", (key, resolve_source(self.dataset, key[1])))
        assert self._source is not None
        return self._source[1]

    def set_data_root(self, dataset: str, folder: str | None) -> None:
        """Use ``folder`` for ``dataset`` (None: the usual places); the same folder again retries the load."""
        roots = dict(self.data_roots)
        if folder:
            roots[dataset] = folder
        else:
            roots.pop(dataset, None)
        if "generation" not in self.update(data_roots=roots) and dataset == self.dataset:
            self.reload()

    def choose_data_folder(self, folder: str | None) -> None:
        """The student chose ``folder`` for the dataset (None: *Default*, forget it): used now and remembered
        where the CLI, ``cnnlab chapter`` and the lessons look too. Raises StorageError (after using it) when
        it cannot be remembered."""
        dataset = self.dataset
        try:
            remember_data_folder(dataset, folder)  # first: with no folder, the usual places include the remembered one
        finally:
            self.set_data_root(dataset, folder)

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

    def input_shape(self) -> tuple[tuple[int, int, int], int] | None:
        """(input shape (C, H, W), class count) from the dataset's spec, else from the loaded data; None until
        a folder dataset is loaded."""
        spec = get_dataset_spec(self.dataset)
        if spec.channels and spec.size and spec.classes:
            return (spec.channels, *spec.size), len(spec.classes)
        if self.loaded is not None:
            info = self.loaded[1].info
            return info.input_shape, info.num_classes
        return None

    def saved_values(self, saved: Mapping[str, Any], *, devices: Sequence[str], recipes: Sequence[str],
                     seed_of: Callable[[Mapping[str, str]], int | None]) -> tuple[dict[str, Any], dict[str, str],
                                                                                   list[str]]:
        """What saved settings (the window's last session, or an opened run) mean now: the values to
        :meth:`update` with, the form's saved field texts, and one sentence per saved value that no longer
        applies (a dataset or model no longer known falls back to the default, a missing device to this one).
        ``seed_of`` reads the seed the form's texts give (None while it is not a valid seed)."""
        roots = saved.get("data_roots") or {}
        data_roots = {str(k): str(v) for k, v in roots.items() if v} if isinstance(roots, Mapping) else {}
        dataset = str(saved.get("dataset")) if saved.get("dataset") in list_datasets() else TrainConfig.dataset
        model = str(saved.get("model")) if saved.get("model") in model_names() or _design_file(saved.get("model")) \
            else get_dataset_spec(dataset).default_model
        recipe = str(saved.get("recipe", "default"))
        recipe = recipe if recipe in recipes else self.recipe
        notes: list[str] = []
        device = saved.get("device")
        chosen_device = self.device
        if device:
            if str(device) in devices:
                chosen_device = str(device)
            else:
                notes.append(device_gone(device))
        hyper = saved.get("hyper")
        texts = {k: str(v) for k, v in hyper.items()} if isinstance(hyper, Mapping) else {}
        seed = seed_of({**self.texts, **texts})
        values = {"dataset": dataset, "model": model, "recipe": recipe, "device": chosen_device,
                  "data_roots": data_roots, "seed": self.seed if seed is None else seed}
        return values, texts, notes


    def run_settings(self, config: Mapping[str, Any], fields: Sequence[str]) -> dict[str, Any] | None:
        """An opened run's saved ``config.json`` as settings for :meth:`saved_values` (its dataset, model,
        recipe, device, data folder and the form's ``fields`` as text); None when its dataset is not known here."""
        dataset = str(config.get("dataset", ""))
        if dataset not in list_datasets():
            return None
        roots = dict(self.data_roots)
        if config.get("data_root"):
            roots[dataset] = str(config["data_root"])
        hyper = {name: field_text(config[name]) for name in fields if name in config}
        return {"dataset": dataset, "model": config.get("model") or get_dataset_spec(dataset).default_model,
                "recipe": config.get("recipe") or "default", "device": config.get("device") or self.device,
                "data_roots": roots, "hyper": hyper}


def _design_file(model: object) -> bool:
    """``model`` names a design file that is still there (a design trained last time, or by an opened run)."""
    from pathlib import Path

    from cnnlab.design.spec import is_design_file

    return isinstance(model, str) and is_design_file(model) and Path(model).is_file()


def device_gone(device: object) -> str:
    """The note when the device chosen last time is not on this machine (the setup falls back to the CPU)."""
    return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "The device {device} used last time is not available; "
                                                     "training on the CPU."), device=device)


def field_text(value: Any) -> str:
    """How the form shows a value: "" for None, ``0.001`` rather than ``0.0010000``."""
    if value is None:
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)
