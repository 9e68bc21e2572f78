"""The setup's two views that need work off the GUI thread: the chosen model's layer table (big nets take a
second to build) and the time one epoch would take (a few timed training steps). Each answers only for
the setup it was asked about; a newer request makes an older answer moot. Texts keep the ``SetupPanel``
translation context they were written in."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from cnnlab.app.setup import SetupState
from cnnlab.design.spec import is_design_file
from cnnlab.engine.config import TrainConfig
from cnnlab.errors import UserError
from cnnlab.models.cards import CARDS, ModelCard
from ui.background import RunInThread
from ui.setup.estimate_view import EstimateView

if TYPE_CHECKING:  # torch: the threads that build a table or time an epoch import it
    from cnnlab.datasets import DataSplits
    from cnnlab.engine.estimate import EpochEstimate
    from ui.setup.model_view import ModelView

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls


def model_card(name: str) -> ModelCard:
    """A built-in model's card; for a design file, a card naming the design and its file."""
    if is_design_file(name):
        return ModelCard(title=Path(name).stem, family="design",
                         idea=translate("SetupPanel", "Your design, from the Design tab: {0}").format(name))
    return CARDS[name]


def estimate_epoch(config: TrainConfig, input_shape: tuple[int, int, int], num_classes: int,
                   train_images: int) -> EpochEstimate:
    """:func:`cnnlab.engine.estimate.estimate_epoch`, imported when an epoch is first timed (it needs torch: the
    setup is drawn before torch is imported)."""
    from cnnlab.engine.estimate import estimate_epoch as timed

    return timed(config, input_shape, num_classes, train_images)


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
        card = model_card(name)
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

        def build() -> object:
            from cnnlab.design.build import build_network  # torch, on the worker thread
            from cnnlab.models import summarize

            model = build_network(name, in_channels=c, image_size=(h, w), num_classes=classes)  # a design: checked
            return summarize(model, (c, h, w))

        def done(result: object) -> None:
            from cnnlab.models import Summary  # imported by ``build``

            if self.state.summary_key == key:
                assert isinstance(result, Summary)
                self.view.show_model(name, card, result)

        def failed(message: str) -> None:
            if self.state.summary_key == key:
                self.state.update(model_error=message)
                self.view.show_error(name, card, message)
                self.on_error()

        self.run_in_thread(build, done, failed)


def train_images(cfg: TrainConfig, splits: DataSplits) -> int:
    """The training images a run of ``cfg`` sees in an epoch: the preview's, or fewer when Train on limits them."""
    return min(len(splits.train), cfg.train_limit) if cfg.train_limit else len(splits.train)


class EpochTimer:
    """Times one epoch of a setup off the GUI thread and shows it (with a hint when slow)."""

    def __init__(self, view: EstimateView, run_in_thread: RunInThread) -> None:
        self.view, self.run_in_thread = view, run_in_thread
        self.key: str | None = None  # the setup the estimate shown (or being timed) is for
        self.result: EpochEstimate | None = None  # the estimate for ``key``, once timed

    def clear(self) -> None:
        self.key, self.result = None, None
        self.view.clear_estimate()

    @staticmethod
    def key_of(cfg: TrainConfig, splits: DataSplits) -> str:
        return repr((cfg, train_images(cfg, splits)))

    def time(self, cfg: TrainConfig, splits: DataSplits, device_label: str) -> None:
        info, images = splits.info, train_images(cfg, splits)
        key = self.key_of(cfg, splits)
        if key == self.key:
            if self.result is not None:  # shown as pending meanwhile: the same setup again
                self.view.show_estimate(self.result, device_label, cfg.epochs)
            return
        self.key, self.result = key, None
        self.view.show_pending()

        from cnnlab.engine.estimate import EpochEstimate  # loaded with the data it times

        def done(result: object) -> None:
            if self.key == key:
                assert isinstance(result, EpochEstimate)
                self.result = result
                self.view.show_estimate(result, device_label, cfg.epochs)

        def failed(_message: str) -> None:  # the model cannot train on this data: Start says why
            if self.key == key:
                self.view.clear_estimate()

        self.run_in_thread(lambda: estimate_epoch(cfg, info.input_shape, info.num_classes, images), done, failed)

    def estimate_now(self, cfg: TrainConfig, splits: DataSplits, device_label: str) -> EpochEstimate | None:
        """The time per epoch of ``cfg``: the one shown when it is for ``cfg``, else timed here and now (a
        fraction of a second for the chapter's networks) and shown; None when it cannot be timed."""
        key = self.key_of(cfg, splits)
        if key == self.key and self.result is not None:
            return self.result
        try:
            result = estimate_epoch(cfg, splits.info.input_shape, splits.info.num_classes, train_images(cfg, splits))
        except UserError:
            return None
        self.key, self.result = key, result
        self.view.show_estimate(result, device_label, cfg.epochs)
        return result
