"""Runs on disk: one folder per run with its config, metrics, checkpoint and results."""

from cnnlab.runs.store import RunRecord, RunScan, RunWriter, list_runs, load_run, new_run_dir, scan_runs

__all__ = ["RunRecord", "RunScan", "RunWriter", "list_runs", "load_run", "new_run_dir", "scan_runs"]
