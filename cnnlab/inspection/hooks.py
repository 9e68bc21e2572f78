"""Reading the output of named layers with forward hooks that are always removed.

``activations`` answers "what does each layer make of this one image?"; ``layer_outputs`` is the
batched form the other inspection functions build on. Both run the model in eval mode without
gradients and put it back in the mode it was in.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import numpy as np
import torch
from torch import nn

from cnnlab.engine.scoring import EVAL_BATCH, eval_mode
from cnnlab.errors import InspectionError
from cnnlab.i18n import QT_TRANSLATE_NOOP


def leaf_layers(model: nn.Module) -> list[str]:
    """Names of the modules with no children, in registration order (the root is never included)."""
    return [name for name, m in model.named_modules() if name and not any(True for _ in m.children())]


def find_layer(model: nn.Module, name: str) -> nn.Module:
    """The module called ``name`` in ``model.named_modules()``; ``ValueError`` naming the choices otherwise."""
    modules = dict(model.named_modules())
    if not name or name not in modules:
        known = ", ".join(n for n in modules if n)
        raise InspectionError(QT_TRANSLATE_NOOP("CoreMessage", "The model has no layer called {name}; its "
                                                               "layers are: {known}."),
                              name=repr(name), known=known)
    return modules[name]


def first_tensor(output: object) -> torch.Tensor | None:
    """A module's output as one tensor: tensors pass through, tuples / lists give their first tensor."""
    if isinstance(output, torch.Tensor):
        return output
    if isinstance(output, (tuple, list)):
        for item in output:
            if isinstance(item, torch.Tensor):
                return item
    return None


class _Recorded(Exception):
    """Raised by a hook to end a forward pass once every requested layer has been recorded."""


@contextmanager
def recording(model: nn.Module, layers: Sequence[str], stop_early: bool = False) -> Iterator[dict[str, torch.Tensor]]:
    """Record the output of each named layer into the yielded dict (call order); hooks removed on exit.

    A module called more than once in a forward pass keeps its last output. With ``stop_early``
    the forward pass ends (``_Recorded``) as soon as every layer has an output: the layers after
    the last one asked for are never computed.
    """
    store: dict[str, torch.Tensor] = {}
    wanted = set(layers)
    handles = []
    try:
        for name in layers:
            module = find_layer(model, name)

            def hook(_m: nn.Module, _inp: object, out: object, name: str = name) -> None:
                t = first_tensor(out)
                if t is not None:
                    store.pop(name, None)  # re-insert so the dict follows the latest call order
                    store[name] = t.detach().clone()  # a later in-place layer must not change it
                if stop_early and len(store) == len(wanted):
                    raise _Recorded

            handles.append(module.register_forward_hook(hook))
        yield store
    finally:
        for h in handles:
            h.remove()


def layer_outputs(model: nn.Module, x: torch.Tensor, layers: Sequence[str] | None = None,
                  batch_size: int = EVAL_BATCH, stop_early: bool = False) -> dict[str, torch.Tensor]:
    """Outputs of ``layers`` (default: every leaf) for a float batch (N, C, H, W), each (N, ...) on the CPU.

    Layers appear in the order the forward pass reaches them; layers the forward pass never calls
    are left out. Batches of ``batch_size`` keep memory flat for large test sets. ``stop_early``
    skips the layers after the last one asked for (faster; a module called twice gives its first output).
    """
    names = list(leaf_layers(model) if layers is None else layers)
    chunks: dict[str, list[torch.Tensor]] = {}
    with eval_mode(model), torch.no_grad():
        for start in range(0, max(len(x), 1), batch_size):
            with recording(model, names, stop_early) as store:
                try:
                    model(x[start:start + batch_size])
                except _Recorded:
                    pass
            for name, t in store.items():
                chunks.setdefault(name, []).append(t.cpu())
    return {name: torch.cat(parts) for name, parts in chunks.items()}


def activations(model: nn.Module, image: torch.Tensor, layers: Sequence[str] | None = None) -> dict[str, np.ndarray]:
    """Output of each named layer for one float image (C, H, W), without the batch axis.

    ``layers`` defaults to every leaf module; the result is in forward order. Hooks are removed
    even when the forward pass raises, and the model's train / eval mode is left as it was.
    """
    if image.dim() != 3:
        raise ValueError(f"activations takes one image (C, H, W), got shape {tuple(image.shape)}")
    outs = layer_outputs(model, image.unsqueeze(0), layers)  # each (1, ...)
    return {name: t[0].float().numpy() for name, t in outs.items()}
