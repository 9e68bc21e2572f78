"""A run's network as a design, for "Open in designer" in the Runs tab: a design run's own design (its
checkpoint keeps a copy, so the file is not needed), any other run's model read back row by row."""

from __future__ import annotations

from pathlib import Path

from cnnlab.design.build import build_network
from cnnlab.design.files import parse_design
from cnnlab.design.from_model import design_from_module
from cnnlab.design.spec import DESIGN_MODEL, Design
from cnnlab.engine.checkpoint import read_checkpoint

CHECKPOINT = "checkpoint.pt"  # the run's last saved network


def design_of_run(run_dir: str | Path) -> Design:
    """The network of the run in ``run_dir`` as a design; a run whose model designs cannot write (or that has
    no checkpoint) raises ``UserError`` with the sentence to show."""
    meta, _ = read_checkpoint(Path(run_dir) / CHECKPOINT)
    if meta.model == DESIGN_MODEL:
        return parse_design(meta.model_options.get("design"))
    c, h, w = meta.input_shape
    model = build_network(meta.model, in_channels=c, image_size=(h, w), num_classes=len(meta.classes),
                          **meta.model_options)
    return design_from_module(model, meta.model, meta.input_shape, len(meta.classes))
