"""Hostile files, made at run time: each one once made the kit hang, eat memory or mislead.

Nothing here is committed as a binary: :data:`CASES` maps a case name to a function that
builds the file's bytes and the name it is given (the extension is part of the attack for
some). ``tests/test_hostile_files.py`` runs each case in a subprocess with a hang guard;
``benchmarks/bench_hostile.py`` prints each case's time and peak memory.

Run as a script on one file, it prints one JSON line: how the kit answered (``report`` or
``error``), the seconds it took, the process's peak memory in MB and the report's notes::

    python tests/hostile_corpus.py FILE
"""

from __future__ import annotations

import io
import json
import resource
import struct
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image

#: An EXIF Make that a Markdown renderer would turn into an image fetched from this address.
MARKDOWN_MAKE = "![t](http://127.0.0.1:9/track.png)"
#: An EXIF Model full of terminal escape sequences: window title (OSC 0), clipboard write
#: (OSC 52), clear screen (CSI 2J), and an 8-bit C1 CSI.
ESCAPES_MODEL = "\x1b]0;pwned\x07\x1b]52;c;aGVsbG8=\x07\x1b[2J\u009b31mred"


def png_chunk(kind: bytes, data: bytes) -> bytes:
    """One PNG chunk with its length and CRC."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def small_png(width: int = 8, height: int = 8, seed: int = 0) -> bytes:
    """A real RGB PNG of random pixels."""
    rng = np.random.default_rng(seed)
    buf = io.BytesIO()
    Image.fromarray(rng.integers(0, 256, (height, width, 3), dtype=np.uint8)).save(buf, "PNG")
    return buf.getvalue()


def small_jpeg(width: int = 64, height: int = 48, **save) -> bytes:
    """A real JPEG of a smooth gradient."""
    y, x = np.mgrid[0:height, 0:width]
    rgb = np.stack([x * 255 // max(width - 1, 1), y * 255 // max(height - 1, 1), 0 * x + 90], -1)
    buf = io.BytesIO()
    Image.fromarray(rgb.astype(np.uint8)).save(buf, "JPEG", quality=90, **save)
    return buf.getvalue()


def png_with_chunks(*chunks: bytes) -> bytes:
    """:func:`small_png` with extra chunks inserted just after IHDR."""
    png = small_png()
    ihdr_end = 8 + 25
    return png[:ihdr_end] + b"".join(chunks) + png[ihdr_end:]


def jpeg_with_segment(marker: int, payload: bytes) -> bytes:
    """:func:`small_jpeg` with one extra segment just after SOI."""
    jpeg = small_jpeg()
    return jpeg[:2] + bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload + jpeg[2:]


# --------------------------------------------------------------------------- the cases


def xmp_word_run() -> bytes:
    """An XMP packet that is one long run of word characters (once quadratic: 30 s and more)."""
    run = b"a" * (65_000 - 100)
    packet = b"<x:xmpmeta xmlns:x='adobe:ns:meta/'>" + run + b"</x:xmpmeta>"
    return jpeg_with_segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + packet)


def xmp_unterminated_markers() -> bytes:
    """90,000 ``<x:xmpmeta`` openings and no closing one, in a PNG text chunk."""
    return png_with_chunks(png_chunk(b"tEXt", b"Comment\x00" + b"<x:xmpmeta" * 90_000))


def a1111_long_last_line() -> bytes:
    """A ``parameters`` chunk whose settings line is 200,000 characters without a colon."""
    text = b"a lighthouse\nSteps: 20, " + b"a" * 200_000
    return png_with_chunks(png_chunk(b"tEXt", b"parameters\x00" + text))


def png_zeros_after_iend() -> bytes:
    """An 8 x 8 PNG followed by 140 MB of zeros (once 11 million empty "chunks", 2 GB)."""
    return small_png() + bytes(140_000_000)


def jpeg_empty_comments() -> bytes:
    """A 20 MB JPEG whose header is five million empty COM segments (once 1 GB)."""
    jpeg = small_jpeg()
    return jpeg[:2] + b"\xff\xfe\x00\x02" * 5_000_000 + jpeg[2:]


def _tiff_ifd(entries: list[tuple[int, int, int, int]], next_offset: int) -> bytes:
    body = struct.pack("<H", len(entries))
    for tag, kind, count, value in sorted(entries):
        body += struct.pack("<HHII", tag, kind, count, value)
    return body + struct.pack("<I", next_offset)


def _tiff_entries(strip_offset: int, width: int = 4, height: int = 4) -> list[tuple[int, int, int, int]]:
    """A grey 8-bit uncompressed image in one strip."""
    return [(256, 4, 1, width), (257, 4, 1, height), (258, 3, 1, 8), (259, 3, 1, 1), (262, 3, 1, 1),
            (273, 4, 1, strip_offset), (277, 3, 1, 1), (278, 4, 1, height), (279, 4, 1, width * height)]  # fmt: skip


def tiff_chain(frames: int, broken_second: bool = False) -> bytes:
    """A little-endian TIFF of ``frames`` chained 4 x 4 frames sharing one strip; with
    ``broken_second``, the second IFD claims 60,000 entries the file does not hold."""
    header_size, strip = 8, bytes(range(0, 256, 16))
    ifd_size = 2 + 9 * 12 + 4
    first_ifd = header_size + len(strip)
    out = bytearray(b"II*\x00" + struct.pack("<I", first_ifd) + strip)
    for i in range(frames):
        offset = first_ifd + i * ifd_size
        next_offset = offset + ifd_size if i + 1 < frames else 0
        if broken_second and i == 1:
            out += struct.pack("<H", 60_000) + bytes(ifd_size - 2)
            break
        out += _tiff_ifd(_tiff_entries(header_size), next_offset)
    return bytes(out)


def tiff_broken_second_ifd() -> bytes:
    return tiff_chain(2, broken_second=True)


def tiff_many_ifds() -> bytes:
    """60,000 chained IFDs (Pillow's frame count walks them in quadratic time)."""
    return tiff_chain(60_000)


def png_oversized_ztxt() -> bytes:
    """A PNG whose zTXt comment inflates to 4 MB (over Pillow's 1 MB text limit); the pixels
    are fine."""
    return png_with_chunks(png_chunk(b"zTXt", b"Comment\x00\x00" + zlib.compress(b"x" * 4_000_000, 9)))


def postscript_named_jpg() -> bytes:
    """PostScript with a JPEG's name: Pillow would hand it to Ghostscript."""
    return b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nnewpath 0 0 moveto showpage\n%%EOF\n"


def random_stripes(seed: int = 3, size: int = 512) -> np.ndarray:
    """Vertical stripes of random widths and colours: no watermark, much structure."""
    rng = np.random.default_rng(seed)
    widths = rng.integers(1, 24, size)
    columns = np.repeat(rng.integers(0, 256, (size, 3)), widths, axis=0)[:size]
    return np.broadcast_to(columns[None], (size, size, 3)).astype(np.uint8)


def stripes_png() -> bytes:
    buf = io.BytesIO()
    Image.fromarray(random_stripes()).save(buf, "PNG")
    return buf.getvalue()


def thin_image() -> bytes:
    """284 x 25 pixels: too small for some analyses."""
    return small_png(284, 25)


def exif_jpeg(**fields: str) -> bytes:
    """:func:`small_jpeg` with EXIF text fields (``make``, ``model``, ``software``)."""
    exif = Image.Exif()
    tags = {"make": 0x010F, "model": 0x0110, "software": 0x0131}
    for key, value in fields.items():
        exif[tags[key]] = value
    return small_jpeg(exif=exif.tobytes())


def exif_markdown_and_escapes() -> bytes:
    return exif_jpeg(make=MARKDOWN_MAKE, model=ESCAPES_MODEL, software="<img src=x onerror=alert(1)>")


def exif_overlapping_values() -> bytes:
    """A full 64 KB EXIF block whose 5,000 ASCII tags all point at the same 4 KB of text:
    the reader copies each value, so the cost is tags x value size, not the block's size."""
    entries, value_offset, value_size = 5_000, 8 + 2 + 5_000 * 12 + 4, 4_000
    ifd = (
        struct.pack("<H", entries)
        + b"".join(struct.pack("<HHII", 0x9000 + i, 2, value_size, value_offset) for i in range(entries))
        + struct.pack("<I", 0)
    )
    block = b"II*\x00" + struct.pack("<I", 8) + ifd + b"A" * value_size
    return jpeg_with_segment(0xE1, b"Exif\x00\x00" + block)


def xmp_billion_laughs() -> bytes:
    """XMP with nested entity declarations that would expand to gigabytes."""
    entities = b'<!ENTITY l0 "ha">' + b"".join(
        b'<!ENTITY l%d "%s">' % (i, b"&l%d;" % (i - 1) * 10) for i in range(1, 10)
    )
    packet = (b"<?xml version='1.0'?><!DOCTYPE x:xmpmeta [" + entities + b"]>"
              b"<x:xmpmeta xmlns:x='adobe:ns:meta/'><r Iptc4xmpExt:DigitalSourceType='&l9;'/></x:xmpmeta>")  # fmt: skip
    return jpeg_with_segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + packet)


