"""Loaded datasets kept for reuse, and the setup column's data preview that loads through them.

A run, the preview and an opened run ask for data by :class:`DataRequest`; the same request is
loaded once while it stays among the CACHED_SPLITS most recently used.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from cnnlab.datasets import get_dataset_spec
from cnnlab.engine.request import DataRequest
from ui.background import BackgroundJobs
from ui.i18n import dataset_title
from ui.setup import SetupPanel
from ui.status_line import StatusLine

if TYPE_CHECKING:  # the preview asks for its data before torch is imported (the load waits for it)
    from cnnlab.datasets import DataSplits

CACHED_SPLITS = 3  # loaded datasets kept for reuse (a full CIFAR-10 is ~180 MB of uint8)


class SplitsCache:
    """The CACHED_SPLITS most recently used datasets, by request."""

    def __init__(self, size: int = CACHED_SPLITS) -> None:
        self.size = size
        self._splits: OrderedDict[DataRequest, DataSplits] = OrderedDict()

    def get(self, request: DataRequest) -> DataSplits | None:
        splits = self._splits.get(request)
        if splits is not None:
            self._splits.move_to_end(request)
        return splits

    def remember(self, request: DataRequest, splits: DataSplits) -> None:
        """Keep loaded data for reuse: a run or preview with the same request will not load it again."""
        self._splits[request] = splits
        self._splits.move_to_end(request)
        while len(self._splits) > self.size:
            self._splits.popitem(last=False)


class DataPreview(QObject):
    """Loads what the setup column asks to preview (from the cache when it can) and shows it there."""

    loaded = Signal(object)  # DataRequest whose preview (or failure) is shown

    def __init__(self, setup: SetupPanel, cache: SplitsCache, jobs: BackgroundJobs, status: StatusLine,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setup, self.cache, self.jobs, self.status = setup, cache, jobs, status

    def load(self, request: DataRequest) -> None:
        splits = self.cache.get(request)
        if splits is not None:
            self.setup.show_data(request, splits)
            self.loaded.emit(request)
            return

        loading = self.tr("Loading {0}…").format(dataset_title(self.setup.spec().title))

        def done(result: object) -> None:
            from cnnlab.datasets import DataSplits  # torch: imported by the load

            assert isinstance(result, DataSplits)
            self.cache.remember(request, result)
            self.setup.show_data(request, result)
            if self.status.text() == loading:  # the samples are shown: the loading sentence is done
                self.status.show(self.tr("{0} loaded: press Start (Ctrl+Return) to train.").format(
                    dataset_title(get_dataset_spec(request.dataset).title)))
            self.loaded.emit(request)

        def failed(message: str) -> None:
            self.setup.show_data_error(request, message)
            if request == self.setup.data_request():
                self.status.show(message, error=True)
            self.loaded.emit(request)

        self.status.show(loading)
        self.jobs.run(request.load, done, failed)
