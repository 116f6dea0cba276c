"""Hide the ``dwtDct`` invisible watermark in pixels, as Stable Diffusion's scripts do.

The kit's examples and lessons need images that carry the same mark as real generator output
(lesson 3 marks a photo, then washes it). :func:`embed_bits` repeats the reference encoder of
the ``invisible-watermark`` package bit for bit, quirks included on purpose: the inverse
transform swaps the horizontal and vertical detail bands, and the float result is cast to 8
bits by truncation. The reading side, and what the scheme is, live in
:mod:`looktwice.analyses.watermark`; this module uses its constants.
"""

from __future__ import annotations

import numpy as np
import pywt

from ..analyses.watermark import (
    _HALF,
    _U_B,
    _U_OFFSET,
    _V_R,
    _Y_B,
    _Y_G,
    _Y_R,
    BLOCK,
    SCALE,
    checked_pixels,
)


def embed_bits(rgb: np.ndarray, bits: np.ndarray) -> np.ndarray:
    """Write ``bits`` into RGB pixels with the ``dwtDct`` scheme, as the reference encoder does.

    Parameters
    ----------
    rgb : ndarray of shape (M, N, 3), uint8
        The pixels, red first; at least 256 x 256 in area.
    bits : array of 0/1
        The message (any length; it repeats over the blocks). Values are taken modulo 2, as
        the reference's ``'bits'`` mode does.

    Returns
    -------
    ndarray of shape (M, N, 3), uint8
        The marked pixels. Every pixel goes through the 8-bit YUV round trip, as in the
        reference, so even unmarked borders can change by a level.

    Raises
    ------
    ValueError
        If the pixels are not 8-bit RGB or cover fewer than 256 x 256 pixels in area, or
        ``bits`` is empty.

    Examples
    --------
    The SDXL message written into a flat grey picture reads back whole, and the picture
    changes by less than one level on average:

    >>> import numpy as np
    >>> from looktwice.analyses.watermark import SDXL_BITS, decode_bits
    >>> from looktwice.writers.watermark import embed_bits
    >>> grey = np.full((256, 256, 3), 128, dtype=np.uint8)
    >>> marked = embed_bits(grey, SDXL_BITS)
    >>> [int((decode_bits(p, 48) == SDXL_BITS).sum()) for p in (grey, marked)]
    [21, 48]
    >>> float(np.abs(marked.astype(int) - grey).mean()) < 1
    True
    """
    rgb = checked_pixels(rgb)
    bits = np.asarray(bits).astype(np.int64).ravel() % 2
    if bits.size == 0:
        raise ValueError("no bits to embed")
    rows, cols = rgb.shape[0] // 4 * 4, rgb.shape[1] // 4 * 4
    yuv = _rgb_to_yuv(rgb)
    ll, (horizontal, vertical, diagonal) = pywt.dwt2(yuv[:rows, :cols, 1], "haar")
    _quantise_peaks(ll, bits.astype(np.uint8))
    with np.errstate(invalid="ignore"):  # the reference casts out-of-range floats the same way
        yuv[:rows, :cols, 1] = pywt.idwt2((ll, (vertical, horizontal, diagonal)), "haar")
    return _yuv_to_rgb(yuv)


def _quantise_peaks(ll: np.ndarray, bits: np.ndarray) -> None:
    """Move each block's largest-magnitude entry (not the first) onto the 36-step grid that
    encodes its bit, in place: ``(|v| // 36 + 0.25 + 0.5 * bit) * 36``, sign kept."""
    k, m = ll.shape[0] // BLOCK, ll.shape[1] // BLOCK
    if k == 0 or m == 0:
        return
    blocks = ll[: k * BLOCK, : m * BLOCK].reshape(k, BLOCK, m, BLOCK).transpose(0, 2, 1, 3)
    blocks = blocks.reshape(k, m, BLOCK * BLOCK)  # a copy, written back below
    rest = blocks[..., 1:]
    where = np.abs(rest).argmax(axis=-1)[..., None]
    value = np.take_along_axis(rest, where, -1)
    bit = bits[np.arange(k * m).reshape(k, m, 1) % bits.size]
    size = (np.floor_divide(np.abs(value), SCALE) + 0.25 + 0.5 * bit) * SCALE
    np.put_along_axis(rest, where, np.where(value >= 0, size, -size), -1)
    back = blocks.reshape(k, m, BLOCK, BLOCK).transpose(0, 2, 1, 3)
    ll[: k * BLOCK, : m * BLOCK] = back.reshape(k * BLOCK, m * BLOCK)


def _rgb_to_yuv(rgb: np.ndarray) -> np.ndarray:
    """OpenCV's 8-bit ``COLOR_BGR2YUV`` applied to RGB pixels (exact, checked on all colours)."""
    r, g, b = (rgb[..., i].astype(np.int32) for i in range(3))
    y = (r * _Y_R + g * _Y_G + b * _Y_B + _HALF) >> 14
    u = ((b - y) * _U_B + _U_OFFSET) >> 14
    v = ((r - y) * _V_R + _U_OFFSET) >> 14
    return np.clip(np.stack([y, u, v], axis=-1), 0, 255).astype(np.uint8)


def _yuv_to_rgb(yuv: np.ndarray) -> np.ndarray:
    """OpenCV's 8-bit ``COLOR_YUV2BGR``, returning RGB (exact, checked on all YUV triples)."""
    y = yuv[..., 0].astype(np.int32)
    u = yuv[..., 1].astype(np.int32) - 128
    v = yuv[..., 2].astype(np.int32) - 128
    b = y + ((u * 33292 + _HALF) >> 14)
    g = y + ((u * -6472 + v * -9519 + _HALF) >> 14)
    r = y + ((v * 18678 + _HALF) >> 14)
    return np.clip(np.stack([r, g, b], axis=-1), 0, 255).astype(np.uint8)
