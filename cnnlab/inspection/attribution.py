"""Why the network decides: attribution maps of one image, computed with Captum, plus Grad-CAM.

Every method returns an (H, W) float32 map the size of the input image. The image is a float
(C, H, W) tensor as the model takes it (normalised); the target class defaults to the predicted
one. Gradient methods differentiate the class *logit* (the softmax would mix in every other class);
occlusion reads the class *probability*, as ZFNet's occlusion figure does.

:data:`METHODS` holds, for each method, one sentence on what it shows and one on when it misleads;
the Lab tab shows them beside the maps.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from weakref import WeakKeyDictionary

import numpy as np
import torch
from torch import nn

from cnnlab.engine.scoring import eval_mode, logits_of
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.inspection.gradcam import default_cam_layer, grad_cams
from cnnlab.inspection.occlusion import OCCLUSION_PATCH, OCCLUSION_STRIDE

OCCLUSION_BASELINE = 0.0  # the patch's value in normalised input: the dataset's mean pixel
IG_STEPS = 32  # Gauss–Legendre points of integrated gradients: the shares add up to within ~1% on the chapter's nets
IG_BASELINE = 0.0  # the integration start in normalised input: the dataset's mean image
PERTURBATIONS_PER_EVAL = 256  # occluded copies per forward pass: one batch for the default patch on 28×28


@dataclass(frozen=True)
class MethodInfo:
    """An attribution method as the Lab describes it; ``signed`` maps have positive and negative values."""

    name: str
    title: str
    shows: str
    misleads: str
    signed: bool


METHODS: dict[str, MethodInfo] = {m.name: m for m in (  # texts in the "Attribution" translation context
    MethodInfo("gradcam", QT_TRANSLATE_NOOP("Attribution", "Grad-CAM"),
               QT_TRANSLATE_NOOP(
                   "Attribution", "Where a conv layer's maps, weighted by how much the class score "
                                  "needs each, are strong."),
               QT_TRANSLATE_NOOP(
                   "Attribution", "A small late layer gives a coarse blob that can sit on the "
                                  "background, and a class recognised by what is absent gets a "
                                  "blank map."),
               signed=False),
    MethodInfo("occlusion", QT_TRANSLATE_NOOP("Attribution", "Occlusion"),
               QT_TRANSLATE_NOOP(
                   "Attribution", "The class probability while a square of average pixels covers "
                                  "each place: dark where hiding the pixels costs the class."),
               QT_TRANSLATE_NOOP(
                   "Attribution", "A square larger than the strokes hides several parts at once, "
                                  "and the patch is itself a new pattern the network never saw."),
               signed=False),
    MethodInfo("saliency", QT_TRANSLATE_NOOP("Attribution", "Saliency"),
               QT_TRANSLATE_NOOP(
                   "Attribution", "How strongly a tiny change of each pixel would move the class "
                                  "score (the gradient's size)."),
               QT_TRANSLATE_NOOP(
                   "Attribution", "It is local: a pixel can matter a lot and still get a small "
                                  "gradient where the network is saturated, and the map is noisy."),
               signed=False),
    MethodInfo("guided", QT_TRANSLATE_NOOP("Attribution", "Guided backprop"),
               QT_TRANSLATE_NOOP(
                   "Attribution", "The gradient with negative signals stopped at every ReLU: crisp "
                                  "edges the network responds to."),
               QT_TRANSLATE_NOOP(
                   "Attribution", "It looks almost the same for every class and even for random "
                                  "weights: it shows the image's edges more than the decision."),
               signed=True),
    MethodInfo("deconv", QT_TRANSLATE_NOOP("Attribution", "Deconvolution"),
               QT_TRANSLATE_NOOP(
                   "Attribution", "ZFNet's deconvnet: the class signal projected back through the "
                                  "layers, ReLU on the way back."),
               QT_TRANSLATE_NOOP(
                   "Attribution", "It ignores which units were active for this image, so it can "
                                  "light up patterns the network did not use here."),
               signed=True),
    MethodInfo("ig", QT_TRANSLATE_NOOP("Attribution", "Integrated gradients"),
               QT_TRANSLATE_NOOP(
                   "Attribution", "Each pixel's share of the class score's change from a blank "
                                  "image to this one; the shares add up to that change."),
               QT_TRANSLATE_NOOP(
                   "Attribution", "The answer depends on the blank image chosen: pixels equal to it"
                                  " (the black background of MNIST) always get zero."),
               signed=True),
)}


@dataclass(frozen=True)
class Attribution:
    """One method's map (H, W) float32 for class ``target``; ``probabilities`` (K,) of the image."""

    method: str
    map: np.ndarray
    target: int
    probabilities: np.ndarray
    layer: str | None = None  # Grad-CAM's layer

    @property
    def info(self) -> MethodInfo:
        return METHODS[self.method]


