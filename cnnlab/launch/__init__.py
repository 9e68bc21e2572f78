"""Starting runs: the plan a front end resolves once (settings, data, continuation, run folder) and
the assembly that turns a plan into a training run (data, model, trainer, the run folder's writers),
in this process (:func:`train`) or in the app's training process (:class:`RunSession`).

This package sits above :mod:`cnnlab.engine` and :mod:`cnnlab.runs`: the engine trains without
knowing about run folders, the runs package writes and reads them, and only here do the two meet."""

from cnnlab.launch.assemble import build_trainer, fit, train
from cnnlab.launch.plan import RunPlan, plan_continuation, plan_run

__all__ = ["RunPlan", "build_trainer", "fit", "plan_continuation", "plan_run", "train"]
