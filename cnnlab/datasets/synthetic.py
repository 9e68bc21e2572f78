"""The chapter's generated datasets: shapes, colors and color-shapes (REFERENCE §1).

Every image is 28×28, a filled shape drawn with PIL on a black canvas at a random size and
position, no rotation or noise. Generation is deterministic for a seed and cached as ``.npz``.
"""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import numpy as np
import torch
from PIL import Image, ImageDraw

from cnnlab.datasets.base import ImageSet
from cnnlab.datasets.cache_file import save_cache
from cnnlab.datasets.registry import LoadRequest, RawData
from cnnlab.datasets.specs import CS_COLORS, CS_SHAPES, SHAPES
from cnnlab.datasets.specs import SYNTHETIC_COLORS as COLORS
from cnnlab.datasets.specs import SYNTHETIC_SIZE as SIZE
from cnnlab.paths import cache_dir

_CACHE_VERSION = 1  # bump when drawing changes so stale caches are ignored

def _box(rng: random.Random) -> tuple[int, int, int, int]:
    """x0, y0 in [0, 14), x1, y1 in [14, 28): the course's bounding box."""
    half = SIZE // 2
    return rng.randrange(0, half), rng.randrange(0, half), rng.randrange(half, SIZE), rng.randrange(half, SIZE)


MAX_REDRAWS = 1000  # draws per image before ``min_area`` gives up (a bound no sensible area reaches)


def draw_shape(kind: str, fill: int | tuple[int, int, int], rng: random.Random, mode: str,
               min_area: int = 0) -> np.ndarray:
    """One 28×28 image of ``kind``; returns (H, W) for mode "L" or (H, W, 3) for "RGB".

    ``min_area`` > 0 redraws a triangle until it covers at least that many pixels: the course's
    generator (``min_area=0``, the default) draws some triangles as slivers that look like lines.
    The default draws exactly the course's images (the same random numbers, the same bytes).
    """
    image = _draw_once(kind, fill, rng, mode)
    if kind != "triangle" or min_area <= 0:
        return image
    for _ in range(MAX_REDRAWS):
        if _area(image) >= min_area:
            return image
        image = _draw_once(kind, fill, rng, mode)
    raise ValueError(f"no triangle of at least {min_area} pixels in {MAX_REDRAWS} draws; choose a smaller min_area")


def _area(image: np.ndarray) -> int:
    """Pixels of the shape (any channel lit) in one (H, W) or (H, W, 3) image."""
    return int((image.reshape(SIZE, SIZE, -1) > 0).any(axis=2).sum())


def _draw_once(kind: str, fill: int | tuple[int, int, int], rng: random.Random, mode: str) -> np.ndarray:
    img = Image.new(mode, (SIZE, SIZE), 0)
    d = ImageDraw.Draw(img)
    if kind == "circle":
        d.ellipse(_box(rng), fill=fill)
    elif kind == "rectangle":
        d.rectangle(_box(rng), fill=fill)
    elif kind == "diamond":
        x0, y0, x1, y1 = _box(rng)
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        d.polygon([(cx, y0), (x1, cy), (cx, y1), (x0, cy)], fill=fill)
    elif kind == "triangle":
        half = SIZE // 2
        quadrants = [(0, 0), (half, 0), (half, half), (0, half)]  # clockwise, so no crossing
        corners = [(qx + rng.randrange(half), qy + rng.randrange(half)) for qx, qy in quadrants]
        del corners[rng.randrange(4)]  # three of the four points
        d.polygon(corners, fill=fill)
    elif kind == "line":
        pts = [(rng.randrange(SIZE), rng.randrange(SIZE)) for _ in range(2)]
        while pts[0] == pts[1]:
            pts[1] = (rng.randrange(SIZE), rng.randrange(SIZE))
        d.line(pts, fill=fill, width=2)
    else:
        raise ValueError(f"unknown shape {kind!r}")
    return np.asarray(img, dtype=np.uint8)


def _stack(images: list[np.ndarray], labels: list[int]) -> ImageSet:
    x = np.stack(images)
    x = x[:, None] if x.ndim == 3 else x.transpose(0, 3, 1, 2)  # (N, C, 28, 28)
    return ImageSet(torch.from_numpy(np.ascontiguousarray(x)), torch.tensor(labels, dtype=torch.int64))


