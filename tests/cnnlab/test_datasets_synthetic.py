"""The chapter's generated datasets (REFERENCE §1): labels, counts, pixels, geometry, caching, splits.

Expected facts (class order, colours, counts) are written out here from the reference sheet; the
geometric checks measure the drawn pixels with numpy, independently of how they were drawn.
"""

from __future__ import annotations

import collections
from pathlib import Path

import numpy as np
import pytest
import torch

from cnnlab.datasets import get_dataset_spec, load_dataset, synthetic
from cnnlab.datasets.registry import RawData

SHAPES = ["circle", "rectangle", "triangle", "diamond", "line"]
COLORS = {
    "red": (255, 0, 0), "green": (0, 255, 0), "blue": (0, 0, 255),
    "yellow": (255, 255, 0), "cyan": (0, 255, 255), "pink": (255, 0, 255),
}
CS_COLORS = ["red", "green", "blue"]
CS_SHAPES = ["circle", "rectangle", "triangle"]

# name -> (channels, train size, test size)
FACTS = {"shapes": (1, 5000, 1000), "colors": (3, 5000, 1000), "color-shapes": (3, 5400, 900)}


@pytest.fixture(scope="module")
def raw() -> dict[str, RawData]:
    """Each set drawn once for this module, straight from the generator (no cache involved)."""
    return {name: synthetic.generate(name, 0) for name in FACTS}


# --- geometry helpers: plain numpy on a boolean (28, 28) mask of lit pixels --------------------

def bbox(mask: np.ndarray) -> tuple[int, int, int, int]:
    """(top, bottom, left, right), inclusive, of the lit pixels."""
    rows, cols = np.flatnonzero(mask.any(1)), np.flatnonzero(mask.any(0))
    return int(rows[0]), int(rows[-1]), int(cols[0]), int(cols[-1])


def crop(mask: np.ndarray) -> np.ndarray:
    top, bottom, left, right = bbox(mask)
    return mask[top:bottom + 1, left:right + 1]


def fill_ratio(mask: np.ndarray) -> float:
    """Lit pixels over the area of their bounding box."""
    c = crop(mask)
    return float(c.sum()) / c.size


def runs_are_contiguous(mask: np.ndarray) -> bool:
    """Every row and every column of lit pixels is one unbroken run (true for convex shapes)."""
    for lines in (mask, mask.T):
        for line in lines:
            idx = np.flatnonzero(line)
            if len(idx) and idx[-1] - idx[0] + 1 != len(idx):
                return False
    return True


def ideal_iou(mask: np.ndarray, kind: str) -> float:
    """Overlap of the mask with the ideal ellipse or rhombus inscribed in the mask's bounding box."""
    top, bottom, left, right = bbox(mask)
    cy, cx = (top + bottom) / 2, (left + right) / 2
    b, a = (bottom - top + 1) / 2, (right - left + 1) / 2
    ii, jj = np.mgrid[0:mask.shape[0], 0:mask.shape[1]]
    if kind == "ellipse":
        ideal = ((jj - cx) / a) ** 2 + ((ii - cy) / b) ** 2 <= 1
    else:
        ideal = np.abs(jj - cx) / a + np.abs(ii - cy) / b <= 1
    return float((ideal & mask).sum() / (ideal | mask).sum())


def masks_of(data: RawData, labels: list[int]) -> list[np.ndarray]:
    x, y = data.train.x.numpy(), data.train.y.numpy()
    keep = np.isin(y, labels)
    lit = x[keep].any(axis=1)  # (n, H, W): any channel non-zero
    assert isinstance(lit, np.ndarray)
    return list(lit)


def box_side(mask: np.ndarray) -> int:
    top, bottom, left, right = bbox(mask)
    return min(bottom - top, right - left) + 1


# --- classes, counts, format ------------------------------------------------------------------

def test_class_names_in_the_reference_label_order(raw: dict[str, RawData]) -> None:
    assert list(raw["shapes"].classes) == SHAPES
    assert list(raw["colors"].classes) == list(COLORS)
    cs = raw["color-shapes"].classes
    assert len(cs) == 9
    for c, color in enumerate(CS_COLORS):
        for s, shape in enumerate(CS_SHAPES):
            words = cs[c * 3 + s].replace("_", "-").replace(" ", "-").split("-")
            assert color in words and shape in words, f"label {c * 3 + s} is named {cs[c * 3 + s]!r}"
    for name, data in raw.items():
        assert get_dataset_spec(name).classes == data.classes  # what the UI lists before loading


