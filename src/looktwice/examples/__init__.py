"""Example images with known provenance, for lessons, the demo and tests.

Two groups of images, described by one manifest (``manifest.csv`` in this package):

- **built in** (``origin="builtin"``): freely licensed photos that ship inside scikit-image and
  scikit-learn, so they work with no network at all;
- **the example pack** (``origin="pack"``): 88 real photos and generated images from 18
  generator families, downloaded on request from pinned URLs (or a school's mirror) and
  checked by SHA-256.

Every entry carries its licence and a credit line to show with it, in English and French
(:meth:`Example.credit_line`); entries whose licence is ``uncertain`` or ``noncommercial`` say
so, and can be left out with ``exclude_status``. Each image may carry tell records
(:attr:`Example.tell_records`): where it gives itself away, in which category of
:mod:`looktwice.tell_categories`, and since when current generators no longer show it;
:func:`tell_closeup` enlarges one.

>>> from looktwice import examples
>>> [e.name for e in examples.list_examples("real", tell="camera-exif")]
['real_mount_rainier', 'real_window_iron_bars']
>>> image = examples.load_example("coffee")              # built in: no network needed
>>> image.size
(600, 400)
>>> data, credit = examples.load_example_bytes("chelsea")
>>> credit.startswith("Chelsea the cat.")
True
>>> examples.list_examples("generated", tell="garbled-text")[0].name
'gen_ldm_sign_misspelled'
>>> [e.name for e in examples.list_examples(category="hands", family="stable-diffusion-1")]
['gen_sd14_apricot_picker', 'gen_sd14_water_horse_rider']
>>> examples.get_example("kodim22").credit_line("fr").endswith("usage sans restriction")
True
>>> examples.download_pack()                             # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..lazy import lazy_attributes

if TYPE_CHECKING:
    from PIL import Image

    from .catalog import Example, ImageSource

#: Where each public name lives. Nothing heavy is imported with the package: ``looktwice
#: --help`` stays quick, and the catalogue is built (manifest, then the kit's specimens, then
#: other providers) the first time it is needed.
_LAZY = {
    "ENV_VAR": "cache",
    "cache_dir": "cache",
    "STATUSES": "catalog",
    "Catalog": "catalog",
    "Example": "catalog",
    "ImageSource": "catalog",
    "add_provider": "registry",
    "tell_closeup": "closeup",
    "CacheWriteError": "errors",
    "ChecksumError": "errors",
    "DamagedError": "errors",
    "DerivationError": "errors",
    "DownloadInterruptedError": "errors",
    "ExampleError": "errors",
    "NotDownloadedError": "errors",
    "OfflineError": "errors",
    "SourceNotFoundError": "errors",
    "UnknownExampleError": "errors",
    "Check": "pack",
    "DownloadResult": "pack",
    "ExportResult": "pack",
    "download_pack": "pack",
    "export_pack": "pack",
    "verify_pack": "pack",
    "TellRecord": "tell_records",
    "TELLS": "tells",
}


__getattr__ = lazy_attributes(__name__, _LAZY)


def default_catalog():
    """The kit's catalogue (see :func:`.registry.default_catalog`)."""
    from .registry import default_catalog as build

    return build()


def list_examples(
    kind: str | None = None,
    *,
    generator: str | None = None,
    tell: str | Iterable[str] | None = None,
    origin: str | None = None,
    exclude_status: Iterable[str] = (),
    category: str | Iterable[str] | None = None,
    family: str | None = None,
) -> list[Example]:
    """Examples matching every filter given, in manifest order.

    Parameters
    ----------
    kind : str, optional
        ``"real"`` or ``"generated"``.
    generator : str, optional
        Part of the generator's name, any case (``"flux"``, ``"stable diffusion"``).
    tell : str or list of str, optional
        One tag or several that must all be present (see :data:`TELLS`).
    origin : str, optional
        ``"builtin"`` (ships with scikit-image and scikit-learn), ``"pack"`` (the downloadable
        pack) or ``"specimen"`` (made by the kit, :mod:`looktwice.examples.kit_made`).
    exclude_status : list of str, optional
        Licence statuses to leave out (``("uncertain", "noncommercial")``).
    category : str or list of str, optional
        One tell category or several that the example's tell records must all have (see
        :mod:`looktwice.tell_categories`; an unknown one raises ``ValueError``).
    family : str, optional
        The generator family, exactly (``"sdxl"``, ``"flux"``, ``"camera"``; see
        :meth:`Catalog.families`).

    Returns
    -------
    list of Example
        The catalogue records; listing downloads nothing.

    Examples
    --------
    >>> from looktwice import examples
    >>> [e.name for e in examples.list_examples("real", tell="camera-exif")]
    ['real_mount_rainier', 'real_window_iron_bars']
    >>> [e.name for e in examples.list_examples(origin="specimen")][:2]
    ['kit-transposed-texture-1', 'kit-transposed-texture-2']
    """
    return default_catalog().find(
        kind,
        generator=generator,
        tell=tell,
        origin=origin,
        exclude_status=exclude_status,
        category=category,
        family=family,
    )


