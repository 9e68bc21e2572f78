"""``cnnlab explain``: its prediction agrees with a plain forward pass, its files have the promised
shapes, and every user mistake is one sentence with exit code 2."""

from __future__ import annotations

import gc
import json
import struct
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
from helpers_disk import files_in, full_disk, read_only
from PIL import Image, features

from cnnlab.cli import main
from cnnlab.engine import CheckpointMeta
from cnnlab.engine.checkpoint import save_checkpoint
from cnnlab.engine.data import normalize
from cnnlab.inspection.explain import read_image
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


# --- output files: the suffix decides the format; whole files or none ----------------------------

MAGIC = {".png": b"\x89PNG\r\n\x1a\n", ".jpg": b"\xff\xd8\xff", ".jpeg": b"\xff\xd8\xff", ".bmp": b"BM",
         ".tif": b"II*\x00", ".tiff": b"II*\x00"}  # each format's published signature (TIFF: little-endian)


@pytest.mark.parametrize("suffix", [*MAGIC, pytest.param(".webp", marks=pytest.mark.skipif(
    not features.check("webp"), reason="this Pillow was built without WebP"))])
def test_the_out_suffix_decides_the_file_format(capsys, checkpoint: Path, image: Path, tmp_path: Path,
                                                suffix: str) -> None:
    out = tmp_path / f"map{suffix.upper() if suffix == '.jpg' else suffix}"  # any case: MAP.JPG is a JPEG
    code, _, err = run(capsys, "--checkpoint", str(checkpoint), "--image", str(image), "--method", "saliency",
                       "--out", str(out))
    assert code == 0, err
    head = out.read_bytes()[:12]
    if suffix == ".webp":
        assert head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    else:
        assert head.startswith(MAGIC[suffix])
    with Image.open(out) as shown:
        assert shown.size == (36 * 7, 40 * 7)  # 40×36 enlarged by 7, the smallest whole factor reaching 224


@pytest.mark.parametrize(("flag", "name", "says"), [
    ("--out", "map.gif", "The overlay is written as .png, .jpg"),
    ("--out", "map", "not a file without a suffix (map)"),
    ("--save-map", "map.png", "The raw map is written as a .npy file, not .png (map.png)."),
])
def test_an_unknown_suffix_is_refused_before_any_work(capsys, image: Path, tmp_path: Path, flag: str, name: str,
                                                      says: str) -> None:
    # the checkpoint does not exist: the suffix is refused first, so nothing was loaded or computed
    code, out, err = run(capsys, "--checkpoint", str(tmp_path / "nowhere.pt"), "--image", str(image),
                         flag, str(tmp_path / "out" / name))
    assert code == 2 and out == ""
    assert says in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("room", [0, 100])  # the disk is full from the first byte, or part-way through the file
@pytest.mark.parametrize(("flag", "name"), [("--out", "map.png"), ("--out", "map.jpg"), ("--save-map", "map.npy")])
def test_a_full_disk_leaves_no_partial_file_and_keeps_the_old_one(capsys, checkpoint: Path, image: Path,
                                                                  tmp_path: Path, flag: str, name: str,
                                                                  room: int) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "old.png").write_bytes(b"an earlier overlay")
    target = folder / name
    with full_disk(folder, room) as left:
        code, out, err = run(capsys, "--checkpoint", str(checkpoint), "--image", str(image), flag, str(target))
    assert left == [0]  # the disk did fill up
    assert code == 3 and out == ""
    assert err == f"cnnlab: The disk is full: cannot write {target}.\n"
    assert files_in(folder) == ["old.png"]  # no 0-byte, partial or .tmp file
    assert (folder / "old.png").read_bytes() == b"an earlier overlay"


def test_a_full_disk_keeps_the_previous_file_at_that_name(capsys, checkpoint: Path, image: Path,
                                                          tmp_path: Path) -> None:
    target = tmp_path / "map.png"
    target.write_bytes(b"the overlay of yesterday")
    with full_disk(tmp_path, 100):
        code, _, err = run(capsys, "--checkpoint", str(checkpoint), "--image", str(image), "--out", str(target))
    assert code == 3 and "The disk is full" in err
    assert target.read_bytes() == b"the overlay of yesterday" and not list(tmp_path.glob("*.tmp"))


