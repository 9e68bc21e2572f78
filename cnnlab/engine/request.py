"""What one data load asks for (:class:`DataRequest`) and the one loading function, :func:`load_data`.

Plain Python: the window builds requests before torch is imported (the dataset modules that load the
files import it when a load runs)."""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass, fields
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cnnlab.datasets import DataSplits
    from cnnlab.engine.config import TrainConfig

# Loads are serialised: two threads drawing the same generated set at once would race on its cache
# file, and on two cores a second load only slows the first.
_LOAD_LOCK = threading.Lock()


@dataclass(frozen=True, kw_only=True)  # keywords only: six look-alike fields, easy to shift by one
class DataRequest:
    """The arguments of one data load; hashable so loaded splits can be reused, plain data so it
    can be saved as JSON (``to_dict``/``from_dict``) or sent to a training process.

    Build it with keywords (``DataRequest(dataset="mnist", seed=1)``), from a config
    (:meth:`for_config`) or from a saved config dict (:meth:`from_dict`); load it with
    :func:`load_data` (or :meth:`load`).
    """

    dataset: str
    data_root: str | None = None  # None: the app data folder and the usual places
    seed: int = 0  # fixes generated data and the validation split
    val_fraction: float = 0.1  # the course holds out a tenth of the training set
    train_limit: int | None = None  # None: every training image
    image_size: int | None = None  # image folders only

    @classmethod
    def for_config(cls, config: TrainConfig) -> DataRequest:
        """The data a training run of ``config`` loads."""
        return cls(**{f.name: getattr(config, f.name) for f in fields(cls)})

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DataRequest:
        """From ``to_dict()`` output or a run's saved config (other keys are ignored; missing ones
        take their defaults). Values read back from JSON are given their types."""
        def opt_int(v: Any) -> int | None:
            return None if v is None else int(v)

        return cls(dataset=str(data["dataset"]),
                   data_root=None if data.get("data_root") is None else str(data["data_root"]),
                   seed=int(data.get("seed") or 0),
                   val_fraction=float(data.get("val_fraction", 0.1)),
                   train_limit=opt_int(data.get("train_limit")),
                   image_size=opt_int(data.get("image_size")))

    def load(self) -> DataSplits:
        return load_data(self)


def load_data(request: DataRequest) -> DataSplits:
    """Load the train/validation/test splits ``request`` names: the one loading function of the
    trainer, the training process, the desktop app and ``cnnlab eval``."""
    from cnnlab.datasets import load_dataset

    with _LOAD_LOCK:
        return load_dataset(request.dataset, data_root=request.data_root, seed=request.seed,
                            val_fraction=request.val_fraction, train_limit=request.train_limit,
                            image_size=request.image_size)