def class_probabilities(model: nn.Module, image: torch.Tensor) -> np.ndarray:
    """Softmax (K,) float32 of one float image (C, H, W), in eval mode without gradients."""
    with eval_mode(model), torch.no_grad():
        logits = logits_of(model(image.unsqueeze(0)))  # (1, K)
    return torch.softmax(logits[0].float(), dim=0).numpy()


def check_target(target: int, num_classes: int) -> int:
    if not 0 <= target < num_classes:
        raise ValueError(f"target class {target} is outside 0..{num_classes - 1}")
    return int(target)


@contextmanager
def _not_inplace(model: nn.Module) -> Iterator[None]:
    """Switch off ``inplace`` of activations for the block: Captum's backward hooks need the outputs intact."""
    changed = [m for m in model.modules() if getattr(m, "inplace", False) is True]
    for m in changed:
        m.inplace = False  # type: ignore[assignment]  # torch's stubs type ReLU.inplace as read-only
    try:
        yield
    finally:
        for m in changed:
            m.inplace = True  # type: ignore[assignment]  # torch's stubs type ReLU.inplace as read-only


def _logits_fn(model: nn.Module) -> Callable[[torch.Tensor], torch.Tensor]:
    return lambda x: logits_of(model(x))  # (N, K)


def _probs_fn(model: nn.Module) -> Callable[[torch.Tensor], torch.Tensor]:
    return lambda x: torch.softmax(logits_of(model(x)).float(), dim=1)  # (N, K)


def _grad_input(image: torch.Tensor) -> torch.Tensor:
    """(C, H, W) -> a (1, C, H, W) copy that requires grad (Captum warns when it must switch that on)."""
    return image.detach().unsqueeze(0).clone().requires_grad_(True)


def _to_map(attr: torch.Tensor, reduce: str) -> np.ndarray:
    """Captum's (1, C, H, W) attribution -> (H, W): ``"abs_max"`` over channels or a signed ``"sum"``."""
    a = attr.detach()[0].float()  # (C, H, W)
    m = a.abs().amax(0) if reduce == "abs_max" else a.sum(0)
    return np.nan_to_num(m.numpy()).astype(np.float32)


def occlusion_map(model: nn.Module, image: torch.Tensor, target: int, patch: int = OCCLUSION_PATCH,
                  stride: int = OCCLUSION_STRIDE, baseline: float = OCCLUSION_BASELINE) -> np.ndarray:
    """The probability of ``target`` while a ``patch``×``patch`` square of ``baseline`` covers each place.

    The square moves ``stride`` pixels at a time (clipped at the right and bottom edges); each pixel
    gets the mean probability over the positions whose square covers it. Captum's ``Occlusion``
    gives the mean drop p(image) − p(occluded), so the map is p(image) − that drop.
    """
    from captum.attr import Occlusion

    c, h, w = image.shape
    patch = max(1, min(int(patch), h, w))
    stride = max(1, min(int(stride), patch))  # Captum needs stride ≤ patch
    x = image.unsqueeze(0)  # (1, C, H, W)
    with eval_mode(model), torch.no_grad():
        p0 = float(_probs_fn(model)(x)[0, target])
        drop = Occlusion(_probs_fn(model)).attribute(
            x, sliding_window_shapes=(c, patch, patch), strides=(c, stride, stride), baselines=baseline,
            target=target, perturbations_per_eval=PERTURBATIONS_PER_EVAL)  # (1, C, H, W), equal over C
    return (p0 - drop[0, 0].float().numpy()).astype(np.float32)


def saliency_map(model: nn.Module, image: torch.Tensor, target: int) -> np.ndarray:
    """|∂ logit_target / ∂ pixel|, the largest over the channels (Simonyan et al., 2014)."""
    from captum.attr import Saliency

    with eval_mode(model), _not_inplace(model):
        attr = Saliency(_logits_fn(model)).attribute(_grad_input(image), target=target, abs=True)
    return _to_map(attr, "abs_max")