@pytest.mark.parametrize("name", list(FACTS))
def test_sizes_channels_and_dtype(raw: dict[str, RawData], name: str) -> None:
    channels, n_train, n_test = FACTS[name]
    data = raw[name]
    assert tuple(data.train.x.shape) == (n_train, channels, 28, 28)
    assert tuple(data.test.x.shape) == (n_test, channels, 28, 28)
    assert data.train.x.dtype == torch.uint8 and data.train.y.dtype == torch.int64
    spec = get_dataset_spec(name)
    assert spec.channels == channels and spec.size == (28, 28) and spec.generated


def test_shapes_have_1000_train_and_200_test_images_per_class(raw: dict[str, RawData]) -> None:
    assert raw["shapes"].train.y.bincount(minlength=5).tolist() == [1000] * 5
    assert raw["shapes"].test.y.bincount(minlength=5).tolist() == [200] * 5


def test_colors_are_balanced(raw: dict[str, RawData]) -> None:
    for split, total in ((raw["colors"].train, 5000), (raw["colors"].test, 1000)):
        counts = split.y.bincount(minlength=6)
        assert counts.sum() == total and len(counts) == 6
        assert counts.max() - counts.min() <= 1  # 5000 = 6 × 833 + 2


def test_color_shapes_have_600_train_and_100_test_images_per_cell(raw: dict[str, RawData]) -> None:
    assert raw["color-shapes"].train.y.bincount(minlength=9).tolist() == [600] * 9
    assert raw["color-shapes"].test.y.bincount(minlength=9).tolist() == [100] * 9


@pytest.mark.parametrize("name", list(FACTS))
def test_same_seed_draws_the_same_images_and_another_seed_does_not(raw: dict[str, RawData], name: str) -> None:
    again = synthetic.generate(name, 0)
    assert torch.equal(again.train.x, raw[name].train.x) and torch.equal(again.train.y, raw[name].train.y)
    assert torch.equal(again.test.x, raw[name].test.x) and torch.equal(again.test.y, raw[name].test.y)
    other = synthetic.generate(name, 1)
    assert not torch.equal(other.train.x, raw[name].train.x)
    assert not torch.equal(other.test.x, raw[name].test.x)


def test_test_images_are_not_copies_of_the_training_images(raw: dict[str, RawData]) -> None:
    data = raw["shapes"]
    train = {bytes(img) for img in data.train.x.numpy()}
    repeats = sum(bytes(img) in train for img in data.test.x.numpy())
    assert repeats < 0.05 * len(data.test)  # only tiny shapes can coincide by chance


# --- pixels -----------------------------------------------------------------------------------

def test_shapes_are_white_on_black(raw: dict[str, RawData]) -> None:
    for split in (raw["shapes"].train, raw["shapes"].test):
        x = split.x.numpy()
        assert set(np.unique(x).tolist()) == {0, 255}
        assert (x.reshape(len(x), -1).max(1) == 255).all()  # no blank image
        assert (x.reshape(len(x), -1).min(1) == 0).all()  # no image is all white: a shape on black


@pytest.mark.parametrize("name,palette", [
    ("colors", list(COLORS.values())),
    ("color-shapes", [COLORS[c] for c in CS_COLORS for _ in CS_SHAPES]),
])
def test_every_lit_pixel_has_exactly_the_labelled_colour(raw: dict[str, RawData], name: str,
                                                         palette: list[tuple[int, int, int]]) -> None:
    """Shapes are drawn without antialiasing, so a pixel is black or the class colour, nothing between."""
    for split in (raw[name].train, raw[name].test):
        x, y = split.x.numpy(), split.y.numpy()
        expected = np.array(palette, dtype=np.uint8)[y][:, :, None, None]  # (N, 3, 1, 1)
        lit = x.any(axis=1, keepdims=True)  # (N, 1, 28, 28)
        assert ((x == expected) | ~lit).all()
        assert lit.reshape(len(x), -1).any(1).all()  # no blank image


# --- geometry of the shapes set (label = shape) -----------------------------------------------

