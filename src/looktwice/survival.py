"""Which signals survive everyday handling? Put one image through each laundering operation
and read the same six signals from every copy.

Used by the demo's "break the evidence" tab and by the lessons: it only calls the report and
the laundering operations, so the table always shows what the analyses really find.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from PIL import Image

from . import launder
from .analyses.base import FailedAnalysis
from .analyses.spectrum import HINT_SCORE
from .report import Report, build_report
from .specimen import open_specimen
from .text import Text

#: The signals followed across operations, with their names for people.
SIGNALS: dict[str, Text] = {
    "credentials": Text("C2PA content credentials", "Content Credentials C2PA"),
    "source_type": Text("IPTC digital source type", "type de source numérique IPTC"),
    "generator": Text("generator settings", "réglages du générateur"),
    "watermark": Text("invisible watermark", "filigrane invisible"),
    "spectrum": Text("spectral dots", "points du spectre"),
    "camera": Text("camera EXIF", "EXIF d'appareil photo"),
}


#: The analyses the six signals are read from: the others (noise, error levels, zoom) would
#: only cost time, once per copy.
_NEEDED = ["credentials", "metadata", "watermark", "spectrum"]


@dataclass(frozen=True)
class Signal:
    """One signal in one copy: is it there, and what exactly was read."""

    present: bool
    detail: str


@dataclass(frozen=True)
class Row:
    """One copy of the image: the operation that made it and the signals read from it."""

    operation: str
    label: Text
    width: int
    height: int
    file_bytes: int
    signals: dict[str, Signal]
    data: bytes
    #: The copy's pixels as the analyses saw them (for a thumbnail, without decoding again).
    image: Image.Image = field(repr=False, compare=False)


def _data(report: Report, name: str) -> dict:
    result = report.result(name)
    return {} if isinstance(result, FailedAnalysis) else result.data()


def read_signals(report: Report) -> dict[str, Signal]:
    """The six followed signals, read from a report."""
    cred = _data(report, "credentials")
    meta = _data(report, "metadata")
    mark = _data(report, "watermark")
    spec = _data(report, "spectrum")
    state = cred.get("state", "failed")
    dst = meta.get("digital_source_type") or {}
    gen = meta.get("generator") or {}
    best = max(mark.get("payloads", []), key=lambda p: p["bits_matched"] / p["bits_total"], default=None)
    score = spec.get("periodic_peak_score", 0.0)
    camera = (meta.get("exif") or {}).get("camera")
    return {
        "credentials": Signal(state in ("valid", "valid_untrusted", "tampered", "invalid"), state),
        "source_type": Signal(bool(dst), dst.get("term", "—")),
        "generator": Signal(bool(gen), gen.get("tool", "—")),
        "watermark": Signal(
            mark.get("verdict") in ("likely", "very likely"),
            f"{best['label']} {best['bits_matched']}/{best['bits_total']} ({best['verdict']})" if best else "—",
        ),
        "spectrum": Signal(score >= HINT_SCORE, f"{score:.1f}"),
        "camera": Signal(bool(camera), camera or "—"),
    }


def survival(
    data: bytes, operations: dict[str, tuple[Callable[[bytes], bytes], Text]] | None = None
) -> list[Row]:
    """The original and one copy per operation, each with the signals read from it."""
    operations = launder.OPERATIONS if operations is None else operations
    copies = [("original", Text("original file", "fichier d'origine"), data)]
    copies += [(name, label, fn(data)) for name, (fn, label) in operations.items()]
    rows = []
    for name, label, copy in copies:
        specimen = open_specimen(copy, name=name)
        report = build_report(specimen, only=_NEEDED)
        rows.append(
            Row(name, label, report.width, report.height, len(copy), read_signals(report), copy, specimen.image)
        )
    return rows
