"""The "Real or generated?" quiz: item sets, scoring, calibration and the class's counts.

A student sees one example image at a time, says whether a camera or a generator made it and
how sure they are, then sees the truth, the tells to look at, and where the image comes from.
This module holds everything about the quiz that is not a screen, so the demo, the lessons and
the ``looktwice quiz`` command share it:

- **item sets** (:func:`item_set`): two disjoint sets, ``"monday"`` and ``"friday"``, drawn
  deterministically from the example catalogue, with as many real photos as generated images,
  so a teacher can give a pre-test on one set and a post-test on the other;
- **scoring and calibration** (:func:`score`, :func:`calibration`, :func:`calibration_chart`):
  how often the student was right at each level of confidence they gave;
- **published human figures** (:data:`HUMAN_FIGURES`) to compare a class with;
- **the class's anonymous counts** (:class:`QuizStore`): a small SQLite file in the teacher's
  data directory that holds COUNTS ONLY (which session, set and item, right or wrong, which
  confidence level, on which day). No names, no addresses, no times finer than the day, no
  image data. It can be exported as CSV and erased with one command.

>>> from looktwice import quiz
>>> answers = [quiz.Answer("coffee", "real", "real", 80), quiz.Answer("x", "generated", "real", 60)]
>>> quiz.score(answers).correct
1
>>> [(b.confidence, b.total, b.correct) for b in quiz.calibration(answers) if b.total]
[(60, 1, 0), (80, 1, 1)]
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import math
import random
import re
import sqlite3
from collections.abc import Iterable, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from .text import Text

#: The two item sets, for a test before a lesson and a test after it.
SETS: tuple[str, ...] = ("monday", "friday")
#: How many real photos (and as many generated images) a set holds at most.
PER_KIND = 5
#: The answers a student can give (also the two kinds of the example catalogue).
KINDS: tuple[str, ...] = ("real", "generated")
#: Confidence levels a student picks from, in percent (50: a pure guess; 100: certain).
CONFIDENCE_LEVELS: tuple[int, ...] = (50, 60, 70, 80, 90, 100)
#: Licence statuses left out in classroom mode (see ``looktwice.examples.STATUSES``).
CLASSROOM_EXCLUDED_STATUS: tuple[str, ...] = ("uncertain", "noncommercial")
#: Examples with these tells are not asked: a sheet of several pictures is not one answer.
EXCLUDED_TELLS: tuple[str, ...] = ("grid", "model-comparison")
#: Where quiz images come from: the manifest's rows (the kit's teaching specimens carry
#: deliberate labels and lies; they belong to the other tabs, not to a test).
QUIZ_ORIGINS: tuple[str, ...] = ("builtin", "pack")
#: The session label of a round that is never counted.
PRACTICE = "practice"
#: Session labels a teacher usually uses; any short label of letters, digits, '-' and '_' works.
SESSIONS: tuple[str, ...] = (PRACTICE, "pre", "post")
#: Name of the SQLite file in the data directory.
STORE_FILE = "quiz.sqlite"

_LABEL = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
_SALT = "looktwice-quiz-v1/"


# --- item sets ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One quiz question: an example's name and the truth about it (``"real"``/``"generated"``)."""

    name: str
    truth: str


def _hash_key(name: str) -> str:
    return hashlib.sha256((_SALT + name).encode("utf-8")).hexdigest()


def _eligible(example) -> bool:
    return (
        example.kind in KINDS and example.origin in QUIZ_ORIGINS and not any(t in example.tells for t in EXCLUDED_TELLS)
    )


def partition(examples: Iterable) -> dict[str, list]:
    """Split the quiz's candidate examples into the disjoint :data:`SETS`, kind by kind.

    Each kind's examples are ordered (clear licences first, then built-ins before pack images,
    then by a fixed hash of the name) and dealt out in turn like cards, so that every set gets
    the same share of each kind, of the clearly licensed images and of the images that work
    offline. The result depends only on the catalogue, never on what is downloaded, so an
    image keeps its set when the pack arrives between a pre-test and a post-test.
    """
    sets: dict[str, list] = {s: [] for s in SETS}
    pool = [e for e in examples if _eligible(e)]
    for kind in KINDS:
        ordered = sorted(
            (e for e in pool if e.kind == kind),
            key=lambda e: (
                e.license_status in CLASSROOM_EXCLUDED_STATUS,
                e.origin != "builtin",
                _hash_key(e.name),
            ),
        )
        for i, example in enumerate(ordered):
            sets[SETS[i % len(SETS)]].append(example)
    return sets


