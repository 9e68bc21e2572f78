"""The app model: a Qt-free, evented picture of what the window shows (setup, runs, inspected subject,
status), which views observe and tests drive without a screen."""

from cnnlab.app.model import AppModel, Inspected
from cnnlab.app.runs import PALETTE, RunEntry, RunsState
from cnnlab.app.setup import SetupState
from cnnlab.app.status import StatusState

__all__ = ["PALETTE", "AppModel", "Inspected", "RunEntry", "RunsState", "SetupState", "StatusState"]
