"""Choosing the compute device and listing what this machine has."""

from __future__ import annotations

import torch

from cnnlab.errors import Advice, UserError
from cnnlab.i18n import QT_TRANSLATE_NOOP


def available_devices() -> list[tuple[str, str]]:
    """(device string, label) for every device this machine can train on, CPU first."""
    out = [("cpu", "CPU")]
    if torch.cuda.is_available():
        for i in range(torch.cuda.device_count()):
            out.append((f"cuda:{i}", f"GPU {i}: {torch.cuda.get_device_name(i)}"))
    if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
        out.append(("mps", "Apple GPU (MPS)"))
    return out


def resolve_device(name: str = "auto") -> torch.device:
    """``auto`` → first CUDA GPU, else Apple MPS, else CPU; a missing device is a UserError."""
    name = (name or "auto").strip().lower()
    if name == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda:0")
        if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
            return torch.device("mps")
        return torch.device("cpu")
    if name == "gpu":
        name = "cuda"
    try:
        dev = torch.device(name)
    except RuntimeError:
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "Unknown device {name}; use auto, cpu, cuda, cuda:N or "
                                                         "mps."),
                        name=repr(name)) from None
    if dev.type == "cuda":
        if not torch.cuda.is_available():
            raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "CUDA was requested but this machine has no usable CUDA "
                                              "GPU; {advice}."), advice=Advice("use --device cpu"))
        index = dev.index or 0
        if index >= torch.cuda.device_count():
            raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "There is no CUDA GPU {index}; this machine has {count}."),
                            index=index, count=torch.cuda.device_count())
        return torch.device("cuda", index)
    if dev.type == "mps" and not (getattr(torch.backends, "mps", None) and torch.backends.mps.is_available()):
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "Apple MPS was requested but is not available here; "
                                          "{advice}."), advice=Advice("use --device cpu"))
    if dev.type not in ("cpu", "cuda", "mps"):
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "Unsupported device {name}; use auto, cpu, cuda, "
                                                         "cuda:N or mps."),
                        name=repr(name))
    return dev


def memory_in_use(device: torch.device) -> int:
    """Bytes of GPU memory the process's tensors hold on ``device`` now (the caching allocator's own count: read on
    the host, no wait for the GPU); 0 on a CPU (or MPS) device, whose memory is the machine's."""
    if device.type != "cuda":
        return 0
    return int(torch.cuda.memory_allocated(device))
