"""Placeholder for the watermark analysis (being written)."""

from __future__ import annotations

from dataclasses import dataclass

from ..specimen import Specimen
from ..text import Text
from .base import AnalysisResult


@dataclass(kw_only=True)
class WatermarkResult(AnalysisResult):
    name = "watermark"


def analyse(specimen: Specimen) -> WatermarkResult:
    """Placeholder."""
    return WatermarkResult(headline=Text("watermark: not written yet", "watermark : pas encore écrit"), explanation=Text("", ""))
