"""Writing labels and washing them out: the file changes, the report notices."""

from __future__ import annotations

import pytest
from conftest import encode, photo_like

import looktwice
from looktwice.evidence import Points, Strength
from looktwice.image_file import open_specimen
from looktwice.writers import labels, launder


def declared(report, points=Points.GENERATED) -> list[str]:
    return [f.source for f in report.evidence if f.strength is Strength.DECLARED and f.points is points]


def test_source_type_label_png_and_jpeg():
    for fmt in ("PNG", "JPEG"):
        data = labels.with_source_type(encode(photo_like(), fmt), "trainedAlgorithmicMedia")
        report = looktwice.inspect(data)
        assert report.result("metadata").data()["digital_source_type"]["term"] == "trainedAlgorithmicMedia"
        assert declared(report) == ["metadata"]


def test_unknown_source_type_is_refused():
    with pytest.raises(ValueError):
        labels.xmp_packet("madeByMagic")


def test_forged_camera_label_on_a_generated_image():
    data = labels.with_generator_parameters(encode(photo_like(), "PNG"), "a fox", {"Steps": 20, "Seed": 7})
    forged = labels.with_camera_exif(launder.resave_jpeg(data, 95), "Canon", "Canon EOS 5D", "2020:01:01 12:00:00")
    report = looktwice.inspect(forged)
    assert report.result("metadata").data()["exif"]["camera"] == "Canon EOS 5D"
    assert declared(report) == []  # the re-save washed the generator settings away


@pytest.mark.parametrize("name", sorted(launder.OPERATIONS))
def test_every_operation_strips_file_labels(name):
    operation, label = launder.OPERATIONS[name]
    original = labels.with_source_type(encode(photo_like(640, 480), "PNG"), "trainedAlgorithmicMedia")
    washed = operation(original)
    assert label.en and label.fr
    report = looktwice.inspect(washed)
    assert report.result("metadata").data()["digital_source_type"] is None
    assert open_specimen(washed).size != (0, 0)


def test_operations_change_the_pixels_as_described():
    original = encode(photo_like(640, 480), "PNG")
    assert open_specimen(launder.resize(original, 0.5)).size == (320, 240)
    assert open_specimen(launder.crop(original, 0.1)).size == (576, 432)
    assert open_specimen(launder.screenshot(original)).size == (512 + 40, 384 + 72)
    big = encode(photo_like(2000, 1500), "PNG")
    social = open_specimen(launder.social_network(big))
    assert social.size == (1080, 810) and social.format == "JPEG"
    assert open_specimen(launder.resave_jpeg(original, 60)).format == "JPEG"
