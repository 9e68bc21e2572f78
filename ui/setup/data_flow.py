"""The setup's data preview flow: when the state asks for a new load (its ``generation`` moves) the Data
tab shows "loading" and ``requested`` asks the window for the data; the window answers with
:meth:`DataFlow.show_data` or :meth:`DataFlow.show_error`, and answers for an older request are ignored."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from cnnlab.app.setup import SetupState
from cnnlab.datasets import get_dataset_spec
from ui.setup.data_view import DataView

if TYPE_CHECKING:
    from cnnlab.datasets import DataSplits
    from cnnlab.engine.request import DataRequest


class DataFlow(QObject):
    """``requested(DataRequest)``: load this for the preview; ``shown()``: the data or its error is shown."""

    requested = Signal(object)
    shown = Signal()

    def __init__(self, state: SetupState, view: DataView, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state, self.view = state, view
        state.events.generation.connect(self._load)
        state.events.connect_any(("loaded", "data_error"), lambda _names: self._show_state())

    def request(self) -> DataRequest:
        """What the preview loads: the run's data without a train limit."""
        return self.state.data_request()

    def catch_up(self) -> None:
        """Made after the state asked for a load (a window's setup made before its views): ask for it now."""
        if self.state.generation and self.state.loaded is None and not self.state.data_error:
            self._load(self.state.generation)

    def show_data(self, request: DataRequest, splits: DataSplits) -> None:
        if request == self.request():  # else an older request finished after the student moved on
            self.state.update(loaded=(request, splits), data_error="")

    def show_error(self, request: DataRequest, message: str) -> None:
        if request == self.request():
            self.state.update(loaded=None, data_error=message)

    def _load(self, _generation: int) -> None:
        """A new load is due: show it loading and ask the window for it."""
        self.state.update(loaded=None, data_error="")
        request = self.request()
        self.view.show_loading(get_dataset_spec(request.dataset))
        self.requested.emit(request)

    def _show_state(self) -> None:
        loaded, error, spec = self.state.loaded, self.state.data_error, get_dataset_spec(self.state.dataset)
        if loaded is not None:
            self.view.show_data(spec, loaded[1])
        elif error:
            self.view.show_error(spec, error)
        else:
            return  # cleared for a new load: the loading view is shown by ``_load``
        self.shown.emit()
