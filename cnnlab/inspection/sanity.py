"""Can I trust this map? Adebayo et al.'s cascading randomisation and a deletion curve, for every Lab method.

*Cascading randomisation* (Adebayo et al., "Sanity checks for saliency maps", NeurIPS 2018): the
layers with weights are re-initialised from the top (the last layer, the logits) down, one layer more
at each step, in a copy of the model; the map is computed again after each step and compared with the
real model's map by Spearman's rank correlation (:func:`scipy.stats.spearmanr`) of the maps' *absolute
values*, as the paper's main figure does ("rank correlation (ABS)"). A map that explains what the
network learned must change once what it learned is gone: the method ``passes`` when the correlation
after the last step (every layer random) is below :data:`RANK_CORRELATION_LIMIT`. A map that survives
shows the image (its edges) rather than the network.

Maps are first turned into *importance* (higher = more evidence for the class): every method's map as
it is, except occlusion's, whose map is the class probability while a patch covers each place, and whose
importance is the drop p(image) − p(covered).

The *deletion curve* (Samek et al.'s pixel flipping, RISE's "deletion"): the pixels are removed in
order of importance, most important first, :data:`DELETION_STEPS` equal shares at a time, each removed
pixel (all its channels) set to :data:`DELETION_BASELINE` (0 in normalised input: the dataset's *mean*
pixel, the same blank as occlusion's patch and integrated gradients' start); the class probability is
read after each share. The area under that curve (fraction removed 0..1 on the x axis) is the
faithfulness number: the lower, the sooner the map's top pixels destroyed the class. The same curve for
a random order of the pixels (:attr:`SanityReport.random_deletion_auc`) is the baseline to beat.

Everything is computed with the Lab's own methods (:func:`cnnlab.inspection.attribution.attribute`,
Captum underneath) on copies of the model: the model passed in is never changed. Given the same
``seed`` the report is the same: each layer's new weights come from a generator seeded with ``seed``
and the layer's place in the network, and ties in the deletion order are broken by a permutation drawn
from ``seed``.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import torch
from torch import nn

from cnnlab.engine.scoring import eval_mode, logits_of
from cnnlab.inspection.attribution import (
    IG_STEPS,
    METHODS,
    OCCLUSION_PATCH,
    OCCLUSION_STRIDE,
    Attribution,
    attribute,
    cam_layer,
    check_target,
    class_probabilities,
)
from cnnlab.inspection.sanity_math import area_under, deletion_order, rank_correlation

RANK_CORRELATION_LIMIT = 0.5  # ρ once every layer is random; below it the map changed. In the paper the maps that
# pass (gradient, Grad-CAM) fall to near 0 and those that fail (guided backprop) stay close to 1: halfway splits them
DELETION_STEPS = 20  # shares of the pixels removed one after another: 5% each, a smooth curve from 21 forward passes
DELETION_BASELINE = 0.0  # a removed pixel's value in normalised input: the dataset's mean pixel
MAX_STEPS = 10  # randomisation steps at most: a deeper net's layers are randomised in this many groups, top first
DEFAULT_SEED = 0  # the random weights and tie-breaking of a check: the same numbers every time

Progress = Callable[[int, int], None]  # (steps done, steps in all): called after the real maps and each step


@dataclass(frozen=True)
class MethodSanity:
    """One method's check: ``maps`` real first, then after each step (each (H, W) float32, as the method gives
    them); ``rank_correlation`` one per step, top layer first; ``passes`` None when the real map is flat
    (no order to compare); ``deletion`` the class probability after each share removed (DELETION_STEPS + 1,)."""

    method: str
    maps: list[np.ndarray]
    rank_correlation: list[float]
    passes: bool | None
    deletion: np.ndarray
    deletion_auc: float

    @property
    def survives(self) -> bool:
        """The map stays alike when the weights are random: it shows the image, not what the network learned."""
        return self.passes is False


@dataclass(frozen=True)
class SanityReport:
    """The check of every method on one image for class ``target``; ``steps[i]`` are the layers newly
    randomised at step i (top first); ``problems`` names the methods this model cannot give, and why."""

    target: int
    probabilities: np.ndarray  # (K,) of the real model
    steps: list[tuple[str, ...]]
    methods: dict[str, MethodSanity]
    random_deletion: np.ndarray  # (DELETION_STEPS + 1,): the class probability for a random order
    random_deletion_auc: float
    seed: int
    layer: str | None = None  # Grad-CAM's layer
    problems: dict[str, str] = field(default_factory=dict)

    @property
    def survivors(self) -> list[str]:
        return [name for name, m in self.methods.items() if m.survives]

    def step_names(self) -> list[str]:
        """Each step's label: its layer, or its first and last layer when it randomises a group."""
        return [s[0] if len(s) == 1 else f"{s[0]}…{s[-1]}" for s in self.steps]

    def to_json(self) -> dict[str, object]:
        """The ``sanity`` object of ``cnnlab explain --sanity --json``: per method its correlations, verdict
        and deletion area."""
        return {name: {"rank_correlation": [round(r, 6) for r in m.rank_correlation], "passes": m.passes,
                       "deletion_auc": round(m.deletion_auc, 6),
                       "deletion_curve": [round(float(p), 6) for p in m.deletion]}
                for name, m in self.methods.items()}


