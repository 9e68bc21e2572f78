"""The Design tab: a network built row by row as the lecture writes it, beside its diagram, with the X-ray of
every row (shapes, parameters, FLOPs, receptive field, memory) counted off the GUI thread as the student types;
designs opened from the zoo, files or runs, compared, saved and trained like any model."""

from ui.design.install import DesignTab, install_design_view
from ui.design.view import DesignView

__all__ = ["DesignTab", "DesignView", "install_design_view"]
