"""Errors a user can cause. Each carries one sentence that the CLI or GUI shows as is."""


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
