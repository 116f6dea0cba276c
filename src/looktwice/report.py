"""Run every analysis on an image and weigh what they found, honestly.

The report never turns evidence into a percentage. It lists what was found, grouped by how
much it is worth (declared, hint, context), says which way each piece points, and always says
that finding nothing proves nothing.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from .analyses import ANALYSES
from .analyses.base import AnalysisResult, FailedAnalysis, TooSmall
from .carried import Labels, labels_from_data
from .evidence import Finding, Points, Strength
from .image_file import Specimen, open_specimen
from .text import Text, join
from .track_record import weigh

#: Version of the JSON layout written by :meth:`Report.to_dict` (see ``report.schema.json``).
#: Bump the major number when a field is removed or changes meaning.
SCHEMA_VERSION = "1.1"

#: Analyses in decreasing order of their time on a 12-megapixel photo (benchmarks/bench_report.py).
_SLOW_FIRST = ["ela", "spectrum", "detector", "watermark", "noise"]
_STRENGTH_ORDER = {Strength.DECLARED: 0, Strength.HINT: 1, Strength.CONTEXT: 2}
_POINTS_ORDER = {Points.GENERATED: 0, Points.CAPTURED: 1, Points.EDITED: 2, Points.NEUTRAL: 3}

NOTHING_PROVES_NOTHING = Text(
    "Finding nothing proves nothing: labels and marks are easy to remove (a screenshot or a "
    "re-save is enough), many generators add none, and traces fade when an image is shared. "
    "No tool here can give a trustworthy percentage that an image is fake; look at the source "
    "and the context too.",
    "Ne rien trouver ne prouve rien : les étiquettes et les marques s'enlèvent facilement (une "
    "capture d'écran ou un nouvel enregistrement suffit), beaucoup de générateurs n'en ajoutent "
    "aucune, et les traces s'effacent quand une image circule. Aucun outil ici ne peut donner un "
    "pourcentage fiable qu'une image soit fausse ; regardez aussi la source et le contexte.",
)


@dataclass
class Report:
    """Everything Look Twice found in one image."""

    name: str
    format: str
    width: int
    height: int
    file_bytes: int
    notes: list[Text]
    results: list[AnalysisResult | FailedAnalysis]
    evidence: list[Finding]
    summary: Text
    timings: dict[str, float] = field(default_factory=dict)

    def result(self, name: str) -> AnalysisResult | FailedAnalysis:
        """The result of the analysis called ``name``."""
        for r in self.results:
            if r.name == name:
                return r
        raise KeyError(name)

    @property
    def labels(self) -> Labels:
        """Which labels the file carries (camera, generator settings, source type, Content
        Credentials, watermark), as one typed answer."""

        def data(name: str) -> dict | None:
            found = [r for r in self.results if r.name == name and not isinstance(r, FailedAnalysis)]
            return found[0].data() if found else None

        return labels_from_data(data("metadata"), data("credentials"), data("watermark"))

    def by_strength(self, strength: Strength) -> list[Finding]:
        return [f for f in self.evidence if f.strength is strength]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict following ``report.schema.json`` (version :data:`SCHEMA_VERSION`)."""
        return {
            "schema_version": SCHEMA_VERSION,
            "image": {
                "name": self.name,
                "format": self.format,
                "width": self.width,
                "height": self.height,
                "file_bytes": self.file_bytes,
                "notes": [n.to_dict() for n in self.notes],
            },
            "summary": self.summary.to_dict(),
            "evidence": [f.to_dict() for f in self.evidence],
            "analyses": [r.to_dict() for r in self.results],
        }


def inspect(source: str | Path | bytes | BinaryIO, name: str | None = None, only: list[str] | None = None) -> Report:
    """Open ``source`` and report on it.

    Parameters
    ----------
    source : path, bytes or binary file
        The image file.
    name : str, optional
        The name shown in the report (defaults to the file name).
    only : list of str, optional
        Run only these analyses (names of :data:`looktwice.analyses.ANALYSES`).

    Returns
    -------
    Report
        Every analysis's result, the evidence weighed and a plain summary.

    Raises
    ------
    ImageError
        When the file cannot be read at all (:class:`~looktwice.image_file.ImageError`); every
        other problem is reported inside the report.

    Examples
    --------
    A label that declares the picture generated is declared evidence:

    >>> import io
    >>> from PIL import Image
    >>> from looktwice.report import inspect
    >>> from looktwice.writers.labels import with_source_type
    >>> buf = io.BytesIO()
    >>> Image.new("RGB", (64, 48), "teal").save(buf, "PNG")
    >>> report = inspect(with_source_type(buf.getvalue(), "trainedAlgorithmicMedia"), only=["metadata"])
    >>> [(f.source, f.strength.value, f.points.value) for f in report.evidence]
    [('metadata', 'declared', 'generated')]
    """
    return build_report(open_specimen(source, name=name), only=only)