def test_rectangles_are_full_axis_aligned_boxes_across_the_centre(raw: dict[str, RawData]) -> None:
    for mask in masks_of(raw["shapes"], [1]):
        top, bottom, left, right = bbox(mask)
        assert mask.sum() == (bottom - top + 1) * (right - left + 1)
        # corners drawn from [0, 14) and [14, 28): the box always spans the middle
        assert top <= 13 < 14 <= bottom and left <= 13 < 14 <= right


def test_circles_are_ellipses_filling_their_box(raw: dict[str, RawData]) -> None:
    ious = []
    for mask in masks_of(raw["shapes"], [0]):
        top, bottom, left, right = bbox(mask)
        assert top <= 13 < 14 <= bottom and left <= 13 < 14 <= right
        assert runs_are_contiguous(mask)
        c = crop(mask)
        assert (c == c[::-1, ::-1]).all() and (c == c[:, ::-1]).all()  # an ellipse is mirror-symmetric
        if box_side(mask) >= 6:
            assert fill_ratio(mask) < 1.0
            ious.append(ideal_iou(mask, "ellipse"))
    assert min(ious) > 0.7 and np.median(ious) > 0.9


def test_diamonds_are_rhombi_through_the_box_midpoints(raw: dict[str, RawData]) -> None:
    ious, ratios = [], []
    for mask in masks_of(raw["shapes"], [3]):
        top, bottom, left, right = bbox(mask)
        assert top <= 13 < 14 <= bottom and left <= 13 < 14 <= right
        assert runs_are_contiguous(mask)
        if box_side(mask) >= 4:
            c = crop(mask)
            assert not c[0, 0] and not c[0, -1] and not c[-1, 0] and not c[-1, -1]  # corners stay dark
            ious.append(ideal_iou(mask, "rhombus"))
            ratios.append(fill_ratio(mask))
    assert np.median(ious) > 0.85
    assert 0.4 < np.median(ratios) < 0.65  # a rhombus covers half its box


def test_triangles_are_convex_and_fill_at_most_part_of_their_box(raw: dict[str, RawData]) -> None:
    ratios = []
    for mask in masks_of(raw["shapes"], [2]):
        top, bottom, left, right = bbox(mask)
        # three corners from three different quadrants always straddle both middle lines
        assert top <= 13 < 14 <= bottom and left <= 13 < 14 <= right
        assert runs_are_contiguous(mask)
        if box_side(mask) >= 4:
            ratios.append(fill_ratio(mask))
    assert max(ratios) < 1.0
    assert 0.3 < np.median(ratios) < 0.6  # a triangle covers at most half its box, plus its edges


def test_lines_are_thin(raw: dict[str, RawData]) -> None:
    for mask in masks_of(raw["shapes"], [4]):
        top, bottom, left, right = bbox(mask)
        major = max(bottom - top, right - left) + 1
        assert mask.sum() <= 3 * major  # width 2: about two pixels per step along the line
    long_lines = [m for m in masks_of(raw["shapes"], [4]) if max(crop(m).shape) >= 14]
    assert np.median([fill_ratio(m) for m in long_lines]) < 0.35


# --- geometry where the label is the colour ---------------------------------------------------

def test_color_shapes_label_is_colour_times_three_plus_shape(raw: dict[str, RawData]) -> None:
    data = raw["color-shapes"]
    for c in range(3):
        for mask in masks_of(data, [c * 3 + 1]):  # rectangles
            assert mask.sum() == crop(mask).size
        for mask in masks_of(data, [c * 3 + 0]):  # circles
            cm = crop(mask)
            assert (cm == cm[::-1, ::-1]).all()
        triangles = [fill_ratio(m) for m in masks_of(data, [c * 3 + 2]) if box_side(m) >= 4]
        assert max(triangles) < 1.0


def test_colors_use_every_shape_kind(raw: dict[str, RawData]) -> None:
    masks = masks_of(raw["colors"], list(range(6)))
    full = np.mean([fill_ratio(m) == 1.0 for m in masks])  # rectangles (and a few tiny shapes)
    thin = np.mean([m.sum() <= 3 * max(crop(m).shape) and max(crop(m).shape) >= 10 for m in masks])  # lines
    assert 0.12 < full < 0.35 and 0.1 < thin < 0.3
    symmetric = np.mean([(crop(m) == crop(m)[:, ::-1]).all() and fill_ratio(m) < 1 for m in masks])
    assert symmetric > 0.15  # ellipses (and some diamonds)


# --- caching ----------------------------------------------------------------------------------

