"""Walk the structure of PNG and JPEG files: their chunks and header segments.

Labels live beside the pixels in these containers (text, XMP, EXIF, C2PA in PNG ``caBX`` and
JPEG APP11). Credentials reading and the lessons' tampering tool both need to find them; they
share these two walkers. :func:`without_labels` uses them to remove every label while
leaving the compressed pixels as they are (the classroom app shows uploads that way).
"""

from __future__ import annotations

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: JPEG markers that stand alone, without a length (TEM and the restart markers).
_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})


def png_chunks(data: bytes, *, strict: bool = True) -> list[tuple[bytes, bytes]]:
    """(type, whole chunk bytes) for each chunk of a PNG file.

    ``strict``: raise ValueError on a chunk cut short; otherwise stop there (for reading
    files from strangers, where a broken file is reported, not raised).
    """
    chunks, pos = [], len(PNG_SIGNATURE)
    while pos + 12 <= len(data):
        length = int.from_bytes(data[pos : pos + 4], "big")
        end = pos + 12 + length
        if end > len(data):
            if strict:
                raise ValueError("the PNG file is truncated")
            break
        chunks.append((data[pos + 4 : pos + 8], data[pos:end]))
        pos = end
    return chunks


def jpeg_segments(data: bytes, *, strict: bool = True) -> tuple[list[tuple[int, bytes]], bytes]:
    """(marker, whole segment bytes) for each segment before the first scan, and the rest of
    the file from the start-of-scan marker on.

    ``strict``: raise ValueError on a damaged header or a file without image data; otherwise
    return what could be read (and an empty rest).
    """
    segments, pos = [], 2
    while pos + 4 <= len(data):
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


#: JPEG segments kept by :func:`without_labels`: the JFIF header (APP0), the Adobe colour
#: transform flag (APP14) and every non-APP segment (tables, frame header, restart interval).
_JPEG_KEPT_APPS = frozenset({0xE0, 0xEE})
#: PNG chunks kept by :func:`without_labels`: the pixels and how to show their colours.
_PNG_KEPT = frozenset({b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT"})


def without_labels(data: bytes) -> bytes | None:
    """A JPEG or PNG file with every label removed and its pixels untouched (the compressed
    data is copied byte for byte): no EXIF (camera, date, GPS position), XMP, IPTC, text
    chunks, comments or C2PA manifest. Colour profiles stay, so the picture looks the same.
    ``None`` for other formats or a file whose structure cannot be read.
    """
    try:
        if data.startswith(PNG_SIGNATURE):
            kept = [chunk for kind, chunk in png_chunks(data) if kind in _PNG_KEPT]
            return PNG_SIGNATURE + b"".join(kept)
        if data.startswith(b"\xff\xd8"):
            segments, rest = jpeg_segments(data)
            kept = [
                seg
                for marker, seg in segments
                if not 0xE0 <= marker <= 0xEF
                or marker in _JPEG_KEPT_APPS
                or (marker == 0xE2 and seg[4:16] == b"ICC_PROFILE\x00")
            ]
            return b"\xff\xd8" + b"".join(kept) + rest
    except ValueError:
        return None
    return None
