"""Placeholder for the spectrum analysis (being written)."""

from __future__ import annotations

from dataclasses import dataclass

from ..specimen import Specimen
from ..text import Text
from .base import AnalysisResult


@dataclass(kw_only=True)
class SpectrumResult(AnalysisResult):
    name = "spectrum"


def analyse(specimen: Specimen) -> SpectrumResult:
    """Placeholder."""
    return SpectrumResult(headline=Text("spectrum: not written yet", "spectrum : pas encore écrit"), explanation=Text("", ""))