def test_second_load_reads_the_cache_instead_of_drawing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CNNLAB_DATA", str(tmp_path))
    calls: list[str] = []
    real = synthetic.generate

    def counting(name: str, seed: int) -> RawData:
        calls.append(name)
        return real(name, seed)

    monkeypatch.setattr(synthetic, "generate", counting)
    first = load_dataset("shapes", seed=3)
    assert calls == ["shapes"]
    assert list((tmp_path / "cache").glob("shapes*.npz"))

    def fail(name: str, seed: int) -> RawData:
        raise AssertionError("generate() ran although the set was cached")

    monkeypatch.setattr(synthetic, "generate", fail)
    second = load_dataset("shapes", seed=3)
    for a, b in ((first.train, second.train), (first.val, second.val), (first.test, second.test)):
        assert torch.equal(a.x, b.x) and torch.equal(a.y, b.y)
    assert first.info == second.info


@pytest.mark.parametrize("damage", ["truncated", "garbage"])
def test_a_damaged_cache_is_regenerated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str) -> None:
    monkeypatch.setenv("CNNLAB_DATA", str(tmp_path))
    synthetic.load_cached("colors", 5)
    (path,) = (tmp_path / "cache").glob("colors*.npz")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2] if damage == "truncated" else b"not a numpy file" * 10)
    again = synthetic.load_cached("colors", 5)
    fresh = synthetic.generate("colors", 5)
    assert torch.equal(again.train.x, fresh.train.x) and torch.equal(again.test.y, fresh.test.y)
    with np.load(path) as z:  # and the cache was rewritten whole
        assert z["train_x"].shape == (5000, 3, 28, 28)


# --- load_dataset: validation split, train_limit, statistics ---------------------------------

def _multiset(x: torch.Tensor, y: torch.Tensor) -> collections.Counter[tuple[bytes, int]]:
    return collections.Counter(zip((bytes(i) for i in x.numpy()), y.tolist(), strict=False))


def test_load_dataset_holds_out_a_tenth_for_validation(raw: dict[str, RawData]) -> None:
    splits = load_dataset("shapes")
    assert (len(splits.train), len(splits.val), len(splits.test)) == (4500, 500, 1000)
    generated = raw["shapes"]
    # train and val partition the generated training set; test is the generated test set
    assert _multiset(splits.train.x, splits.train.y) + _multiset(splits.val.x, splits.val.y) \
        == _multiset(generated.train.x, generated.train.y)
    assert torch.equal(splits.test.x, generated.test.x) and torch.equal(splits.test.y, generated.test.y)
    again = load_dataset("shapes")
    assert torch.equal(again.val.x, splits.val.x)  # the split is fixed by the seed
    info = splits.info
    assert info.classes == tuple(SHAPES) and info.channels == 1 and info.size == (28, 28)
    assert info.input_shape == (1, 28, 28) and info.num_classes == 5 and info.source == "generated"


def test_val_fraction_zero_keeps_every_training_image() -> None:
    splits = load_dataset("color-shapes", val_fraction=0.0)
    assert (len(splits.train), len(splits.val), len(splits.test)) == (5400, 0, 900)


def test_train_limit_keeps_a_subset_of_the_training_split() -> None:
    full = load_dataset("shapes")
    small = load_dataset("shapes", train_limit=1000)
    assert len(small.train) == 1000 and len(small.val) == 500 and len(small.test) == 1000
    assert torch.equal(small.val.x, full.val.x)  # the limit never leaks validation images in
    full_set = _multiset(full.train.x, full.train.y)
    assert not _multiset(small.train.x, small.train.y) - full_set
    assert load_dataset("shapes", train_limit=10**6).train.x.shape == full.train.x.shape


@pytest.mark.parametrize("name,limit", [("shapes", None), ("colors", 700)])
def test_info_mean_and_std_are_those_of_the_training_split(name: str, limit: int | None) -> None:
    splits = load_dataset(name, train_limit=limit)
    x = splits.train.x.numpy().astype(np.float64) / 255.0
    mean = x.mean(axis=(0, 2, 3))
    std = x.std(axis=(0, 2, 3))
    assert len(splits.info.mean) == len(splits.info.std) == splits.info.channels
    np.testing.assert_allclose(splits.info.mean, mean, atol=1e-4)
    np.testing.assert_allclose(splits.info.std, std, atol=1e-4)
