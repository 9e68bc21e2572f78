"""``cnnlab export RUN --onnx FILE`` and File ▸ Export model: a run's trained network as one ONNX file.

The file opens in Netron and runs in onnxruntime: its input is the normalised image batch
``input`` (N, C, H, W) float32 (any N; subtract the mean and divide by the std kept in the file's
metadata), its output the class scores ``logits`` (N, K). The export goes through
``torch.onnx.export`` (the torch.export-based exporter, which needs the ``onnx`` and ``onnxscript``
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

OPSET = 18  # the exporter's own default opset: onnxruntime 1.16 and later and Netron read it
INSTALL = "pip install onnx onnxscript (or pip install 'cnnlab[export]')"


class Logits(nn.Module):
    """The model with its main logits as the only output (GoogLeNet's side heads are training-only)."""

    def __init__(self, model: nn.Module) -> None:
        super().__init__()
        self.model = model

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # (N, C, H, W) -> (N, K)
        return logits_of(self.model(x))


def _require_exporter() -> None:
    missing = []
    for name in ("onnx", "onnxscript"):
        try:
            __import__(name)
        except ImportError:
            missing.append(name)
    if missing:
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "Exporting to ONNX needs the {names} package(s), which "
                                                         "are not installed; install them with {INSTALL}."),
                        names=' and '.join(missing), INSTALL=INSTALL)


def export_onnx(checkpoint: str | Path, out: str | Path) -> Path:
    """Write the checkpoint's model to ``out`` (.onnx) with a dynamic batch size and the dataset's facts
    (classes, mean, std, input shape) as metadata; returns the file."""
    target = Path(out).expanduser()
    if target.suffix.lower() != ".onnx":
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "An ONNX model is written to a file ending in .onnx, "
                                                         "not {file}."),
                        file=target.name)
    _require_exporter()
    ck = load_checkpoint(checkpoint)
    model = Logits(ck.model.cpu()).eval()
    c, h, w = ck.meta.input_shape
    example = torch.zeros(2, c, h, w)  # (2, C, H, W): two images, so batch norm and the batch axis stay general
    batch = torch.export.Dim("batch", min=1, max=4096)  # any batch a caller would send at once
    try:
        program = torch.onnx.export(model, (example,), None, input_names=["input"], output_names=["logits"],
                                    dynamic_shapes=({0: batch},), opset_version=OPSET, dynamo=True, verbose=False,
                                    external_data=False)
    except Exception as e:  # the exporter raises many kinds for an operator it cannot translate
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "The {model} model cannot be exported to ONNX "
                                                         "({problem})."),
                        model=ck.meta.model,
                        problem=f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else 'no detail'}") from None
    assert program is not None
    proto = program.model_proto
    meta = {"classes": strict_json.dumps(list(ck.meta.classes)), "mean": strict_json.dumps(list(ck.meta.mean)),
            "std": strict_json.dumps(list(ck.meta.std)), "input_shape": strict_json.dumps(list(ck.meta.input_shape)),
            "model": ck.meta.model, "dataset": ck.meta.dataset, "epoch": str(ck.epoch)}
    for key, value in meta.items():
        entry = proto.metadata_props.add()
        entry.key, entry.value = f"cnnlab.{key}", value
    data = proto.SerializeToString()  # the weights are inside (external_data=False): one file
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
