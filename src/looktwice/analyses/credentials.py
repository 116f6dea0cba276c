"""Placeholder for the credentials analysis (being written)."""

from __future__ import annotations

from dataclasses import dataclass

from ..specimen import Specimen
from ..text import Text
from .base import AnalysisResult


@dataclass(kw_only=True)
class CredentialsResult(AnalysisResult):
    name = "credentials"


def analyse(specimen: Specimen) -> CredentialsResult:
    """Placeholder."""
    return CredentialsResult(headline=Text("credentials: not written yet", "credentials : pas encore écrit"), explanation=Text("", ""))
