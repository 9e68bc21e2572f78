"""The GPU speed settings: which a run turns on, that they change no result, and that the run records them.

The settings only act on CUDA; the choice is a plain function of the device and the model, and channels-last
runs on the CPU as well, so both are checked here without a GPU (benchmarks/gpu.py measures the speed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from cnnlab.engine import TrainConfig, gpu_options
from cnnlab.engine.gpu_options import GpuOptions
from cnnlab.engine.trainer import _cpu_copy
from cnnlab.launch import RunPlan, build_trainer
from cnnlab.models import build_model

CUDA = torch.device("cuda")  # a device name only: no GPU is needed to ask what a run on it would turn on


@pytest.mark.parametrize(("device", "model", "reproducible", "names"), [
    (torch.device("cpu"), "resnet20", False, ()),
    (CUDA, "resnet20", False, ("cudnn_benchmark", "channels_last")),
    (CUDA, "resnet18", True, ("channels_last",)),  # benchmark mode picks by timing: off when reproducible
    (CUDA, "shape-cnn", False, ("cudnn_benchmark",)),
    (CUDA, "shape-cnn", True, ()),
    (CUDA, "my-design.yaml", False, ("cudnn_benchmark",)),
])
def test_which_settings_a_run_turns_on(device: torch.device, model: str, reproducible: bool,
                                       names: tuple[str, ...]) -> None:
    assert gpu_options.choose(device, model, reproducible).names() == names


def test_channels_last_changes_no_output_and_checkpoints_stay_plain() -> None:
    torch.manual_seed(0)
    plain = build_model("resnet20", in_channels=3, image_size=32, num_classes=10).eval()
    fast = build_model("resnet20", in_channels=3, image_size=32, num_classes=10).eval()
    fast.load_state_dict(plain.state_dict())
    options = GpuOptions(channels_last=True)
    gpu_options.apply(options, fast)
    conv = next(m for m in fast.modules() if isinstance(m, torch.nn.Conv2d))
    assert conv.weight.is_contiguous(memory_format=torch.channels_last) and not conv.weight.is_contiguous()
    x = torch.randn(4, 3, 32, 32)  # (B, C, H, W)
    batch = gpu_options.batch_format(options, x)
    assert batch.is_contiguous(memory_format=torch.channels_last) and torch.equal(batch, x)
    with torch.no_grad():
        torch.testing.assert_close(fast(batch), plain(x), rtol=1e-5, atol=1e-5)
    saved = _cpu_copy(fast)
    assert all(t.is_contiguous() for t in saved.values())
    assert all(torch.equal(saved[k], v) for k, v in plain.state_dict().items())


def test_a_cpu_run_records_none(tmp_path: Path) -> None:
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    end = build_trainer(RunPlan(TrainConfig(dataset="shapes", model="shape-cnn", epochs=1, train_limit=200,
                                            device="cpu"), run_dir)).fit()
    assert end.gpu_options == () and end.metrics()["gpu_options"] == []
    assert json.loads((run_dir / "results.json").read_text())["gpu_options"] == []
