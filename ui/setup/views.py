"""The setup's Data tab (the dataset's facts and samples) and Model tab (the model's card and layer table).

Their views are made with the setup, or — for a window's first paint, which they would only slow down
(the Data tab says "Loading…" then anyway) — just after it (:meth:`SetupTabs.build`): until then each
tab shows a placeholder, and once made they catch up with the state (its preview load, its model).
Texts keep the ``SetupPanel`` translation context they were written in."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QTabWidget

from cnnlab.app.setup import SetupState
from ui.background import RunInThread
from ui.window_parts import TabSlots

if TYPE_CHECKING:  # imported when the views are made: a window's first paint does not wait for them
    from ui.setup.background_views import LayerTable
    from ui.setup.data_flow import DataFlow
    from ui.setup.data_view import DataView
    from ui.setup.model_view import ModelView

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls
DATA, MODEL = "data", "model"  # the tabs' keys


class SetupTabs(QTabWidget):
    """The Data and Model tabs; ``requested(DataRequest)``: load this for the preview; ``shown()``: the
    preview (or why it failed) is shown."""

    requested = Signal(object)
    shown = Signal()

    data_view: DataView  # made now, or by :meth:`build` when ``later``
    model_view: ModelView
    layer_table: LayerTable
    data_flow: DataFlow

    def __init__(self, *, later: bool = False) -> None:
        """``later``: a placeholder in each tab until :meth:`build`; else the views now, in their tabs (they
        show the state once :meth:`attach` gives it)."""
        super().__init__()
        self.built = False
        self.slots = TabSlots(self)
        if later:
            self.slots.reserve(DATA, translate("SetupPanel", "Data"))
            self.slots.reserve(MODEL, translate("SetupPanel", "Model"))
        else:
            self._make_views()

    def attach(self, state: SetupState, run_in_thread: RunInThread, on_model_error: Callable[[], None]) -> None:
        """The state the views show, how they run work off the GUI thread, and what a model error calls."""
        self.state, self.run_in_thread, self.on_model_error = state, run_in_thread, on_model_error
        if hasattr(self, "data_view"):
            self._connect()

    def build(self) -> None:
        """A ``later`` tab widget's views in their tabs, showing what the state holds now (a preview load due
        is asked for)."""
        if self.built:
            return
        self._make_views()
        self._connect()
        self.show_model()
        self.data_flow.catch_up()

    def _make_views(self) -> None:
        from ui.setup.data_view import DataView  # imported here: a window's first paint does not wait for them
        from ui.setup.model_view import ModelView
        from ui.widgets.layout import scrolling

        self.data_view, self.model_view = DataView(), ModelView()
        self.slots.fill(DATA, scrolling(self.data_view, top_left=False), translate("SetupPanel", "Data"))
        self.slots.fill(MODEL, self.model_view, translate("SetupPanel", "Model"))

    def _connect(self) -> None:
        from ui.setup.background_views import LayerTable
        from ui.setup.data_flow import DataFlow

        self.layer_table = LayerTable(self.state, self.model_view, self.run_in_thread, self.on_model_error)
        self.data_flow = DataFlow(self.state, self.data_view, self)  # the preview: asked for, then shown
        self.data_flow.requested.connect(self.requested)
        self.data_flow.shown.connect(self.shown)
        self.built = True

    def show_model(self) -> None:
        """The chosen model's card now and its layer table once built (off the GUI thread)."""
        if self.built:
            self.layer_table.show(self.state.model, self.state.input_shape())
