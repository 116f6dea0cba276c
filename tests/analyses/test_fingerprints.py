"""Spectrum, noise, error levels and zoom on images whose properties the test controls."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import encode
from PIL import Image

from looktwice.analyses import ela, noise, spectrum, zoom
from looktwice.evidence import Points, Strength
from looktwice.image_file import open_specimen


def noise_image(size=512, sigma=20.0, seed=0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.clip(128 + rng.normal(0, sigma, (size, size)), 0, 255).astype(np.uint8)


def upsampled_checkerboard(size=512, seed=0) -> np.ndarray:
    """Noise enlarged 2x by pixel repetition, then a 2-pixel checkerboard added: the kind of
    regular pattern a transposed convolution leaves."""
    rng = np.random.default_rng(seed)
    small = rng.normal(128, 25, (size // 2, size // 2))
    big = np.kron(small, np.ones((2, 2)))
    y, x = np.indices(big.shape)
    big += 6 * ((x + y) % 2) + 4 * ((x // 4 + y // 4) % 2)
    return np.clip(big, 0, 255).astype(np.uint8)


def test_spectrum_finds_upsampling_dots():
    result = spectrum.analyse(open_specimen(encode(upsampled_checkerboard(), "PNG")))
    assert result.score > 50
    assert {p.period for p in result.peaks} >= {2}
    assert any(f.strength is Strength.HINT and f.points is Points.GENERATED for f in result.findings)
    assert result.picture().size == (2 * result.tile, 2 * result.tile)


def test_spectrum_of_plain_noise_is_flat():
    result = spectrum.analyse(open_specimen(encode(noise_image(), "PNG")))
    assert result.score < spectrum.PEAK_RATIO
    assert result.peaks == [] and result.findings == []
    assert len(result.data()["azimuthal_average_log10"]) == result.tile // 2


def test_spectrum_scores_upsampling_far_above_noise():
    dotted = spectrum.periodic_peak_score(upsampled_checkerboard(seed=1).astype(np.float32))
    flat = spectrum.periodic_peak_score(noise_image(seed=1).astype(np.float32))
    assert dotted > 10 * flat


def test_jpeg_dots_are_only_context():
    result = spectrum.analyse(open_specimen(encode(upsampled_checkerboard(), "JPEG", quality=90)))
    assert result.peaks
    assert [f.strength for f in result.findings] == [Strength.CONTEXT]
    assert "JPEG" in result.explanation.en


def test_peak_period_is_the_fundamental():
    assert spectrum.Peak(fx=3 / 8, fy=0, ratio=10).period == 8
    assert spectrum.Peak(fx=0.5, fy=0.5, ratio=10).period == 2
    assert spectrum.Peak(fx=0.25, fy=-0.5, ratio=10).period == 4


def test_noise_level_is_measured():
    result = noise.analyse(open_specimen(encode(noise_image(sigma=3.0), "PNG")))
    assert 2.4 < result.sigma < 3.6
    assert result.smooth_share < 0.05 and result.findings == []


def test_perfectly_smooth_image_raises_a_hint():
    y, x = np.mgrid[0:512, 0:512]
    smooth = (40 + 150 * (x + y) / 1024).astype(np.uint8)
    result = noise.analyse(open_specimen(encode(smooth, "PNG")))
    assert result.smooth_share > 0.9
    (finding,) = result.findings
    assert finding.strength is Strength.HINT and finding.points is Points.GENERATED


def test_clipped_blocks_are_not_counted():
    white = np.full((512, 512), 255, np.uint8)
    white[:, :256] = noise_image(512, sigma=5)[:, :256]
    result = noise.analyse(open_specimen(encode(white, "PNG")))
    assert np.isnan(result.level_map[:, -2:]).all()
    assert result.smooth_share < 0.1
    assert result.picture().mode == "RGB"


def test_ela_is_darker_on_an_image_already_saved_at_that_quality():
    rng = np.random.default_rng(2)
    pixels = np.clip(rng.normal(128, 30, (256, 256, 3)), 0, 255).astype(np.uint8)
    fresh = ela.analyse(open_specimen(encode(pixels, "PNG")))
    resaved = ela.analyse(
        open_specimen(
            encode(Image.open(__import__("io").BytesIO(encode(pixels, "JPEG", quality=95))), "JPEG", quality=95)
        )
    )
    assert resaved.mean < fresh.mean / 2
    assert fresh.findings == [] and "bright does not mean fake" in fresh.explanation.en
    assert max(fresh.picture().size) <= 1024


def test_zoom_picks_detail_and_smooth_areas():
    pixels = np.full((300, 400, 3), 120, np.uint8)
    rng = np.random.default_rng(3)
    pixels[:, 200:] = rng.integers(0, 255, (300, 200, 3), dtype=np.uint8)
    result = zoom.analyse(open_specimen(encode(pixels, "PNG")))
    detailed, smoothest, centre = result.crops
    assert detailed.left >= 190 and smoothest.left + smoothest.size <= 210
    c = zoom.CROP
    assert centre.box == ((400 - c) // 2, (300 - c) // 2, (400 - c) // 2 + c, (300 - c) // 2 + c)
    tiles = result.magnified()
    assert all(t.size == (c * zoom.FACTOR, c * zoom.FACTOR) for t in tiles)
    big = np.asarray(tiles[0])
    assert (big[0:4, 0:4] == big[0, 0]).all()  # nearest neighbour: each pixel becomes a 4x4 square


@pytest.mark.parametrize("analysis", [spectrum, noise])
def test_tiny_images_fail_with_a_reason(analysis):
    with pytest.raises(ValueError, match="too small"):
        analysis.analyse(open_specimen(encode(np.zeros((12, 12), np.uint8), "PNG")))
