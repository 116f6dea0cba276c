"""The kit's own specimens: each says what it is, and the report finds what was put in it."""

from __future__ import annotations

import pytest

import looktwice
from looktwice.evidence import Points, Strength
from looktwice.examples import get_example, list_examples, load_example_bytes
from looktwice.writers.launder import OPERATIONS


def report_of(name: str):
    data, credit = load_example_bytes(name)
    assert credit
    return looktwice.inspect(data, name=name)


def declared_sources(report, points=Points.GENERATED) -> set[str]:
    return {f.source for f in report.evidence if f.strength is Strength.DECLARED and f.points is points}


def test_specimens_are_listed_with_their_truth():
    names = {e.name for e in list_examples(origin="specimen")}
    assert {"specimen-declared-all", "specimen-lying-real-as-generated", "kit-transposed-texture-1"} <= names
    for example in list_examples(origin="specimen"):
        assert example.description and example.license and example.kind in ("real", "generated")
        assert example.person_present == "no"


@pytest.mark.parametrize(
    "name, source",
    [
        ("specimen-declared-c2pa", "credentials"),
        ("specimen-declared-iptc", "metadata"),
        ("specimen-declared-parameters", "metadata"),
        ("specimen-declared-watermark", "watermark"),
    ],
)
def test_each_declared_variant_carries_one_label(name, source):
    report = report_of(name)
    assert declared_sources(report) == {source}


def test_every_label_specimen():
    report = report_of("specimen-declared-all")
    assert declared_sources(report) == {"credentials", "metadata", "watermark"}
    meta = report.result("metadata").data()
    assert meta["generator"]["settings"]["Model"] == "looktwice-dcgan"
    assert meta["digital_source_type"]["term"] == "trainedAlgorithmicMedia"
    assert report.result("credentials").data()["state"] == "valid_untrusted"
    assert report.result("watermark").data()["verdict"] == "very likely"


def test_lying_labels():
    real = report_of("specimen-lying-real-as-generated")
    assert get_example("specimen-lying-real-as-generated").kind == "real"
    assert declared_sources(real) == {"credentials", "metadata"}
    fake = report_of("specimen-lying-generated-as-camera")
    assert get_example("specimen-lying-generated-as-camera").kind == "generated"
    assert declared_sources(fake, Points.CAPTURED) == {"credentials", "metadata"}
    assert fake.result("metadata").data()["exif"]["camera"] == "Canon EOS 5D Mark IV"


@pytest.mark.parametrize("operation", list(OPERATIONS))
def test_laundered_specimens_lose_their_file_labels(operation):
    report = report_of(f"specimen-laundered-{operation}")
    assert not {"credentials", "metadata"} & declared_sources(report)


def test_kit_textures_load_without_torch_and_are_generated():
    example = get_example("kit-transposed-texture-1")
    assert example.kind == "generated" and "GAN" in example.generator
    report = report_of("kit-transposed-texture-1")
    assert report.width == 256 and report.height == 256


def test_every_kit_specimen_has_its_french_words():
    from looktwice import examples

    specimens = examples.list_examples(origin="specimen")
    assert len(specimens) >= 10
    for e in specimens:
        assert e.title_fr and e.description_fr and e.attribution_fr, e.name
        assert e.title_fr != e.title and e.credit_line("fr") != e.credit_line("en"), e.name
