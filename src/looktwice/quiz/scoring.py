"""Scoring a quiz round: answers, score, calibration (how sure versus how often right), and
the published human figures a class can compare itself with.

>>> from looktwice.quiz.scoring import Answer, score
>>> score([Answer("coffee", "real", "real", 80), Answer("x", "generated", "real", 60)]).correct
1
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..text import Text

#: The answers a student can give (also the two kinds of the example catalogue).
KINDS: tuple[str, ...] = ("real", "generated")
#: Confidence levels a student picks from, in percent (50: a pure guess; 100: certain).
CONFIDENCE_LEVELS: tuple[int, ...] = (50, 60, 70, 80, 90, 100)


@dataclass(frozen=True)
class Answer:
    """One answer: which item, the truth, what the student said, and how sure (in percent)."""

    item: str
    truth: str
    said: str
    confidence: int

    @property
    def correct(self) -> bool:
        return self.truth == self.said


@dataclass(frozen=True)
class Score:
    """A student's round: how many answers, how many right, and their confidence."""

    correct: int
    total: int

    @property
    def accuracy(self) -> float | None:
        """Share of right answers (0 to 1), or None when nothing was answered."""
        return self.correct / self.total if self.total else None


@dataclass(frozen=True)
class CalibrationBin:
    """The answers given at one confidence level, and how many were right."""

    confidence: int
    total: int
    correct: int

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.total if self.total else None


def confidence_bin(confidence: float) -> int:
    """The level of :data:`CONFIDENCE_LEVELS` closest to ``confidence`` (in percent; halfway
    rounds up)."""
    value = float(confidence)
    if not math.isfinite(value):
        raise ValueError("confidence must be a number")
    return min(CONFIDENCE_LEVELS, key=lambda level: (abs(level - value), -level))


def check_answer(said: str) -> str:
    """``said`` itself when it is "real" or "generated"; a ValueError otherwise."""
    if said not in KINDS:
        raise ValueError(f"an answer is 'real' or 'generated', not {said!r}")
    return said


def score(answers: Iterable[Answer]) -> Score:
    """The :class:`Score` of a list of answers."""
    answers = list(answers)
    return Score(sum(a.correct for a in answers), len(answers))


def calibration(answers: Iterable[Answer]) -> list[CalibrationBin]:
    """One bin per confidence level (empty bins included, so charts keep their axis)."""
    counts = {level: [0, 0] for level in CONFIDENCE_LEVELS}
    for a in answers:
        c = counts[confidence_bin(a.confidence)]
        c[0] += 1
        c[1] += int(a.correct)
    return [CalibrationBin(level, t, r) for level, (t, r) in counts.items()]


def calibration_message(bins: Sequence[CalibrationBin]) -> Text:
    """A sentence or two on how well confidence matched accuracy, honest about small numbers."""
    answered = [b for b in bins if b.total]
    total = sum(b.total for b in answered)
    if total == 0:
        return Text("No answers yet.", "Pas encore de réponse.")
    said = sum(b.confidence * b.total for b in answered) / total
    right = 100 * sum(b.correct for b in answered) / total
    gap = right - said
    if abs(gap) < 10:
        head = Text(
            f"On average you felt {said:.0f} % sure and were right {right:.0f} % of the time: "
            "your confidence matched your results quite well.",
            f"En moyenne, vous étiez sûr·e à {said:.0f} % et vous avez eu raison {right:.0f} % "
            "du temps : votre confiance correspondait assez bien à vos résultats.",
        )
    elif gap < 0:
        head = Text(
            f"On average you felt {said:.0f} % sure but were right {right:.0f} % of the time: "
            "you were more confident than your results. Most people are, with these images.",
            f"En moyenne, vous étiez sûr·e à {said:.0f} % mais vous avez eu raison {right:.0f} % "
            "du temps : vous étiez plus confiant·e que vos résultats. C'est le cas de la plupart "
            "des gens avec ces images.",
        )
    else:
        head = Text(
            f"On average you felt {said:.0f} % sure and were right {right:.0f} % of the time: "
            "you did better than you thought.",
            f"En moyenne, vous étiez sûr·e à {said:.0f} % et vous avez eu raison {right:.0f} % "
            "du temps : vous avez fait mieux que vous ne le pensiez.",
        )
    if total < 20:
        head = head + Text(
            f"With only {total} answers, this can change a lot from one round to the next.",
            f"Avec seulement {total} réponses, cela peut beaucoup changer d'une partie à l'autre.",
        )
    return head


# --- published human figures ----------------------------------------------------------------


@dataclass(frozen=True)
class HumanFigure:
    """A published measure of how well people tell real from generated images."""

    study: str
    figure: str
    what: Text


#: As reported in the kit's reference notes (anchors-and-studies, section 4); each line says
#: what was measured, since the studies used different images and different measures.
HUMAN_FIGURES: tuple[HumanFigure, ...] = (
    HumanFigure(
        "Nightingale & Farid, PNAS 2022",
        "48.2 %",
        Text(
            "accuracy on real and StyleGAN2 faces (315 people): no better than a coin; 59.0 % "
            "after training and feedback (219 people)",
            "bonnes réponses sur des visages réels et StyleGAN2 (315 personnes) : pas mieux "
            "qu'une pièce ; 59,0 % après entraînement et correction (219 personnes)",
        ),
    ),
    HumanFigure(
        "Frank et al., IEEE S&P 2024",
        "< 50 %",
        Text(
            "mean accuracy on images (3,002 people in the US, Germany and China)",
            "bonnes réponses en moyenne sur des images (3 002 personnes aux États-Unis, en Allemagne et en Chine)",
        ),
    ),
    HumanFigure(
        "Microsoft AI for Good Lab, 2025",
        "62 %",
        Text(
            "overall accuracy in the 'Real or Not' quiz (more than 12,500 people, about 287,000 answers)",
            "bonnes réponses au quiz « Real or Not » (plus de 12 500 personnes, environ 287 000 réponses)",
        ),
    ),
    HumanFigure(
        "Högemann et al., Front. AI 2025",
        "63.7 %",
        Text(
            "of AI images recognised (104 people, landscapes and interiors); only 29 % for FLUX.1-dev",
            "des images d'IA reconnues (104 personnes, paysages et intérieurs) ; seulement 29 % pour FLUX.1-dev",
        ),
    ),
    HumanFigure(
        "Gray et al., R. Soc. Open Sci. 2025",
        "31 % → 51 %",
        Text(
            "of StyleGAN3 fake faces spotted by ordinary people before and after a 5-minute "
            "training on rendering errors (41 % → 64 % for super-recognisers)",
            "des faux visages StyleGAN3 repérés par des personnes ordinaires avant et après "
            "5 minutes d'entraînement aux erreurs de rendu (41 % → 64 % pour les "
            "super-physionomistes)",
        ),
    ),
)
