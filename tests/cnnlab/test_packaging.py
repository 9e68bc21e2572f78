"""The wheel carries the top-level assets/ folder, and an installed copy finds it."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    source = out / "source"  # a copy, so the build leaves no build/ folder in the checkout
    keep = ["cnnlab", "ui", "assets", "pyproject.toml", "README.md", "LICENSE"]
    for name in keep:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(ROOT / name, source / name)
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out)]
    command.append(str(source))
    subprocess.run(command, check=True, capture_output=True, cwd=out)
    (found,) = out.glob("cnnlab-*.whl")
    return found


def test_the_wheel_holds_every_shipped_asset(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {
        p.relative_to(ROOT / "assets").as_posix()
        for p in (ROOT / "assets").rglob("*")
        if p.is_file() and p.suffix in {".svg", ".qm", ".ts", ".png", ".yaml"}
    }
    assert "cnnlab.svg" in shipped and "designs/mnist-cnn.yaml" in shipped
    assert "i18n/cnnlab_zh_CN.qm" in shipped and "i18n/cnnlab_zh_CN.ts" in shipped  # the Chinese window
    assert {f"cnnlab/assets/{name}" for name in shipped} <= names
    assert "ui/style.qss" in names


def test_an_installed_wheel_finds_its_assets(wheel: Path, tmp_path: Path) -> None:
    zipfile.ZipFile(wheel).extractall(tmp_path)  # a wheel is installed by unpacking it (pure Python)
    probe = "from cnnlab.paths import asset; p = asset('cnnlab.svg'); print(p.resolve(), p.is_file())"
    env = {"PYTHONPATH": str(tmp_path), "PATH": ""}
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, cwd=tmp_path)
    path, is_file = done.stdout.split()
    assert is_file == "True"
    assert Path(path).is_relative_to(tmp_path.resolve())  # the installed copy, not the checkout


def _slug(text: str) -> str:
    return text.lower().replace(" ", "-").split("/")[0]  # "T-shirt/top" -> "t-shirt", "Ankle boot" -> "ankle-boot"


def test_each_sample_image_names_a_class_of_its_dataset_and_loads_as_its_input() -> None:
    from cnnlab.datasets import get_dataset_spec, list_datasets
    from cnnlab.inspection.images import load_image
    from cnnlab.paths import asset

    samples = sorted(asset("samples").glob("*.png"))
    assert len(samples) >= 10
    names = sorted(list_datasets(), key=len, reverse=True)  # "color-shapes" before "shapes"
    for path in samples:
        dataset = next(n for n in names if path.stem.startswith(n + "-"))
        spec = get_dataset_spec(dataset)
        assert path.stem[len(dataset) + 1:] in {_slug(c) for c in spec.classes or ()}, path.name
        x = load_image(path, spec.channels or 1, (28, 28))
        assert tuple(x.shape) == (spec.channels or 1, 28, 28) and float(x.max()) > 0.5, path.name


def test_the_wheel_holds_every_python_module_of_the_checkout(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {p.relative_to(ROOT).as_posix() for top in ("cnnlab", "ui") for p in (ROOT / top).rglob("*.py")
               if "__pycache__" not in p.parts}
    assert modules and modules <= names, sorted(modules - names)
