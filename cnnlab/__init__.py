"""cnnlab: a teaching lab for convolutional neural networks (Qt-free core).

Everything the desktop app shows is computed here, so scripts, the command line and tests can
use it without a screen. The Qt layer lives in the separate ``ui`` package and imports this one,
never the other way round.
"""

__version__ = "0.1.0"
