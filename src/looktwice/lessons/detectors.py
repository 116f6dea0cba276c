"""Lesson 7, "Detectors and their limits": build a transparent detector in class, measure it,
break it, and see what a responsible tool shows instead of a verdict.

Every number the lesson shows is computed here, on the computer in front of the class:

- :func:`lesson_images` picks the images: a balanced, seeded sample of the example pack when it
  is downloaded (:data:`SAMPLE` images, every generator family represented), else the kit's
  built-in photos and the pictures of its classroom generator (so the lesson still runs on a
  fresh install, with a note saying so);
- :func:`measure_images` measures the kit's detector features
  (:data:`looktwice.detector.features.FEATURES`) once per image and handling
  (:data:`HANDLINGS`, from :data:`looktwice.evaluation.conditions.CONDITIONS`);
- :func:`train_detector` fits a logistic regression (scikit-learn) the way the kit's own
  detector is trained (:mod:`looktwice.detector.train`), :func:`held_out_scores` scores each
  image with a model that never saw it (random folds, or leaving its whole generator family
  out), and the ``*_table`` functions show the results in the lesson's language;
- :func:`base_rate_table` does the base-rate arithmetic; :data:`PUBLISHED` and :data:`PEOPLE`
  hold published figures with their sources (from ``shared/reference/``, checked on
 :data:`CHECKED`).

>>> round(base_rate(1, 95, 5)["false_share"], 1)
83.9
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
from PIL import Image, ImageDraw

from ..text import Text

#: Images the lesson measures when the example pack is there: half real photos, half generated
#: images spread over every generator family. Enough to train and test a small detector, few
#: enough for the measurements to take about ten seconds.
SAMPLE = 48
#: Each image is first cut to its central square of at most this many pixels a side (no
#: resampling; the kit's detector measures a central square too), so that the handlings and
#: the measurements take a few seconds instead of a minute.
CUT = 512
#: The seed of every random choice (sample, folds), so a class sees the same numbers as the
#: teacher's edition on the same images.
SEED = 20261128
#: How the images are handled before they are measured; the detector learns from the first.
HANDLINGS = ("resaved", "jpeg75", "jpeg50", "half", "crop")
#: Folds of the random split.
FOLDS = 4
#: The day the published figures below were checked against their sources.
CHECKED = "2026-11-28"

WORDS = {
    "images": Text("images measured", "images mesurées"),
    "real": Text("real photos", "vraies photos"),
    "generated": Text("generated images", "images générées"),
    "families": Text("generator families", "familles de générateurs"),
    "from": Text("where they come from", "d’où elles viennent"),
    "pack": Text("a sample of the kit's example pack", "un échantillon du pack d’exemples du kit"),
    "builtins": Text(
        "the kit's built-in photos and its classroom generator (the example pack is not on this "
        "computer: `looktwice examples download` gives the full lesson)",
        "les photos fournies avec le kit et son générateur de classe (le pack d’exemples n’est "
        "pas sur cet ordinateur : `looktwice examples download` donne la leçon complète)",
    ),
    "seconds": Text("seconds to measure them", "secondes pour les mesurer"),
    "feature": Text("measurement", "mesure"),
    "name": Text("name", "nom"),
    "median_real": Text("typical value, real photos", "valeur typique, vraies photos"),
    "median_generated": Text("typical value, generated images", "valeur typique, images générées"),
    "alone": Text("ROC AUC on its own", "AUC ROC à elle seule"),
    "weight": Text("weight", "poids"),
    "towards": Text("a higher value pushes towards", "une valeur plus haute pousse vers"),
    "to_generated": Text("generated", "générée"),
    "to_real": Text("real", "réelle"),
    "measure": Text("measure", "mesure"),
    "value": Text("value", "valeur"),
    "accuracy": Text("accuracy (share of right answers)", "exactitude (part de bonnes réponses)"),
    "auc": Text("ROC AUC", "AUC ROC"),
    "threshold": Text("threshold", "seuil"),
    "threshold_percent": Text("threshold (%)", "seuil (%)"),
    "truth": Text("truth", "vérité"),
    "said_generated": Text("detector says: generated", "le détecteur dit : générée"),
    "said_real": Text("detector says: real", "le détecteur dit : réelle"),
    "handling": Text("handling", "traitement"),
    "flagged": Text("real photos flagged", "vraies photos signalées"),
    "missed": Text("generated images missed", "images générées manquées"),
    "test": Text("how it was tested", "comment il a été testé"),
    "random": Text(
        "random folds (every family seen in training)", "plis au hasard (chaque famille vue à l’entraînement)"
    ),
    "family_out": Text("each family left out of training", "chaque famille retirée de l’entraînement"),
    "family": Text("generator family", "famille de générateurs"),
    "caught_random": Text("caught, family seen", "repérées, famille vue"),
    "caught_out": Text("caught, family never seen", "repérées, famille jamais vue"),
    "feed": Text("pictures in the feed", "images dans le fil"),
    "feed_generated": Text("generated images in the feed", "images générées dans le fil"),
    "caught": Text("generated images caught", "images générées repérées"),
    "feed_real": Text("real photos in the feed", "vraies photos dans le fil"),
    "false_alarms": Text("false alarms (real photos flagged)", "fausses alertes (vraies photos signalées)"),
    "alarms": Text("alarms in all", "alertes en tout"),
    "false_share": Text("share of the alarms that are false", "part des alertes qui sont fausses"),
    "share": Text("share of generated images in the feed (%)", "part d’images générées dans le fil (%)"),
    "right_detector": Text(
        "a detector right on {p} of real photos and {p} of generated images",
        "un détecteur juste sur {p} des vraies photos et {p} des images générées",
    ),
    "your_detector": Text("your detector (its measured rates)", "votre détecteur (ses taux mesurés)"),
    "who": Text("who", "qui"),
    "figure": Text("what was measured, and the figures", "ce qui a été mesuré, et les chiffres"),
    "source": Text("source", "source"),
    "checked": Text("checked on", "vérifié le"),
    "analysis": Text("analysis", "analyse"),
    "finding": Text("what it found", "ce qu’elle a trouvé"),
    "strength": Text("strength", "force"),
    "points": Text("points towards", "penche vers"),
    "nothing": Text("nothing to report", "rien à signaler"),
    "feature_slider": Text("measurement number", "numéro de la mesure"),
    "roc_title": Text("ROC curve of your detector", "Courbe ROC de votre détecteur"),
    "roc_x": Text("real photos flagged →", "vraies photos signalées →"),
    "roc_y": Text("generated\ncaught ↑", "générées\nrepérées ↑"),
    "strip_real": Text("real photos", "vraies photos"),
    "strip_generated": Text("generated images", "images générées"),
    "mistake_real": Text(
        "real photo it found most 'generated' (score {s})", "vraie photo qu’il trouve la plus « générée » (score {s})"
    ),
    "mistake_generated": Text(
        "generated image it found most 'real' (score {s})", "image générée qu’il trouve la plus « réelle » (score {s})"
    ),
}


# ----------------------------------------------------------------------------- formatting


def number(value: float, lang: str, digits: int = 2) -> str:
    """``0.81`` in English, ``0,81`` in French (and a true minus sign); ``—`` for a missing value."""
    if value is None or not np.isfinite(value):
        return "—"
    text = f"{value:.{digits}f}"
    return text.replace(".", ",").replace("-", "\u2212") if lang == "fr" else text


def count(value: float, lang: str) -> str:
    """A whole number with thousands separated: ``9,900`` in English, ``9 900`` in French."""
    text = f"{int(round(value)):,}"
    return text.replace(",", "\u202f") if lang == "fr" else text


def percent(value: float, lang: str, digits: int = 0) -> str:
    """``84 %`` (a narrow no-break space before the sign), ``83,9 %`` in French."""
    return f"{number(value, lang, digits)}\u202f%"


def _table(headers, rows):
    from ..teaching import Table

    return Table(headers, rows)


def _w(key: str, lang: str) -> str:
    return WORDS[key].get(lang)


# ----------------------------------------------------------------------------- the images


@dataclass
class FeatureSet:
    """The lesson's images, measured once: their labels, families and features per handling."""

    names: list[str]
    labels: np.ndarray
    families: list[str]
    source: str
    features: dict[str, np.ndarray] = field(default_factory=dict)
    seconds: float = 0.0
    cache: dict = field(default_factory=dict, repr=False)

    @property
    def real(self) -> int:
        return int(np.sum(self.labels == 0))

    @property
    def generated(self) -> int:
        return int(np.sum(self.labels == 1))

    def generated_families(self) -> list[str]:
        return sorted({f for f, y in zip(self.families, self.labels) if y == 1})

    def table(self, lang: str = "en"):
        """What was measured: how many images of each kind, from where, and how long it took."""
        rows = [
            (_w("from", lang), _w(self.source, lang)),
            (_w("images", lang), count(len(self.names), lang)),
            (_w("real", lang), count(self.real, lang)),
            (_w("generated", lang), count(self.generated, lang)),
            (_w("families", lang), count(len(self.generated_families()), lang)),
            (_w("seconds", lang), number(self.seconds, lang, 1)),
        ]
        return _table(["", ""], rows)


