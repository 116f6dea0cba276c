"""The analyses, one module each, in the order a fact-checker would look.

Each module has one public function ``analyse(specimen) -> Result`` and one result class. To add
an analysis, write its module and list it here; the report, CLI, demo and lessons pick it up.
"""

from __future__ import annotations

from collections.abc import Callable

from ..image_file import Specimen
from . import credentials, detector, ela, metadata, noise, spectrum, watermark, zoom
from .base import AnalysisResult, FailedAnalysis

ANALYSES: dict[str, Callable[[Specimen], AnalysisResult]] = {
    "metadata": metadata.analyse,
    "credentials": credentials.analyse,
    "watermark": watermark.analyse,
    "spectrum": spectrum.analyse,
    "noise": noise.analyse,
    "detector": detector.analyse,
    "ela": ela.analyse,
    "zoom": zoom.analyse,
}

__all__ = ["ANALYSES", "AnalysisResult", "FailedAnalysis"]
