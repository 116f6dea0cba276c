"""The vocabulary of evidence: how strong a finding is and which way it points.

Every analysis turns what it measured into zero or more :class:`Finding` values. The report
only sorts and summarises them; it never turns them into a probability, because no honest
probability can be computed from signals that are this easy to remove or forge.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from .text import Text


class Strength(str, Enum):
    """How much a finding is worth.

    ``declared``: a label or mark says outright how the image was made (C2PA, IPTC, generator
    parameters, an invisible watermark). Strong when present, but it can be stripped or forged.
    ``hint``: a statistical trace (spectral peaks, missing camera data). Suggestive, never proof.
    ``context``: what happened to the file (re-encoding, edits, resizing), which explains why
    other signals may be missing.
    """

    DECLARED = "declared"
    HINT = "hint"
    CONTEXT = "context"


class Points(str, Enum):
    """Which way a finding points."""

    GENERATED = "generated"
    CAPTURED = "captured"
    EDITED = "edited"
    NEUTRAL = "neutral"


@dataclass(frozen=True)
class Finding:
    """One piece of evidence, said in plain words."""

    strength: Strength
    points: Points
    source: str
    message: Text

    def to_dict(self) -> dict:
        return {
            "strength": self.strength.value,
            "points": self.points.value,
            "source": self.source,
            "message": self.message.to_dict(),
        }
