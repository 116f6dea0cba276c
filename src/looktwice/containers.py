"""Walk the structure of PNG and JPEG files: their chunks and header segments.

Labels live beside the pixels in these containers (text, XMP, EXIF, C2PA in PNG ``caBX`` and
JPEG APP11). Credentials reading and the writers that change files
(:mod:`looktwice.writers.tamper`, :mod:`looktwice.writers.strip`) all need to find them; they
share these walkers, and the one definition of what in a file is a label
(:func:`is_label_segment`, :func:`is_label_chunk`). This module only reads.
"""

from __future__ import annotations

import zlib

from .limits import CONTAINER_PARTS, PNG_TEXT_BYTES, PNG_TEXT_TOTAL_BYTES


class TooManyParts(ValueError):
    """A PNG or JPEG file has more chunks or header segments than the walk allows."""


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: JPEG markers that stand alone, without a length (TEM and the restart markers).
_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})


def png_chunks(data: bytes, *, strict: bool = True, limit: int = CONTAINER_PARTS) -> list[tuple[bytes, bytes]]:
    """(type, whole chunk bytes) for each chunk of a PNG file, up to and including IEND;
    whatever follows IEND is not part of the image and is not read.

    ``strict``: raise ValueError on a chunk cut short or more than ``limit`` chunks;
    otherwise stop there (for reading files from strangers, where a broken file is
    reported, not raised).
    """
    chunks, pos = [], len(PNG_SIGNATURE)
    while pos + 12 <= len(data):
        if len(chunks) >= limit:
            if strict:
                raise TooManyParts(f"the PNG file has more than {limit} chunks")
            break
        length = int.from_bytes(data[pos : pos + 4], "big")
        end = pos + 12 + length
        if end > len(data):
            if strict:
                raise ValueError("the PNG file is truncated")
            break
        kind = data[pos + 4 : pos + 8]
        chunks.append((kind, data[pos:end]))
        pos = end
        if kind == b"IEND":
            break
    return chunks


def jpeg_segments(
    data: bytes, *, strict: bool = True, limit: int = CONTAINER_PARTS
) -> tuple[list[tuple[int, bytes]], bytes]:
    """(marker, whole segment bytes) for each segment before the first scan, and the rest of
    the file from the start-of-scan marker on.

    ``strict``: raise ValueError on a damaged header, more than ``limit`` segments or a file
    without image data; otherwise return what could be read (and an empty rest).
    """
    segments, pos, steps = [], 2, 0
    while pos + 4 <= len(data):
        steps += 1  # fill bytes and standalone markers count too: each is a step of the walk
        if steps > limit:
            if strict:
                raise TooManyParts(f"the JPEG header has more than {limit} segments")
            return segments, b""
        if data[pos] != 0xFF:
            if strict:
                raise ValueError("the JPEG file is damaged")
            return segments, b""
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker in _STANDALONE:
            pos += 2
            continue
        if marker == 0xDA:  # start of scan: the compressed pixels follow
            return segments, data[pos:]
        if marker == 0xD9:  # end of image before any scan
            break
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        segments.append((marker, data[pos : pos + 2 + length]))
        pos += 2 + length
    if strict:
        raise ValueError("the JPEG file has no image data")
    return segments, b""


#: PNG chunks that hold text (or a colour profile) that Pillow inflates and keeps in memory.
_PNG_TEXT = frozenset({b"tEXt", b"zTXt", b"iTXt", b"iCCP"})


def _inflated_size(kind: bytes, body: bytes | memoryview, cap: int) -> int:
    """How many bytes a PNG text chunk's value takes once inflated, counted up to ``cap + 1``
    (a small chunk can inflate to gigabytes: only ``cap + 1`` bytes are ever produced)."""
    body = bytes(body[: cap + 1]) if kind == b"tEXt" else bytes(body)
    if kind == b"tEXt":
        return len(body)
    key_end = body.find(b"\x00")
    if kind == b"iTXt":  # keyword, flag, method, language, translated keyword, text
        if key_end < 0 or body[key_end + 1 : key_end + 2] != b"\x01":
            return len(body)
        language_end = body.find(b"\x00", key_end + 3)
        translated_end = body.find(b"\x00", language_end + 1) if language_end >= 0 else -1
        compressed = body[translated_end + 1 :] if translated_end >= 0 else b""
    else:  # zTXt, iCCP: keyword, method, compressed value
        compressed = body[key_end + 2 :] if key_end >= 0 else b""
    try:
        return len(zlib.decompressobj().decompress(compressed, cap + 1))
    except zlib.error:
        return 0  # Pillow reports a broken chunk itself