def gif_many_frames() -> bytes:
    """A 16 x 16 GIF of 20,000 frames (about 1 MB)."""
    frames = [Image.new("P", (16, 16), i % 256) for i in range(20_000)]
    buf = io.BytesIO()
    frames[0].save(buf, "GIF", save_all=True, append_images=frames[1:], duration=20, optimize=False)
    return buf.getvalue()


def png_many_text_chunks() -> bytes:
    """An 8 x 8 PNG with 150,000 tiny text chunks, each with its own key."""
    return png_with_chunks(*(png_chunk(b"tEXt", b"k%d\x00v" % i) for i in range(150_000)))


def zero_byte() -> bytes:
    """An empty file."""
    return b""


def truncated_png() -> bytes:
    """A real PNG cut in the middle of its pixel data."""
    data = small_png(64, 64)
    return data[: len(data) // 2]


def truncated_jpeg() -> bytes:
    """A real JPEG cut in the middle of its scan."""
    data = small_jpeg(256, 192)
    return data[: len(data) * 2 // 3]


def png_named_jpg() -> bytes:
    """A PNG with a JPEG's name (the extension lies; the content decides)."""
    return small_png(64, 48)


def decompression_bomb() -> bytes:
    """A PNG whose header claims 100,000 x 100,000 pixels (10 gigapixels) in a few bytes."""
    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    body = zlib.compress(b"\0" * 1000)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", body) + png_chunk(b"IEND", b"")


def sixteen_bit_png() -> bytes:
    """A 16-bit greyscale PNG."""
    values = (np.arange(128 * 96, dtype=np.uint16).reshape(96, 128) * 5).astype(np.uint16)
    buf = io.BytesIO()
    Image.fromarray(values).save(buf, "PNG")  # uint16 becomes a 16-bit PNG
    return buf.getvalue()


def cmyk_jpeg() -> bytes:
    """A CMYK JPEG, as printing software writes them."""
    buf = io.BytesIO()
    Image.new("CMYK", (96, 64), (20, 120, 40, 10)).save(buf, "JPEG")
    return buf.getvalue()


def palette_png() -> bytes:
    """A palette PNG with a transparent colour."""
    pixels = np.random.default_rng(2).integers(0, 255, (64, 64, 3), dtype=np.uint8)
    buf = io.BytesIO()
    Image.fromarray(pixels).quantize(16).save(buf, "PNG", transparency=0)
    return buf.getvalue()


def exif_bogus_offsets() -> bytes:
    """EXIF whose tags point far outside their block, and whose next-IFD offset loops back."""
    entries = [(0x010F, 2, 4000, 0x7FFF_FFF0), (0x0110, 2, 20, 0xFFFF_FF00), (0x8769, 4, 1, 8)]
    ifd = struct.pack("<H", len(entries))
    for tag, kind, count, value in entries:
        ifd += struct.pack("<HHII", tag, kind, count, value)
    ifd += struct.pack("<I", 8)  # the next IFD is this one again
    tiff = b"II*\x00" + struct.pack("<I", 8) + ifd
    return jpeg_with_segment(0xE1, b"Exif\x00\x00" + tiff)


def xmp_external_entity() -> bytes:
    """XMP that declares external entities naming a local file and a web address."""
    packet = (
        b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><!DOCTYPE x [<!ENTITY leak SYSTEM '
        b'"file:///etc/passwd"><!ENTITY web SYSTEM "http://127.0.0.1:9/x">]>'
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<rdf:Description xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreatorTool="&leak;&web;"/>'
        b'</rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    )
    return jpeg_with_segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + packet)


def corrupted_c2pa() -> bytes:
    """A JPEG with an APP11 JUMBF segment that says "c2pa" and then holds garbage."""
    rng = np.random.default_rng(11)
    jumbf = b"JP" + struct.pack(">HI", 1, 1) + struct.pack(">I", 4096) + b"jumb" + b"c2pa" + rng.bytes(4000)
    return jpeg_with_segment(0xEB, jumbf)


#: name -> (file name, builder, what the kit should do: "report" or "error")
CASES: dict[str, tuple[str, Callable[[], bytes], str]] = {
    "xmp_word_run": ("xmp-run.jpg", xmp_word_run, "report"),
    "xmp_unterminated_markers": ("xmp-open.png", xmp_unterminated_markers, "report"),
    "a1111_long_last_line": ("params.png", a1111_long_last_line, "report"),
    "png_zeros_after_iend": ("zeros.png", png_zeros_after_iend, "report"),
    "jpeg_empty_comments": ("comments.jpg", jpeg_empty_comments, "error"),
    "tiff_broken_second_ifd": ("broken.tif", tiff_broken_second_ifd, "report"),
    "tiff_many_ifds": ("chain.tif", tiff_many_ifds, "report"),
    "png_oversized_ztxt": ("comment.png", png_oversized_ztxt, "report"),
    "postscript_named_jpg": ("photo.jpg", postscript_named_jpg, "error"),
    "stripes_png": ("stripes.png", stripes_png, "report"),
    "thin_image": ("thin.png", thin_image, "report"),
    "exif_markdown_and_escapes": ("labels.jpg", exif_markdown_and_escapes, "report"),
    "exif_overlapping_values": ("overlap.jpg", exif_overlapping_values, "report"),
    "xmp_billion_laughs": ("laughs.jpg", xmp_billion_laughs, "report"),
    "gif_many_frames": ("frames.gif", gif_many_frames, "report"),
    "png_many_text_chunks": ("chunks.png", png_many_text_chunks, "error"),
    "zero_byte": ("empty.jpg", zero_byte, "error"),
    "truncated_png": ("cut.png", truncated_png, "error"),
    "truncated_jpeg": ("cut.jpg", truncated_jpeg, "error"),
    "png_named_jpg": ("really-a-png.jpg", png_named_jpg, "report"),
    "decompression_bomb": ("bomb.png", decompression_bomb, "error"),
    "sixteen_bit_png": ("deep.png", sixteen_bit_png, "report"),
    "cmyk_jpeg": ("print.jpg", cmyk_jpeg, "report"),
    "palette_png": ("palette.png", palette_png, "report"),
    "exif_bogus_offsets": ("offsets.jpg", exif_bogus_offsets, "report"),
    "xmp_external_entity": ("entity.jpg", xmp_external_entity, "report"),
    "corrupted_c2pa": ("c2pa.jpg", corrupted_c2pa, "report"),
}


def write_case(name: str, folder: Path) -> Path:
    """Build case ``name`` into ``folder``; returns the file's path."""
    file_name, build, _ = CASES[name]
    path = folder / file_name
    path.write_bytes(build())
    return path


def run_one(path: Path) -> dict:
    """Inspect ``path`` as the CLI does (report, text and JSON) and describe the outcome."""
    from looktwice.image_file import ImageError
    from looktwice.render import report_as_text
    from looktwice.report import inspect

    start = time.perf_counter()
    try:
        report = inspect(path)
        report_as_text(report)
        document = report.to_dict()
        json.dumps(document)
        outcome = {"outcome": "report", "notes": [n.en for n in report.notes],
                   "failed": [r["name"] for r in document["analyses"] if r["status"] == "failed"]}  # fmt: skip
        outcome["reasons"] = [r["reason"]["en"] for r in document["analyses"] if r["status"] == "failed"]
    except ImageError as exc:
        outcome = {"outcome": "error", "message": exc.message.en, "message_fr": exc.message.fr}
    outcome["seconds"] = round(time.perf_counter() - start, 3)
    outcome["peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return outcome


if __name__ == "__main__":
    print(json.dumps(run_one(Path(sys.argv[1]))))
