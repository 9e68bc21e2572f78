"""Our attribution sanity check against Quantus, the explanation-metrics toolkit, once: the same model, images
and maps through both, the numbers side by side in ``benchmarks/results/sanity_quantus.md``.

Quantus pulls in opencv-python, which bundles a Qt of its own, so it never goes into the app's environment;
it runs in a virtual environment of its own (``.quantus-venv`` is git-ignored):

    python3 -m venv .quantus-venv
    .quantus-venv/bin/pip install quantus torch==2.14.1 torchvision==0.29.1 captum scipy platformdirs pyyaml
    .quantus-venv/bin/python benchmarks/sanity_quantus.py

What is compared, for the chapter's shape CNN trained here on the generated shapes (seed 0) and ``IMAGES``
test images, each for the class the model predicts:

1. *Cascading randomisation.* Ours (:func:`cnnlab.inspection.sanity.sanity_check`) against Quantus's
   ``MPRT`` (top down, Spearman of |map|; Quantus's Spearman applied image by image, a flat map counted as
   ρ = 0 as ours does, since its batched form fails on a flat map), both given the Lab's maps (Quantus calls
   :func:`cnnlab.inspection.attribution.attribute` as its ``explain_func``). Each re-draws the random weights
   with its own seeds, so per-image numbers differ; the means over the images are compared. Then the same
   random weights: our maps and :func:`~cnnlab.inspection.sanity_math.rank_correlation` on Quantus's own
   randomised copies must give Quantus's numbers (the largest difference is reported).
2. *Deletion.* Our deletion curve against Quantus's ``PixelFlipping`` with the same blank (0 in normalised
   input, the dataset's mean pixel) and the same steps (49 pixels, 1/16 of the image, a step): the largest
   difference between the curves, and the mean areas (trapezoid over the 16 steps, divided by 15 to lie in
   0..1). Quantus breaks ties in the ranking its own way, so maps with many equal values (Grad-CAM's zeros)
   remove equal pixels in another order.
"""

from __future__ import annotations

import platform
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

OUT = ROOT / "benchmarks" / "results" / "sanity_quantus.md"
IMAGES = 20  # test images (four of each shape): enough for steady means, a minute on two cores
EPOCHS = 4  # training epochs of the shape CNN on TRAIN_IMAGES: above 90% on the test images
TRAIN_IMAGES = 2500  # half the generated training set: training stays well under a minute on one core
PIXELS_PER_STEP = 49  # pixels removed per deletion step: 784 / 49 = 16 steps (Quantus needs a whole divisor)
QUANTUS_SEED = 42  # Quantus's own default seed for the random weights
SEED = 0  # our check's seed


def train(threads: int = 1) -> tuple[nn.Module, torch.Tensor, torch.Tensor]:
    """The shape CNN trained on the generated shapes; returns (model, test images normalised, test labels)."""
    from torch.nn import functional as F

    from cnnlab.datasets.synthetic import generate
    from cnnlab.engine.data import normalize
    from cnnlab.models import build_model

    torch.set_num_threads(threads)
    raw = generate("shapes", 0)
    mean, std = (float(raw.train.x.float().mean() / 255),), (float(raw.train.x.float().std() / 255),)
    x, y = normalize(raw.train.x[:TRAIN_IMAGES], mean, std), raw.train.y[:TRAIN_IMAGES]
    torch.manual_seed(0)
    net = build_model("shape-cnn", in_channels=1, image_size=(28, 28), num_classes=len(raw.classes))
    opt = torch.optim.Adam(net.parameters(), lr=3e-3)
    net.train()
    for _ in range(EPOCHS):
        order = torch.randperm(len(x))
        for i in range(0, len(x), 32):
            idx = order[i:i + 32]
            opt.zero_grad()
            F.cross_entropy(net(x[idx]), y[idx]).backward()
            opt.step()
    net.eval()
    return net, normalize(raw.test.x, mean, std), raw.test.y


def spearman_rows(a: np.ndarray, b: np.ndarray, batched: bool = True, **_kwargs: object) -> np.ndarray:
    """Quantus's own Spearman (``correlation_spearman``) one image at a time, a flat map counted as ρ = 0 as in our
    check: Quantus's batched call returns one NaN for the whole batch (and then fails) when any map is flat."""
    from quantus.functions.similarity_func import correlation_spearman

    return np.array([0.0 if np.ptp(a[i]) == 0 or np.ptp(b[i]) == 0 else
                     float(correlation_spearman(a[i:i + 1], b[i:i + 1], batched=True)[0]) for i in range(len(a))])


def mean_area(curves: np.ndarray) -> float:
    """The mean trapezoid area of curves (N, S) sampled at equal steps, scaled to 0..1 (divided by S − 1)."""
    return float(np.trapezoid(curves, axis=1).mean() / (curves.shape[1] - 1))


