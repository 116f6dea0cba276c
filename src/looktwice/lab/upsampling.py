"""The upsampling lab: five ways to enlarge the same picture, and the grid each one leaves.

Generators build an image by doubling its size several times. This lab doubles the *same*
32x32 photo patches three times (to 256x256) with five methods and measures each result with
the kit's own spectrum analysis (:mod:`looktwice.analyses.spectrum`):

* nearest neighbour and bilinear enlargement (no learned weights);
* transposed convolution with kernel 3 and with kernel 4, stride 2, as in DCGAN;
* resize-convolution: nearest enlargement then a 3x3 convolution (Odena, Dumoulin & Olah
  2016, "Deconvolution and checkerboard artifacts", Distill).

The convolution layers are *untrained*: 16 channels, ReLU between layers, torch's default
random initialisation with a fixed seed, no bias (as in DCGAN's generator). That is the point
of Odena et al.: a transposed convolution whose kernel size is not a multiple of its stride
covers some output pixels more often than others, so it stamps a checkerboard before it has
learned anything (kernel 4 with stride 2 overlaps evenly, but its random weights still differ
from one output phase to the next, so it leaves a grid too).

Every number here is computed when the lab runs.

Needs torch (the ``lab`` extra).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice

import numpy as np
import torch
from PIL import Image, ImageDraw
from torch import nn

from ..analyses.spectrum import Peak, average_power, periodic_peaks, spectrum_picture, tile_size
from ..image_file import box3_residual
from ..text import Text
from . import data
from .drawing import font, label

#: Size of the input patches, number of doublings, hidden channels.
INPUT, DOUBLINGS, CHANNELS = 32, 3, 16


#: What the lab's picture shows, for a 14-year-old.
EXPLANATION = Text(
    "The same small photo patch, enlarged eight times by five methods. Nearest neighbour makes "
    "blocks and bilinear blurs, but neither adds a pattern of its own. Transposed convolutions, "
    "which early image generators used, stamp a fine checkerboard over the picture even before "
    "they have learned anything: in the spectrum it becomes a grid of bright dots (circled), "
    "and the periodic-peak score jumps. Resizing first and convolving afterwards, the fix "
    "generator designers adopted, leaves far fewer and weaker dots.",
    "Le même petit morceau de photo, agrandi huit fois par cinq méthodes. Le plus proche voisin "
    "fait des blocs et le bilinéaire rend flou, mais aucun n'ajoute de motif à lui. Les "
    "convolutions transposées, qu'utilisaient les premiers générateurs d'images, impriment un "
    "fin damier sur l'image avant même d'avoir appris quoi que ce soit : dans le spectre, il "
    "devient une grille de points lumineux (entourés) et le score de pics périodiques s'envole. "
    "Agrandir d'abord puis convoluer, la correction adoptée par les concepteurs de générateurs, "
    "laisse des points bien moins nombreux et plus faibles.",
)


@dataclass(frozen=True)
class Method:
    """One way to double an image's size."""

    key: str
    name: Text
    learned: bool


METHODS: tuple[Method, ...] = (
    Method("nearest", Text("nearest neighbour", "plus proche voisin"), False),
    Method("bilinear", Text("bilinear", "bilinéaire"), False),
    Method("transposed_k3s2", Text("transposed conv k3 s2", "conv. transposée k3 s2"), True),
    Method("transposed_k4s2", Text("transposed conv k4 s2", "conv. transposée k4 s2"), True),
    Method("resize_conv", Text("resize + conv", "agrandir + conv."), True),
)


@dataclass
class LabResult:
    """One method's enlargements of the lab's patches and their averaged spectrum."""

    method: Method
    images: np.ndarray  # (N, 256, 256) float, one per input patch
    power: np.ndarray
    score: float
    peaks: list[Peak]


