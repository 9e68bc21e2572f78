"""The window's one status sentence, as an evented, Qt-free model: a severity and a message (a
:class:`cnnlab.errors.Sentence` keeps its template, so each front end shows it in its own language)."""

from __future__ import annotations

from cnnlab.app.events import Events

SEVERITIES = ("info", "error")  # a plain sentence, or one the student must act on (shown in red)


class StatusState:
    """``say(message, severity)``; ``events.status`` fires ``(severity, message)`` when either changes."""

    def __init__(self) -> None:
        self.severity = "info"
        self.message = ""
        self.last_error = ""  # the newest error, kept after newer plain sentences (tests, reports)
        self.events = Events(("status",))

    def say(self, message: str, severity: str = "info") -> None:
        if severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {SEVERITIES}, not {severity!r}")
        if severity == "error":
            self.last_error = message
        if (severity, message) == (self.severity, self.message):
            return
        self.severity, self.message = severity, message
        self.events.status.emit((severity, message))

    @property
    def error(self) -> bool:
        return self.severity == "error"