def check_set(name: str) -> str:
    if name not in SETS:
        raise ValueError(f"unknown item set {name!r}; choose one of {', '.join(SETS)}")
    return name


def item_set(
    name: str,
    *,
    classroom: bool = False,
    per_kind: int = PER_KIND,
    catalog=None,
) -> list[Item]:
    """The questions of set ``name``: balanced (as many real as generated), in a fixed order.

    Only images that can be loaded now without network are asked (built-ins, and pack images
    once downloaded); ``classroom=True`` also leaves out images whose licence is uncertain or
    non-commercial. The list is empty when no generated image is available (download the
    example pack with ``looktwice examples download``).
    """
    check_set(name)
    if catalog is None:
        from .examples import default_catalog

        catalog = default_catalog()
    chosen = partition(catalog)[name]
    usable = [
        e
        for e in chosen
        if not (classroom and e.license_status in CLASSROOM_EXCLUDED_STATUS) and catalog.is_available(e.name)
    ]
    by_kind = {k: [e for e in usable if e.kind == k] for k in KINDS}
    n = min(per_kind, *(len(v) for v in by_kind.values()))
    items = [Item(e.name, e.kind) for k in KINDS for e in by_kind[k][:n]]
    random.Random(_SALT + name).shuffle(items)
    return items


def item_sets(*, classroom: bool = False, per_kind: int = PER_KIND, catalog=None) -> dict[str, list[Item]]:
    """Every set's questions (see :func:`item_set`)."""
    return {s: item_set(s, classroom=classroom, per_kind=per_kind, catalog=catalog) for s in SETS}


# --- answers, score, calibration ------------------------------------------------------------


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
    if said not in KINDS:
        raise ValueError(f"an answer is 'real' or 'generated', not {said!r}")
    return said


def score(answers: Iterable[Answer]) -> Score:
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
            f"En moyenne, vous étiez sûr·e à {said:.0f} % et vous avez eu raison {right:.0f} % "
            "du temps : votre confiance correspondait assez bien à vos résultats.",
        )
    elif gap < 0:
        head = Text(
            f"On average you felt {said:.0f} % sure but were right {right:.0f} % of the time: "
            "you were more confident than your results. Most people are, with these images.",
            f"En moyenne, vous étiez sûr·e à {said:.0f} % mais vous avez eu raison {right:.0f} % "
            "du temps : vous étiez plus confiant·e que vos résultats. C'est le cas de la plupart "
            "des gens avec ces images.",
        )
    else:
        head = Text(
            f"On average you felt {said:.0f} % sure and were right {right:.0f} % of the time: "
            "you did better than you thought.",
            f"En moyenne, vous étiez sûr·e à {said:.0f} % et vous avez eu raison {right:.0f} % "
            "du temps : vous avez fait mieux que vous ne le pensiez.",
        )
    if total < 20:
        head = head + Text(
            f"With only {total} answers, this can change a lot from one round to the next.",
            f"Avec seulement {total} réponses, cela peut beaucoup changer d'une partie à l'autre.",
        )
    return head


# --- the calibration chart ------------------------------------------------------------------

#: Okabe & Ito's colour-blind-safe palette: blue for measured accuracy, vermillion outline and
#: a black step for "perfectly calibrated" (they differ in shape and brightness too).
_BLUE = (0, 114, 178)
_ORANGE = (213, 94, 0)
_INK = (20, 20, 20)
_GRID = (210, 210, 210)

CHART_TEXT = {
    "title": Text(
        "How sure you were, and how often you were right", "Votre confiance, et combien de fois vous aviez raison"
    ),
    "x": Text("How sure you said you were", "Votre niveau de confiance"),
    "y": Text("Right answers", "Bonnes réponses"),
    "bar": Text("your right answers", "vos bonnes réponses"),
    "line": Text("perfectly calibrated", "confiance parfaitement ajustée"),
    "none": Text("no answer", "aucune"),
}


