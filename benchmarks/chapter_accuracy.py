"""The chapter's results table, reproduced with cnnlab's default recipes on this machine.

For every dataset: the chapter CNN and the DNN baseline, default recipe, test accuracy and
training seconds, beside the accuracy the lecture reports. MNIST / Fashion-MNIST come from
``../shared/data`` (or ``--data-root``); missing data skips those rows. Usage:

    python benchmarks/chapter_accuracy.py [--seeds 0,1] [--only shapes,colors]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import SHARED_DATA, publish_cpu_table
from cnnlab.engine import TrainConfig, Trainer, resolve_config

# (dataset, model, the chapter's reported test accuracy or "" when the lecture gives none)
ROWS = [
    ("colors", "color-cnn", "96.3%"), ("colors", "dnn", "81.6%"),
    ("shapes", "shape-cnn", "96%"), ("shapes", "dnn", "89.8%"),
    ("color-shapes", "color-shape-cnn", "97%"), ("color-shapes", "dnn", "89%"),
    ("mnist", "mnist-cnn", "98.44% / 98.65%"), ("mnist", "dnn", "97.49%"),
    ("fashion-mnist", "fashion-cnn", "91.12%"), ("fashion-mnist", "dnn", ""),
]
DATA_ROOTS = {"mnist": SHARED_DATA / "mnist", "fashion-mnist": SHARED_DATA / "fashion-mnist"}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default="0", help="comma-separated seeds; the table shows the worst and the mean")
    ap.add_argument("--only", help="comma-separated datasets to run")
    ap.add_argument("--out", default=str(Path(__file__).parent / "results" / "chapter_accuracy.md"))
    args = ap.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    only = set(args.only.split(",")) if args.only else None
    rows = []
    for dataset, model, reported in ROWS:
        if only and dataset not in only:
            continue
        root = DATA_ROOTS.get(dataset)
        if root is not None and not root.is_dir():
            print(f"skipping {dataset}: no data at {root}")
            continue
        accs, secs = [], []
        for seed in seeds:
            cfg = TrainConfig(dataset=dataset, model=model, seed=seed, device="cpu",
                              data_root=str(root) if root else None)
            end = Trainer(cfg).fit()
            accs.append(end.test_acc or 0.0)
            secs.append(end.train_seconds)
            print(f"{dataset}/{model} seed {seed}: test {accs[-1]:.4f} in {secs[-1]:.1f}s", flush=True)
        r = resolve_config(TrainConfig(dataset=dataset, model=model))
        recipe = f"{r.optimizer} {r.lr:g} {r.schedule}, batch {r.batch_size}, {r.epochs} ep" + (
            f", {r.augment}" if r.augment != "none" else "")
        rows.append([dataset, model, recipe, f"{100 * min(accs):.2f}%", f"{100 * statistics.mean(accs):.2f}%",
                     f"{statistics.mean(secs):.1f}", reported])
    publish_cpu_table(args.out, "The chapter's results with cnnlab's default recipes",
                      ["dataset", "model", "default recipe", "worst test acc", "mean test acc", "train s",
                       "chapter reports"], rows,
                      f"seeds {args.seeds}; training seconds exclude data loading and evaluation.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
