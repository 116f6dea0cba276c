"""Which signals survive everyday handling? Put one image through each laundering operation
and read the same six signals from every copy.

Used by the demo's "break the evidence" tab and by the lessons: it only calls the report and
the laundering operations, so the table always shows what the analyses really find.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PIL import Image

from .analyses.base import FailedAnalysis
from .analyses.spectrum import HINT_SCORE
from .image_file import open_specimen
from .report import Report, build_report
from .text import Text
from .writers import launder

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
    """One signal in one copy: is it there, and what exactly was read. ``verdict`` is the
    watermark's graded verdict (``none`` … ``very likely``) for the watermark signal."""

    present: bool
    detail: str
    verdict: str | None = None


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
    labels = report.labels
    spec = _data(report, "spectrum")
    score = spec.get("periodic_peak_score", 0.0)
    mark = labels.watermark
    return {
        "credentials": Signal(labels.has_credentials, labels.credentials),
        "source_type": Signal(bool(labels.source_type), labels.source_type or "—"),
        "generator": Signal(bool(labels.generator), labels.generator or "—"),
        "watermark": Signal(
            bool(mark and mark.declared),
            f"{mark.short()} ({mark.verdict})" if mark else "—",
            mark.verdict if mark else None,
        ),
        "spectrum": Signal(score >= HINT_SCORE, f"{score:.1f}"),
        "camera": Signal(bool(labels.camera), labels.camera or "—"),
    }


def survival(data: bytes, operations: dict[str, tuple[Callable[[bytes], bytes], Text]] | None = None) -> list[Row]:
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
