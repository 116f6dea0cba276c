"""The kit's small, transparent detector: a score, what drove it, and how often it was wrong.

Unlike a black-box "AI detector", this one is a logistic regression on a dozen pixel
measurements that have names (see :mod:`looktwice.detector`). Its score is never shown alone:
the finding says how many of the kit's real photos scored as high, and how many generated
images scored as low, when the detector had never seen their generator. It raises a hint that
never points one way by itself: a learned score is exactly the kind of number people
mistake for a verdict, so the kit shows it with its record and lets the class weigh it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from PIL import Image, ImageDraw

from ..detector.features import measure
from ..detector.model import FEATURE_LABELS, Contribution, load_detector
from ..evidence import Finding, Points, Strength
from ..image_file import Specimen
from ..text import Text
from .base import AnalysisResult


@dataclass(kw_only=True)
class DetectorResult(AnalysisResult):
    """The detector's score on this image and each feature's push on it."""

    name = "detector"
    score: float
    contributions: list[Contribution] = field(repr=False)
    record: tuple[int, int, int, int]

    def data(self) -> dict:
        real, real_n, gen, gen_n = self.record
        return {
            "score": round(self.score, 4),
            "held_out_real_at_or_above": real,
            "held_out_real_total": real_n,
            "held_out_generated_at_or_below": gen,
            "held_out_generated_total": gen_n,
            "contributions": [
                {"feature": c.feature, "value": round(c.value, 4), "push": round(c.push, 4)} for c in self.contributions
            ],
        }

    def picture(self) -> Image.Image:
        """Each feature's push: bars to the right push towards generated, to the left towards
        real (blue and orange, readable without colour vision)."""
        width, row, left = 640, 24, 300
        image = Image.new("RGB", (width, 16 + row * len(self.contributions)), "white")
        draw = ImageDraw.Draw(image)
        biggest = max((abs(c.push) for c in self.contributions), default=1.0) or 1.0
        centre = left + (width - left) // 2
        half = (width - left) // 2 - 8
        for i, c in enumerate(self.contributions):
            y = 8 + i * row
            image.paste(_label(FEATURE_LABELS[c.feature].en[:46], left, row), (0, y))
            end = centre + c.push / biggest * half
            colour = "#D55E00" if c.push > 0 else "#0072B2"
            draw.rectangle((min(centre, end), y + 4, max(centre, end), y + row - 4), fill=colour)
        draw.line((centre, 4, centre, image.height - 4), fill="black")
        return image


@functools.lru_cache(maxsize=64)
def _label(text: str, width: int, height: int) -> Image.Image:
    """A row's label, black on white, as :meth:`DetectorResult.picture` shows it at (6, 4) in
    its row: drawn once per process and pasted (drawing text is most of the chart's cost).
    The bars start right of ``width``, so the pasted label is the very pixels drawing it there
    would give."""
    strip = Image.new("RGB", (width, height), "white")
    ImageDraw.Draw(strip).text((6, 4), text, fill="black")
    return strip


def analyse(specimen: Specimen) -> DetectorResult:
    """Score the image with the shipped detector.

    Parameters
    ----------
    specimen : Specimen
        The image, opened by :func:`looktwice.image_file.open_specimen`.

    Returns
    -------
    DetectorResult
        A score from 0 (like the kit's real photos) to 1 (like its generated images), which is
        not a probability, with each feature's push and the score's record on held-out images.

    Raises
    ------
    RuntimeError
        When this copy of the kit ships no detector.

    Examples
    --------
    >>> from looktwice.analyses import detector
    >>> from looktwice.examples import load_example_bytes
    >>> from looktwice.image_file import open_specimen
    >>> coffee, _credit = load_example_bytes("coffee")       # a built-in photo
    >>> result = detector.analyse(open_specimen(coffee))
    >>> 0 <= result.score <= 1, [f.strength.value for f in result.findings]
    (True, ['hint'])
    """
    detector = load_detector()
    if detector is None:
        raise RuntimeError("no detector is shipped with this copy of the kit")
    features = measure(specimen)
    score = detector.score(features)
    record = detector.record_at(score)
    contributions = detector.contributions(features)
    return DetectorResult(
        score=score,
        contributions=contributions,
        record=record,
        headline=Text(
            f"Detector score {score:.2f} on a scale from 0 (like the kit's real photos) to 1 "
            "(like its generated images); not a probability.",
            f"Score du détecteur : {score:.2f} sur une échelle de 0 (comme les vraies photos du "
            "kit) à 1 (comme ses images générées) ; ce n'est pas une probabilité.",
        ),
        explanation=_EXPLANATION,
        findings=[_finding(score, record, contributions)],
    )


_EXPLANATION = Text(
    "A detector is a rule learned from examples. This one is deliberately small: it weighs a "
    "dozen measurements of the grain, the spectrum and the colours that you can look at, "
    "learned from the kit's 100 example images. The bars show how much each measurement pushed "
    "this image's score (right: towards generated, left: towards real). Limits: it learned from "
    "few images, a new generator or a phone's filters can fool it, and its score is not the "
    "chance that the image is fake.",
    "Un détecteur est une règle apprise sur des exemples. Celui-ci est petit exprès : il pèse "
    "une douzaine de mesures du grain, du spectre et des couleurs que l'on peut regarder, "
    "apprises sur les 100 images d'exemple du kit. Les barres montrent combien chaque mesure a "
    "poussé le score de cette image (à droite : vers générée ; à gauche : vers réelle). Limites : "
    "il a appris sur peu d'images, un nouveau générateur ou les filtres d'un téléphone peuvent le "
    "tromper, et son score n'est pas la probabilité que l'image soit fausse.",
)


def _finding(score: float, record: tuple[int, int, int, int], contributions: list[Contribution]) -> Finding:
    real, real_n, gen, gen_n = record
    top = contributions[:3]
    drivers_en = "; ".join(
        f"{FEATURE_LABELS[c.feature].en} ({'towards generated' if c.push > 0 else 'towards real'})" for c in top
    )
    drivers_fr = "\u202f; ".join(
        f"{FEATURE_LABELS[c.feature].fr} ({'vers générée' if c.push > 0 else 'vers réelle'})" for c in top
    )
    message = Text(
        f"The kit's detector gives a score of {score:.2f}. What pushed it most: {drivers_en}. "
        f"Tested on generators it had never seen, {real} of {real_n} real photos scored this "
        f"high or higher and {gen} of {gen_n} generated images this low or lower. A score is "
        "a hint to look closer, never a verdict: it does not point either way on its own.",
        f"Le détecteur du kit donne un score de {score:.2f}. Ce qui l'a le plus poussé : "
        f"{drivers_fr}. Testé sur des générateurs qu'il n'avait jamais vus, {real} des {real_n} "
        f"vraies photos ont eu un score au moins aussi élevé, et {gen} des {gen_n} images "
        "générées un score au plus aussi bas. Un score invite à regarder de plus près, ce n'est "
        "jamais un verdict : à lui seul, il ne penche d'aucun côté.",
    )
    return Finding(Strength.HINT, Points.NEUTRAL, "detector", message, code="detector.hint")
