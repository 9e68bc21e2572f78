"""Callbacks receive the trainer's events (Keras style). The Qt worker is just one of them."""

from __future__ import annotations

import math
import sys
import time
from typing import TextIO

from cnnlab.cli_format import clock
from cnnlab.engine.doctor.diagnosis import Diagnosis
from cnnlab.engine.events import BatchEnd, EpochEnd, RunEnd, RunStarted
from cnnlab.errors import UserError
from cnnlab.i18n import QT_TRANSLATE_NOOP


class Callback:
    """Override what you need; every hook runs on the training thread and must be quick.

    A callback may call ``request_stop(reason)``: the trainer looks after each epoch's end and then
    ends the run as a user's stop after that epoch would (status "stopped", ``reason`` as its message).
    """

    stop_reason: str | None = None  # set by request_stop(); the trainer clears it when a run begins

    def request_stop(self, reason: str) -> None:
        self.stop_reason = reason

    @property
    def stop_requested(self) -> bool:
        return self.stop_reason is not None

    def on_run_begin(self, event: RunStarted) -> None: ...

    def on_epoch_begin(self, epoch: int) -> None: ...  # 1-based, before the epoch's first batch

    def on_batch_end(self, event: BatchEnd) -> None: ...

    def on_epoch_end(self, event: EpochEnd) -> None: ...

    def on_diagnosis(self, event: Diagnosis) -> None: ...  # the training doctor's finding, after its epoch's end

    def on_run_end(self, event: RunEnd) -> None: ...


class History(Callback):
    """Keeps every event in memory: curves for plots and tests."""

    def __init__(self) -> None:
        self.started: RunStarted | None = None
        self.batches: list[BatchEnd] = []
        self.epochs: list[EpochEnd] = []
        self.diagnoses: list[Diagnosis] = []
        self.end: RunEnd | None = None

    def on_run_begin(self, event: RunStarted) -> None:
        self.started = event

    def on_batch_end(self, event: BatchEnd) -> None:
        self.batches.append(event)

    def on_epoch_end(self, event: EpochEnd) -> None:
        self.epochs.append(event)

    def on_diagnosis(self, event: Diagnosis) -> None:
        self.diagnoses.append(event)

    def on_run_end(self, event: RunEnd) -> None:
        self.end = event


MONITORED = ("val_loss", "val_acc", "train_loss", "train_acc")  # the EpochEnd figures worth watching


class EarlyStopping(Callback):
    """Stops the run once ``monitor`` has not improved by more than ``min_delta`` for ``patience`` epochs.

    Losses must fall and accuracies rise. Epochs without the figure (no validation split) are skipped.
    """

    def __init__(self, monitor: str = "val_loss",  # held-out loss: the usual sign of overfitting
                 patience: int = 3,  # epochs without improvement tolerated: rides out a noisy epoch or two
                 min_delta: float = 0.0) -> None:  # smallest gain that counts: any gain at all
        if monitor not in MONITORED:
            raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "Early stopping can watch {names}, not {monitor}."),
                            names=', '.join(MONITORED), monitor=repr(monitor))
        if patience < 0 or min_delta < 0:
            raise UserError("Early stopping needs a patience and a minimum change of at least 0.")
        self.monitor, self.patience, self.min_delta = monitor, patience, min_delta
        self.sign = 1.0 if monitor.endswith("loss") else -1.0  # compare as "lower is better"
        self.best, self.best_epoch, self.wait = math.inf, 0, 0

    def on_run_begin(self, event: RunStarted) -> None:
        self.best, self.best_epoch, self.wait = math.inf, 0, 0

    def on_epoch_end(self, event: EpochEnd) -> None:
        value = getattr(event, self.monitor)
        if value is None:
            return
        if self.sign * value < self.best - self.min_delta:
            self.best, self.best_epoch, self.wait = self.sign * value, event.epoch, 0
            return
        self.wait += 1
        if self.wait >= self.patience:
            self.request_stop(f"Stopped early: {self.monitor} has not improved by more than {self.min_delta:g} "
                              f"for {self.wait} epoch(s) (best {self.sign * self.best:.4f} at epoch "
                              f"{self.best_epoch}).")


