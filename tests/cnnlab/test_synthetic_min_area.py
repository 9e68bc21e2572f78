"""The shapes generator's optional ``min_area``: slivers redrawn on request, the course's bytes by default."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from cnnlab.datasets.synthetic import SHAPES, generate, load_cached

# sha256 of shapes seed 0 (train x, test x, train y, test y) as the course's generator draws it
SHAPES_SEED0 = "92e595b52b6f8a80c3bc8a35531b1a1797a78f20fdf2eb0fc9e678c9b066c3ba"


def digest(name: str, seed: int, **kw: int) -> str:
    r = generate(name, seed, **kw)
    return hashlib.sha256(r.train.x.numpy().tobytes() + r.test.x.numpy().tobytes()
                          + r.train.y.numpy().tobytes() + r.test.y.numpy().tobytes()).hexdigest()


def test_default_output_is_the_course_generator_unchanged() -> None:
    assert digest("shapes", 0) == SHAPES_SEED0
    assert digest("shapes", 0, min_area=0) == SHAPES_SEED0


def test_min_area_removes_small_triangles_only() -> None:
    bound = 40
    plain, clean = generate("shapes", 0), generate("shapes", 0, min_area=bound)
    tri = SHAPES.index("triangle")
    for split, plain_split in ((clean.train, plain.train), (clean.test, plain.test)):
        areas = (split.x[split.y == tri] > 0).flatten(1).sum(1)
        assert int(areas.min()) >= bound
        before = (plain_split.x[plain_split.y == tri] > 0).flatten(1).sum(1)
        assert int(before.min()) < bound  # the default does draw slivers
        assert len(split) == len(plain_split)


def test_min_area_is_cached_apart_from_the_default(tmp_path: Path) -> None:
    a = load_cached("shapes", 0, tmp_path)
    b = load_cached("shapes", 0, tmp_path, min_area=40)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shapes-seed0-area40-v1.npz", "shapes-seed0-v1.npz"]
    assert not bool((a.train.x == b.train.x).all())


def test_impossible_min_area_says_so() -> None:
    with pytest.raises(ValueError, match="min_area"):
        generate("shapes", 0, min_area=28 * 28 + 1)


def test_description_mentions_the_slivers() -> None:
    from cnnlab.datasets import get_dataset_spec

    assert "sliver" in get_dataset_spec("shapes").description
