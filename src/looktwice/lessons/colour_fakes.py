"""Lesson 6, "Fakes that look like pictures": the kit's colour generator, with no torch.

The grey generators show fingerprints but not why people are fooled. The colour generator
(:mod:`looktwice.lab.colour`, 64x64 colour pictures learned from 21 free photos) makes squares
that pass at a glance; :mod:`looktwice.lab.numpy_generator` runs its shipped weights with NumPy
alone, so every computer can draw new ones. The class first tries to spot them among real
squares, then finds the fingerprint the eye missed. Every number shown is measured here, now,
by the kit's spectrum analysis (:mod:`looktwice.analyses.spectrum`), here averaged over many
squares: one 64 x 64 picture is too small for a spectrum of its own.

>>> table = scores_table("en", count=8, seeds=(1,))
>>> [row[1] for row in table.rows]
['8', '8']
"""

from __future__ import annotations

from functools import cache

import numpy as np
from PIL import Image

from ..teaching import Gallery, Table, show
from ..text import Text
from .fakes import COLOUR_CREDIT as CREDIT
from .fakes import REAL_CREDIT, WORDS, Fingerprint, fingerprint

#: Squares in the line-up, half of them generated; the seed that draws and shuffles them.
LINEUP, LINEUP_SEED = 8, 5
#: Squares whose spectra are averaged into one measurement.
SET = 64

#: Under each square of the line-up: who may have made it, and the licences (nothing more, or
#: the caption would give the answer away). With the pack, real squares may be Kodak photos too.
LINEUP_CREDIT = {
    "built-in": Text(
        "the kit's colour generator (CC0) or a scikit-image photo (CC0 or public domain)",
        "le générateur en couleur du kit (CC0) ou une photo de scikit-image (CC0 ou domaine public)",
    ),
    "pack": Text(
        "the kit's colour generator (CC0) or a Kodak or scikit-image photo (free to use)",
        "le générateur en couleur du kit (CC0) ou une photo Kodak ou scikit-image (libre d’usage)",
    ),
}
KODAK_CREDIT = Text(
    "Kodak PhotoCD photos (unrestricted usage) or scikit-image photos (CC0 or public domain)",
    "photos Kodak PhotoCD (usage sans restriction) ou photos de scikit-image (CC0 ou domaine public)",
)

COLOUR_WORDS = {
    "colour": Text("squares from the colour generator", "carrés du générateur en couleur"),
    "real": Text("squares of real photos", "carrés de vraies photos"),
    "spectrum": Text("averaged spectrum of {n} squares", "spectre moyen de {n} carrés"),
}


def real_credit() -> Text:
    """The licence line of the real squares: they come from the built-in photos, or also from
    the pack's Kodak photos once it is downloaded (:func:`looktwice.lab.colour.available_photos`)."""
    from ..lab.colour import BUILT_IN, available_photos

    return REAL_CREDIT if available_photos() == BUILT_IN else KODAK_CREDIT


@cache
def generated(count: int, seed: int) -> np.ndarray:
    """``count`` 64 x 64 pictures from the shipped colour generator (``uint8`` RGB, no torch;
    read-only, kept for the next cell that asks for the same ones)."""
    from ..lab.checkpoint import weights_path
    from ..lab.numpy_generator import render

    pictures = render(weights_path("colour"), seed, count)
    pictures.flags.writeable = False
    return pictures


def _lineup(seed: int) -> list[tuple[np.ndarray, bool]]:
    """Half real squares (cut from the training photos as for training), half generated,
    shuffled the same way for the same seed."""
    from ..lab.colour import real_squares

    half = LINEUP // 2
    items = [(p, False) for p in real_squares(half, seed)] + [(p, True) for p in generated(half, seed)]
    order = np.random.default_rng(seed).permutation(len(items))
    return [items[i] for i in order]


def lineup(seed: int = LINEUP_SEED, lang: str = "en") -> Gallery:
    """The line-up: :data:`LINEUP` 64 x 64 colour squares lettered from A, shown twice as large
    (smoothly, as a screen shows a small picture); half cut from the training photos this
    computer has (:func:`looktwice.lab.colour.available_photos`), half made by the colour
    generator. The captions give only the letter and the licences."""
    from ..lab.colour import BUILT_IN, available_photos

    licence = LINEUP_CREDIT["built-in" if available_photos() == BUILT_IN else "pack"].get(lang)
    images = [Image.fromarray(p).resize((128, 128), Image.Resampling.BICUBIC) for p, _ in _lineup(seed)]
    return show(images, [f"{chr(65 + i)} · {licence}" for i in range(len(images))], width=128)


def lineup_key(seed: int = LINEUP_SEED, lang: str = "en") -> Table:
    """Which squares of :func:`lineup` the colour generator made."""
    made = {True: CREDIT, False: WORDS["camera"]}
    rows = [(chr(65 + i), made[fake].get(lang)) for i, (_, fake) in enumerate(_lineup(seed))]
    return Table([WORDS["picture"].get(lang), WORDS["made_by"].get(lang)], rows)


def fingerprint_of_set(pictures: np.ndarray) -> Fingerprint:
    """The kit's spectrum analysis of a set of 64 x 64 colour pictures: each picture's
    brightness is one tile of the Welch average (:func:`looktwice.lessons.fakes.fingerprint`),
    so dots shared by the whole set stand out from what each picture shows."""
    return fingerprint(*(_grey(p) for p in pictures))


def _sets(count: int, seed: int) -> dict[str, np.ndarray]:
    from ..lab.colour import real_squares

    return {"colour": generated(count, seed), "real": real_squares(count, seed)}


def _grey(picture: np.ndarray) -> np.ndarray:
    return np.asarray(Image.fromarray(picture).convert("L"))


def fingerprint_view(lang: str = "en", count: int = SET, seed: int = 1) -> Gallery:
    """Squares from the colour generator and squares of real photos, each group followed by the
    averaged spectrum of ``count`` of them, bright dots circled, with its periodic-peak score."""
    from ..lab.colour import sheet

    images, captions = [], []
    for key, pictures in _sets(count, seed).items():
        credit = CREDIT if key == "colour" else real_credit()
        found = fingerprint_of_set(pictures)
        score = f"{WORDS['score'].get(lang)} {found.score:.0f} · {WORDS['dots'].get(lang)} {len(found.peaks)}"
        images += [sheet(pictures[:8], columns=4), found.picture()]
        captions += [
            f"{COLOUR_WORDS[key].get(lang)} · {credit.get(lang)}",
            f"{COLOUR_WORDS['spectrum'].get(lang).format(n=count)} · {score} · {credit.get(lang)}",
        ]
    return show(images, captions, width=264)


def scores_table(lang: str = "en", count: int = SET, seeds: tuple[int, ...] = (1, 2, 3)) -> Table:
    """Periodic-peak score and bright dots of the averaged spectrum of ``count`` squares from
    the colour generator and of ``count`` squares of real photos, for each seed, measured now."""
    rows = []
    for seed in seeds:
        for key, pictures in _sets(count, seed).items():
            found = fingerprint_of_set(pictures)
            rows.append((COLOUR_WORDS[key].get(lang), len(pictures), f"{found.score:.0f}", len(found.peaks)))
    return Table([WORDS[k].get(lang) for k in ("generator", "pictures", "score", "dots")], rows)
