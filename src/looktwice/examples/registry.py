"""The kit's catalogue, built once: the manifest's entries with their sources, the examples the
kit makes itself, then whatever other parts of the kit add (:func:`add_provider`).

The data model (:class:`.catalog.Example`, :class:`.catalog.ImageSource`,
:class:`.catalog.Catalog`) knows no source; each source module knows the model only; this
module alone knows them all, so nothing in ``looktwice.examples`` imports back.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from .builtin import PackageFileSource
from .catalog import Catalog
from .kit_made import register_specimens
from .manifest import read_manifest
from .pack_source import PackSource

_default: Catalog | None = None
_providers: list[Callable[[Catalog], None]] = []
_default_lock = threading.Lock()


def default_catalog() -> Catalog:
    """The kit's catalogue: the manifest's entries, then whatever providers add. Built once."""
    global _default
    with _default_lock:
        if _default is None:
            catalog = Catalog()
            builtin, pack = PackageFileSource(), PackSource()
            for example in read_manifest():
                catalog.register(example, builtin if example.origin == "builtin" else pack)
            register_specimens(catalog)
            for provider in _providers:
                provider(catalog)
            _default = catalog
        return _default


def add_provider(provider: Callable[[Catalog], None]) -> None:
    """Have ``provider(catalog)`` register more entries into the kit's catalogue.

    It runs when the catalogue is first needed (at once if it already exists), so a part of the
    kit can offer entries without making ``import looktwice.examples`` slower.
    """
    with _default_lock:
        _providers.append(provider)
        built = _default
    if built is not None:
        provider(built)
