"""The classic model zoo on MNIST (CPU), and on CIFAR-10 when a CUDA GPU is present.

Per model: parameters at MNIST's 1×28×28, seconds for one epoch on a 10 000-image MNIST subset
on the CPU with the model's default recipe, and the test accuracy (all 10 000 test images) after
that one epoch; then LeNet-5 with its default recipe on the full training set. With a CUDA GPU and
``--cifar-root`` (the ``cifar10-jpg`` folder, or the ``cifar10-jpg.tar.gz`` archive, which is
unpacked to a temporary folder), each model also trains on CIFAR-10 with its CIFAR-10 recipe.

No validation split is held out in the subset runs (``val_fraction=0``): the test accuracy is
what is reported, and validating 6 000 images per epoch would only add CPU time. Usage:

    python benchmarks/zoo.py --data-root /work/shared/data/mnist [--models lenet5,resnet20]
        [--out benchmarks/results/zoo.md] [--cifar-root /path/cifar10-jpg.tar.gz] [--threads 2]
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import SHARED_DATA, markdown_table, write_result
from cnnlab.datasets import DataSplits, load_dataset
from cnnlab.engine import TrainConfig, Trainer, resolve_config
from cnnlab.engine.recipes import recipe_for
from cnnlab.models import get_model_spec, list_models

SUBSET = 10_000  # training images for the one-epoch comparison: minutes per model on a 2-core CPU
TARGET = 0.90  # every model must beat this after that one epoch
LENET_TARGET = 0.985  # LeNet-5 after its default epochs on the full set


@dataclass
class Result:
    params: int
    seconds_per_epoch: float
    samples_per_second: float
    test_acc: float
    epochs: int


def zoo_models() -> list[str]:
    return [n for n in list_models() if get_model_spec(n).card.family != "chapter"]


def run(config: TrainConfig, splits: DataSplits | None = None) -> Result:
    trainer = Trainer(config, splits=splits)
    end = trainer.fit()
    assert trainer.model is not None and end.test_acc is not None
    params = sum(p.numel() for p in trainer.model.parameters())
    return Result(params, end.train_seconds / max(end.epochs_done, 1), end.samples_per_second, end.test_acc,
                  end.epochs_done)


def cifar_folder(path: Path, scratch: Path) -> Path:
    """The folder holding ``train/`` and ``test/``: ``path`` itself, or the archive unpacked into ``scratch``."""
    if path.is_dir():
        return path
    with tarfile.open(path) as tar:
        tar.extractall(scratch, filter="data")
    return next(p.parent for p in scratch.rglob("train") if p.is_dir() and (p.parent / "test").is_dir())


def seconds_text(seconds: float) -> str:
    return f"{seconds:.1f}" if seconds < 10 else f"{seconds:.0f}"


def machine_text() -> str:
    """CPU model, cores, torch threads and the load when the run began (other jobs slow it down)."""
    cpu = platform.processor() or platform.machine()
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo", encoding="utf-8")
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    load = f", load average {os.getloadavg()[0]:.1f} at the start" if hasattr(os, "getloadavg") else ""
    threads = torch.get_num_threads()
    return (f"{cpu}, {os.cpu_count()} cores, {threads} torch thread{'s' if threads > 1 else ''}{load}; "
            f"torch {torch.__version__}, {time.strftime('%Y-%m-%d')}")


def recipe_text(dataset: str, model: str) -> str:
    r = recipe_for(dataset, model)
    decay = f", wd {r.weight_decay:g}" if r.weight_decay else ""
    return f"{r.optimizer} {r.lr:g}, {r.schedule}, batch {r.batch_size}{decay}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-root", default=str(SHARED_DATA / "mnist"), help="folder with the MNIST IDX files")
    ap.add_argument("--models", help="comma-separated models (default: the whole zoo)")
    ap.add_argument("--out", default=str(Path(__file__).parent / "results" / "zoo.md"))
    ap.add_argument("--cifar-root", help="cifar10-jpg folder or .tar.gz; used only when CUDA is available")
    ap.add_argument("--threads", type=int, help="CPU threads for torch (default: torch's choice)")
    ap.add_argument("--seed", type=int, default=0, help="fixes weights, subset and shuffling")
    args = ap.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    models = args.models.split(",") if args.models else zoo_models()
    machine = machine_text()

    subset = load_dataset("mnist", data_root=args.data_root, seed=args.seed, val_fraction=0.0, train_limit=SUBSET)
    rows, failures = [], []
    for name in models:
        cfg = TrainConfig(dataset="mnist", model=name, data_root=args.data_root, train_limit=SUBSET, epochs=1,
                          val_fraction=0.0, device="cpu", seed=args.seed)
        r = run(cfg, subset)
        ok = r.test_acc > TARGET
        failures += [] if ok else [f"{name} reached {r.test_acc:.2%} after one epoch"]
        print(f"{name}: {r.params:,} params, {r.seconds_per_epoch:.1f} s/epoch, test {r.test_acc:.2%}", flush=True)
        rows.append([name, f"{r.params / 1e6:.2f} M", recipe_text("mnist", name), seconds_text(r.seconds_per_epoch),
                     f"{r.samples_per_second:.0f}", f"{r.test_acc:.2%}" + ("" if ok else " ✗")])

    subset_text = f"{SUBSET:,}".replace(",", " ")
    body = [f"One epoch on {subset_text} MNIST training images (CPU, default recipe), test accuracy on the "
            f"10 000 test images; target > {TARGET:.0%}.", "",
            markdown_table(["model", "params", "recipe (MNIST)", "s / epoch", "images / s", "test acc"], rows)]

    if "lenet5" in models:
        cfg = TrainConfig(dataset="mnist", model="lenet5", data_root=args.data_root, device="cpu", seed=args.seed)
        r = run(cfg)
        epochs = resolve_config(cfg).epochs
        ok = r.test_acc >= LENET_TARGET
        failures += [] if ok else [f"lenet5 reached {r.test_acc:.2%} after its default {epochs} epochs"]
        print(f"lenet5 full: {r.test_acc:.2%} after {epochs} epochs, {r.seconds_per_epoch:.1f} s/epoch", flush=True)
        body += ["", f"LeNet-5, default recipe ({recipe_text('mnist', 'lenet5')}, {epochs} epochs) on the full "
                 f"training set (54 000 images, 6 000 held out for validation): test accuracy "
                 f"**{r.test_acc:.2%}** (target ≥ {LENET_TARGET:.1%}), "
                 f"{seconds_text(r.seconds_per_epoch)} s per epoch."]

    if torch.cuda.is_available() and args.cifar_root:
        with tempfile.TemporaryDirectory() as scratch:
            root = cifar_folder(Path(args.cifar_root), Path(scratch))
            gpu_rows = []
            for name in models:
                rec = recipe_for("cifar10", name)
                cfg = TrainConfig(dataset="folder", model=name, data_root=str(root), device="cuda", seed=args.seed,
                                  epochs=rec.epochs, batch_size=rec.batch_size, lr=rec.lr, optimizer=rec.optimizer,
                                  schedule=rec.schedule, weight_decay=rec.weight_decay, augment=rec.augment)
                r = run(cfg)
                print(f"{name} CIFAR-10: {r.test_acc:.2%} after {r.epochs} epochs", flush=True)
                gpu_rows.append([name, recipe_text("cifar10", name) + f", {rec.augment}", str(r.epochs),
                                 seconds_text(r.seconds_per_epoch), f"{r.test_acc:.2%}"])
            body += ["", f"CIFAR-10 (JPEG folders, 32×32) on {torch.cuda.get_device_name(0)}, CIFAR-10 recipe:", "",
                     markdown_table(["model", "recipe", "epochs", "s / epoch", "test acc"], gpu_rows)]
    else:
        body += ["", "CIFAR-10 columns need a CUDA GPU and --cifar-root; none were run here."]

    body += ["", f"Machine: {machine}."]
    write_result(Path(args.out), "Model zoo benchmark", "\n".join(body))
    print(f"wrote {args.out}")
    for f in failures:
        print(f"below target: {f}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