#: TrueType fonts with accented letters, tried in order (Linux, macOS, Windows); Pillow's own
#: font lacks some of them, so without any of these the chart's words lose their accents.
_FONT_FILES = (
    "DejaVuSans.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/Library/Fonts/Arial.ttf",
    "/System/Library/Fonts/Supplemental/Arial.ttf",
    "C:/Windows/Fonts/arial.ttf",
)


def _font(size: int) -> tuple[ImageFont.ImageFont | ImageFont.FreeTypeFont, bool]:
    """A font of ``size`` pixels and whether it has accented letters."""
    for name in _FONT_FILES:
        try:
            return ImageFont.truetype(name, size), True
        except OSError:
            continue
    try:
        return ImageFont.load_default(size=size), False
    except TypeError:  # Pillow built without FreeType
        return ImageFont.load_default(), False


def _plain(text: str) -> str:
    """``text`` without accents (for a font that lacks them)."""
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def calibration_chart(
    bins: Sequence[CalibrationBin], lang: str = "en", size: tuple[int, int] = (720, 460)
) -> Image.Image:
    """A bar chart of accuracy per confidence level against the "perfectly calibrated" line.

    Drawn with Pillow (no plotting library needed), in colour-blind-safe colours that also
    differ in shape: solid blue bars for the student's accuracy, a black step for where a
    perfectly calibrated person would be. Each bar is labelled with its number of answers.
    """
    width, height = size
    image = Image.new("RGB", size, (255, 255, 255))
    draw = ImageDraw.Draw(image)
    (small, accents), (normal, _), (big, _) = _font(14), _font(16), _font(19)
    word = lambda key: CHART_TEXT[key].get(lang) if accents else _plain(CHART_TEXT[key].get(lang))
    left, right, top, bottom = 70, width - 20, 100, height - 100
    draw.text((16, 12), word("title"), fill=_INK, font=big)
    draw.text((16, 50), word("y"), fill=_INK, font=small)
    # Axes and grid: 0-100 %.
    for pct in range(0, 101, 25):
        y = bottom - (bottom - top) * pct / 100
        draw.line([(left, y), (right, y)], fill=_GRID if pct else _INK, width=1)
        draw.text((left - 8, y), f"{pct} %", fill=_INK, font=small, anchor="rm")
    draw.line([(left, top), (left, bottom)], fill=_INK, width=1)
    n = max(1, len(bins))
    slot = (right - left) / n
    for i, b in enumerate(bins):
        x0 = left + i * slot + slot * 0.18
        x1 = left + (i + 1) * slot - slot * 0.18
        # where a perfectly calibrated person would be: a black step at the confidence level
        yc = bottom - (bottom - top) * b.confidence / 100
        if b.total:
            ya = bottom - (bottom - top) * (b.accuracy or 0.0)
            draw.rectangle([x0, ya, x1, bottom], fill=_BLUE)
            label_y = min(ya, yc) - 5
            draw.text(((x0 + x1) / 2, label_y), f"{100 * (b.accuracy or 0):.0f} %", fill=_INK, font=small, anchor="md")
            count = f"n={b.total}"
        else:
            count = word("none")
        draw.line([(x0 - 6, yc), (x1 + 6, yc)], fill=_INK, width=3)
        draw.text(((x0 + x1) / 2, bottom + 6), f"{b.confidence} %", fill=_INK, font=normal, anchor="ma")
        draw.text(((x0 + x1) / 2, bottom + 26), count, fill=(80, 80, 80), font=small, anchor="ma")
    draw.text(((left + right) / 2, bottom + 50), word("x"), fill=_INK, font=small, anchor="ma")
    # Legend on the bottom line.
    ly = height - 16
    draw.rectangle([left, ly - 7, left + 18, ly + 7], fill=_BLUE)
    draw.text((left + 26, ly), word("bar"), fill=_INK, font=small, anchor="lm")
    lx = left + 56 + int(draw.textlength(word("bar"), font=small))
    draw.line([(lx, ly), (lx + 22, ly)], fill=_INK, width=3)
    draw.text((lx + 30, ly), word("line"), fill=_INK, font=small, anchor="lm")
    return image


