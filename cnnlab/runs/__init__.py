"""Runs on disk: one folder per run with its config, metrics, checkpoint and results.

Reading run folders and the runs index need no torch; the writer (:mod:`cnnlab.runs.writer`) does, and
the names below are imported when first used."""

from typing import TYPE_CHECKING

from cnnlab.lazy import lazy_attributes

if TYPE_CHECKING:
    from cnnlab.runs.store import RunRecord, RunScan, list_runs, load_run, new_run_dir, scan_runs
    from cnnlab.runs.writer import RunWriter

__all__ = ["RunRecord", "RunScan", "RunWriter", "list_runs", "load_run", "new_run_dir", "scan_runs"]
__getattr__ = lazy_attributes(__name__, {**{n: "store" for n in __all__}, "RunWriter": "writer"})
