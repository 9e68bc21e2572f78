"""Errors a user can cause, and the sentences that say them.

A :class:`Sentence` is the English text of a message *and* the marked template and values it was made
from: the CLI prints it as it is, the window translates the template (context ``CoreMessage``) and
fills in the values, so nothing is ever translated by parsing English. An :class:`Advice` is the part
of a sentence that says what to do, which each front end words its own way ("pass --data-root" in a
terminal, "choose its Data folder…" in the window).
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Mapping
from typing import Any

from cnnlab.i18n import QT_TRANSLATE_NOOP


class Sentence(str):
    """``Sentence(template, **values)``: ``template.format(**values)``, remembering both.

    ``template`` is English with ``{name}`` fields and is marked with ``QT_TRANSLATE_NOOP("CoreMessage", …)``
    where it is written; a value may itself be a ``Sentence`` or an ``Advice`` (translated in turn)."""

    template: str
    args: Mapping[str, Any]

    def __new__(cls, template: str, /, **args: Any) -> Sentence:
        self = super().__new__(cls, template.format(**args) if args else template)
        self.template, self.args = template, dict(args)
        return self

    def __reduce__(self) -> tuple[Any, ...]:  # pickled with its template: it crosses the training process's pipe
        return (_sentence, (type(self), self.template, dict(self.args)))

    def to_json(self) -> dict[str, Any]:
        """The template and values as JSON (nested sentences as objects), for results.json."""
        return {"template": self.template, "kind": type(self).__name__,
                "args": {k: v.to_json() if isinstance(v, Sentence) else v if isinstance(v, (int, float, type(None)))
                         else str(v) for k, v in self.args.items()}}

    @staticmethod
    def from_json(data: object, text: str = "") -> str:
        """A sentence saved with :meth:`to_json`; ``text`` as it is when ``data`` is not one (older files)."""
        if not isinstance(data, dict) or not isinstance(data.get("template"), str) \
                or not isinstance(data.get("args", {}), dict):
            return text
        args = {k: Sentence.from_json(v, str(v)) if isinstance(v, dict) else v for k, v in data["args"].items()}
        kind = Advice if data.get("kind") == "Advice" else Sentence
        try:
            data["template"].format(**args)  # every field has its value: else the text as it was saved
            return kind(data["template"], **args)
        except (KeyError, IndexError, ValueError):  # a template whose fields do not match: the text as saved
            return text


def saved_message(results: Mapping[str, Any]) -> str:
    """A run's results.json message, as a :class:`Sentence` when its template was saved beside it."""
    text = str(results.get("message") or "")
    return Sentence.from_json(results.get("message_template"), text) if text else text


def _sentence(kind: type[Sentence], template: str, args: dict[str, Any]) -> Sentence:
    return kind(template, **args)


class Advice(Sentence):
    """What to do next, as the terminal says it (``template``); the window words the same advice its own
    way, looked up by the template (see ``ui.i18n``)."""


class UserError(Exception):
    """A mistake in the user's input or environment (bad file, bad value, missing data).

    The message is one complete sentence; front ends show it without a traceback
    (the CLI exits with :attr:`exit_code`). ``UserError(template, **values)`` keeps the template for translation
    (``str(error)`` is then a :class:`Sentence`); a plain text works too and is translated only whole.
    """

    exit_code = 2  # a mistake in what was asked: argparse's "usage" code

    def __init__(self, template: str, /, **args: Any) -> None:
        self.sentence = template if isinstance(template, Sentence) and not args else Sentence(template, **args)
        super().__init__(self.sentence)

    def __str__(self) -> str:
        return self.sentence


class InspectionError(ValueError):
    """Something the model cannot show (no such layer, kernel, pixel or class). A ``ValueError`` for the
    callers that catch one, worded and translatable like a :class:`UserError`."""

    def __init__(self, template: str, /, **args: Any) -> None:
        self.sentence = Sentence(template, **args)
        super().__init__(self.sentence)

    def __str__(self) -> str:
        return self.sentence


