"""The reference ``invisible-watermark`` package, wrapped for RGB pixels: what the kit's own
decoder (looktwice.analyses.watermark) and encoder (looktwice.writers.watermark) must agree
with bit for bit."""

from __future__ import annotations

import numpy as np
from imwatermark import WatermarkDecoder, WatermarkEncoder


def reference_decode(rgb: np.ndarray, n_bits: int) -> np.ndarray:
    """What ``invisible-watermark`` reads from RGB pixels (it wants BGR)."""
    bgr = np.ascontiguousarray(np.asarray(rgb)[..., ::-1])
    return np.asarray(WatermarkDecoder("bits", n_bits).decode(bgr, "dwtDct"), dtype=np.uint8)


def reference_encode(rgb: np.ndarray, kind: str, content) -> np.ndarray:
    """Mark RGB pixels with ``invisible-watermark`` as SD ('bytes') or SDXL ('bits') do."""
    encoder = WatermarkEncoder()
    encoder.set_watermark(kind, content)
    bgr = encoder.encode(np.ascontiguousarray(rgb[..., ::-1]), "dwtDct")
    return np.ascontiguousarray(bgr[..., ::-1])


def noise_image(rows: int, cols: int, seed: int) -> np.ndarray:
    """Busy texture: every block has a clear largest entry, so a mark reads back whole."""
    return np.random.default_rng(seed).integers(0, 256, (rows, cols, 3), dtype=np.uint8)
