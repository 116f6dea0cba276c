"""Placeholder for the ela analysis (being written)."""

from __future__ import annotations

from dataclasses import dataclass

from ..specimen import Specimen
from ..text import Text
from .base import AnalysisResult


@dataclass(kw_only=True)
class ElaResult(AnalysisResult):
    name = "ela"


def analyse(specimen: Specimen) -> ElaResult:
    """Placeholder."""
    return ElaResult(headline=Text("ela: not written yet", "ela : pas encore écrit"), explanation=Text("", ""))
