"""Train the kit's tiny generators on the CPU, and watch images and fingerprints form.

    python -m looktwice.lab.train                   # both generators, into ./lab-run
    python -m looktwice.lab.train --variant resize --iterations 200 --out my-run

Every ``--every`` iterations a snapshot goes into the output folder: a sheet of 32x32 samples
(always from the same random numbers, so the class sees the *same* images sharpen) beside the
spectrum of a larger texture from the same generator, with its periodic-peak score. The weights
and a CSV log of losses and scores are written at the end.

Reproducible: seeded torch and numpy, deterministic algorithms, fixed data order, fixed thread
count. On one machine the same settings give the same weights; another processor may round
differently in the last bits, so its weights can differ slightly (the shipped weights are the
reference). The shipped weights were made with the defaults here (see ``weights/MODEL_CARD.md``).
"""

from __future__ import annotations

import argparse
import csv
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image, ImageDraw
from tqdm import tqdm

from ..analyses.spectrum import average_power, periodic_peaks, spectrum_picture, tile_size
from ..image_file import box3_residual
from ..text import Text
from . import data
from .checkpoint import save_generator, weights_path
from .drawing import font, grid, label
from .models import (
    UPSAMPLINGS,
    Discriminator,
    Generator,
    GeneratorConfig,
    generate,
    init_weights,
    parameter_count,
)

#: Latent cells of the texture rendered in each snapshot (8 pixels each: 256x256 pixels).
SNAPSHOT_CELLS = (32, 32)


@dataclass(frozen=True)
class Settings:
    """Everything that decides the result of a training run."""

    upsampling: str = "transposed"
    iterations: int = 1000
    batch: int = 64
    seed: int = 0
    learning_rate: float = 2e-4
    beta1: float = 0.5
    threads: int = 2
    generator: GeneratorConfig = field(default_factory=GeneratorConfig)


@dataclass
class Result:
    """A trained generator, how long it took, and its log (one row per snapshot)."""

    generator: Generator
    discriminator: Discriminator
    seconds: float
    log: list[dict[str, float]]


def texture_score(image: np.ndarray) -> tuple[float, np.ndarray, list]:
    """Periodic-peak score, averaged spectrum and peaks of one grayscale image, computed by
    the kit's core spectrum analysis (residual, Welch average, peak ratios)."""
    residual = box3_residual(np.asarray(image, dtype=np.float32))
    power, _ = average_power([residual], tile_size(residual.shape))
    score, peaks = periodic_peaks(power)
    return score, power, peaks


def snapshot(generator: Generator, step: int, seed: int, lang: str = "en") -> tuple[Image.Image, float]:
    """A picture of the generator now: 8x8 samples, a texture's spectrum, and its score."""
    samples = generate(generator, seed, count=64, exact=False)
    texture = generate(generator, seed + 1, cells=SNAPSHOT_CELLS, exact=False)[0]
    score, power, peaks = texture_score(texture)
    sheet = grid(samples, 8).resize((8 * 34 * 2 + 4, 8 * 34 * 2 + 4), Image.Resampling.NEAREST)
    spectrum = spectrum_picture(power, peaks)
    top = 28
    width = sheet.width + spectrum.width + 24
    canvas = Image.new("RGB", (width, top + max(sheet.height, spectrum.height) + 8), "white")
    canvas.paste(sheet.convert("RGB"), (8, top))
    canvas.paste(spectrum, (sheet.width + 16, top))
    caption = Text(
        f"{generator.config.upsampling} - step {step} - periodic-peak score {score:.0f}",
        f"{generator.config.upsampling} - étape {step} - score de pics périodiques {score:.0f}",
    )
    label(ImageDraw.Draw(canvas), (8, 6), caption.get(lang), font(16))
    return canvas, score


def train(
    settings: Settings,
    out: Path | None = None,
    every: int = 100,
    progress: bool = True,
    lang: str = "en",
    watch: Callable[[int, Generator], None] | None = None,
    label: str | None = None,
) -> Result:
    """Train one generator against a discriminator (DCGAN losses, Adam).

    ``out``, if given, receives a snapshot PNG every ``every`` iterations and ``log.csv``.
    ``watch``, if given, is called as ``watch(step, generator)`` before the first step (step 0)
    and after every step, so a lesson can keep pictures of chosen steps; it must not change
    the generator (:func:`~looktwice.lab.models.generate` works on a copy). ``label`` names the
    progress bar (default: the upsampling method).
    Global torch settings changed here (threads, deterministic mode) are restored afterwards.
    """
    with reproducible(settings.threads):
        return _train(settings, out, every, progress, lang, watch, label)


@contextmanager
def reproducible(threads: int) -> Iterator[None]:
    """Torch's settings for a reproducible run (``threads`` threads, deterministic algorithms),
    restored afterwards."""
    before, deterministic = torch.get_num_threads(), torch.are_deterministic_algorithms_enabled()
    torch.set_num_threads(threads)
    torch.use_deterministic_algorithms(True)
    try:
        yield
    finally:
        torch.set_num_threads(before)
        torch.use_deterministic_algorithms(deterministic)


def build(settings: Settings) -> tuple[Generator, Discriminator]:
    """The untrained networks for ``settings``: seeded, so always the same starting weights."""
    torch.manual_seed(settings.seed)
    config = GeneratorConfig(**{**asdict(settings.generator), "upsampling": settings.upsampling})
    generator, discriminator = Generator(config), Discriminator()
    init_weights(generator)
    init_weights(discriminator)
    return generator, discriminator


