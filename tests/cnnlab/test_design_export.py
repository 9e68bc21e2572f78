"""``cnnlab design export``: a standalone PyTorch file that another Python, without cnnlab, imports and runs to the
built design's outputs with its weights (loaded from a real checkpoint); ONNX that onnxruntime runs to torch's
outputs; a bad path or a full disk is one sentence and leaves no file."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
import yaml
from helpers_design import EVERY_KIND, ISSUE_EXAMPLE, shuffle_statistics
from helpers_disk import full_disk, read_only

from cnnlab.cli import main
from cnnlab.design.build import build_design
from cnnlab.design.export import class_name, python_source
from cnnlab.design.files import parse_design
from cnnlab.design.from_model import design_from_model
from cnnlab.engine.checkpoint import CheckpointMeta, save_checkpoint

BRANCHY = """
name: 2 branches
input: [1, 12, 12]
classes: 3
layers:
  - conv: {out: 4, kernel: 3, padding: 1}
  - branches:
      - [conv: {out: 2, kernel: 1}]
      - [avgpool: {kernel: 3, stride: 1, padding: 1}, residual: [sigmoid, tanh]]
  - dropout: {p: 0.2}
  - gap
  - flatten
  - linear: {out: 3}
"""

# Run in a second Python with cnnlab made unimportable: import each exported file, load the weights from the
# checkpoint as the file's docstring says, and save its outputs.
RUNNER = """
import importlib.util, sys
sys.modules["cnnlab"] = None  # any import of cnnlab now fails
import torch
for stem, cls in [pair.split(":") for pair in sys.argv[1:]]:
    spec = importlib.util.spec_from_file_location(stem, f"{stem}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    model = getattr(module, cls)()
    model.load_state_dict(torch.load(f"{stem}.ckpt")["state_dict"])
    with torch.no_grad():
        torch.save(model.eval()(torch.load(f"{stem}.x")), f"{stem}.out")
"""


def test_the_python_file_runs_without_cnnlab_to_the_built_design_s_outputs(tmp_path: Path) -> None:
    designs = {"example": ISSUE_EXAMPLE, "every": EVERY_KIND, "branchy": BRANCHY}
    wanted, pairs = {}, []
    for stem, text in designs.items():
        design = parse_design(yaml.safe_load(text))
        source = python_source(design)
        imports = {alias.name.split(".")[0] for node in ast.walk(ast.parse(source))
                   if isinstance(node, (ast.Import, ast.ImportFrom))
                   for alias in ([ast.alias(node.module or "")] if isinstance(node, ast.ImportFrom) else node.names)}
        assert imports == {"torch"}, stem
        (tmp_path / f"{stem}.py").write_text(source, encoding="utf-8")
        torch.manual_seed(1)
        built = build_design(design).eval()
        shuffle_statistics(built)
        meta = CheckpointMeta(model="design", model_options={"design": design.to_dict()}, dataset="t",
                              classes=tuple(str(i) for i in range(design.classes)), input_shape=design.input,
                              mean=(0.5,) * design.input[0], std=(0.25,) * design.input[0])
        save_checkpoint(tmp_path / f"{stem}.ckpt", meta, built.state_dict(), epoch=1)
        x = torch.randn(3, *design.input)  # (3, C, H, W)
        torch.save(x, tmp_path / f"{stem}.x")
        with torch.no_grad():
            wanted[stem] = built(x)
        pairs.append(f"{stem}:{class_name(design)}")
    done = subprocess.run([sys.executable, "-I", "-c", RUNNER, *pairs], cwd=tmp_path, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    for stem, want in wanted.items():
        assert torch.equal(torch.load(tmp_path / f"{stem}.out"), want), stem


def test_a_zoo_design_s_file_has_its_blocks_written_out() -> None:
    source = python_source(design_from_model("resnet20"))
    assert "class Resnet20(nn.Module):" in source
    assert '"shortcut"' not in source  # resnet20's shortcuts pad: no weights, one line in forward
    assert "x = h4 + F.pad(x[:, :, ::2, ::2], (0, 0, 0, 0, 0, 16))" in source
    assert source.count("x = h") == 9  # nine residual additions, written out
    compile(source, "resnet20.py", "exec")


def test_class_names_are_python_names() -> None:
    def named(name: str) -> str:
        return class_name(parse_design({"name": name, "input": [1, 4, 4], "classes": 2,
                                        "layers": ["flatten", {"linear": {"out": 2}}]}))

    assert [named(n) for n in ("my-net", "lenet5", "2 branches", "网络")] == ["MyNet", "Lenet5", "Net2Branches", "Net"]
    odd = parse_design({"name": 'a\\N """b', "input": [1, 4, 4], "classes": 2, "note": "\\x",
                        "layers": ["flatten", {"linear": {"out": 2}}]})
    namespace: dict[str, object] = {}
    exec(compile(python_source(odd), "odd.py", "exec"), namespace)  # a name or note cannot break the file
    assert str(namespace["__doc__"]).startswith('a\\N """b: a network') and "\n\n\\x\n" in str(namespace["__doc__"])


