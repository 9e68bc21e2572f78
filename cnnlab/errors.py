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
