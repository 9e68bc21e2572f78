"""The setup area of the main window: what to train, on what, and how."""

from ui.setup.panel import SetupPanel

__all__ = ["SetupPanel"]
