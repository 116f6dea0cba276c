"""Change a file's pixels and keep its labels, or its bytes and keep its pixels.

What an edit that "forgets" to re-sign looks like: the labels and the Content Credentials are
still in the file, but no longer match what they describe. Lesson 2 uses both functions to
show that a C2PA signature covers the exact bytes, not only what the picture looks like.
"""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

from ..containers import PNG_SIGNATURE, is_metadata_segment, jpeg_segments, png_chunks

#: PNG chunks that describe or hold the pixels; the rest (labels, credentials) is kept.
_PNG_PIXEL_CHUNKS = (b"IHDR", b"PLTE", b"tRNS", b"IDAT")


def _decoded(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def tamper_pixels(
    data: bytes, box: tuple[int, int, int, int] = (0, 0, 1, 1), colour: tuple[int, ...] | None = None
) -> bytes:
    """The same file with the pixels inside ``box`` changed and every label kept.

    For PNG, every chunk that is not pixel data (text, XMP, EXIF and the C2PA ``caBX``
    chunk) stays as it was; for JPEG, every APPn segment and comment stays and the pixels are
    re-encoded at quality 95. The Content Credentials are still there, but no longer match.

    Parameters
    ----------
    data : bytes
        A PNG or JPEG file.
    box : tuple of 4 int, optional
        (left, top, right, bottom) in pixels, right and bottom excluded; the default changes
        the top-left pixel only.
    colour : tuple of int, optional
        The value every pixel of the box is set to, one number per band of the picture
        (3 for RGB). By default each pixel's colour is inverted, so it always changes.

    Returns
    -------
    bytes
        The changed file, in the same format.

    Raises
    ------
    ValueError
        For a format other than PNG or JPEG, a box outside the picture or empty, or a colour
        with the wrong number of values.

    Examples
    --------
    >>> import io
    >>> from PIL import Image
    >>> from looktwice.writers import labels, tamper
    >>> buf = io.BytesIO()
    >>> Image.new("RGB", (4, 3), (10, 20, 30)).save(buf, "PNG")
    >>> labelled = labels.with_source_type(buf.getvalue(), "digitalCapture")
    >>> changed = tamper.tamper_pixels(labelled)
    >>> Image.open(io.BytesIO(changed)).getpixel((0, 0))
    (245, 235, 225)
    >>> b"digitalCapture" in changed
    True
    """
    image = _decoded(data)
    fmt = image.format
    if fmt not in ("PNG", "JPEG"):
        raise ValueError(f"tamper_pixels works on PNG and JPEG files, not {fmt}")
    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    left, top, right, bottom = box
    if not (0 <= left < right <= image.width and 0 <= top < bottom <= image.height):
        raise ValueError(f"the box {box} is not inside the {image.width}×{image.height} picture")
    pixels = np.array(image)
    region = pixels[top:bottom, left:right]
    if colour is None:
        pixels[top:bottom, left:right] = 255 - region
    else:
        value = np.array(colour, dtype=pixels.dtype)
        if pixels.ndim == 3 and value.size != pixels.shape[2]:
            raise ValueError(f"colour needs {pixels.shape[2]} values for a {image.mode} picture")
        pixels[top:bottom, left:right] = value
    changed = Image.fromarray(pixels, image.mode)
    if fmt == "PNG":
        return _png_with_pixels(data, changed)
    buf = io.BytesIO()
    changed.save(buf, "JPEG", quality=95)
    old_segments, _ = jpeg_segments(data)
    new_segments, scan = jpeg_segments(buf.getvalue())
    labels = [s for m, s in old_segments if is_metadata_segment(m)]
    coding = [s for m, s in new_segments if not is_metadata_segment(m)]
    return b"\xff\xd8" + b"".join(labels + coding) + scan


def _png_with_pixels(data: bytes, image: Image.Image, compress_level: int = 6) -> bytes:
    """The PNG file ``data`` with its pixel chunks replaced by ``image``'s, encoded at
    ``compress_level``; every other chunk (text, XMP, EXIF, C2PA's ``caBX``) stays as it was."""
    buf = io.BytesIO()
    image.save(buf, "PNG", compress_level=compress_level)
    fresh = [c for t, c in png_chunks(buf.getvalue()) if t in _PNG_PIXEL_CHUNKS]
    out, placed = [PNG_SIGNATURE], False
    for kind, chunk in png_chunks(data):
        if kind in _PNG_PIXEL_CHUNKS:
            if kind == b"IHDR" or (kind == b"IDAT" and not placed):
                out += [c for c in fresh if (c[4:8] == b"IHDR") == (kind == b"IHDR")]
                placed = placed or kind == b"IDAT"
            continue
        out.append(chunk)
    return b"".join(out)


def lossless_resave(data: bytes, compress_level: int = 9) -> bytes:
    """The same PNG file with its pixels compressed again and every label kept.

    Not one pixel changes, but the file's bytes usually do, which is what a Content
    Credentials hash checks.

    Parameters
    ----------
    data : bytes
        A PNG file.
    compress_level : int, optional
        zlib's compression level, 0 (none) to 9 (smallest).

    Returns
    -------
    bytes
        The re-compressed PNG file.

    Raises
    ------
    ValueError
        For a file that is not PNG.

    Examples
    --------
    >>> import io
    >>> import numpy as np
    >>> from PIL import Image
    >>> from looktwice.writers.tamper import lossless_resave
    >>> buf = io.BytesIO()
    >>> Image.fromarray(np.arange(48, dtype=np.uint8).reshape(6, 8)).save(buf, "PNG")
    >>> again = lossless_resave(buf.getvalue(), compress_level=0)
    >>> again == buf.getvalue()
    False
    >>> np.array_equal(np.asarray(Image.open(io.BytesIO(again))), np.asarray(Image.open(buf)))
    True
    """
    image = _decoded(data)
    if image.format != "PNG":
        raise ValueError(f"lossless_resave works on PNG files, not {image.format}")
    return _png_with_pixels(data, image, compress_level)