def weight_layers(model: nn.Module, image: torch.Tensor) -> list[str]:
    """The modules holding weights of their own (those ``reset_parameters`` re-initialises), in the order one
    forward pass of ``image`` (C, H, W) reaches them; modules the pass never calls (auxiliary heads) are left out."""
    owners = {name: m for name, m in model.named_modules()
              if name and hasattr(m, "reset_parameters") and any(True for _ in m.parameters(recurse=False))}
    order: list[str] = []

    def reached(name: str) -> Callable[[nn.Module, object], None]:
        def hook(_m: nn.Module, _inp: object) -> None:
            if name not in order:  # a module called twice keeps its first place
                order.append(name)
        return hook

    handles = [m.register_forward_pre_hook(reached(name)) for name, m in owners.items()]
    try:
        with eval_mode(model), torch.no_grad():
            model(image.unsqueeze(0))
    finally:
        for h in handles:
            h.remove()
    return order


def randomisation_steps(layers: Sequence[str], max_steps: int = MAX_STEPS) -> list[tuple[str, ...]]:
    """Top (last) layer first, one layer per step; more layers than ``max_steps`` are split into that many
    groups of neighbours (the topmost groups one layer larger when they do not divide evenly)."""
    top_first = list(reversed(layers))
    n = min(len(top_first), max(1, max_steps))
    if n == 0:
        return []
    size, extra = divmod(len(top_first), n)
    steps, start = [], 0
    for i in range(n):
        end = start + size + (1 if i < extra else 0)
        steps.append(tuple(top_first[start:end]))
        start = end
    return steps


def reinitialise(module: nn.Module, seed: int) -> None:
    """New weights for ``module`` from its own ``reset_parameters`` (PyTorch's initialisation of a fresh layer;
    batch norm's running statistics start again too), drawn on the CPU from a generator seeded with ``seed``
    so the weights do not depend on the device, nor touch the global random state."""
    fresh = copy.deepcopy(module).cpu()
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        fresh.reset_parameters()  # type: ignore[operator]  # weight_layers kept only modules that have it
    with torch.no_grad():
        module.load_state_dict(fresh.state_dict())


def layer_seed(seed: int, place: int) -> int:
    """The seed of the new weights of the layer at ``place`` (forward order) in a check seeded with ``seed``:
    a layer gets the same weights at every step, and different layers unrelated ones."""
    return int(np.random.SeedSequence([seed, place]).generate_state(1)[0])


def importance(result: Attribution) -> np.ndarray:
    """The map (H, W) as evidence for the class, higher = more: occlusion's probabilities become the drop."""
    if result.method == "occlusion":
        return (float(result.probabilities[result.target]) - result.map).astype(np.float32)
    return result.map