def _shapes(rng: random.Random, per_class: int, min_area: int = 0) -> ImageSet:
    images, labels = [], []
    for i in range(per_class * len(SHAPES)):
        label = i % len(SHAPES)
        images.append(draw_shape(SHAPES[label], 255, rng, "L", min_area))
        labels.append(label)
    return _stack(images, labels)


def _colors(rng: random.Random, n: int) -> ImageSet:
    names = list(COLORS)
    images, labels = [], []
    for i in range(n):
        label = i % len(names)  # balanced colours; the shape is random, lines included
        images.append(draw_shape(rng.choice(SHAPES), COLORS[names[label]], rng, "RGB"))
        labels.append(label)
    return _stack(images, labels)


def _color_shapes(rng: random.Random, per_cell: int, min_area: int = 0) -> ImageSet:
    images, labels = [], []
    for _ in range(per_cell):
        for c, color in enumerate(CS_COLORS):
            for s, shape in enumerate(CS_SHAPES):
                images.append(draw_shape(shape, COLORS[color], rng, "RGB", min_area))
                labels.append(c * len(CS_SHAPES) + s)
    return _stack(images, labels)


def _shuffled(data: ImageSet, rng: random.Random) -> ImageSet:
    order = list(range(len(data)))
    rng.shuffle(order)
    return data.subset(torch.tensor(order))


def generate(name: str, seed: int, min_area: int = 0) -> RawData:
    """Draw a synthetic dataset from scratch (no cache).

    ``min_area`` (pixels, shapes and color-shapes): redraw every triangle smaller than that, so a
    teacher can remove the slivers that look like lines; 0, the default, is the course's generator.
    """
    rng = random.Random(f"{name}:{seed}")  # string seeds are stable across Python versions
    classes: tuple[str, ...]
    if name == "shapes":
        train, test, classes = _shapes(rng, 1000, min_area), _shapes(rng, 200, min_area), SHAPES
    elif name == "colors":
        train, test, classes = _colors(rng, 5000), _colors(rng, 1000), tuple(COLORS)
    elif name == "color-shapes":
        train, test = _color_shapes(rng, 600, min_area), _color_shapes(rng, 100, min_area)
        classes = tuple(f"{c}-{s}" for c in CS_COLORS for s in CS_SHAPES)
    else:
        raise ValueError(f"unknown synthetic dataset {name!r}")
    return RawData(classes, _shuffled(train, rng), _shuffled(test, rng), "generated")


def load_cached(name: str, seed: int, cache: Path | None = None, min_area: int = 0) -> RawData:
    """Generate once per (name, seed, min_area), then read the cached arrays."""
    area = f"-area{min_area}" if min_area > 0 else ""  # the default keeps its old cache name
    path = (cache or cache_dir()) / f"{name}-seed{seed}{area}-v{_CACHE_VERSION}.npz"
    if path.exists():
        try:
            with np.load(path, allow_pickle=False) as z:
                classes = tuple(str(c) for c in z["classes"])
                return RawData(
                    classes,
                    ImageSet(torch.from_numpy(z["train_x"]), torch.from_numpy(z["train_y"])),
                    ImageSet(torch.from_numpy(z["test_x"]), torch.from_numpy(z["test_y"])),
                    "generated",
                )
        except (OSError, KeyError, ValueError, EOFError, zipfile.BadZipFile):
            pass  # a damaged cache is simply regenerated
    raw = generate(name, seed, min_area) if min_area > 0 else generate(name, seed)
    save_cache(path, classes=np.array(raw.classes), train_x=raw.train.x.numpy(), train_y=raw.train.y.numpy(),
               test_x=raw.test.x.numpy(), test_y=raw.test.y.numpy())  # a read-only folder: generated again next time
    return raw


def load(name: str, req: LoadRequest) -> RawData:
    """The registry's loader (:mod:`cnnlab.datasets.specs`): ``name`` generated with the request's seed, cached."""
    return load_cached(name, req.seed)
