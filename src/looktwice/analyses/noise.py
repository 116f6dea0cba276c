"""Placeholder for the noise analysis (being written)."""

from __future__ import annotations

from dataclasses import dataclass

from ..specimen import Specimen
from ..text import Text
from .base import AnalysisResult


@dataclass(kw_only=True)
class NoiseResult(AnalysisResult):
    name = "noise"


def analyse(specimen: Specimen) -> NoiseResult:
    """Placeholder."""
    return NoiseResult(headline=Text("noise: not written yet", "noise : pas encore écrit"), explanation=Text("", ""))
