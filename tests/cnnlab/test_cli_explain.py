"""``cnnlab explain``: its prediction agrees with a plain forward pass, its files have the promised
shapes, and every user mistake is one sentence with exit code 2."""

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
from cnnlab.models import build_model

CLASSES = ("circle", "rectangle", "triangle", "diamond", "line")


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
    a = np.zeros((40, 36), dtype=np.uint8)
    a[8:30, 10:26] = 255
    path = tmp_path / "box.png"
    Image.fromarray(a).save(path)
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["explain", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("method", ["gradcam", "occlusion", "saliency", "guided", "ig"])
def test_json_prediction_and_map_files(capsys, checkpoint: Path, image: Path, tmp_path: Path, method: str) -> None:
    png, npy = tmp_path / "map.png", tmp_path / "map.npy"
    code, out, err = run(capsys, "--checkpoint", str(checkpoint), "--image", str(image), "--method", method,
                         "--out", str(png), "--save-map", str(npy), "--json")
    assert code == 0, err
    data = json.loads(out.strip().splitlines()[-1])
    assert {"predicted", "probabilities", "method", "map_shape", "out"} <= set(data)
    ck = torch.load(checkpoint, weights_only=False)
    net = build_model("shape-cnn", in_channels=1, image_size=(28, 28), num_classes=5)
    net.load_state_dict(ck["state_dict"])
    raw = torch.from_numpy(np.array(Image.open(image).resize((28, 28), Image.Resampling.BILINEAR)))[None, None]
    with torch.no_grad():
        probs = torch.softmax(net.eval()(normalize(raw, (0.1,), (0.3,))), dim=1)[0]
    assert data["predicted"] == CLASSES[int(probs.argmax())]
    assert [data["probabilities"][c] for c in CLASSES] == pytest.approx(probs.tolist(), abs=1e-5)
    assert data["method"] == method and data["map_shape"] == [40, 36] and data["out"] == str(png)
    saved = np.load(npy)
    assert saved.shape == (40, 36) and saved.dtype == np.float32 and np.isfinite(saved).all()
    with Image.open(png) as shown:
        assert shown.size[0] >= 224 and shown.size[0] * 40 == shown.size[1] * 36  # enlarged, same aspect


def test_text_output_names_the_prediction_and_the_target(capsys, checkpoint: Path, image: Path) -> None:
    code, out, _ = run(capsys, "--checkpoint", str(checkpoint), "--image", str(image), "--method", "saliency",
                       "--target", "Triangle")
    assert code == 0
    assert "predicted" in out.splitlines()[0] and "for class triangle" in out


@pytest.mark.parametrize(("args", "says"), [
    (["--image", "missing.png"], "does not exist"),
    (["--image", "{bad}"], "is not an image file that can be read"),
    (["--layer", "conv7"], "has no layer 'conv7'"),
    (["--target", "star"], "has no class 'star'"),
    (["--target", "9"], "has no class '9'"),
    (["--checkpoint", "nowhere.pt"], "does not exist"),
])
def test_mistakes_are_one_sentence_and_exit_2(capsys, checkpoint: Path, image: Path, tmp_path: Path,
                                              args: list[str], says: str) -> None:
    bad = tmp_path / "notes.png"
    bad.write_text("not a picture")
    argv = {"--checkpoint": str(checkpoint), "--image": str(image)}
    for flag, value in zip(args[::2], args[1::2], strict=True):
        argv[flag] = value.replace("{bad}", str(bad))
    code, out, err = run(capsys, *[v for kv in argv.items() for v in kv], "--json")
    assert code == 2
    assert says in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert out == ""
