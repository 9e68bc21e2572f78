"""Looking inside a trained network: pure functions returning numpy arrays and dataclasses."""

from cnnlab.inspection.subject import Subject

__all__ = ["Subject"]
