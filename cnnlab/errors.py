"""Errors a user can cause. Each carries one sentence that the CLI or GUI shows as is."""

from __future__ import annotations

import sys
import traceback


class UserError(Exception):
    """A mistake in the user's input or environment (bad file, bad value, missing data).

    The message is one complete sentence; front ends show it without a traceback
    (the CLI exits with code 2).
    """


class DataError(UserError):
    """A dataset is missing, corrupt or does not fit what was asked."""


class ModelError(UserError):
    """A model cannot be built for the requested input shape or class count."""


class TrainingError(UserError):
    """Training cannot go on (loss became NaN, out of memory, device missing)."""


class StorageError(UserError):
    """A file cannot be written (disk full, read-only folder); what was already saved is kept."""


def kind_of(value: object) -> str:
    """What a value read from a file is, in words: "a list", "text", "a number"."""
    if isinstance(value, dict):
        return "a table of named values"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, str):
        return "text"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if value is None:
        return "nothing (null)"
    return "some other kind of data"


def unreadable_image_reason(exc: BaseException) -> str:
    """Why Pillow could not read an image file, in words (for "X is not a readable image: ...")."""
    text = str(exc).lower()
    if type(exc).__name__ == "UnidentifiedImageError" or "cannot identify" in text:
        return "it is not in an image format that can be read"
    if "truncated" in text or "broken data stream" in text or isinstance(exc, SyntaxError):
        return "the file is damaged or cut short"
    if "decompression bomb" in text or "exceeds limit" in text:
        return "the image is too large to open safely"
    if isinstance(exc, PermissionError):
        return "permission to read it was denied"
    if isinstance(exc, OSError) and exc.strerror:
        return f"it cannot be read ({exc.strerror.lower()})"
    return "its contents could not be decoded as an image"


def write_failure(exc: OSError, path: object) -> str:
    """The start of a sentence for a failed write of ``path``: "The disk is full: cannot write X"."""
    import errno

    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return f"The disk is full: cannot write {path}"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"Cannot write {path}: the folder is read-only or not yours to write to"
    reason = (exc.strerror or "the system refused it").lower()
    return f"Cannot write {path} ({reason})"


def describe_failure(exc: BaseException) -> str:
    """One sentence for any exception: a UserError's own message, else a plain description."""
    if isinstance(exc, UserError):
        return str(exc)
    if isinstance(exc, MemoryError) or "DefaultCPUAllocator" in str(exc):
        return "The computer ran out of memory; lower the batch size or train on fewer images."
    if type(exc).__name__ == "OutOfMemoryError":  # torch.cuda.OutOfMemoryError, without importing torch
        return "The GPU ran out of memory; lower the batch size or train on the CPU."
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return f"Something went wrong ({type(exc).__name__}: {first})."


def failure_sentence(exc: BaseException) -> str:
    """``describe_failure(exc)``; any exception but a UserError is a bug, so its traceback goes to stderr first."""
    if not isinstance(exc, UserError):
        traceback.print_exception(type(exc), exc, exc.__traceback__, file=sys.stderr)  # keep the details for a report
    return describe_failure(exc)
