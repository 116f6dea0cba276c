"""Bad and unusual input: every class gets a clear message or a partial report, never a
traceback. Each test makes a real file of that class."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
from conftest import encode, photo_like
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

import looktwice
from looktwice.image_file import PIXEL_LIMIT, ImageError, open_specimen


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png16_rgb(a: np.ndarray) -> bytes:
    """A real 16-bit-per-channel RGB PNG, written chunk by chunk (Pillow cannot write one)."""
    h, w, _ = a.shape
    rows = b"".join(b"\x00" + a[y].astype(">u2").tobytes() for y in range(h))
    header = struct.pack(">IIBBBBB", w, h, 16, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(rows))
        + png_chunk(b"IEND", b"")
    )


def assert_clear(exc: ImageError, *words: str) -> None:
    assert exc.message.en and exc.message.fr and exc.message.en != exc.message.fr
    assert "Traceback" not in exc.message.en
    for w in words:
        assert w.lower() in exc.message.en.lower()


def test_zero_bytes():
    with pytest.raises(ImageError) as e:
        open_specimen(b"")
    assert_clear(e.value, "empty")


def test_not_an_image(tmp_path):
    path = tmp_path / "homework.jpg"
    path.write_text("This is a text file with an image name.\n" * 10)
    with pytest.raises(ImageError) as e:
        open_specimen(path)
    assert_clear(e.value, "not an image")


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_truncated_file(fmt):
    data = encode(photo_like(), fmt)
    with pytest.raises(ImageError) as e:
        open_specimen(data[: len(data) // 2])
    assert_clear(e.value, "damaged or cut short")


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_truncated_file_is_refused_even_if_pillow_was_told_to_pad_it(fmt, monkeypatch):
    """WeasyPrint (used for the handouts) turns Pillow's LOAD_TRUNCATED_IMAGES on when
    imported; the kit must still refuse a cut-short file."""
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    data = encode(photo_like(), fmt)
    with pytest.raises(ImageError):
        open_specimen(data[: len(data) // 2])
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # put back as it was


def test_corrupt_png_data():
    data = bytearray(encode(photo_like(), "PNG"))
    start = data.index(b"IDAT") + 40
    data[start : start + 200] = bytes(200)  # zeros in the compressed stream
    with pytest.raises(ImageError) as e:
        open_specimen(bytes(data))
    assert_clear(e.value, "damaged")


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(ImageError) as e:
        open_specimen(tmp_path / "nope.png")
    assert_clear(e.value, "no file")
    with pytest.raises(ImageError) as e:
        open_specimen(tmp_path)
    assert_clear(e.value, "folder")


def test_decompression_bomb_is_refused_before_decoding():
    """A 100-megapixel PNG of one colour compresses to about 100 kB."""
    bomb = encode(Image.new("L", (10_000, 10_000)), "PNG", optimize=False)
    assert len(bomb) < 1_000_000
    with pytest.raises(ImageError) as e:
        open_specimen(bomb)
    assert_clear(e.value, "10000 x 10000", f"{PIXEL_LIMIT // 1_000_000} million", "decompression bomb")


def test_huge_but_allowed_image_opens():
    image = Image.new("RGB", (6000, 4000), (90, 120, 200))
    specimen = open_specimen(encode(image, "JPEG", quality=80))
    assert specimen.size == (6000, 4000)


def test_cmyk_is_converted_with_a_note():
    cmyk = Image.fromarray(photo_like()).convert("CMYK")
    specimen = open_specimen(encode(cmyk, "JPEG"))
    assert specimen.opened.mode == "CMYK" and specimen.image.mode == "RGB"
    assert any("CMYK" in n.en for n in specimen.notes)
    assert specimen.rgb.shape == (384, 512, 3)


def test_sixteen_bit_gray_keeps_its_contrast():
    ramp = (np.linspace(0, 65535, 256 * 64).reshape(64, 256)).astype(np.uint16)
    specimen = open_specimen(encode(Image.fromarray(ramp), "PNG"))
    assert any("16 bits" in n.en for n in specimen.notes)
    gray = specimen.rgb[..., 0]
    assert gray.min() == 0 and gray.max() == 255  # scaled, not clipped to white
    assert 100 < gray.mean() < 155


def test_sixteen_bit_rgb_png():
    rng = np.random.default_rng(1)
    data = png16_rgb(rng.integers(0, 65535, (64, 80, 3), dtype=np.uint16))
    specimen = open_specimen(data)
    assert specimen.size == (80, 64)
    assert any("16 bits" in n.en for n in specimen.notes)


def test_palette_and_alpha():
    pal = Image.fromarray(photo_like()).convert("P", palette=Image.Palette.ADAPTIVE)
    specimen = open_specimen(encode(pal, "PNG"))
    assert any("palette" in n.en for n in specimen.notes)
    rgba = np.zeros((50, 60, 4), np.uint8)
    rgba[..., 0] = 200
    rgba[:25, :, 3] = 255  # top half opaque red, bottom half fully transparent
    specimen = open_specimen(encode(rgba, "PNG"))
    assert any("transparent" in n.en for n in specimen.notes)
    assert tuple(specimen.rgb[40, 10]) == (255, 255, 255)
    assert tuple(specimen.rgb[10, 10]) == (200, 0, 0)


def test_animated_gif_uses_first_frame():
    frames = [Image.new("RGB", (64, 48), c) for c in ((255, 0, 0), (0, 0, 255))]
    buf = io.BytesIO()
    frames[0].save(buf, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    specimen = open_specimen(buf.getvalue())
    assert any("2 frames" in n.en for n in specimen.notes)
    assert specimen.rgb[0, 0, 0] > 200 and specimen.rgb[0, 0, 2] < 50


def test_exif_orientation_is_applied():
    image = Image.new("RGB", (40, 20), (0, 0, 0))
    image.paste((255, 255, 255), (0, 0, 10, 20))  # white strip on the left as stored
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    specimen = open_specimen(encode(image, "JPEG", exif=exif, quality=95))
    assert specimen.size == (20, 40)
    assert any("EXIF orientation" in n.en for n in specimen.notes)
    assert specimen.rgb[2, 10].mean() > 200  # the strip is now at the top


def test_malformed_exif_gives_a_partial_report():
    clean = encode(photo_like(), "JPEG")
    garbage = b"Exif\x00\x00II*\x00\x08\x00\x00\x00\xff\xff" + bytes(range(256)) * 2
    segment = b"\xff\xe1" + struct.pack(">H", len(garbage) + 2) + garbage
    broken = clean[:2] + segment + clean[2:]
    report = looktwice.inspect(broken)
    statuses = {r.name: r.to_dict()["status"] for r in report.results}
    assert set(statuses.values()) == {"ok"}, statuses


def test_malformed_xmp_still_reads_the_source_type():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_itxt(
        "XML:com.adobe.xmp",
        '<x:xmpmeta><rdf:Description Iptc4xmpExt:DigitalSourceType="http://cv.iptc.org/'
        'newscodes/digitalsourcetype/trainedAlgorithmicMedia"><unclosed',
    )
    report = looktwice.inspect(encode(photo_like(), "PNG", pnginfo=info))
    assert report.result("metadata").data()["digital_source_type"]["term"] == "trainedAlgorithmicMedia"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_random_bytes_never_escape_as_tracebacks(data):
    try:
        looktwice.inspect(data)
    except ImageError:
        pass


_SEED_FILES = [encode(photo_like(96, 80, seed=3), fmt) for fmt in ("PNG", "JPEG", "GIF", "WEBP")]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(_SEED_FILES), st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=8))
def test_mutated_images_give_a_report_or_a_clear_error(original, flips):
    data = bytearray(original)
    for position, value in flips:
        data[position % len(data)] = value
    try:
        report = looktwice.inspect(bytes(data))
    except ImageError as exc:
        assert exc.message.fr
    else:
        assert report.summary.en
