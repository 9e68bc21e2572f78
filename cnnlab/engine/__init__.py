"""Training engine: config, recipes, the trainer, events, callbacks and checkpoints.

The names below are imported when first used, so the light parts (``cnnlab.engine.config``,
``cnnlab.engine.atomic``) load without torch (``cnnlab --help`` stays fast)."""

from typing import TYPE_CHECKING

from cnnlab.lazy import lazy_attributes

if TYPE_CHECKING:
    from cnnlab.engine.callbacks import Callback, History, ProgressPrinter
    from cnnlab.engine.checkpoint import CheckpointMeta, LoadedCheckpoint, load_checkpoint, save_checkpoint
    from cnnlab.engine.config import TrainConfig, resolve_config
    from cnnlab.engine.control import RunControl
    from cnnlab.engine.events import BatchEnd, EpochEnd, RunEnd, RunStarted
    from cnnlab.engine.run_state import StartPoint, prepare
    from cnnlab.engine.trainer import Trainer

__all__ = [
    "BatchEnd", "Callback", "CheckpointMeta", "EpochEnd", "History", "LoadedCheckpoint", "ProgressPrinter",
    "RunControl", "RunEnd", "RunStarted", "StartPoint", "TrainConfig", "Trainer", "load_checkpoint", "prepare",
    "resolve_config", "save_checkpoint",
]
_HOMES = {
    "Callback": "callbacks", "History": "callbacks", "ProgressPrinter": "callbacks",
    "CheckpointMeta": "checkpoint", "LoadedCheckpoint": "checkpoint", "load_checkpoint": "checkpoint",
    "save_checkpoint": "checkpoint", "TrainConfig": "config", "resolve_config": "config", "RunControl": "control",
    "BatchEnd": "events", "EpochEnd": "events", "RunEnd": "events", "RunStarted": "events",
    "StartPoint": "run_state", "prepare": "run_state", "Trainer": "trainer",
}
__getattr__ = lazy_attributes(__name__, _HOMES)