def guided_backprop_map(model: nn.Module, image: torch.Tensor, target: int) -> np.ndarray:
    """Guided backpropagation (Springenberg et al., 2015), summed over the channels."""
    from captum.attr import GuidedBackprop

    with eval_mode(model), _not_inplace(model), warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "Setting backward hooks on ReLU activations": expected
        attr = GuidedBackprop(model).attribute(_grad_input(image), target=target)
    return _to_map(attr, "sum")


def deconvolution_map(model: nn.Module, image: torch.Tensor, target: int) -> np.ndarray:
    """ZFNet's deconvnet (Zeiler & Fergus, 2014) as Captum's ``Deconvolution``, summed over the channels."""
    from captum.attr import Deconvolution

    with eval_mode(model), _not_inplace(model), warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "Setting backward hooks on ReLU activations": expected
        attr = Deconvolution(model).attribute(_grad_input(image), target=target)
    return _to_map(attr, "sum")


def integrated_gradients_map(model: nn.Module, image: torch.Tensor, target: int, steps: int = IG_STEPS,
                             baseline: float = IG_BASELINE) -> np.ndarray:
    """Integrated gradients (Sundararajan et al., 2017) from a constant ``baseline`` image, summed over channels."""
    from captum.attr import IntegratedGradients

    with eval_mode(model), _not_inplace(model):
        attr = IntegratedGradients(_logits_fn(model)).attribute(
            _grad_input(image), baselines=baseline, target=target, n_steps=steps, method="gausslegendre")
    return _to_map(attr, "sum")


_CAM_LAYERS: WeakKeyDictionary[nn.Module, dict[tuple[int, ...], str | None]] = WeakKeyDictionary()


def cam_layer(model: nn.Module, image: torch.Tensor, layer: str | None = None) -> str:
    """``layer``, or Grad-CAM's default layer for this input (found once per model and input shape: a
    forward pass); ValueError for a model without conv layers."""
    if layer:
        return layer
    shape = tuple(image.shape)
    known = _CAM_LAYERS.setdefault(model, {})
    if shape not in known:
        known[shape] = default_cam_layer(model, shape)  # type: ignore[arg-type]  # the shape is the model's (C, H, W) input
    found = known[shape]
    if found is None:
        raise ValueError("Grad-CAM needs a convolution layer, and this model has none.")
    return found


def attribute(model: nn.Module, image: torch.Tensor, method: str, target: int | None = None, *,
              layer: str | None = None, patch: int = OCCLUSION_PATCH, stride: int = OCCLUSION_STRIDE,
              steps: int = IG_STEPS) -> Attribution:
    """The ``method`` map of one float image (C, H, W) for ``target`` (default: the predicted class).

    ``layer`` is Grad-CAM's (default: :func:`default_cam_layer`); ``patch`` and ``stride`` are occlusion's,
    ``steps`` integrated gradients'. ValueError for an unknown method, class or layer.
    """
    if image.dim() != 3:
        raise ValueError(f"attribute takes one image (C, H, W), got shape {tuple(image.shape)}")
    if method not in METHODS:
        raise ValueError(f"unknown attribution method {method!r}; choose one of {', '.join(METHODS)}")
    used_layer = None
    if method == "gradcam":  # its own forward pass gives the probabilities too
        used_layer = cam_layer(model, image, layer)
        cams, probs = grad_cams(model, image, used_layer, None if target is None else [target])
        t = int(probs.argmax()) if target is None else int(target)
        return Attribution(method=method, map=cams[0], target=t, probabilities=probs, layer=used_layer)
    probs = class_probabilities(model, image)
    t = int(probs.argmax()) if target is None else check_target(target, len(probs))
    if method == "occlusion":
        m = occlusion_map(model, image, t, patch, stride)
    elif method == "saliency":
        m = saliency_map(model, image, t)
    elif method == "guided":
        m = guided_backprop_map(model, image, t)
    elif method == "deconv":
        m = deconvolution_map(model, image, t)
    else:
        m = integrated_gradients_map(model, image, t, steps)
    return Attribution(method=method, map=m.astype(np.float32), target=t, probabilities=probs, layer=used_layer)
