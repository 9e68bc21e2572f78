"""The Runs tab: every saved run in a sortable, filterable table (note, rename, delete with undo,
open), and the comparison of two picked runs (settings, per-class accuracy, curves, prediction flips)."""

from ui.runs_view.comparison import ComparisonView
from ui.runs_view.install import install_runs_view
from ui.runs_view.table import RunsFilter, RunsTableModel
from ui.runs_view.view import RunsView

__all__ = ["ComparisonView", "RunsFilter", "RunsTableModel", "RunsView", "install_runs_view"]
