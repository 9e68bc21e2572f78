"""``cnnlab explain --sanity``: the JSON's keys and sizes for the shape CNN (five layers with weights, so five
randomised steps), the numbers equal to the core's check, the strip file, and one sentence for each mistake."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from cnnlab.cli import main
from cnnlab.engine import CheckpointMeta
from cnnlab.engine.checkpoint import save_checkpoint
from cnnlab.engine.data import normalize
from cnnlab.inspection.sanity import sanity_check
from cnnlab.models import build_model

CLASSES = ("circle", "rectangle", "triangle", "diamond", "line")
METHODS = {"gradcam", "occlusion", "saliency", "guided", "deconv", "ig"}


@pytest.fixture(scope="module")
def checkpoint(tmp_path_factory: pytest.TempPathFactory) -> Path:
    torch.manual_seed(0)
    net = build_model("shape-cnn", in_channels=1, image_size=(28, 28), num_classes=5)
    bn = net.get_submodule("bn")
    assert isinstance(bn, torch.nn.BatchNorm1d) and bn.running_var is not None
    with torch.no_grad():  # BN statistics of an untrained net would make every image alike
        bn.running_var.fill_(0.01)
    meta = CheckpointMeta(model="shape-cnn", model_options={}, dataset="shapes", classes=CLASSES,
                          input_shape=(1, 28, 28), mean=(0.1,), std=(0.3,))
    return save_checkpoint(tmp_path_factory.mktemp("ck") / "checkpoint.pt", meta, net.state_dict(), epoch=1)


@pytest.fixture
def image(tmp_path: Path) -> Path:
    a = np.zeros((28, 28), dtype=np.uint8)
    a[6:22, 9:19] = 255
    path = tmp_path / "box.png"
    Image.fromarray(a).save(path)
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["explain", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_has_a_sanity_object_per_method(capsys, checkpoint: Path, image: Path) -> None:
    code, out, err = run(capsys, "--checkpoint", str(checkpoint), "--image", str(image), "--sanity", "--json",
                         "--seed", "5")
    assert code == 0, err
    data = json.loads(out.strip().splitlines()[-1])
    assert data["randomised"] == [["fc2"], ["bn"], ["fc1"], ["conv2"], ["conv1"]]
    assert set(data["sanity"]) == METHODS
    for method, entry in data["sanity"].items():
        assert len(entry["rank_correlation"]) == 5, method
        assert isinstance(entry["passes"], bool) or entry["passes"] is None
        assert 0.0 <= entry["deletion_auc"] <= 1.0 and len(entry["deletion_curve"]) == 21
    # the same numbers as the core's check of the same input (the PNG is already 28×28: read as is)
    net = build_model("shape-cnn", in_channels=1, image_size=(28, 28), num_classes=5)
    net.load_state_dict(torch.load(checkpoint, weights_only=False)["state_dict"])
    raw = torch.from_numpy(np.array(Image.open(image)))[None, None]
    report = sanity_check(net.eval(), normalize(raw, (0.1,), (0.3,))[0], seed=5)
    for method, m in report.methods.items():
        assert data["sanity"][method]["rank_correlation"] == pytest.approx(m.rank_correlation, abs=1e-5)
        assert data["sanity"][method]["passes"] == m.passes
    assert data["target"] == CLASSES[report.target] and data["rank_correlation_limit"] == 0.5


def test_table_and_strip_file(capsys, checkpoint: Path, image: Path, tmp_path: Path) -> None:
    strip = tmp_path / "out" / "strip.png"
    code, out, err = run(capsys, "--checkpoint", str(checkpoint), "--image", str(image), "--sanity",
                         "--out", str(strip))
    assert code == 0, err
    for method in METHODS:
        assert f"\n  {method} " in out
    assert "step 1: fc2" in out and "step 5: conv1" in out and f"strip written to {strip}" in out
    with Image.open(strip) as shown:
        assert shown.format == "PNG" and shown.size[0] > shown.size[1] / 2  # 7 columns of maps, 6 rows


@pytest.mark.parametrize(("extra", "says"), [
    (["--save-map", "m.npy"], "--save-map writes one method's map"),
    (["--out", "strip.jpg"], "The sanity strip is written as .png, .pdf or .svg, not .jpg"),
    (["--layer", "nope"], "The model has no layer 'nope'"),
    (["--target", "hexagon"], "The model has no class 'hexagon'"),
])
def test_mistakes_are_one_sentence(capsys, checkpoint: Path, image: Path, tmp_path: Path, extra: list[str],
                                   says: str) -> None:
    args = [a if not a.endswith((".npy", ".jpg")) else str(tmp_path / a) for a in extra]
    code, out, err = run(capsys, "--checkpoint", str(checkpoint), "--image", str(image), "--sanity", *args)
    assert code == 2 and out == ""
    assert err.startswith("cnnlab: " + says) and err.count("\n") == 1, err
    assert not list(tmp_path.glob("strip*")) and not list(tmp_path.glob("m.npy"))


def test_a_missing_image_is_one_sentence(capsys, checkpoint: Path, tmp_path: Path) -> None:
    code, _out, err = run(capsys, "--checkpoint", str(checkpoint), "--image", str(tmp_path / "none.png"), "--sanity")
    assert code == 2 and err.startswith("cnnlab: The file") and err.count("\n") == 1
