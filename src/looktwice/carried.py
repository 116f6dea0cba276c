"""Which labels does this file carry? One typed answer, read off the analyses' results.

The lessons' label tables, the survival table ("break the evidence") and the classroom app all
ask the same question of a file: does it name a camera, carry generator settings, an IPTC
source type, Content Credentials, a watermark? :class:`Labels` is the answer, built by
:func:`labels_from_data` from the analyses' ``data()`` (so that a caller that ran an analysis
itself, with its own trust anchors, gets the same answer) and available as
:attr:`looktwice.report.Report.labels`.

>>> labels_from_data({"exif": {"camera": "Lookalike LT-1"}}, {"state": "none"}, None).camera
'Lookalike LT-1'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: Watermark verdicts from weakest to strongest, as the watermark analysis grades them.
WATERMARK_VERDICTS: tuple[str, ...] = ("none", "partial", "likely", "very likely")


@dataclass(frozen=True)
class WatermarkReading:
    """The best-matching watermark payload: which one, how many bits matched, its verdict."""

    label: str
    bits_matched: int
    bits_total: int
    verdict: str

    @property
    def declared(self) -> bool:
        """Whether the mark counts as declared ("likely" or "very likely")."""
        return self.verdict in ("likely", "very likely")

    def short(self) -> str:
        """``"SDXL 47/48"``."""
        return f"{self.label} {self.bits_matched}/{self.bits_total}"


@dataclass(frozen=True)
class Labels:
    """Every label the kit reads in one file.

    ``credentials`` is the Content Credentials state (``none``, ``valid``, ``valid_untrusted``,
    ``tampered``, ``invalid``, ``unreadable``; ``failed`` when the analysis could not run);
    ``declared`` the IPTC source types the credentials declare; ``watermark`` the best payload
    reading, or ``None`` when the watermark analysis did not run.
    """

    camera: str | None
    generator: str | None
    source_type: str | None
    credentials: str
    declared: tuple[str, ...]
    signer: str | None
    watermark: WatermarkReading | None

    @property
    def has_credentials(self) -> bool:
        """Whether a manifest is in the file, intact or not."""
        return self.credentials in ("valid", "valid_untrusted", "tampered", "invalid")

    def as_dict(self) -> dict[str, Any]:
        """The labels as plain values (what ``teaching.read_labels`` returned before)."""
        return {
            "camera": self.camera,
            "generator": self.generator,
            "source_type": self.source_type,
            "credentials": self.credentials,
            "declared": list(self.declared),
            "signer": self.signer,
            "watermark": self.watermark.short() if self.watermark else None,
        }


def best_watermark(data: dict[str, Any] | None) -> WatermarkReading | None:
    """The payload of a watermark analysis's ``data()`` that matched best."""
    if not data:
        return None
    payloads = data.get("payloads") or []
    if not payloads:
        return None
    best = max(payloads, key=lambda p: p["bits_matched"] / p["bits_total"])
    return WatermarkReading(best["label"], best["bits_matched"], best["bits_total"], best["verdict"])


def labels_from_data(
    metadata: dict[str, Any] | None, credentials: dict[str, Any] | None, watermark: dict[str, Any] | None
) -> Labels:
    """The labels, from the ``data()`` of the metadata, credentials and watermark analyses
    (``None`` for an analysis that did not run)."""
    meta = metadata or {}
    cred = credentials if credentials is not None else {"state": "failed"}
    return Labels(
        camera=(meta.get("exif") or {}).get("camera"),
        generator=(meta.get("generator") or {}).get("tool"),
        source_type=(meta.get("digital_source_type") or {}).get("term"),
        credentials=cred.get("state", "failed"),
        declared=tuple(cred.get("digital_source_types") or ()),
        signer=(cred.get("signer") or {}).get("common_name"),
        watermark=best_watermark(watermark),
    )
