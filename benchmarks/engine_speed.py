"""cnnlab's trainer against a bare PyTorch loop: samples per second, side by side, same process.

Same data tensors, model, batch size, optimiser (AdamW, one-cycle) and thread count; runs are
interleaved (bare, cnnlab, bare, cnnlab, …) so machine noise hits both alike. Reports the median
of each and their ratio. Usage:

    python benchmarks/engine_speed.py [--repeats 3] [--data-root ../shared/data/mnist]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import SHARED_DATA, bare_loop, median, publish_cpu_table
from cnnlab.datasets import DataSplits, load_dataset
from cnnlab.engine import TrainConfig, Trainer

CASES = [
    # (dataset, model, batch size, lr, epochs): the chapter's shape CNN and the REFERENCE §4 MNIST yardstick
    ("shapes", "shape-cnn", 32, 3e-3, 3),
    ("mnist", "mnist-cnn", 64, 1e-3, 1),
]


def cnnlab_rate(splits: DataSplits, dataset: str, model: str, batch: int, lr: float, epochs: int) -> float:
    cfg = TrainConfig(dataset=dataset, model=model, epochs=epochs, batch_size=batch, lr=lr, optimizer="adam",
                      schedule="one-cycle", weight_decay=0.0, augment="none", device="cpu")
    return Trainer(cfg, splits=splits).fit().samples_per_second


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3, help="interleaved pairs per case (median reported)")
    ap.add_argument("--data-root", default=str(SHARED_DATA / "mnist"), help="MNIST IDX folder")
    ap.add_argument("--out", default=str(Path(__file__).parent / "results" / "engine_speed.md"))
    args = ap.parse_args()
    rows = []
    for dataset, model, batch, lr, epochs in CASES:
        root: str | None = args.data_root if dataset == "mnist" else None  # only MNIST reads files
        if root is not None and not Path(root).is_dir():
            print(f"skipping {dataset}: no data at {root}")
            continue
        splits = load_dataset(dataset, data_root=root)
        bare, ours = [], []
        for _ in range(args.repeats):
            bare.append(bare_loop(splits, model, epochs=epochs, batch_size=batch, lr=lr))
            ours.append(cnnlab_rate(splits, dataset, model, batch, lr, epochs))
            print(f"{dataset}/{model}: bare {bare[-1]:,.0f} img/s, cnnlab {ours[-1]:,.0f} img/s", flush=True)
        b, o = median(bare), median(ours)
        # each pair ran back to back: the fairest ratio
        pair = median([x / y for x, y in zip(ours, bare, strict=False)])
        rows.append([dataset, model, str(batch), f"{b:,.0f}", f"{o:,.0f}", f"{o / b:.3f}", f"{pair:.3f}"])
    publish_cpu_table(args.out, "Trainer vs bare PyTorch loop",
                      ["dataset", "model", "batch", "bare PyTorch img/s", "cnnlab train img/s", "ratio of medians",
                       "median of pair ratios"], rows, f"median of {args.repeats} interleaved runs each.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
