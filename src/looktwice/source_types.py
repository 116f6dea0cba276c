"""The IPTC Digital Source Type vocabulary: how a file says it was made.

The same terms are used in XMP (``Iptc4xmpExt:DigitalSourceType``) and in C2PA manifests
(``digitalSourceType`` of an action), as URIs under
``http://cv.iptc.org/newscodes/digitalsourcetype/``. C2PA adds
``http://c2pa.org/digitalsourcetype/empty``. Each term is given a plain name in English and
French and the direction it points in (generated, captured, edited or neither).
"""

from __future__ import annotations

from dataclasses import dataclass

from .evidence import Points
from .text import Text

IPTC_BASE = "http://cv.iptc.org/newscodes/digitalsourcetype/"
C2PA_EMPTY = "http://c2pa.org/digitalsourcetype/empty"


@dataclass(frozen=True)
class SourceType:
    """One term of the vocabulary."""

    term: str
    uri: str
    label: Text
    points: Points


def _t(term: str, en: str, fr: str, points: Points) -> SourceType:
    return SourceType(term, IPTC_BASE + term, Text(en, fr), points)


_G, _C, _E, _N = Points.GENERATED, Points.CAPTURED, Points.EDITED, Points.NEUTRAL

VOCABULARY: dict[str, SourceType] = {
    s.term: s
    for s in [
        _t(
            "trainedAlgorithmicMedia",
            "made by generative AI (a trained model)",
            "créée par une IA générative (un modèle entraîné)",
            _G,
        ),
        _t(
            "compositeWithTrainedAlgorithmicMedia",
            "a montage that includes AI-generated parts",
            "un montage qui contient des parties générées par IA",
            _G,
        ),
        _t(
            "algorithmicMedia",
            "made entirely by a computer program (without a trained model)",
            "entièrement créée par un programme (sans modèle entraîné)",
            _G,
        ),
        _t("compositeSynthetic", "a montage of computer-made parts", "un montage d'éléments créés par ordinateur", _G),
        _t(
            "algorithmicallyEnhanced",
            "a capture enhanced by software (possibly AI)",
            "une prise de vue améliorée par logiciel (peut-être par IA)",
            _E,
        ),
        _t("digitalCapture", "captured by a digital camera", "prise par un appareil photo numérique", _C),
        _t(
            "computationalCapture",
            "captured by a camera with automatic processing (e.g. a phone)",
            "prise par un appareil avec traitement automatique (un téléphone, par exemple)",
            _C,
        ),
        _t("negativeFilm", "scanned from a film negative", "numérisée depuis un négatif", _C),
        _t("positiveFilm", "scanned from a slide", "numérisée depuis une diapositive", _C),
        _t("print", "scanned from a print", "numérisée depuis un tirage papier", _C),
        _t(
            "compositeCapture",
            "a combination of several camera captures",
            "une combinaison de plusieurs prises de vue",
            _C,
        ),
        _t("humanEdits", "a capture edited by a person", "une prise de vue retouchée par une personne", _E),
        _t("composite", "a montage of several images", "un montage de plusieurs images", _E),
        _t(
            "digitalCreation",
            "made by a person with digital tools (digital art)",
            "créée par une personne avec des outils numériques (art numérique)",
            _N,
        ),
        _t(
            "dataDrivenMedia",
            "drawn from data (a chart, a map, a scientific image)",
            "dessinée à partir de données (graphique, carte, image scientifique)",
            _N,
        ),
        _t("screenCapture", "a screenshot", "une capture d'écran", _N),
        _t(
            "virtualRecording",
            "recorded in a virtual world (e.g. a video game)",
            "enregistrée dans un monde virtuel (un jeu vidéo, par exemple)",
            _N,
        ),
    ]
}

#: Older or informal terms still met in files, read as the term they stand for.
ALIASES: dict[str, str] = {
    "trainedAlgorithmicData": "trainedAlgorithmicMedia",
    "minorHumanEdits": "humanEdits",
    "digitalArt": "digitalCreation",
}

_EMPTY = SourceType("empty", C2PA_EMPTY, Text("no source type declared", "aucun type de source déclaré"), _N)


def lookup(value: str | None) -> SourceType | None:
    """The vocabulary entry for a URI or bare term (case-insensitive); None if unknown."""
    if not value:
        return None
    value = value.strip()
    if value == C2PA_EMPTY:
        return _EMPTY
    term = value.rstrip("/").rsplit("/", 1)[-1]
    term = next((new for old, new in ALIASES.items() if old.lower() == term.lower()), term)
    for key, entry in VOCABULARY.items():
        if key.lower() == term.lower():
            return entry
    return None


def uri(term: str) -> str:
    """The URI of a term (``"trainedAlgorithmicMedia"`` -> ``http://cv.iptc.org/...``); full
    URIs pass through; an unknown term raises ValueError (a typo would otherwise be written)."""
    if term.startswith(("http://", "https://")):
        return term
    entry = lookup(term)
    if entry is None or entry is _EMPTY:
        known = ", ".join(sorted(VOCABULARY))
        raise ValueError(f"unknown digital source type {term!r}; use one of: {known}")
    return entry.uri
