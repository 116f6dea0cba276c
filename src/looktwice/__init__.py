"""Look Twice: see, with real evidence, how a generated image gives itself away.

>>> import looktwice
>>> report = looktwice.inspect("photo.jpg")          # doctest: +SKIP
>>> print(report.summary.get("fr"))                   # doctest: +SKIP
"""

from __future__ import annotations

__version__ = "0.1.0"

from .report import Report, build_report, inspect
from .specimen import ImageError, Specimen, open_specimen
from .text import Text

__all__ = ["ImageError", "Report", "Specimen", "Text", "build_report", "inspect", "open_specimen"]
