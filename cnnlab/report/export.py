"""``cnnlab export RUN --onnx FILE`` and File ▸ Export model: a run's trained network as one ONNX file.

The file opens in Netron and runs in onnxruntime: its input is the normalised image batch
``input`` (N, C, H, W) float32 (any N; subtract the mean and divide by the std kept in the file's
metadata), its output the class scores ``logits`` (N, K). The export itself is
:func:`cnnlab.models.onnx.onnx_bytes` (``torch.onnx.export``, which needs the ``onnx`` and ``onnxscript``
packages: ``pip install 'cnnlab[export]'``); the weights are kept inside the file, not beside it.
"""

from __future__ import annotations

from pathlib import Path

import torch
from torch import nn

from cnnlab import strict_json
from cnnlab.engine.checkpoint import load_checkpoint, write_atomically
from cnnlab.engine.scoring import logits_of
from cnnlab.errors import StorageError, UserError, write_failure
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.models.onnx import onnx_bytes, require_exporter


class Logits(nn.Module):
    """The model with its main logits as the only output (GoogLeNet's side heads are training-only)."""

    def __init__(self, model: nn.Module) -> None:
        super().__init__()
        self.model = model

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # (N, C, H, W) -> (N, K)
        return logits_of(self.model(x))


def export_onnx(checkpoint: str | Path, out: str | Path) -> Path:
    """Write the checkpoint's model to ``out`` (.onnx) with a dynamic batch size and the dataset's facts
    (classes, mean, std, input shape) as metadata; returns the file."""
    target = Path(out).expanduser()
    if target.suffix.lower() != ".onnx":
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "An ONNX model is written to a file ending in .onnx, "
                                                         "not {file}."),
                        file=target.name)
    require_exporter()
    ck = load_checkpoint(checkpoint)
    meta = {"classes": strict_json.dumps(list(ck.meta.classes)), "mean": strict_json.dumps(list(ck.meta.mean)),
            "std": strict_json.dumps(list(ck.meta.std)), "input_shape": strict_json.dumps(list(ck.meta.input_shape)),
            "model": ck.meta.model, "dataset": ck.meta.dataset, "epoch": str(ck.epoch)}
    data = onnx_bytes(Logits(ck.model), ck.meta.input_shape, ck.meta.model, meta)
    try:
        write_atomically(target, lambda f: f.write(data))  # temp file, fsync, rename: never half a model
    except OSError as e:
        raise StorageError(QT_TRANSLATE_NOOP("CoreMessage", "{failure}, so the model was not exported."),
                           failure=write_failure(e, target)) from None
    return target


def export_run(run_dir: str | Path, out: str | Path) -> Path:
    """The ONNX file of a run folder's checkpoint."""
    from cnnlab.runs.store import load_run

    record = load_run(run_dir)
    if record.checkpoint is None:
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "The run in {path} has no checkpoint (it ended before "
                                                         "its first epoch finished), so there is no model to "
                                                         "export."),
                        path=record.path)
    return export_onnx(record.checkpoint, out)
