"""The command line starts without torch: help, argument checking and the listings import none of it; the
light tables (dataset specs, model cards) are the registries; runs are named by path, folder name or number;
the runs table fits 100 columns."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers_runs import write_run

from cnnlab.cli import build_parser, main
from cnnlab.errors import UserError
from cnnlab.runs.index import RunIndex, resolve_run

HEAVY = ("torch", "torchvision", "numpy", "PIL", "matplotlib")  # what a command that needs none of it must not load
REPO = Path(__file__).resolve().parents[2]


def imported_by(*argv: str, env: dict[str, str] | None = None) -> tuple[int, set[str]]:
    """Exit code of ``python -X importtime -m cnnlab ARGV`` in a fresh process, and every module it imported
    (read from -X importtime's report on stderr)."""
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "cnnlab", *argv], cwd=REPO,
                          capture_output=True, text=True, timeout=60, env=env)
    modules = {line.rsplit("|", 1)[1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")}
    assert "cnnlab.cli" in modules, proc.stderr[-2000:]  # the report is really there
    return proc.returncode, modules


@pytest.mark.parametrize("argv", [
    ("--help",), ("train", "--help"), ("datasets",), ("models",), ("models", "--json"), ("runs", "--parent", "EMPTY"),
    ("train", "--epochs", "x"), ("eval", "--no-such-option"), ("explain", "--help"), ("report", "--help"),
    ("design", "--help"), ("design", "show", "--help"),
])
def test_help_listings_and_argument_errors_import_no_torch(argv, tmp_path):
    import os

    argv = tuple(str(tmp_path / "none") if a == "EMPTY" else a for a in argv)
    code, modules = imported_by(*argv, env={**os.environ, "CNNLAB_DATA": str(tmp_path)})
    loaded = sorted(m for m in modules if m.split(".")[0] in HEAVY)
    assert loaded == [] and code == (2 if "x" in argv or "--no-such-option" in argv else 0)


def test_datasets_finds_a_remembered_cifar10_jpeg_copy_without_torch(cifar_jpegs, tmp_path):
    import os

    from cnnlab.datasets.remembered import FORMAT

    data, _ = cifar_jpegs  # data/cifar10-jpg/{train,test}/<class>/
    app = tmp_path / "app"  # the app data folder, where the window remembers the folder it was given
    app.mkdir()
    (app / "data-folders.json").write_text(json.dumps({"format": FORMAT, "folders": {"cifar10": str(data)}}))
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "cnnlab", "datasets", "--json"], cwd=REPO,
                          capture_output=True, text=True, timeout=60, env={**os.environ, "CNNLAB_DATA": str(app)})
    modules = {line.rsplit("|", 1)[1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")}
    assert "cnnlab.datasets.remembered" in modules and not [m for m in modules if m.split(".")[0] in HEAVY]
    found = {d["name"]: d["where"] for d in json.loads(proc.stdout)}
    assert proc.returncode == 0 and found["cifar10"] == str(data / "cifar10-jpg")
    assert found["mnist"] == "not found" and found["shapes"] == "built in (generated)"


def test_the_dataset_specs_are_the_registry_and_every_loader_exists():
    from cnnlab.datasets import list_datasets, specs
    from cnnlab.datasets.registry import _REGISTRY

    light = list(_REGISTRY)
    for family in ("cifar10", "folder", "idx", "synthetic"):  # the torch side registers nothing of its own
        importlib.import_module(f"cnnlab.datasets.{family}")
    assert list_datasets() == light == ["cifar10", "folder", "mnist", "fashion-mnist", "shapes", "colors",
                                        "color-shapes"]
    for name in light:
        family = _REGISTRY[name].load.family  # type: ignore[attr-defined]
        assert callable(importlib.import_module(f"cnnlab.datasets.{family}").load), name
    assert specs.idx_locate("mnist", Path("/nonexistent")) is None


def test_the_model_cards_are_the_registry():
    from torch import nn

    from cnnlab.models.cards import CARDS, model_names
    from cnnlab.models.registry import _registered, list_models, register_model

    assert set(_registered()) == set(CARDS) and list_models() == model_names()
    assert model_names()[:3] == ["dnn", "color-cnn", "shape-cnn"] and model_names("resnet") == ["resnet18", "resnet20"]
    with pytest.raises(ValueError, match="no card"):
        register_model("not-in-the-table")(lambda **kw: nn.Identity())


def test_the_parser_offers_every_dataset():
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    train = sub.choices["train"]  # type: ignore[index]
    dataset = next(a for a in train._actions if a.dest == "dataset")
    assert list(dataset.choices) == ["cifar10", "folder", "mnist", "fashion-mnist", "shapes", "colors",
                                     "color-shapes"]


def test_lazy_package_names_are_the_modules_own():
    for package in ("cnnlab.engine", "cnnlab.runs", "cnnlab.report", "cnnlab.inspection", "cnnlab.models",
                    "cnnlab.datasets"):
        module = importlib.import_module(package)
        for name in module.__all__:
            value = getattr(module, name)
            assert getattr(value, "__name__", name) == name or not callable(value), (package, name)
        with pytest.raises(AttributeError):
            module.no_such_name  # noqa: B018


# ---------------------------------------------------------------- naming a run

NEW, MID, OLD = "20260103-090000-mnist-lenet", "20260102-090000-shapes-lenet", "20260101-090000-shapes-shape-cnn"


@pytest.fixture
def runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    parent = tmp_path / "runs"
    write_run(parent, OLD)
    write_run(parent, MID, model="lenet")
    write_run(parent, NEW, dataset="mnist", model="lenet")
    monkeypatch.setenv("CNNLAB_RUNS", str(parent))
    monkeypatch.chdir(tmp_path)
    return parent


def test_a_run_is_named_by_its_path_its_folder_name_or_its_number(runs):
    assert resolve_run(str(runs / MID)) == runs / MID
    assert resolve_run(str(runs / "gone")) == runs / "gone"  # a path: opening it says it does not exist
    assert resolve_run(MID) == runs / MID
    assert [resolve_run(n) for n in ("1", "2", "3")] == [runs / NEW, runs / MID, runs / OLD]  # newest first
    with pytest.raises(UserError) as info:
        resolve_run("4")
    assert str(info.value) == f"There is no run number 4: `cnnlab runs` numbers the 3 runs in {runs} from 1 to 3."
    with pytest.raises(UserError) as info:
        resolve_run("20990101-000000-typo")
    assert str(info.value) == (f"No run matches '20990101-000000-typo': give a run folder, the name of a folder in "
                               f"{runs}, or a run's number from `cnnlab runs`.")


def test_report_and_compare_refuse_an_unknown_run_in_one_sentence(runs, capsys):
    assert main(["report", "nothing-like-it"]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [
        f"cnnlab: No run matches 'nothing-like-it': give a run folder, the name of a folder in {runs}, or a run's "
        "number from `cnnlab runs`."]
    assert main(["compare", "1", "1"]) == 2  # both numbers name the same run
    assert capsys.readouterr().err.strip() == f"cnnlab: Both runs are {runs / NEW}; name two different run folders " \
                                              "to compare."


def test_the_runs_table_numbers_the_runs_and_fits_100_columns(runs, capsys):
    RunIndex(runs).set_note(OLD, "a long note about why this run was made, " * 5)
    assert main(["runs"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:2] == ["#", "run"] and max(len(line) for line in lines) <= 100
    assert [line.split()[:2] for line in lines[1:]] == [["1", NEW], ["2", MID], ["3", OLD]]
    assert lines[3].endswith("…") and str(runs) not in "\n".join(lines)
    assert main(["runs", "--model", "lenet"]) == 0  # a filter keeps each run's number
    assert [line.split()[:2] for line in capsys.readouterr().out.splitlines()[1:]] == [["1", NEW], ["2", MID]]
    assert main(["runs", "--paths"]) == 0
    out = capsys.readouterr().out
    assert str(runs / OLD) in out and ("a long note about why this run was made, " * 5).strip() in out
    assert main(["runs", "--json"]) == 0
    assert [r["run_dir"] for r in json.loads(capsys.readouterr().out.splitlines()[-1])] == [
        str(runs / NEW), str(runs / MID), str(runs / OLD)]
