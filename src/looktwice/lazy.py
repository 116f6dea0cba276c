"""Packages whose public names are imported on first use, so that ``looktwice --help`` starts
in a fraction of a second instead of loading SciPy, the analyses and the catalogue.

>>> import types
>>> module_getattr = lazy_attributes("looktwice", {"Text": "text"})
>>> module_getattr("Text").__name__
'Text'
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any


def lazy_attributes(package: str, table: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package``: a name in ``table`` is imported from the
    submodule it maps to the first time it is asked for, then kept in the package."""

    def __getattr__(name: str) -> Any:
        if name in table:
            value = getattr(importlib.import_module(f".{table[name]}", package), name)
            setattr(sys.modules[package], name, value)
            return value
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
