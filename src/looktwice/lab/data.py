"""Training patches: grayscale squares cut, in a fixed order, from free photos bundled with
scikit-image (no download, no people).

Why grayscale: the spectrum analysis the kit teaches reads brightness only; half of the
training photos (grass, gravel, coins) are grayscale anyway; and one channel instead of three
keeps the networks small enough to train in minutes on a school laptop.

Why these photos: each is CC0 or public domain according to its scikit-image docstring, and
none shows a person (astronaut and camera do, so they are left out). ``brick`` is left out
on purpose too: its rows of bricks and the resampling it went through already put a regular
grid in its spectrum, which would muddy the comparison "real photo versus generated".
``moon`` is left out because its docstring states no licence.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from itertools import islice

import numpy as np

from ..text import Text

#: Side of the training patches, in pixels.
PATCH = 32


@dataclass(frozen=True)
class Photo:
    """A training photo: its scikit-image name, what it shows, who made it, and its licence."""

    name: str
    shows: Text
    credit: str
    licence: str


PHOTOS: tuple[Photo, ...] = (
    Photo(
        "coffee",
        Text("a cup of coffee on a wooden table", "une tasse de café sur une table en bois"),
        "Rachel Michetti, courtesy of Pikolo Espresso Bar",
        "CC0",
    ),
    Photo("chelsea", Text("Chelsea the cat", "Chelsea, une chatte"), "Stefan van der Walt", "CC0"),
    Photo(
        "rocket",
        Text("a Falcon 9 rocket launching DSCOVR", "une fusée Falcon 9 lançant DSCOVR"),
        "SpaceX",
        "public domain",
    ),
    Photo("grass", Text("grass", "de l'herbe"), "linolafett (DeviantArt)", "CC0"),
    Photo("gravel", Text("gravel", "du gravier"), "CC0Textures", "CC0"),
    Photo(
        "coins",
        Text("Greek coins from Pompeii", "des pièces grecques de Pompéi"),
        "Brooklyn Museum",
        "no known copyright restrictions",
    ),
)


@cache
def load_photo(name: str) -> np.ndarray:
    """One training photo as grayscale ``float32`` in [0, 1] (read-only, cached)."""
    if name not in {p.name for p in PHOTOS}:
        raise ValueError(f"{name!r} is not a training photo")
    from skimage import color, data

    image = getattr(data, name)()
    gray = color.rgb2gray(image) if image.ndim == 3 else image / 255.0
    gray = np.ascontiguousarray(gray, dtype=np.float32)
    gray.flags.writeable = False
    return gray


def positions(size: int, seed: int) -> Iterator[tuple[str, int, int, bool]]:
    """An endless stream of (photo, top, left, mirrored) choices, the same for the same seed.

    Every photo is equally likely, whatever its size, so no photo dominates the training.
    """
    rng = np.random.default_rng(seed)
    names = [p.name for p in PHOTOS]
    shapes = {n: load_photo(n).shape for n in names}
    while True:
        name = names[int(rng.integers(len(names)))]
        h, w = shapes[name]
        top, left = int(rng.integers(h - size + 1)), int(rng.integers(w - size + 1))
        yield name, top, left, bool(rng.integers(2))


def cut(name: str, top: int, left: int, size: int, mirrored: bool = False) -> np.ndarray:
    """A ``size`` x ``size`` grayscale patch in [0, 1] from a training photo."""
    patch = load_photo(name)[top : top + size, left : left + size]
    return patch[:, ::-1] if mirrored else patch


def batches(batch: int, seed: int, size: int = PATCH) -> Iterator[np.ndarray]:
    """Endless training batches, shape (batch, 1, size, size), ``float32`` in [-1, 1].

    The order depends only on ``seed``: the same seed gives the same patches in the same order.
    """
    stream = positions(size, seed)
    while True:
        group = list(islice(stream, batch))
        x = np.stack([cut(n, t, left, size, m) for n, t, left, m in group])[:, None]
        yield (x * 2.0 - 1.0).astype(np.float32)


def real_patches(size: int, count: int, seed: int = 1) -> list[np.ndarray]:
    """``count`` real patches (``uint8`` grayscale) cut from the training photos, to compare
    with generated images of the same size under exactly the same analysis."""
    return [
        np.round(cut(n, t, left, size, False) * 255.0).astype(np.uint8)
        for n, t, left, _ in islice(positions(size, seed), count)
    ]
