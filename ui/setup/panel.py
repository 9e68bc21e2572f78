"""The setup area: dataset, model, recipe and device pickers, the training form, Data / Model tabs.

The panel owns no threads: when it needs a dataset loaded (for the preview and the facts) it
emits ``dataRequested`` and the window answers with :meth:`SetupPanel.show_data` or
:meth:`SetupPanel.show_data_error`. It is made and filled without torch (the window shows it first),
except when it lists the devices itself; with ``later=True`` its Data and Model views are made by
:meth:`SetupPanel.build_views` and the GPUs listed by :meth:`SetupPanel.set_devices`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QSignalBlocker, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from cnnlab.app.setup import SetupState, field_text
from cnnlab.datasets import DatasetSpec, get_dataset_spec
from cnnlab.design.spec import is_design_file
from cnnlab.engine.config import TrainConfig, resolve_config
from cnnlab.engine.recipes import has_course_recipe
from cnnlab.errors import UserError
from ui.background import RunInThread
from ui.i18n import core_message
from ui.setup.background_views import EpochTimer, run_here
from ui.setup.estimate_view import EstimateView
from ui.setup.folder_row import DataFolderRow
from ui.setup.hyperparams import RECIPE_FIELDS, HyperForm, seed_of
from ui.setup.pickers import (
    CPU_ONLY,
    dataset_picker,
    design_choice,
    device_picker,
    model_picker,
    recipe_picker,
    settle_devices,
)
from ui.setup.views import SetupTabs
from ui.widgets.layout import single_shot

if TYPE_CHECKING:
    from cnnlab.datasets import DataSplits
    from cnnlab.engine.request import DataRequest
    from ui.setup.data_view import DataView
    from ui.setup.model_view import ModelView

ESTIMATE_DELAY_MS = 500  # time an epoch once the student stops changing the setup, not at each keystroke
SEED_RELOAD_DELAY_MS = 600  # wait for the student to finish typing a seed before drawing a new dataset


class SetupPanel(QWidget):
    """Everything a run needs before Start; ``config()`` builds the TrainConfig, ``problem()`` says why not."""

    changed = Signal()  # any change that may alter ``problem()`` or ``config()``
    dataRequested = Signal(object)  # DataRequest of the dataset to preview
    failed = Signal(object)  # one sentence (a Sentence keeps its template) on a choice that only half worked

    def __init__(self, parent: QWidget | None = None, run_in_thread: RunInThread | None = None, *,
                 later: bool = False) -> None:
        """``later``: the Data and Model views wait for :meth:`build_views`, and the device picker offers the
        CPU until :meth:`set_devices` (torch lists the GPUs), a GPU saved last time staying chosen until then."""
        super().__init__(parent)
        self._run_in_thread: RunInThread = run_in_thread or run_here
        self.devices_later = later
        self.dataset, self.model, self.recipe, self.device = dataset_picker(), model_picker(), recipe_picker(), \
            device_picker(CPU_ONLY if later else None)
        self.folder_row = DataFolderRow()
        self.folder_label, self.folder_button, self.folder_reset = (self.folder_row.label, self.folder_row.button,
                                                                    self.folder_row.reset)
        self.folder_row.chosen.connect(lambda folder: self.choose_data_folder(folder))
        self.folder_row.cleared.connect(lambda: self.choose_data_folder(None))
        self.recipe_note = QLabel()
        self.recipe_note.setObjectName("hint")
        self.recipe_note.setWordWrap(True)

        self.hyper = HyperForm()
        self.estimate_view = EstimateView()
        pickers = _pickers_form(self)

        hyper_box = QGroupBox(self.tr("Training"))
        QVBoxLayout(hyper_box).addWidget(self.hyper)
        self.tabs = SetupTabs(later=later)  # Data and Model
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(pickers)
        layout.addWidget(hyper_box)
        layout.addWidget(self.tabs, 1)

        self._seed_timer = single_shot(self, SEED_RELOAD_DELAY_MS, self._commit_seed)
        self._estimate_timer = single_shot(self, ESTIMATE_DELAY_MS, lambda: _time_an_epoch(self))
        self._running = False
        self.epoch_timer = EpochTimer(self.estimate_view, self._run_in_thread)

        # the state, shown as the widgets show it now; from here on the widgets only mirror it
        self.setup_state = SetupState(dataset=str(self.dataset.currentData()), model=str(self.model.currentData()),
                                recipe=str(self.recipe.currentData()), device=str(self.device.currentData()))
        self.setup_state.update(texts=self.hyper.texts())
        self.tabs.attach(self.setup_state, self._run_in_thread, self.changed.emit)
        self.tabs.requested.connect(self.dataRequested)  # the preview: asked for, then shown
        self.tabs.shown.connect(self._after_data_shown)
        ev = self.setup_state.events  # the state's events redraw the widgets
        ev.dataset.connect(self._show_dataset)
        ev.model.connect(lambda name: _show_choice(self.model, name, design_choice))
        ev.recipe.connect(lambda name: _show_choice(self.recipe, name))
        ev.device.connect(self._show_device)
        ev.texts.connect(self._show_texts)
        ev.connect_any(("dataset", "data_roots"),
                       lambda _names: self.folder_row.show_for(self.spec(), self.data_root()))
        ev.data_roots.connect(lambda _roots: self.changed.emit())  # Start waits, or not, for the files there
        ev.connect_any(("dataset", "model", "recipe"), self._on_pair_changed)
        ev.connect_any(("dataset", "model", "recipe", "device", "texts", "loaded", "model_error"),
                       lambda _names: self._estimate_due())

        # user input goes into the state
        self.dataset.currentIndexChanged.connect(lambda i: self._choose_pair(str(self.dataset.itemData(i))))
        self.model.currentIndexChanged.connect(lambda i: self.setup_state.update(model=str(self.model.itemData(i))))
        self.recipe.currentIndexChanged.connect(lambda i: self.setup_state.update(recipe=str(self.recipe.itemData(i))))
        self.device.currentIndexChanged.connect(lambda i: self.setup_state.update(device=str(self.device.itemData(i))))
        self.hyper.changed.connect(lambda: self.setup_state.update(texts=self.hyper.texts()))

    # ------------------------------------------------------------ accessors
    def dataset_name(self) -> str:
        return self.setup_state.dataset

    def model_name(self) -> str:
        return self.setup_state.model

    def recipe_name(self) -> str:
        return self.setup_state.recipe

    def device_name(self) -> str:
        return self.setup_state.device

    def data_root(self, dataset: str | None = None) -> str | None:
        return self.setup_state.data_root(dataset)

    def spec(self) -> DatasetSpec:
        return get_dataset_spec(self.dataset_name())

    def data_request(self) -> DataRequest:
        """What the preview loads: the run's data without a train limit."""
        return self.setup_state.data_request()

    @property
    def data_view(self) -> DataView:
        return self.tabs.data_view

    @property
    def model_view(self) -> ModelView:
        return self.tabs.model_view

    def build_views(self) -> None:
        """The Data and Model views (a ``later`` panel's), showing what the state holds now."""
        self.tabs.build()

    def loaded(self) -> tuple[DataRequest, DataSplits] | None:
        return self.setup_state.loaded

    # -------------------------------------------------------------- setters
    def set_dataset(self, name: str) -> None:
        if self.dataset.findData(name) < 0:
            raise UserError(self.tr("Unknown dataset {0}.").format(repr(name)))
        self._choose_pair(name)

    def set_model(self, name: str) -> None:
        """A built-in model, or a design file (read again when it is the same file: it may have been saved anew)."""
        design = is_design_file(name)
        if not design and self.model.findData(name) < 0:
            raise UserError(self.tr("Unknown model {0}.").format(repr(name)))
        if "model" not in self.setup_state.update(model=name, **({"summary_key": None} if design else {})) and design:
            self._after_pair_change()  # its layer table, and whether it fits the data, again

    def set_recipe(self, name: str) -> None:
        if self.recipe.findData(name) >= 0:
            self.setup_state.update(recipe=name)

    def set_device(self, name: str) -> bool:
        """Pick a device by its string; False (CPU kept) when this machine does not have it."""
        if self.device.findData(name) < 0:
            return False
        self.setup_state.update(device=name)
        return True

    def set_devices(self, devices: Sequence[tuple[str, str]]) -> list[str]:
        """This machine's devices, (device string, label), CPU first: the picker offers them from now on. The
        device chosen stays if it is among them, else the CPU; returns the sentence saying so (translated)."""
        self.devices_later = False
        return settle_devices(self.device, self.setup_state, devices)

    def set_data_root(self, dataset: str, folder: str | None) -> None:
        self.setup_state.set_data_root(dataset, folder)

    def choose_data_folder(self, folder: str | None) -> None:
        """The student picked ``folder`` for this dataset (None: *Default*): used, and remembered everywhere."""
        try:
            self.setup_state.choose_data_folder(folder)
        except UserError as e:
            self.failed.emit(str(e))

    def estimate_settled(self) -> bool:
        """True when the time per epoch shown is for the setup as it is now (none due, none being timed)."""
        return not self._estimate_timer.isActive() and self.estimate_view.estimate is not None

    def set_running(self, running: bool) -> None:
        """Lock the setup while a run trains (its config is fixed once started)."""
        for w in (self.dataset, self.model, self.recipe, self.device):
            w.setEnabled(not running)
        self.folder_row.set_enabled_for_run(not running)
        self.hyper.set_enabled_for_run(not running)
        self._running = running
        if running:
            self._estimate_timer.stop()  # the run itself says how long it takes
        else:
            self._estimate_timer.start()

    # ---------------------------------------------------------- settings
    def state(self) -> dict[str, Any]:
        return {"dataset": self.dataset_name(), "model": self.model_name(), "recipe": self.recipe_name(),
                "device": self.device_name(), "data_roots": dict(self.setup_state.data_roots),
                "hyper": dict(self.setup_state.texts)}

    def restore(self, state: dict[str, Any]) -> list[str]:
        """Apply saved settings; returns one sentence (in the window's language) per saved value that no
        longer applies."""
        devices = [str(self.device.itemData(i)) for i in range(self.device.count())]
        if self.devices_later and state.get("device"):
            devices.append(str(state["device"]))  # kept until :meth:`set_devices` knows whether it is here
        recipes = [str(self.recipe.itemData(i)) for i in range(self.recipe.count())]
        values, texts, notes = self.setup_state.saved_values(state, devices=devices, recipes=recipes, seed_of=seed_of)
        changed = self.setup_state.update(**values)
        if not changed & {"dataset", "model", "recipe"}:
            self._after_pair_change()  # the recipe's values, then the saved ones over them
        if texts:
            self.hyper.fill(texts)
        if self.setup_state.generation == 0:
            self.setup_state.reload()  # the first preview
        return [core_message(note) for note in notes]

    def show_run_config(self, config: dict[str, Any]) -> list[str]:
        """Show an opened run's dataset, model, recipe and training fields (its saved ``config.json``),
        so Start trains it again; returns one sentence per value that no longer applies."""
        state = self.setup_state.run_settings(config, list(self.hyper.texts()))
        if state is None:
            return [self.tr("The run's dataset {0} is not known here; the setup is unchanged.").format(
                config.get("dataset", ""))]
        notes = self.restore(state)
        self._commit_seed()  # the run's seed draws the run's data now, not after the typing delay
        return notes

    # ----------------------------------------------------------- the config
    def problem(self) -> str:
        """The first reason Start cannot work now, as one sentence; "" when all is well."""
        errors = self.hyper.errors()
        if errors:
            return next(iter(errors.values()))
        if self.dataset_name() == "folder" and not self.data_root():
            return self.tr("Choose a data folder with one sub-folder of images per class.")
        missing = self.setup_state.data_source().problem
        if missing:
            return core_message(missing)  # the core's sentence with the window's advice (Data folder…)
        if self.setup_state.model_error:
            return core_message(self.setup_state.model_error)  # shown as the status line shows it
        return ""

    def config(self) -> TrainConfig:
        """The TrainConfig of the current settings; raises UserError with ``problem()``'s sentence."""
        problem = self.problem()
        if problem:
            raise UserError(problem)
        values = self.hyper.values()
        config = TrainConfig(dataset=self.dataset_name(), model=self.model_name(), recipe=self.recipe_name(),
                             device=self.device_name(), data_root=self.data_root(), **values)
        return resolve_config(config)

    # ------------------------------------------------------- data preview
    def show_data(self, request: DataRequest, splits: DataSplits) -> None:
        self.tabs.data_flow.show_data(request, splits)

    def show_data_error(self, request: DataRequest, message: str) -> None:
        self.tabs.data_flow.show_error(request, message)

    def data_error(self) -> str:
        return self.setup_state.data_error

    def _after_data_shown(self) -> None:
        self._update_model_view()
        self.changed.emit()

    # -------------------------------------------------------- picker logic
    def _choose_pair(self, dataset: str) -> None:
        """The student picked a dataset: with it the chapter's model for it, the typed seed for its data."""
        seed = seed_of(self.setup_state.texts)
        changed = self.setup_state.update(dataset=dataset, model=get_dataset_spec(dataset).default_model,
                                    seed=0 if seed is None else seed)
        if not changed & {"dataset", "model"}:
            self._after_pair_change()  # the same pair picked again: its recipe's values again

    def _show_dataset(self, name: str) -> None:
        _show_choice(self.dataset, name)
        self.setup_state.update(loaded=None, data_error="")

    def _show_device(self, name: str) -> None:
        _show_choice(self.device, name)
        self.changed.emit()

    def _show_texts(self, texts: dict[str, str]) -> None:
        if self.hyper.texts() != texts:
            self.hyper.fill(texts)
        seed = seed_of(texts)
        if seed is not None and seed != self.setup_state.seed:
            self._seed_timer.start()
        self.changed.emit()

    def _commit_seed(self) -> None:
        seed = seed_of(self.setup_state.texts)
        if seed is not None:
            self.setup_state.update(seed=seed)  # a different seed bumps the generation: the new data loads

    def _on_pair_changed(self, names: frozenset[str]) -> None:
        if names & {"dataset", "model"}:
            self._after_pair_change()
        else:  # only the recipe: the same layer table
            _fill_recipe(self)
            self.changed.emit()

    def _after_pair_change(self) -> None:
        _fill_recipe(self)
        self._update_model_view()
        self.changed.emit()

    def _update_model_view(self) -> None:
        """Show the model's card now and its layer table once built (off the GUI thread: big nets take a second)."""
        self.tabs.show_model()

    def _estimate_due(self) -> None:
        """The setup changed: the estimate shown may be another setup's, so it says "timing" until retimed."""
        if not self._running and self.estimate_view.isVisibleTo(self):
            self.estimate_view.show_pending()
        self._estimate_timer.start()


