"""Remove every label from a file and keep its compressed pixels byte for byte.

The classroom app shows uploads this way (no camera, date or GPS position leaves the
computer in a screenshot of the page), and the lessons use it to show that a label is only
something written beside the picture. What counts as a label is defined once, on the reading
side: :func:`looktwice.containers.is_label_segment` and :func:`~looktwice.containers.is_label_chunk`.
"""

from __future__ import annotations

from ..containers import PNG_SIGNATURE, is_label_chunk, is_label_segment, jpeg_segments, png_chunks


def without_labels(data: bytes) -> bytes | None:
    """A JPEG or PNG file with every label removed and its pixels untouched.

    The compressed pixel data is copied byte for byte. Gone: EXIF (camera, date, GPS
    position), XMP, IPTC, text chunks, comments and the C2PA manifest. Colour profiles stay,
    so the picture looks the same.

    Parameters
    ----------
    data : bytes
        The image file.

    Returns
    -------
    bytes or None
        The file without its labels, in the same format; ``None`` for a format other than
        PNG and JPEG, or a file whose structure cannot be read.

    Examples
    --------
    >>> import io
    >>> from PIL import Image
    >>> from looktwice.writers import labels
    >>> from looktwice.writers.strip import without_labels
    >>> buf = io.BytesIO()
    >>> Image.new("RGB", (8, 8), "teal").save(buf, "PNG")
    >>> labelled = labels.with_generator_parameters(buf.getvalue(), "a teal square", {"Seed": 1})
    >>> Image.open(io.BytesIO(labelled)).text
    {'parameters': 'a teal square\\nSeed: 1'}
    >>> Image.open(io.BytesIO(without_labels(labelled))).text
    {}
    >>> without_labels(b"GIF89a") is None
    True
    """
    try:
        if data.startswith(PNG_SIGNATURE):
            kept = [chunk for kind, chunk in png_chunks(data) if not is_label_chunk(kind)]
            return PNG_SIGNATURE + b"".join(kept)
        if data.startswith(b"\xff\xd8"):
            segments, rest = jpeg_segments(data)
            kept = [seg for marker, seg in segments if not is_label_segment(marker, seg)]
            return b"\xff\xd8" + b"".join(kept) + rest
    except ValueError:
        return None
    return None
