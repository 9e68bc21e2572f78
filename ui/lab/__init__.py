"""The Lab tab: draw your own input and see why the network decides (see :mod:`ui.lab.panel`)."""

from ui.lab.panel import LabPanel

__all__ = ["LabPanel"]
