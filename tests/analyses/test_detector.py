"""Shortcuts that make the detector's and the spectrum's work cheaper give the very pixels and
numbers of the plain way: the chart's labels drawn once and pasted, the spectrum's medians in
one call, the detector's tile geometry made once."""

from __future__ import annotations

import random

import numpy as np
import scipy.fft
from PIL import Image, ImageDraw

from looktwice.analyses import spectrum
from looktwice.analyses.detector import DetectorResult
from looktwice.detector import features
from looktwice.detector.model import FEATURE_LABELS, Contribution
from looktwice.text import Text


def _chart_drawn_in_place(result: DetectorResult) -> Image.Image:
    """The detector's chart with every label drawn where it stands (the plain way)."""
    width, row, left = 640, 24, 300
    image = Image.new("RGB", (width, 16 + row * len(result.contributions)), "white")
    draw = ImageDraw.Draw(image)
    biggest = max((abs(c.push) for c in result.contributions), default=1.0) or 1.0
    centre = left + (width - left) // 2
    half = (width - left) // 2 - 8
    for i, c in enumerate(result.contributions):
        y = 8 + i * row
        draw.text((6, y + 4), FEATURE_LABELS[c.feature].en[:46], fill="black")
        end = centre + c.push / biggest * half
        colour = "#D55E00" if c.push > 0 else "#0072B2"
        draw.rectangle((min(centre, end), y + 4, max(centre, end), y + row - 4), fill=colour)
    draw.line((centre, 4, centre, image.height - 4), fill="black")
    return image


def test_the_detector_chart_is_the_chart_drawn_label_by_label():
    rng = random.Random(3)
    names = list(FEATURE_LABELS)
    for _ in range(40):
        rng.shuffle(names)
        pushes = [rng.choice([0.0, 1e-9, -1e-9, rng.uniform(-4, 4)]) for _ in names]
        contributions = [Contribution(n, 1.0, p) for n, p in zip(names[: rng.randint(0, 12)], pushes)]
        result = DetectorResult(
            score=0.5, contributions=contributions, record=(1, 2, 3, 4), headline=Text("", ""), explanation=Text("", "")
        )
        assert result.picture().tobytes() == _chart_drawn_in_place(result).tobytes()


def _peaks_one_median_at_a_time(power: np.ndarray, period: int = spectrum.PERIOD) -> tuple[float, list]:
    tile = power.shape[0]
    step, centre = tile // period, tile // 2
    padded = np.pad(power, 4, mode="wrap")
    ring = np.ones((9, 9), dtype=bool)
    ring[3:6, 3:6] = False
    best, peaks = 0.0, []
    for ky in range(-period // 2, period // 2 + 1):
        for kx in range(0, period // 2 + 1):
            if (kx == 0 and ky <= 0) or abs(ky * step) > centre or kx * step > centre:
                continue
            r, c = (centre + ky * step) % tile, (centre + kx * step) % tile
            ratio = float(power[r, c] / max(np.median(padded[r : r + 9, c : c + 9][ring]), 1e-12))
            best = max(best, ratio)
            if ratio >= spectrum.PEAK_RATIO:
                peaks.append((kx / period, ky / period, ratio))
    return best, sorted(peaks, key=lambda p: -p[2])


def test_periodic_peaks_are_the_same_with_every_median_in_one_call():
    rng = np.random.default_rng(5)
    for trial in range(60):
        tile = (32, 48, 64, 128, 256)[trial % 5]
        power = rng.gamma(1.0, 1.0, (tile, tile)) * rng.uniform(0.1, 10)
        if trial % 3 == 0:
            power[:: tile // 8, :: tile // 8] *= 40  # dots on the grid
        if trial % 7 == 0:
            power = np.round(power)  # ties in the neighbourhoods
        if trial % 11 == 0:
            power[:] = 0.0
        best, peaks = spectrum.periodic_peaks(power)
        assert (best, [(p.fx, p.fy, p.ratio) for p in peaks]) == _peaks_one_median_at_a_time(power)


def test_the_detectors_spectral_shape_is_the_same_with_its_geometry_made_once():
    luma = np.random.default_rng(2).integers(0, 256, (600, 700), dtype=np.uint8)
    size = 256
    h, w = luma.shape
    ys = np.linspace(0, h - size, num=min(4, max(1, h // size)), dtype=int)
    xs = np.linspace(0, w - size, num=min(4, max(1, w // size)), dtype=int)
    window = np.outer(np.hanning(size), np.hanning(size))
    power = np.zeros((size, size))
    for y in ys:
        for x in xs:
            tile = luma[y : y + size, x : x + size].astype(np.float64)
            power += np.abs(scipy.fft.fft2((tile - tile.mean()) * window)) ** 2
    power = scipy.fft.fftshift(power)
    yy, xx = np.indices(power.shape) - size // 2
    radius = np.hypot(yy, xx).astype(int)
    radial = np.bincount(radius.ravel(), power.ravel()) / np.maximum(np.bincount(radius.ravel()), 1)
    radial = radial[1 : size // 2]
    freqs = np.arange(1, size // 2)
    top = radial[int(0.75 * len(radial)) :].sum() / max(radial.sum(), 1e-12)
    keep = (freqs >= size // 16) & (radial > 0)
    slope = float(np.polyfit(np.log(freqs[keep]), np.log(radial[keep]), 1)[0])
    for _ in range(2):  # made, then from the cache
        assert features._spectral_shape(luma) == (float(np.log10(top + 1e-12)), slope)
