"""Walk the structure of PNG and JPEG files: their chunks and header segments.

Labels live beside the pixels in these containers (text, XMP, EXIF, C2PA in PNG ``caBX`` and
JPEG APP11). Credentials reading and the lessons' tampering tool both need to find them; they
share these two walkers.
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