def lesson_images(size: int = SAMPLE):
    """``(images, source)``: a seeded sample of ``size`` images of the example pack, half real
    and half generated, the generated ones taken family by family in turn so that every family
    is there; when the pack is not downloaded, every built-in photo and classroom-generator
    picture (``source`` is then ``"builtins"``)."""
    from ..evaluation.sources import load_source

    images, _ = load_source("pack")
    source = "pack"
    if len({i.label for i in images}) < 2 or sum(i.label == "generated" for i in images) < 8:
        images, _ = load_source("builtins")
        return sorted(images, key=lambda i: i.name), "builtins"
    rng = np.random.default_rng(SEED)
    real = [i for i in images if i.label == "real"]
    real = [real[k] for k in sorted(rng.permutation(len(real))[: size // 2])]
    by_family: dict[str, list] = {}
    for image in sorted((i for i in images if i.label == "generated"), key=lambda i: i.name):
        by_family.setdefault(image.family, []).append(image)
    queues = [list(by_family[f]) for f in sorted(by_family)]
    for queue in queues:
        rng.shuffle(queue)
    generated = []
    while len(generated) < size - len(real) and any(queues):
        for queue in queues:
            if queue and len(generated) < size - len(real):
                generated.append(queue.pop())
    return real + generated, source


def central_square(image, side: int = CUT):
    """A copy of a :class:`~looktwice.evaluation.sources.LabelledImage` holding only the
    central ``side`` x ``side`` pixels of its picture (or all of it when smaller), as a PNG with
    no labels."""
    import io
    from dataclasses import replace

    from ..detector.features import central_crop
    from ..image_file import open_specimen

    buf = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(central_crop(open_specimen(image.read()).rgb, side))).save(
        buf, "PNG", compress_level=0
    )
    return replace(image, path=None, data=buf.getvalue())


def measure_images(images=None, source: str | None = None, handlings=HANDLINGS, side: int = CUT) -> FeatureSet:
    """Cut every image to its central square (:data:`CUT`), then measure the kit's detector
    features once under every handling (:data:`HANDLINGS`, from
    :data:`looktwice.evaluation.conditions.CONDITIONS`); ``images`` default to
    :func:`lesson_images`."""
    from ..detector.train import feature_table

    if images is None:
        images, source = lesson_images()
    start = time.perf_counter()
    features = feature_table([central_square(i, side) for i in images], tuple(handlings), workers=1)
    seconds = time.perf_counter() - start
    labels = np.array([1 if i.label == "generated" else 0 for i in images])
    return FeatureSet([i.name for i in images], labels, [i.family for i in images], source or "pack", features, seconds)


# ----------------------------------------------------------------------------- the detector


@dataclass
class ClassroomDetector:
    """A logistic regression on standardised features, as the kit's own detector is made."""

    scaler: object
    model: object
    trained_on: str

    def scores(self, x: np.ndarray) -> np.ndarray:
        """Scores in [0, 1] (0: like the real photos it learned from)."""
        return self.model.predict_proba(self.scaler.transform(x))[:, 1]

    @property
    def weights(self) -> np.ndarray:
        return self.model.coef_[0]


def _fit(x: np.ndarray, y: np.ndarray, trained_on: str) -> ClassroomDetector:
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    from ..detector.train import C

    scaler = StandardScaler().fit(x)
    model = LogisticRegression(C=C, max_iter=5000, class_weight="balanced").fit(scaler.transform(x), y)
    return ClassroomDetector(scaler, model, trained_on)


def train_detector(fs: FeatureSet, train_on: str = "resaved") -> ClassroomDetector:
    """Fit a detector on every image of ``fs``, handled as ``train_on``."""
    if train_on not in fs.features:
        raise ValueError(f"{train_on!r} is not one of the measured handlings: {', '.join(fs.features)}")
    return _fit(fs.features[train_on], fs.labels, train_on)


def folds(fs: FeatureSet, by_family: bool = False) -> list[np.ndarray]:
    """Groups of image indices, each scored by a model trained on all the others: :data:`FOLDS`
    seeded stratified folds, or (``by_family``) one group per generator family with the real
    photos in :data:`FOLDS` seeded folds, as :func:`looktwice.detector.train.held_out_groups`."""
    rng = np.random.default_rng(SEED)
    real = rng.permutation(np.flatnonzero(fs.labels == 0))
    real_folds = [f for f in np.array_split(real, FOLDS) if f.size]
    if by_family:
        fams = np.array(fs.families)
        gen = [np.flatnonzero((fs.labels == 1) & (fams == f)) for f in fs.generated_families()]
        return gen + real_folds
    gen = rng.permutation(np.flatnonzero(fs.labels == 1))
    return [np.concatenate([r, g]) for r, g in zip(real_folds, np.array_split(gen, FOLDS))]


def held_out_scores(
    fs: FeatureSet, test_on: str = "resaved", train_on: str = "resaved", by_family: bool = False
) -> np.ndarray:
    """Each image's score from a detector that never saw it (see :func:`folds`), trained on the
    ``train_on`` copies of the others and tested on its ``test_on`` copy."""
    return all_held_out_scores(fs, train_on, by_family)[test_on]


def all_held_out_scores(fs: FeatureSet, train_on: str = "resaved", by_family: bool = False) -> dict[str, np.ndarray]:
    """:func:`held_out_scores` for every measured handling at once (one model per fold)."""
    key = (train_on, by_family)
    if key not in fs.cache:
        scores = {h: np.zeros(len(fs.labels)) for h in fs.features}
        for group in folds(fs, by_family):
            rest = np.setdiff1d(np.arange(len(fs.labels)), group)
            detector = _fit(fs.features[train_on][rest], fs.labels[rest], train_on)
            for handling, x in fs.features.items():
                scores[handling][group] = detector.scores(x[group])
        fs.cache[key] = scores
    return fs.cache[key]


@dataclass(frozen=True)
class Measures:
    """How a set of scores does against the truth at one threshold."""

    accuracy: float
    auc: float
    true_positive: int
    false_positive: int
    true_negative: int
    false_negative: int

    @property
    def caught_rate(self) -> float:
        """Share of generated images flagged, in %."""
        return 100 * self.true_positive / max(1, self.true_positive + self.false_negative)

    @property
    def false_alarm_rate(self) -> float:
        """Share of real photos flagged, in %."""
        return 100 * self.false_positive / max(1, self.false_positive + self.true_negative)


def measures(labels: np.ndarray, scores: np.ndarray, threshold: float = 0.5) -> Measures:
    """Accuracy, ROC AUC and the confusion counts of ``scores`` at ``threshold``."""
    from ..evaluation.metrics import Confusion, roc_auc

    fired = scores >= threshold
    c = Confusion.of(labels, fired)
    return Measures(
        float(np.mean(fired == labels.astype(bool))),
        roc_auc(labels, scores),
        c.true_positive,
        c.false_positive,
        c.true_negative,
        c.false_negative,
    )


# ----------------------------------------------------------------------------- tables


def features_table(fs: FeatureSet, lang: str = "en", handling: str = "resaved"):
    """Each feature: its number, what it measures, its typical (median) value on each side, and
    how well it separates the two sides on its own (ROC AUC; 0.5 is chance)."""
    from ..detector.features import FEATURES
    from ..evaluation.metrics import roc_auc

    x = fs.features[handling]
    rows = []
    for k, feature in enumerate(FEATURES):
        auc = roc_auc(fs.labels, x[:, k])
        rows.append(
            (
                k + 1,
                feature.label.get(lang),
                number(np.median(x[fs.labels == 0, k]), lang),
                number(np.median(x[fs.labels == 1, k]), lang),
                number(max(auc, 1 - auc), lang),
            )
        )
    headers = ["#", _w("feature", lang), _w("median_real", lang), _w("median_generated", lang), _w("alone", lang)]
    return _table(headers, rows)


def feature_strip(
    fs: FeatureSet, index: int, lang: str = "en", handling: str = "resaved", width: int = 640
) -> Image.Image:
    """One feature (numbered from 1) as two rows of dots, real photos above and generated images
    below, so a pupil sees how much the two sides overlap."""
    from ..detector.features import FEATURES
    from ..evaluation.metrics import roc_auc

    k = index - 1
    x = fs.features[handling][:, k]
    low, high = float(np.min(x)), float(np.max(x))
    span = (high - low) or 1.0
    from ..lab.drawing import font, label

    face = font(14)
    left, right = 150, width - 20
    image = Image.new("RGB", (width, 150), "white")
    draw = ImageDraw.Draw(image)
    auc = roc_auc(fs.labels, x)
    title = f"{index}. {FEATURES[k].label.get(lang)} — {_w('alone', lang)} {number(max(auc, 1 - auc), lang)}"
    label(draw, (10, 8), title, face)
    for row, (side, colour, key) in enumerate(
        ((0, (27, 108, 168), "strip_real"), (1, (192, 57, 43), "strip_generated"))
    ):
        y = 55 + row * 45
        label(draw, (10, y - 8), _w(key, lang), face, fill=colour)
        draw.line((left, y, right, y), fill="#dddddd")
        for value in x[fs.labels == side]:
            px = left + (value - low) / span * (right - left)
            draw.ellipse((px - 4, y - 4, px + 4, y + 4), outline=colour, width=2)
    label(draw, (left, 126), number(low, lang), face, fill=(85, 85, 85))
    label(draw, (right - 50, 126), number(high, lang), face, fill=(85, 85, 85))
    return image


def weights_table(detector: ClassroomDetector, lang: str = "en"):
    """The detector's weight on each feature, strongest first, and which way a higher value of
    that feature pushes the score."""
    from ..detector.features import FEATURES

    order = np.argsort(-np.abs(detector.weights))
    rows = [
        (
            k + 1,
            FEATURES[k].label.get(lang),
            number(detector.weights[k], lang),
            _w("to_generated" if detector.weights[k] > 0 else "to_real", lang),
        )
        for k in order
    ]
    return _table(["#", _w("feature", lang), _w("weight", lang), _w("towards", lang)], rows)


def measures_table(labels: np.ndarray, scores: np.ndarray, lang: str = "en", threshold: float = 0.5):
    """Accuracy and ROC AUC, then the confusion matrix: truth in rows, the detector's answer in
    columns, at ``threshold``."""
    m = measures(labels, scores, threshold)
    rows = [
        (_w("accuracy", lang), percent(100 * m.accuracy, lang), ""),
        (_w("auc", lang), number(m.auc, lang), ""),
        (_w("threshold", lang), number(threshold, lang), ""),
        ("", _w("said_generated", lang), _w("said_real", lang)),
        (_w("generated", lang), count(m.true_positive, lang), count(m.false_negative, lang)),
        (_w("real", lang), count(m.false_positive, lang), count(m.true_negative, lang)),
    ]
    return _table([_w("measure", lang), _w("value", lang), ""], rows)


def confusion_table(labels: np.ndarray, scores: np.ndarray, percent_threshold: int, lang: str = "en"):
    """The confusion matrix at a threshold given in % (for a slider from 0 to 100)."""
    return measures_table(labels, scores, lang, percent_threshold / 100)


def roc_picture(labels: np.ndarray, scores: np.ndarray, lang: str = "en", size: int = 360) -> Image.Image:
    """The ROC curve of ``scores``: every threshold at once, real photos flagged across and
    generated images caught up; the diagonal is a coin toss."""
    from ..evaluation.metrics import roc_auc, roc_curve
    from ..lab.drawing import font, label

    face = font(14)
    margin = 60
    image = Image.new("RGB", (size + 2 * margin, size + 2 * margin), "white")
    draw = ImageDraw.Draw(image)
    x0, y0, x1, y1 = margin, margin, margin + size, margin + size
    draw.rectangle((x0, y0, x1, y1), outline="#444444")
    draw.line((x0, y1, x1, y0), fill="#bbbbbb")
    label(draw, (x0, 6), f"{_w('roc_title', lang)} — {_w('auc', lang)} {number(roc_auc(labels, scores), lang)}", face)
    label(draw, (x0, y1 + 10), _w("roc_x", lang), face)
    for i, line in enumerate(_w("roc_y", lang).split("\n")):
        label(draw, (4, 26 + 16 * i), line, font(12))
    fpr, tpr = roc_curve(labels, scores)
    points = [(x0 + f * size, y1 - t * size) for f, t in zip(fpr, tpr)]
    if len(points) > 1:
        draw.line(points, fill="#c0392b", width=3)
    return image


def break_table(fs: FeatureSet, lang: str = "en", train_on: str = "resaved"):
    """The detector trained on ``train_on`` copies, tested on every handling (held out in
    random folds): accuracy, ROC AUC, real photos flagged and generated images missed."""
    from ..evaluation.conditions import CONDITIONS

    rows = []
    scores = all_held_out_scores(fs, train_on)
    for handling in fs.features:
        m = measures(fs.labels, scores[handling])
        rows.append(
            (
                CONDITIONS[handling].label.get(lang),
                percent(100 * m.accuracy, lang),
                number(m.auc, lang),
                f"{m.false_positive} / {fs.real}",
                f"{m.false_negative} / {fs.generated}",
            )
        )
    headers = [_w("handling", lang), _w("accuracy", lang), _w("auc", lang), _w("flagged", lang), _w("missed", lang)]
    return _table(headers, rows)


def family_table(fs: FeatureSet, lang: str = "en"):
    """Random folds against leaving each generator family out: accuracy and ROC AUC, then, for
    each family, how many of its images were caught each way."""
    random_scores = held_out_scores(fs)
    family_scores = held_out_scores(fs, by_family=True)
    rows = []
    for key, scores in (("random", random_scores), ("family_out", family_scores)):
        m = measures(fs.labels, scores)
        rows.append((_w(key, lang), percent(100 * m.accuracy, lang), number(m.auc, lang)))
    summary = _table([_w("test", lang), _w("accuracy", lang), _w("auc", lang)], rows)
    fams = np.array(fs.families)
    per_family = []
    for family in fs.generated_families():
        members = (fs.labels == 1) & (fams == family)
        per_family.append(
            (
                family,
                f"{int(np.sum(random_scores[members] >= 0.5))} / {int(members.sum())}",
                f"{int(np.sum(family_scores[members] >= 0.5))} / {int(members.sum())}",
            )
        )
    detail = _table([_w("family", lang), _w("caught_random", lang), _w("caught_out", lang)], per_family)
    return Both(summary, detail)


class Both:
    """Two tables shown one under the other."""

    def __init__(self, *tables) -> None:
        self.tables = tables

    def _repr_html_(self) -> str:
        return "<br>".join(t._repr_html_() for t in self.tables)

    def __repr__(self) -> str:
        return "\n\n".join(repr(t) for t in self.tables)


def worst_mistakes(fs: FeatureSet, scores: np.ndarray) -> tuple[str, str]:
    """The names of the real photo with the highest score and of the generated image with the
    lowest: the detector's most confident mistakes (or nearest misses)."""
    real = np.flatnonzero(fs.labels == 0)
    gen = np.flatnonzero(fs.labels == 1)
    return fs.names[real[np.argmax(scores[real])]], fs.names[gen[np.argmin(scores[gen])]]


def mistakes_gallery(fs: FeatureSet, scores: np.ndarray, lang: str = "en"):
    """The two pictures of :func:`worst_mistakes`, each with its score and credit line."""
    from .. import examples
    from ..teaching import show

    captions, pictures = [], []
    for key, name in zip(("mistake_real", "mistake_generated"), worst_mistakes(fs, scores)):
        example = examples.get_example(name)
        score = scores[fs.names.index(name)]
        pictures.append(examples.load_example_bytes(example.name)[0])
        captions.append(f"{WORDS[key].get(lang).format(s=number(score, lang))} · {example.credit_line(lang)}")
    return show(pictures, captions, width=220)


# ----------------------------------------------------------------------------- base rates


def base_rate(share: float, caught: float, false_alarm: float, feed: int = 10_000) -> dict[str, float]:
    """Expected counts in a feed of ``feed`` pictures of which ``share`` % are generated, for a
    detector that flags ``caught`` % of generated images and ``false_alarm`` % of real photos."""
    generated = feed * share / 100
    real = feed - generated
    hits = generated * caught / 100
    false = real * false_alarm / 100
    alarms = hits + false
    return {
        "feed": feed,
        "generated": generated,
        "caught": hits,
        "real": real,
        "false": false,
        "alarms": alarms,
        "false_share": 100 * false / alarms if alarms else float("nan"),
    }


def base_rate_table(
    share: float, lang: str = "en", right: float = 95, measured: Measures | None = None, feed: int = 10_000
):
    """The base-rate arithmetic for a detector right on ``right`` % of each side and, when
    ``measured`` is given, for the class's own detector at its measured rates."""
    columns = [(WORDS["right_detector"].get(lang).format(p=percent(right, lang)), right, 100 - right)]
    if measured is not None:
        columns.append((_w("your_detector", lang), measured.caught_rate, measured.false_alarm_rate))
    results = [base_rate(share, caught, false, feed) for _, caught, false in columns]
    rows = [(_w("share", lang), *[percent(share, lang, 0 if float(share).is_integer() else 1)] * len(columns))]
    rows.append((_w("feed", lang), *[count(r["feed"], lang) for r in results]))
    for key, word in (
        ("generated", "feed_generated"),
        ("caught", "caught"),
        ("real", "feed_real"),
        ("false", "false_alarms"),
        ("alarms", "alarms"),
    ):
        rows.append((_w(word, lang), *[count(r[key], lang) for r in results]))
    rows.append((_w("false_share", lang), *[percent(r["false_share"], lang) for r in results]))
    return _table(["", *[c[0] for c in columns]], rows)


# ----------------------------------------------------------------------------- published figures


@dataclass(frozen=True)
class Published:
    """One published figure: who measured it, what it says (with what it was measured on), and
    where it was published."""

    who: Text | str
    figure: Text
    source: str


#: Detectors in the literature besides the kit's :data:`~looktwice.evaluation.anchors.ANCHORS`,
#: as reported in ``shared/reference/updates-2026-11.md`` (checked on :data:`CHECKED`).
PUBLISHED: tuple[Published, ...] = (
    Published(
        "CNNSpot, UnivFD, AIDE, SAFE (AIGCDetectBenchmark)",
        Text(
            "mean accuracy over the benchmark → accuracy on its Midjourney images: CNNSpot 71.0 % → "
            "51.4 %; UnivFD 78.5 % → 56.2 %; AIDE 92.8 % → 77.2 %; SAFE 93.2 % → 95.3 %",
            "exactitude moyenne sur le banc d’essai → exactitude sur ses images Midjourney : CNNSpot "
            "71,0\u202f% → 51,4\u202f%\u202f; UnivFD 78,5\u202f% → 56,2\u202f%\u202f; AIDE 92,8\u202f% → "
            "77,2\u202f%\u202f; SAFE 93,2\u202f% → 95,3\u202f%",
        ),
        "graydove/Awesome-AIGC-Image-Detection README",
    ),
    Published(
        Text(
            "Training-free detectors (AEROBLADE, RIGID style)",
            "Détecteurs sans entraînement (du type AEROBLADE, RIGID)",
        ),
        Text(
            "1,500 images from 7 generators: resizing instead of keeping the native size changes one "
            "generator's result by up to 0.38 ROC AUC; JPEG 50 can look 'better' than clean images",
            "1\u202f500 images de 7 générateurs : redimensionner au lieu de garder la taille d’origine "
            "change le résultat d’un générateur de jusqu’à 0,38 d’AUC ROC\u202f; le JPEG 50 peut paraître "
            "« meilleur » que les images intactes",
        ),
        "arXiv 2606.20488 (2026)",
    ),
    Published(
        Text("Chameleon test set (AIDE paper, ICLR 2025)", "Jeu de test Chameleon (article d’AIDE, ICLR 2025)"),
        Text(
            "about 26,000 generated images that people had taken for real photos: of 9 detectors "
            "tested, almost all classify them as real",
            "environ 26\u202f000 images générées que des personnes avaient prises pour de vraies "
            "photos : sur 9 détecteurs testés, presque tous les classent comme réelles",
        ),
        "arXiv 2406.19435",
    ),
)

#: How well people do, as reported in ``shared/reference/anchors-and-studies.md`` and
#: ``updates-2026-11.md`` (checked on :data:`CHECKED`).
PEOPLE: tuple[Published, ...] = (
    Published(
        "Nightingale & Farid, PNAS 2022",
        Text(
            "315 people, faces made by StyleGAN2: 48.2 % right (a coin toss gives 50 %)",
            "315 personnes, visages faits par StyleGAN2 : 48,2\u202f% de bonnes réponses (pile ou "
            "face donne 50\u202f%)",
        ),
        "doi:10.1073/pnas.2120481119",
    ),
    Published(
        "Frank et al., IEEE S&P 2024",
        Text(
            "3,002 people in the US, Germany and China: below 50 % right on images",
            "3\u202f002 personnes aux États-Unis, en Allemagne et en Chine : moins de 50\u202f% de "
            "bonnes réponses sur les images",
        ),
        "arXiv 2312.05976",
    ),
    Published(
        "Microsoft AI for Good, 2025",
        Text(
            "more than 12,500 people playing the 'Real or Not' quiz: 62 % right overall",
            "plus de 12\u202f500 personnes jouant au quiz « Real or Not » : 62\u202f% de bonnes réponses en tout",
        ),
        "arXiv 2507.18640",
    ),
    Published(
        "Kamali et al., CHI 2025",
        Text(
            "50,444 people, 450 generated and 149 real images: about 76 % of the generated and 74 % "
            "of the real ones judged right",
            "50\u202f444 personnes, 450 images générées et 149 vraies : environ 76\u202f% des "
            "générées et 74\u202f% des vraies bien jugées",
        ),
        "arXiv 2502.11989",
    ),
    Published(
        "Högemann et al., Frontiers in AI 2025",
        Text(
            "104 people, landscapes and interiors: 63.7 % of generated images spotted, 29 % of "
            "those made with FLUX.1-dev",
            "104 personnes, paysages et intérieurs : 63,7\u202f% des images générées repérées, "
            "29\u202f% de celles faites avec FLUX.1-dev",
        ),
        "Front. AI 2025",
    ),
)


def published_table(lang: str = "en", people: bool = False):
    """Published detector figures (the kit's :data:`~looktwice.evaluation.anchors.ANCHORS`,
    then :data:`PUBLISHED`) or, with ``people=True``, how well people do (:data:`PEOPLE`), each
    with its source and the day it was checked."""
    from ..evaluation.anchors import ANCHORS

    entries = PEOPLE if people else tuple(Published(a.detector, a.figure, a.source) for a in ANCHORS) + PUBLISHED
    rows = [
        (p.who.get(lang) if isinstance(p.who, Text) else p.who, p.figure.get(lang), p.source, CHECKED) for p in entries
    ]
    return _table([_w(k, lang) for k in ("who", "figure", "source", "checked")], rows)


def handlings_table(lang: str = "en"):
    """The handlings the lesson measured: the name a cell uses, and what it does."""
    from ..evaluation.conditions import CONDITIONS

    rows = [(f"{name}", CONDITIONS[name].label.get(lang)) for name in HANDLINGS]
    return _table([_w("name", lang), _w("handling", lang)], rows)


def strict_threshold(labels: np.ndarray, scores: np.ndarray) -> float:
    """The lowest threshold (in %, whole numbers) at which no real photo is flagged."""
    highest_real = float(np.max(scores[labels == 0])) if np.any(labels == 0) else 0.0
    return min(100, int(np.floor(highest_real * 100)) + 1)


def strict_table(labels: np.ndarray, scores: np.ndarray, lang: str = "en"):
    """The confusion matrix at :func:`strict_threshold`: what it costs never to accuse a real
    photo."""
    return confusion_table(labels, scores, strict_threshold(labels, scores), lang)


# ----------------------------------------------------------------------------- the kit's report


#: The kit's analyses, named for people.
ANALYSES = {
    "metadata": Text("file information", "informations du fichier"),
    "credentials": Text("Content Credentials", "identifiants de contenu"),
    "watermark": Text("invisible watermark", "filigrane invisible"),
    "spectrum": Text("frequency spectrum", "spectre de fréquences"),
    "noise": Text("grain (noise)", "grain (bruit)"),
    "detector": Text("detector", "détecteur"),
    "ela": Text("error levels (ELA)", "niveaux d’erreur (ELA)"),
    "zoom": Text("close-up", "gros plan"),
}


def evidence_table(report, lang: str = "en", messages: bool = True):
    """Every finding of a report as the kit weighs it: the analysis, what it found (unless
    ``messages=False``), its strength and which way it points. The detector's hint is one row
    among the others, never a verdict."""
    from ..render import LABELS

    rows = []
    for result in report.results:
        for finding in getattr(result, "findings", ()):
            name = ANALYSES[result.name].get(lang) if result.name in ANALYSES else result.name
            shown = [name, finding.message.get(lang)] if messages else [name]
            rows.append((*shown, LABELS[finding.strength].get(lang), LABELS[finding.points].get(lang)))
    keys = ("analysis", "finding", "strength", "points") if messages else ("analysis", "strength", "points")
    if not rows:
        rows.append(tuple([_w("nothing", lang)] + ["—"] * (len(keys) - 1)))
    return _table([_w(k, lang) for k in keys], rows)
