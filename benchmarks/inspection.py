"""How long each inspection panel takes to draw, and the misclassified grid on 10 000 test images.

Each panel is shown offscreen at 1200×800 and timed from ``set_subject`` (with a fresh subject,
so nothing is cached) until Qt has processed the resulting events: the wait a student has after
an epoch ends or a tab is opened. The models are the chapter's shape, colour and MNIST CNNs,
trained with the Trainer so their kernels and mistakes are real. The Misclassified grid is timed
on MNIST's 10 000 test images (without the MNIST files: the shapes test set repeated to 10 000).

    python benchmarks/inspection.py                          # writes benchmarks/results/inspection.md
    python benchmarks/inspection.py --screenshots docs/screenshots
    python benchmarks/inspection.py --quick                  # shorter training, same measurements
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no window: time the drawing, not the screen

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402 (after the line that puts the checkout on sys.path)
import torch  # noqa: E402 (after the line that puts the checkout on sys.path)
from PySide6.QtWidgets import QApplication  # noqa: E402 (after the line that puts the checkout on sys.path)

from benchmarks.common import SHARED_DATA  # noqa: E402 (after the line that puts the checkout on sys.path)
from cnnlab.datasets import ImageSet, load_dataset  # noqa: E402 (after the line that puts the checkout on sys.path)
from cnnlab.engine import CheckpointMeta, TrainConfig, Trainer  # noqa: E402 (after the line that puts the checkout on sys.path)
from cnnlab.inspection import Subject, misclassified, one_per_class, predictions  # noqa: E402 (after the line that puts the checkout on sys.path)
from cnnlab.models import build_model  # noqa: E402 (after the line that puts the checkout on sys.path)
from ui.panel_tabs import PANELS  # noqa: E402 (after the line that puts the checkout on sys.path)
from ui.panels import ConfusionPanel, FeatureMapsPanel, GradCamPanel, MisclassifiedPanel  # noqa: E402 (after the line that puts the checkout on sys.path)
from ui.panels.base import InspectionPanel  # noqa: E402 (after the line that puts the checkout on sys.path)
from ui.panels.feature_maps import PER_CLASS  # noqa: E402 (after the line that puts the checkout on sys.path)

THREADS = 2  # the project's CI and lab machines have two cores
SIZE = (1200, 800)  # the main window's panel area
PANEL_BUDGET_MS = 200  # what each panel must stay under
GRID_BUDGET_MS = 1000  # the misclassified grid on 10 000 images
PAGE = 200  # the Misclassified tab's page size

# (dataset, model, training options): the chapter's three CNNs, trained with the default recipes
# (MNIST for 2 epochs: 98.9% on the test set); --quick trains less for a faster check.
MODELS: list[tuple[str, str, dict[str, Any], dict[str, Any]]] = [
    ("shapes", "shape-cnn", {}, {"epochs": 2}),
    ("colors", "color-cnn", {"epochs": 10}, {"epochs": 3}),
    ("mnist", "mnist-cnn", {"epochs": 2}, {"epochs": 1, "train_limit": 12000}),
]


def budget_for(panel: str, test_images: int) -> int:
    """The time a panel must stay under: whole-test-set panels on 10 000 images get the grid's budget."""
    if panel in ("Misclassified", "Confusion") and test_images >= 10000:
        return GRID_BUDGET_MS
    return PANEL_BUDGET_MS


def fresh(s: Subject) -> Subject:
    """The same snapshot with nothing cached, as the window passes after each epoch."""
    return Subject(model=s.model, meta=s.meta, test=s.test, epoch=s.epoch)


def train(dataset: str, model: str, data_root: Path | None, options: dict[str, Any]) -> tuple[Subject, float]:
    splits = load_dataset(dataset, data_root=data_root)
    end = Trainer(TrainConfig(dataset=dataset, model=model, **options), splits=splits).fit()
    meta = CheckpointMeta.for_dataset(model, splits.info)
    subject = Subject.from_weights(meta, end.weights, splits.test, epoch=end.epochs_done)
    return subject, float(end.test_acc or 0.0)