def gan_step(
    generator: Generator,
    discriminator: Discriminator,
    opt_g: torch.optim.Optimizer,
    opt_d: torch.optim.Optimizer,
    real: torch.Tensor,
    z: torch.Tensor,
) -> tuple[float, float]:
    """One step of GAN training (DCGAN losses); the two losses, discriminator's first."""
    fake = generator(z)
    # Discriminator: real patches towards 1, generated ones towards 0.
    loss_d = F.softplus(-discriminator(real)).mean() + F.softplus(discriminator(fake.detach())).mean()
    opt_d.zero_grad(set_to_none=True)
    loss_d.backward()
    opt_d.step()
    # Generator: make the discriminator say "real" (the non-saturating GAN loss).
    loss_g = F.softplus(-discriminator(fake)).mean()
    opt_g.zero_grad(set_to_none=True)
    loss_g.backward()
    opt_g.step()
    return loss_d.item(), loss_g.item()


def _train(
    settings: Settings,
    out: Path | None,
    every: int,
    progress: bool,
    lang: str,
    watch: Callable[[int, Generator], None] | None = None,
    label: str | None = None,
) -> Result:
    generator, discriminator = build(settings)
    if watch is not None:
        watch(0, generator)
    config = generator.config
    betas = (settings.beta1, 0.999)
    opt_g = torch.optim.Adam(generator.parameters(), settings.learning_rate, betas=betas)
    opt_d = torch.optim.Adam(discriminator.parameters(), settings.learning_rate, betas=betas)
    batches = data.batches(settings.batch, settings.seed)
    noise = torch.Generator().manual_seed(settings.seed + 1)
    cells = (data.PATCH // config.cell, data.PATCH // config.cell)
    folder = out / settings.upsampling if out else None
    if folder:
        folder.mkdir(parents=True, exist_ok=True)
    log: list[dict[str, float]] = []
    start = time.perf_counter()
    bar = tqdm(range(1, settings.iterations + 1), desc=label or settings.upsampling, disable=not progress)
    for step in bar:
        real = torch.from_numpy(next(batches))
        z = torch.randn(settings.batch, config.z_channels, *cells, generator=noise)
        loss_d, loss_g = gan_step(generator, discriminator, opt_g, opt_d, real, z)
        if watch is not None:
            watch(step, generator)
        if step % every == 0 or step == settings.iterations:
            row = {
                "step": step,
                "seconds": round(time.perf_counter() - start, 1),
                "loss_d": round(loss_d, 4),
                "loss_g": round(loss_g, 4),
            }
            if folder:
                picture, score = snapshot(generator, step, settings.seed + 100, lang)
                picture.save(folder / f"step_{step:05d}.png")
                row["periodic_peak_score"] = round(score, 2)
            log.append(row)
            bar.set_postfix(loss_d=row["loss_d"], loss_g=row["loss_g"])
            generator.train()
    seconds = time.perf_counter() - start
    generator.eval()
    if folder and log:
        with open(folder / "log.csv", "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=list(log[-1]))
            writer.writeheader()
            writer.writerows(log)
    return Result(generator, discriminator, seconds, log)


def metadata(settings: Settings, result: Result) -> dict:
    """What goes into the weights file beside the numbers: data, settings, time, size."""
    return {
        "model": f"looktwice tiny generator ({settings.upsampling})",
        "settings": {k: v for k, v in asdict(settings).items() if k != "generator"},
        "training_seconds": round(result.seconds, 1),
        "torch_version": torch.__version__,
        "numpy_version": np.__version__,
        "scikit_image_version": _skimage_version(),
        "parameters": parameter_count(result.generator),
        "discriminator_parameters": parameter_count(result.discriminator),
        "patch": data.PATCH,
        "data": [
            {"name": p.name, "credit": p.credit, "licence": p.licence, "source": "scikit-image"} for p in data.PHOTOS
        ],
    }


def _skimage_version() -> str:
    from importlib.metadata import version

    return version("scikit-image")


def main(argv: list[str] | None = None) -> int:
    """Command line: train one or both generators and save their weights and snapshots."""
    parser = argparse.ArgumentParser(prog="python -m looktwice.lab.train", description=__doc__.split("\n")[0])
    parser.add_argument("--variant", choices=[*UPSAMPLINGS, "both"], default="both")
    parser.add_argument("--iterations", type=int, default=Settings.iterations)
    parser.add_argument("--batch", type=int, default=Settings.batch)
    parser.add_argument("--seed", type=int, default=Settings.seed)
    parser.add_argument("--threads", type=int, default=Settings.threads)
    parser.add_argument("--every", type=int, default=100, help="iterations between snapshots")
    parser.add_argument("--out", type=Path, default=Path("lab-run"), help="folder for snapshots and logs")
    parser.add_argument("--weights", type=Path, default=None, help="folder for the weights (default: the --out folder)")
    parser.add_argument("--lang", choices=["en", "fr"], default="en")
    args = parser.parse_args(argv)
    variants = UPSAMPLINGS if args.variant == "both" else (args.variant,)
    for variant in variants:
        settings = Settings(
            upsampling=variant, iterations=args.iterations, batch=args.batch, seed=args.seed, threads=args.threads
        )
        result = train(settings, args.out, args.every, lang=args.lang)
        path = weights_path(variant, args.weights or args.out)
        save_generator(path, result.generator, metadata(settings, result))
        count = parameter_count(result.generator)
        print(f"{variant}: {result.seconds:.0f} s, {count} parameters -> {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