def test_a_read_only_folder_is_one_sentence(capsys, checkpoint: Path, image: Path, tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    with read_only(folder):
        code, _, err = run(capsys, "--checkpoint", str(checkpoint), "--image", str(image),
                           "--save-map", str(folder / "map.npy"))
    assert code == 3
    assert err == (f"cnnlab: Cannot write {folder / 'map.npy'}: the folder is read-only or not yours to write "
                   "to.\n")
    assert files_in(folder) == []


# --- huge images: reduced as they are read, refused when even that would take too much memory -------

def peak_growth(call: Callable[[], object]) -> tuple[object, int]:
    """``call()`` and how far the process's peak resident memory rose above what it held before, in bytes
    (Linux: writing 5 to /proc/self/clear_refs resets the peak, /proc/self/status reports it)."""

    def status(key: str) -> int:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024
        raise AssertionError(key)

    gc.collect()
    Path("/proc/self/clear_refs").write_text("5")
    before = status("VmRSS")
    result = call()
    return result, status("VmHWM") - before


def halves(path: Path, side: int) -> Path:
    """A side×side RGB picture, red on the left half and blue on the right, saved in ``path``'s format."""
    im = Image.new("RGB", (side, side), (255, 0, 0))
    im.paste((0, 0, 255), (side // 2, 0, side, side))
    options: dict[str, Any] = {"compress_level": 1} if path.suffix == ".png" else {}  # a fast PNG
    im.save(path, **options)
    return path


@pytest.mark.skipif(not Path("/proc/self/clear_refs").exists(), reason="peak memory is read from Linux's /proc")
@pytest.mark.parametrize(("suffix", "limit_mb"), [(".png", 200), (".jpg", 40)])
def test_a_6000_pixel_image_is_reduced_as_it_is_read(tmp_path: Path, suffix: str, limit_mb: int) -> None:
    path = halves(tmp_path / f"big{suffix}", 6000)
    im, grown = peak_growth(lambda: read_image(path))
    assert isinstance(im, Image.Image)
    # PNG: decoded whole (6000² × 4 bytes = 137 MiB, once, no full-size copy); JPEG: decoded at 1/4 by libjpeg
    assert grown < limit_mb * 2**20, f"{grown / 2**20:.0f} MB"
    assert im.size == (1024, 1024)  # the longer side scaled to 1024 pixels
    arr = np.asarray(im.convert("RGB"), dtype=int)
    assert np.abs(arr[500, 250] - (255, 0, 0)).max() <= 2 and np.abs(arr[500, 750] - (0, 0, 255)).max() <= 2


def png_header(width: int, height: int) -> bytes:
    """A PNG file's signature and IHDR chunk (8-bit RGB) and a few pixel bytes: enough to be opened, its
    size read from the header, though its pixels are cut short (written here from the PNG specification)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64))


@pytest.mark.parametrize(("side", "says"), [
    (12000, "big.png is 12000×12000 pixels, too large to read whole (549 MB of memory); save a smaller copy, "
            "at most 1024 pixels a side, or a JPEG"),
    (20000, "big.png is not an image file that can be read: the image is too large to open safely."),
])
def test_an_image_too_large_to_decode_is_one_sentence(capsys, checkpoint: Path, tmp_path: Path, side: int,
                                                      says: str) -> None:
    path = tmp_path / "big.png"
    path.write_bytes(png_header(side, side))  # 12000² × 4 bytes = 549 MiB decoded: refused before decoding
    code, out, err = run(capsys, "--checkpoint", str(checkpoint), "--image", str(path))
    assert code == 2 and out == ""
    assert says in err and len(err.strip().splitlines()) == 1 and "Warning" not in err and "Traceback" not in err


def test_a_16_bit_image_reads_as_a_viewer_shows_it_in_explain_and_the_lab(tmp_path):
    """Values scale by 1/257 (65535 -> 255), not clipped to white: small, and large enough to be reduced."""
    from cnnlab.inspection.explain import read_image
    from cnnlab.inspection.images import load_image

    small = tmp_path / "small16.png"
    Image.fromarray(np.array([[0, 257 * 10], [257 * 100, 65535]], dtype=np.uint16)).save(small)
    assert Image.open(small).mode == "I;16"
    expected = np.array([[0, 10], [100, 255]], dtype=np.uint8)  # by hand: v / 257
    assert np.array_equal(np.asarray(read_image(small)), expected)
    assert np.array_equal(load_image(small, 1, (2, 2))[0].numpy(), expected)
    large = tmp_path / "large16.png"
    Image.fromarray(np.full((3000, 2000), 257 * 77, dtype=np.uint16)).save(large)
    read = np.asarray(read_image(large))
    assert read.shape == (1024, 683) and read.min() == read.max() == 77
