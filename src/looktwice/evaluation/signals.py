"""What an evaluation measures on each image: which kinds of finding the report raised, and the
numbers behind them."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..analyses.base import FailedAnalysis
from ..evidence import Points, Strength
from ..image_file import open_specimen
from ..report import build_report
from ..text import Text

#: Analyses whose numbers or findings an evaluation uses (ELA and zoom raise no finding).
ANALYSES_USED = ["metadata", "credentials", "watermark", "spectrum", "noise", "detector"]

#: The continuous numbers, each with what it is; a higher value is not always "more generated":
#: the ROC AUC says which way each one leans (below 0.5: higher on real photos).
NUMBERS: dict[str, Text] = {
    "noise.smooth_share": Text("share of grain-free blocks", "part de blocs sans grain"),
    "noise.sigma": Text("overall grain level", "niveau de grain global"),
    "spectrum.score": Text("periodic-peak score", "score de pics périodiques"),
    "metadata.jpeg_quality": Text("JPEG quality (JPEG files only)", "qualité JPEG (fichiers JPEG seulement)"),
    "metadata.exif_present": Text("carries EXIF", "contient de l'EXIF"),
    "metadata.camera_present": Text("names a camera", "nomme un appareil photo"),
    "file.bytes_per_pixel": Text("file size per pixel", "taille du fichier par pixel"),
    "file.megapixels": Text("size in megapixels", "taille en mégapixels"),
    "detector.score": Text("the kit's detector score", "score du détecteur du kit"),
    "report.hints": Text(
        "report's hints (towards generated minus towards camera)",
        "indices du rapport (vers générée moins vers appareil photo)",
    ),
}


@dataclass(frozen=True)
class Measurement:
    """What was measured on one image under one condition."""

    kinds: frozenset[str]
    values: dict[str, float]
    error: str = ""
    #: the direction each kind of finding claimed before its track record was weighed
    claims: dict[str, str] = field(default_factory=dict)


def measure(data: bytes, name: str = "image") -> Measurement:
    """Open ``data``, run the analyses the evaluation uses, and read off kinds and numbers. A
    file that cannot be opened gives an empty measurement with its error."""
    from ..image_file import ImageError

    try:
        specimen = open_specimen(data, name=name)
    except ImageError as exc:
        return Measurement(frozenset(), {}, error=exc.message.en)
    report = build_report(specimen, only=ANALYSES_USED, threads=1)
    values = {key: math.nan for key in NUMBERS}
    results = {r.name: r for r in report.results if not isinstance(r, FailedAnalysis)}
    if "noise" in results:
        values["noise.smooth_share"] = results["noise"].smooth_share
        values["noise.sigma"] = results["noise"].sigma
    if "spectrum" in results:
        values["spectrum.score"] = results["spectrum"].score
    if "metadata" in results:
        meta = results["metadata"]
        values["metadata.jpeg_quality"] = float(meta.jpeg.quality) if meta.jpeg else math.nan
        values["metadata.exif_present"] = float(bool(meta.exif.present))
        values["metadata.camera_present"] = float(bool(meta.exif.camera))
    if "detector" in results:
        values["detector.score"] = results["detector"].score
    pixels = report.width * report.height
    values["file.bytes_per_pixel"] = report.file_bytes / pixels
    values["file.megapixels"] = pixels / 1e6
    hints = [f for f in report.evidence if f.strength is Strength.HINT and f.source != "detector"]
    values["report.hints"] = float(
        sum(f.points is Points.GENERATED for f in hints) - sum(f.points is Points.CAPTURED for f in hints)
    )
    raw = [f for r in report.results for f in r.findings]
    claims = {f.kind: f.points.value for f in raw}
    return Measurement(frozenset(claims), values, claims=claims)