def chart_alt_text(bins: Sequence[CalibrationBin], lang: str = "en") -> str:
    """A text version of :func:`calibration_chart` for screen readers."""
    parts = []
    for b in bins:
        if b.total:
            parts.append(
                Text(
                    f"at {b.confidence} % sure: {b.correct} right out of {b.total}",
                    f"à {b.confidence} % de confiance : {b.correct} bonnes sur {b.total}",
                ).get(lang)
            )
    body = "; ".join(parts) or CHART_TEXT["none"].get(lang)
    return f"{CHART_TEXT['title'].get(lang)}: {body}."


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
        "Microsoft AI for Good, arXiv 2507.18640 (2025)",
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


# --- tells, in both languages ---------------------------------------------------------------

#: French for :data:`looktwice.examples.TELLS` (the English is read from there).
_TELLS_FR: dict[str, str] = {
    "text": "l'image contient de l'écriture",
    "garbled-text": "son écriture est mal orthographiée ou déformée, un signe classique de générateur",
    "legible-text": "faite par un générateur, et pourtant son écriture est juste : le texte "
    "déformé n'est plus un signe fiable",
    "animal": "montre un animal",
    "food": "montre de la nourriture ou une boisson",
    "landscape": "montre un paysage",
    "building": "montre un bâtiment",
    "vehicle": "montre un véhicule",
    "space": "montre l'espace (étoiles, galaxies)",
    "texture": "une texture vue de près (briques, herbe) qui remplit l'image",
    "close-up": "un gros plan ou une vue macro",
    "surreal": "montre quelque chose d'impossible (d'après sa description)",
    "photorealistic": "sa source la décrit comme photoréaliste",
    "illustration": "semble peinte ou stylisée plutôt que photographiée",
    "human-made": "réelle, mais dessinée par une personne plutôt que photographiée",
    "grid": "plusieurs images en une (une planche d'exemples ou une comparaison)",
    "tile": "découpée dans une planche d'exemples publiée par les auteurs du modèle",
    "gan-failure": "un raté connu des générateurs : des objets qui fondent l'un dans l'autre",
    "reconstruction": "une photo réelle redessinée par une IA (la photo est passée dans un modèle)",
    "img2img": "faite par un générateur à partir d'un dessin qu'on lui a donné",
    "model-comparison": "compare des versions d'un générateur sur la même consigne",
    "processed": "une vraie photo transformée ensuite (déformée, recadrée, mise à l'échelle)",
    "scan": "un document scanné",
    "motion-blur": "floue parce que l'appareil a bougé",
    "greyscale": "n'a pas de couleur",
    "small": "320 pixels ou moins sur son plus grand côté, ce qui cache beaucoup d'indices",
    "pair-coffee": "à comparer : une vraie tasse de café et une tasse générée",
    "pair-letterboard": "à comparer : une vraie photo de tableau à lettres et deux redessins par une IA",
    "pair-mountain-sketch": "à comparer : un croquis dessiné à la main et l'image qu'un générateur en a tirée",
    "pair-street-sign": "à comparer : deux panneaux faits avec la même consigne, un seul bien écrit",
    "camera-exif": "le fichier porte des étiquettes EXIF qui nomment un appareil photo",
    "software-tag": "le fichier nomme le logiciel qui l'a enregistré",
    "xmp": "le fichier porte des métadonnées XMP",
    "png-text": "le fichier PNG porte des blocs de texte (comme une date de création)",
    "no-metadata": "le fichier ne porte ni EXIF, ni XMP, ni texte",
    "specimen": "fabriquée par le kit Look Twice lui-même, qui dit exactement comment",
    "kit-generated": "peinte par le petit GAN de classe du kit",
    "declared": "porte une étiquette ou une marque qui dit qu'elle a été générée",
    "c2pa": "porte des Content Credentials C2PA signées",
    "watermark": "porte un filigrane invisible dans ses pixels",
    "lying-label": "porte une étiquette fausse exprès, pour montrer que les étiquettes peuvent mentir",
    "laundered": "une image étiquetée après un traitement ordinaire (réenregistrement, "
    "redimensionnement, capture d'écran...)",
}


