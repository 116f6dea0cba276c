"""The kit's colour generator: 64x64 colour pictures that pass at a glance.

The grey generators of :mod:`looktwice.lab.train` paint 32x32 textures: they show fingerprints
but not why people are fooled. This one is DCGAN itself (Radford, Metz & Chintala 2016;
:class:`looktwice.lab.models.Generator` with a ``"vector"`` latent and transposed
convolutions): one column of 100 random numbers becomes a 4x4 map, then four doublings make a
64x64 colour picture with a layout of its own (light above, shade below...), where the grey
generators paint endless textures. It learns from squares cut
from 21 openly licensed colour photos: the 18 Kodak PhotoCD photos of the example pack ("released
by the Eastman Kodak Company for unrestricted usage") and three scikit-image photos (coffee,
Chelsea the cat, a rocket launch; CC0 or public domain). None shows a person. Each photo is
halved first, so a 64x64 square holds a recognisable piece of a scene: a shutter, a wave, petals.

Training needs torch (the ``lab`` extra) and the example pack (``looktwice examples download``);
the result ships as ``weights/generator_colour.npz`` (about 3 MB), which
:mod:`looktwice.lab.numpy_generator` runs without torch.

    python -m looktwice.lab.colour                       # the shipped settings, into ./colour-run
    python -m looktwice.lab.colour --iterations 300 --out try   # a quick look

Reproducible like the grey generators: seeded torch and numpy, deterministic algorithms, a fixed
data order and thread count.
"""

from __future__ import annotations

import argparse
import csv
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from functools import cache
from itertools import islice
from pathlib import Path

import numpy as np
from PIL import Image

from .drawing import grid

#: Side of the pictures the colour generator makes and learns from.
PATCH = 64

#: The training photos: the pack's Kodak photos and scikit-image's colour photos, by catalogue
#: name. Each is halved before squares are cut.
PHOTOS: tuple[str, ...] = (
    "real_kodak_house_shutters",
    "real_kodak_red_door",
    "real_kodak_hats_shadows",
    "real_kodak_sailboat_sea",
    "real_kodak_window_hibiscus",
    "real_kodak_timbered_houses_signs",
    "real_kodak_sailboats_numbers",
    "real_kodak_sail_numbers_closeup",
    "real_kodak_boat_pier",
    "real_kodak_mountain_stream",
    "real_kodak_island_sea",
    "real_kodak_statue_globe",
    "real_kodak_lighthouse_fence",
    "real_kodak_propeller_plane",
    "real_kodak_lighthouse_rocks",
    "real_kodak_barn_pond_reflection",
    "real_kodak_parrots",
    "real_kodak_painted_house",
    "coffee",
    "chelsea",
    "rocket",
)


@dataclass(frozen=True)
class Settings:
    """Everything that decides the result of a colour training run."""

    iterations: int = 10000
    batch: int = 32
    seed: int = 0
    learning_rate: float = 2e-4
    beta1: float = 0.5
    threads: int = 2
    z_channels: int = 100
    widths: tuple[int, ...] = (256, 128, 64, 32)
    discriminator_widths: tuple[int, ...] = (32, 64, 128, 256)


@cache
def load_photo(name: str) -> np.ndarray:
    """One training photo, halved, as ``float32`` RGB in [0, 1] (read-only, cached)."""
    if name not in PHOTOS:
        raise ValueError(f"{name!r} is not a training photo of the colour generator")
    from ..examples import load_example

    image = load_example(name).convert("RGB")
    image = image.reduce(2)
    pixels = np.ascontiguousarray(np.asarray(image, dtype=np.float32) / 255.0)
    pixels.flags.writeable = False
    return pixels


def positions(seed: int, size: int = PATCH, names: tuple[str, ...] = PHOTOS) -> Iterator[tuple[str, int, int, bool]]:
    """An endless stream of (photo, top, left, mirrored) choices among ``names``, the same for
    the same seed. Every photo is equally likely, whatever its size."""
    rng = np.random.default_rng(seed)
    shapes = {n: load_photo(n).shape[:2] for n in names}
    while True:
        name = names[int(rng.integers(len(names)))]
        h, w = shapes[name]
        top, left = int(rng.integers(h - size + 1)), int(rng.integers(w - size + 1))
        yield name, top, left, bool(rng.integers(2))


def cut(name: str, top: int, left: int, mirrored: bool = False, size: int = PATCH) -> np.ndarray:
    """A ``size`` x ``size`` RGB square in [0, 1] from a training photo."""
    square = load_photo(name)[top : top + size, left : left + size]
    return square[:, ::-1] if mirrored else square


def batches(batch: int, seed: int) -> Iterator[np.ndarray]:
    """Endless training batches, shape (batch, 3, 64, 64), ``float32`` in [-1, 1]."""
    stream = positions(seed)
    while True:
        squares = np.stack([cut(*choice) for choice in islice(stream, batch)])
        yield (np.moveaxis(squares, -1, 1) * 2.0 - 1.0).astype(np.float32)


#: The training photos that come with scikit-image: no download needed.
BUILT_IN: tuple[str, ...] = ("coffee", "chelsea", "rocket")


def available_photos() -> tuple[str, ...]:
    """The training photos this computer has: all of them once the example pack is downloaded
    (``looktwice examples download``), else the built-in ones."""
    from ..examples import is_available

    return PHOTOS if all(is_available(name) for name in PHOTOS) else BUILT_IN


