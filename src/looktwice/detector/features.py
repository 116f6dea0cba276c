"""The transparent detector's features: a dozen numbers a pupil can look at and name.

Each feature is a plain measurement of the pixels (never of the file's labels or format, which
would let the detector learn "PNG means generated" instead of anything about the picture):
how strong and how even the sensor-like grain is, how much the colour channels' grain agrees
(a camera's demosaicing links them), how fast fine detail fades in the spectrum, whether a
regular upsampling rhythm is there, and how colours and highlights are spread.

>>> import io
>>> import numpy as np
>>> from PIL import Image
>>> from looktwice.image_file import open_specimen
>>> from looktwice.detector.features import FEATURES, measure
>>> rng = np.random.default_rng(0)
>>> pixels = rng.integers(0, 256, (128, 128, 3), dtype=np.uint8)
>>> buf = io.BytesIO()
>>> Image.fromarray(pixels).save(buf, "PNG")
>>> measure(open_specimen(buf.getvalue())).shape
(12,)
>>> len(FEATURES)
12
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from ..image_file import Specimen, box3_residual
from ..text import Text


@dataclass(frozen=True)
class Feature:
    """One measured number, with what it means in both languages."""

    name: str
    label: Text


FEATURES: tuple[Feature, ...] = (
    Feature("grain_level", Text("overall grain level", "niveau de grain global")),
    Feature("smooth_share", Text("share of grain-free blocks", "part de blocs sans grain")),
    Feature("grain_low", Text("grain of the smoothest tenth of blocks", "grain du dixième de blocs le plus lisse")),
    Feature("grain_spread", Text("how uneven the grain is across blocks", "irrégularité du grain d'un bloc à l'autre")),
    Feature("grain_tails", Text("rare strong specks in the grain", "points forts isolés dans le grain")),
    Feature(
        "channel_link",
        Text("how much the colour channels' grain agrees", "accord du grain entre les canaux de couleur"),
    ),
    Feature(
        "fine_detail",
        Text("fine detail left at the highest frequencies", "détail fin restant aux plus hautes fréquences"),
    ),
    Feature(
        "spectrum_slope",
        Text("how fast detail fades with frequency", "vitesse à laquelle le détail s'efface avec la fréquence"),
    ),
    Feature("periodic_peaks", Text("regular upsampling rhythm", "rythme régulier d'agrandissement")),
    Feature("clipped", Text("share of pure-white or pure-black pixels", "part de pixels tout blancs ou tout noirs")),
    Feature("saturation", Text("average colour saturation", "saturation moyenne des couleurs")),
    Feature("saturation_spread", Text("spread of colour saturation", "dispersion de la saturation des couleurs")),
)

NAMES: tuple[str, ...] = tuple(f.name for f in FEATURES)


#: The features are measured on the central square of at most this many pixels a side, cut
#: out without resampling (which would blur the very traces measured): the cost stays the same
#: whatever the image's size, and a 12-megapixel photo is measured like a 1-megapixel one.
CROP = 768


def central_crop(rgb: np.ndarray, side: int = CROP) -> np.ndarray:
    """The central ``side`` x ``side`` pixels of ``rgb`` (or all of it when smaller)."""
    h, w = rgb.shape[:2]
    top, left = max(0, (h - side) // 2), max(0, (w - side) // 2)
    return rgb[top : top + side, left : left + side]


def measure(specimen: Specimen) -> np.ndarray:
    """The :data:`FEATURES` of one image, in order, as a float64 vector."""
    return measure_pixels(specimen.rgb)


def measure_pixels(rgb: np.ndarray) -> np.ndarray:
    """The :data:`FEATURES` of an RGB ``uint8`` array (its central crop, see :data:`CROP`)."""
    from ..analyses import noise, spectrum

    rgb = np.ascontiguousarray(central_crop(rgb))
    r, g, b = (rgb[..., c] for c in range(3))
    luma = np.clip(0.299 * r + 0.587 * g + 0.114 * b + 0.5, 0, 255).astype(np.uint8)
    residual = box3_residual(luma)
    block = noise.block_size(residual.shape)
    levels = noise.level_map(residual, luma, block) if min(residual.shape) >= block else np.array([np.nan])
    usable = levels[np.isfinite(levels)]
    if usable.size == 0:
        usable = np.array([0.0])
    sample = residual[::2, ::2]
    mad = float(np.median(np.abs(sample - np.median(sample)))) * 1.4826
    centred = sample - sample.mean()
    var = float(np.mean(centred**2)) + 1e-9
    kurtosis = float(np.mean(centred**4)) / var**2
    p10, p50, p90 = np.percentile(usable, (10, 50, 90))
    fine, slope = _spectral_shape(luma)
    peaks = _periodic_score(residual, spectrum)
    clipped = float(np.mean((luma <= 2) | (luma >= 253)))
    high = np.maximum(np.maximum(r, g), b).astype(np.float32)
    low = np.minimum(np.minimum(r, g), b).astype(np.float32)
    sat = (high - low) / np.maximum(high, 1.0)
    return np.array(
        [
            np.log1p(mad),
            float(np.mean(usable < noise.SMOOTH_LEVEL)),
            np.log1p(p10),
            float((p90 - p10) / (p50 + 0.5)),
            np.log(max(kurtosis, 1e-3)),
            _channel_link(rgb),
            fine,
            slope,
            np.log1p(peaks),
            clipped,
            float(sat.mean()),
            float(sat.std()),
        ],
        dtype=np.float64,
    )


def _periodic_score(residual: np.ndarray, spectrum) -> float:
    tile = spectrum.tile_size(residual.shape)
    if tile == 0:
        return 0.0
    power, _ = spectrum.average_power([residual], tile)
    return spectrum.periodic_peaks(power)[0]


def _channel_link(rgb: np.ndarray) -> float:
    """Mean correlation of the red and blue channels' residuals with the green one's."""
    res = []
    for c in range(3):
        channel = np.ascontiguousarray(rgb[..., c])
        r = box3_residual(channel).astype(np.float32).ravel()
        res.append(r - r.mean())
    g = res[1]
    gg = float(np.dot(g, g))
    out = []
    for x in (res[0], res[2]):
        denom = np.sqrt(float(np.dot(x, x)) * gg)
        out.append(float(np.dot(x, g)) / denom if denom > 0 else 0.0)
    return float(np.mean(out))


@functools.cache
def _tile_geometry(size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For :func:`_spectral_shape`'s tiles of ``size`` pixels, made once: the Hann window, the
    whole-number distance of every (flattened) frequency bin from the centre, and how many
    bins each distance has (at least 1)."""
    window = np.outer(np.hanning(size), np.hanning(size))
    yy, xx = np.indices((size, size)) - size // 2
    radius = np.hypot(yy, xx).astype(int).ravel()
    ring_sizes = np.maximum(np.bincount(radius), 1)
    for a in (window, radius, ring_sizes):
        a.flags.writeable = False
    return window, radius, ring_sizes