def deletion_curve(model: nn.Module, image: torch.Tensor, target: int, order: np.ndarray,
                   steps: int = DELETION_STEPS, baseline: float = DELETION_BASELINE) -> np.ndarray:
    """The probability of ``target`` (steps + 1,) as the pixels of ``order`` (flat indices into H×W, first
    removed first) are set to ``baseline`` in every channel, ``steps`` equal shares at a time; one batch."""
    c, h, w = image.shape
    n = h * w
    batch = image.unsqueeze(0).repeat(steps + 1, 1, 1, 1).reshape(steps + 1, c, n)  # (S+1, C, H·W)
    for k in range(1, steps + 1):
        batch[k, :, order[:round(k * n / steps)]] = baseline
    with eval_mode(model), torch.no_grad():
        logits = logits_of(model(batch.reshape(steps + 1, c, h, w)))  # (S+1, K)
    return torch.softmax(logits.float(), dim=1)[:, target].numpy()


def sanity_check(model: nn.Module, image: torch.Tensor, target: int | None = None, *,
                 methods: Sequence[str] = tuple(METHODS), layer: str | None = None, patch: int = OCCLUSION_PATCH,
                 stride: int = OCCLUSION_STRIDE, ig_steps: int = IG_STEPS, seed: int = DEFAULT_SEED,
                 max_steps: int = MAX_STEPS, progress: Progress | None = None) -> SanityReport:
    """Cascading randomisation and the deletion curve of ``methods`` on one float image (C, H, W) for
    ``target`` (default: the real model's predicted class, kept for every randomised copy).

    ``layer`` is Grad-CAM's (default: its usual layer), ``patch``/``stride`` occlusion's, ``ig_steps``
    integrated gradients'. A method the model cannot give (Grad-CAM without conv layers) is left out and named
    in ``problems``. ValueError for an unknown method or class."""
    if image.dim() != 3:
        raise ValueError(f"sanity_check takes one image (C, H, W), got shape {tuple(image.shape)}")
    unknown = [m for m in methods if m not in METHODS]
    if unknown:
        raise ValueError(f"unknown attribution method {unknown[0]!r}; choose one of {', '.join(METHODS)}")
    real = copy.deepcopy(model).eval()  # Captum's hooks and the randomisation never touch the caller's model
    problems: dict[str, str] = {}
    cam = None
    if "gradcam" in methods:
        try:
            cam = cam_layer(real, image, layer)
        except ValueError as e:
            problems["gradcam"] = str(e)
    names = [m for m in methods if m not in problems]

    def maps_of(net: nn.Module, t: int) -> dict[str, Attribution]:
        return {m: attribute(net, image, m, t, layer=cam, patch=patch, stride=stride, steps=ig_steps) for m in names}

    probs = class_probabilities(real, image)
    t = int(probs.argmax()) if target is None else check_target(target, len(probs))
    first = maps_of(real, t)
    layers = weight_layers(real, image)
    steps = randomisation_steps(layers, max_steps)
    total = len(steps) + 1
    if progress is not None:
        progress(1, total)
    maps = {m: [first[m].map] for m in names}
    corr: dict[str, list[float]] = {m: [] for m in names}
    scrambled = copy.deepcopy(real)
    modules = dict(scrambled.named_modules())
    for i, step in enumerate(steps):
        for name in step:
            reinitialise(modules[name], layer_seed(seed, layers.index(name)))
        after = maps_of(scrambled, t)
        for m in names:
            maps[m].append(after[m].map)
            corr[m].append(rank_correlation(importance(first[m]), importance(after[m])))
        if progress is not None:
            progress(i + 2, total)
    rng = np.random.default_rng(seed)
    h, w = image.shape[1:]
    ties = rng.permutation(h * w)  # breaks ties in every order, and is itself the random order
    random_curve = deletion_curve(real, image, t, ties)
    report: dict[str, MethodSanity] = {}
    for m in names:
        imp = importance(first[m])
        curve = deletion_curve(real, image, t, deletion_order(imp, ties))
        flat = bool(np.ptp(imp) == 0)
        passes = None if flat or not corr[m] else bool(corr[m][-1] < RANK_CORRELATION_LIMIT)
        report[m] = MethodSanity(method=m, maps=maps[m], rank_correlation=corr[m], passes=passes, deletion=curve,
                                 deletion_auc=area_under(curve))
    return SanityReport(target=t, probabilities=probs, steps=steps, methods=report, random_deletion=random_curve,
                        random_deletion_auc=area_under(random_curve), seed=seed, layer=cam, problems=problems)

