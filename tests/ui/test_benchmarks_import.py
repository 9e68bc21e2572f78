"""Every benchmark script still imports against the current API (they run only by hand or on a lent GPU,
so a renamed function would otherwise be found there, late), and inspection.py's screenshot step, which
reaches into the panels' widgets, still runs on a tiny untrained subject."""

from __future__ import annotations

import importlib
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image
from PySide6.QtWidgets import QApplication

from cnnlab.datasets import ImageSet
from cnnlab.engine import CheckpointMeta
from cnnlab.inspection import Subject
from cnnlab.models import build_model

ROOT = Path(__file__).resolve().parents[2]  # the checkout
SCRIPTS = sorted(p.stem for p in (ROOT / "benchmarks").glob("*.py") if p.stem != "__init__")


def test_the_benchmarks_are_all_here() -> None:
    assert {"engine_speed", "lab_latency", "gpu", "soak", "contention", "inspection"} <= set(SCRIPTS)


@pytest.mark.parametrize("name", SCRIPTS)
def test_each_benchmark_imports(name: str) -> None:
    module = importlib.import_module(f"benchmarks.{name}")
    assert module.__file__ is not None and callable(getattr(module, "main", None)) or name == "common"


def untrained(model: str, channels: int, classes: int, n: int) -> Subject:
    """An untrained ``model`` on ``n`` random 28×28 images, ``classes`` classes in turn (most predictions wrong)."""
    torch.manual_seed(0)
    meta = CheckpointMeta(model=model, model_options={}, dataset="random",
                          classes=tuple(f"class {i}" for i in range(classes)), input_shape=(channels, 28, 28),
                          mean=(0.5,) * channels, std=(0.25,) * channels)
    net = build_model(model, in_channels=channels, image_size=28, num_classes=classes).eval()
    g = torch.Generator().manual_seed(0)
    x = torch.randint(0, 256, (n, channels, 28, 28), dtype=torch.uint8, generator=g)  # (n, C, 28, 28)
    return Subject(model=net, meta=meta, test=ImageSet(x, torch.arange(n) % classes))


@pytest.mark.parametrize(("model", "channels", "classes", "extra"), [
    ("mnist-cnn", 1, 10, "panel-feature-maps-mnist-cnn-layer2.png"),  # scrolled down to conv2's row
    ("color-cnn", 3, 8, "panel-feature-maps-color-cnn-per-class.png"),  # one sample per class
])
def test_inspection_screenshots_run_on_a_tiny_subject(qapp: QApplication, tmp_path: Path, model: str, channels: int,
                                                      classes: int, extra: str) -> None:
    from benchmarks import inspection
    from ui.panel_tabs import PANELS

    saved = inspection.screenshots(qapp, model, untrained(model, channels, classes, n=4 * classes), tmp_path)
    expected = {f"panel-{inspection.slug(title)}-{model}.png" for title, _ in PANELS} | {extra}
    assert sorted(p.name for p in saved) == sorted(expected)
    assert all(p.stat().st_size > 0 for p in saved)
    # The extra shot shows the Feature maps panel otherwise than the first one (scrolled, or per class).
    first = np.asarray(Image.open(tmp_path / f"panel-feature-maps-{model}.png").convert("RGB"))  # (H, W, 3)
    other = np.asarray(Image.open(tmp_path / extra).convert("RGB"))  # (H, W, 3)
    assert first.shape == other.shape and not np.array_equal(first, other)
