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

    @property
    def label(self) -> Text:
        """The strength's name in both languages (``Strength.HINT.label.fr == "indice"``)."""
        return _STRENGTH_LABELS[self]


class Points(str, Enum):
    """Which way a finding points."""

    GENERATED = "generated"
    CAPTURED = "captured"
    EDITED = "edited"
    NEUTRAL = "neutral"

    @property
    def label(self) -> Text:
        """The direction's name in both languages, for a table column."""
        return _POINTS_LABELS[self]

    @property
    def sentence(self) -> Text:
        """ "points to: generated" and the like, for a line of a report."""
        return _POINTS_SENTENCES[self]


_STRENGTH_LABELS = {
    Strength.DECLARED: Text("declared", "déclaré"),
    Strength.HINT: Text("hint", "indice"),
    Strength.CONTEXT: Text("context", "contexte"),
}
_POINTS_LABELS = {
    Points.GENERATED: Text("generated", "générée"),
    Points.CAPTURED: Text("captured", "prise de vue"),
    Points.EDITED: Text("edited", "retouchée"),
    Points.NEUTRAL: Text("neither", "ni l'un ni l'autre"),
}
_POINTS_SENTENCES = {
    Points.GENERATED: Text("points to: generated", "va vers\u00a0: générée"),
    Points.CAPTURED: Text("points to: camera", "va vers\u00a0: appareil photo"),
    Points.EDITED: Text("points to: edited", "va vers\u00a0: retouchée"),
    Points.NEUTRAL: Text("points nowhere in particular", "ne penche d'aucun côté"),
}


@dataclass(frozen=True)
class Rate:
    """How often a finding appeared among the kit's labelled examples under one condition."""

    real: int
    real_total: int
    generated: int
    generated_total: int

    def to_dict(self) -> dict:
        return {
            "real": self.real,
            "real_total": self.real_total,
            "generated": self.generated,
            "generated_total": self.generated_total,
        }


@dataclass(frozen=True)
class TrackRecord:
    """A finding's measured record on the kit's own examples (see :mod:`looktwice.track_record`).

    ``published``: the files as their sources published them; ``resaved``: every file re-saved
    the same way with its labels removed, so that a file format cannot stand in for the
    picture. ``supports``: the direction the measurement supports (``NEUTRAL`` when it does not
    support one).
    """

    code: str
    published: Rate
    resaved: Rate
    supports: Points

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "published": self.published.to_dict(),
            "resaved": self.resaved.to_dict(),
            "supports": self.supports.value,
        }


@dataclass(frozen=True)
class Finding:
    """One piece of evidence, said in plain words.

    ``code`` names the kind of finding (``"noise.smooth"``) so that it can be counted across
    images; findings of analyses that name none get one from their source, strength and
    direction (:attr:`kind`). ``record`` is the finding's measured track record, attached by the
    report where the kit has one.
    """

    strength: Strength
    points: Points
    source: str
    message: Text
    code: str = ""
    record: TrackRecord | None = None

    @property
    def kind(self) -> str:
        """A stable name for this kind of finding: ``code``, or ``source:strength:points``."""
        return self.code or f"{self.source}:{self.strength.value}:{self.points.value}"

    def to_dict(self) -> dict:
        out = {
            "strength": self.strength.value,
            "points": self.points.value,
            "source": self.source,
            "message": self.message.to_dict(),
            "code": self.kind,
        }
        if self.record is not None:
            out["track_record"] = self.record.to_dict()
        return out
