"""cnnlab's trainer against a bare PyTorch loop: samples per second, side by side, same process.

Same data tensors, model, batch size, optimiser (AdamW, one-cycle) and thread count; runs are
interleaved (bare, cnnlab, bare, cnnlab, …) so machine noise hits both alike. Reports the median
of each and their ratio. With ``--doctor``, the trainer with its training doctor against the same
trainer without it instead: the whole run's CPU time and wall time (validation and test included,
where the doctor's probes run), interleaved the same way, on one fixed CPU thread. The CPU time of a
one-thread run counts only its own work, so it stays truer than wall time on a machine that other
programs keep busy, where wall times of the same run vary by half. As a measure free of that noise,
the runs with the doctor also time the doctor itself (its calls and its forward hooks, in CPU time of
the training thread) against the whole run. Usage:

    python benchmarks/engine_speed.py [--repeats 3] [--data-root ../shared/data/mnist] [--doctor]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import torch
from torch import nn

from benchmarks.common import SHARED_DATA, bare_loop, median, publish_cpu_table
from cnnlab.datasets import DataSplits, load_dataset
from cnnlab.engine import TrainConfig, Trainer
from cnnlab.engine import trainer as trainer_module
from cnnlab.engine.doctor import doctor as doctor_module
from cnnlab.engine.doctor.doctor import Doctor
from cnnlab.engine.doctor.probes import ActivityProbe

CASES = [
    # (dataset, model, batch size, lr, epochs): the chapter's shape CNN and the REFERENCE §4 MNIST yardstick
    ("shapes", "shape-cnn", 32, 3e-3, 3),
    ("mnist", "mnist-cnn", 64, 1e-3, 1),
]


def cnnlab_rate(splits: DataSplits, dataset: str, model: str, batch: int, lr: float, epochs: int) -> float:
    cfg = TrainConfig(dataset=dataset, model=model, epochs=epochs, batch_size=batch, lr=lr, optimizer="adam",
                      schedule="one-cycle", weight_decay=0.0, augment="none", device="cpu")
    return Trainer(cfg, splits=splits).fit().samples_per_second


class DoctorClock:
    """CPU seconds of the training thread spent inside the doctor: its calls from the trainer and its hooks."""

    spent = 0.0

    @classmethod
    def timed(cls, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed_call(*args: Any, **kwargs: Any) -> Any:
            start = time.thread_time()
            try:
                return fn(*args, **kwargs)
            finally:
                cls.spent += time.thread_time() - start
        return timed_call


class TimedProbe(ActivityProbe):
    """The doctor's forward hooks, timed."""

    _begin = DoctorClock.timed(ActivityProbe._begin)
    _answers = DoctorClock.timed(ActivityProbe._answers)

    def _relu(self, name: str) -> Callable[[nn.Module, object, torch.Tensor], None]:
        return DoctorClock.timed(super()._relu(name))


class TimedDoctor(Doctor):
    """The doctor with every call the trainer makes timed (the probe it makes times its hooks)."""

    begin = DoctorClock.timed(Doctor.begin)
    after_backward = DoctorClock.timed(Doctor.after_backward)
    window = DoctorClock.timed(Doctor.window)
    epoch_end = DoctorClock.timed(Doctor.epoch_end)
    run_end = DoctorClock.timed(Doctor.run_end)


DOCTOR_NOTE = """
The doctor's budget is 3 % of a run's time. The last column is its own work (its calls from the trainer
and its forward hooks, in CPU time of the training thread, against the whole run's): that figure does
not move with the machine's load. The two columns before it compare whole runs with and without the
doctor and carry the noise of a shared machine, where single runs differ by several percent either way.
Most of the doctor's work is the gradient norm every 4th batch; the ReLU and answer hooks ride on the
validation pass the trainer makes anyway.
"""


def doctor_run(splits: DataSplits, dataset: str, model: str, batch: int, lr: float, epochs: int,
               doctor: bool) -> tuple[float, float, float]:
    """(CPU seconds, wall seconds, the doctor's share of the training thread's CPU time) of the whole fit, with
    or without the training doctor."""
    cfg = TrainConfig(dataset=dataset, model=model, epochs=epochs, batch_size=batch, lr=lr, optimizer="adam",
                      schedule="one-cycle", weight_decay=0.0, augment="none", device="cpu",
                      threads=1)  # one fixed thread: no thread probe, and steady beside other programs
    DoctorClock.spent = 0.0
    swaps = ((trainer_module, "Doctor", TimedDoctor), (doctor_module, "ActivityProbe", TimedProbe))
    saved = [(module, name, getattr(module, name)) for module, name, _ in swaps]
    for module, name, timed in swaps:
        setattr(module, name, timed)
    try:
        cpu, wall, thread = time.process_time(), time.perf_counter(), time.thread_time()
        end = Trainer(cfg, splits=splits, doctor=doctor).fit()
        thread = time.thread_time() - thread
    finally:
        for module, name, original in saved:
            setattr(module, name, original)
    assert doctor or not end.diagnoses
    return time.process_time() - cpu, time.perf_counter() - wall, DoctorClock.spent / thread


