"""Training engine: config, recipes, the trainer, events, callbacks and checkpoints."""

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
