"""Recipes: the models' own are one plain table (read without torch) that registration takes them from; the
engine's lookup keeps its precedence; the model package never imports the engine; ``list_models`` has a fixed
order."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import cnnlab.models
from cnnlab.engine.recipes import Recipe, has_course_recipe, recipe_for
from cnnlab.models import get_model_spec, list_models
from cnnlab.models.recipe import MODEL_RECIPES
from cnnlab.models.recipe import Recipe as ModelsRecipe

MODELS_DIR = Path(cnnlab.models.__file__).parent


def _imported_modules(path: Path) -> set[str]:
    """Every module an ``import``/``from ... import`` statement in ``path`` names, wherever it stands."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against cnnlab.models
                base = "cnnlab.models" if node.level == 1 else "cnnlab"
                mod = f"{base}.{node.module}" if node.module else base
            else:
                mod = node.module or ""
            names.add(mod)
            names.update(f"{mod}.{alias.name}" for alias in node.names)
    return names


def test_no_file_under_models_imports_the_engine() -> None:
    files = sorted(MODELS_DIR.rglob("*.py"))
    assert len(files) >= 10  # the zoo, the chapter and the registry are all there
    offenders = {f.name: sorted(m for m in _imported_modules(f) if m == "cnnlab.engine"
                                or m.startswith("cnnlab.engine."))
                 for f in files}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_import_check_sees_every_form(tmp_path: Path) -> None:
    f = tmp_path / "m.py"
    f.write_text("import cnnlab.engine.trainer\nfrom cnnlab import engine\n"
                 "def g():\n    from cnnlab.engine.recipes import recipe_for\n", encoding="utf-8")
    assert {"cnnlab.engine.trainer", "cnnlab.engine", "cnnlab.engine.recipes"} <= _imported_modules(f)


def test_recipe_is_one_class_re_exported_by_the_engine() -> None:
    assert Recipe is ModelsRecipe


def test_list_models_order_is_chapter_order_then_zoo_by_year() -> None:
    assert list_models() == [
        "dnn", "color-cnn", "shape-cnn", "color-shape-cnn", "mnist-cnn", "fashion-cnn", "cifar-cnn",
        "lenet5",  # 1998
        "alexnet",  # 2012
        "zfnet",  # 2013
        "googlenet", "vgg11", "vgg16",  # 2014, ties by name
        "resnet18", "resnet20",  # 2015
        "densenet121",  # 2016
    ]
    assert list_models("chapter") == list_models()[:7]
    assert list_models("resnet") == ["resnet18", "resnet20"]


def test_zoo_recipes_keep_their_numbers() -> None:
    assert recipe_for("mnist", "lenet5") == Recipe(5, 64, 3e-3, "adam")
    assert recipe_for("cifar10", "lenet5") == Recipe(30, 64, 2e-3, "adam", augment="flip+shift")
    assert recipe_for("mnist", "alexnet") == Recipe(3, 64, 3e-4, "adam")
    assert recipe_for("cifar10", "alexnet") == Recipe(30, 128, 3e-4, "adam", augment="flip+shift")
    assert recipe_for("cifar10", "zfnet") == Recipe(30, 128, 3e-4, "adam", augment="flip+shift")
    assert recipe_for("mnist", "vgg16") == Recipe(2, 64, 2e-4, "adam")
    assert recipe_for("cifar10", "vgg11") == Recipe(30, 128, 2e-4, "adam", augment="flip+shift")
    assert recipe_for("mnist", "resnet20") == Recipe(5, 64, 3e-3, "adam")
    assert recipe_for("mnist", "densenet121") == Recipe(2, 64, 2e-3, "adam")
    sgd = Recipe(30, 128, 0.1, "momentum", weight_decay=5e-4, augment="flip+shift")
    for name in ("googlenet", "resnet18", "resnet20", "densenet121"):
        assert recipe_for("cifar10", name) == sgd, name


def test_dataset_and_course_recipes_keep_their_numbers() -> None:
    assert recipe_for("colors", "color-cnn") == Recipe(30, 32, 1e-2, "adam")
    assert recipe_for("cifar10", "cifar-cnn") == Recipe(20, 64, 2e-3, "adam", weight_decay=5e-4,
                                                        augment="flip+shift")
    assert recipe_for("cifar10", "cifar-cnn", "course") == Recipe(25, 32, 1e-4, "rmsprop", "none",
                                                                  augment="flip+shift")
    assert recipe_for("mnist", "mnist-cnn", "course") == Recipe(5, 128, 0.1, "momentum", "none")
    assert recipe_for("no-such-dataset", "no-such-model") == Recipe(10, 64, 1e-3, "adam")


@pytest.mark.parametrize("dataset", ["mnist", "cifar10", "no-such-dataset"])
def test_precedence_pair_over_model_over_dataset(dataset: str) -> None:
    spec = get_model_spec("lenet5")
    expected = spec.recipes.get(dataset, spec.recipes[None])
    assert recipe_for(dataset, "lenet5") == expected
    assert recipe_for(dataset, "lenet5", "course") == expected  # no course recipe: falls back to default
    assert recipe_for(dataset, "a-model-without-recipes") != expected


def test_course_wins_over_everything() -> None:
    assert has_course_recipe("mnist", "dnn")
    assert recipe_for("mnist", "dnn", "course") == Recipe(5, 128, 0.1, "momentum", "none")
    assert recipe_for("mnist", "dnn") == Recipe(3, 64, 3e-3, "adam")  # the dataset's recipe
    assert not has_course_recipe("mnist", "lenet5")


def test_models_declare_recipes_with_their_registration() -> None:
    for name in list_models():
        spec = get_model_spec(name)
        if spec.card.family == "chapter":
            assert spec.recipes == {}, name  # the chapter's nets use the dataset recipes
        else:
            assert None in spec.recipes and "cifar10" in spec.recipes, name


def test_each_model_registers_with_the_tables_recipes() -> None:
    for name in list_models():
        assert get_model_spec(name).recipes == MODEL_RECIPES.get(name, {}), name


def test_a_classic_nets_recipe_is_read_without_torch() -> None:
    """The window fills its form before torch is imported (a zoo model saved as the student's last choice)."""
    code = ("import sys; from cnnlab.engine.recipes import recipe_for; "
            "print(recipe_for('mnist', 'resnet20').epochs, recipe_for('cifar10', 'vgg16').optimizer, "
            "recipe_for('shapes', 'shape-cnn').lr, 'torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=MODELS_DIR.parents[1]).stdout.split()
    assert out == ["5", "adam", "0.003", "False"]  # ResNet-20's 5 epochs; VGG's Adam on CIFAR-10; the shapes' 3e-3
