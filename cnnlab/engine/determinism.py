"""torch's deterministic settings for a reproducible run (``TrainConfig.reproducible``).

On the CPU, the same settings, seed and thread count already compute the same run; a reproducible
run also fixes its thread count (see ``resolve_config``). On a GPU some kernels add in whatever order
their blocks finish and cuDNN may pick a different algorithm per run, so a reproducible run turns on
``torch.use_deterministic_algorithms`` and cuDNN's deterministic mode, with its benchmark (which
times algorithms, so the choice follows the load) off. The settings are global: :class:`TorchDeterminism`
takes them as they were before a run and puts them back after it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import torch

WARN_ONLY = False  # an operation without a deterministic kernel stops the run with one sentence: a run called
# reproducible that is not would be a silently wrong result (on the CPU every model here has such kernels)
CUBLAS_WORKSPACE = ":4096:8"  # cuBLAS's deterministic workspace setting (CUDA 10.2+), read when its handle is made
NO_DETERMINISTIC_KERNEL = " does not have a deterministic implementation"  # in torch's RuntimeError


@dataclass(frozen=True)
class TorchDeterminism:
    """torch's global deterministic settings at one moment."""

    algorithms: bool  # torch.use_deterministic_algorithms
    warn_only: bool  # ... only warns about an operation without a deterministic kernel
    cudnn_deterministic: bool
    cudnn_benchmark: bool

    @classmethod
    def now(cls) -> TorchDeterminism:
        return cls(torch.are_deterministic_algorithms_enabled(), torch.is_deterministic_algorithms_warn_only_enabled(),
                   bool(torch.backends.cudnn.deterministic), bool(torch.backends.cudnn.benchmark))

    def apply(self) -> None:
        torch.use_deterministic_algorithms(self.algorithms, warn_only=self.warn_only)
        torch.backends.cudnn.deterministic = self.cudnn_deterministic
        torch.backends.cudnn.benchmark = self.cudnn_benchmark


DETERMINISTIC = TorchDeterminism(algorithms=True, warn_only=WARN_ONLY, cudnn_deterministic=True,
                                 cudnn_benchmark=False)


def make_deterministic(device: torch.device) -> None:
    """Turn on deterministic algorithms for a run on ``device`` (until the previous settings are applied)."""
    if device.type == "cuda":
        os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", CUBLAS_WORKSPACE)
    DETERMINISTIC.apply()


def nondeterministic_operation(exc: BaseException) -> str | None:
    """The operation named by torch's error for a kernel without a deterministic version; None for any other."""
    text = str(exc)
    if not isinstance(exc, RuntimeError) or NO_DETERMINISTIC_KERNEL not in text:
        return None
    words = text.split(NO_DETERMINISTIC_KERNEL, 1)[0].split()
    return words[-1] if words else "an operation"
