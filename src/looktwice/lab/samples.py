"""The generator lab's samples: small PNGs that the shipped generators made, shipped with them.

They ship with the core install, so every classroom has images whose origin is known exactly
(which network, which weights, which random seed) even without torch. Reading them needs only
numpy and Pillow; :func:`render_sample` re-makes one from the shipped weights (needs torch)
and gives the very same pixels.

Two kinds of sample per generator:

* ``texture``: one seamless 256x256 picture painted from a 32x32 map of random numbers. Big
  enough for the spectrum analysis (``looktwice inspect`` works on it as on any image);
* ``sheet``: a 6x6 sheet of 32x32 samples, the size the generator was trained at, separated
  by white lines (good to look at; the lines make its spectrum meaningless).

    python -m looktwice.lab.samples          # list the samples
    python -m looktwice.lab.samples --write  # re-render them from the weights (needs torch)
"""

from __future__ import annotations

import argparse
import hashlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from ..text import Text
from .checkpoint import WEIGHTS_DIR, read_meta, weights_path

#: Where the shipped samples live, inside the installed package.
SAMPLES_DIR = Path(__file__).resolve().parent / "samples"
INDEX = "samples.json"
#: Texture size in latent cells (8 pixels each) and sheet layout.
TEXTURE_CELLS = (32, 32)
SHEET_COLUMNS, SHEET_COUNT, SHEET_GAP = 6, 36, 2

#: The recipe of each sample: (name, generator, kind, seed).
RECIPES: tuple[tuple[str, str, str, int], ...] = (
    ("transposed-texture-1", "transposed", "texture", 1),
    ("transposed-texture-2", "transposed", "texture", 2),
    ("transposed-texture-3", "transposed", "texture", 3),
    ("transposed-sheet", "transposed", "sheet", 4),
    ("resize-texture-1", "resize", "texture", 1),
    ("resize-texture-2", "resize", "texture", 2),
    ("resize-texture-3", "resize", "texture", 3),
    ("resize-sheet", "resize", "sheet", 4),
)

_WHAT = {
    "transposed": Text(
        "made by the kit's tiny generator that enlarges with transposed convolutions, as "
        "early GANs (DCGAN) did; expect a fine regular grid and bright dots in the spectrum",
        "fabriquée par le petit générateur du kit qui agrandit par convolutions transposées, "
        "comme les premiers GAN (DCGAN) ; on s'attend à une fine grille régulière et à des "
        "points lumineux dans le spectre",
    ),
    "resize": Text(
        "made by the kit's tiny generator that enlarges by resizing then convolving (the fix "
        "Odena et al. proposed); same network otherwise, much fainter grid",
        "fabriquée par le petit générateur du kit qui agrandit en redimensionnant puis en "
        "convoluant (la correction proposée par Odena et al.) ; même réseau sinon, grille "
        "bien plus faible",
    ),
}
_KIND = {
    "texture": Text(
        "a seamless 256x256 texture painted from a 32x32 map of random numbers",
        "une texture continue de 256x256 peinte à partir d'une carte de 32x32 nombres aléatoires",
    ),
    "sheet": Text(
        "a sheet of 36 samples of 32x32 pixels, the size the generator was trained at",
        "une planche de 36 échantillons de 32x32 pixels, la taille d'entraînement du générateur",
    ),
}


@dataclass(frozen=True)
class SampleInfo:
    """What a lab sample is and exactly how it was made."""

    name: str
    file: str
    upsampling: str
    kind: str
    seed: int
    width: int
    height: int
    what: Text
    how: Text
    weights: str
    weights_sha256: str
    training_data: tuple[dict[str, str], ...]
    licence: str

    @property
    def path(self) -> Path:
        return SAMPLES_DIR / self.file

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "file": self.file,
            "upsampling": self.upsampling,
            "kind": self.kind,
            "seed": self.seed,
            "width": self.width,
            "height": self.height,
            "what": self.what.to_dict(),
            "how": self.how.to_dict(),
            "weights": self.weights,
            "weights_sha256": self.weights_sha256,
            "training_data": list(self.training_data),
            "licence": self.licence,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SampleInfo:
        return cls(
            name=d["name"],
            file=d["file"],
            upsampling=d["upsampling"],
            kind=d["kind"],
            seed=int(d["seed"]),
            width=int(d["width"]),
            height=int(d["height"]),
            what=Text(**d["what"]),
            how=Text(**d["how"]),
            weights=d["weights"],
            weights_sha256=d["weights_sha256"],
            training_data=tuple(d["training_data"]),
            licence=d["licence"],
        )


@dataclass(frozen=True)
class LabSample:
    """A shipped sample's description and its pixels (``uint8`` grayscale, read-only)."""

    info: SampleInfo
    pixels: np.ndarray

    def image(self) -> Image.Image:
        return Image.fromarray(self.pixels)


@cache
def _index() -> dict[str, SampleInfo]:
    with open(SAMPLES_DIR / INDEX, encoding="utf-8") as f:
        entries = json.load(f)["samples"]
    return {e["name"]: SampleInfo.from_dict(e) for e in entries}


