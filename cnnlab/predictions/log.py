"""The prediction log: ``<runs folder>/predictions.jsonl``, one JSON object per revealed prediction.

It lives with the runs, so a copied runs folder carries the guesses made on them. Each prediction is
appended as one line in a single write to a file opened for appending (and synced), so two writers (the
window and a script) never mix their lines and a crash leaves at most the one unfinished line. The file is
never rewritten: a line that cannot be read (cut short, edited by hand, another program's bytes) is skipped,
counted and named in one sentence, and stays in the file as it was; the next line starts on a line of its
own, so a damaged end never swallows a new prediction.
"""

from __future__ import annotations

import errno
import json
import os
from dataclasses import dataclass
from pathlib import Path

from cnnlab import strict_json
from cnnlab.errors import Sentence, StorageError, read_refusal, write_failure
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.paths import runs_dir
from cnnlab.predictions.record import Prediction

LOG_FILE = "predictions.jsonl"  # beside the run folders and the runs index


@dataclass(frozen=True)
class LogRead:
    """The predictions that could be read, oldest first as written, and what could not."""

    predictions: tuple[Prediction, ...]
    damaged: int = 0  # lines that could not be read; they are left in the file as they are
    problem: str | None = None  # one sentence when lines were skipped or the file could not be read
    unreadable: bool = False  # the file itself could not be read (nothing listed)


class PredictionLog:
    """The log at ``path`` (default: ``predictions.jsonl`` in the runs folder, looked up at each use)."""

    def __init__(self, path: str | Path | None = None) -> None:
        self._path = Path(path).expanduser() if path is not None else None

    @property
    def path(self) -> Path:
        return self._path if self._path is not None else runs_dir() / LOG_FILE

    def add(self, prediction: Prediction) -> None:
        """Append one prediction; ``StorageError`` (one sentence) when it cannot be written, the lines
        written before untouched."""
        path = self.path
        line = (strict_json.dumps(prediction.to_json()) + "\n").encode("utf-8")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o644)
            try:
                if not _ends_a_line(path, os.fstat(fd).st_size):
                    line = b"\n" + line  # a damaged, unfinished last line stays a line of its own
                if os.write(fd, line) != len(line):
                    raise OSError(errno.ENOSPC, "the line was written only in part")
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as e:
            raise StorageError(QT_TRANSLATE_NOOP("CoreMessage", "{failure}, so this prediction is not kept; the "
                                                                "predictions saved before are unchanged."),
                               failure=write_failure(e, path)) from None

    def read(self) -> LogRead:
        """Every readable prediction; a missing log has none."""
        path = self.path
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return LogRead(())
        except OSError as e:
            reason = read_refusal(e) or Sentence(QT_TRANSLATE_NOOP("CoreMessage", "it cannot be read"))
            return LogRead((), problem=Sentence(QT_TRANSLATE_NOOP(
                "CoreMessage", "The prediction log {path} cannot be listed: {reason}; it is left as it is."),
                path=path, reason=reason), unreadable=True)
        found: list[Prediction] = []
        damaged = 0
        for raw in data.split(b"\n"):
            if not raw.strip():
                continue
            try:
                found.append(Prediction.from_json(strict_json.loads(raw.decode("utf-8"))))
            except (UnicodeDecodeError, json.JSONDecodeError, ValueError, TypeError, RecursionError):
                damaged += 1
        return LogRead(tuple(found), damaged, damaged_sentence(path, damaged, len(found)) if damaged else None)


def damaged_sentence(path: Path, damaged: int, kept: int) -> str:
    if damaged == 1:
        return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "One line of the prediction log {path} could not be read; "
                                                         "it is left in the file as it is, and the other {kept} "
                                                         "predictions are listed."), path=path, kept=kept)
    return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "{count} lines of the prediction log {path} could not be read; "
                                                     "they are left in the file as they are, and the other {kept} "
                                                     "predictions are listed."), path=path, count=damaged, kept=kept)


def _ends_a_line(path: Path, size: int) -> bool:
    """True when the file is empty or its last byte ends a line."""
    if size == 0:
        return True
    with open(path, "rb") as f:
        f.seek(size - 1)
        return f.read(1) == b"\n"
