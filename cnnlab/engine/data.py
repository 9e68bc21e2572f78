"""Loading a dataset's splits (:class:`DataRequest`), turning uint8 image tensors into normalised
float batches, and batch augmentation."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from typing import TYPE_CHECKING, Any

import torch

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


def normalize(x: torch.Tensor, mean: Sequence[float], std: Sequence[float],
              device: torch.device | str = "cpu") -> torch.Tensor:
    """uint8 (N, C, H, W) -> float32 (N, C, H, W), ``(x / 255 - mean) / std`` per channel."""
    x = x.to(device, non_blocking=True).float().div_(255.0)
    m = torch.tensor(mean, dtype=torch.float32, device=x.device).view(1, -1, 1, 1)
    s = torch.tensor(std, dtype=torch.float32, device=x.device).view(1, -1, 1, 1)
    return x.sub_(m).div_(s)


def random_flip(x: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """Mirror a random half of the batch left-right. (N, C, H, W) -> same."""
    mask = (torch.rand(len(x), generator=generator) < 0.5).to(x.device)
    return torch.where(mask.view(-1, 1, 1, 1), x.flip(3), x)


def random_shift(x: torch.Tensor, generator: torch.Generator, fraction: float = 0.1) -> torch.Tensor:
    """Translate each image by up to ``fraction`` of its side, edges replicated (as Keras' shift).

    One gather for the whole batch: (N, C, H, W) -> (N, C, H, W).
    """
    n, c, h, w = x.shape
    p = max(1, int(round(max(h, w) * fraction)))
    padded = torch.nn.functional.pad(x, (p, p, p, p), mode="replicate")  # (N, C, H+2p, W+2p)
    dy = torch.randint(0, 2 * p + 1, (n,), generator=generator).to(x.device)
    dx = torch.randint(0, 2 * p + 1, (n,), generator=generator).to(x.device)
    rows = (torch.arange(h, device=x.device).view(1, h) + dy.view(n, 1)).view(n, 1, h, 1)
    cols = (torch.arange(w, device=x.device).view(1, w) + dx.view(n, 1)).view(n, 1, 1, w)
    batch = torch.arange(n, device=x.device).view(n, 1, 1, 1)
    chan = torch.arange(c, device=x.device).view(1, c, 1, 1)
    return padded[batch, chan, rows, cols]


def augment(x: torch.Tensor, kind: str, generator: torch.Generator) -> torch.Tensor:
    """Apply the named augmentation ("none", "flip", "shift", "flip+shift") to a float batch."""
    if "flip" in kind:
        x = random_flip(x, generator)
    if "shift" in kind:
        x = random_shift(x, generator)
    return x
