"""The kinds of tell a lesson points at: where, or in what, an image gives itself away.

One small vocabulary shared by the example catalogue's tell records, the quiz and the lessons.
Each category has a name in English and French and one sentence a pupil can read; the
sentence also says how far the tell can be trusted, because every tell fails somewhere.

>>> from looktwice import tell_categories
>>> tell_categories.lookup("hands").label.fr
'mains et anatomie'
"""

from __future__ import annotations

from dataclasses import dataclass

from .text import Text


@dataclass(frozen=True)
class TellCategory:
    """One kind of tell.

    Attributes
    ----------
    key : str
        The short name used in data files and filters (``"hands"``).
    label : Text
        A few words for titles and lists.
    explanation : Text
        One sentence for pupils: what to look at, and how far it can be trusted.
    visible : bool
        Whether the tell is something to see in the pixels (a place with a box) rather than
        in the file (metadata, credentials, watermark) or nowhere (``none``).
    """

    key: str
    label: Text
    explanation: Text
    visible: bool = True


def _c(key: str, en: str, fr: str, explain_en: str, explain_fr: str, visible: bool = True) -> TellCategory:
    return TellCategory(key, Text(en, fr), Text(explain_en, explain_fr), visible)


VOCABULARY: dict[str, TellCategory] = {
    c.key: c
    for c in [
        _c(
            "text",
            "text",
            "texte",
            "Letters, signs and signatures: generators used to write nonsense, but recent ones often spell correctly.",
            "Lettres, panneaux et signatures\u00a0: les générateurs écrivaient n'importe quoi, "
            "mais les plus récents écrivent souvent juste.",
        ),
        _c(
            "hands",
            "hands and anatomy",
            "mains et anatomie",
            "Fingers, limbs, eyes and teeth: count and follow them, but recent generators often get them right.",
            "Doigts, membres, yeux et dents\u00a0: comptez-les et suivez-les, mais les générateurs "
            "récents les réussissent souvent.",
        ),
        _c(
            "reflection",
            "reflections and symmetry",
            "reflets et symétrie",
            "Mirrors, glass, water and pairs (eyes, earrings): check that what they show matches the scene.",
            "Miroirs, verre, eau et paires (yeux, boucles d'oreilles)\u00a0: vérifiez que ce qu'ils "
            "montrent correspond à la scène.",
        ),
        _c(
            "physics",
            "physics and lighting",
            "physique et éclairage",
            "Shadows, light sources and sizes: ask whether the light and the scale could be real.",
            "Ombres, sources de lumière et tailles\u00a0: demandez-vous si la lumière et les "
            "proportions pourraient être réelles.",
        ),
        _c(
            "background",
            "background and lines",
            "arrière-plan et lignes",
            "Edges, straight lines and the background: things that stop, bend or melt where they should not.",
            "Bords, lignes droites et arrière-plan\u00a0: ce qui s'arrête, se tord ou se fond là "
            "où ce ne devrait pas être le cas.",
        ),
        _c(
            "texture",
            "texture",
            "texture",
            "Skin, fur, grass and brush strokes: too smooth, smeared or repeating like a pattern.",
            "Peau, fourrure, herbe et coups de pinceau\u00a0: trop lisses, étalés ou répétés comme un motif.",
        ),
        _c(
            "none",
            "no visible tell",
            "aucun indice visible",
            "Nothing looks wrong: a clean picture proves nothing either way.",
            "Rien ne cloche\u00a0: une image sans défaut ne prouve rien, ni dans un sens ni dans l'autre.",
            visible=False,
        ),
        _c(
            "metadata",
            "metadata",
            "métadonnées",
            "Labels written in the file (settings, software, camera): useful, but anyone can add, "
            "change or remove them.",
            "Étiquettes écrites dans le fichier (réglages, logiciel, appareil)\u00a0: utiles, mais "
            "n'importe qui peut les ajouter, les modifier ou les effacer.",
            visible=False,
        ),
        _c(
            "credentials",
            "Content Credentials",
            "Content Credentials",
            "A signed C2PA label: it says who signed and what they declared, and a re-save or a screenshot removes it.",
            "Une étiquette C2PA signée\u00a0: elle dit qui a signé et ce qui a été déclaré, et un "
            "réenregistrement ou une capture d'écran la fait disparaître.",
            visible=False,
        ),
        _c(
            "watermark",
            "invisible watermark",
            "filigrane invisible",
            "A code hidden in the pixels by some generators: cropping, resizing and compression can erase it.",
            "Un code caché dans les pixels par certains générateurs\u00a0: un recadrage, un "
            "redimensionnement ou une compression peuvent l'effacer.",
            visible=False,
        ),
    ]
}

KEYS: tuple[str, ...] = tuple(VOCABULARY)


def lookup(key: str) -> TellCategory:
    """The category called ``key`` (any case).

    Raises
    ------
    ValueError
        If ``key`` is not in :data:`VOCABULARY` (the message lists the known keys).
    """
    found = VOCABULARY.get(key.strip().lower())
    if found is None:
        raise ValueError(f"unknown tell category {key!r}; use one of: {', '.join(KEYS)}")
    return found
