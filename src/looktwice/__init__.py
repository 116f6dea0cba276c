"""Look Twice: see, with real evidence, how a generated image gives itself away.

The package, in the order data flows (``tests/test_layering.py`` keeps it so):

* readers - :mod:`looktwice.image_file` opens any image file safely; :mod:`looktwice.analyses`
  (with :mod:`looktwice.meta`) say what the file carries; :mod:`looktwice.report` weighs the
  evidence;
* writers - :mod:`looktwice.writers` holds everything that writes or changes a file: labels,
  C2PA signing, the invisible watermark's encoder, everyday washing, removing labels,
  tampering. Readers never import it;
* surfaces - the command line (:mod:`looktwice.cli`), the classroom app
  (:mod:`looktwice.classroom`), the lessons (:mod:`looktwice.lessons`, :mod:`looktwice.teaching`),
  the example catalogue (:mod:`looktwice.examples`, with the examples the kit makes in
  :mod:`looktwice.examples.kit_made`) and the generator lab (:mod:`looktwice.lab`, whose
  shipped sample PNGs :mod:`looktwice.lab.samples` reads).

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