def tell_text(tell: str) -> Text:
    """What a tell means, in English and French (English twice if no translation yet)."""
    from .examples.tells import TELLS

    en = TELLS.get(tell, tell)
    return Text(en, _TELLS_FR.get(tell, en))


# --- the class's anonymous counts -----------------------------------------------------------

_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    day TEXT NOT NULL,
    session TEXT NOT NULL,
    item_set TEXT NOT NULL,
    item TEXT NOT NULL,
    truth TEXT NOT NULL,
    correct INTEGER NOT NULL,
    confidence INTEGER NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (day, session, item_set, item, truth, correct, confidence)
);
CREATE TABLE IF NOT EXISTS rounds (
    day TEXT NOT NULL,
    session TEXT NOT NULL,
    item_set TEXT NOT NULL,
    score INTEGER NOT NULL,
    total INTEGER NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (day, session, item_set, score, total)
);
"""

#: Columns of the exported CSV file, in order.
CSV_COLUMNS = (
    "table",
    "day",
    "session",
    "item_set",
    "item",
    "truth",
    "correct",
    "confidence",
    "score",
    "total",
    "count",
)


def check_label(label: str) -> str:
    """A session label: 1 to 32 letters, digits, '-' or '_' (``pre``, ``post``, ``week-2``)."""
    if not isinstance(label, str) or not _LABEL.match(label):
        raise ValueError("a session label is 1 to 32 letters, digits, '-' or '_' (for example pre, post)")
    return label


def default_store_path() -> Path:
    """``looktwice.paths.data_dir() / "quiz.sqlite"``."""
    from .paths import data_dir

    return data_dir() / STORE_FILE


@dataclass(frozen=True)
class SessionSummary:
    """The class's aggregate for one session label."""

    session: str
    answers: int
    correct: int
    rounds: int
    round_scores: dict[tuple[int, int], int]
    bins: list[CalibrationBin]
    by_truth: dict[str, tuple[int, int]]
    item_sets: list[str]
    days: list[str]

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.answers if self.answers else None


@dataclass(frozen=True)
class Comparison:
    """Two sessions side by side (usually ``pre`` and ``post``)."""

    before: SessionSummary
    after: SessionSummary

    @property
    def difference(self) -> float | None:
        """Change in accuracy, in percentage points (None if either session is empty)."""
        if self.before.accuracy is None or self.after.accuracy is None:
            return None
        return 100 * (self.after.accuracy - self.before.accuracy)

    @property
    def margin(self) -> float | None:
        """Half-width, in percentage points, of a rough 95 % interval around the difference
        (normal approximation for two proportions; answers by the same student are not
        independent, so the real uncertainty is larger)."""
        b, a = self.before, self.after
        if not b.answers or not a.answers:
            return None
        pb, pa = b.correct / b.answers, a.correct / a.answers
        se = math.sqrt(pb * (1 - pb) / b.answers + pa * (1 - pa) / a.answers)
        return 100 * 1.96 * se

    def text(self, lang: str = "en") -> str:
        """The comparison as plain text (what ``looktwice quiz compare`` prints)."""
        return format_comparison(self, lang)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.0f} %"


def _session_lines(s: SessionSummary, lang: str) -> list[str]:
    t = lambda en, fr: Text(en, fr).get(lang)
    if not s.answers:
        return [t(f"  {s.session}: no answers recorded.", f"  {s.session} : aucune réponse enregistrée.")]
    lines = [
        t(
            f"  {s.session}: {s.correct} right out of {s.answers} answers ({_pct(s.accuracy)}), "
            f"{s.rounds} finished rounds; sets: {', '.join(s.item_sets)}; days: {', '.join(s.days)}",
            f"  {s.session} : {s.correct} bonnes réponses sur {s.answers} ({_pct(s.accuracy)}), "
            f"{s.rounds} parties terminées ; séries : {', '.join(s.item_sets)} ; jours : {', '.join(s.days)}",
        )
    ]
    for truth in KINDS:
        n, right = s.by_truth.get(truth, (0, 0))
        if n:
            name = {"real": t("real photos", "vraies photos"), "generated": t("generated images", "images générées")}[
                truth
            ]
            lines.append(
                t(f"      {name}: {right}/{n} ({_pct(right / n)})", f"      {name} : {right}/{n} ({_pct(right / n)})")
            )
    cal = ", ".join(f"{b.confidence} %: {_pct(b.accuracy)} (n={b.total})" for b in s.bins if b.total)
    lines.append(t(f"      right answers by confidence: {cal}", f"      bonnes réponses selon la confiance : {cal}"))
    return lines