def _spectral_shape(luma: np.ndarray, size: int = 256) -> tuple[float, float]:
    """Share of spectral energy in the top band, and the log-log slope of the radial spectrum,
    averaged over up to 16 tiles of ``size`` pixels taken on a grid."""
    import scipy.fft

    h, w = luma.shape
    size = min(size, h, w) // 2 * 2
    if size < 32:
        return 0.0, 0.0
    ys = np.linspace(0, h - size, num=min(4, max(1, h // size)), dtype=int)
    xs = np.linspace(0, w - size, num=min(4, max(1, w // size)), dtype=int)
    window, radius, ring_sizes = _tile_geometry(size)
    power = np.zeros((size, size))
    for y in ys:
        for x in xs:
            tile = luma[y : y + size, x : x + size].astype(np.float64)
            tile = (tile - tile.mean()) * window
            power += np.abs(scipy.fft.fft2(tile)) ** 2
    power = scipy.fft.fftshift(power)
    radial = np.bincount(radius, power.ravel()) / ring_sizes
    radial = radial[1 : size // 2]
    freqs = np.arange(1, size // 2)
    top = radial[int(0.75 * len(radial)) :].sum() / max(radial.sum(), 1e-12)
    keep = (freqs >= size // 16) & (radial > 0)
    slope = float(np.polyfit(np.log(freqs[keep]), np.log(radial[keep]), 1)[0]) if keep.sum() > 2 else 0.0
    return float(np.log10(top + 1e-12)), slope
