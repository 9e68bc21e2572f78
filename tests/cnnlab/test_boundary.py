"""The core never depends on the Qt front end: ``cnnlab`` must import on a machine without a screen.

Checked twice: statically (no import statement under cnnlab/ names Qt or the ``ui`` package) and
dynamically (importing every cnnlab module in a fresh interpreter loads no Qt module).

One exception is allowed: the ``cnnlab gui`` command hands over to the desktop app, importing
``ui`` inside the command's function, so nothing is loaded unless that command runs.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import cnnlab

PACKAGE = Path(cnnlab.__file__).resolve().parent
REPO = PACKAGE.parent
FORBIDDEN = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "pyqtgraph", "ui")  # top-level package names


def _forbidden(module: str) -> bool:
    return module.split(".")[0] in FORBIDDEN


def imported_names(tree: ast.AST) -> list[tuple[int, str, bool]]:
    """(line, module, inside a function) for every import statement and every literal
    importlib.import_module / __import__ call."""
    found: list[tuple[int, str, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name, in_function) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module, in_function))
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) \
                and isinstance(node.args[0].value, str):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if name in ("import_module", "__import__"):
                found.append((node.lineno, node.args[0].value, in_function))
        nested = in_function or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        for child in ast.iter_child_nodes(node):
            visit(child, nested)

    visit(tree, False)
    return sorted(found)


def offences(relative_path: str, source: str) -> list[str]:
    out = []
    for line, name, _in_function in imported_names(ast.parse(source)):
        if not _forbidden(name):
            continue
        out.append(f"{relative_path}:{line} imports {name}")
    return out


def test_the_scan_sees_every_kind_of_import() -> None:
    source = ("import PySide6.QtCore\nfrom ui.worker import W\nimport importlib\n"
              "importlib.import_module('pyqtgraph')\n__import__('os')\nfrom . import sibling\n"
              "def gui():\n    from ui.app import main\n")
    found = imported_names(ast.parse(source))
    assert [(m, f) for _, m, f in found] == [("PySide6.QtCore", False), ("ui.worker", False), ("importlib", False),
                                             ("pyqtgraph", False), ("os", False), ("ui.app", True)]
    assert not _forbidden("uikit") and not _forbidden("cnnlab.ui_text")
    assert len(offences("cnnlab/engine/x.py", source)) == 4
    # no file is exempt, the command line included: a lazy import inside a function counts too
    assert len(offences("cnnlab/cli.py", source)) == 4


def test_no_core_module_imports_qt_or_the_ui_package() -> None:
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) > 20  # the whole package, not an empty folder
    found = []
    for path in files:
        found += offences(path.relative_to(REPO).as_posix(), path.read_text(encoding="utf-8"))
    assert found == []


CHECK = """
import importlib, json, pkgutil, sys
sys.path.insert(0, sys.argv[1])
import cnnlab
names = sorted(m.name for m in pkgutil.walk_packages(cnnlab.__path__, "cnnlab."))
for name in names:
    if name != "cnnlab.__main__":  # running it would start the command line
        importlib.import_module(name)
forbidden = {f for f in json.loads(sys.argv[2])}
loaded = sorted(m for m in sys.modules if m.split(".")[0] in forbidden)
print(json.dumps({"imported": names, "loaded": loaded}))
"""


def test_importing_every_core_module_loads_no_qt() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", CHECK, str(REPO), json.dumps(FORBIDDEN)],
                          capture_output=True, text=True, env=env, cwd=REPO, timeout=120)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert {"cnnlab.datasets.cifar10", "cnnlab.engine.trainer", "cnnlab.models.chapter",
            "cnnlab.runs.store"} <= set(report["imported"])
    assert report["loaded"] == []