def _pickers_form(panel: SetupPanel) -> QFormLayout:
    """Dataset (and its data folder), model, recipe (and its note), device (and Reproducible), the estimate."""
    translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    for label, field in ((translate("SetupPanel", "Dataset"), panel.dataset), ("", panel.folder_row),
                         (translate("SetupPanel", "Model"), panel.model),
                         (translate("SetupPanel", "Recipe"), panel.recipe), ("", panel.recipe_note)):
        form.addRow(label, field)
    # Reproducible beside the device: it fixes how the device computes
    form.addRow(translate("SetupPanel", "Device"), _beside(panel.device, panel.hyper.loose))
    form.addRow("", panel.estimate_view)
    return form


def _show_choice(box: QComboBox, value: str, add: Callable[[QComboBox, str], None] | None = None) -> None:
    """Show ``value`` in a picker without the picker reporting it back as the student's choice (``add`` puts a
    value the picker lacks among its choices: a design file)."""
    if add is not None and is_design_file(value):
        add(box, value)
    index = box.findData(value)
    if index >= 0 and index != box.currentIndex():
        with QSignalBlocker(box):
            box.setCurrentIndex(index)


def _beside(main: QWidget, others: Sequence[QWidget]) -> QHBoxLayout:
    """``main``, stretching, with ``others`` at its right in one row."""
    row = QHBoxLayout()
    row.addWidget(main, 1)
    for widget in others:
        row.addWidget(widget)
    return row