def test_onnx_runs_in_onnxruntime_as_the_design_in_torch(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import onnxruntime as ort

    path = tmp_path / "every.yaml"
    path.write_text(EVERY_KIND, encoding="utf-8")
    out = tmp_path / "every.onnx"
    assert main(["design", "export", str(path), "--onnx", str(out)]) == 0
    assert capsys.readouterr().out == f"every kind written to {out}\n"
    torch.manual_seed(0)  # the export's own seed: the same starting weights
    built = build_design(parse_design(yaml.safe_load(EVERY_KIND))).eval()
    x = torch.randn(5, 3, 15, 15)  # a batch size not seen at export
    with torch.no_grad():
        want = built(x).numpy()
    session = ort.InferenceSession(str(out), providers=["CPUExecutionProvider"])
    got = session.run(["logits"], {"input": x.numpy()})[0]
    assert got.shape == (5, 10) and np.abs(got - want).max() < 1e-4


def test_bad_paths_and_a_full_disk_are_one_sentence(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "net.yaml"
    path.write_text(ISSUE_EXAMPLE, encoding="utf-8")

    def export(*args: str) -> tuple[int, str]:
        code = main(["design", "export", str(path), *args])
        return code, capsys.readouterr().err

    assert export() == (2, "cnnlab: Say what to export to: cnnlab design export FILE --py OUT.py and/or --onnx "
                           "OUT.onnx.\n")
    assert export("--py", str(tmp_path / "net.txt")) == (2, "cnnlab: A PyTorch file is written to a file ending in "
                                                            ".py, not net.txt.\n")
    assert export("--onnx", str(tmp_path / "net.py")) == (2, "cnnlab: An ONNX model is written to a file ending in "
                                                             ".onnx, not net.py.\n")
    missing = tmp_path / "no" / "such"
    assert export("--py", str(missing / "net.py")) == (2, f"cnnlab: The folder {missing} does not exist, so net.py "
                                                          "cannot be written there; make the folder or choose "
                                                          "another.\n")
    out = tmp_path / "out"
    out.mkdir()
    with full_disk(out, room=100):
        assert export("--py", str(out / "net.py")) == (3, f"cnnlab: The disk is full: cannot write {out / 'net.py'}, "
                                                          "so the design was not exported.\n")
    with read_only(out):
        code, err = export("--py", str(out / "net.py"))
        assert code == 3 and err.startswith(f"cnnlab: Cannot write {out / 'net.py'}: the folder is read-only")
    assert list(out.iterdir()) == []  # neither half a file nor the temporary one
    (out / "net.py").write_text("# an earlier export\n", encoding="utf-8")
    with full_disk(out, room=100):
        assert export("--py", str(out / "net.py"))[0] == 3
    assert (out / "net.py").read_text(encoding="utf-8") == "# an earlier export\n"  # the earlier file is kept
    assert export("--py", str(out / "net.py")) == (0, "")
    assert "class MyNet(nn.Module):" in (out / "net.py").read_text(encoding="utf-8")
