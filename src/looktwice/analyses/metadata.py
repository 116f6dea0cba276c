"""Placeholder for the metadata analysis (being written)."""

from __future__ import annotations

from dataclasses import dataclass

from ..specimen import Specimen
from ..text import Text
from .base import AnalysisResult


@dataclass(kw_only=True)
class MetadataResult(AnalysisResult):
    name = "metadata"


def analyse(specimen: Specimen) -> MetadataResult:
    """Placeholder."""
    return MetadataResult(headline=Text("metadata: not written yet", "metadata : pas encore écrit"), explanation=Text("", ""))
