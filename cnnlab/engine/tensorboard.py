"""``cnnlab train --tensorboard DIR``: the run's curves as TensorBoard event files, for those who use it.

TensorBoard is an optional extra (``pip install cnnlab[tensorboard]``); without it the option is one
sentence saying how to install it. Events are written through ``torch.utils.tensorboard``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cnnlab.engine.callbacks import Callback
from cnnlab.engine.events import BatchEnd, EpochEnd, RunEnd, RunStarted
from cnnlab.errors import UserError

MISSING = ("--tensorboard needs the tensorboard package, which is not installed; install it with "
           "pip install tensorboard (or pip install 'cnnlab[tensorboard]').")


def summary_writer_class() -> Any:
    """torch's SummaryWriter, or ``UserError`` with the install sentence when tensorboard is missing."""
    try:
        from torch.utils.tensorboard import SummaryWriter
    except ImportError:  # torch raises this itself when the tensorboard package is absent
        raise UserError(MISSING) from None
    return SummaryWriter


class TensorBoardLogger(Callback):
    """Batch loss/accuracy/learning rate against the step; each epoch's figures; the test result."""

    def __init__(self, log_dir: str | Path) -> None:
        self.log_dir = Path(log_dir).expanduser()
        self._writer_class = summary_writer_class()
        self.writer: Any = None

    def on_run_begin(self, event: RunStarted) -> None:
        self.writer = self._writer_class(log_dir=str(self.log_dir))
        self.writer.add_text("config", "\n".join(f"    {k}: {v}" for k, v in sorted(event.config.items())))

    def on_batch_end(self, event: BatchEnd) -> None:
        if self.writer is None:
            return
        self.writer.add_scalar("batch/loss", event.loss, event.step)
        self.writer.add_scalar("batch/accuracy", event.acc, event.step)
        self.writer.add_scalar("batch/learning_rate", event.lr, event.step)

    def on_epoch_end(self, event: EpochEnd) -> None:
        if self.writer is None:
            return
        for name in ("train_loss", "train_acc", "val_loss", "val_acc"):
            value = getattr(event, name)
            if value is not None:
                self.writer.add_scalar(f"epoch/{name}", value, event.epoch)
        self.writer.flush()

    def on_run_end(self, event: RunEnd) -> None:
        if self.writer is None:
            return
        if event.test_acc is not None and event.test_loss is not None:
            self.writer.add_scalar("test/accuracy", event.test_acc, event.epochs_done)
            self.writer.add_scalar("test/loss", event.test_loss, event.epochs_done)
        self.writer.close()
        self.writer = None


def tensorboard_callbacks(log_dir: str | None) -> list[Callback]:
    """The logger for ``--tensorboard DIR``; none without the option."""
    return [TensorBoardLogger(log_dir)] if log_dir else []
