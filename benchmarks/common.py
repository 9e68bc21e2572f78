"""Shared pieces of the benchmark scripts: the bare PyTorch reference loop and table output."""

from __future__ import annotations

import platform
import statistics
import time
from pathlib import Path

import torch
from torch.nn import functional as F

from cnnlab.datasets import DataSplits
from cnnlab.engine.data import normalize
from cnnlab.models import build_model

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"  # ../shared/data beside the checkout


def bare_loop(splits: DataSplits, model_name: str, *, epochs: int, batch_size: int, lr: float,
              seed: int = 0) -> float:
    """The plainest fair PyTorch loop: tensors in memory, a shuffled index per epoch, Adam.

    Returns training samples per second (model building and normalisation excluded, as in
    the trainer's own figure).
    """
    info = splits.info
    torch.manual_seed(seed)
    model = build_model(model_name, in_channels=info.channels, image_size=info.size, num_classes=info.num_classes)
    x = normalize(splits.train.x, info.mean, info.std)  # (N, C, H, W) float32
    y = splits.train.y
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.0)
    n = len(x)
    batches = n // batch_size + (1 if n % batch_size > 1 else 0)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=batches * epochs, pct_start=0.25)
    model.train()
    t0 = time.perf_counter()
    for _ in range(epochs):
        order = torch.randperm(n)
        for b in range(batches):
            idx = order[b * batch_size:(b + 1) * batch_size]
            loss = F.cross_entropy(model(x[idx]), y[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
    seconds = time.perf_counter() - t0
    return batches * epochs * batch_size / seconds if n % batch_size == 0 else n * epochs / seconds


def median(values: list[float]) -> float:
    return statistics.median(values)


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(out)


def write_result(path: Path, title: str, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"# {title}\n\n{body}\n", encoding="utf-8")


def publish_cpu_table(out: str, title: str, header: list[str], rows: list[list[str]], setup: str) -> None:
    """Write ``# title``, a line naming the CPU run's threads, torch and Python then ``setup``, and the
    table to ``out``; print the table."""
    table = markdown_table(header, rows)
    env = (f"CPU, {torch.get_num_threads()} torch threads, torch {torch.__version__}, "
           f"Python {platform.python_version()}; {setup}")
    write_result(Path(out), title, f"{env}\n\n{table}")
    print(table)