class DataError(UserError):
    """A dataset is missing, corrupt or does not fit what was asked."""


class ModelError(UserError):
    """A model cannot be built for the requested input shape or class count."""


class DesignError(ModelError):
    """A design file or one of its rows cannot be read, or the network it describes cannot work."""


class TrainingError(UserError):
    """Training cannot go on (loss became NaN, out of memory, device missing)."""


class StorageError(UserError):
    """A file cannot be written (disk full, read-only folder); what was already saved is kept."""

    exit_code = 3  # the machine's fault, not a mistake in what was asked


def kind_of(value: object) -> str:
    """What a value read from a file is, in words: "a list", "text", "a number"."""
    if isinstance(value, dict):
        return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "a table of named values"))
    if isinstance(value, (list, tuple)):
        return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "a list"))
    if isinstance(value, str):
        return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "text"))
    if isinstance(value, bool):
        return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "true or false"))
    if isinstance(value, (int, float)):
        return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "a number"))
    if value is None:
        return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "nothing (null)"))
    return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "some other kind of data"))


def unreadable_image_reason(exc: BaseException) -> str:
    """Why Pillow could not read an image file, in words (for "X is not a readable image: ...")."""
    text = str(exc).lower()
    if type(exc).__name__ == "UnidentifiedImageError" or "cannot identify" in text:
        return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "it is not in an image format that can be read"))
    if "truncated" in text or "broken data stream" in text or isinstance(exc, SyntaxError):
        return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "the file is damaged or cut short"))
    if "decompression bomb" in text or "exceeds limit" in text:
        return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "the image is too large to open safely"))
    return read_refusal(exc) or Sentence(QT_TRANSLATE_NOOP("CoreMessage", "its contents could not be decoded as an "
                                                                          "image"))


def read_refusal(exc: BaseException) -> Sentence | None:
    """Why the system refused to read a file, in words; None when it was not the system's refusal."""
    if isinstance(exc, PermissionError):
        return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "permission to read it was denied"))
    if isinstance(exc, OSError) and exc.strerror:
        return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "it cannot be read ({reason})"), reason=exc.strerror.lower())
    return None


def write_failure(exc: OSError, path: object) -> str:
    """The start of a sentence for a failed write of ``path``: "The disk is full: cannot write X"."""
    import errno

    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "The disk is full: cannot write {path}"), path=path)
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return Sentence(QT_TRANSLATE_NOOP(
            "CoreMessage", "Cannot write {path}: the folder is read-only or not yours to write to"), path=path)
    reason = (exc.strerror or "the system refused it").lower()
    return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "Cannot write {path} ({reason})"), path=path, reason=reason)


def describe_failure(exc: BaseException) -> str:
    """One sentence for any exception: a UserError's own message, else a plain description."""
    if isinstance(exc, UserError):
        return str(exc)
    if isinstance(exc, MemoryError) or "DefaultCPUAllocator" in str(exc):
        return Sentence(QT_TRANSLATE_NOOP(
            "CoreMessage", "The computer ran out of memory; lower the batch size or train on fewer images."))
    if type(exc).__name__ == "OutOfMemoryError":  # torch.cuda.OutOfMemoryError, without importing torch
        return Sentence(QT_TRANSLATE_NOOP(
            "CoreMessage", "The GPU ran out of memory; lower the batch size or train on the CPU."))
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "Something went wrong ({problem})."),
                    problem=f"{type(exc).__name__}: {first}")


def failure_sentence(exc: BaseException) -> str:
    """``describe_failure(exc)``; any exception but a UserError is a bug, so its traceback goes to stderr first."""
    if not isinstance(exc, UserError):
        traceback.print_exception(type(exc), exc, exc.__traceback__, file=sys.stderr)  # keep the details for a report
    return describe_failure(exc)
