"""Package attributes imported when first used (PEP 562), so that ``import cnnlab.engine.config`` or
``cnnlab --help`` does not load torch through a package's ``__init__``.

A package lists where each public name lives and sets ``__getattr__ = lazy_attributes(__name__, HOMES)``;
its ``TYPE_CHECKING`` imports of the same names keep type checkers and import contracts seeing them.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any


def lazy_attributes(package: str, homes: Mapping[str, str],
                    before: Callable[[], None] | None = None) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package``: ``homes`` maps a public name to the submodule defining it
    ("Trainer" -> "trainer"); ``before`` runs once before the first name is looked up (e.g. registering)."""

    def getattr_(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        if before is not None:
            before()
        value = getattr(importlib.import_module(f"{package}.{home}"), name)
        setattr(sys.modules[package], name, value)  # found at once the next time
        return value

    return getattr_