def doctor_rows(splits: DataSplits, case: tuple[str, str, int, float, int], repeats: int) -> list[str]:
    """Interleaved pairs, the order flipped every pair so a drifting machine favours neither."""
    dataset, model, batch, lr, epochs = case
    off: list[tuple[float, float, float]] = []
    on: list[tuple[float, float, float]] = []
    doctor_run(splits, dataset, model, batch, lr, epochs, False)  # once unmeasured: torch's lazy imports happen here
    for i in range(repeats):
        for doctor in ((False, True) if i % 2 == 0 else (True, False)):
            (on if doctor else off).append(doctor_run(splits, dataset, model, batch, lr, epochs, doctor))
        print(f"{dataset}/{model}: CPU off {off[-1][0]:.2f} s, on {on[-1][0]:.2f} s; "
              f"wall off {off[-1][1]:.2f} s, on {on[-1][1]:.2f} s; inside the doctor {100 * on[-1][2]:.2f} %",
              flush=True)

    def extra(k: int) -> str:  # the doctor's share: the median over pairs of (with / without) - 1
        return f"{100 * (median([b[k] / a[k] for a, b in zip(off, on, strict=True)]) - 1):+.1f} %"

    return [dataset, model, str(batch), str(epochs), f"{median([a[0] for a in off]):.2f}",
            f"{median([b[0] for b in on]):.2f}", extra(0), extra(1), f"{100 * median([b[2] for b in on]):.2f} %"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3, help="interleaved pairs per case (median reported)")
    ap.add_argument("--data-root", default=str(SHARED_DATA / "mnist"), help="MNIST IDX folder")
    ap.add_argument("--doctor", action="store_true", help="measure the training doctor's cost instead")
    ap.add_argument("--out", help="the results table (default: results/engine_speed.md, with --doctor "
                                  "results/doctor.md)")
    args = ap.parse_args()
    out = args.out or str(Path(__file__).parent / "results" / ("doctor.md" if args.doctor else "engine_speed.md"))
    load_before = os.getloadavg()[0]  # how busy other programs kept the machine: what the wall times suffered
    if args.doctor:
        torch.set_num_threads(1)  # as the runs (the table's header names this count)
    rows = []
    for dataset, model, batch, lr, epochs in CASES:
        root: str | None = args.data_root if dataset == "mnist" else None  # only MNIST reads files
        if root is not None and not Path(root).is_dir():
            print(f"skipping {dataset}: no data at {root}")
            continue
        splits = load_dataset(dataset, data_root=root)
        if args.doctor:
            rows.append(doctor_rows(splits, (dataset, model, batch, lr, epochs), args.repeats))
            continue
        bare, ours = [], []
        for _ in range(args.repeats):
            bare.append(bare_loop(splits, model, epochs=epochs, batch_size=batch, lr=lr))
            ours.append(cnnlab_rate(splits, dataset, model, batch, lr, epochs))
            print(f"{dataset}/{model}: bare {bare[-1]:,.0f} img/s, cnnlab {ours[-1]:,.0f} img/s", flush=True)
        b, o = median(bare), median(ours)
        # each pair ran back to back: the fairest ratio
        pair = median([x / y for x, y in zip(ours, bare, strict=False)])
        rows.append([dataset, model, str(batch), f"{b:,.0f}", f"{o:,.0f}", f"{o / b:.3f}", f"{pair:.3f}"])
    if args.doctor:
        publish_cpu_table(out, "The training doctor's cost", [
            "dataset", "model", "batch", "epochs", "CPU s without doctor", "CPU s with doctor",
            "extra CPU time (median of pair ratios)", "extra wall time (median of pair ratios)",
            "CPU time inside the doctor (median share of the run)"], rows,
            f"each run on 1 fixed CPU thread; median of {args.repeats} interleaved pairs each; the whole run "
            f"(validation and test included); load average {load_before:.1f} before and {os.getloadavg()[0]:.1f} "
            f"after, on {os.cpu_count()} cores.")
        with open(out, "a", encoding="utf-8") as f:
            f.write(DOCTOR_NOTE)
        return 0
    publish_cpu_table(out, "Trainer vs bare PyTorch loop",
                      ["dataset", "model", "batch", "bare PyTorch img/s", "cnnlab train img/s", "ratio of medians",
                       "median of pair ratios"], rows, f"median of {args.repeats} interleaved runs each.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
