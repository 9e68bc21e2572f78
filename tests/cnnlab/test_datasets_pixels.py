"""Every Pillow mode becomes the 8-bit gray or RGB pixels a viewer shows, checked against hand-made arrays.

Expected values are worked out by hand in the comments: 16-bit samples divide by 257; 32-bit integers
use the same 16-bit scale; floats run from 0 (black) to 1 (white); transparent areas are laid over
white, out = (c·a + 255·(255 − a)) / 255, with alphas of 51 (a fifth of 255) so the sums come out whole.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from cnnlab.datasets import folder as folder_module
from cnnlab.datasets import load_dataset
from cnnlab.datasets.pixels import to_8bit
from cnnlab.errors import DataError

HERE = Path("img.png")  # the path errors name; these images are never read from disk


def pixels(im: Image.Image) -> tuple[str, list]:
    out = to_8bit(im, HERE)
    return out.mode, np.asarray(out).tolist()


def saved(tmp_path: Path, im: Image.Image, name: str = "x.png") -> Path:
    path = tmp_path / name
    im.save(path)
    return path


# --- wide gray samples ------------------------------------------------------------------------

def test_16bit_png_is_scaled_not_clipped(tmp_path: Path) -> None:
    samples = np.array([[0, 128, 129, 257, 32896, 65535]], dtype=np.uint16)
    path = saved(tmp_path, Image.fromarray(samples))
    with Image.open(path) as im:
        assert im.mode == "I;16"  # a real 16-bit PNG, as a scanner or microscope writes
    decoded = folder_module._decode(path)
    # 0/257 = 0; 128/257 = 0.498 -> 0; 129/257 = 0.502 -> 1; 257/257 = 1; 32896/257 = 128; 65535/257 = 255
    assert decoded.mode == "L" and np.asarray(decoded).tolist() == [[0, 0, 1, 1, 128, 255]]


@pytest.mark.parametrize("mode,dtype", [("I;16B", ">u2"), ("I;16L", "<u2"), ("I;16", "<u2")])
def test_16bit_modes_of_either_byte_order(mode: str, dtype: str) -> None:
    raw = np.array([[514, 65535, 0, 25700]], dtype=dtype).tobytes()
    im = Image.frombytes(mode, (4, 1), raw)
    assert pixels(im) == ("L", [[2, 255, 0, 100]])  # 514 = 2·257, 25700 = 100·257


def test_32bit_integers_use_the_16bit_scale() -> None:
    im = Image.fromarray(np.array([[0, 257, 65535, 32896]], dtype=np.int32))
    assert im.mode == "I"
    assert pixels(im) == ("L", [[0, 1, 255, 128]])


@pytest.mark.parametrize("bad", [70000, -5])
def test_32bit_integers_outside_16_bits_are_refused(bad: int) -> None:
    im = Image.fromarray(np.array([[0, bad]], dtype=np.int32))
    with pytest.raises(DataError) as info:
        to_8bit(im, HERE)
    assert "img.png" in str(info.value) and str(bad) in str(info.value)


def test_floats_run_from_black_at_0_to_white_at_1() -> None:
    im = Image.fromarray(np.array([[0.0, 0.2, 0.5, 1.0]], dtype=np.float32))
    assert im.mode == "F"
    assert pixels(im) == ("L", [[0, 51, 128, 255]])  # 0.2·255 = 51; 0.5·255 = 127.5 rounds to the even 128


@pytest.mark.parametrize("bad", [2.0, -0.5, float("nan")])
def test_floats_outside_0_to_1_are_refused(bad: float) -> None:
    im = Image.fromarray(np.array([[0.5, bad]], dtype=np.float32))
    with pytest.raises(DataError, match="img.png holds floating-point samples outside 0 to 1"):
        to_8bit(im, HERE)


# --- 8-bit modes ------------------------------------------------------------------------------

def test_bilevel_and_gray_stay_gray() -> None:
    bilevel = Image.new("1", (2, 1))
    bilevel.putpixel((1, 0), 1)
    assert pixels(bilevel) == ("L", [[0, 255]])
    assert pixels(Image.fromarray(np.array([[7, 200]], dtype=np.uint8))) == ("L", [[7, 200]])


def test_cmyk_by_the_plain_formula() -> None:
    im = Image.new("CMYK", (2, 1), (0, 0, 0, 0))
    im.putpixel((1, 0), (0, 100, 255, 51))
    # R = (255-C)(255-K)/255: K = 51 leaves 204; G = 204·(255-100)/255 = 124; B = 0
    assert pixels(im) == ("RGB", [[[255, 255, 255], [204, 124, 0]]])


def test_lab_as_colour() -> None:
    im = Image.new("LAB", (2, 1), (255, 128, 128))  # a = b = 128: no colour; L = 255: white
    im.putpixel((1, 0), (0, 128, 128))  # L = 0: black
    mode, got = pixels(im)
    assert mode == "RGB"
    assert np.abs(np.array(got) - np.array([[[255] * 3, [0] * 3]])).max() <= 2  # rounding in the colour conversion


# --- transparency ---------------------------------------------------------------------------

def test_rgba_is_laid_over_white() -> None:
    rgba = np.array([[[10, 20, 30, 255], [10, 20, 30, 0], [200, 100, 0, 51]]], dtype=np.uint8)
    # a = 51: c/5 + 255·4/5 -> 200/5 + 204 = 244, 100/5 + 204 = 224, 0 + 204 = 204
    assert pixels(Image.fromarray(rgba)) == ("RGB", [[[10, 20, 30], [255, 255, 255], [244, 224, 204]]])


def test_gray_with_alpha_stays_gray_over_white() -> None:
    la = Image.fromarray(np.array([[[0, 255], [0, 0], [100, 51]]], dtype=np.uint8), mode="LA")
    assert pixels(la) == ("L", [[0, 255, 224]])  # 100/5 + 204 = 224


def test_premultiplied_alpha() -> None:
    im = Image.new("RGBa", (2, 1), (10, 20, 30, 255))
    im.putpixel((1, 0), (0, 0, 0, 0))
    assert pixels(im) == ("RGB", [[[10, 20, 30], [255, 255, 255]]])


def test_palette_with_a_transparent_index(tmp_path: Path) -> None:
    im = Image.new("P", (3, 1))
    im.putpalette([255, 0, 0, 0, 0, 255, 0, 255, 0])
    im.putpixel((1, 0), 1)
    im.putpixel((2, 0), 2)
    im.info["transparency"] = bytes([255, 0, 51])  # red opaque, blue invisible, green at a fifth
    path = saved(tmp_path, im)
    decoded = folder_module._decode(path)
    # green at a = 51: R = B = 204, G = 255/5 + 204 = 255
    assert decoded.mode == "RGB" and np.asarray(decoded).tolist() == [[[255, 0, 0], [255, 255, 255], [204, 255, 204]]]


def test_palette_without_transparency_keeps_its_colours() -> None:
    im = Image.new("P", (2, 1))
    im.putpalette([12, 34, 56, 200, 100, 0])
    im.putpixel((1, 0), 1)
    assert pixels(im) == ("RGB", [[[12, 34, 56], [200, 100, 0]]])


def test_palette_with_alpha() -> None:
    im = Image.new("PA", (2, 1))
    im.putpalette([0, 0, 255, 200, 100, 0])
    im.putpixel((0, 0), (0, 0))  # blue, fully transparent
    im.putpixel((1, 0), (1, 255))  # orange, opaque
    assert pixels(im) == ("RGB", [[[255, 255, 255], [200, 100, 0]]])


def test_transparent_gray_level_and_colour_keys(tmp_path: Path) -> None:
    gray = Image.fromarray(np.array([[10, 200]], dtype=np.uint8))
    gray.info["transparency"] = 200
    with Image.open(saved(tmp_path, gray, "g.png")) as im:
        im.load()
        assert pixels(im) == ("L", [[10, 255]])
    rgb = Image.fromarray(np.array([[[10, 20, 30], [1, 2, 3]]], dtype=np.uint8))
    rgb.info["transparency"] = (10, 20, 30)
    with Image.open(saved(tmp_path, rgb, "c.png")) as im:
        im.load()
        assert pixels(im) == ("RGB", [[[255, 255, 255], [1, 2, 3]]])


def test_16bit_gray_with_a_transparent_level() -> None:
    im = Image.fromarray(np.array([[0, 65535, 514]], dtype=np.uint16))
    im.info["transparency"] = 0
    assert pixels(im) == ("L", [[255, 255, 2]])  # 0 is the transparent level: white


# --- a whole set, and images too large to open ---------------------------------------------------

def test_a_16bit_set_trains_on_its_gray_levels(tmp_path: Path) -> None:
    for split, per_class in (("train", 2), ("test", 1)):
        for label in range(2):
            for i in range(per_class):
                level = 257 * (60 * label + 10 * i + 5)  # 8-bit levels 5, 15, 65, 75 as 16-bit samples
                folder = tmp_path / split / f"c{label}"
                folder.mkdir(parents=True, exist_ok=True)
                Image.fromarray(np.full((28, 28), level, dtype=np.uint16)).save(folder / f"{i}.png")
    splits = load_dataset("folder", data_root=tmp_path, val_fraction=0.0)
    assert splits.info.input_shape == (1, 28, 28)
    got = sorted(zip(splits.train.x[:, 0, 0, 0].tolist(), splits.train.y.tolist(), strict=True))
    assert got == [(5, 0), (15, 0), (65, 1), (75, 1)]
    assert (splits.train.x == splits.train.x[:, :, :1, :1]).all()  # each image is still one flat level


def test_an_image_over_the_bomb_limit_is_refused_in_one_sentence(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    for split in ("train", "test"):
        for name in ("a", "b"):
            (tmp_path / split / name).mkdir(parents=True)
            Image.new("L", (16, 16), 40).save(tmp_path / split / name / "small.png")
    bomb = tmp_path / "train" / "b" / "huge.png"
    Image.new("L", (40, 40), 90).save(bomb)  # 1600 pixels
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 600)  # Pillow refuses over twice the limit: 1200
    with pytest.raises(DataError) as info:
        load_dataset("folder", data_root=tmp_path)
    assert str(info.value) == f"{bomb} is not a readable image: the image is too large to open safely."
