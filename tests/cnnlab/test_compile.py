"""``--compile``: the training steps call the model compiled by torch.compile, which changes no result; the
compiling is timed apart from training; a compiler failure is one sentence. The tests compile with the "eager"
backend (TorchDynamo's graph capture without code generation: seconds, and no C++ compiler needed); the speed
of the default backend is measured on a GPU by benchmarks/gpu.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch
from helpers_torch import one_thread  # noqa: F401  (fixture)

from cnnlab.cli import build_parser, config_from_args
from cnnlab.engine import TrainConfig, compiling
from cnnlab.errors import TrainingError
from cnnlab.launch import RunPlan, build_trainer

SMALL = dict(dataset="shapes", model="shape-cnn", epochs=1, train_limit=150, batch_size=32, device="cpu", seed=3)


@pytest.fixture
def eager(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compiling, "BACKEND", "eager")
    torch._dynamo.reset()  # no graph cached by another test


def trained(run_dir: Path, **changes: object) -> tuple[object, dict[str, torch.Tensor]]:
    run_dir.mkdir()
    trainer = build_trainer(RunPlan(TrainConfig(**{**SMALL, **changes}), run_dir))  # type: ignore[arg-type]
    end = trainer.fit()
    assert trainer.model is not None
    return end, {k: v.clone() for k, v in trainer.model.state_dict().items()}


@pytest.mark.usefixtures("one_thread", "eager")
def test_a_compiled_run_trains_the_same_weights_and_times_its_compiling_apart(tmp_path: Path) -> None:
    plain_end, plain = trained(tmp_path / "plain")
    end, weights = trained(tmp_path / "compiled", compile_model=True)
    assert plain.keys() == weights.keys() and all(torch.equal(plain[k], weights[k]) for k in plain)
    assert end.test_acc == plain_end.test_acc  # type: ignore[attr-defined]
    assert plain_end.compile_seconds is None  # type: ignore[attr-defined]
    assert isinstance(end.compile_seconds, float) and end.compile_seconds > 0  # type: ignore[attr-defined]
    saved = json.loads((tmp_path / "compiled" / "results.json").read_text())
    assert saved["compile_seconds"] == end.compile_seconds  # type: ignore[attr-defined]
    assert json.loads((tmp_path / "compiled" / "config.json").read_text())["compile_model"] is True


@pytest.mark.usefixtures("one_thread")
def test_a_compiler_failure_is_one_sentence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(graph: object, inputs: object) -> object:
        raise RuntimeError("no C++ compiler found")

    monkeypatch.setattr(compiling, "BACKEND", broken)
    torch._dynamo.reset()
    with pytest.raises(TrainingError) as failed:
        trained(tmp_path / "run", compile_model=True)
    text = str(failed.value)
    assert text.startswith("The model could not be compiled (") and text.endswith("); train without Compile.")
    assert "no C++ compiler found" in text and "\n" not in text


def test_the_command_line_switch() -> None:
    parser = build_parser()
    assert config_from_args(parser.parse_args(["train", "--compile"])).compile_model is True
    assert config_from_args(parser.parse_args(["train"])).compile_model is False
