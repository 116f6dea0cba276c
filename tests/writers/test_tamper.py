"""looktwice.writers.tamper: pixels change and labels stay, or bytes change and pixels stay."""

from __future__ import annotations

import io

import numpy as np
import pytest
from conftest import encode, photo_like
from PIL import Image

from looktwice import teaching
from looktwice.analyses.credentials import read_credentials
from looktwice.containers import png_chunks
from looktwice.writers import labels, signing, tamper


def _png_chunk_types(data: bytes) -> list[bytes]:
    return [kind for kind, _ in png_chunks(data)]


def test_tamper_png_changes_only_the_box_and_keeps_every_label(photo_png):
    labelled = labels.with_source_type(
        labels.with_generator_parameters(photo_png, "p", {"Seed": 1}), "trainedAlgorithmicMedia"
    )
    changed = tamper.tamper_pixels(labelled, box=(2, 3, 5, 4))
    assert teaching.changed_pixels(labelled, changed) == 3
    before, after = np.asarray(Image.open(io.BytesIO(labelled))), np.asarray(Image.open(io.BytesIO(changed)))
    assert np.array_equal(after[3, 2], 255 - before[3, 2])  # inverted by default
    kinds = [k for k in _png_chunk_types(labelled) if k != b"IDAT"]
    assert [k for k in _png_chunk_types(changed) if k != b"IDAT"] == kinds
    found = teaching.read_labels(changed)
    assert found["generator"] and found["source_type"] == "trainedAlgorithmicMedia"


def test_one_changed_pixel_breaks_content_credentials(photo_png):
    signed = signing.sign_image(photo_png, title="t.png", digital_source_type="digitalCapture")
    one = tamper.tamper_pixels(signed)
    assert b"caBX" in _png_chunk_types(one)
    assert teaching.changed_pixels(signed, one) == 1
    assert read_credentials(signed, "image/png").state == "valid_untrusted"
    assert read_credentials(one, "image/png").state == "tampered"


def test_tamper_jpeg_keeps_exif_and_credentials_segments(photo_jpeg):
    with_camera = labels.with_camera_exif(photo_jpeg, "Lookalike", "LT-1", "2021:06:01 09:30:00")
    signed = signing.sign_image(with_camera, title="t.jpg", digital_source_type="digitalCapture")
    changed = tamper.tamper_pixels(signed, box=(0, 0, 8, 8), colour=(255, 0, 0))
    assert Image.open(io.BytesIO(changed)).format == "JPEG"
    assert teaching.read_labels(changed)["camera"] == "Lookalike LT-1"
    assert read_credentials(changed, "image/jpeg").state == "tampered"
    corner = np.asarray(Image.open(io.BytesIO(changed)))[2, 2]
    assert corner[0] > 200 and corner[1] < 60  # painted red (JPEG is lossy: roughly)


@pytest.mark.parametrize("mode", ["L", "RGBA", "P"])
def test_tamper_other_png_modes(mode):
    image = Image.fromarray(photo_like(32, 24)).convert(mode)
    data = encode(image, "PNG")
    changed = tamper.tamper_pixels(data)
    assert teaching.changed_pixels(data, changed) == 1
    Image.open(io.BytesIO(changed)).load()  # still a valid PNG


def test_tamper_refuses_bad_boxes_colours_and_formats(photo_png):
    with pytest.raises(ValueError):
        tamper.tamper_pixels(photo_png, box=(0, 0, 500, 1))
    with pytest.raises(ValueError):
        tamper.tamper_pixels(photo_png, box=(3, 3, 3, 4))  # empty
    with pytest.raises(ValueError):
        tamper.tamper_pixels(photo_png, colour=(1, 2))
    with pytest.raises(ValueError):
        tamper.tamper_pixels(encode(photo_like(16, 16), "GIF"))


def test_lossless_resave_keeps_every_pixel_and_label_but_breaks_the_seal(photo_png):
    signed = signing.sign_image(photo_png, title="t.png", digital_source_type="digitalCapture")
    again = tamper.lossless_resave(signed, compress_level=0)
    assert again != signed and teaching.changed_pixels(signed, again) == 0
    assert b"caBX" in again and _png_chunk_types(again).count(b"caBX") == _png_chunk_types(signed).count(b"caBX")
    assert read_credentials(again, "image/png").state == "tampered"
    with pytest.raises(ValueError):
        tamper.lossless_resave(encode(photo_like(16, 16), "JPEG"))