def threads_text(threads: int) -> str:
    """"1 thread", "4 threads"; "" when the count is not known (events of older runs)."""
    return "" if threads <= 0 else f"{threads} thread{'s' if threads != 1 else ''}"


class ProgressPrinter(Callback):
    """A one-line progress bar on a terminal, one line per epoch elsewhere (logs, pipes)."""

    def __init__(self, stream: TextIO | None = None, width: int = 24) -> None:
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.width = width  # characters of bar: fits an 80-column terminal with the numbers
        self._last = 0.0

    def on_run_begin(self, event: RunStarted) -> None:
        print(f"Training {event.model} on {event.dataset} ({event.train_size} train / {event.val_size} val / "
              f"{event.test_size} test images, {event.params:,} parameters) on {event.device}"
              + (f", {threads_text(event.threads)}" if event.threads else ""), file=self.stream)
        for note in event.notes:
            print(f"Note: {note}", file=self.stream)

    def on_batch_end(self, event: BatchEnd) -> None:
        now = time.monotonic()
        if not self.tty or (now - self._last < 0.1 and event.batch != event.batches):
            return
        self._last = now
        done = int(self.width * event.batch / event.batches)
        bar = "#" * done + "-" * (self.width - done)
        self.stream.write(f"\repoch {event.epoch} [{bar}] {event.batch}/{event.batches} loss {event.loss:.4f} "
                          f"acc {event.acc:.3f} {event.samples_per_second:,.0f} img/s "
                          + (f"{threads_text(event.threads)} " if event.threads else "")
                          + f"eta {clock(event.eta, hours=False)}  ")
        self.stream.flush()

    def on_epoch_end(self, event: EpochEnd) -> None:
        if self.tty:
            self.stream.write("\r" + " " * 100 + "\r")
        val = "" if event.val_acc is None else f" val_loss {event.val_loss:.4f} val_acc {event.val_acc:.4f}"
        # this epoch's images over this epoch's seconds, so the two numbers agree (older events lack images)
        rate = event.images / max(event.seconds, 1e-9) if event.images else event.samples_per_second
        threads = f", {threads_text(event.threads)}" if event.threads else ""
        print(f"epoch {event.epoch}/{event.epochs} loss {event.train_loss:.4f} acc {event.train_acc:.4f}{val} "
              f"({event.seconds:.1f}s, {rate:,.0f} img/s{threads})", file=self.stream)

    def on_run_end(self, event: RunEnd) -> None:
        if event.compile_seconds is not None:
            print(f"compiling the model took {event.compile_seconds:.1f}s (not counted as training time)",
                  file=self.stream)
        if event.status == "completed" and event.test_acc is not None:
            print(f"test accuracy {event.test_acc:.4f} (loss {event.test_loss:.4f}); run saved in {event.run_dir}",
                  file=self.stream)
        elif event.status == "stopped":
            if event.message:
                print(event.message, file=self.stream)
            print(f"stopped after {event.epochs_done} epoch(s); run saved in {event.run_dir}", file=self.stream)


class DoctorPrinter(Callback):
    """At the run's end, what the training doctor found: one line per finding, with the options that rerun it
    fixed. Printed however the run ended (a finished run at chance must not read as fine)."""

    def __init__(self, stream: TextIO | None = None) -> None:  # None: stderr, beside the progress and the errors
        self.stream = stream or sys.stderr
        self.found: list[Diagnosis] = []  # this run's findings, in the order found

    def on_run_begin(self, event: RunStarted) -> None:
        self.found = []

    def on_diagnosis(self, event: Diagnosis) -> None:
        self.found.append(event)

    def on_run_end(self, event: RunEnd) -> None:
        from cnnlab.engine.doctor.fixes import fix_options

        shown = [d for d in self.found if str(d.sentence) != str(event.message)]  # the failure says itself
        if not shown:
            return
        print(f"The training doctor found {len(shown)} problem(s):", file=self.stream)
        for d in shown:
            where = f"epoch {d.epoch}" if d.epoch else "data"
            options = fix_options(d)
            fix = f"\n      fix and rerun: the same command with {options}" if options else ""
            print(f"  [{where}] {d.sentence}{fix}", file=self.stream)
