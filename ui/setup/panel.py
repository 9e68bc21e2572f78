"""The setup area: dataset, model, recipe and device pickers, the training form, Data / Model tabs.

The panel owns no threads: when it needs a dataset loaded (for the preview and the facts) it
emits ``dataRequested`` and the window answers with :meth:`SetupPanel.show_data` or
:meth:`SetupPanel.show_data_error`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cnnlab.app.setup import SetupState
from cnnlab.datasets import DatasetSpec, DataSplits, get_dataset_spec, list_datasets
from cnnlab.engine.config import RECIPES, TrainConfig, resolve_config
from cnnlab.engine.device import available_devices
from cnnlab.engine.estimate import EpochEstimate, estimate_epoch
from cnnlab.engine.recipes import has_course_recipe
from cnnlab.errors import UserError
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.models import Summary, build_model, get_model_spec, list_models, summarize
from ui.i18n import card_idea, card_text, core_message, dataset_description, dataset_title
from ui.setup.data_view import DataView, found_text
from ui.setup.estimate_view import EstimateView
from ui.setup.hyperparams import RECIPE_FIELDS, HyperForm, field_text, seed_of
from ui.setup.model_view import ModelView
from ui.worker import DataRequest

ESTIMATE_DELAY_MS = 500  # time an epoch once the student stops changing the setup, not at each keystroke
SEED_RELOAD_DELAY_MS = 600  # wait for the student to finish typing a seed before drawing a new dataset
RECIPE_TIPS = {  # English sources, translated when shown
    "default": QT_TRANSLATE_NOOP("SetupPanel",
                                 "Settings tuned to beat the chapter's accuracy on a CPU in little time."),
    "course": QT_TRANSLATE_NOOP("SetupPanel", "The lecture's own optimizer, learning rate, batch size and epochs, "
                                "to reproduce the book."),
}
RECIPE_NAMES = {"default": QT_TRANSLATE_NOOP("SetupPanel", "default"),  # the recipes as the picker shows them
                "course": QT_TRANSLATE_NOOP("SetupPanel", "course")}


RunInThread = Callable[[Callable[[], object], Callable[[object], None], Callable[[str], None]], object]


def _run_here(fn: Callable[[], object], done: Callable[[object], None], failed: Callable[[str], None]) -> None:
    """Run ``fn`` right away (no window to lend a thread): ``done(result)`` or ``failed(sentence)``."""
    try:
        result = fn()
    except UserError as e:
        failed(str(e))
    else:
        done(result)


def _scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    return area


class SetupPanel(QWidget):
    """Everything a run needs before Start; ``config()`` builds the TrainConfig, ``problem()`` says why not."""

    changed = Signal()  # any change that may alter ``problem()`` or ``config()``
    dataRequested = Signal(object)  # DataRequest of the dataset to preview

    def __init__(self, parent: QWidget | None = None, run_in_thread: RunInThread | None = None) -> None:
        super().__init__(parent)
        self._run_in_thread: RunInThread = run_in_thread or _run_here

        self.dataset = QComboBox()
        for name in list_datasets():
            spec = get_dataset_spec(name)
            self.dataset.addItem(dataset_title(spec.title), name)
            self.dataset.setItemData(self.dataset.count() - 1, dataset_description(spec.description),
                                     Qt.ItemDataRole.ToolTipRole)
        self.dataset.setToolTip(self.tr("The images to learn from; the chapter's generated sets need no download."))
        self.folder_label = QLabel()
        self.folder_label.setObjectName("hint")
        self.folder_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.folder_button = QPushButton(self.tr("Data folder…"))
        self.folder_button.setToolTip(self.tr("Choose the folder that holds this dataset's files."))
        self.folder_button.clicked.connect(self._choose_folder)
        self.folder_reset = QPushButton(self.tr("Default"))
        self.folder_reset.setToolTip(self.tr("Forget the chosen folder and look in the usual places again."))
        self.folder_reset.clicked.connect(lambda _checked=False: self.set_data_root(self.dataset_name(), None))
        folder_row = QHBoxLayout()
        folder_row.setContentsMargins(0, 0, 0, 0)
        folder_row.addWidget(self.folder_label, 1)
        folder_row.addWidget(self.folder_button)
        folder_row.addWidget(self.folder_reset)
        self.folder_row = QWidget()
        self.folder_row.setLayout(folder_row)

        self.model = QComboBox()
        family = None
        for name in list_models():
            card = get_model_spec(name).card
            if family is not None and (card.family == "chapter") != (family == "chapter"):
                self.model.insertSeparator(self.model.count())  # the chapter's nets, then the classic zoo
            family = card.family
            year = f" ({card.year})" if card.year else ""
            self.model.addItem(f"{name} — {card_text(card.title)}{year}", name)
            self.model.setItemData(self.model.count() - 1, card_idea(card), Qt.ItemDataRole.ToolTipRole)
        self.model.setToolTip(self.tr("The network to train; its card and layer table are on the Model tab."))
        self.recipe = QComboBox()
        for name in RECIPES:
            self.recipe.addItem(self.tr(RECIPE_NAMES.get(name, name)), name)
            self.recipe.setItemData(self.recipe.count() - 1, self.tr(RECIPE_TIPS.get(name, "")),
                                    Qt.ItemDataRole.ToolTipRole)
        self.recipe.setToolTip(self.tr("Where the hyperparameters start: the tuned default or the lecture's own "
                                       "settings."))
        self.recipe_note = QLabel()
        self.recipe_note.setObjectName("hint")
        self.recipe_note.setWordWrap(True)
        self.device = QComboBox()
        for dev, label in available_devices():
            self.device.addItem(label, dev)  # CPU, GPU names: proper names
        self.device.setToolTip(self.tr("Where to train: the CPU, or a GPU this machine has."))

        pickers = QFormLayout()
        pickers.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        pickers.addRow(self.tr("Dataset"), self.dataset)
        pickers.addRow("", self.folder_row)
        pickers.addRow(self.tr("Model"), self.model)
        pickers.addRow(self.tr("Recipe"), self.recipe)
        pickers.addRow("", self.recipe_note)
        pickers.addRow(self.tr("Device"), self.device)
        self.estimate_view = EstimateView()
        pickers.addRow("", self.estimate_view)

        self.data_view = DataView()
        self.model_view = ModelView()
        self.hyper = HyperForm()
        hyper_box = QGroupBox(self.tr("Training"))
        hl = QVBoxLayout(hyper_box)
        hl.addWidget(self.hyper)
        self.tabs = QTabWidget()
        self.tabs.addTab(_scrolled(self.data_view), self.tr("Data"))
        self.tabs.addTab(self.model_view, self.tr("Model"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(pickers)
        layout.addWidget(hyper_box)
        layout.addWidget(self.tabs, 1)

        self._seed_timer = QTimer(self)
        self._seed_timer.setSingleShot(True)
        self._seed_timer.setInterval(SEED_RELOAD_DELAY_MS)
        self._seed_timer.timeout.connect(self._commit_seed)
        self._estimate_timer = QTimer(self)
        self._estimate_timer.setSingleShot(True)
        self._estimate_timer.setInterval(ESTIMATE_DELAY_MS)
        self._estimate_timer.timeout.connect(self._estimate)
        self._estimate_key: str | None = None  # the setup the estimate shown (or being timed) is for
        self._running = False

        # the state, shown as the widgets show it now; from here on the widgets only mirror it
        self.setup_state = SetupState(dataset=str(self.dataset.currentData()), model=str(self.model.currentData()),
                                recipe=str(self.recipe.currentData()), device=str(self.device.currentData()))
        self.setup_state.update(texts=self.hyper.texts())
        ev = self.setup_state.events  # the state's events redraw the widgets
        ev.dataset.connect(self._show_dataset)
        ev.model.connect(lambda name: _show_choice(self.model, name))
        ev.recipe.connect(lambda name: _show_choice(self.recipe, name))
        ev.device.connect(self._show_device)
        ev.texts.connect(self._show_texts)
        ev.generation.connect(self._load_data)
        ev.connect_any(("dataset", "data_roots"), lambda _names: self._update_folder_row())
        ev.connect_any(("dataset", "model", "recipe"), self._on_pair_changed)
        ev.connect_any(("loaded", "data_error"), lambda _names: self._show_data_state())
        ev.connect_any(("dataset", "model", "recipe", "device", "texts", "loaded", "model_error"),
                       lambda _names: self._estimate_timer.start())

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
        return DataRequest(dataset=self.dataset_name(), data_root=self.data_root(), seed=self.setup_state.seed)

    def loaded(self) -> tuple[DataRequest, DataSplits] | None:
        return self.setup_state.loaded

    # -------------------------------------------------------------- setters
    def set_dataset(self, name: str) -> None:
        if self.dataset.findData(name) < 0:
            raise UserError(self.tr("Unknown dataset {0}.").format(repr(name)))
        self._choose_pair(name)

    def set_model(self, name: str) -> None:
        if self.model.findData(name) < 0:
            raise UserError(self.tr("Unknown model {0}.").format(repr(name)))
        self.setup_state.update(model=name)

    def set_recipe(self, name: str) -> None:
        if self.recipe.findData(name) >= 0:
            self.setup_state.update(recipe=name)

    def set_device(self, name: str) -> bool:
        """Pick a device by its string; False (CPU kept) when this machine does not have it."""
        if self.device.findData(name) < 0:
            return False
        self.setup_state.update(device=name)
        return True

    def set_data_root(self, dataset: str, folder: str | None) -> None:
        roots = dict(self.setup_state.data_roots)
        if folder:
            roots[dataset] = folder
        else:
            roots.pop(dataset, None)
        if "generation" not in self.setup_state.update(data_roots=roots) and dataset == self.dataset_name():
            self.setup_state.reload()  # choosing the same folder again retries the load

    def estimate_settled(self) -> bool:
        """True when the time per epoch shown is for the setup as it is now (none due, none being timed)."""
        return not self._estimate_timer.isActive() and self.estimate_view.estimate is not None

    def set_running(self, running: bool) -> None:
        """Lock the setup while a run trains (its config is fixed once started)."""
        for w in (self.dataset, self.model, self.recipe, self.device, self.folder_button, self.folder_reset):
            w.setEnabled(not running)
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
        """Apply saved settings; returns one sentence per saved value that no longer applies."""
        notes = []
        roots = state.get("data_roots") or {}
        data_roots = {str(k): str(v) for k, v in roots.items() if v} if isinstance(roots, dict) else {}
        saved_dataset = state.get("dataset")
        dataset = str(saved_dataset) if saved_dataset in list_datasets() else TrainConfig.dataset
        saved_model = state.get("model")
        model = str(saved_model) if saved_model in list_models() else get_dataset_spec(dataset).default_model
        recipe = str(state.get("recipe", "default"))
        if self.recipe.findData(recipe) < 0:
            recipe = self.recipe_name()
        device = state.get("device")
        chosen_device = self.device_name()
        if device:
            if self.device.findData(str(device)) >= 0:
                chosen_device = str(device)
            else:
                notes.append(self.tr("The device {0} used last time is not available; training on the CPU.").format(
                    device))
        hyper = state.get("hyper")
        texts = {k: str(v) for k, v in hyper.items()} if isinstance(hyper, dict) else {}
        seed = seed_of({**self.setup_state.texts, **texts})
        changed = self.setup_state.update(dataset=dataset, model=model, recipe=recipe, device=chosen_device,
                                    data_roots=data_roots, seed=self.setup_state.seed if seed is None else seed)
        if not changed & {"dataset", "model", "recipe"}:
            self._after_pair_change()  # the recipe's values, then the saved ones over them
        if texts:
            self.hyper.fill(texts)
        if self.setup_state.generation == 0:
            self.setup_state.reload()  # the first preview
        return notes

    def show_run_config(self, config: dict[str, Any]) -> list[str]:
        """Show an opened run's dataset, model, recipe and training fields (its saved ``config.json``),
        so Start trains it again; returns one sentence per value that no longer applies."""
        dataset = str(config.get("dataset", ""))
        if dataset not in list_datasets():
            return [self.tr("The run's dataset {0} is not known here; the setup is unchanged.").format(dataset)]
        roots = dict(self.setup_state.data_roots)
        if config.get("data_root"):
            roots[dataset] = str(config["data_root"])
        hyper = {name: field_text(config[name]) for name in self.hyper.texts() if name in config}
        state = {"dataset": dataset, "model": config.get("model") or get_dataset_spec(dataset).default_model,
                 "recipe": config.get("recipe") or "default", "device": config.get("device") or self.device_name(),
                 "data_roots": roots, "hyper": hyper}
        notes = self.restore(state)
        self._commit_seed()  # the run's seed draws the run's data now, not after the typing delay
        return notes

    # ----------------------------------------------------------- the config
    def problem(self) -> str:
        """The first reason Start cannot work now, as one sentence; "" when all is well."""
        errors = self.hyper.errors()
        if errors:
            return next(iter(errors.values()))
        if self.setup_state.model_error:
            return core_message(self.setup_state.model_error)  # shown as the status line shows it
        if self.dataset_name() == "folder" and not self.data_root():
            return self.tr("Choose a data folder with one sub-folder of images per class.")
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
    def show_data_loading(self, request: DataRequest) -> None:
        self.data_view.show_loading(get_dataset_spec(request.dataset))

    def show_data(self, request: DataRequest, splits: DataSplits) -> None:
        if request != self.data_request():
            return  # an older request finished after the student moved on
        self.setup_state.update(loaded=(request, splits), data_error="")

    def show_data_error(self, request: DataRequest, message: str) -> None:
        if request != self.data_request():
            return
        self.setup_state.update(loaded=None, data_error=message)

    def data_error(self) -> str:
        return self.setup_state.data_error

    def _load_data(self, _generation: int) -> None:
        """A new load is due (state ``generation`` bumped): show it loading and ask the window for it."""
        self.setup_state.update(loaded=None, data_error="")
        request = self.data_request()
        self.show_data_loading(request)
        self.dataRequested.emit(request)

    def _show_data_state(self) -> None:
        loaded, error = self.setup_state.loaded, self.setup_state.data_error
        if loaded is not None:
            self.data_view.show_data(self.spec(), loaded[1])
        elif error:
            self.data_view.show_error(self.spec(), error)
        else:
            return  # cleared for a new load: the loading view is shown by ``_load_data``
        self._update_model_view()
        self.changed.emit()

    def _choose_folder(self) -> None:
        start = self.data_root() or str(Path.home())
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Folder with the {0} data").format(dataset_title(self.spec().title)), start)
        if folder:
            self.set_data_root(self.dataset_name(), folder)

    def _update_folder_row(self) -> None:
        spec = self.spec()
        self.folder_row.setVisible(not spec.generated)
        root = self.data_root()
        if root:
            self.folder_label.setText(root)
            self.folder_label.setToolTip(root)
        else:
            found = spec.locate(None) if spec.name != "folder" else None
            self.folder_label.setText(self.tr("found in {0}").format(found_text(found)) if found else
                                      (self.tr("no folder chosen") if spec.name == "folder"
                                       else self.tr("not found; choose its folder")))
            self.folder_label.setToolTip(found_text(found) if found else "")
        self.folder_reset.setEnabled(bool(root))

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
            self._fill_recipe()
            self.changed.emit()

    def _after_pair_change(self) -> None:
        self._fill_recipe()
        self._update_model_view()
        self.changed.emit()

    def _fill_recipe(self) -> None:
        """Prefill the recipe's hyperparameters for this dataset, model and recipe."""
        dataset, model, recipe = self.dataset_name(), self.model_name(), self.recipe_name()
        resolved = resolve_config(TrainConfig(dataset=dataset, model=model, recipe=recipe))
        self.hyper.fill({name: getattr(resolved, name) for name in RECIPE_FIELDS})
        if recipe == "course" and not has_course_recipe(dataset, model):
            self.recipe_note.setText(self.tr("The course has no settings for this pair; the default recipe is used."))
            self.recipe_note.show()
        else:
            self.recipe_note.hide()

    def _input_shape(self) -> tuple[tuple[int, int, int], int] | None:
        """(input shape, class count) from the dataset spec, else from the loaded data."""
        spec = self.spec()
        if spec.channels and spec.size and spec.classes:
            return (spec.channels, *spec.size), len(spec.classes)
        loaded = self.setup_state.loaded
        if loaded is not None:
            info = loaded[1].info
            return info.input_shape, info.num_classes
        return None

    def _update_model_view(self) -> None:
        """Show the model's card now and its layer table once built (off the GUI thread: big nets take a second)."""
        name = self.model_name()
        card = get_model_spec(name).card
        shape = self._input_shape()
        self.setup_state.update(model_error="")
        if shape is None:
            self.setup_state.update(summary_key=None)
            self.model_view.show_model(name, card, None, self.tr("The layer table appears once the data is loaded."))
            return
        (c, h, w), classes = shape
        key = (name, (c, h, w), classes)
        if key == self.setup_state.summary_key:
            return
        self.setup_state.update(summary_key=key)
        self.model_view.show_model(name, card, None, self.tr("Building the layer table…"))

        def build() -> Summary:
            model = build_model(name, in_channels=c, image_size=(h, w), num_classes=classes)
            return summarize(model, (c, h, w))

        def done(result: object) -> None:
            if self.setup_state.summary_key == key:
                assert isinstance(result, Summary)
                self.model_view.show_model(name, card, result)

        def failed(message: str) -> None:
            if self.setup_state.summary_key == key:
                self.setup_state.update(model_error=message)
                self.model_view.show_error(name, card, message)
                self.changed.emit()

        self._run_in_thread(build, done, failed)

    def _estimate(self) -> None:
        """Time one epoch of the current setup off the GUI thread and show it (with a hint when slow)."""
        loaded = self.setup_state.loaded
        if self._running or not self.isVisible():  # a closed window starts no thread
            return
        try:
            cfg = self.config()
        except UserError:
            cfg = None
        if cfg is None or loaded is None or self.setup_state.model_error:
            self._estimate_key = None
            self.estimate_view.clear_estimate()
            return
        splits = loaded[1]
        info, images = splits.info, len(splits.train)
        key = repr((cfg, images))
        if key == self._estimate_key:
            return
        self._estimate_key = key
        self.estimate_view.show_pending()
        device_label = self.device.currentText()

        def done(result: object) -> None:
            if self._estimate_key == key:
                assert isinstance(result, EpochEstimate)
                self.estimate_view.show_estimate(result, device_label)

        def failed(_message: str) -> None:  # the model cannot train on this data: Start says why
            if self._estimate_key == key:
                self.estimate_view.clear_estimate()

        self._run_in_thread(lambda: estimate_epoch(cfg, info.input_shape, info.num_classes, images), done, failed)

    def describe(self) -> str:
        """"shape-cnn on Shapes" for titles and messages."""
        return self.tr("{0} on {1}").format(self.model_name(), dataset_title(self.spec().title))


def _show_choice(box: QComboBox, value: str) -> None:
    """Show ``value`` in a picker without the picker reporting it back as the student's choice."""
    index = box.findData(value)
    if index >= 0 and index != box.currentIndex():
        with QSignalBlocker(box):
            box.setCurrentIndex(index)
