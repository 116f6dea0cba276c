"""Look Twice: see, with real evidence, how a generated image gives itself away.

>>> import looktwice
>>> report = looktwice.inspect("photo.jpg")          # doctest: +SKIP
>>> print(report.summary.get("fr"))                   # doctest: +SKIP
"""

from __future__ import annotations

__version__ = "0.1.0"

from typing import TYPE_CHECKING

from .lazy import lazy_attributes
from .text import Text

if TYPE_CHECKING:  # the analyses pull in SciPy: import them when first used, not at start-up
    from .image_file import ImageError, Specimen, open_specimen
    from .report import Report, build_report, inspect

_LAZY = {
    "Report": "report",
    "build_report": "report",
    "inspect": "report",
    "ImageError": "image_file",
    "Specimen": "image_file",
    "open_specimen": "image_file",
}


__getattr__ = lazy_attributes(__name__, _LAZY)


__all__ = ["ImageError", "Report", "Specimen", "Text", "build_report", "inspect", "open_specimen"]
