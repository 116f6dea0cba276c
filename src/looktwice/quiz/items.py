"""The quiz's questions: which pictures each set asks, balanced and shuffled per student.

- :data:`SETS` are two disjoint sets drawn deterministically from the example pack's modern
  generators (:data:`MODERN_FAMILIES`) and its camera photos, as many real photos as
  generated images, so a teacher can give a pre-test on one set and a post-test on the other;
- :data:`BUILTIN_SET` works with no download at all: the photos that ship with the kit and the
  kit's own generated textures. The quiz falls back to it, and says so, when the pack is
  missing (:func:`playable_set`);
- :func:`shuffled` orders a set for one student (seeded per session);
- :func:`tell_text` says what an old-style tag means, in English and French.

>>> from looktwice.quiz import items
>>> items.set_name("set-a").fr
'Série A (générateurs récents)'
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable
from dataclasses import dataclass

from ..text import Text
from .scoring import KINDS

#: The two item sets of the pack, for a test before a lesson and a test after it.
SETS: tuple[str, ...] = ("set-a", "set-b")
#: The set that needs no download: built-in photos and the kit's own generated textures.
BUILTIN_SET = "built-in"
#: Every set a round can use.
ALL_SETS: tuple[str, ...] = (*SETS, BUILTIN_SET)
#: Older names of the sets (a teacher's saved command keeps working).
SET_ALIASES: dict[str, str] = {"monday": "set-a", "friday": "set-b"}
#: Each set's name as a student reads it.
SET_NAMES: dict[str, Text] = {
    "set-a": Text("Set A (modern generators)", "Série A (générateurs récents)"),
    "set-b": Text("Set B (modern generators)", "Série B (générateurs récents)"),
    BUILTIN_SET: Text("Built-in set (no download needed)", "Série intégrée (sans téléchargement)"),
}
#: How many real photos (and as many generated images) a set holds at most.
PER_KIND = 6
#: Generator families of the pack that a quiz asks: the ones in use since 2023. Older ones
#: (BigGAN, VQGAN, StyleGAN2, DDPM, early latent diffusion) teach tells that have expired.
MODERN_FAMILIES: tuple[str, ...] = (
    "flux",
    "sdxl",
    "stable-diffusion-3",
    "stable-diffusion-2",
    "auraflow",
    "hidream",
    "kolors",
    "omnigen",
    "cosmos-predict2",
    "kandinsky",
)
#: Licence statuses left out in classroom mode (see ``looktwice.examples.STATUSES``).
CLASSROOM_EXCLUDED_STATUS: tuple[str, ...] = ("uncertain", "noncommercial")
#: Examples with these tells are not asked: a sheet of several pictures is not one answer.
EXCLUDED_TELLS: tuple[str, ...] = ("grid", "model-comparison")
#: The built-in set's pictures: real photos shipped with the kit (two of them greyscale
#: textures, like the kit's generated ones) and textures painted by the kit's tiny GAN.
BUILTIN_ITEMS: tuple[tuple[str, str], ...] = (
    ("real_brick_texture", "real"),
    ("real_grass_texture", "real"),
    ("real_cat_chelsea", "real"),
    ("real_coffee_cup", "real"),
    ("real_rocket_launchpad", "real"),
    ("kit-transposed-texture-1", "generated"),
    ("kit-transposed-texture-2", "generated"),
    ("kit-transposed-texture-3", "generated"),
    ("kit-resize-texture-1", "generated"),
    ("kit-resize-texture-2", "generated"),
)

_SALT = "looktwice-quiz-v2/"


@dataclass(frozen=True)
class Item:
    """One quiz question: an example's name and the truth about it (``"real"``/``"generated"``)."""

    name: str
    truth: str


def _hash_key(name: str) -> str:
    return hashlib.sha256((_SALT + name).encode("utf-8")).hexdigest()


