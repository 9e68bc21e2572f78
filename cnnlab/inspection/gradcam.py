"""Grad-CAM (Selvaraju et al., 2017): where in the image a conv layer found evidence for a class.

The map is ReLU(Σ_k α_k A_k), with A_k the layer's k-th feature map and α_k the spatial mean of
∂score/∂A_k; it is upsampled bilinearly to the input size and scaled so its maximum is 1.

Two things make a map mislead, both worst for a small late layer. Its maps are coarse (a 3×3 map
upsampled to 28×28 is a blob that may sit on the background next to the shape), and the ReLU keeps
only positive evidence: a class recognised by what is *absent* (a circle: no corners) gets a blank
map while wrong classes show heat. :func:`default_cam_layer` therefore picks, by default, the last
conv layer whose maps are still at least ``MIN_CAM_SIDE`` pixels a side.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from cnnlab.engine.scoring import eval_mode, logits_of
from cnnlab.errors import InspectionError
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.inspection.hooks import find_layer, first_tensor

MIN_CAM_SIDE = 7  # pixels a side of a layer's maps for a Grad-CAM that still shows where: 7×7 is VGG's last


def layer_sizes(model: nn.Module, input_shape: tuple[int, int, int]) -> dict[str, tuple[int, int]]:
    """(height, width) of every conv layer's output for one input of ``input_shape`` (C, H, W), in
    forward order; one forward pass of zeros in eval mode, the model left as it was."""
    sizes: dict[str, tuple[int, int]] = {}
    handles = []
    for name, module in model.named_modules():
        if isinstance(module, nn.Conv2d):
            def hook(_m: nn.Module, _inp: object, out: object, name: str = name) -> None:
                t = first_tensor(out)
                if t is not None and t.dim() == 4 and name not in sizes:
                    sizes[name] = (int(t.shape[2]), int(t.shape[3]))
            handles.append(module.register_forward_hook(hook))
    try:
        with eval_mode(model), torch.no_grad():
            model(torch.zeros(1, *input_shape))
    finally:
        for h in handles:
            h.remove()
    return sizes


def default_cam_layer(model: nn.Module, input_shape: tuple[int, int, int], min_side: int = MIN_CAM_SIDE) -> str | None:
    """The conv layer whose Grad-CAM reads best, by this rule: the last conv layer (in forward
    order) whose maps are at least ``min_side`` pixels on their shorter side; when none is that
    large, the last of the largest. None for a model without conv layers.

    A later layer has more class-specific maps, an earlier one finer maps; below about 7×7 the map
    is too coarse to say where (see the module's note)."""
    sizes = layer_sizes(model, input_shape)
    if not sizes:
        return None
    big = [name for name, (h, w) in sizes.items() if min(h, w) >= min_side]
    if big:
        return big[-1]
    largest = max(min(h, w) for h, w in sizes.values())
    return [name for name, (h, w) in sizes.items() if min(h, w) == largest][-1]


def cam_from(act: torch.Tensor, grad: torch.Tensor, size: tuple[int, int]) -> torch.Tensor:
    """Grad-CAM map (H, W) in [0, 1] from one layer's activations and gradients, both (C, h, w)."""
    weights = grad.mean(dim=(1, 2))  # (C,): α_k, spatially averaged gradients
    cam = F.relu((weights[:, None, None] * act).sum(0))  # (h, w)
    cam = F.interpolate(cam[None, None], size=size, mode="bilinear", align_corners=False)[0, 0]  # (H, W)
    peak = cam.max()
    return cam / peak if peak > 0 else torch.zeros_like(cam)


def grad_cam(model: nn.Module, image: torch.Tensor, layer: str, target: int | None = None) -> np.ndarray:
    """Grad-CAM of ``layer`` for class ``target`` (default: the predicted class) on one image.

    ``image`` is a float (C, H, W) tensor as the model takes it; returns a float32 (H, W) map in
    [0, 1], all zeros when no location speaks for the class. The model runs in eval mode; its mode,
    its parameters' ``requires_grad`` and their ``.grad`` are left untouched, and the hook is
    removed even on error.
    """
    cams, _ = grad_cams(model, image, layer, None if target is None else [target])
    return cams[0]


def grad_cams(model: nn.Module, image: torch.Tensor, layer: str,
              targets: list[int] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Grad-CAM maps of one image for several classes in one forward and one backward pass.

    ``targets`` default to ``[predicted class]``. Returns (maps (T, H, W) float32 in [0, 1],
    probabilities (K,) float32). The image is repeated once per target: in eval mode the copies
    do not interact, so the gradient of ``Σ_i score_i[target_i]`` gives each copy its own class's.
    """
    if image.dim() != 3:
        raise ValueError(f"grad_cam takes one image (C, H, W), got shape {tuple(image.shape)}")
    module = find_layer(model, layer)
    captured: list[torch.Tensor] = []

    def hook(_m: nn.Module, _inp: object, out: object) -> torch.Tensor:
        t = first_tensor(out)
        if t is None or t.dim() != 4:
            raise InspectionError(QT_TRANSLATE_NOOP("CoreMessage", "Grad-CAM needs a layer with feature maps; "
                                                                   "{layer} does not output (N, C, H, W)."),
                                  layer=repr(layer))
        # Cut the graph here: gradients flow to this copy only, never into the parameters.
        leaf = t.detach().requires_grad_(True)
        captured.clear()
        captured.append(leaf)
        return leaf.clone()  # later in-place layers (ReLU(inplace=True)) must not touch the leaf

    n = 1 if targets is None else max(len(targets), 1)
    handle = module.register_forward_hook(hook)
    try:
        with eval_mode(model), torch.enable_grad():
            logits = logits_of(model(image.unsqueeze(0).expand(n, *image.shape)))  # (T, K)
            if not captured:
                raise InspectionError(QT_TRANSLATE_NOOP("CoreMessage", "The layer {layer} is not used when the "
                                                                       "model predicts (it may belong to a "
                                                                       "training-only auxiliary head)."),
                                      layer=repr(layer))
            k = logits.shape[1]
            chosen = [int(logits[0].argmax())] if targets is None else [int(t) for t in targets]
            bad = [t for t in chosen if not 0 <= t < k]
            if bad:
                raise ValueError(f"target class {bad[0]} is outside 0..{k - 1}")
            score = logits[torch.arange(len(chosen)), torch.tensor(chosen)].sum()
            (grad,) = torch.autograd.grad(score, captured[0], allow_unused=True)
    finally:
        handle.remove()
    acts = captured[0].detach()  # (T, C, h, w)
    grads = torch.zeros_like(acts) if grad is None else grad  # unused layer output: no evidence
    size = (image.shape[1], image.shape[2])
    cams = torch.stack([cam_from(acts[i], grads[i], size) for i in range(len(chosen))])  # (T, H, W)
    probs = torch.softmax(logits[0].detach().float(), dim=0)  # (K,)
    return cams.numpy().astype(np.float32), probs.numpy()
