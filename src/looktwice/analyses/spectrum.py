"""Frequency spectrum: regular grids that upsampling layers leave in generated images.

Many generators build an image by repeatedly doubling its size. Each doubling (transposed
convolution, and to a lesser degree other upsamplers) repeats a small pattern every 2, 4 or 8
pixels. Invisible to the eye, such a pattern shows up in the *frequency spectrum* as bright,
regularly spaced dots (Durall et al. 2020; Odena, Dumoulin & Olah 2016; Corvi et al. 2023).

How it is computed, at full resolution (nothing is downscaled first, which would blur the
very pattern we look for):

1. the noise residual (brightness minus its 3x3 local mean) removes the picture's content;
2. the residual is cut into square tiles, each windowed (Hann) and Fourier-transformed, and
   their power spectra are averaged (Welch's method), which keeps a repeating pattern and
   averages random texture away;
3. the *periodic-peak score* compares the power at the positions where a 2-, 4- or 8-pixel
   pattern puts its dots with the typical (median) power around each position.

JPEG compresses 8x8 blocks and leaves dots at the same positions, so the score of a JPEG file
says less; the explanation says so and the evidence is weighed accordingly.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import scipy.fft
from PIL import Image, ImageDraw

from ..evidence import Finding, Points, Strength
from ..image_file import Specimen, box3_residual
from ..text import Text
from ..track_record import spread_sentence
from .base import AnalysisResult, TooSmall, colour_map

#: Side of the square tiles whose spectra are averaged. A multiple of 8, so that the dots of a
#: 2-, 4- or 8-pixel pattern fall exactly on frequency bins.
TILE = 256
#: Smallest tile used for small images.
MIN_TILE = 32
#: The longest repeat period looked for (dots every TILE/PERIOD bins).
PERIOD = 8
#: A dot this many times brighter than its surroundings counts as a peak.
PEAK_RATIO = 8.0
#: Periodic-peak score from which the spectrum counts as a hint of generation (non-JPEG).
HINT_SCORE = 20.0
_BATCH = 64


@dataclass(frozen=True)
class Peak:
    """A bright dot at a periodic position: frequency in cycles per pixel, and its strength."""

    fx: float
    fy: float
    ratio: float

    @property
    def period(self) -> int:
        """The repeat distance, in pixels, of the smallest periodic pattern that puts a dot
        here: a dot at (kx/8, ky/8) cycles per pixel comes from a pattern repeating every
        8/gcd(kx, ky, 8) pixels (dots at 3/8 are harmonics of an 8-pixel pattern)."""
        kx, ky = round(abs(self.fx) * PERIOD), round(abs(self.fy) * PERIOD)
        return PERIOD // math.gcd(kx, ky, PERIOD)

    def to_dict(self) -> dict:
        return {"fx": self.fx, "fy": self.fy, "ratio": round(self.ratio, 2), "period_px": self.period}


@dataclass(kw_only=True)
class SpectrumResult(AnalysisResult):
    """Averaged power spectrum of the residual, its azimuthal average and periodic peaks."""

    name = "spectrum"
    power: np.ndarray = field(repr=False)
    tile: int
    tiles: int
    score: float
    peaks: list[Peak]
    radial: np.ndarray = field(repr=False)

    def data(self) -> dict:
        return {
            "tile": self.tile,
            "tiles": self.tiles,
            "periodic_peak_score": round(self.score, 2),
            "peaks": [p.to_dict() for p in self.peaks],
            "azimuthal_average_log10": [round(float(v), 4) for v in self.radial],
        }

    def picture(self) -> Image.Image:
        return spectrum_picture(self.power, self.peaks)


def tile_size(shape: tuple[int, int]) -> int:
    """The largest multiple of 8 up to :data:`TILE` that fits the image; 0 if too small."""
    side = min(TILE, min(shape) // PERIOD * PERIOD)
    return side if side >= MIN_TILE else 0


def average_power(residuals: Iterable[np.ndarray], tile: int) -> tuple[np.ndarray, int]:
    """Welch-averaged power spectrum of square tiles cut from each array.

    Returns the spectrum (shape tile x tile, zero frequency in the centre) and the number of
    tiles averaged. Every tile of every array is used: nothing is downscaled.
    """
    window = np.outer(np.hanning(tile), np.hanning(tile)).astype(np.float32)
    total = np.zeros((tile, tile // 2 + 1), dtype=np.float64)
    count = 0
    for residual in residuals:
        rows, cols = residual.shape[0] // tile, residual.shape[1] // tile
        if rows == 0 or cols == 0:
            continue
        # Tiles as a view (no copy); the windowing below makes the one copy of each batch.
        blocks = residual[: rows * tile, : cols * tile].reshape(rows, tile, cols, tile).swapaxes(1, 2)
        per_batch = max(1, _BATCH // cols)  # rows of tiles per batch
        for top in range(0, rows, per_batch):
            # The residual has no slow variation left, and the window tapers each tile to
            # zero at its edges, so no mean needs removing before the transform.
            batch = (blocks[top : top + per_batch] * window).reshape(-1, tile, tile)
            spectrum = scipy.fft.rfft2(batch, overwrite_x=True)
            # |z|^2 summed over the batch in one pass: the complex values seen as (re, im) pairs.
            pairs = spectrum.view(np.float32 if spectrum.dtype == np.complex64 else np.float64)
            squares = np.einsum("ijk,ijk->jk", pairs, pairs, dtype=np.float64)
            total += squares[:, 0::2] + squares[:, 1::2]
            count += len(batch)
    if count == 0:
        raise ValueError("no tile fits in the image")
    half = total / count
    return _full_centred(half, tile), count


def _full_centred(half: np.ndarray, tile: int) -> np.ndarray:
    """Rebuild the full spectrum from rfft2's half (it is symmetric) and centre it."""
    full = np.empty((tile, tile), dtype=np.float64)
    full[:, : tile // 2 + 1] = half
    mirror_rows = (-np.arange(tile)) % tile
    mirror_cols = tile - np.arange(tile // 2 + 1, tile)
    full[:, tile // 2 + 1 :] = half[mirror_rows][:, mirror_cols]
    return np.fft.fftshift(full)


def azimuthal_average(power: np.ndarray) -> np.ndarray:
    """Mean log10 power on rings of equal frequency, from zero to the edge (Durall et al.)."""
    radius, counts = _rings(power.shape[0])
    inside = radius >= 0
    logp = np.log10(power + 1e-12)
    sums = np.bincount(radius[inside], weights=logp[inside])
    return sums / np.maximum(counts, 1)


@functools.cache
def _rings(tile: int) -> tuple[np.ndarray, np.ndarray]:
    """The ring (whole-number distance from the centre) of every bin of a ``tile`` x ``tile``
    spectrum, -1 outside the inscribed circle, and how many bins each ring has."""
    y, x = np.indices((tile, tile)) - tile // 2
    radius = np.hypot(x, y).astype(np.int32)
    radius[radius >= tile // 2] = -1
    radius.flags.writeable = False
    return radius, np.bincount(radius[radius >= 0])


def periodic_peaks(power: np.ndarray, period: int = PERIOD) -> tuple[float, list[Peak]]:
    """Score and list the dots a pattern repeating every 2, 4 or ``period`` pixels would make.

    Each candidate position's power is divided by the median power of the 9x9 neighbourhood
    around it (the centre 3x3 left out). The score is the largest such ratio; a flat spectrum
    scores about 1 to 3.
    """
    tile = power.shape[0]
    step = tile // period
    centre = tile // 2
    padded = np.pad(power, 4, mode="wrap")
    ring = np.ones((9, 9), dtype=bool)
    ring[3:6, 3:6] = False
    places = [
        (ky, kx, (centre + ky * step) % tile, (centre + kx * step) % tile)
        for ky in range(-period // 2, period // 2 + 1)
        for kx in range(0, period // 2 + 1)
        # the spectrum is symmetric: one half plane, and no zero frequency
        if not ((kx == 0 and ky <= 0) or abs(ky * step) > centre or kx * step > centre)
    ]
    # every neighbourhood's median in one call (the same numbers as one call each)
    medians = np.median(np.stack([padded[r : r + 9, c : c + 9][ring] for _, _, r, c in places]), axis=1)
    best, peaks = 0.0, []
    for (ky, kx, r, c), median in zip(places, medians):
        ratio = float(power[r, c] / max(median, 1e-12))
        best = max(best, ratio)
        if ratio >= PEAK_RATIO:
            peaks.append(Peak(fx=kx / period, fy=ky / period, ratio=ratio))
    peaks.sort(key=lambda p: -p.ratio)
    return best, peaks


def periodic_peak_score(gray: np.ndarray) -> float:
    """Periodic-peak score of one grayscale array (used by the generator lab)."""
    residual = box3_residual(np.asarray(gray, dtype=np.float32))
    tile = tile_size(residual.shape)
    power, _ = average_power([residual], tile)
    return periodic_peaks(power)[0]


def spectrum_picture(power: np.ndarray, peaks: list[Peak], scale: int = 2) -> Image.Image:
    """The log power spectrum in a colour-blind-safe map, peaks circled, zero in the centre."""
    logp = np.log10(power + 1e-12)
    low, high = np.percentile(logp, [1, 99.9])
    picture = (
        colour_map(logp, low, high)
        .resize((power.shape[1] * scale, power.shape[0] * scale), Image.Resampling.NEAREST)
        .convert("RGB")
    )
    draw = ImageDraw.Draw(picture)
    tile = power.shape[0]
    for p in peaks[:24]:
        for sign in (1, -1):
            x = (tile // 2 + sign * p.fx * tile) * scale
            y = (tile // 2 + sign * p.fy * tile) * scale
            draw.ellipse([x - 7, y - 7, x + 7, y + 7], outline=(255, 255, 255), width=2)
    return picture


def analyse(specimen: Specimen) -> SpectrumResult:
    """Look for the periodic dots of upsampling in the averaged spectrum of the noise residual.

    Parameters
    ----------
    specimen : Specimen
        The image, opened by :func:`looktwice.image_file.open_specimen`.

    Returns
    -------
    SpectrumResult
        The averaged power spectrum, its periodic-peak score and the peaks found (a hint when
        they are strong).

    Raises
    ------
    TooSmall
        When the image is too small for a spectrum.

    Examples
    --------
    The generator lab's transposed-convolution texture shows the grid; a photo does not:

    >>> from looktwice.analyses import spectrum
    >>> from looktwice.examples import load_example_bytes
    >>> from looktwice.image_file import open_specimen
    >>> texture, _credit = load_example_bytes("kit-transposed-texture-1")
    >>> result = spectrum.analyse(open_specimen(texture))
    >>> result.score > 100, [(f.code, f.strength.value, f.points.value) for f in result.findings]
    (True, [('spectrum.periodic', 'hint', 'generated')])
    >>> spectrum.analyse(open_specimen(load_example_bytes("coffee")[0])).peaks
    []
    """
    residual = specimen.residual
    tile = tile_size(residual.shape)
    if tile == 0:
        raise TooSmall(
            Text(
                f"The image is too small for a frequency spectrum (it needs at least {MIN_TILE + 2} "
                "pixels each way), so it was not checked.",
                f"L'image est trop petite pour un spectre des fréquences (il faut au moins "
                f"{MIN_TILE + 2} pixels dans chaque sens)\u202f: il n'a pas été calculé.",
            )
        )
    power, tiles = average_power([residual], tile)
    score, peaks = periodic_peaks(power)
    jpeg = specimen.format == "JPEG"
    return SpectrumResult(
        power=power,
        tile=tile,
        tiles=tiles,
        score=score,
        peaks=peaks,
        radial=azimuthal_average(power),
        headline=_headline(score, peaks),
        explanation=_explanation(score, peaks, jpeg),
        findings=_findings(score, peaks, jpeg),
    )


def _headline(score: float, peaks: list[Peak]) -> Text:
    if peaks:
        return Text(
            f"{len(peaks)} regular dot(s) in the spectrum; the strongest is {score:.0f} times "
            "brighter than its surroundings.",
            f"{len(peaks)} point(s) régulier(s) dans le spectre ; le plus fort est {score:.0f} "
            "fois plus lumineux que ses alentours.",
        )
    return Text(
        f"No regular dots in the spectrum (periodic-peak score {score:.1f}).",
        f"Aucun point régulier dans le spectre (score de pics périodiques {score:.1f}).",
    )


def _explanation(score: float, peaks: list[Peak], jpeg: bool) -> Text:
    text = Text(
        "The spectrum shows which patterns repeat in the image's fine grain: the centre is "
        "slow change, the edges are pixel-to-pixel change. Many generators enlarge their image "
        "step by step, and each step can repeat a tiny pattern every 2, 4 or 8 pixels. That "
        "pattern shows up as bright dots on a regular grid (circled).",
        "Le spectre montre quels motifs se répètent dans le grain fin de l'image : le centre, "
        "ce sont les changements lents, les bords, les changements d'un pixel à l'autre. "
        "Beaucoup de générateurs agrandissent leur image par étapes, et chaque étape peut "
        "répéter un minuscule motif tous les 2, 4 ou 8 pixels. Ce motif apparaît comme des "
        "points lumineux sur une grille régulière (entourés).",
    )
    if jpeg:
        text += Text(
            "This file is a JPEG: JPEG compresses 8x8-pixel blocks, which puts dots in the same "
            "places, so here dots say little about how the image was made.",
            "Ce fichier est un JPEG : le JPEG compresse des blocs de 8x8 pixels, ce qui met des "
            "points aux mêmes endroits ; ici, les points disent donc peu de choses sur "
            "l'origine de l'image.",
        )
    text += Text(
        "Limits: modern generators often leave no dots, resizing or strong compression erases "
        "them, and some cameras leave a faint grid too. Dots are a hint, never proof.",
        "Limites : les générateurs récents ne laissent souvent aucun point, un "
        "redimensionnement ou une forte compression les efface, et certains appareils photo "
        "laissent aussi une grille légère. Les points sont un indice, jamais une preuve.",
    )
    return text


def _findings(score: float, peaks: list[Peak], jpeg: bool) -> list[Finding]:
    if not peaks:
        return []
    if jpeg:
        return [
            Finding(
                Strength.CONTEXT,
                Points.NEUTRAL,
                "spectrum",
                Text(
                    "Regular dots at the positions JPEG's 8x8 blocks produce: expected in a "
                    "compressed file, they neither confirm nor rule out a generator.",
                    "Des points réguliers aux positions que produisent les blocs 8x8 du JPEG : "
                    "attendus dans un fichier compressé, ils ne confirment ni n'excluent un "
                    "générateur.",
                ),
                code="spectrum.jpeg_grid",
            )
        ]
    if score < HINT_SCORE:
        return []
    periods = sorted({p.period for p in peaks})
    listed = ", ".join(str(p) for p in periods)
    message = Text(
        f"The fine grain repeats every {listed} pixels (spectral dots up to {score:.0f} times "
        "their surroundings), as upsampling layers in many generators do; resizing an image "
        "can leave such a rhythm too.",
        f"Le grain fin se répète tous les {listed} pixels (points du spectre jusqu'à "
        f"{score:.0f} fois leurs alentours), comme le font les couches d'agrandissement de "
        "nombreux générateurs ; redimensionner une image peut aussi laisser un tel rythme.",
    )
    ranges = spread_sentence("spectrum.score", score, _TIMES)
    if ranges is not None:
        message += ranges
    return [Finding(Strength.HINT, Points.GENERATED, "spectrum", message, code="spectrum.periodic")]


#: Unit of the periodic-peak score in the findings' sentences.
_TIMES = Text(" times", "\u00a0fois")
