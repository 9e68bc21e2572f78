"""How fast the Design tab's X-ray follows an edit, and whether typing is ever held up, on the CPU.

The Design view is shown offscreen at the tab's size (1268×700) with each network open; its X-ray is
counted off the GUI thread (``ui/design/xray_runner.py``, the rows an edit changed only:
``cnnlab/design/live.py``). For each network:

* **open**: a design opened, to its X-ray shown (every row counted: nothing remembered yet);
* **edit → X-ray shown**: a value typed into a cell (the middle convolution's channels, or its padding where a
  residual block after it needs the channels kept; the dnn's first linear layer), then the event loop runs
  until that design's X-ray is in the table, the totals and the diagram; median and worst of the edits, after
  three warm-up edits; also the GUI thread's own CPU time per edit (its share of the work, which does not
  grow when other programs hold the cores) and the count's time on the worker thread;
* **longest GUI stall while typing**: 40 new values typed at 20 a second (a fast typist) with a 10 ms heartbeat
  on the GUI thread; the longest gap between ticks is the longest the window could not react. The same
  typing with the core's full ``xray()`` counted on the GUI thread at each edit (what a designer without the
  worker thread would do) is measured for comparison.

Networks the core cannot write as designs yet (today alexnet, the VGGs and the ResNets) are timed as
stand-ins built here with the same layers: AlexNet without its local response norms, VGG's ceil-mode
poolings as a pooling padded by 1 where the side is odd, a ResNet's downsampling blocks (pad or projection
shortcut) as plain rows, its other blocks as residual blocks. Once ``cnnlab design from`` writes a model,
its own design is used.

    python benchmarks/design_latency.py            # writes benchmarks/results/design_latency.md
    python benchmarks/design_latency.py --quick    # fewer edits
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no window: time the work, not the screen

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402 (after the line that puts the checkout on sys.path)
from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402 (after the line that puts the checkout on sys.path)
from PySide6.QtWidgets import QApplication  # noqa: E402 (after the line that puts the checkout on sys.path)

from cnnlab.design import flops  # noqa: E402 (after the line that puts the checkout on sys.path)
from cnnlab.design.from_model import design_from_model  # noqa: E402 (after the line that puts the checkout on sys.path)
from cnnlab.design.shapes import analyse  # noqa: E402 (after the line that puts the checkout on sys.path)
from cnnlab.design.spec import Design, Layer, numbered  # noqa: E402 (after the line that puts the checkout on sys.path)
from cnnlab.design.xray import xray  # noqa: E402 (after the line that puts the checkout on sys.path)
from cnnlab.errors import DesignError  # noqa: E402 (after the line that puts the checkout on sys.path)
from ui.app import collect_garbage_on_gui_thread, stop_collecting  # noqa: E402 (after the line that puts the checkout on sys.path)
from ui.background import BackgroundJobs  # noqa: E402 (after the line that puts the checkout on sys.path)
from ui.design.edits import set_value  # noqa: E402 (after the line that puts the checkout on sys.path)
from ui.design.tree_model import COLUMNS  # noqa: E402 (after the line that puts the checkout on sys.path)
from ui.design.view import DesignView  # noqa: E402 (after the line that puts the checkout on sys.path)
from ui.heartbeat import Heartbeat  # noqa: E402 (after the line that puts the checkout on sys.path)

BUDGET_MS = 50.0  # edit → X-ray shown, and the longest GUI stall while typing
GOAL_MODELS = ("dnn", "color-cnn", "shape-cnn", "color-shape-cnn", "mnist-cnn", "fashion-cnn", "cifar-cnn", "lenet5",
               "alexnet", "vgg11", "vgg16", "resnet20")  # the list: the chapter, lenet5, alexnet, vgg, resnet20
LARGEST = ("resnet18", "densenet121")  # typing must never be blocked for these (timed when the core writes them)
TYPING_RATE = 20  # values typed a second while the stall is measured
WARM_UP = 3  # edits before the timed ones
TYPED = 40  # values typed while the stall is measured
TYPED_ON_GUI = 10  # the same with xray() on the GUI thread: fewer, each takes up to seconds
VIEW_SIZE = (1268, 700)  # pixels: the Design tab in a 1280×800 window
OUT = ROOT / "benchmarks" / "results" / "design_latency.md"


def conv(out: int, kernel: int = 3, stride: int | None = None, padding: int = 1, bias: bool = True) -> Layer:
    return Layer("conv", out=out, kernel=kernel, stride=stride, padding=padding, bias=bias)


def alexnet() -> tuple[Layer, ...]:
    pool = Layer("maxpool", kernel=3, stride=2)
    return (conv(96), Layer("relu"), pool, Layer("conv", out=256, kernel=5, padding=2, groups=2), Layer("relu"), pool,
            conv(384), Layer("relu"), Layer("conv", out=384, kernel=3, padding=1, groups=2), Layer("relu"),
            Layer("conv", out=256, kernel=3, padding=1, groups=2), Layer("relu"), pool, Layer("flatten"),
            Layer("linear", out=4096), Layer("relu"), Layer("dropout"), Layer("linear", out=4096), Layer("relu"),
            Layer("dropout"), Layer("linear", out=10))


def vgg(stages: tuple[tuple[int, ...], ...], side: int = 28) -> tuple[Layer, ...]:
    rows: list[Layer] = []
    for widths in stages:
        for out in widths:
            rows += [conv(out), Layer("relu")]
        rows.append(Layer("maxpool", kernel=2, padding=side % 2))  # ceil mode: an odd side padded by one
        side = (side + 2 * (side % 2) - 2) // 2 + 1
    return (*rows, Layer("flatten"), Layer("linear", out=4096), Layer("relu"), Layer("dropout"),
            Layer("linear", out=4096), Layer("relu"), Layer("dropout"), Layer("linear", out=10))


def resnet(widths: tuple[int, ...], blocks: int, stem: tuple[Layer, ...]) -> tuple[Layer, ...]:
    rows = list(stem)
    for s, width in enumerate(widths):
        for b in range(blocks):
            body = (conv(width, bias=False), Layer("bn"), Layer("relu"), conv(width, bias=False), Layer("bn"))
            if s and not b:  # the downsampling block, its shortcut left out
                rows += [conv(width, stride=2, bias=False), *body[1:], Layer("relu")]
            else:
                rows += [Layer("residual", layers=body), Layer("relu")]
    return (*rows, Layer("gap"), Layer("flatten"), Layer("linear", out=10))


STAND_INS: dict[str, Callable[[], tuple[Layer, ...]]] = {
    "alexnet": alexnet,
    "vgg11": lambda: vgg(((64,), (128,), (256, 256), (512, 512), (512, 512))),
    "vgg16": lambda: vgg(((64, 64), (128, 128), (256, 256, 256), (512, 512, 512), (512, 512, 512))),
    "resnet20": lambda: resnet((16, 32, 64), 3, (conv(16, bias=False), Layer("bn"), Layer("relu"))),
    "resnet18": lambda: resnet((64, 128, 256, 512), 2, (conv(64, bias=False), Layer("bn"), Layer("relu"),
                                                      Layer("maxpool", kernel=3, stride=2, padding=1))),
}


def design_for(name: str) -> tuple[Design, bool] | None:
    """The model's design (True: the core's own), else a stand-in (False), else None."""
    try:
        return design_from_model(name), True
    except DesignError:
        if name not in STAND_INS:
            return None
        return Design(name, (1, 28, 28), 10, numbered(STAND_INS[name]())), False


def shown(view: DesignView) -> bool:
    return view.result is not None and view.result.design is view.design and not view.runner.busy()


def wait_shown(view: DesignView, limit_ms: int = 60_000) -> None:
    """Run the event loop (idle between events, as the app's) until the X-ray of the design shown is shown."""
    loop = QEventLoop()

    def check(_result: object = None) -> None:
        if shown(view):
            loop.quit()

    view.xrayShown.connect(check)
    QTimer.singleShot(0, check)
    QTimer.singleShot(limit_ms, loop.quit)
    loop.exec()
    view.xrayShown.disconnect(check)


def idle(ms: float) -> None:
    """Let the event loop run for ``ms`` (a student between two keys)."""
    loop = QEventLoop()
    QTimer.singleShot(max(1, round(ms)), loop.quit)
    loop.exec()


def edit_target(design: Design, values: int) -> tuple[int, str, int, int]:
    """(row, setting, value, step): ``values`` edits, each a value not typed before, that keep the design
    working and change the rows after it, nearest the middle: a convolution's channels up by 2 at a time, else
    its padding up by 1 (a residual block after it keeps its channels), else the first linear layer's outputs
    (the dnn)."""
    convs = sorted((i for i, layer in enumerate(design.layers) if layer.kind == "conv"),
                   key=lambda i: abs(i - len(design.layers) / 2))
    for field, step in (("out", 2), ("padding", 1)):
        for i in convs:
            base = int(getattr(design.layers[i], field) or 0)
            if all(_works(set_value(design, (i,), field, base + k * step)) for k in (1, values)):
                return i, field, base, step
    i = next(i for i, layer in enumerate(design.layers) if layer.kind == "linear")
    return i, "out", int(design.layers[i].out or 1), 2


def _works(design: Design) -> bool:
    try:
        analyse(design)
    except DesignError:
        return False
    return True


def edit_ms(view: DesignView, row: int, field: str, value: int) -> tuple[float, float]:
    """One value typed into the ``field`` cell of top-level row ``row`` → (ms until its X-ray is shown, ms of
    CPU the GUI thread spent meanwhile)."""
    index = view.model.index_of((row,), COLUMNS.index(field))
    t0, cpu0 = time.perf_counter(), time.thread_time()
    view.model.setData(index, value)
    wait_shown(view)
    return (time.perf_counter() - t0) * 1000, (time.thread_time() - cpu0) * 1000


def typing_stall_ms(view: DesignView, target: tuple[int, str, int, int], on_gui_thread: bool, values: int) -> float:
    """The longest GUI-thread gap while ``values`` values are typed at TYPING_RATE a second."""
    row, field, base, step = target
    index = view.model.index_of((row,), COLUMNS.index(field))
    beat = Heartbeat()
    beat.start()
    for i in range(values):
        view.model.setData(index, base + step * (1 + i))
        start = time.perf_counter()
        if on_gui_thread:  # what a designer without the worker thread would do at each edit
            xray(view.design)
        idle(1000 / TYPING_RATE - (time.perf_counter() - start) * 1000)
    wait_shown(view)
    return beat.stop().max


def measure(app: QApplication, design: Design, edits: int) -> dict[str, Any]:
    jobs = BackgroundJobs()
    view = DesignView(design, jobs.run)
    view.resize(*VIEW_SIZE)
    view.show()
    wait_shown(view)  # the flop counter's first use
    flops.forget()  # opening counts every row from nothing
    t0 = time.perf_counter()
    view.open_design(design)
    wait_shown(view)
    opened = (time.perf_counter() - t0) * 1000
    target = edit_target(design, WARM_UP + edits + TYPED + TYPED_ON_GUI)
    row, field, base, step = target
    for i in range(WARM_UP):
        edit_ms(view, row, field, base + step * (1 + i))
    times, gui, worker, counted = [], [], [], []
    for i in range(WARM_UP, WARM_UP + edits):  # each a value not typed before: its rows are counted again
        wall, cpu = edit_ms(view, row, field, base + step * (1 + i))
        times.append(wall)
        gui.append(cpu)
        worker.append(view.result.seconds * 1000 if view.result is not None else float("nan"))
        counted.append(view.result.counted if view.result is not None else 0)
    flops.forget()  # a full recount, from nothing
    full = time.perf_counter()
    xray(view.design)
    full_ms = (time.perf_counter() - full) * 1000
    first = base + step * (WARM_UP + edits)
    stall = typing_stall_ms(view, (row, field, first, step), on_gui_thread=False, values=TYPED)
    stall_before = typing_stall_ms(view, (row, field, first + step * TYPED, step), on_gui_thread=True,
                                   values=TYPED_ON_GUI)
    view.close()
    jobs.close()
    jobs.wait(60_000)
    view.deleteLater()
    app.processEvents()
    return {"row": row + 1, "field": field, "rows": len(design.layers), "open": opened,
            "median": statistics.median(times), "worst": max(times), "gui": statistics.median(gui),
            "worker": statistics.median(worker), "counted": statistics.median(counted), "full": full_ms,
            "stall": stall, "stall_before": stall_before}


def warm_up(app: QApplication) -> None:
    """Count and show, once, a design holding every kind of row: PyTorch's first use of each operator (and the
    flop counter's) costs up to seconds, once per process; the app pays it while its first design is shown."""
    every = Design("every", (3, 16, 16), 4, numbered((
        Layer("conv", out=8, kernel=3, padding=1, groups=1), Layer("bn"), Layer("relu"),
        Layer("residual", layers=(Layer("conv", out=8, kernel=3, padding=1, groups=2), Layer("sigmoid"))),
        Layer("branches", branches=(Layer("branch", layers=(Layer("conv", out=4, kernel=1),)),
                                    Layer("branch", layers=(Layer("maxpool", kernel=3, stride=1, padding=1),)))),
        Layer("avgpool", kernel=2), Layer("gap"), Layer("flatten"), Layer("linear", out=8), Layer("bn"),
        Layer("tanh"), Layer("dropout"), Layer("linear", out=4))))
    jobs = BackgroundJobs()
    view = DesignView(every, jobs.run)
    view.show()
    wait_shown(view)
    assert view.result is not None and view.result.xray is not None, view.result
    view.close()
    jobs.close()
    jobs.wait(60_000)
    view.deleteLater()
    app.processEvents()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="8 edits per network instead of 20")
    parser.add_argument("--out", default=str(OUT))
    args = parser.parse_args()
    edits = 8 if args.quick else 20
    app = QApplication.instance() or QApplication(sys.argv)
    gc.freeze()  # as the window does once its parts are in (MainWindow._parts_ready): long-lived objects left alone
    assert isinstance(app, QApplication)
    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    collector = collect_garbage_on_gui_thread()  # as the app does: cycles collected on the GUI thread's timer
    warm_up(app)
    load_before = os.getloadavg()[0]
    rows = []
    for name in (*GOAL_MODELS, *LARGEST):
        found = design_for(name)
        if found is None:
            print(f"{name:16} not expressible as a design yet: skipped", flush=True)
            continue
        design, own = found
        m = measure(app, design, edits)
        rows.append((name, own, name in GOAL_MODELS, m))
        print(f"{name:16} {'design' if own else 'stand-in':8} open {m['open']:6.1f}  edit median {m['median']:5.1f} "
              f"worst {m['worst']:5.1f} (GUI CPU {m['gui']:4.1f}, count {m['worker']:5.1f})  stall {m['stall']:5.1f} "
              f"(xray on the GUI thread {m['stall_before']:6.1f}) ms", flush=True)
    load_after = os.getloadavg()[0]
    stop_collecting(collector)
    lines = [
        "# Design tab: the X-ray following an edit",
        "",
        f"Produced by `python benchmarks/design_latency.py` (see its docstring for what is measured). {edits} edits "
        f"per network after 3 warm-up edits. Goals: edit → X-ray shown ≤ {BUDGET_MS:.0f} ms for the chapter's "
        f"networks, lenet5, alexnet, the VGGs and resnet20; no GUI stall over {BUDGET_MS:.0f} ms while typing "
        f"({TYPING_RATE} values a second), also for the largest networks.",
        "",
        f"Machine: {platform.machine()} CPU, {os.cpu_count()} cores, torch {torch.__version__}, Qt platform "
        f"`{os.environ.get('QT_QPA_PLATFORM')}`. Load average (1 min) {load_before:.1f} before and {load_after:.1f} "
        "after: above the core count the machine was shared and the times include waiting for a core.",
        "",
        "| network | design | rows | cell edited | open → X-ray ms | edit → X-ray shown, median ms | worst ms | "
        "GUI thread CPU per edit ms | count on the worker ms | rows counted again per edit | full `xray()` ms | "
        "longest GUI stall while typing ms | the same, `xray()` on the GUI thread ms | goals met |",
        "|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|",
    ]
    met = goals = 0
    for name, own, goal, m in rows:
        ok = m["stall"] <= BUDGET_MS and (not goal or m["median"] <= BUDGET_MS)
        goals += 1
        met += ok
        lines.append(f"| {name} | {'its own' if own else 'stand-in'} | {m['rows']} | row {m['row']} {m['field']} | "
                     f"{m['open']:.0f} | {m['median']:.0f} | {m['worst']:.0f} | {m['gui']:.1f} | {m['worker']:.1f} | "
                     f"{m['counted']:.0f} | {m['full']:.0f} | {m['stall']:.0f} | {m['stall_before']:.0f} | "
                     f"{'yes' if ok else 'no'} |")
    lines += ["", f"Goals met for {met} of {goals} networks."]
    skipped = [n for n in (*GOAL_MODELS, *LARGEST) if n not in {r[0] for r in rows}]
    if skipped:
        lines.append(f"Not timed (the core cannot write them as designs yet, and no stand-in is built here): "
                     f"{', '.join(skipped)}.")
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
