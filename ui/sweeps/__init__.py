"""Sweeps in the window: Run ▸ New sweep… and Open sweep file…, the sweep trained off the GUI thread with its
progress and Stop, and the results with their spread (mean ± std over the seeds) and the best configuration one
click from the setup. The sweep itself is the Qt-free core's (:mod:`cnnlab.sweep`)."""

from ui.sweeps.install import SweepTools, install_sweeps

__all__ = ["SweepTools", "install_sweeps"]
