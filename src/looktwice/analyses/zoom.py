"""Placeholder for the zoom analysis (being written)."""

from __future__ import annotations

from dataclasses import dataclass

from ..specimen import Specimen
from ..text import Text
from .base import AnalysisResult


@dataclass(kw_only=True)
class ZoomResult(AnalysisResult):
    name = "zoom"


def analyse(specimen: Specimen) -> ZoomResult:
    """Placeholder."""
    return ZoomResult(headline=Text("zoom: not written yet", "zoom : pas encore écrit"), explanation=Text("", ""))