def real_squares(count: int, seed: int = 1, names: tuple[str, ...] | None = None) -> np.ndarray:
    """``count`` real 64x64 squares (``uint8`` RGB) cut exactly as the training squares are,
    from ``names`` (by default :func:`available_photos`), to set beside generated ones."""
    stream = positions(seed, names=names or available_photos())
    return np.stack([np.round(cut(n, t, left, m) * 255.0).astype(np.uint8) for n, t, left, m in islice(stream, count)])


def sheet(pictures: np.ndarray, columns: int = 8, scale: int = 2) -> Image.Image:
    """Pictures side by side on a white sheet, each enlarged ``scale`` times pixel by pixel."""
    picture = grid(pictures, columns)
    return picture.resize((picture.width * scale, picture.height * scale), Image.Resampling.NEAREST)


def train(settings: Settings, out: Path | None = None, every: int = 500, progress: bool = True, keep: bool = False):
    """Train the colour generator (needs torch). Returns the :class:`looktwice.lab.train.Result`.

    ``out``, if given, receives a sheet of samples every ``every`` iterations (always from the
    same random numbers) and ``log.csv``; with ``keep``, the weights at each of those steps too.
    """
    import torch
    from tqdm import tqdm

    from .models import Discriminator, Generator, GeneratorConfig, generate, init_weights
    from .train import Result, gan_step, reproducible

    with reproducible(settings.threads):
        torch.manual_seed(settings.seed)
        config = GeneratorConfig(
            upsampling="transposed",
            z_channels=settings.z_channels,
            widths=settings.widths,
            cell=4 * 2 ** len(settings.widths),
            channels=3,
            latent="vector",
        )
        generator, discriminator = Generator(config), Discriminator(settings.discriminator_widths, channels=3)
        init_weights(generator)
        init_weights(discriminator)
        betas = (settings.beta1, 0.999)
        opt_g = torch.optim.Adam(generator.parameters(), settings.learning_rate, betas=betas)
        opt_d = torch.optim.Adam(discriminator.parameters(), settings.learning_rate, betas=betas)
        data = batches(settings.batch, settings.seed)
        noise = torch.Generator().manual_seed(settings.seed + 1)
        cells = (1, 1)
        if out:
            out.mkdir(parents=True, exist_ok=True)
        log: list[dict[str, float]] = []
        start = time.perf_counter()
        for step in tqdm(range(1, settings.iterations + 1), desc="colour", disable=not progress):
            real = torch.from_numpy(next(data))
            z = torch.randn(settings.batch, config.z_channels, *cells, generator=noise)
            loss_d, loss_g = gan_step(generator, discriminator, opt_g, opt_d, real, z)
            if step % every == 0 or step == settings.iterations:
                log.append(
                    {
                        "step": step,
                        "seconds": round(time.perf_counter() - start, 1),
                        "loss_d": round(loss_d, 4),
                        "loss_g": round(loss_g, 4),
                    }
                )
                if out:
                    sheet(generate(generator, settings.seed + 100, count=32, exact=False)).save(
                        out / f"step_{step:05d}.png"
                    )
                    if keep:
                        from .checkpoint import save_generator

                        save_generator(out / f"step_{step:05d}.npz", generator, {"step": step})
                    generator.train()
        generator.eval()
        if out and log:
            with open(out / "log.csv", "w", newline="", encoding="utf-8") as f:
                writer = csv.DictWriter(f, fieldnames=list(log[-1]))
                writer.writeheader()
                writer.writerows(log)
        return Result(generator, discriminator, time.perf_counter() - start, log)


def metadata(settings: Settings, result) -> dict:
    """What goes into the weights file beside the numbers: data and licences, settings, time."""
    import torch

    from ..examples import get_example
    from .models import parameter_count

    photos = []
    for name in PHOTOS:
        example = get_example(name)
        photos.append(
            {
                "name": name,
                "credit": example.attribution,
                "licence": example.license_short or example.license,
                "source": example.source_url or example.source or example.origin,
                "sha256": example.sha256,
            }
        )
    return {
        "model": "looktwice colour generator (transposed)",
        "settings": {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(settings).items()},
        "training_seconds": round(result.seconds, 1),
        "torch_version": torch.__version__,
        "numpy_version": np.__version__,
        "parameters": parameter_count(result.generator),
        "discriminator_parameters": parameter_count(result.discriminator),
        "patch": PATCH,
        "halved": True,
        "data": photos,
    }


def main(argv: list[str] | None = None) -> int:
    """Command line: train the colour generator and save its weights and sample sheets."""
    from .checkpoint import save_generator, weights_path

    parser = argparse.ArgumentParser(prog="python -m looktwice.lab.colour", description=__doc__.split("\n")[0])
    parser.add_argument("--iterations", type=int, default=Settings.iterations)
    parser.add_argument("--batch", type=int, default=Settings.batch)
    parser.add_argument("--seed", type=int, default=Settings.seed)
    parser.add_argument("--threads", type=int, default=Settings.threads)
    parser.add_argument("--every", type=int, default=500, help="iterations between sample sheets")
    parser.add_argument("--out", type=Path, default=Path("colour-run"), help="folder for sheets and the log")
    parser.add_argument("--weights", type=Path, default=None, help="folder for the weights (default: --out)")
    parser.add_argument("--keep", action="store_true", help="also keep the weights at every sheet")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    settings = Settings(iterations=args.iterations, batch=args.batch, seed=args.seed, threads=args.threads)
    result = train(settings, args.out, args.every, progress=not args.quiet, keep=args.keep)
    path = weights_path("colour", args.weights or args.out)
    from .models import parameter_count

    save_generator(path, result.generator, metadata(settings, result))
    print(f"colour: {result.seconds:.0f} s, {parameter_count(result.generator)} parameters -> {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