def build_report(specimen: Specimen, only: list[str] | None = None, threads: int = 2) -> Report:
    """Run the analyses (all, or those named in ``only``) on an opened image.

    Parameters
    ----------
    specimen : Specimen
        The image, opened by :func:`looktwice.image_file.open_specimen`.
    only : list of str, optional
        Run only these analyses (names of :data:`looktwice.analyses.ANALYSES`).
    threads : int, optional
        How many analyses run at once. The heavy ones spend their time in NumPy, SciPy and
        Pillow, which release Python's global lock, so on two threads a 2-core laptop finishes
        one report in about half the time. ``threads=1`` runs them one after the other, which
        wastes nothing when many reports run at once in separate processes (the classroom app's
        workers).

    Returns
    -------
    Report
        The results in the order of :data:`~looktwice.analyses.ANALYSES`, the evidence sorted
        from declared to hints and weighed by its track record, and a summary without a verdict.
        An analysis that fails is reported as such; the others still run.

    Examples
    --------
    >>> import skimage.data
    >>> from looktwice.image_file import open_specimen
    >>> from looktwice.report import build_report
    >>> from looktwice.writers.launder import encode
    >>> from PIL import Image
    >>> data = encode(Image.fromarray(skimage.data.coffee()), "JPEG", quality=90)
    >>> report = build_report(open_specimen(data, name="coffee.jpg"))
    >>> [r.name for r in report.results]
    ['metadata', 'credentials', 'watermark', 'spectrum', 'noise', 'detector', 'ela', 'zoom']
    >>> report.summary.en.split(". ")[0]
    'Nothing in this file declares how the image was made'
    """
    names = [n for n in ANALYSES if only is None or n in only]
    timings: dict[str, float] = {}

    def run(name: str) -> AnalysisResult | FailedAnalysis:
        start = time.perf_counter()
        try:
            return ANALYSES[name](specimen)
        except Exception as exc:  # one analysis failing must not sink the others
            return FailedAnalysis(name=name, reason=_failure_reason(exc))
        finally:
            timings[name] = time.perf_counter() - start

    # Start the slowest analyses first so that the two threads finish together; results are
    # still listed in the order of ANALYSES.
    order = sorted(names, key=lambda n: _SLOW_FIRST.index(n) if n in _SLOW_FIRST else len(_SLOW_FIRST))
    if threads <= 1:
        done = {n: run(n) for n in order}
    else:
        with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="looktwice") as pool:
            done = dict(zip(order, pool.map(run, order)))
    width, height = specimen.size
    image = {
        "name": specimen.name,
        "format": specimen.format,
        "width": width,
        "height": height,
        "file_bytes": len(specimen.raw),
        "notes": list(specimen.notes),
    }
    return _weighed(image, [done[n] for n in names], timings)


def joined(first: Report, rest: Report) -> Report:
    """One report from two reports on the same image that ran different analyses (``only``):
    the same report as one run of all of them. The classroom app shows a report's findings
    before its slower analyses are done, then joins the two.

    Parameters
    ----------
    first, rest : Report
        Reports on the same image (:func:`build_report` with two ``only`` lists).

    Returns
    -------
    Report
        The results of both in the order of :data:`~looktwice.analyses.ANALYSES`, the evidence
        weighed and sorted, and the summary, as :func:`build_report` makes them.
    """
    order = {n: i for i, n in enumerate(ANALYSES)}
    results = sorted(first.results + rest.results, key=lambda r: order.get(r.name, len(order)))
    image = {k: getattr(first, k) for k in ("name", "format", "width", "height", "file_bytes")}
    return _weighed({**image, "notes": list(first.notes)}, results, {**first.timings, **rest.timings})


def _weighed(image: dict[str, Any], results: list, timings: dict[str, float]) -> Report:
    """A report on ``image`` (its name, format, width, height, file_bytes and notes) with
    ``results``: the evidence weighed by its track record and sorted from declared to context,
    and the summary."""
    evidence = sorted(
        weigh([f for r in results for f in r.findings]),
        key=lambda f: (_STRENGTH_ORDER[f.strength], _POINTS_ORDER[f.points]),
    )
    return Report(**image, results=results, evidence=evidence, summary=summarise(evidence, results), timings=timings)


