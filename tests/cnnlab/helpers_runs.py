"""Run folders written by hand for the runs-database and comparison tests (no training needed).

A run folder here follows the layout ``cnnlab.runs.store`` documents: ``config.json``,
``metrics.jsonl`` (one line per epoch), ``results.json`` and optionally ``checkpoint.pt``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import torch
from torch import nn

from cnnlab.engine.checkpoint import CheckpointMeta, save_checkpoint
from cnnlab.engine.data import DataRequest
from cnnlab.models import build_model

SHAPES_CLASSES = ["circle", "rectangle", "triangle", "diamond", "line"]  # the shapes set's classes, in order


def write_run(parent: Path, name: str, *, dataset: str = "shapes", model: str = "shape-cnn", recipe: str = "default",
              status: str | None = "completed", test_acc: float | None = 0.5, epochs: int = 2,
              train_seconds: float = 3.0, device: str = "cpu", seed: int = 0, lr: float = 0.003,
              **config: Any) -> Path:
    """A finished (or, with ``status=None``, never-ended) run folder ``parent/name``."""
    run = parent / name
    run.mkdir(parents=True)
    cfg = {"dataset": dataset, "model": model, "recipe": recipe, "epochs": epochs, "lr": lr, "seed": seed,
           "train_limit": 300, "val_fraction": 0.1, "data_root": None, "image_size": None, "out_dir": str(run),
           "device": "auto", "device_used": device, "classes": SHAPES_CLASSES, **config}
    (run / "config.json").write_text(json.dumps(cfg), encoding="utf-8")
    lines = [{"epoch": e, "train_loss": 1.0 / e, "val_acc": 0.3 + 0.1 * e} for e in range(1, epochs + 1)]
    (run / "metrics.jsonl").write_text("".join(json.dumps(m) + "\n" for m in lines), encoding="utf-8")
    if status is not None:
        results = {"status": status, "epochs_done": epochs, "test_acc": test_acc, "train_seconds": train_seconds}
        (run / "results.json").write_text(json.dumps(results), encoding="utf-8")
    return run


def constant_checkpoint(run: Path, predicted: int, *, seed: int = 0) -> None:
    """A shape-cnn checkpoint in ``run`` whose model predicts class ``predicted`` for every image:
    the last linear layer has zero weights and a bias that is large only for that class."""
    info = DataRequest(dataset="shapes", seed=seed).load().info
    model = build_model("shape-cnn", in_channels=info.channels, image_size=info.size, num_classes=len(info.classes))
    last = [m for m in model.modules() if isinstance(m, nn.Linear)][-1]
    with torch.no_grad():
        last.weight.zero_()
        last.bias.zero_()
        last.bias[predicted] = 10.0
    save_checkpoint(run / "checkpoint.pt", CheckpointMeta.for_dataset("shape-cnn", info), model.state_dict(), 2)