def _layer(key: str, cin: int, cout: int) -> nn.Module:
    if key == "nearest":
        return nn.Upsample(scale_factor=2, mode="nearest")
    if key == "bilinear":
        return nn.Upsample(scale_factor=2, mode="bilinear", align_corners=False)
    if key == "transposed_k3s2":
        return nn.ConvTranspose2d(cin, cout, 3, stride=2, padding=1, output_padding=1, bias=False)
    if key == "transposed_k4s2":
        return nn.ConvTranspose2d(cin, cout, 4, stride=2, padding=1, bias=False)
    if key == "resize_conv":
        return nn.Sequential(
            nn.Upsample(scale_factor=2, mode="nearest"),
            nn.Conv2d(cin, cout, 3, padding=1, bias=False),
        )
    raise ValueError(f"unknown method {key!r}")


def upsampler(key: str, seed: int = 0) -> nn.Sequential:
    """Three doublings by method ``key``: 1 -> 16 -> 16 -> 1 channels, ReLU in between for
    the learned methods, weights drawn by torch's default initialisation from ``seed``."""
    method = next(m for m in METHODS if m.key == key)
    torch.manual_seed(seed)
    channels = [1] + [CHANNELS] * (DOUBLINGS - 1) + [1]
    layers: list[nn.Module] = []
    for i in range(DOUBLINGS):
        layers.append(_layer(key, channels[i], channels[i + 1]))
        if method.learned and i < DOUBLINGS - 1:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers).eval()


def lab_inputs(count: int = 8, seed: int = 7) -> np.ndarray:
    """The patches every method enlarges: (count, 32, 32) gray in [-1, 1] from the training
    photos, always the same for the same seed."""
    chosen = islice(data.positions(INPUT, seed), count)
    return np.stack([data.cut(n, t, left, INPUT) for n, t, left, _ in chosen]) * 2.0 - 1.0


def run_lab(seed: int = 0, count: int = 8) -> list[LabResult]:
    """Enlarge the same patches with every method and score each with the core analysis.

    The spectrum of each method is the Welch average over its ``count`` enlargements; the
    score is the kit's periodic-peak score of that spectrum.
    """
    x = torch.from_numpy(lab_inputs(count)[:, None].astype(np.float64))
    results = []
    for method in METHODS:
        net = upsampler(method.key, seed).double()
        with torch.no_grad():
            images = net(x)[:, 0].numpy()
        residuals = [box3_residual(im.astype(np.float32)) for im in images]
        power, _ = average_power(residuals, tile_size(residuals[0].shape))
        score, peaks = periodic_peaks(power)
        results.append(LabResult(method, images, power, score, peaks))
    return results


def lab_picture(results: list[LabResult], lang: str = "en") -> Image.Image:
    """Side by side: each method's enlargement of the first patch (top), its spectrum with
    the periodic dots circled (below), and its score."""
    side = results[0].images.shape[-1]
    spectra = [spectrum_picture(r.power, r.peaks, scale=1) for r in results]
    cell = max(side, spectra[0].width) + 12
    top, gap = 44, 8
    height = top + side + gap + spectra[0].height + 12
    canvas = Image.new("RGB", (cell * len(results) + 12, height), "white")
    draw, face = ImageDraw.Draw(canvas), font(14)
    score_word = Text("score", "score").get(lang)
    for i, (r, spectrum) in enumerate(zip(results, spectra)):
        x = 12 + i * cell
        im = r.images[0]
        lo, hi = np.percentile(im, [0.5, 99.5])
        gray = np.clip((im - lo) / max(hi - lo, 1e-12) * 255, 0, 255).astype(np.uint8)
        canvas.paste(Image.fromarray(gray).convert("RGB"), (x, top))
        canvas.paste(spectrum, (x, top + side + gap))
        label(draw, (x, 6), r.method.name.get(lang), face)
        label(draw, (x, 24), f"{score_word} {r.score:,.0f}", face)
    return canvas


def lab_table(results: list[LabResult], lang: str = "en") -> str:
    """A plain-text table: method, periodic-peak score, number of periodic dots."""
    head = (Text("method", "méthode").get(lang), Text("periodic-peak score", "score de pics périodiques").get(lang))
    dots = Text("dots", "points").get(lang)
    lines = [f"{head[0]:<26} {head[1]:>26} {dots:>7}"]
    lines += [f"{r.method.name.get(lang):<26} {r.score:>26,.1f} {len(r.peaks):>7}" for r in results]
    return "\n".join(lines)
