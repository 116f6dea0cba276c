"""Time the watermark decoder on a 12-megapixel (4000 x 3000) image, against the reference.

Run from the project root::

    python benchmarks/bench_watermark.py

The image is photo-like (smooth shapes, texture, noise) and carries the SDXL mark, written by
Look Twice's own encoder. The reference decoder is ``invisible-watermark`` (OpenCV, PyWavelets,
torch), installed with the ``test`` extra; without it only Look Twice's time is printed. Each
decoder runs a few times and the best time is kept, which is the least disturbed by whatever
else the computer is doing.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from looktwice.analyses.watermark import SDXL_BITS, decode_bits
from looktwice.writers.watermark import embed_bits

WIDTH, HEIGHT = 4000, 3000


def photo_like(width: int, height: int, seed: int = 0) -> np.ndarray:
    """Smooth shapes plus noise, like the test suite's stand-in for a photo."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    base = 120 + 60 * np.sin(x / 37.0) * np.cos(y / 23.0) + 40 * np.sin((x + y) / 91.0)
    rgb = np.stack([base, base * 0.8 + 30, 200 - base * 0.5], axis=-1)
    rgb += rng.normal(0, 3.0, rgb.shape).astype(np.float32)
    return np.clip(rgb, 0, 255).astype(np.uint8)


def best_time(run: Callable[[], object], repeats: int) -> float:
    """The shortest of ``repeats`` wall-clock times of ``run()``, in seconds."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    rgb = embed_bits(photo_like(WIDTH, HEIGHT), SDXL_BITS)
    ours = decode_bits(rgb, 48)
    ours_time = best_time(lambda: decode_bits(rgb, 48), repeats=5)
    print(f"image: {WIDTH} x {HEIGHT} ({WIDTH * HEIGHT / 1e6:.0f} MP), SDXL mark, 48 bits")
    matched = int((ours == SDXL_BITS).sum())
    print(f"looktwice decode_bits: {ours_time:.3f} s, {matched}/48 bits match")
    try:
        from imwatermark import WatermarkDecoder
    except ImportError:
        print("reference: invisible-watermark is not installed (pip install 'looktwice[test]')")
        return
    bgr = np.ascontiguousarray(rgb[..., ::-1])
    decoder = WatermarkDecoder("bits", 48)
    reference = np.array(decoder.decode(bgr, "dwtDct"), dtype=np.uint8)
    ref_time = best_time(lambda: decoder.decode(bgr, "dwtDct"), repeats=2)
    same = "identical" if np.array_equal(reference, ours) else "DIFFERENT"
    print(f"invisible-watermark (reference): {ref_time:.3f} s; bits {same}")
    print(f"speed-up: {ref_time / ours_time:.0f}x")


if __name__ == "__main__":
    main()
