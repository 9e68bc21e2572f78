"""``--compile``: the model compiled with ``torch.compile`` (TorchDynamo captures its forward pass as a graph,
TorchInductor writes fused kernels for it). Compiling happens during the first training step, forward and
backward both, and takes seconds to minutes; the trainer times that step and leaves it out of the training
time, reporting it apart (``compile_seconds``), as the fast-training literature counts a warm-up. Only the
training steps use the compiled model; evaluation runs the plain one (the same weights), which spares a second
compile for the evaluation graph.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

import torch
from torch import nn

from cnnlab.errors import TrainingError
from cnnlab.i18n import QT_TRANSLATE_NOOP

PROBLEM_CHARS = 200  # of the compiler's first line of error in the sentence: enough to search for, one line
BACKEND = "inductor"  # torch's default compiler; tests switch to "eager" (graph capture only, no C++ compiler)


def compile_model(model: nn.Module) -> Callable[..., Any]:
    """The model compiled for the training steps; compiling happens at its first call. The steps call it with
    full batches only (an epoch's shorter last batch takes the plain model), so it compiles once."""
    logging.getLogger("torch.utils.cpp_extension").setLevel(logging.ERROR)  # no "No CUDA runtime" note on a CPU
    return torch.compile(model, backend=BACKEND, dynamic=False)


def finished(device: torch.device, began: float) -> float:
    """Seconds since ``began`` once the GPU has done the work queued so far (the first, compiling step)."""
    if device.type == "cuda":
        torch.cuda.synchronize(device)
    return time.perf_counter() - began


def compile_failure(exc: BaseException) -> TrainingError | None:
    """A run with Compile that failed in torch's compiler (no C++ compiler on this machine, a layer the compiler
    cannot handle): one sentence. None for any other failure."""
    module = type(exc).__module__ or ""
    if not (module.startswith("torch._dynamo") or module.startswith("torch._inductor")):
        return None
    cause: BaseException = exc
    while True:  # the compiler's own error, under torch's wrapping of it
        inner = getattr(cause, "inner_exception", None) or cause.__cause__
        if not isinstance(inner, BaseException):
            break
        cause = inner
    lines = str(cause).strip().splitlines()
    return TrainingError(QT_TRANSLATE_NOOP("CoreMessage", "The model could not be compiled ({problem}); train "
                                                          "without Compile."),
                         problem=lines[0][:PROBLEM_CHARS] if lines else type(cause).__name__)
