"""The run folder's writer: :class:`RunWriter` writes ``config.json``, ``metrics.jsonl``, ``checkpoint.pt``
and ``results.json`` as training goes (see :mod:`cnnlab.runs.store` for the folder and its readers).

Every file is written through a temp file (fsync, then rename): a crash, a kill or a full disk
leaves the previous good file, never half a file. A failed write raises ``StorageError``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch

from cnnlab import strict_json
from cnnlab.engine.atomic import commit, discard, write_atomically, write_tmp
from cnnlab.engine.callbacks import Callback
from cnnlab.engine.checkpoint import CheckpointMeta, checkpoint_data
from cnnlab.engine.events import EpochEnd, RunEnd, RunStarted
from cnnlab.errors import Sentence, StorageError, UserError, write_failure
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.runs.claim import writer_info
from cnnlab.runs.store import CHECKPOINT, CONFIG, METRICS, RESULTS, WRITER, EarlierPart


def _json_bytes(data: Any) -> bytes:
    return strict_json.file_bytes(data)


def _write_bytes(path: Path, data: bytes) -> None:
    write_atomically(path, lambda f: f.write(data))



class RunWriter(Callback):
    """Writes the run folder as training goes, so a crash or a stop loses at most one epoch.

    A write that fails (disk full, folder gone read-only) keeps the files of the last finished
    epoch and raises ``StorageError`` with one sentence; the trainer then ends the run as failed.
    """

    def __init__(self, run_dir: Path, *, state: Callable[[], dict[str, Any]] | None = None,
                 earlier: EarlierPart | None = None) -> None:
        self.run_dir = run_dir
        self.meta: CheckpointMeta | None = None  # the run's, from its RunStarted
        self.state = state  # the trainer's training state, saved in each checkpoint so the run can be continued
        self.earlier = earlier  # the run folder's earlier part when a run is continued; None: a new run
        self.config: dict[str, Any] = {}
        self.rows: list[dict[str, Any]] = []  # the epochs so far (a continued run's earlier ones first)
        self.lines: list[str] = []  # metrics.jsonl as written so far
        self.saved_epoch = 0  # the epoch whose checkpoint is on disk
        self.began = False  # True once the run's RunStarted came: from then on it writes the folder

    def _checkpoint(self, weights: dict[str, torch.Tensor], epoch: int) -> dict[str, Any]:
        assert self.meta is not None, "the run began with its RunStarted"
        training = self.state() if self.state is not None else None
        return checkpoint_data(self.meta, weights, epoch, self.config, training=training, metrics=self.rows)

    def _failed(self, e: OSError, path: Path, what: str) -> StorageError:
        if self.saved_epoch:
            kept = Sentence(QT_TRANSLATE_NOOP("CoreMessage", "the last finished epoch's checkpoint (epoch {epoch}) is "
                                                             "kept in {path}"),
                            epoch=self.saved_epoch, path=self.run_dir / CHECKPOINT)
        else:
            kept = Sentence(QT_TRANSLATE_NOOP("CoreMessage", "no epoch had finished yet, so there is no checkpoint to "
                                                             "keep"))
        return StorageError(QT_TRANSLATE_NOOP("CoreMessage", "{failure} ({what}); {kept}."),
                            failure=write_failure(e, path), what=what, kept=kept)

    def on_run_begin(self, event: RunStarted) -> None:
        self.config, self.meta, self.began = event.config, event.meta, True
        earlier = self.earlier
        self.rows = list(earlier.metrics) if earlier else []
        self.lines = [strict_json.dumps(r) for r in self.rows]
        self.saved_epoch = earlier.epoch if earlier else 0
        config = {
            **event.config, "classes": list(event.classes), "input_shape": list(event.input_shape),
            "params": event.params, "device_used": event.device, "deterministic": event.deterministic,
            "threads_used": [dict(e) for e in event.threads_used],  # as the run began; results.json: all of them
            "train_size": event.train_size, "val_size": event.val_size, "test_size": event.test_size,
        }
        if self.earlier is not None:  # the same folder goes on: its epochs so far stay, results come anew
            config["continued"] = self.earlier.history
        metrics = "".join(line + "\n" for line in self.lines).encode("utf-8")
        for name, data in ((WRITER, _json_bytes(writer_info())), (CONFIG, _json_bytes(config)), (METRICS, metrics)):
            try:
                _write_bytes(self.run_dir / name, data)
            except OSError as e:
                raise self._failed(e, self.run_dir / name, Sentence(QT_TRANSLATE_NOOP(
                    "CoreMessage", "the run could not start"))) from None
        if self.earlier is not None:
            discard(self.run_dir / RESULTS)  # kept in memory: put back if the continuation trains nothing

    def on_epoch_end(self, event: EpochEnd) -> None:
        """The epoch's metrics line and checkpoint go to temp files first; only when both are written
        do they replace the old ones, so metrics and checkpoint always describe the same epoch."""
        row = event.metrics()
        lines = [*self.lines, strict_json.dumps(row)]
        data = "".join(line + "\n" for line in lines).encode("utf-8")
        files: list[tuple[Path, Any]] = [(self.run_dir / METRICS, lambda f: f.write(data))]
        rows, self.rows = self.rows, [*self.rows, row]  # the checkpoint carries the lines up to its epoch
        if event.weights:
            ck = self._checkpoint(event.weights, event.epoch)
            files.append((self.run_dir / CHECKPOINT, lambda f: torch.save(ck, f)))
        try:
            self._write_together(files, Sentence(QT_TRANSLATE_NOOP("CoreMessage", "epoch {epoch} could not be saved"),
                                                 epoch=event.epoch))
        except StorageError:
            self.rows = rows
            raise
        self.lines = lines
        if event.weights:
            self.saved_epoch = event.epoch

    def _write_together(self, files: list[tuple[Path, Any]], what: str) -> None:
        written: list[tuple[Path, Path]] = []
        try:
            for path, write in files:
                written.append((write_tmp(path, write), path))
            for tmp, path in written:
                commit(tmp, path)
        except OSError as e:
            for tmp, _ in written:
                discard(tmp)
            raise self._failed(e, path, what) from None

    def on_run_end(self, event: RunEnd) -> None:
        if not self.began:  # the run failed before it began: the folder holds nothing of it
            return
        cont = self.earlier
        if cont is not None and cont.results is not None and event.status == "failed" \
                and self.saved_epoch == cont.epoch:
            with contextlib.suppress(OSError):  # the continuation trained nothing: the run is as it was
                _write_bytes(self.run_dir / RESULTS, _json_bytes(cont.results))
                discard(self.run_dir / WRITER)
            return
        if event.status == "failed":  # keep the failure's own sentence: tidy up as far as the disk allows
            with contextlib.suppress(OSError, UserError):
                self._write_results(event)
            return
        if event.weights and event.status == "stopped":
            ck = self._checkpoint(event.weights, event.epochs_done)
            self._write_together([(self.run_dir / CHECKPOINT, lambda f: torch.save(ck, f))],
                                 Sentence(QT_TRANSLATE_NOOP("CoreMessage", "the stopped run's weights could not be "
                                                                           "saved")))
            self.saved_epoch = event.epochs_done
        try:
            self._write_results(event)
        except OSError as e:
            raise self._failed(e, self.run_dir / RESULTS, Sentence(QT_TRANSLATE_NOOP(
                "CoreMessage", "the run's results could not be saved"))) from None

    def _write_results(self, event: RunEnd) -> None:
        results = event.metrics()
        if self.earlier is not None and self.earlier.results is not None:  # the earlier part's findings stay
            earlier = self.earlier.results.get("diagnoses")
            kept = [d for d in earlier if isinstance(d, dict)] if isinstance(earlier, list) else []
            results["diagnoses"] = kept + results["diagnoses"]
        if event.status == "failed" and self.saved_epoch:  # what the failed run leaves behind
            results.update(epochs_done=self.saved_epoch, checkpoint=str(self.run_dir / CHECKPOINT))
        _write_bytes(self.run_dir / RESULTS, _json_bytes(results))
        discard(self.run_dir / WRITER)  # the run has ended: no process to look for