def application() -> QApplication:
    """The process's QApplication, made if there is none yet (the panels are widgets: a QCoreApplication
    cannot show them)."""
    app = QApplication.instance() or QApplication([sys.argv[0]])
    if not isinstance(app, QApplication):
        raise RuntimeError("a QCoreApplication without widgets is running: the panels need a QApplication")
    return app


def time_panel(app: QApplication, panel: InspectionPanel, subject: Subject, repeats: int) -> list[float]:
    """Milliseconds from set_subject to an idle event loop, once per repeat (the first one is cold)."""
    times = []
    for _ in range(repeats):
        s = fresh(subject)
        drawn = panel.draws
        start = time.perf_counter()
        panel.set_subject(s)
        app.processEvents()
        times.append((time.perf_counter() - start) * 1000)
        if panel.draws != drawn + 1:
            raise RuntimeError(f"{type(panel).__name__} did not draw (visible: {panel.isVisible()})")
    return times


def telling_image(subject: Subject, first: int = 60) -> int:
    """A test image worth looking at: the one with the most lit pixels among the first few."""
    lit = (subject.test.x[:first] > 0).flatten(1).sum(1)
    return int(lit.argmax())


def telling_sample(subject: Subject, tries: int = 30) -> int:
    """The n-th sample per class whose smallest image (fewest lit pixels) is largest: big shapes."""
    k = len(subject.classes)
    best, best_n = -1, 1
    for n in range(tries):
        picks = [i for i in one_per_class(subject.test.y, k, n) if i is not None]
        if len(picks) < k:  # some class has fewer than n + 1 test images
            break
        smallest = min(int((subject.test.x[i] > 0).sum()) for i in picks)
        if smallest > best:
            best, best_n = smallest, n + 1
    return best_n


def slug(title: str) -> str:
    return title.lower().replace(" ", "-")  # "Grad-CAM" -> "grad-cam", "Feature maps" -> "feature-maps"


def screenshots(app: QApplication, name: str, subject: Subject, out: Path) -> list[Path]:
    """Every panel of one model, arranged as a student would look at it, saved as PNG."""
    saved: list[Path] = []

    def grab(panel: InspectionPanel, file: str) -> None:
        app.processEvents()
        path = out / file
        panel.grab().save(str(path))
        saved.append(path)

    model = subject.meta.model
    image = telling_image(subject) if model != "mnist-cnn" else 0  # MNIST's first test image is a clear 7
    for title, factory in PANELS:
        panel = factory()
        panel.resize(*SIZE)
        panel.show()
        panel.set_subject(subject)
        if isinstance(panel, (FeatureMapsPanel, GradCamPanel)):
            panel.chooser.spin.setValue(image)
        if isinstance(panel, MisclassifiedPanel) and len(panel.page_indices()):
            panel.show_detail(int(panel.page_indices()[0]))
        if isinstance(panel, ConfusionPanel) and panel.cm is not None:
            off = panel.cm.matrix.copy()
            np.fill_diagonal(off, 0)
            if off.any():
                r, c = np.unravel_index(off.argmax(), off.shape)
                panel.select_cell(int(r), int(c))
                panel.detail.show_image(subject, int(panel.cell_images[0]))
        grab(panel, f"panel-{slug(title)}-{model}.png")
        if isinstance(panel, FeatureMapsPanel) and model == "mnist-cnn":
            # The lecture's "16 maps of layer 2": scroll the rows to conv2.
            shown = panel.view.shown_picture
            labels = [lab for lab in shown.labels if lab.text == "conv2"] if shown is not None else []
            if labels:
                app.processEvents()  # let the scroll range catch up with the new picture
                panel.scroll_area.verticalScrollBar().setValue(labels[0].y - 4)
                grab(panel, f"panel-feature-maps-{model}-layer2.png")
        if isinstance(panel, FeatureMapsPanel) and model == "color-cnn":
            # The lecture's colour figure: per colour, conv1's two maps, conv2 and relu2 as RGB pictures.
            panel.nth.setValue(telling_sample(subject))
            panel.mode_box.setCurrentText(PER_CLASS)
            grab(panel, f"panel-feature-maps-{model}-per-class.png")
        panel.close()
        panel.deleteLater()
    print(f"{name}: {len(saved)} screenshots in {out}", flush=True)
    return saved


