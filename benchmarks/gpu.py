"""Every GPU path of cnnlab in one run on a CUDA machine: correctness first, then speed.

Runs from the tree with torch and torchvision only (no Qt, no network)::

    PYTHONPATH=. python3 benchmarks/gpu.py --data gpu-data --out results-dir

``--data`` holds copies of ``../shared/data`` (``mnist/``, ``fashion-mnist/``, ``cifar10-jpg.tar.gz``);
each part that lacks its data is reported as skipped. Each part runs on its own and writes what it
measured as it goes, so a part that fails or a time limit that strikes still leaves the others'
rows: ``gpu.json`` (one object per part) and ``gpu.md`` (the tables for
``benchmarks/results/gpu.md``).

Parts, in order (``--parts`` picks some):

* ``cli``: ``cnnlab train --device cuda`` on shapes, then ``cnnlab eval`` of that checkpoint in a
  process that sees no GPU (a GPU checkpoint opens on a CPU-only machine).
* ``models``: each chapter model on its dataset and lenet5 / resnet20 / resnet18 on CIFAR-10 train
  and evaluate on cuda; a CPU-trained checkpoint is evaluated on cuda with the same accuracy.
* ``control``: pause, resume and stop of a cuda run through the training process (as the window does), and
  the GPU memory its batch reports carry (the progress line shows it).
* ``oom``: under a memory cap (``torch.cuda.set_per_process_memory_fraction``) a batch that cannot fit ends
  with the one sentence naming a batch size to try, and the GPU memory is given back (allocated memory before
  and after); the suggested sizes are followed, as the window's one-click offer does, until one trains.
* ``ratio``: the trainer against a bare PyTorch loop on the same GPU, same model, data, batch and GPU
  settings (cuDNN benchmark, channels-last: what the trainer turns on), plain and with ``--compile``
  (the trainer's compile time reported apart).
* ``options``: the bare loop with channels-last, bf16 autocast, cudnn benchmark mode and
  ``torch.compile``, each alone, to decide which the trainer should adopt.
* ``cifar``: the chapter's Keras CIFAR model (``cifar-cnn``) with its course recipe (book: 73.72 %
  after 25 epochs) and resnet20 / resnet18 with the default CIFAR-10 recipe.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cnnlab.datasets import DataSplits  # noqa: E402 (after the line that puts the checkout on sys.path)
from cnnlab.engine import TrainConfig, Trainer  # noqa: E402 (after the line that puts the checkout on sys.path)
from cnnlab.engine.config import resolve_config  # noqa: E402 (after the line that puts the checkout on sys.path)
from cnnlab.engine.data import DataRequest, load_data, normalize  # noqa: E402 (after the line that puts the checkout on sys.path)
from cnnlab.engine.steps import classification_loss, make_optimizer  # noqa: E402 (after the line that puts the checkout on sys.path)
from cnnlab.launch import RunPlan, build_trainer  # noqa: E402 (after the line that puts the checkout on sys.path)
from cnnlab.models import build_model  # noqa: E402 (after the line that puts the checkout on sys.path)

PARTS = ("cli", "models", "control", "oom", "ratio", "options", "cifar")
CHAPTER = [("shapes", "dnn"), ("shapes", "shape-cnn"), ("colors", "color-cnn"), ("color-shapes", "color-shape-cnn"),
           ("mnist", "mnist-cnn"), ("fashion-mnist", "fashion-cnn")]  # (dataset, model) per chapter section
ZOO = ("lenet5", "resnet20", "resnet18")  # the zoo models the GPU issue names
SPEED_STEPS = 200  # timed steps per speed measurement: long enough to reach steady state on an H200
WARM_STEPS = 20  # untimed steps first: cudnn picks its kernels, torch.compile compiles
DEVICE = "cuda"  # --smoke runs every part on the CPU with tiny sizes, to check the script before a GPU run
SMOKE = False  # --smoke: every run limited to a few hundred images and one epoch


class Report:
    """Rows written to ``gpu.json`` and ``gpu.md`` after every part, so a time limit loses nothing done."""

    def __init__(self, out: Path) -> None:
        self.out = out
        out.mkdir(parents=True, exist_ok=True)
        self.parts: dict[str, Any] = {"gpu": torch.cuda.get_device_name(0) if torch.cuda.is_available() else None,
                                      "torch": torch.__version__, "cuda": torch.version.cuda}
        self.lines: list[str] = [f"GPU: {self.parts['gpu']}; torch {torch.__version__}, CUDA {torch.version.cuda}", ""]

    def add(self, part: str, result: Any, lines: list[str]) -> None:
        self.parts[part] = result
        self.lines += [f"## {part}", "", *lines, ""]
        (self.out / "gpu.json").write_text(json.dumps(self.parts, indent=1, default=str))
        (self.out / "gpu.md").write_text("\n".join(self.lines))
        print("\n".join(lines), flush=True)


def table(header: list[str], rows: list[list[Any]]) -> list[str]:
    return ["| " + " | ".join(header) + " |", "|" + "---|" * len(header),
            *["| " + " | ".join(str(c) for c in r) + " |" for r in rows]]


class Data:
    """The data folders and each dataset loaded once (CIFAR-10's 60,000 JPEGs take a while)."""

    def __init__(self, root: Path, scratch: Path) -> None:
        self.root, self.scratch = root, scratch
        self._splits: dict[tuple[str, int | None], DataSplits] = {}

    def data_root(self, dataset: str) -> str | None:
        if dataset in ("mnist", "fashion-mnist"):
            folder = self.root / dataset
            return str(folder) if folder.is_dir() else None
        if dataset == "folder":
            return self.cifar()
        return None

    def cifar(self) -> str | None:
        unpacked = self.scratch / "cifar10-jpg"
        if not unpacked.is_dir():
            archive = self.root / "cifar10-jpg.tar.gz"
            if not archive.is_file():
                return None
            with tarfile.open(archive) as tar:
                tar.extractall(self.scratch, filter="data")
        return str(unpacked)

    def available(self, dataset: str) -> bool:
        return dataset in ("shapes", "colors", "color-shapes") or self.data_root(dataset) is not None

    def splits(self, dataset: str, train_limit: int | None = None) -> DataSplits:
        key = (dataset, train_limit)
        if key not in self._splits:
            self._splits[key] = load_data(DataRequest(dataset=dataset, data_root=self.data_root(dataset),
                                                      train_limit=train_limit))
        return self._splits[key]


def train(data: Data, dataset: str, model: str, **changes: Any) -> tuple[Any, float]:
    """One in-process run; returns (RunEnd, wall seconds)."""
    limit = changes.pop("train_limit", None)
    if SMOKE:
        limit, changes = 300, {**changes, "epochs": 1}
    cfg = TrainConfig(dataset=dataset, model=model, data_root=data.data_root(dataset), train_limit=limit,
                      **{"device": DEVICE, **changes})
    t0 = time.perf_counter()
    end = Trainer(cfg, splits=data.splits(dataset, limit)).fit()
    return end, time.perf_counter() - t0


# ---------------------------------------------------------------------------------------- parts

def part_cli(data: Data, report: Report, scratch: Path) -> None:
    run = scratch / "cli-run"
    kept = os.environ.get("PYTHONPATH")  # where the device's missing packages were installed (--target)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), *([kept] if kept else [])])}
    trained = subprocess.run([sys.executable, "-m", "cnnlab", "train", "--device", DEVICE, "--epochs", "2",
                              "--out", str(run), "--json", "--quiet"], capture_output=True, text=True, env=env)
    cpu_env = {**env, "CUDA_VISIBLE_DEVICES": ""}  # this process sees no GPU
    evaluated = subprocess.run([sys.executable, "-m", "cnnlab", "eval", "--checkpoint", str(run / "checkpoint.pt"),
                                "--json"], capture_output=True, text=True, env=cpu_env)
    result: dict[str, Any] = {
        "train_rc": trained.returncode, "train_tail": trained.stdout[-400:] + trained.stderr[-400:],
        "eval_on_cpu_rc": evaluated.returncode, "eval_tail": evaluated.stdout[-400:] + evaluated.stderr[-400:]}
    report.add("cli", result, [f"`cnnlab train --device cuda` exit {trained.returncode}; `cnnlab eval` of its "
                               f"checkpoint without a GPU exit {evaluated.returncode}",
                               "```", result["train_tail"][-300:], result["eval_tail"][-300:], "```"])


def part_models(data: Data, report: Report, scratch: Path) -> None:
    rows, result = [], []
    for dataset, model in [*CHAPTER, *[("folder", m) for m in ZOO]]:
        if not data.available(dataset):
            rows.append([dataset, model, "skipped: no data", "", "", ""])
            continue
        limit = 10_000 if dataset == "folder" else None
        end, wall = train(data, dataset, model, epochs=2, train_limit=limit)
        # the same run on the CPU, its checkpoint then evaluated on the GPU
        cpu_acc = on_gpu = None
        if dataset != "folder":
            out_dir = scratch / f"cpu-{model}-{dataset}"
            out_dir.mkdir(parents=True, exist_ok=True)
            cfg = TrainConfig(dataset=dataset, model=model, data_root=data.data_root(dataset), epochs=1, device="cpu",
                              train_limit=2000, out_dir=str(out_dir))
            cpu_end = build_trainer(RunPlan(cfg, out_dir), splits=data.splits(dataset, 2000)).fit()
            cpu_acc = cpu_end.test_acc
            on_gpu = evaluate_checkpoint_on(out_dir / "checkpoint.pt", data.splits(dataset, 2000), DEVICE)
        rows.append([dataset, model, end.status, f"{end.test_acc:.2%}" if end.test_acc is not None else "",
                     f"{end.samples_per_second:,.0f}", f"{cpu_acc} → {on_gpu}"])
        result.append({"dataset": dataset, "model": model, "status": end.status, "test_acc": end.test_acc,
                       "img_s": end.samples_per_second, "wall_s": wall, "cpu_acc": cpu_acc, "cpu_ckpt_on_gpu": on_gpu})
    report.add("models", result, table(["dataset", "model", "status", "test acc (2 epochs)", "img/s",
                                        "CPU checkpoint: acc on CPU → on GPU"], rows))


def evaluate_checkpoint_on(path: Path, splits: DataSplits, device: str) -> float:
    """Test accuracy of a saved checkpoint on ``device`` (the file may come from another device)."""
    from cnnlab.engine.checkpoint import load_checkpoint

    loaded = load_checkpoint(path, device)
    model, meta = loaded.model.to(device).eval(), loaded.meta
    x = normalize(splits.test.x, meta.mean, meta.std, device)
    with torch.no_grad():
        pred = torch.cat([model(x[i:i + 1000]).argmax(1) for i in range(0, len(x), 1000)])
    return round(float((pred.cpu() == splits.test.y).float().mean()), 4)


def part_control(data: Data, report: Report, scratch: Path) -> None:
    from cnnlab.launch import plan_run
    from cnnlab.launch.process import ProcessPool
    from cnnlab.launch.session import RunSession

    kinds: list[str] = []  # the message types, in order
    gpu_memory: list[int] = []  # what each batch report said the run's tensors hold (the progress line shows it)

    def heard(message: object) -> None:
        kinds.append(type(message).__name__)
        gpu_memory.extend(e.gpu_memory for e in getattr(message, "events", ()))

    pool = ProcessPool()
    session = RunSession(plan_run(TrainConfig(dataset="shapes", model="shape-cnn", epochs=50, device=DEVICE,
                                              out_dir=str(scratch / "control-run"))), pool=pool, listener=heard)
    import threading

    runner = threading.Thread(target=session.run)
    runner.start()
    deadline = time.monotonic() + 120
    while "Batches" not in kinds and time.monotonic() < deadline:
        time.sleep(0.05)
    paused = session.pause()
    while "Held" not in kinds and time.monotonic() < deadline:
        time.sleep(0.05)
    held_at = len(kinds)
    time.sleep(1.0)
    still = kinds[held_at:] == []
    resumed = session.resume()
    time.sleep(1.0)
    stopped = session.stop()
    runner.join(120)
    pool.close()
    end = session.end
    result = {"paused": paused, "nothing_while_held": still, "resumed": resumed, "stopped": stopped,
              "end": getattr(end, "status", None), "message": getattr(end, "message", None),
              "gpu_memory_mb_reported": [round(min(gpu_memory) / 2**20, 1), round(max(gpu_memory) / 2**20, 1)]
              if gpu_memory else None}
    report.add("control", result, [json.dumps(result)])


OOM_CAP_GB = 4.0  # GPU memory the oom part lets the process use: a batch that fits any GPU can still fail under it
OOM_FIRST_BATCH = 4096  # resnet18 on 32×32 images: far over the cap, so the suggested halvings are followed


def part_oom(data: Data, report: Report, scratch: Path) -> None:
    """Under a memory cap, a batch that cannot fit ends with the sentence naming a smaller batch; the memory is
    given back; following the suggestions (what the window's one-click offer does) reaches a batch that trains."""
    from cnnlab.engine.steps import smaller_batch
    from cnnlab.errors import TrainingError

    if DEVICE != "cuda":
        report.add("oom", {"skipped": "needs a GPU"}, ["skipped on the CPU"])
        return
    total = torch.cuda.get_device_properties(0).total_memory
    torch.cuda.set_per_process_memory_fraction(min(1.0, OOM_CAP_GB * 2**30 / total))
    torch.cuda.empty_cache()
    before = torch.cuda.memory_allocated()
    dataset = "folder" if data.available("folder") else "shapes"
    steps: list[dict[str, Any]] = []  # each batch tried: its sentence, or its accuracy once one trains
    batch: int | None = OOM_FIRST_BATCH
    try:
        while batch is not None and len(steps) < 12:
            try:
                end, _ = train(data, dataset, "resnet18", epochs=1, batch_size=batch, train_limit=4 * batch)
                steps.append({"batch": batch, "trained": True, "test_acc": end.test_acc})
                batch = None
            except TrainingError as e:
                steps.append({"batch": batch, "trained": False, "message": str(e),
                              "allocated_after_mb": torch.cuda.memory_allocated() / 2**20})
                batch = smaller_batch(e.sentence)
    finally:
        torch.cuda.set_per_process_memory_fraction(1.0)
    after = torch.cuda.memory_allocated()
    result = {"cap_gb": OOM_CAP_GB, "steps": steps, "allocated_before_mb": before / 2**20,
              "allocated_after_mb": after / 2**20, "reserved_after_mb": torch.cuda.memory_reserved() / 2**20}
    rows = [[str(step["batch"]), "trained" if step["trained"] else "out of memory",
             f"{step['test_acc']:.3f}" if step.get("test_acc") is not None else step.get("message", "")]
            for step in steps]
    report.add("oom", result, [f"cap {OOM_CAP_GB:g} GB; allocated before {before / 2**20:.1f} MB, after "
                               f"{after / 2**20:.1f} MB", *table(["batch", "result", "sentence / test acc"], rows)])


def sync() -> None:
    if DEVICE == "cuda":
        torch.cuda.synchronize()


def bare_loop(model: torch.nn.Module, x: torch.Tensor, y: torch.Tensor, cfg: TrainConfig, *,
              channels_last: bool = False, bf16: bool = False, compile_model: bool = False) -> float:
    """Images per second of the plainest training loop on data already on the GPU."""
    if channels_last:
        model = model.to(memory_format=torch.channels_last)
        x = x.contiguous(memory_format=torch.channels_last)
    opt = make_optimizer(model.parameters(), cfg)
    step_model: Callable[[torch.Tensor], Any] = torch.compile(model) if compile_model else model
    bs = int(cfg.batch_size or 128)
    n = len(x) // bs

    def step(i: int) -> None:
        xb, yb = x[(i % n) * bs:(i % n + 1) * bs], y[(i % n) * bs:(i % n + 1) * bs]
        with torch.autocast(DEVICE, dtype=torch.bfloat16, enabled=bf16):
            loss, _ = classification_loss(step_model(xb), yb, 0.3)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()

    for i in range(WARM_STEPS):
        step(i)
    sync()
    t0 = time.perf_counter()
    for i in range(SPEED_STEPS):
        step(i)
    sync()
    return SPEED_STEPS * bs / (time.perf_counter() - t0)


def speed_setup(data: Data, dataset: str, model_name: str) -> tuple[torch.nn.Module, torch.Tensor, torch.Tensor,
                                                                     TrainConfig]:
    splits = data.splits(dataset, 300 if SMOKE else None)
    cfg = resolve_config(TrainConfig(dataset=dataset, model=model_name, data_root=data.data_root(dataset),
                                     device=DEVICE))
    info = splits.info
    torch.manual_seed(0)
    model = build_model(model_name, in_channels=info.channels, image_size=info.size,
                        num_classes=info.num_classes).to(DEVICE)
    x = normalize(splits.train.x, info.mean, info.std, DEVICE)
    return model, x, splits.train.y.to(DEVICE), cfg


def speed_cases(data: Data) -> list[tuple[str, str]]:
    cases = [("shapes", "shape-cnn")]
    if data.available("mnist"):
        cases.append(("mnist", "mnist-cnn"))
    if data.available("folder"):
        cases += [("folder", "resnet20"), ("folder", "cifar-cnn")]
    return cases


def part_ratio(data: Data, report: Report, scratch: Path) -> None:
    """The trainer against the bare loop with the same GPU settings (those ``gpu_options`` turns on for the
    model), plain and with ``--compile`` (the trainer's compile time is reported apart, as it counts it)."""
    from cnnlab.engine import gpu_options

    rows, result = [], []
    for dataset, name in speed_cases(data):
        model, x, y, cfg = speed_setup(data, dataset, name)
        state = {k: v.clone() for k, v in model.state_dict().items()}
        options = gpu_options.choose(torch.device(DEVICE), name, reproducible=False)
        epochs = max(1, min(3, int(cfg.epochs or 1)))
        for compiled in (False, True):
            torch.backends.cudnn.benchmark = options.cudnn_benchmark
            model.load_state_dict(state)
            try:
                bare = bare_loop(model, x, y, cfg, channels_last=options.channels_last, compile_model=compiled)
                end, _ = train(data, dataset, name, epochs=epochs, augment="none", compile_model=compiled)
            except Exception as e:  # a compiler that fails here is a row, not the end of the part
                rows.append([dataset, name, "compile" if compiled else "plain", f"{type(e).__name__}: {e}"[:120]])
                continue
            finally:
                torch.backends.cudnn.benchmark = False
            ratio = end.samples_per_second / bare
            rows.append([dataset, name, "compile" if compiled else "plain", str(cfg.batch_size), f"{bare:,.0f}",
                         f"{end.samples_per_second:,.0f}", f"{ratio:.2f}", ", ".join(end.gpu_options) or "-",
                         "-" if end.compile_seconds is None else f"{end.compile_seconds:.1f}"])
            result.append({"dataset": dataset, "model": name, "compiled": compiled, "bare_img_s": bare,
                           "trainer_img_s": end.samples_per_second, "ratio": ratio,
                           "gpu_options": list(end.gpu_options), "compile_seconds": end.compile_seconds})
    report.add("ratio", result, table(["dataset", "model", "", "batch", "bare loop img/s", "trainer img/s",
                                       "trainer / bare (goal ≥ 0.95)", "settings on", "compile s"], rows))


def part_options(data: Data, report: Report, scratch: Path) -> None:
    rows, result = [], []
    for dataset, name in speed_cases(data):
        model, x, y, cfg = speed_setup(data, dataset, name)
        state = {k: v.clone() for k, v in model.state_dict().items()}
        speeds: dict[str, float] = {}
        for option, kw in [("plain", {}), ("channels-last", {"channels_last": True}), ("bf16", {"bf16": True}),
                           ("compile", {"compile_model": True})]:
            model.load_state_dict(state)
            try:
                speeds[option] = bare_loop(model, x, y, cfg, **kw)
            except Exception as e:
                speeds[option] = float("nan")
                print(f"{name} {option}: {type(e).__name__}: {e}", flush=True)
        torch.backends.cudnn.benchmark = True
        model.load_state_dict(state)
        speeds["cudnn-benchmark"] = bare_loop(model, x, y, cfg)
        torch.backends.cudnn.benchmark = False
        ratios = [f"{speeds[k] / speeds['plain']:.2f}" for k in ("channels-last", "bf16", "cudnn-benchmark", "compile")]
        rows.append([dataset, name, *ratios, f"{speeds['plain']:,.0f}"])
        result.append({"dataset": dataset, "model": name, **speeds})
    report.add("options", result, table(["dataset", "model", "channels-last", "bf16", "cudnn benchmark", "compile",
                                         "plain img/s"], rows))


def part_cifar(data: Data, report: Report, scratch: Path) -> None:
    if not data.available("folder"):
        report.add("cifar", {"skipped": "no cifar10-jpg.tar.gz"}, ["skipped: no CIFAR-10 data"])
        return
    rows, result = [], []
    for name, recipe in [("cifar-cnn", "course"), ("resnet20", "default"), ("resnet18", "default")]:
        end, wall = train(data, "folder", name, recipe=recipe)
        rows.append([name, recipe, end.epochs_done, f"{end.test_acc:.2%}", f"{end.train_seconds:.1f}",
                     f"{end.samples_per_second:,.0f}"])
        result.append({"model": name, "recipe": recipe, "epochs": end.epochs_done, "test_acc": end.test_acc,
                       "train_seconds": end.train_seconds, "img_s": end.samples_per_second, "wall_s": wall})
    report.add("cifar", result, table(["model", "recipe", "epochs", "test acc", "training s", "img/s"], rows))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", type=Path, default=ROOT / "gpu-data", help="copies of ../shared/data")
    p.add_argument("--out", type=Path, default=Path(os.environ.get("OUT", "gpu-results")))
    p.add_argument("--parts", default=",".join(PARTS), help="comma-separated, from " + ", ".join(PARTS))
    p.add_argument("--smoke", action="store_true", help="every part on the CPU, tiny sizes: checks the script only")
    args = p.parse_args(argv)
    report = Report(args.out)
    if args.smoke:
        global DEVICE, SPEED_STEPS, WARM_STEPS, SMOKE
        DEVICE, SPEED_STEPS, WARM_STEPS, SMOKE = "cpu", 3, 1, True
    elif not torch.cuda.is_available():
        report.add("setup", {"error": "no CUDA device"}, ["No CUDA device: nothing measured."])
        return 2
    parts = {"cli": part_cli, "models": part_models, "control": part_control, "oom": part_oom,
             "ratio": part_ratio, "options": part_options, "cifar": part_cifar}
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        data = Data(args.data, scratch)
        for name in args.parts.split(","):
            t0 = time.perf_counter()
            try:
                parts[name](data, report, scratch)
            except Exception:
                report.add(name, {"error": traceback.format_exc()}, ["```", traceback.format_exc()[-1500:], "```"])
            print(f"[{name}: {time.perf_counter() - t0:.0f} s]", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