def png_text_within_limits(data: bytes) -> tuple[bytes, int]:
    """The PNG without the text and profile chunks that inflate beyond
    :data:`~looktwice.limits.PNG_TEXT_BYTES` each or beyond
    :data:`~looktwice.limits.PNG_TEXT_TOTAL_BYTES` together, and how many were dropped.

    Pillow refuses the whole file over its own text limits, pixels included; without those
    chunks the pixels and every other label can still be read. The file comes back unchanged
    (the same object) when nothing was dropped. Raises :class:`TooManyParts` on more than
    :data:`~looktwice.limits.CONTAINER_PARTS` chunks.
    """
    view = memoryview(data)
    chunks = png_chunks(view, strict=False)
    total, dropped = 0, []
    for kind, chunk in chunks:
        if bytes(kind) in _PNG_TEXT:
            size = _inflated_size(bytes(kind), chunk[8:-4], PNG_TEXT_BYTES)
            if size > PNG_TEXT_BYTES or total + size > PNG_TEXT_TOTAL_BYTES:
                dropped.append(chunk)
            else:
                total += size
    if len(chunks) >= CONTAINER_PARTS:
        raise TooManyParts(f"the PNG file has more than {CONTAINER_PARTS} chunks")
    if not dropped:
        return data, 0
    ids = {id(c) for c in dropped}
    kept = [chunk for _, chunk in chunks if id(chunk) not in ids]
    end = sum(len(c) for _, c in chunks) + len(PNG_SIGNATURE)
    return PNG_SIGNATURE + b"".join(kept) + bytes(view[end:]), len(dropped)


def tiff_frame_count(data: bytes, limit: int) -> int | None:
    """How many images (IFDs) a classic TIFF file chains, counted up to ``limit + 1``; None
    if ``data`` is not a classic TIFF. A loop in the chain or an offset outside the file ends
    the count; nothing but the 2-byte entry counts and 4-byte offsets is read."""
    order = {b"II*\x00": "little", b"MM\x00*": "big"}.get(bytes(data[:4]))
    if order is None:
        return None
    offset, seen = int.from_bytes(data[4:8], order), set()
    while 8 <= offset <= len(data) - 2 and offset not in seen and len(seen) <= limit:
        seen.add(offset)
        entries = int.from_bytes(data[offset : offset + 2], order)
        next_at = offset + 2 + 12 * entries
        if next_at + 4 > len(data):
            break
        offset = int.from_bytes(data[next_at : next_at + 4], order)
    return len(seen)


# The one definition of what, in a file, is a *label* (something written about the picture,
# which can be removed without changing how it looks) and what is not.

#: JPEG application segments that are not labels: the JFIF header (APP0) and the Adobe colour
#: transform flag (APP14). The ICC colour profile (APP2 "ICC_PROFILE") is not a label either.
_JPEG_KEPT_APPS = frozenset({0xE0, 0xEE})
#: PNG chunks that are not labels: the pixels and how to show their colours.
_PNG_KEPT = frozenset({b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT"})


def is_label_segment(marker: int, segment: bytes) -> bool:
    """Whether a JPEG segment is a label: EXIF, XMP, IPTC, C2PA (APP11), comments and any other
    application segment, but not the JFIF header, the Adobe flag or the colour profile.

    >>> is_label_segment(0xE1, b"\\xff\\xe1\\x00\\x08Exif\\x00\\x00")
    True
    >>> is_label_segment(0xDB, b"\\xff\\xdb")   # quantization tables: how the pixels are coded
    False
    """
    if marker == 0xFE:
        return True
    if not 0xE0 <= marker <= 0xEF or marker in _JPEG_KEPT_APPS:
        return False
    return not (marker == 0xE2 and segment[4:16] == b"ICC_PROFILE\x00")


def is_metadata_segment(marker: int) -> bool:
    """Whether a JPEG segment is outside the coded picture: every application segment (labels,
    JFIF, Adobe flag, colour profile) and comments. Re-encoding the pixels replaces everything
    else; :func:`looktwice.writers.tamper.tamper_pixels` carries these over from the original."""
    return 0xE0 <= marker <= 0xEF or marker == 0xFE


def is_label_chunk(kind: bytes) -> bool:
    """Whether a PNG chunk is a label (text, EXIF, C2PA's caBX, time, ...), not pixels or colour."""
    return kind not in _PNG_KEPT