def _eligible(example) -> bool:
    """A pack picture the quiz may ask: a camera photo or a modern generator's single picture."""
    if example.origin != "pack" or example.kind not in KINDS:
        return False
    if any(t in example.tells for t in EXCLUDED_TELLS):
        return False
    if example.kind == "real":
        return example.family == "camera"
    return example.family in MODERN_FAMILIES


def partition(examples: Iterable) -> dict[str, list]:
    """Split the pack's quiz pictures into the disjoint :data:`SETS`, kind by kind.

    Each kind's examples are ordered (clear licences first, then by a fixed hash of the name)
    and dealt out in turn like cards, so every set gets the same share of each kind and of the
    clearly licensed images. The result depends only on the catalogue, never on what is
    downloaded, so an image keeps its set when more of the pack arrives.
    """
    sets: dict[str, list] = {s: [] for s in SETS}
    pool = [e for e in examples if _eligible(e)]
    for kind in KINDS:
        ordered = sorted(
            (e for e in pool if e.kind == kind),
            key=lambda e: (e.license_status in CLASSROOM_EXCLUDED_STATUS, _hash_key(e.name)),
        )
        for i, example in enumerate(ordered):
            sets[SETS[i % len(SETS)]].append(example)
    return sets


def check_set(name: str) -> str:
    """The set's name (an old alias gives the new name); ``ValueError`` for an unknown one."""
    name = SET_ALIASES.get(name, name)
    if name not in ALL_SETS:
        raise ValueError(f"unknown item set {name!r}; choose one of {', '.join(ALL_SETS)}")
    return name


def set_name(name: str) -> Text:
    """The set's name for students, in English and French."""
    return SET_NAMES[check_set(name)]


def item_set(
    name: str,
    *,
    classroom: bool = False,
    per_kind: int = PER_KIND,
    catalog=None,
) -> list[Item]:
    """The questions of set ``name``: balanced (as many real as generated), in a fixed order.

    Only images that can be loaded now without network are asked; ``classroom=True`` also
    leaves out images whose licence is uncertain or non-commercial. A pack set is empty when
    no generated image of it is on this computer (see :func:`playable_set`).
    """
    name = check_set(name)
    if catalog is None:
        from ..examples import default_catalog

        catalog = default_catalog()
    if name == BUILTIN_SET:
        chosen = [catalog.get(n) for n, _ in BUILTIN_ITEMS if n in catalog]
    else:
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
    """Every set's questions (see :func:`item_set`), the built-in set included."""
    return {s: item_set(s, classroom=classroom, per_kind=per_kind, catalog=catalog) for s in ALL_SETS}


def playable_set(name: str, *, classroom: bool = False, catalog=None) -> tuple[str, list[Item]]:
    """The set to play when ``name`` is asked: ``name`` itself when it has questions, else
    :data:`BUILTIN_SET` (the example pack is not on this computer). Returns the set's name
    and its questions."""
    name = check_set(name)
    found = item_set(name, classroom=classroom, catalog=catalog)
    if found or name == BUILTIN_SET:
        return name, found
    return BUILTIN_SET, item_set(BUILTIN_SET, classroom=classroom, catalog=catalog)


def shuffled(items: list[Item], seed: str | int | None) -> list[Item]:
    """``items`` in an order of their own for one student (``seed``: e.g. the browser
    session); ``None`` keeps the set's fixed order."""
    if seed is None:
        return list(items)
    out = list(items)
    random.Random(f"{_SALT}{seed}").shuffle(out)
    return out


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
    "c2pa": "porte des identifiants de contenu C2PA signés",
    "watermark": "porte un filigrane invisible dans ses pixels",
    "lying-label": "porte une étiquette fausse exprès, pour montrer que les étiquettes peuvent mentir",
    "laundered": "une image étiquetée après un traitement ordinaire (réenregistrement, "
    "redimensionnement, capture d'écran...)",
}


def tell_text(tell: str) -> Text:
    """What a tell means, in English and French (English twice if no translation yet)."""
    from ..examples.tells import TELLS

    en = TELLS.get(tell, tell)
    return Text(en, _TELLS_FR.get(tell, en))
