"""The setup's two views that need work off the GUI thread: the chosen model's layer table (big nets take a
second to build) and the time one epoch would take (a few timed training steps). Each answers only for
the setup it was asked about; a newer request makes an older answer moot. Texts keep the ``SetupPanel``
translation context they were written in."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from cnnlab.app.setup import SetupState
from cnnlab.datasets import DataSplits
from cnnlab.engine.config import TrainConfig
from cnnlab.engine.estimate import EpochEstimate, estimate_epoch
from cnnlab.errors import UserError
from cnnlab.models import Summary, build_model, get_model_spec, summarize
from ui.background import RunInThread
from ui.setup.estimate_view import EstimateView
from ui.setup.model_view import ModelView

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls


def run_here(fn: Callable[[], object], done: Callable[[object], None], failed: Callable[[str], None]) -> None:
    """Run ``fn`` right away (no window to lend a thread): ``done(result)`` or ``failed(sentence)``."""
    try:
        result = fn()
    except UserError as e:
        failed(str(e))
    else:
        done(result)


class LayerTable:
    """The model's card at once and its layer table once built; a model that cannot be built for the data
    sets ``state.model_error`` (Start then says why) and calls ``on_error``."""

    def __init__(self, state: SetupState, view: ModelView, run_in_thread: RunInThread,
                 on_error: Callable[[], None]) -> None:
        self.state, self.view, self.run_in_thread, self.on_error = state, view, run_in_thread, on_error

    def show(self, name: str, shape: tuple[tuple[int, int, int], int] | None) -> None:
        """The table of model ``name`` for (input shape, class count) ``shape``; None: the data is not loaded yet."""
        card = get_model_spec(name).card
        self.state.update(model_error="")
        if shape is None:
            self.state.update(summary_key=None)
            self.view.show_model(name, card, None, translate("SetupPanel", "The layer table appears once the data "
                                                                           "is loaded."))
            return
        (c, h, w), classes = shape
        key = (name, (c, h, w), classes)
        if key == self.state.summary_key:
            return
        self.state.update(summary_key=key)
        self.view.show_model(name, card, None, translate("SetupPanel", "Building the layer table…"))

        def build() -> Summary:
            model = build_model(name, in_channels=c, image_size=(h, w), num_classes=classes)
            return summarize(model, (c, h, w))

        def done(result: object) -> None:
            if self.state.summary_key == key:
                assert isinstance(result, Summary)
                self.view.show_model(name, card, result)

        def failed(message: str) -> None:
            if self.state.summary_key == key:
                self.state.update(model_error=message)
                self.view.show_error(name, card, message)
                self.on_error()

        self.run_in_thread(build, done, failed)


class EpochTimer:
    """Times one epoch of a setup off the GUI thread and shows it (with a hint when slow)."""

    def __init__(self, view: EstimateView, run_in_thread: RunInThread) -> None:
        self.view, self.run_in_thread = view, run_in_thread
        self.key: str | None = None  # the setup the estimate shown (or being timed) is for

    def clear(self) -> None:
        self.key = None
        self.view.clear_estimate()

    def time(self, cfg: TrainConfig, splits: DataSplits, device_label: str) -> None:
        info, images = splits.info, len(splits.train)
        key = repr((cfg, images))
        if key == self.key:
            return
        self.key = key
        self.view.show_pending()

        def done(result: object) -> None:
            if self.key == key:
                assert isinstance(result, EpochEstimate)
                self.view.show_estimate(result, device_label)

        def failed(_message: str) -> None:  # the model cannot train on this data: Start says why
            if self.key == key:
                self.view.clear_estimate()

        self.run_in_thread(lambda: estimate_epoch(cfg, info.input_shape, info.num_classes, images), done, failed)