def format_comparison(c: Comparison, lang: str = "en") -> str:
    t = lambda en, fr: Text(en, fr).get(lang)
    lines = [t("Class results (anonymous counts)", "Résultats de la classe (comptages anonymes)")]
    lines += _session_lines(c.before, lang)
    lines += _session_lines(c.after, lang)
    diff, margin = c.difference, c.margin
    if diff is None:
        lines.append(t("Not enough answers to compare yet.", "Pas encore assez de réponses pour comparer."))
    else:
        lines.append(
            t(
                f"Change: {diff:+.0f} percentage points (rough 95 % range: {diff - margin:+.0f} to {diff + margin:+.0f}).",
                f"Écart : {diff:+.0f} points (fourchette approximative à 95 % : {diff - margin:+.0f} à {diff + margin:+.0f}).",
            )
        )
        if abs(diff) <= margin:
            lines.append(
                t(
                    "This change is within what chance alone could give with this many answers.",
                    "Cet écart reste dans ce que le hasard seul pourrait donner avec si peu de réponses.",
                )
            )
        lines.append(
            t(
                "The two sessions used different images (that is the point), so some of the change "
                "can come from one set being easier than the other.",
                "Les deux séances utilisaient des images différentes (c'est voulu) : une partie de "
                "l'écart peut venir d'une série plus facile que l'autre.",
            )
        )
    return "\n".join(lines)


