"""How long the Lab takes from a stroke to the redrawn view, for the chapter's networks on the CPU.

The Lab tab is shown offscreen at 1100×760 with the live view in front. Each sample paints one
stroke segment on the canvas (what one mouse move does), then runs the event loop until the Lab
has recomputed (prediction, probabilities, feature maps of every layer, the chosen attribution)
and Qt has painted it again. Weights are the untrained ones: the time does not depend on them.

    python benchmarks/lab_latency.py            # writes benchmarks/results/lab_latency.md
    python benchmarks/lab_latency.py --quick    # fewer strokes
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no window: time the work, not the screen

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402
from PySide6.QtCore import QPointF  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from cnnlab.datasets import ImageSet, get_dataset_spec  # noqa: E402
from cnnlab.engine import CheckpointMeta  # noqa: E402
from cnnlab.inspection import Subject  # noqa: E402
from cnnlab.inspection.attribution import METHODS  # noqa: E402
from cnnlab.models import build_model  # noqa: E402
from ui.lab import LabPanel  # noqa: E402

BUDGET_MS = 50.0  # the bound from a stroke to the redrawn view
NETWORKS = (("shape-cnn", "shapes"), ("color-cnn", "colors"), ("color-shape-cnn", "color-shapes"),
            ("mnist-cnn", "mnist"), ("fashion-cnn", "fashion-mnist"), ("cifar-cnn", "cifar10"))
OUT = ROOT / "benchmarks" / "results" / "lab_latency.md"


def subject_for(model: str, dataset: str) -> Subject:
    spec = get_dataset_spec(dataset)
    assert spec.channels and spec.size and spec.classes
    c, (h, w) = spec.channels, spec.size
    torch.manual_seed(0)
    net = build_model(model, in_channels=c, image_size=(h, w), num_classes=len(spec.classes)).eval()
    meta = CheckpointMeta(model=model, model_options={}, dataset=dataset, classes=tuple(spec.classes),
                          input_shape=(c, h, w), mean=(0.2,) * c, std=(0.3,) * c)
    x = torch.zeros(10, c, h, w, dtype=torch.uint8)
    return Subject(model=net, meta=meta, test=ImageSet(x, torch.arange(10) % len(spec.classes)))


def stroke_ms(app: QApplication, panel: LabPanel, i: int) -> tuple[float, float]:
    """One stroke segment -> recomputed and repainted: (wall-clock ms, CPU ms of this thread).

    The CPU time is the Lab's own cost (torch runs on this thread, ``ONE_IMAGE_THREADS``); the
    wall-clock time adds any wait for a core on a shared machine."""
    canvas = panel.input.canvas
    before = panel.updates
    a = QPointF(40 + (i * 37) % 200, 40 + (i * 53) % 200)
    b = QPointF(a.x() + 30, a.y() + 20)
    t0, c0 = time.perf_counter(), time.thread_time()
    canvas._segment(a, b)  # what a mouse move does
    while panel.updates == before:
        app.processEvents()
    app.processEvents()  # the paint events of the new pictures
    return (time.perf_counter() - t0) * 1000, (time.thread_time() - c0) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10 strokes per case instead of 30")
    parser.add_argument("--out", default=str(OUT))
    args = parser.parse_args()
    strokes = 10 if args.quick else 30
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    load_before = os.getloadavg()[0]
    rows = []
    for model, dataset in NETWORKS:
        panel = LabPanel()
        panel.resize(1100, 760)
        panel.show()
        panel.set_subject(subject_for(model, dataset))
        app.processEvents()
        for m, method in enumerate(METHODS):
            panel.live.method.setCurrentIndex(m)
            app.processEvents()
            for i in range(3):  # warm-up: first calls of Captum and the colour tables
                stroke_ms(app, panel, i)
            samples = [stroke_ms(app, panel, i) for i in range(strokes)]
            times = sorted(wall for wall, _ in samples)
            cpu = statistics.median(c for _, c in samples)
            p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
            rows.append((model, dataset, method, cpu, times[0], statistics.median(times), p95))
            print(f"{model:16} {method:10} cpu {cpu:6.1f}  best {times[0]:6.1f}  median "
                  f"{statistics.median(times):6.1f}  p95 {p95:6.1f} ms", flush=True)
        panel.close()
        panel.deleteLater()
    load_after = os.getloadavg()[0]
    lines = [
        "# Lab: from a stroke to the redrawn view",
        "",
        "Produced by `python benchmarks/lab_latency.py`. The Lab tab is shown offscreen at 1100×760 with the live "
        "view in front; each sample paints one stroke segment (one mouse move) and runs the event loop until the "
        "prediction, the probabilities, every layer's feature maps and the chosen attribution are recomputed and "
        f"painted. {strokes} strokes per case after 3 warm-up strokes; untrained weights (the time does not depend "
        f"on them). Budget: {BUDGET_MS:.0f} ms.",
        "",
        f"Machine: {platform.machine()} CPU, {os.cpu_count()} cores, torch {torch.__version__} with "
        f"{torch.get_num_threads()} threads, Qt platform `{os.environ.get('QT_QPA_PLATFORM')}`. Load average "
        f"(1 min) {load_before:.1f} before and {load_after:.1f} after: above the core count the machine was shared "
        "and the wall-clock times include waiting for a core. *CPU ms* (median) is the GUI thread's own CPU time "
        "per stroke (torch runs there on one thread): what the stroke costs on an idle machine.",
        "",
        "| network | data set | attribution | CPU ms | best ms | median ms | p95 ms | CPU / median within budget |",
        "|---|---|---|---:|---:|---:|---:|:---:|",
    ]
    for model, dataset, method, cpu, best, med, p95 in rows:
        ok = f"{'yes' if cpu <= BUDGET_MS else 'no'} / {'yes' if med <= BUDGET_MS else 'no'}"
        lines.append(f"| {model} | {dataset} | {METHODS[method].title} | {cpu:.0f} | {best:.0f} | {med:.0f} | "
                     f"{p95:.0f} | {ok} |")
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
