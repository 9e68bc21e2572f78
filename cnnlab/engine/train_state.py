"""What a bit-identical continuation needs besides the weights: the training state of a run.

A checkpoint written by the run folder's writer carries, under ``"training"``, the optimizer's and
the schedule's state, the trainer's data-order generator, torch's global generator (dropout draws
from it; CUDA's too on a GPU), the counters (epochs, steps, images, training seconds) and, for a run
stopped in the middle of an epoch, that epoch's shuffled order, the batches it had trained and its
running loss and accuracy sums, and the CPU thread counts the run trained with, each from the batch it
took over. :func:`capture` takes it from a running trainer, :func:`restore` puts it back into a
freshly prepared one, so on the same device and thread count the continued run computes exactly what
the run left alone would have; a continuation goes on with the count the run last used
(:func:`recorded_threads`) unless it is given another.

Everything is plain data and CPU tensors: the checkpoint stays loadable with ``weights_only=True``.

The schedule keeps the plan made for the run's first total (``schedule_steps``): continuing a stopped
run to the same total reproduces it bit for bit, and epochs beyond that plan train at the learning
rate the schedule ended with (see ``schedule_note`` of the runs package's resume module).
"""

from __future__ import annotations

from typing import Any

import torch

from cnnlab.engine.run_state import PartialEpoch, RunState
from cnnlab.errors import UserError
from cnnlab.i18n import QT_TRANSLATE_NOOP

__all__ = ["PartialEpoch", "capture", "check_state", "recorded_threads", "restore"]

STATE_VERSION = 1  # bumped when the entries below change meaning


def _cpu(value: Any) -> Any:
    """A deep copy of nested dicts/lists with every tensor copied to the CPU."""
    if isinstance(value, torch.Tensor):
        return value.detach().to("cpu", copy=True)
    if isinstance(value, dict):
        return {k: _cpu(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_cpu(v) for v in value)
    return value


def capture(run: RunState) -> dict[str, Any]:
    """The run's training state now (between batches), as the ``"training"`` entry of a checkpoint."""
    partial = run.partial
    return {
        "version": STATE_VERSION,
        "optimizer": _cpu(run.opt.state_dict()),
        "schedule": _cpu(run.sched.state_dict()) if run.sched is not None else None,
        "schedule_steps": run.sched_steps,
        "generator": run.gen.get_state(),
        "rng": torch.get_rng_state(),
        "cuda_rng": [s.cpu() for s in torch.cuda.get_rng_state_all()] if run.device.type == "cuda" else [],
        "epochs_done": run.epochs_done,
        "step": run.step,
        "samples_seen": run.samples_seen - (partial.seen if partial is not None else 0),  # finished epochs'
        "train_seconds": run.clock.total,
        "last_val_acc": run.last_val_acc,
        "batches": run.batches,
        "train_size": len(run.x_train),
        "partial": partial.to_dict() if partial is not None else None,
        "threads": [dict(entry) for entry in run.threads.used],  # counts used, from which batch: replayed
    }


def recorded_threads(state: dict[str, Any]) -> int | None:
    """The CPU thread count a checkpoint's run was training with when it was saved; None when the
    checkpoint does not record it (saved before runs recorded their counts)."""
    used = state.get("threads")
    if not isinstance(used, list) or not used or not isinstance(used[-1], dict):
        return None
    count = used[-1].get("threads")
    return count if isinstance(count, int) and not isinstance(count, bool) and count >= 1 else None


def check_state(state: Any, where: str) -> dict[str, Any]:
    """The training entry of a checkpoint, or ``UserError`` saying why the run cannot be continued."""
    if not isinstance(state, dict):
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "{path} holds no training state (it was saved before "
                                                         "runs could be continued), so the run can be evaluated "
                                                         "but not continued."),
                        path=where)
    missing = [k for k in ("optimizer", "generator", "rng", "epochs_done", "step", "batches", "schedule_steps")
               if k not in state]
    if missing or state.get("version") != STATE_VERSION:
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "{path} has a damaged training state (it lacks "
                                                         "{value}), so the run cannot be continued."),
                        path=where, value=', '.join(missing) or 'its version')
    return state


def restore(run: RunState, state: dict[str, Any]) -> None:
    """Put a captured state back into a freshly prepared run (same config, data and model weights);
    the schedule must already be built for ``state["schedule_steps"]``."""
    if int(state["batches"]) != run.batches or int(state.get("train_size", len(run.x_train))) != len(run.x_train):
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "The training set now has {images} images in {batches} "
                                                         "batches; the run was trained on {saved_images} in "
                                                         "{saved_batches}, so it cannot be continued on this data."),
                        images=len(run.x_train), batches=run.batches, saved_images=state.get('train_size'),
                        saved_batches=state['batches'])
    run.opt.load_state_dict(state["optimizer"])
    if run.sched is not None and state.get("schedule") is not None:
        run.sched.load_state_dict(state["schedule"])
    run.gen.set_state(state["generator"])
    run.epochs_done, run.step = int(state["epochs_done"]), int(state["step"])
    run.samples_seen = int(state.get("samples_seen", 0))
    run.clock.total = float(state.get("train_seconds", 0.0))
    val = state.get("last_val_acc")
    run.last_val_acc = float(val) if val is not None else None
    partial = state.get("partial")
    run.partial = PartialEpoch.from_dict(partial) if isinstance(partial, dict) else None
    used = state.get("threads")
    run.threads.used = [{"from_step": e["from_step"], "threads": e["threads"]} for e in used
                        if isinstance(e, dict) and isinstance(e.get("from_step"), int)
                        and isinstance(e.get("threads"), int)] if isinstance(used, list) else []
    torch.set_rng_state(state["rng"])  # last: building the model and the probe draw from it
    if run.device.type == "cuda" and state.get("cuda_rng"):
        torch.cuda.set_rng_state_all(list(state["cuda_rng"]))