def list_samples() -> list[SampleInfo]:
    """The shipped samples, in a fixed order (no torch needed)."""
    return list(_index().values())


def load_sample(name: str) -> LabSample:
    """A shipped sample's pixels and description (no torch needed)."""
    try:
        info = _index()[name]
    except KeyError:
        raise KeyError(f"no lab sample called {name!r}; known: {', '.join(_index())}") from None
    with Image.open(info.path) as im:
        pixels = np.asarray(im.convert("L"))
    pixels.flags.writeable = False
    return LabSample(info, pixels)


def fingerprint_scores(real_count: int = 12, seed: int = 1) -> dict[str, list[float]]:
    """Periodic-peak scores (the core spectrum analysis) of the shipped textures, grouped by
    generator, and of ``real_count`` real patches of the same size cut from the training
    photos: the lab's "fake versus real" comparison, computed every time (no torch).
    """
    from ..analyses.spectrum import periodic_peak_score
    from .data import real_patches

    scores: dict[str, list[float]] = {}
    size = 0
    for info in list_samples():
        if info.kind == "texture":
            pixels = load_sample(info.name).pixels
            scores.setdefault(info.upsampling, []).append(periodic_peak_score(pixels))
            size = pixels.shape[0]
    scores["real"] = [periodic_peak_score(p) for p in real_patches(size, real_count, seed)]
    return scores


def _recipe(name: str) -> tuple[str, str, int]:
    for n, upsampling, kind, seed in RECIPES:
        if n == name:
            return upsampling, kind, seed
    raise KeyError(f"no recipe for a lab sample called {name!r}")


def render_sample(name: str, weights: Path | None = None) -> np.ndarray:
    """Re-make sample ``name`` from the generator weights (the shipped ones by default).

    Needs torch. Uses exactly the code that made the shipped PNG, in float64, so the result
    equals the shipped pixels.
    """
    from .checkpoint import load_generator
    from .drawing import grid
    from .models import generate

    upsampling, kind, seed = _recipe(name)
    generator = load_generator(weights_path(upsampling, weights))
    if kind == "texture":
        return generate(generator, seed, cells=TEXTURE_CELLS)[0]
    tiles = generate(generator, seed, count=SHEET_COUNT)
    return np.asarray(grid(tiles, SHEET_COLUMNS, SHEET_GAP))


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _describe(name: str, pixels: np.ndarray, weights: Path) -> SampleInfo:
    upsampling, kind, seed = _recipe(name)
    meta = read_meta(weights)
    how = Text(
        f"Rendered by looktwice.lab.samples.render_sample({name!r}): generator weights "
        f"{weights.name}, random numbers from numpy's default_rng({seed}), network run in "
        "float64 in evaluation mode, output mapped from [-1, 1] to 0-255 and rounded.",
        f"Rendue par looktwice.lab.samples.render_sample({name!r}) : poids du générateur "
        f"{weights.name}, nombres aléatoires de default_rng({seed}) de numpy, réseau exécuté "
        "en float64 en mode évaluation, sortie ramenée de [-1, 1] à 0-255 et arrondie.",
    )
    data = tuple({k: str(v) for k, v in d.items()} for d in meta["data"])
    return SampleInfo(
        name=name,
        file=f"{name}.png",
        upsampling=upsampling,
        kind=kind,
        seed=seed,
        width=int(pixels.shape[1]),
        height=int(pixels.shape[0]),
        what=Text(f"{_KIND[kind].en}, {_WHAT[upsampling].en}.", f"{_KIND[kind].fr}, {_WHAT[upsampling].fr}."),
        how=how,
        weights=weights.name,
        weights_sha256=_sha256(weights),
        training_data=data,
        licence="CC0 1.0 (made by the Look Twice kit; training photos CC0 or public domain)",
    )


def write_samples(folder: Path = SAMPLES_DIR, weights: Path = WEIGHTS_DIR) -> list[SampleInfo]:
    """Render every sample from ``weights`` into ``folder`` with its description (torch)."""
    folder.mkdir(parents=True, exist_ok=True)
    infos = []
    for name, *_ in RECIPES:
        pixels = render_sample(name, weights)
        Image.fromarray(pixels).save(folder / f"{name}.png", optimize=True)
        infos.append(_describe(name, pixels, weights_path(_recipe(name)[0], weights)))
    with open(folder / INDEX, "w", encoding="utf-8") as f:
        json.dump({"samples": [i.to_dict() for i in infos]}, f, ensure_ascii=False, indent=1)
        f.write("\n")
    _index.cache_clear()
    return infos


def main(argv: list[str] | None = None) -> int:
    """List the samples, or re-render them from the shipped weights with ``--write``."""
    parser = argparse.ArgumentParser(prog="python -m looktwice.lab.samples")
    parser.add_argument("--write", action="store_true", help="re-render the PNGs (needs torch)")
    parser.add_argument("--lang", choices=["en", "fr"], default="en")
    args = parser.parse_args(argv)
    infos = write_samples() if args.write else list_samples()
    for info in infos:
        size = f"{info.width}x{info.height}"
        print(f"{info.name:<22} {size}  seed {info.seed}  {info.what.get(args.lang)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