def _failure_reason(exc: Exception) -> Text:
    if isinstance(exc, TooSmall):
        return exc.message
    detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    if isinstance(exc, MemoryError):
        return Text(
            "There was not enough memory for this analysis on this image.",
            "La mémoire a manqué pour cette analyse sur cette image.",
        )
    return Text(
        f"This analysis could not run on this file ({detail}). The other analyses still report.",
        f"Cette analyse n'a pas pu s'exécuter sur ce fichier ({detail}). Les autres analyses "
        "donnent quand même leur résultat.",
    )


def _sources(findings: list[Finding]) -> str:
    return ", ".join(dict.fromkeys(f.source for f in findings))


def summarise(evidence: list[Finding], results: list[AnalysisResult | FailedAnalysis]) -> Text:
    """A few plain sentences that weigh the evidence without a verdict or a percentage."""

    def pick(strength: Strength, points: Points) -> list[Finding]:
        return [f for f in evidence if f.strength is strength and f.points is points]

    declared_gen = pick(Strength.DECLARED, Points.GENERATED)
    declared_cam = pick(Strength.DECLARED, Points.CAPTURED)
    hints_gen = pick(Strength.HINT, Points.GENERATED)
    hints_cam = pick(Strength.HINT, Points.CAPTURED)
    context = [f for f in evidence if f.strength is Strength.CONTEXT]
    failed = [r.name for r in results if isinstance(r, FailedAnalysis)]
    parts: list[Text] = []

    if declared_gen and declared_cam:
        parts.append(
            Text(
                f"The labels disagree: some say the image was made by AI ({_sources(declared_gen)}), "
                f"others that a camera captured it ({_sources(declared_cam)}). At least one of "
                "them is wrong, which shows that labels can be forged.",
                f"Les étiquettes se contredisent : certaines disent que l'image a été faite par une "
                f"IA ({_sources(declared_gen)}), d'autres qu'un appareil photo l'a prise "
                f"({_sources(declared_cam)}). Au moins une se trompe : une étiquette peut être "
                "falsifiée.",
            )
        )
    elif declared_gen:
        parts.append(
            Text(
                f"This file declares that it was made or changed with AI ({_sources(declared_gen)}). "
                "A declaration is strong evidence when it is intact, but it says what someone "
                "wrote into the file, and it can be copied onto another image.",
                f"Ce fichier déclare avoir été fait ou modifié avec une IA ({_sources(declared_gen)}). "
                "Une déclaration intacte est un indice fort, mais elle dit ce que quelqu'un a "
                "écrit dans le fichier, et elle peut être recopiée sur une autre image.",
            )
        )
    elif declared_cam:
        parts.append(
            Text(
                f"This file declares that it was captured with a camera ({_sources(declared_cam)}). "
                "That is what the file says about itself, not proof: such labels can be written "
                "by anyone.",
                f"Ce fichier déclare avoir été pris avec un appareil photo ({_sources(declared_cam)}). "
                "C'est ce que le fichier dit de lui-même, pas une preuve : n'importe qui peut "
                "écrire ces étiquettes.",
            )
        )
    else:
        parts.append(
            Text(
                "Nothing in this file declares how the image was made.",
                "Rien dans ce fichier ne déclare comment l'image a été faite.",
            )
        )
    if hints_gen:
        parts.append(
            Text(
                f"Some traces are common in generated images ({_sources(hints_gen)}); they are "
                "hints, not proof, because real photos can show them too.",
                f"Certaines traces sont fréquentes dans les images générées ({_sources(hints_gen)}) ; "
                "ce sont des indices, pas des preuves, car de vraies photos peuvent aussi en "
                "montrer.",
            )
        )
    if hints_cam:
        parts.append(
            Text(
                f"Some traces are typical of camera photos ({_sources(hints_cam)}); they can be "
                "copied or faked, so they are hints too.",
                f"Certaines traces sont typiques des photos d'appareil ({_sources(hints_cam)}) ; "
                "elles peuvent être copiées ou imitées : ce sont aussi des indices.",
            )
        )
    if context:
        parts.append(
            Text(
                f"The file's history matters ({_sources(context)}): re-saving, editing or "
                "resizing wipes out some signals, so their absence means less.",
                f"L'histoire du fichier compte ({_sources(context)}) : un nouvel enregistrement, "
                "une retouche ou un redimensionnement effacent certains signaux, dont l'absence "
                "compte alors moins.",
            )
        )
    if failed:
        names = ", ".join(failed)
        parts.append(
            Text(
                f"Some analyses could not run ({names}); the others are reported.",
                f"Certaines analyses n'ont pas pu s'exécuter ({names}) ; les autres sont données.",
            )
        )
    parts.append(NOTHING_PROVES_NOTHING)
    return join(parts)