def big_test_set(mnist: tuple[Subject, float] | None, shapes: tuple[Subject, float]) -> tuple[str, Subject, float]:
    """A trained model with a 10 000-image test set: MNIST's own, or shapes repeated ten times."""
    if mnist is not None:
        return "mnist-cnn on the MNIST test set (10 000 images)", mnist[0], mnist[1]
    s, acc = shapes
    test = ImageSet(s.test.x.repeat(10, 1, 1, 1)[:10000], s.test.y.repeat(10)[:10000])
    return ("shape-cnn on the shapes test set repeated to 10 000 images",
            Subject(model=s.model, meta=s.meta, test=test, epoch=s.epoch), acc)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mnist", type=Path, default=SHARED_DATA / "mnist", help="folder with the MNIST IDX files")
    ap.add_argument("--repeats", type=int, default=7, help="timed draws per panel; the first is cold")
    ap.add_argument("--quick", action="store_true", help="train for fewer epochs (a faster check)")
    ap.add_argument("--screenshots", type=Path, default=None, help="also save every panel as PNG here")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "inspection.md")
    args = ap.parse_args()
    torch.set_num_threads(THREADS)
    app = application()
    load_before = os.getloadavg()

    trained: dict[str, tuple[Subject, float]] = {}
    for dataset, model, options, quick in MODELS:
        root = args.mnist if dataset == "mnist" else None
        if root is not None and not root.exists():
            print(f"no MNIST files in {root}: skipping mnist-cnn", flush=True)
            continue
        t = time.perf_counter()
        trained[model] = train(dataset, model, root, quick if args.quick else options)
        print(f"trained {model} on {dataset}: {trained[model][1]:.1%} in {time.perf_counter() - t:.0f} s", flush=True)

    rows = []
    for model, (subject, acc) in trained.items():
        for title, factory in PANELS:
            panel = factory()
            panel.resize(*SIZE)
            panel.show()
            times = time_panel(app, panel, subject, args.repeats)
            warm = times[1:] or times
            rows.append((f"{model} on {subject.meta.dataset}", acc, len(subject.test), title, times[0], min(warm),
                         statistics.median(warm)))
            print(f"{model:10s} {title:14s} cold {times[0]:7.1f} ms   best {min(warm):7.1f} ms   "
                  f"median {statistics.median(warm):7.1f} ms", flush=True)
            panel.close()
            panel.deleteLater()
            app.processEvents()

    big_name, big, big_acc = big_test_set(trained.get("mnist-cnn"), trained["shape-cnn"])
    grid = MisclassifiedPanel()
    grid.resize(*SIZE)
    grid.show()
    grid_times = time_panel(app, grid, big, args.repeats)
    s = fresh(big)
    t = time.perf_counter()
    p = predictions(s)
    t_pred = (time.perf_counter() - t) * 1000
    n_wrong = len(misclassified(p))
    t = time.perf_counter()
    grid.set_subject(s)  # predictions cached on s: this is the filtering and drawing alone
    app.processEvents()
    t_grid_only = (time.perf_counter() - t) * 1000
    # The worst case for drawing: an untrained copy gets most of the 10 000 wrong, so the page is full.
    torch.manual_seed(0)
    c, h, w = big.meta.input_shape
    untrained = build_model(big.meta.model, in_channels=c, image_size=(h, w), num_classes=len(big.classes)).eval()
    full = Subject(model=untrained, meta=big.meta, test=big.test)
    full_times = time_panel(app, grid, full, args.repeats)
    full_med = statistics.median(full_times[1:] or full_times)
    full_best = min(full_times[1:] or full_times)
    n_full = len(misclassified(predictions(fresh(full))))
    print(f"misclassified grid, {big_name}: {[round(t) for t in grid_times]} ms; untrained: "
          f"{[round(t) for t in full_times]} ms", flush=True)
    grid.close()
    load_after = os.getloadavg()

    if args.screenshots is not None:
        args.screenshots.mkdir(parents=True, exist_ok=True)
        for model, (subject, _acc) in trained.items():
            screenshots(app, model, subject, args.screenshots)

    grid_med = statistics.median(grid_times[1:] or grid_times)
    grid_best = min(grid_times[1:] or grid_times)
    lines = [
        "# Inspection panels: draw times",
        "",
        "Produced by `python benchmarks/inspection.py`. Each panel is shown offscreen at 1200×800 and timed",
        "from `set_subject` with a fresh subject (nothing cached) until Qt is idle again: what a student waits",
        "after an epoch ends or when opening the tab. *cold* is a new panel's first draw (one-time warm-up",
        f"included); *best* and *median* are over the next {args.repeats - 1} draws. On a shared machine *best* is",
        "the panel's own cost and *median* includes time the CPU was busy elsewhere. Budgets: "
        f"{PANEL_BUDGET_MS} ms per panel, {GRID_BUDGET_MS} ms for the misclassified grid on 10 000 test images.",
        "",
        f"Machine: {platform.machine()} CPU, {os.cpu_count()} cores, torch {torch.__version__} with {THREADS} "
        f"threads, Qt platform `{os.environ['QT_QPA_PLATFORM']}`. Load average (1 min) {load_before[0]:.1f} before "
        f"and {load_after[0]:.1f} after the timings: the machine was shared, so a load above its core count "
        "slowed every number here.",
        "",
        "| model (test accuracy, test images) | panel | cold ms | best ms | median ms | budget ms | "
        "within budget (best / median) |",
        "|---|---|---:|---:|---:|---:|:---:|",
    ]
    for name, acc, n, title, cold, low, mid in rows:
        budget = budget_for(title, n)
        ok = f"{'yes' if low <= budget else '**no**'} / {'yes' if mid <= budget else '**no**'}"
        lines.append(f"| {name} ({acc:.1%}, {n}) | {title} | {cold:.0f} | {low:.0f} | {mid:.0f} | {budget} | {ok} |")
    lines += [
        "",
        "Misclassified and Confusion need the predictions for the whole test set; they compute them once",
        "per subject and share them (the second of the two tabs opened after an epoch draws from the cache).",
        f"On a 10 000-image test set that forward pass dominates, so those two are held to the {GRID_BUDGET_MS} ms",
        "budget of the 10 000-image grid; every other panel, and both of them on the generated sets, to "
        f"{PANEL_BUDGET_MS} ms. A session's first Kernels draw includes importing matplotlib for its colour maps.",
        "",
        "## Misclassified grid on 10 000 test images",
        "",
        f"{big_name}, test accuracy {big_acc:.1%}: {n_wrong} mistakes; the first page of {min(n_wrong, PAGE)} is",
        "drawn as one picture.",
        "",
        "| step | ms |",
        "|---|---:|",
        f"| whole panel, first draw (cold) | {grid_times[0]:.0f} |",
        f"| whole panel, best / median over {len(grid_times) - 1} fresh subjects | {grid_best:.0f} / {grid_med:.0f} |",
        f"| of which: predictions for 10 000 images (batched forward pass) | {t_pred:.0f} |",
        f"| of which: filter, sort and draw the page (predictions cached) | {t_grid_only:.0f} |",
        f"| the same network untrained ({n_full} mistakes, a full page of {PAGE}), best / median | "
        f"{full_best:.0f} / {full_med:.0f} |",
        "",
        f"Within the {GRID_BUDGET_MS} ms budget: "
        f"best {'yes' if max(grid_best, full_best) <= GRID_BUDGET_MS else '**no**'}, "
        f"median {'yes' if max(grid_med, full_med) <= GRID_BUDGET_MS else '**no**'}.",
        "",
    ]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