def _fill_recipe(panel: SetupPanel) -> None:
    """Prefill the recipe's hyperparameters for this dataset, model and recipe."""
    dataset, model, recipe = panel.dataset_name(), panel.model_name(), panel.recipe_name()
    resolved = resolve_config(TrainConfig(dataset=dataset, model=model, recipe=recipe))
    panel.hyper.fill({name: getattr(resolved, name) for name in RECIPE_FIELDS})
    if recipe == "course" and not has_course_recipe(dataset, model):
        panel.recipe_note.setText(QCoreApplication.translate(
            "SetupPanel", "The course has no settings for this pair; the default recipe is used."))
        panel.recipe_note.show()
    else:
        panel.recipe_note.hide()


def typed_fields(panel: SetupPanel) -> dict[str, str]:
    """The recipe's fields the student typed over: their texts where they differ from what the recipe of this
    dataset, model and recipe fills in (all of them when that cannot be worked out). Filled back after the model
    changes, they stay as typed while the fields left alone take the new model's recipe values."""
    texts = panel.hyper.texts()
    try:
        resolved = resolve_config(TrainConfig(dataset=panel.dataset_name(), model=panel.model_name(),
                                              recipe=panel.recipe_name()))
    except UserError:
        return {name: texts[name] for name in RECIPE_FIELDS}
    return {name: texts[name] for name in RECIPE_FIELDS if texts[name] != field_text(getattr(resolved, name))}


def _time_an_epoch(panel: SetupPanel) -> None:
    """Time one epoch of the current setup off the GUI thread and show it (with a hint when slow)."""
    loaded = panel.setup_state.loaded
    if panel._running or not panel.isVisible():  # a closed window starts no thread
        return
    try:
        cfg = panel.config()
    except UserError:
        cfg = None
    if cfg is None or loaded is None or panel.setup_state.model_error:
        panel.epoch_timer.clear()
        return
    panel.epoch_timer.time(cfg, loaded[1], panel.device.currentText())