def main() -> int:
    import quantus  # only in .quantus-venv: imported when the benchmark runs
    from quantus.helpers.model.pytorch_model import PyTorchModel

    from benchmarks.common import markdown_table
    from cnnlab.inspection.attribution import METHODS, attribute
    from cnnlab.inspection.sanity import deletion_curve, importance, sanity_check
    from cnnlab.inspection.sanity_math import deletion_order, rank_correlation

    started = time.perf_counter()
    net, tx, ty = train()
    with torch.no_grad():
        accuracy = float((net(tx).argmax(1) == ty).float().mean())
    picked = torch.cat([torch.nonzero(ty == c)[:IMAGES // 5, 0] for c in range(5)])  # four of each shape
    x = tx[picked]  # (N, 1, 28, 28)
    with torch.no_grad():
        targets = net(x).argmax(1).numpy()  # each image's predicted class, as our check uses
    x_np = x.numpy()
    cam = "conv2"  # Grad-CAM's default layer of the shape CNN (the last with maps of at least 7×7)

    def explain(model: torch.nn.Module, inputs: np.ndarray, targets: np.ndarray, method: str,
                **_kwargs: object) -> np.ndarray:
        """The Lab's maps as importance (N, 1, H, W): Quantus's explain_func."""
        maps = [importance(attribute(model, torch.from_numpy(np.asarray(inputs[i], np.float32)), method,
                                     int(targets[i]), layer=cam)) for i in range(len(inputs))]
        return np.stack(maps)[:, None]

    reports = [sanity_check(net, x[i], int(targets[i]), seed=SEED) for i in range(len(x))]
    steps = reports[0].step_names()
    rows_mprt, rows_same, rows_del = [], [], []
    for method in METHODS:
        ours = np.mean([r.methods[method].rank_correlation for r in reports], axis=0)
        mprt = quantus.MPRT(similarity_func=spearman_rows, layer_order="top_down", seed=QUANTUS_SEED, abs=True,
                            normalise=True, disable_warnings=True, display_progressbar=False)
        scores = mprt(model=net, x_batch=x_np, y_batch=targets, a_batch=None, explain_func=explain,
                      explain_func_kwargs={"method": method}, device="cpu", batch_size=len(x_np))
        layers = [k for k in scores if k != "original"]
        theirs = np.array([np.nanmean(scores[k]) for k in layers])
        assert layers == steps, (layers, steps)  # the same layers in the same order
        rows_mprt.append([method, *(f"{a:+.2f} / {b:+.2f}" for a, b in zip(ours, theirs, strict=True)),
                          "yes" if np.abs(ours - theirs).max() < 0.15 else "no"])
        # the same random weights: our maps and correlation on Quantus's randomised copies
        real = [importance(attribute(net, x[i], method, int(targets[i]), layer=cam)) for i in range(len(x))]
        worst = 0.0
        wrapped = PyTorchModel(net, channel_first=True, softmax=False, device="cpu")
        for name, random_model in wrapped.get_random_layer_generator(order="top_down", seed=QUANTUS_SEED):
            for i in range(len(x)):
                rho = rank_correlation(real[i], importance(attribute(random_model, x[i], method, int(targets[i]),
                                                                     layer=cam)))
                if np.isfinite(scores[name][i]):
                    worst = max(worst, abs(rho - float(scores[name][i])))
        rows_same.append([method, f"{worst:.1e}"])
        # deletion: the same steps and blank
        flips = quantus.PixelFlipping(features_in_step=PIXELS_PER_STEP, perturb_baseline=0.0, abs=False,
                                      normalise=True, disable_warnings=True, display_progressbar=False)
        curves = np.array(flips(model=net, x_batch=x_np, y_batch=targets, a_batch=None, explain_func=explain,
                                explain_func_kwargs={"method": method}, device="cpu", softmax=True,
                                batch_size=len(x_np)))  # (N, 16)
        steps_n = x_np[0, 0].size // PIXELS_PER_STEP
        ties = np.random.default_rng(SEED).permutation(x_np[0, 0].size)
        ours_curves = np.array([deletion_curve(net, x[i], int(targets[i]), deletion_order(real[i], ties),
                                               steps=steps_n)[1:] for i in range(len(x))])
        rows_del.append([method, f"{mean_area(ours_curves):.3f}", f"{mean_area(curves):.3f}",
                         f"{np.abs(ours_curves - curves).max():.1e}"])
    seconds = time.perf_counter() - started
    lines = [
        "# Attribution sanity check: cnnlab against Quantus",
        "",
        "Produced by `.quantus-venv/bin/python benchmarks/sanity_quantus.py` (Quantus in its own virtual "
        "environment; see the script's docstring). "
        f"Shape CNN trained {EPOCHS} epochs on {TRAIN_IMAGES} generated shapes (test accuracy {accuracy:.1%}); "
        f"{len(x)} test images, four of each shape, each for its predicted class. "
        f"Quantus {quantus.__version__}, torch {torch.__version__}, Python {platform.python_version()}, "
        f"{seconds:.0f} s in all.",
        "",
        "## Cascading randomisation: mean Spearman ρ of |map| with the real map (ours / Quantus MPRT)",
        "",
        "Each step randomises one more layer, from the top. Both use the same maps (the Lab's methods) but "
        "each its own random weights, so the means agree only within the spread over images.",
        "",
        markdown_table(["method", *steps, "within 0.15"], rows_mprt),
        "",
        "## The same random weights (Quantus's randomised copies)",
        "",
        "Our maps and our rank correlation on the models Quantus's `get_random_layer_generator` yields: the "
        "largest difference from Quantus's own ρ over every image and step.",
        "",
        markdown_table(["method", "largest difference of ρ"], rows_same),
        "",
        f"## Deletion (pixel flipping): {PIXELS_PER_STEP} pixels a step, replaced by 0 (the mean pixel)",
        "",
        "Mean area under the class probability over the 16 steps (0..1), ours and Quantus's `PixelFlipping`, "
        "and the largest difference between the two curves of an image. Where a map has many equal values "
        "the two break ties in different orders.",
        "",
        markdown_table(["method", "ours", "Quantus", "largest curve difference"], rows_del),
        "",
    ]
    OUT.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
