"""A network as one ONNX file's bytes, for ``cnnlab export RUN --onnx`` and ``cnnlab design export --onnx``.

The export goes through ``torch.onnx.export`` (the torch.export-based exporter, which needs the ``onnx`` and
``onnxscript`` packages: ``pip install 'cnnlab[export]'``). The model's input is ``input`` (N, C, H, W) float32
with any N, its output ``logits`` (N, K); the weights are kept inside the file, not beside it, and ``metadata``
goes into the file's metadata as ``cnnlab.<key>``.
"""

from __future__ import annotations

import torch
from torch import nn

from cnnlab.errors import UserError
from cnnlab.i18n import QT_TRANSLATE_NOOP

OPSET = 18  # the exporter's own default opset: onnxruntime 1.16 and later and Netron read it
INSTALL = "pip install onnx onnxscript (or pip install 'cnnlab[export]')"
MAX_BATCH = 4096  # the largest batch the file declares: any a caller would send at once


def require_exporter() -> None:
    """Raise one sentence when the exporter's packages are missing."""
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


def onnx_bytes(model: nn.Module, input_shape: tuple[int, int, int], name: str,
               metadata: dict[str, str] | None = None) -> bytes:  # None: no metadata
    """``model`` (put in eval mode, on the CPU) as a serialised ONNX model with a dynamic batch size; ``name``
    is the model's name in the sentence of an export that fails."""
    require_exporter()
    model = model.cpu().eval()
    example = torch.zeros(2, *input_shape)  # (2, C, H, W): two images, so batch norm and the batch axis stay general
    batch = torch.export.Dim("batch", min=1, max=MAX_BATCH)
    try:
        program = torch.onnx.export(model, (example,), None, input_names=["input"], output_names=["logits"],
                                    dynamic_shapes=({0: batch},), opset_version=OPSET, dynamo=True, verbose=False,
                                    external_data=False)
    except Exception as e:  # the exporter raises many kinds for an operator it cannot translate
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "The {model} model cannot be exported to ONNX "
                                                         "({problem})."),
                        model=name,
                        problem=f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else 'no detail'}") from None
    assert program is not None
    proto = program.model_proto
    for key, value in (metadata or {}).items():
        entry = proto.metadata_props.add()
        entry.key, entry.value = f"cnnlab.{key}", value
    return bytes(proto.SerializeToString())  # the weights are inside (external_data=False): one file
