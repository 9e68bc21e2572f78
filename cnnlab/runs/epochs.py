"""Epoch history: the weights after every epoch, ``epochs/epoch_003.pt`` in the run folder, so the
inspection tabs can show kernels, feature maps, the confusion matrix and the misclassified images as
they were after epoch 1, 2, ... (ZFNet's feature-evolution figure).

Each file is a full checkpoint (``cnnlab eval --checkpoint`` reads it). Models whose weights take
more than ``HISTORY_MAX_BYTES`` keep only ``checkpoint.pt``: every chapter network and LeNet are far
below it, the big zoo models (VGG, ResNet, DenseNet at CIFAR size) above it.
"""

from __future__ import annotations

import pickle
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import torch
from torch import nn

from cnnlab.engine.callbacks import Callback
from cnnlab.engine.checkpoint import CheckpointMeta, checkpoint_data, load_checkpoint, write_atomically
from cnnlab.engine.events import EpochEnd, RunStarted
from cnnlab.errors import StorageError, UserError, write_failure
from cnnlab.i18n import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from cnnlab.datasets import ImageSet
    from cnnlab.inspection import Subject

EPOCHS_DIR = "epochs"  # the history's folder inside a run folder
HISTORY_MAX_BYTES = 8 * 2**20  # 8 MiB of weights per epoch: the chapter's nets (< 1 MiB) and LeNet keep every epoch
_NAME = re.compile(r"epoch_(\d+)\.pt")


def weights_bytes(model: nn.Module | dict[str, torch.Tensor]) -> int:
    """Bytes of the model's weights and buffers, or of a state dict (one epoch file, give or take its header)."""
    state = model.state_dict() if isinstance(model, nn.Module) else model
    return sum(t.numel() * t.element_size() for t in state.values())


def keeps_history(model: nn.Module | dict[str, torch.Tensor]) -> bool:
    return weights_bytes(model) <= HISTORY_MAX_BYTES


def epoch_file(run_dir: str | Path, epoch: int) -> Path:
    return Path(run_dir) / EPOCHS_DIR / f"epoch_{epoch:03d}.pt"


def saved_epochs(run_dir: str | Path) -> list[int]:
    """The epochs whose weights the run folder keeps, in order."""
    folder = Path(run_dir) / EPOCHS_DIR
    if not folder.is_dir():
        return []
    found = (_NAME.fullmatch(p.name) for p in folder.iterdir())
    return sorted(int(m.group(1)) for m in found if m)


def missing_history(run_dir: str | Path) -> str:
    """Why a run folder keeps no epoch's weights: "no_epoch" (no epoch finished: no checkpoint), "too_big" (its
    weights are over HISTORY_MAX_BYTES) or "not_kept" (a small model whose folder holds no history, e.g. one
    written before epochs were kept, or whose epoch files were removed)."""
    path = Path(run_dir) / "checkpoint.pt"
    if not path.is_file():
        return "no_epoch"
    try:  # mapped, not read: only the tensors' sizes are looked at
        data = torch.load(path, map_location="cpu", mmap=True, weights_only=True)
        state = data["state_dict"]
    except (OSError, RuntimeError, KeyError, TypeError, ValueError, EOFError, pickle.UnpicklingError):
        return "not_kept"  # a damaged checkpoint: opening the run says so
    return "too_big" if isinstance(state, dict) and not keeps_history(state) else "not_kept"


class EpochHistory(Callback):
    """Writes each epoch's weights to ``epochs/epoch_NNN.pt`` when the model is small enough to keep them."""

    def __init__(self, run_dir: Path) -> None:
        self.run_dir = run_dir
        self.meta: CheckpointMeta | None = None  # the run's, from its RunStarted
        self.config: dict[str, Any] = {}

    def on_run_begin(self, event: RunStarted) -> None:
        self.config, self.meta = event.config, event.meta

    def on_epoch_end(self, event: EpochEnd) -> None:
        if self.meta is None or not event.weights or not keeps_history(event.weights):
            return
        path = epoch_file(self.run_dir, event.epoch)
        data = checkpoint_data(self.meta, event.weights, event.epoch, self.config)
        try:
            path.parent.mkdir(exist_ok=True)
            write_atomically(path, lambda f: torch.save(data, f))
        except OSError as e:
            raise StorageError(QT_TRANSLATE_NOOP("CoreMessage", "{failure} (the weights after epoch {epoch}); the last "
                                                 "finished epoch's checkpoint (epoch {epoch}) is kept in {path}."),
                               failure=write_failure(e, path), epoch=event.epoch,
                               path=self.run_dir / "checkpoint.pt") from None


def epoch_subject(run_dir: str | Path, epoch: int, test: ImageSet) -> Subject:
    """What the inspection tabs look at after ``epoch`` of the run in ``run_dir``."""
    from cnnlab.inspection import Subject

    path = epoch_file(run_dir, epoch)
    if not path.is_file():
        kept = saved_epochs(run_dir)
        if kept:
            raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "The run in {path} has no weights for epoch {epoch}; it "
                                                             "keeps epochs {first}–{last}."),
                            path=run_dir, epoch=epoch, first=kept[0], last=kept[-1])
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "The run in {path} has no weights for epoch {epoch}; it "
                                                         "keeps no epoch history."), path=run_dir, epoch=epoch)
    ck = load_checkpoint(path)
    return Subject(model=ck.model.eval(), meta=ck.meta, test=test, epoch=ck.epoch)
