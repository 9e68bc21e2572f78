"""Sweeps: a base setup plus what varies (seeds, a grid, random or Bayesian search with Optuna), each trial an
ordinary run in the runs folder, grouped under its sweep, with results as mean ± sample standard deviation over
the seeds. Local worker processes or a Ray cluster train the trials.

The front ends' API::

    spec = load_sweep("lr-and-seeds.yaml")          # or parse_sweep(data) for a sweep built in a form
    results = run_sweep(spec, workers=2, on_event=callback, stop=threading.Event())
    results = sweep_results("lr-and-seeds")          # later: configs, mean ± std, best_config()

Nothing here imports torch or optuna until it is used."""

from typing import TYPE_CHECKING

from cnnlab.lazy import lazy_attributes

if TYPE_CHECKING:
    from cnnlab.sweep.driver import continue_spec, run_sweep
    from cnnlab.sweep.events import SweepEvent, TrialEnded, TrialEpoch, TrialStarted
    from cnnlab.sweep.plot import save_plot
    from cnnlab.sweep.results import ConfigResult, SweepResults, sweep_results
    from cnnlab.sweep.spec import SweepError, SweepSpec, load_sweep, parse_sweep

__all__ = ["ConfigResult", "SweepError", "SweepEvent", "SweepResults", "SweepSpec", "TrialEnded", "TrialEpoch",
           "TrialStarted", "continue_spec", "load_sweep", "parse_sweep", "run_sweep", "save_plot", "sweep_results"]
__getattr__ = lazy_attributes(__name__, {
    "continue_spec": "driver", "run_sweep": "driver", "SweepEvent": "events", "TrialEnded": "events",
    "TrialEpoch": "events", "TrialStarted": "events", "save_plot": "plot", "ConfigResult": "results",
    "SweepResults": "results", "sweep_results": "results", "SweepError": "spec", "SweepSpec": "spec",
    "load_sweep": "spec", "parse_sweep": "spec"})
