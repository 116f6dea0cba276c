"""Estimate a JPEG's quality from its quantization tables.

Most software encoders (libjpeg and its descendants) scale the example tables of the JPEG
standard (Annex K) by a quality setting from 1 to 100. Finding the setting whose scaled tables
match the file's tells how strongly it was compressed; tables that match no setting are
non-standard, as many cameras and some editors use (Kee, Johnson & Farid 2011).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

# ITU-T T.81 Annex K, tables K.1 (luminance) and K.2 (chrominance), natural order.
_LUMA = np.array([
    16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55,
    14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
    18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
    49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
])  # fmt: skip
_CHROMA = np.array([
    17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99,
    24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99,
] + [99] * 32)  # fmt: skip


@dataclass(frozen=True)
class QualityEstimate:
    """The JPEG quality a file's quantization tables match, and whether they match exactly."""

    quality: int
    exact: bool
    tables: int


def standard_table(base: np.ndarray, quality: int) -> np.ndarray:
    """libjpeg's table for ``quality`` (1-100), baseline-limited to 1..255."""
    scale = 5000 // quality if quality < 50 else 200 - 2 * quality  # integer, as in libjpeg
    return np.clip((base * scale + 50) // 100, 1, 255)


def estimate_quality(tables: dict[int, list[int]] | None) -> QualityEstimate | None:
    """The libjpeg quality whose tables are closest to the file's; None without tables."""
    if not tables or 0 not in tables:
        return None
    luma = np.asarray(list(tables[0]), dtype=np.int64)
    errors = np.abs(_standard_tables(0) - luma).sum(axis=1)
    if 1 in tables:
        errors += np.abs(_standard_tables(1) - np.asarray(list(tables[1]), dtype=np.int64)).sum(axis=1)
    best = int(np.argmin(errors))  # the lowest quality among equally close ones
    return QualityEstimate(quality=best + 1, exact=int(errors[best]) == 0, tables=len(tables))


@functools.cache
def _standard_tables(which: int) -> np.ndarray:
    """libjpeg's luma (0) or chroma (1) table for every quality 1..100, one row each."""
    base = _LUMA if which == 0 else _CHROMA
    return np.stack([standard_table(base, q) for q in range(1, 101)])
