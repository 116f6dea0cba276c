"""Each hint's track record on the kit's own examples, and the rule that lets it point somewhere.

The kit ships the evaluation of its example pack (``data/track_record.json``, written by
``python -m looktwice.evaluation.ship``, never typed in). For every kind of finding it holds how
often the finding appeared on real photos and on generated images, once on the files as they
were published and once after re-saving every file the same way with its labels removed; for
the measured numbers behind the noise and spectrum findings it holds their range on each side.

The report uses it to weigh hints (:func:`weigh`): a hint keeps the direction it claims only
where that measurement supports it (:func:`supported_direction`), and every hint says in plain
words how often it appeared on each side. A hint whose record does not support a direction is
shown as pointing nowhere in particular.

>>> from looktwice.evidence import Points, Rate
>>> supported_direction(Points.GENERATED, Rate(1, 39, 12, 61), Rate(0, 39, 0, 61))
<Points.GENERATED: 'generated'>
>>> supported_direction(Points.GENERATED, Rate(37, 39, 32, 61), Rate(39, 39, 61, 61))
<Points.NEUTRAL: 'neutral'>
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, replace
from importlib import resources

from .evidence import Finding, Points, Rate, Strength, TrackRecord
from .text import Text

#: The shipped evaluation, inside the package.
DATA_FILE = "track_record.json"
#: A hint may point one way only if it appears more often on that side with a one-sided
#: Fisher exact test below this level.
SIGNIFICANCE = 0.05


@dataclass(frozen=True)
class Spread:
    """Where a measured number fell on real photos and on generated images (10th, 50th and
    90th percentiles of each side), under one condition."""

    real: tuple[float, float, float]
    generated: tuple[float, float, float]


def supported_direction(claimed: Points, published: Rate, resaved: Rate) -> Points:
    """The direction the measurement supports for a finding that claims ``claimed``.

    ``claimed`` is kept when the finding appeared significantly more often on that side among
    the published files (one-sided Fisher exact test, :data:`SIGNIFICANCE`), and the re-saved
    files do not contradict it (the finding never appeared after re-saving, or it again leans
    significantly the same way). Anything else, including a claim of ``EDITED`` or ``NEUTRAL``,
    gives ``NEUTRAL``.

    Parameters
    ----------
    claimed : Points
        The direction the finding claims.
    published : Rate
        How often it appeared on real photos and generated images, as published.
    resaved : Rate
        The same after re-saving every file the same way, labels removed.

    Returns
    -------
    Points
        ``claimed``, or ``Points.NEUTRAL``.

    Examples
    --------
    A finding seen on 12 of 61 generated images and 1 of 39 real photos leans towards
    generated; one seen on nearly all of both does not:

    >>> from looktwice.evidence import Points, Rate
    >>> from looktwice.track_record import supported_direction
    >>> supported_direction(Points.GENERATED, Rate(1, 39, 12, 61), Rate(0, 39, 0, 61))
    <Points.GENERATED: 'generated'>
    >>> supported_direction(Points.GENERATED, Rate(37, 39, 32, 61), Rate(39, 39, 61, 61))
    <Points.NEUTRAL: 'neutral'>
    """
    if claimed not in (Points.GENERATED, Points.CAPTURED):
        return Points.NEUTRAL
    if not _leans(claimed, published):
        return Points.NEUTRAL
    if resaved.real + resaved.generated and not _leans(claimed, resaved):
        return Points.NEUTRAL
    return claimed


def _leans(claimed: Points, rate: Rate) -> bool:
    if not (rate.real_total and rate.generated_total):
        return False
    from scipy.stats import fisher_exact  # only needed when an evaluation is made

    table = [
        [rate.generated, rate.generated_total - rate.generated],
        [rate.real, rate.real_total - rate.real],
    ]
    alternative = "greater" if claimed is Points.GENERATED else "less"
    return bool(fisher_exact(table, alternative=alternative).pvalue < SIGNIFICANCE)


@functools.lru_cache(maxsize=1)
def shipped() -> dict:
    """The shipped evaluation as a dict (empty when the kit ships none).

    Returns
    -------
    dict
        ``images`` (how many were measured), ``findings`` (each kind of finding's counts) and
        ``signals`` (each measured number's ranges), as ``data/track_record.json`` holds them.

    Examples
    --------
    >>> from looktwice.track_record import shipped
    >>> {"images", "findings", "signals"} <= set(shipped())
    True
    """
    path = resources.files("looktwice").joinpath("data", DATA_FILE)
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def record_for(code: str) -> TrackRecord | None:
    """The shipped track record of the findings called ``code``, if the kit measured them.

    Parameters
    ----------
    code : str
        The kind of finding (:attr:`looktwice.evidence.Finding.kind`), e.g. ``"noise.smooth"``.

    Returns
    -------
    TrackRecord or None
        How often the finding appeared on each side, published and re-saved, and the direction
        that supports; ``None`` for a finding the kit did not measure.

    Examples
    --------
    >>> from looktwice.track_record import examples_count, record_for
    >>> record = record_for("spectrum.periodic")
    >>> record.published.real_total + record.published.generated_total == examples_count()
    True
    >>> record_for("no.such.finding") is None
    True
    """
    entry = shipped().get("findings", {}).get(code)
    if entry is None:
        return None
    return TrackRecord(
        code=code,
        published=Rate(**entry["published"]),
        resaved=Rate(**entry["resaved"]),
        supports=Points(entry["supports"]),
    )


def spread_of(signal: str, condition: str = "published") -> Spread | None:
    """The shipped range of a measured number on real photos and on generated images.

    Parameters
    ----------
    signal : str
        The measured number, ``"analysis.name"`` (``"noise.smooth_share"``, ``"spectrum.score"``).
    condition : str, optional
        ``"published"`` (the files as found) or ``"resaved"``.

    Returns
    -------
    Spread or None
        The 10th, 50th and 90th percentiles on each side; ``None`` when not measured.

    Examples
    --------
    >>> from looktwice.track_record import spread_of
    >>> low, median, high = spread_of("spectrum.score").generated
    >>> low <= median <= high
    True
    >>> spread_of("no.such.signal") is None
    True
    """
    entry = shipped().get("signals", {}).get(signal, {}).get(condition)
    if entry is None:
        return None
    return Spread(real=tuple(entry["real"]), generated=tuple(entry["generated"]))


def examples_count() -> int:
    """How many labelled images the shipped evaluation measured.

    Returns
    -------
    int
        The number of images, 0 when no evaluation is shipped.

    Examples
    --------
    >>> from looktwice.track_record import examples_count
    >>> examples_count() > 0
    True
    """
    return int(shipped().get("images", 0))


def weigh(findings: list[Finding]) -> list[Finding]:
    """Findings with their track records attached.

    Hints and context that the kit measured say how often they appeared on each side, and a
    hint points only where its record supports it (:func:`supported_direction`). Declared
    findings stay as they are.

    Parameters
    ----------
    findings : list of Finding
        The findings of one report's analyses.

    Returns
    -------
    list of Finding
        The same findings, in the same order, weighed.

    Examples
    --------
    >>> from looktwice.evidence import Finding, Points, Strength
    >>> from looktwice.text import Text
    >>> from looktwice.track_record import weigh
    >>> hint = Finding(Strength.HINT, Points.GENERATED, "noise", Text("Too smooth.", "Trop lisse."), "noise.smooth")
    >>> [weighed] = weigh([hint])
    >>> weighed.record.code, weighed.message.en.startswith("Too smooth. Measured on the kit's")
    ('noise.smooth', True)
    >>> weighed.points in (Points.GENERATED, Points.NEUTRAL)
    True
    """
    return [_weigh_one(f) for f in findings]


def _weigh_one(finding: Finding) -> Finding:
    if finding.strength is Strength.DECLARED:
        return finding
    record = record_for(finding.kind)
    if record is None:
        return finding
    message = finding.message + _rates_sentence(record)
    points = finding.points
    if finding.strength is Strength.HINT and points in (Points.GENERATED, Points.CAPTURED):
        if record.supports is not points:
            points = Points.NEUTRAL
            message += UNSUPPORTED
        else:
            message += SUPPORTED[points]
    return replace(finding, points=points, message=message, record=record)


def _rates_sentence(record: TrackRecord) -> Text:
    p, r = record.published, record.resaved
    n = examples_count() or p.real_total + p.generated_total
    return Text(
        f"Measured on the kit's {n} example images: it appeared in {p.real} of {p.real_total} "
        f"real photos and {p.generated} of {p.generated_total} generated images as published, "
        f"and in {r.real} of {r.real_total} and {r.generated} of {r.generated_total} after "
        "re-saving them all the same way.",
        f"Mesuré sur les {n} images d'exemple du kit : il est apparu sur {p.real} des "
        f"{p.real_total} vraies photos et {p.generated} des {p.generated_total} images générées "
        f"telles que publiées, et sur {r.real} des {r.real_total} et {r.generated} des "
        f"{r.generated_total} après les avoir toutes réenregistrées de la même façon.",
    )


UNSUPPORTED = Text(
    "That difference is too small to say which way it points.",
    "Cet écart est trop faible pour dire dans quel sens il penche.",
)

SUPPORTED = {
    Points.GENERATED: Text(
        "So it leans towards generated, but real photos can show it too.",
        "Il penche donc vers « générée », mais de vraies photos peuvent aussi le montrer.",
    ),
    Points.CAPTURED: Text(
        "So it leans towards a camera photo, but it can be copied or faked.",
        "Il penche donc vers « photo d'appareil », mais il peut être copié ou imité.",
    ),
}


def spread_sentence(
    signal: str, value: float, unit: Text, scale: float = 1.0, decimals: int | None = None
) -> Text | None:
    """``value`` of ``signal`` set against the ranges measured on the kit's examples.

    Parameters
    ----------
    signal : str
        The measured number (see :func:`spread_of`).
    value : float
        Its value on the image in front of you.
    unit : Text
        What follows each number (``Text(" %", " %")``, ...).
    scale : float, optional
        Factor applied to every number shown (100 for a share shown in per cent).
    decimals : int, optional
        Decimal places; by default 0 from 10 up, else 1.

    Returns
    -------
    Text or None
        E.g. "Here: 5 %. On the kit's 100 example images, 8 real photos in 10 lie between 0 and
        37 % (median 0), ..."; ``None`` when the kit did not measure ``signal``.

    Examples
    --------
    >>> from looktwice.text import Text
    >>> from looktwice.track_record import spread_sentence
    >>> sentence = spread_sentence("noise.smooth_share", 0.05, Text(" %", " %"), scale=100, decimals=0)
    >>> sentence.en.split(". ")[0], sentence.fr.split(". ")[0]
    ('Here: 5 %', 'Ici : 5 %')
    """
    spread = spread_of(signal)
    if spread is None:
        return None

    def fmt(x: float) -> str:
        places = decimals if decimals is not None else (0 if abs(x * scale) >= 10 else 1)
        return f"{x * scale:.{places}f}"

    def side(values: tuple[float, float, float]) -> tuple[str, str, str]:
        return fmt(values[0]), fmt(values[2]), fmt(values[1])

    rl, rh, rm = side(spread.real)
    gl, gh, gm = side(spread.generated)
    n = examples_count()
    v = fmt(value)
    overlap = _overlap(spread)
    end_en = ": the two ranges overlap." if overlap else "."
    end_fr = " : les deux plages se chevauchent." if overlap else "."
    return Text(
        f"Here: {v}{unit.en}. On the kit's {n} example images, 8 real photos in 10 lie between "
        f"{rl} and {rh}{unit.en} (median {rm}), 8 generated images in 10 between {gl} and "
        f"{gh}{unit.en} (median {gm}){end_en}",
        f"Ici : {v}{unit.fr}. Sur les {n} images d'exemple du kit, 8 vraies photos sur 10 sont "
        f"entre {rl} et {rh}{unit.fr} (médiane {rm}), 8 images générées sur 10 entre {gl} et "
        f"{gh}{unit.fr} (médiane {gm}){end_fr}",
    )


def _overlap(spread: Spread) -> bool:
    return spread.real[0] <= spread.generated[2] and spread.generated[0] <= spread.real[2]