class QuizStore:
    """The class's anonymous quiz counts, in one SQLite file (counts only; see the module doc).

    Every call opens the file, does one short transaction and closes it, so several demo
    processes (or threads) can share one file safely.
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_store_path()

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.path, timeout=15, isolation_level=None)
        con.execute("PRAGMA busy_timeout = 15000")
        con.executescript(_SCHEMA)
        return con

    @staticmethod
    def _day(day: dt.date | str | None) -> str:
        if day is None:
            return dt.date.today().isoformat()
        return day.isoformat() if isinstance(day, dt.date) else dt.date.fromisoformat(day).isoformat()

    def record_answer(
        self,
        session: str,
        item_set: str,
        item: str,
        truth: str,
        correct: bool,
        confidence: int,
        *,
        day: dt.date | str | None = None,
    ) -> None:
        """Add one to the count of answers like this one (nothing about who gave it)."""
        check_label(session)
        check_set(item_set)
        check_answer(truth)
        row = (self._day(day), session, item_set, str(item)[:80], truth, int(bool(correct)), confidence_bin(confidence))
        with closing(self._connect()) as con:
            con.execute(
                "INSERT INTO answers VALUES (?, ?, ?, ?, ?, ?, ?, 1) ON CONFLICT DO UPDATE SET count = count + 1",
                row,
            )

    def record_round(
        self, session: str, item_set: str, score: int, total: int, *, day: dt.date | str | None = None
    ) -> None:
        """Add one to the count of finished rounds with this score."""
        check_label(session)
        check_set(item_set)
        if not 0 <= int(score) <= int(total):
            raise ValueError("score must be between 0 and total")
        with closing(self._connect()) as con:
            con.execute(
                "INSERT INTO rounds VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT DO UPDATE SET count = count + 1",
                (self._day(day), session, item_set, int(score), int(total)),
            )

    def _rows(self, table: str, session: str | None = None) -> list[sqlite3.Row]:
        if not self.path.exists():
            return []
        with closing(self._connect()) as con:
            con.row_factory = sqlite3.Row
            query = f"SELECT * FROM {table}"  # table is one of two fixed names
            if session is None:
                return list(con.execute(query + " ORDER BY day, session, item_set"))
            return list(con.execute(query + " WHERE session = ? ORDER BY day, item_set", (session,)))

    def sessions(self) -> list[str]:
        """Session labels with at least one recorded answer."""
        return sorted({r["session"] for r in self._rows("answers")})

    def summary(self, session: str) -> SessionSummary:
        """The aggregate of every answer and round recorded under ``session``."""
        check_label(session)
        answers = self._rows("answers", session)
        rounds = self._rows("rounds", session)
        bins = {level: [0, 0] for level in CONFIDENCE_LEVELS}
        by_truth: dict[str, list[int]] = {}
        for r in answers:
            b = bins[confidence_bin(r["confidence"])]
            b[0] += r["count"]
            b[1] += r["count"] * r["correct"]
            t = by_truth.setdefault(r["truth"], [0, 0])
            t[0] += r["count"]
            t[1] += r["count"] * r["correct"]
        scores: dict[tuple[int, int], int] = {}
        for r in rounds:
            key = (r["score"], r["total"])
            scores[key] = scores.get(key, 0) + r["count"]
        return SessionSummary(
            session=session,
            answers=sum(r["count"] for r in answers),
            correct=sum(r["count"] * r["correct"] for r in answers),
            rounds=sum(scores.values()),
            round_scores=scores,
            bins=[CalibrationBin(level, t, c) for level, (t, c) in bins.items()],
            by_truth={k: (v[0], v[1]) for k, v in by_truth.items()},
            item_sets=sorted({r["item_set"] for r in answers}),
            days=sorted({r["day"] for r in answers}),
        )

    def compare(self, before: str = "pre", after: str = "post") -> Comparison:
        """The class's aggregates for two session labels, side by side."""
        return Comparison(self.summary(before), self.summary(after))

    def export_csv(self, path: str | Path) -> int:
        """Write every count to a CSV file (columns :data:`CSV_COLUMNS`); returns the row count."""
        rows: list[dict] = []
        for r in self._rows("answers"):
            rows.append({"table": "answer", **dict(r)})
        for r in self._rows("rounds"):
            rows.append({"table": "round", **dict(r)})
        with open(path, "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=CSV_COLUMNS, restval="")
            writer.writeheader()
            writer.writerows(rows)
        return len(rows)

    def erase(self) -> bool:
        """Delete the file (and SQLite's side files); returns whether there was anything."""
        found = False
        for suffix in ("", "-wal", "-shm", "-journal"):
            p = self.path.with_name(self.path.name + suffix)
            try:
                p.unlink()
                found = True
            except FileNotFoundError:
                pass
        return found


# --- one student's round --------------------------------------------------------------------


@dataclass
class Round:
    """One student's round through a set: which items, where they are, what they answered.

    Plain data only (it lives in the demo's per-browser state); the store is told about each
    answer as it is given, unless the session is :data:`PRACTICE`.
    """

    item_set: str
    session: str
    items: list[Item]
    index: int = 0
    answers: list[Answer] = field(default_factory=list)

    @classmethod
    def start(cls, item_set: str, session: str = PRACTICE, *, classroom: bool = False, catalog=None) -> Round:
        check_label(session)
        return cls(check_set(item_set), session, _items_of(item_set, classroom, catalog))

    @property
    def current(self) -> Item | None:
        return self.items[self.index] if self.index < len(self.items) else None

    @property
    def answered_current(self) -> bool:
        return len(self.answers) > self.index

    @property
    def finished(self) -> bool:
        return self.index >= len(self.items)

    @property
    def counted(self) -> bool:
        return self.session != PRACTICE

    def answer(self, said: str, confidence: float, store: QuizStore | None = None) -> Answer:
        """Record the answer to the current item (once); tells the store if the round counts."""
        item = self.current
        if item is None:
            raise ValueError("the round is over")
        if self.answered_current:
            return self.answers[self.index]
        a = Answer(item.name, item.truth, check_answer(said), confidence_bin(confidence))
        self.answers.append(a)
        if store is not None and self.counted:
            store.record_answer(self.session, self.item_set, a.item, a.truth, a.correct, a.confidence)
            if len(self.answers) == len(self.items):
                s = score(self.answers)
                store.record_round(self.session, self.item_set, s.correct, s.total)
        return a

    def next(self) -> Item | None:
        """Move on (only after answering); returns the new current item or None at the end."""
        if self.answered_current:
            self.index += 1
        return self.current


def _items_of(name: str, classroom: bool, catalog) -> list[Item]:
    return item_set(name, classroom=classroom, catalog=catalog)