def get_example(name: str) -> Example:
    """The record of one example, by name, file name or alias.

    Parameters
    ----------
    name : str
        The example's name (``"real_coffee_cup"``), file name or alias (``"coffee"``).

    Returns
    -------
    Example
        Its kind, origin, licence, credit line, generator and tell records.

    Raises
    ------
    UnknownExampleError
        For a name the catalogue does not know (the message suggests close names).

    Examples
    --------
    >>> from looktwice import examples
    >>> coffee = examples.get_example("coffee")
    >>> coffee.name, coffee.kind, coffee.origin, coffee.license_short
    ('real_coffee_cup', 'real', 'builtin', 'CC0')
    >>> coffee.credit_line("en")
    'Photo: Rachel Michetti, courtesy of Pikolo Espresso Bar, via scikit-image · CC0'
    """
    return default_catalog().get(name)


def load_example(name: str) -> Image.Image:
    """The example's image, decoded by Pillow.

    Parameters
    ----------
    name : str
        The example's name, file name or alias (see :func:`get_example`).

    Returns
    -------
    PIL.Image.Image
        The picture, as its file holds it.

    Raises
    ------
    NotDownloadedError
        For a pack image that is not on this computer yet (``looktwice examples download``).

    Examples
    --------
    >>> from looktwice import examples
    >>> image = examples.load_example("coffee")              # built in: no network needed
    >>> image.size, image.mode
    ((600, 400), 'RGB')
    """
    return default_catalog().load_image(name)


def load_example_bytes(name: str) -> tuple[bytes, str]:
    """The example's file, byte for byte, and the credit line to show with it.

    Parameters
    ----------
    name : str
        The example's name, file name or alias (see :func:`get_example`).

    Returns
    -------
    data : bytes
        The file; for an example the kit makes, made on first use.
    credit : str
        Who made it and under which licence, in English.

    Raises
    ------
    NotDownloadedError
        For a pack image that is not on this computer yet.

    Examples
    --------
    >>> from looktwice import examples
    >>> data, credit = examples.load_example_bytes("chelsea")
    >>> data[:8] == b"\\x89PNG\\r\\n\\x1a\\n", credit.startswith("Chelsea the cat.")
    (True, True)
    """
    catalog = default_catalog()
    return catalog.read_bytes(name), catalog.get(name).credit


def example_path(name: str) -> Path | None:
    """Where the example's file is on disk (for a pack image, even before it is downloaded)."""
    return default_catalog().path(name)


def is_available(name: str) -> bool:
    """Whether the example can be loaded now, without network.

    Parameters
    ----------
    name : str
        The example's name, file name or alias (see :func:`get_example`).

    Returns
    -------
    bool
        True for built-in images and the kit's own, and for pack images already downloaded.

    Examples
    --------
    >>> from looktwice import examples
    >>> examples.is_available("coffee"), examples.is_available("kit-resize-sheet")
    (True, True)
    """
    return default_catalog().is_available(name)


def register(example: Example, source: ImageSource, *, replace: bool = False) -> None:
    """Add an entry to the kit's catalogue (for other parts of the kit, e.g. made specimens)."""
    default_catalog().register(example, source, replace=replace)


__all__ = [
    "ENV_VAR",
    "STATUSES",
    "TELLS",
    "CacheWriteError",
    "Catalog",
    "Check",
    "ChecksumError",
    "DamagedError",
    "DerivationError",
    "DownloadInterruptedError",
    "DownloadResult",
    "Example",
    "ExampleError",
    "ExportResult",
    "ImageSource",
    "NotDownloadedError",
    "OfflineError",
    "SourceNotFoundError",
    "TellRecord",
    "UnknownExampleError",
    "add_provider",
    "cache_dir",
    "default_catalog",
    "download_pack",
    "example_path",
    "export_pack",
    "get_example",
    "is_available",
    "list_examples",
    "load_example",
    "load_example_bytes",
    "register",
    "tell_closeup",
    "verify_pack",
]
