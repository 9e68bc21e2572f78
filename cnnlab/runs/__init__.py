"""Runs on disk: one folder per run with its config, metrics, checkpoint and results."""

from cnnlab.runs.store import RunRecord, RunWriter, list_runs, load_run, new_run_dir

__all__ = ["RunRecord", "RunWriter", "list_runs", "load_run", "new_run_dir"]
