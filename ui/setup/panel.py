"""The setup area: dataset, model, recipe and device pickers, the training form, Data / Model tabs.

The panel owns no threads: when it needs a dataset loaded (for the preview and the facts) it
emits ``dataRequested`` and the window answers with :meth:`SetupPanel.show_data` or
:meth:`SetupPanel.show_data_error`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
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

from cnnlab.datasets import DatasetSpec, DataSplits, get_dataset_spec, list_datasets
from cnnlab.engine.config import RECIPES, TrainConfig, resolve_config
from cnnlab.engine.device import available_devices
from cnnlab.engine.recipes import has_course_recipe
from cnnlab.errors import UserError
from cnnlab.models import Summary, build_model, get_model_spec, list_models, summarize
from ui.setup.data_view import DataView
from ui.setup.hyperparams import RECIPE_FIELDS, HyperForm
from ui.setup.model_view import ModelView
from ui.worker import DataRequest

SEED_RELOAD_DELAY_MS = 600  # wait for the student to finish typing a seed before drawing a new dataset
RECIPE_TIPS = {
    "default": "Settings tuned to beat the chapter's accuracy on a CPU in little time.",
    "course": "The lecture's own optimizer, learning rate, batch size and epochs, to reproduce the book.",
}


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
        self._summary_key: tuple | None = None  # (model, input shape, classes) of the layer table shown
        self._data_roots: dict[str, str] = {}  # dataset -> folder the student chose
        self._loaded: tuple[DataRequest, DataSplits] | None = None  # the previewed data
        self._requested: DataRequest | None = None  # the preview asked for last (loading or loaded)
        self._data_error = ""
        self._model_error = ""
        self._quiet = False  # True while several pickers are set at once

        self.dataset = QComboBox()
        for name in list_datasets():
            spec = get_dataset_spec(name)
            self.dataset.addItem(spec.title, name)
            self.dataset.setItemData(self.dataset.count() - 1, spec.description, Qt.ItemDataRole.ToolTipRole)
        self.dataset.setToolTip("The images to learn from; the chapter's generated sets need no download.")
        self.folder_label = QLabel()
        self.folder_label.setObjectName("hint")
        self.folder_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.folder_button = QPushButton("Data folder…")
        self.folder_button.setToolTip("Choose the folder that holds this dataset's files.")
        self.folder_button.clicked.connect(self._choose_folder)
        self.folder_reset = QPushButton("Default")
        self.folder_reset.setToolTip("Forget the chosen folder and look in the usual places again.")
        self.folder_reset.clicked.connect(lambda: self.set_data_root(self.dataset_name(), None))
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
            self.model.addItem(f"{name} — {card.title}{year}", name)
            self.model.setItemData(self.model.count() - 1, card.idea, Qt.ItemDataRole.ToolTipRole)
        self.model.setToolTip("The network to train; its card and layer table are on the Model tab.")
        self.recipe = QComboBox()
        for name in RECIPES:
            self.recipe.addItem(name, name)
            self.recipe.setItemData(self.recipe.count() - 1, RECIPE_TIPS.get(name, ""), Qt.ItemDataRole.ToolTipRole)
        self.recipe.setToolTip("Where the hyperparameters start: the tuned default or the lecture's own settings.")
        self.recipe_note = QLabel()
        self.recipe_note.setObjectName("hint")
        self.recipe_note.setWordWrap(True)
        self.device = QComboBox()
        for dev, label in available_devices():
            self.device.addItem(label, dev)
        self.device.setToolTip("Where to train: the CPU, or a GPU this machine has.")

        pickers = QFormLayout()
        pickers.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        pickers.addRow("Dataset", self.dataset)
        pickers.addRow("", self.folder_row)
        pickers.addRow("Model", self.model)
        pickers.addRow("Recipe", self.recipe)
        pickers.addRow("", self.recipe_note)
        pickers.addRow("Device", self.device)

        self.data_view = DataView()
        self.model_view = ModelView()
        self.hyper = HyperForm()
        hyper_box = QGroupBox("Training")
        hl = QVBoxLayout(hyper_box)
        hl.addWidget(self.hyper)
        self.tabs = QTabWidget()
        self.tabs.addTab(_scrolled(self.data_view), "Data")
        self.tabs.addTab(self.model_view, "Model")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(pickers)
        layout.addWidget(hyper_box)
        layout.addWidget(self.tabs, 1)

        self._seed_timer = QTimer(self)
        self._seed_timer.setSingleShot(True)
        self._seed_timer.setInterval(SEED_RELOAD_DELAY_MS)
        self._seed_timer.timeout.connect(self._request_data)
        self._last_seed = 0

        self.dataset.currentIndexChanged.connect(self._on_dataset_changed)
        self.model.currentIndexChanged.connect(self._on_model_changed)
        self.recipe.currentIndexChanged.connect(self._on_recipe_changed)
        self.device.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.hyper.changed.connect(self._on_hyper_changed)

    # ------------------------------------------------------------ accessors
    def dataset_name(self) -> str:
        return str(self.dataset.currentData())

    def model_name(self) -> str:
        return str(self.model.currentData())

    def recipe_name(self) -> str:
        return str(self.recipe.currentData())

    def device_name(self) -> str:
        return str(self.device.currentData())

    def data_root(self, dataset: str | None = None) -> str | None:
        return self._data_roots.get(dataset or self.dataset_name())

    def spec(self) -> DatasetSpec:
        return get_dataset_spec(self.dataset_name())

    def data_request(self) -> DataRequest:
        """What the preview loads: the run's data without a train limit."""
        return DataRequest(dataset=self.dataset_name(), data_root=self.data_root(),
                           seed=self.hyper.values().get("seed", 0))

    def loaded(self) -> tuple[DataRequest, DataSplits] | None:
        return self._loaded

    # -------------------------------------------------------------- setters
    def set_dataset(self, name: str) -> None:
        index = self.dataset.findData(name)
        if index < 0:
            raise UserError(f"Unknown dataset {name!r}.")
        if index == self.dataset.currentIndex():
            self._on_dataset_changed(index)
        else:
            self.dataset.setCurrentIndex(index)

    def set_model(self, name: str) -> None:
        index = self.model.findData(name)
        if index < 0:
            raise UserError(f"Unknown model {name!r}.")
        if index != self.model.currentIndex():
            self.model.setCurrentIndex(index)

    def set_recipe(self, name: str) -> None:
        index = self.recipe.findData(name)
        if index >= 0 and index != self.recipe.currentIndex():
            self.recipe.setCurrentIndex(index)

    def set_device(self, name: str) -> bool:
        """Pick a device by its string; False (CPU kept) when this machine does not have it."""
        index = self.device.findData(name)
        if index < 0:
            return False
        self.device.setCurrentIndex(index)
        return True

    def set_data_root(self, dataset: str, folder: str | None) -> None:
        self._requested = None  # choosing the same folder again retries the load
        if folder:
            self._data_roots[dataset] = folder
        else:
            self._data_roots.pop(dataset, None)
        if dataset == self.dataset_name():
            self._update_folder_row()
            self._request_data()

    def set_running(self, running: bool) -> None:
        """Lock the setup while a run trains (its config is fixed once started)."""
        for w in (self.dataset, self.model, self.recipe, self.device, self.folder_button, self.folder_reset):
            w.setEnabled(not running)
        self.hyper.set_enabled_for_run(not running)

    # ---------------------------------------------------------- settings
    def state(self) -> dict[str, Any]:
        return {"dataset": self.dataset_name(), "model": self.model_name(), "recipe": self.recipe_name(),
                "device": self.device_name(), "data_roots": dict(self._data_roots), "hyper": self.hyper.texts()}

    def restore(self, state: dict[str, Any]) -> list[str]:
        """Apply saved settings; returns one sentence per saved value that no longer applies."""
        notes = []
        roots = state.get("data_roots") or {}
        self._data_roots = {str(k): str(v) for k, v in roots.items() if v} if isinstance(roots, dict) else {}
        dataset = state.get("dataset") if state.get("dataset") in list_datasets() else TrainConfig.dataset
        model = state.get("model") if state.get("model") in list_models() else get_dataset_spec(dataset).default_model
        self._quiet = True
        try:
            self.set_dataset(dataset)
            self.set_model(model)
            self.set_recipe(str(state.get("recipe", "default")))
            device = state.get("device")
            if device and not self.set_device(str(device)):
                notes.append(f"The device {device} used last time is not available; training on the CPU.")
        finally:
            self._quiet = False
        self._after_pair_change()
        hyper = state.get("hyper")
        if isinstance(hyper, dict):
            self.hyper.fill({k: str(v) for k, v in hyper.items()})
        self._request_data()
        return notes

    # ----------------------------------------------------------- the config
    def problem(self) -> str:
        """The first reason Start cannot work now, as one sentence; "" when all is well."""
        errors = self.hyper.errors()
        if errors:
            return next(iter(errors.values()))
        if self._model_error:
            return self._model_error
        if self.dataset_name() == "folder" and not self.data_root():
            return "Choose a data folder with one sub-folder of images per class."
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
        self._loaded = (request, splits)
        self._data_error = ""
        self.data_view.show_data(self.spec(), splits)
        self._update_model_view()
        self.changed.emit()

    def show_data_error(self, request: DataRequest, message: str) -> None:
        if request != self.data_request():
            return
        self._loaded = None
        self._data_error = message
        self.data_view.show_error(self.spec(), message)
        self._update_model_view()
        self.changed.emit()

    def data_error(self) -> str:
        return self._data_error

    def _request_data(self) -> None:
        request = self.data_request()
        if request == self._requested:
            return  # already loading or loaded
        self._requested = request
        self._loaded = None
        self.show_data_loading(request)
        self.dataRequested.emit(request)

    def _choose_folder(self) -> None:
        start = self.data_root() or str(Path.home())
        folder = QFileDialog.getExistingDirectory(self, f"Folder with the {self.spec().title} data", start)
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
            self.folder_label.setText(f"found in {found}" if found else
                                      ("no folder chosen" if spec.name == "folder" else "not found; choose its folder"))
            self.folder_label.setToolTip(found or "")
        self.folder_reset.setEnabled(bool(root))

    # -------------------------------------------------------- picker logic
    def _on_dataset_changed(self, _index: int) -> None:
        self._loaded = None
        self._data_error = ""
        self._update_folder_row()
        if not self._quiet:
            self.set_model(self.spec().default_model)  # each dataset has the chapter's model for it
            self._after_pair_change()
            self._request_data()

    def _on_model_changed(self, _index: int) -> None:
        if not self._quiet:
            self._after_pair_change()

    def _on_recipe_changed(self, _index: int) -> None:
        if not self._quiet:
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
            self.recipe_note.setText("The course has no settings for this pair; the default recipe is used.")
            self.recipe_note.show()
        else:
            self.recipe_note.hide()

    def _on_hyper_changed(self) -> None:
        seed = self.hyper.values().get("seed", 0)
        if seed != self._last_seed and "seed" not in self.hyper.errors():
            self._last_seed = seed
            if not self._quiet:
                self._seed_timer.start()
        self.changed.emit()

    def _input_shape(self) -> tuple[tuple[int, int, int], int] | None:
        """(input shape, class count) from the dataset spec, else from the loaded data."""
        spec = self.spec()
        if spec.channels and spec.size and spec.classes:
            return (spec.channels, *spec.size), len(spec.classes)
        if self._loaded is not None:
            info = self._loaded[1].info
            return info.input_shape, info.num_classes
        return None

    def _update_model_view(self) -> None:
        """Show the model's card now and its layer table once built (off the GUI thread: big nets take a second)."""
        name = self.model_name()
        card = get_model_spec(name).card
        shape = self._input_shape()
        self._model_error = ""
        if shape is None:
            self._summary_key = None
            self.model_view.show_model(name, card, None, "The layer table appears once the data is loaded.")
            return
        (c, h, w), classes = shape
        key = (name, (c, h, w), classes)
        if key == self._summary_key:
            return
        self._summary_key = key
        self.model_view.show_model(name, card, None, "Building the layer table…")

        def build() -> Summary:
            model = build_model(name, in_channels=c, image_size=(h, w), num_classes=classes)
            return summarize(model, (c, h, w))

        def done(result: object) -> None:
            if self._summary_key == key:
                assert isinstance(result, Summary)
                self.model_view.show_model(name, card, result)

        def failed(message: str) -> None:
            if self._summary_key == key:
                self._model_error = message
                self.model_view.show_error(name, card, message)
                self.changed.emit()

        self._run_in_thread(build, done, failed)

    def describe(self) -> str:
        """"shape-cnn on Shapes" for titles and messages."""
        return f"{self.model_name()} on {self.spec().title}"
