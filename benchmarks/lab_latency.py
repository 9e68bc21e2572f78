"""How the Lab keeps up with drawing, for the chapter's networks on the CPU.

The Lab tab is shown offscreen at 1100×760 with the live view in front; its analysis runs off the GUI
thread (``ui/lab/worker.py``). For each network and attribution method:

* **stroke → map**: one stroke segment (what one mouse move does), then the event loop runs until the
  map for that drawing is shown: the first map (coarse for occlusion and integrated gradients) and,
  for those two, the refined map once the pen rests;
* **GUI stall while drawing**: 60 segments at 60 a second with a 10 ms heartbeat on the GUI thread;
  the longest gap between ticks is the longest the window could not react. The same drawing with
  the analysis on the GUI thread (``LabPanel.compute``, how the Lab worked before) is measured in the
  same job for comparison.

Weights are the untrained ones: the time does not depend on them.

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

import torch  # noqa: E402 (after the line that puts the checkout on sys.path)
from PySide6.QtCore import QPointF  # noqa: E402 (after the line that puts the checkout on sys.path)
from PySide6.QtWidgets import QApplication  # noqa: E402 (after the line that puts the checkout on sys.path)

from cnnlab.datasets import ImageSet, get_dataset_spec  # noqa: E402 (after the line that puts the checkout on sys.path)
from cnnlab.engine import CheckpointMeta  # noqa: E402 (after the line that puts the checkout on sys.path)
from cnnlab.inspection import Subject  # noqa: E402 (after the line that puts the checkout on sys.path)
from cnnlab.inspection.attribution import METHODS  # noqa: E402 (after the line that puts the checkout on sys.path)
from cnnlab.models import build_model  # noqa: E402 (after the line that puts the checkout on sys.path)
from ui.heartbeat import Heartbeat  # noqa: E402 (after the line that puts the checkout on sys.path)
from ui.lab import LabPanel  # noqa: E402 (after the line that puts the checkout on sys.path)

BUDGET_MS = 50.0  # longest GUI stall while drawing, and the first occlusion / integrated-gradients map
FAST_MS = 33.0  # stroke -> map for the gradient methods: two frames at 60 Hz
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


def run_until(app: QApplication, done: object, limit_s: float = 30.0) -> None:
    end = time.perf_counter() + limit_s
    while not done() and time.perf_counter() < end:  # type: ignore[operator]  # done is a callable
        app.processEvents()


def stroke_ms(app: QApplication, panel: LabPanel, i: int) -> tuple[float, float]:
    """One stroke segment -> (ms to the first map shown, ms to the final map shown)."""
    canvas = panel.input.canvas
    before = panel.updates
    a = QPointF(40 + (i * 37) % 200, 40 + (i * 53) % 200)
    t0 = time.perf_counter()
    canvas._segment(a, QPointF(a.x() + 30, a.y() + 20))  # what a mouse move does
    run_until(app, lambda: panel.updates > before)
    first = (time.perf_counter() - t0) * 1000
    run_until(app, lambda: not panel.computer.busy)
    app.processEvents()
    return first, (time.perf_counter() - t0) * 1000


def drawing_stall_ms(app: QApplication, panel: LabPanel, on_gui_thread: bool, segments: int = 60) -> float:
    """The longest GUI-thread gap while ``segments`` mouse moves arrive at 60 a second."""
    canvas = panel.input.canvas
    if on_gui_thread:  # the Lab as it was: each coalesced change computed on the GUI thread
        panel._timer.timeout.disconnect()
        panel._timer.timeout.connect(panel.compute)
    beat = Heartbeat()
    beat.start()
    for i in range(segments):
        a = QPointF(30 + (i * 7) % 220, 60 + (i * 11) % 160)
        canvas._segment(a, QPointF(a.x() + 6, a.y() + 4))
        end = time.perf_counter() + 1 / 60
        while time.perf_counter() < end:
            app.processEvents()
    run_until(app, lambda: not panel.computer.busy)
    gaps = beat.stop()
    if on_gui_thread:
        panel._timer.timeout.disconnect()
        panel._timer.timeout.connect(panel.request)
    return gaps.max


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="8 strokes per case instead of 20")
    parser.add_argument("--out", default=str(OUT))
    args = parser.parse_args()
    strokes = 8 if args.quick else 20
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    load_before = os.getloadavg()[0]
    rows = []
    for model, dataset in NETWORKS:
        panel = LabPanel()
        panel.resize(1100, 760)
        panel.show()
        panel.set_subject(subject_for(model, dataset))
        run_until(app, lambda p=panel: p.state is not None and not p.computer.busy)
        for m, method in enumerate(METHODS):
            panel.live.method.setCurrentIndex(m)
            run_until(app, lambda p=panel: not p.computer.busy)
            for i in range(3):  # warm-up: first calls of Captum and the colour tables
                stroke_ms(app, panel, i)
            samples = [stroke_ms(app, panel, i) for i in range(strokes)]
            first, final = median([f for f, _ in samples]), median([f for _, f in samples])
            stall = drawing_stall_ms(app, panel, on_gui_thread=False)
            stall_before = drawing_stall_ms(app, panel, on_gui_thread=True)
            rows.append((model, dataset, method, first, final, stall, stall_before))
            print(f"{model:16} {method:10} first {first:6.1f}  final {final:6.1f}  stall {stall:6.1f} "
                  f"(on the GUI thread {stall_before:6.1f}) ms", flush=True)
        panel.close()
        panel.deleteLater()
        app.processEvents()
    load_after = os.getloadavg()[0]
    lines = [
        "# Lab: keeping up with drawing",
        "",
        "Produced by `python benchmarks/lab_latency.py` (see its docstring for what is measured). "
        f"{strokes} strokes per case after 3 warm-up strokes; medians. Goals: stroke → map ≤ {FAST_MS:.0f} ms for "
        f"Grad-CAM, saliency, guided backprop and deconvolution; a first (coarse) occlusion and integrated-gradients "
        f"map ≤ {BUDGET_MS:.0f} ms; no GUI stall over {BUDGET_MS:.0f} ms while drawing.",
        "",
        f"Machine: {platform.machine()} CPU, {os.cpu_count()} cores, torch {torch.__version__}, Qt platform "
        f"`{os.environ.get('QT_QPA_PLATFORM')}`. Load average (1 min) {load_before:.1f} before and {load_after:.1f} "
        "after: above the core count the machine was shared and the times include waiting for a core.",
        "",
        "| network | data set | attribution | stroke → first map ms | → final map ms | longest GUI stall while "
        "drawing ms | the same, analysis on the GUI thread ms | goals met |",
        "|---|---|---|---:|---:|---:|---:|:---:|",
    ]
    for model, dataset, method, first, final, stall, before in rows:
        goal = BUDGET_MS if method in ("occlusion", "ig") else FAST_MS
        ok = "yes" if first <= goal and stall <= BUDGET_MS else "no"
        lines.append(f"| {model} | {dataset} | {METHODS[method].title} | {first:.0f} | {final:.0f} | {stall:.0f} | "
                     f"{before:.0f} | {ok} |")
    met = sum(1 for r in lines if r.endswith("| yes |"))
    lines += ["", f"Goals met in {met} of {len(rows)} cases."]
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
