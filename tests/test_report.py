"""The report: honest summary, evidence order, failure isolation and the JSON schema."""

from __future__ import annotations

import json
import re
from importlib import resources

import jsonschema
import numpy as np
from conftest import encode, photo_like
from PIL import PngImagePlugin

import looktwice
from looktwice.analyses import ANALYSES
from looktwice.analyses.base import FailedAnalysis
from looktwice.report import NOTHING_PROVES_NOTHING, SCHEMA_VERSION

SCHEMA = json.loads(resources.files("looktwice").joinpath("report.schema.json").read_text())


def validate_report(report_dict: dict) -> None:
    schema = dict(SCHEMA, **{"$ref": "#/$defs/report"})
    schema.pop("required"), schema.pop("properties")
    jsonschema.validate(report_dict, schema)


def test_plain_photo_report_is_honest_and_valid():
    report = looktwice.inspect(encode(photo_like(), "PNG"), name="plain.png")
    data = report.to_dict()
    validate_report(data)
    assert data["schema_version"] == SCHEMA_VERSION
    assert [a["name"] for a in data["analyses"]] == list(ANALYSES)
    assert NOTHING_PROVES_NOTHING.en in report.summary.en
    assert NOTHING_PROVES_NOTHING.fr in report.summary.fr
    assert "Nothing in this file declares" in report.summary.en
    text = json.dumps(data, ensure_ascii=False)
    assert not re.search(r"\d+\s*%\s*(fake|ai|generated|faux|généré)", text, re.I)
    assert not any(k in text for k in ('"probability"', '"confidence"', '"fake_score"'))


def test_declared_evidence_comes_first():
    info = PngImagePlugin.PngInfo()
    info.add_text("parameters", "a boat\nSteps: 20, Sampler: Euler, Seed: 1")
    report = looktwice.inspect(encode(photo_like(), "PNG", pnginfo=info))
    strengths = [f.strength.value for f in report.evidence]
    assert strengths[0] == "declared"
    assert strengths == sorted(strengths, key=["declared", "hint", "context"].index)
    assert "declares that it was made or changed with AI" in report.summary.en


def test_a_failing_analysis_does_not_sink_the_report():
    report = looktwice.inspect(encode(np.full((20, 20, 3), 90, np.uint8), "PNG"))
    failed = [r for r in report.results if isinstance(r, FailedAnalysis)]
    assert {r.name for r in failed} == {"spectrum"}
    assert all("too small" in r.reason.en for r in failed)
    ok = [r for r in report.results if not isinstance(r, FailedAnalysis)]
    assert {r.name for r in ok} >= {"metadata", "credentials", "noise", "zoom"}
    assert "could not run" in report.summary.en
    validate_report(report.to_dict())


def test_two_reports_on_parts_of_the_analyses_join_into_the_whole_report():
    from looktwice.image_file import open_specimen
    from looktwice.report import build_report, joined

    info = PngImagePlugin.PngInfo()
    info.add_text("parameters", "a boat\nSteps: 20, Sampler: Euler, Seed: 1")
    for data in (encode(photo_like(), "PNG", pnginfo=info), encode(photo_like(seed=4), "JPEG", quality=90)):
        specimen = open_specimen(data, name="boat.png")
        whole = build_report(specimen, threads=1)
        # any split, in any order: the evidence is weighed and sorted again from all results
        for first in (["metadata", "credentials", "watermark", "spectrum", "noise"], ["detector", "zoom", "metadata"]):
            rest = [n for n in ANALYSES if n not in first]
            parts = joined(build_report(specimen, only=first, threads=1), build_report(specimen, only=rest, threads=1))
            assert parts.to_dict() == whole.to_dict()
            assert parts.evidence == whole.evidence and parts.summary == whole.summary


def test_every_pack_image_gets_a_full_report(pack_images):
    for path in sorted(pack_images.iterdir()):
        report = looktwice.inspect(path)
        data = report.to_dict()
        validate_report(data)
        assert all(a["status"] == "ok" for a in data["analyses"]), (path.name, data["analyses"])
        json.dumps(data)
        for result in report.results:
            picture = result.picture()
            assert picture is None or max(picture.size) <= 1024


def test_the_report_says_which_labels_the_file_carries():
    from looktwice import examples

    data, _ = examples.load_example_bytes("specimen-declared-all")
    labels = looktwice.inspect(data).labels
    assert labels.generator and labels.source_type and labels.has_credentials
    assert labels.credentials == "valid_untrusted" and labels.signer
    assert labels.watermark is not None and labels.watermark.declared
    assert labels.watermark.label == "SDXL" and labels.watermark.bits_total == 48
    plain = looktwice.inspect(examples.load_example_bytes("coffee")[0]).labels
    assert (plain.camera, plain.generator, plain.credentials) == (None, None, "none")
    assert plain.watermark is not None and not plain.watermark.declared
