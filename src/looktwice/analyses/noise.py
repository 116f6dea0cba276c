"""Noise residual: the fine grain left when the picture itself is taken away.

A camera sensor adds a little random noise to every pixel, stronger in dark areas, and it is
there even in a blue sky. Generators produce their images from noise too, but often leave some
areas smoother than any sensor would, or a grain that is the same everywhere. This analysis
takes the residual (brightness minus a lightly denoised copy: its 3x3 local mean) and measures
how strong the grain is in each block of the image: the *noise-level map*.

Caveats the explanation states: compression and beauty filters smooth real photos; clipped
areas (pure white or black) have no noise at all; a generator can add fake grain.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from PIL import Image

from ..evidence import Finding, Points, Strength
from ..image_file import Specimen
from ..text import Text
from ..track_record import spread_sentence
from .base import AnalysisResult, TooSmall, colour_map, fit_picture

#: Standard deviation of the residual of white noise of standard deviation 1 (the 3x3 mean
#: removes 1/9 of each pixel and mixes in 8 neighbours): sqrt((8/9)^2 + 8/81).
_RESIDUAL_GAIN = float(np.sqrt(8 / 9))
#: A block whose residual varies less than this (in 8-bit levels) is "smoother than a sensor".
SMOOTH_LEVEL = 0.5
#: Blocks with a mean brightness outside this range are clipped and left out.
UNCLIPPED = (8.0, 247.0)
#: Share of smooth blocks from which the analysis raises a hint.
SMOOTH_SHARE_HINT = 0.35


@dataclass(kw_only=True)
class NoiseResult(AnalysisResult):
    """Overall noise level, the local noise-level map and the share of too-smooth blocks."""

    name = "noise"
    sigma: float
    block: int
    level_map: np.ndarray = field(repr=False)
    usable_blocks: int
    smooth_share: float

    def data(self) -> dict:
        levels = self.level_map[np.isfinite(self.level_map)]
        return {
            "noise_sigma": round(self.sigma, 3),
            "block": self.block,
            "map_shape": list(self.level_map.shape),
            "usable_blocks": self.usable_blocks,
            "smooth_share": round(self.smooth_share, 4),
            "block_level_percentiles": {
                str(q): round(float(np.percentile(levels, q)), 3) if levels.size else None for q in (5, 25, 50, 75, 95)
            },
        }

    def picture(self) -> Image.Image:
        """The noise-level map, each block enlarged to a square of pixels (about 512 pixels on
        the long side)."""
        blocks = self.block_picture()
        scale = max(1, 512 // max(blocks.size))
        return fit_picture(blocks.resize((blocks.width * scale, blocks.height * scale), Image.Resampling.NEAREST))

    def block_picture(self) -> Image.Image:
        """The noise-level map at one pixel per block: dark blue is smooth, yellow is grainy,
        clipped blocks grey. Small enough for a browser to enlarge itself, pixel by pixel."""
        levels = np.where(np.isfinite(self.level_map), self.level_map, 0)
        high = max(float(np.percentile(levels, 98)), 1.0)
        rgb = np.asarray(colour_map(levels, 0, high).convert("RGB")).copy()
        rgb[~np.isfinite(self.level_map)] = (128, 128, 128)
        return Image.fromarray(rgb)


def block_size(shape: tuple[int, int]) -> int:
    """Blocks of 16 to 64 pixels, so that the map has about 64 blocks on its long side."""
    return int(np.clip(max(shape) // 64 // 8 * 8, 16, 64))


def level_map(residual: np.ndarray, luma: np.ndarray, block: int) -> np.ndarray:
    """Standard deviation of the residual in each block; NaN where the block is clipped."""
    rows, cols = residual.shape[0] // block, residual.shape[1] // block
    n = block * block
    # Sum down each band of ``block`` rows first (one contiguous pass), then across each block.
    bands = residual[: rows * block, : cols * block].reshape(rows, block, cols * block)
    sums = bands.sum(axis=1, dtype=np.float64).reshape(rows, cols, block).sum(axis=2)
    squares = np.einsum("ijk,ijk->ik", bands, bands, dtype=np.float64).reshape(rows, cols, block).sum(axis=2)
    std = np.sqrt(np.maximum(squares / n - (sums / n) ** 2, 0))
    # Every 4th pixel is plenty to tell whether a block is clipped to white or black.
    step = 4
    inner = luma[1 : 1 + rows * block : step, 1 : 1 + cols * block : step]
    mean = inner.reshape(rows, block // step, cols, block // step).mean(axis=(1, 3))
    clipped = (mean < UNCLIPPED[0]) | (mean > UNCLIPPED[1])
    return np.where(clipped, np.nan, std / _RESIDUAL_GAIN)


def analyse(specimen: Specimen) -> NoiseResult:
    """Measure the grain of the noise residual, overall and block by block.

    Parameters
    ----------
    specimen : Specimen
        The image, opened by :func:`looktwice.image_file.open_specimen`.

    Returns
    -------
    NoiseResult
        The overall grain level, the map of block levels and the share of blocks smoother than
        a camera sensor usually allows (a hint when it is large).

    Raises
    ------
    TooSmall
        When the image is too small to be measured block by block.

    Examples
    --------
    A gradient drawn by code has no grain at all; a photo has some:

    >>> import io
    >>> import numpy as np
    >>> from PIL import Image
    >>> from looktwice.analyses import noise
    >>> from looktwice.examples import load_example_bytes
    >>> from looktwice.image_file import open_specimen
    >>> buf = io.BytesIO()
    >>> Image.fromarray(np.tile(np.linspace(0, 255, 512).astype(np.uint8), (384, 1))).save(buf, "PNG")
    >>> smooth = noise.analyse(open_specimen(buf.getvalue()))
    >>> smooth.smooth_share, [(f.code, f.strength.value) for f in smooth.findings]
    (1.0, [('noise.smooth', 'hint')])
    >>> photo = noise.analyse(open_specimen(load_example_bytes("coffee")[0]))
    >>> photo.sigma > 1, photo.findings
    (True, [])
    """
    residual = specimen.residual
    block = block_size(residual.shape)
    if min(residual.shape) < block:
        raise TooSmall(
            Text(
                "The image is too small to measure its grain block by block, so it was not checked.",
                "L'image est trop petite pour mesurer son grain bloc par bloc\u202f: il n'a pas été mesuré.",
            )
        )
    levels = level_map(residual, specimen.luma, block)
    sample = residual[::8, ::8]
    mad = float(np.median(np.abs(sample - np.median(sample))))
    sigma = 1.4826 * mad / _RESIDUAL_GAIN
    usable = levels[np.isfinite(levels)]
    smooth = float(np.mean(usable < SMOOTH_LEVEL)) if usable.size else 0.0
    return NoiseResult(
        sigma=sigma,
        block=block,
        level_map=levels,
        usable_blocks=int(usable.size),
        smooth_share=smooth,
        headline=Text(
            f"Grain level about {sigma:.1f} (on a 0-255 scale); {100 * smooth:.0f} % of the "
            "image is smoother than a camera sensor usually allows.",
            f"Niveau de grain d'environ {sigma:.1f} (sur une échelle de 0 à 255) ; "
            f"{100 * smooth:.0f} % de l'image est plus lisse que ce que permet d'habitude un "
            "capteur photo.",
        ),
        explanation=_EXPLANATION,
        findings=_findings(smooth, usable.size),
    )


_EXPLANATION = Text(
    "Take away the picture and what is left is its grain, the noise residual. A camera sensor "
    "leaves grain everywhere, even in a clear sky, a bit stronger in dark areas. The map shows "
    "the grain block by block: dark blue is smooth, yellow is grainy, grey blocks are pure "
    "white or black and cannot be measured. Large, perfectly smooth areas are common in "
    "generated images. Limits: compression, beauty filters and noise reduction on phones also "
    "smooth real photos, and a generator or an editor can add fake grain.",
    "Enlevez l'image, il reste son grain : le résidu de bruit. Le capteur d'un appareil photo "
    "laisse du grain partout, même dans un ciel bleu, un peu plus dans les zones sombres. La "
    "carte montre le grain bloc par bloc : bleu foncé, c'est lisse, jaune, c'est granuleux ; "
    "les blocs gris sont tout blancs ou tout noirs et ne peuvent pas être mesurés. De grandes "
    "zones parfaitement lisses sont fréquentes dans les images générées. Limites : la "
    "compression, les filtres beauté et la réduction de bruit des téléphones lissent aussi les "
    "vraies photos, et un générateur ou un logiciel de retouche peut ajouter un faux grain.",
)


#: Unit of the smooth share in the findings' sentences.
_PERCENT = Text(" %", "\u202f%")


def _findings(smooth: float, usable: int) -> list[Finding]:
    if usable < 16 or smooth < SMOOTH_SHARE_HINT:
        return []
    message = Text(
        f"{100 * smooth:.0f} % of the measurable image has almost no grain, smoother than a "
        "camera sensor usually leaves (but compression and filters smooth photos too).",
        f"{100 * smooth:.0f}\u202f% de l'image mesurable n'a presque pas de grain, plus lisse "
        "que ce que laisse d'habitude un capteur photo (mais la compression et les filtres "
        "lissent aussi les photos).",
    )
    ranges = spread_sentence("noise.smooth_share", smooth, _PERCENT, scale=100, decimals=0)
    if ranges is not None:
        message += ranges
    return [Finding(Strength.HINT, Points.GENERATED, "noise", message, code="noise.smooth")]
