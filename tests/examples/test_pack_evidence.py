"""The analyses on the example pack's real files: generator settings and Content Credentials.

Every generated pack image that carries its generator's settings (ComfyUI's ``prompt`` and
``workflow`` chunks, InvokeAI's ``Dream`` and ``sd-metadata``) must be reported as *declared*
by the metadata analysis; the three real photos carrying C2PA manifests must be read the way
the C2PA SDK's own ``Reader`` validates them (offline, trusting no one).
"""

from __future__ import annotations

import io
import json

import c2pa
import pytest

import looktwice
from looktwice.analyses.credentials import read_credentials, reader_settings
from looktwice.evidence import Points, Strength
from looktwice.examples import list_examples

SETTINGS_KEYS = {"text keys: prompt, workflow": "ComfyUI", "text keys: Dream, sd-metadata": "InvokeAI"}
C2PA_FILES = ("real_ribbons_c2pa", "real_sunset_c2pa", "real_ribbons_composite_c2pa")
#: How the kit's states follow the SDK's validation states (a changed file is "tampered").
KIT_STATES = {"Trusted": {"valid"}, "Valid": {"valid_untrusted"}, "Invalid": {"invalid", "tampered"}}


def _with_settings():
    return [
        (e, tool)
        for e in list_examples("generated", origin="pack")
        for key, tool in SETTINGS_KEYS.items()
        if key in e.metadata_notes
    ]


def test_the_pack_has_29_generated_images_with_settings():
    assert len(_with_settings()) == 29


@pytest.mark.parametrize("example,tool", _with_settings(), ids=lambda v: getattr(v, "name", v))
def test_generator_settings_are_reported_as_declared(example, tool, pack_images):
    report = looktwice.inspect(pack_images / example.filename, only=["metadata"])
    declared = [f for f in report.by_strength(Strength.DECLARED) if f.source == "metadata"]
    assert declared, example.name
    assert all(f.points is Points.GENERATED for f in declared)
    assert any(tool in f.message.en for f in declared), [f.message.en for f in declared]
    assert "metadata" in example.categories


def _sdk_store(raw: bytes) -> dict:
    with c2pa.Context.from_dict(reader_settings(None)) as context:
        with c2pa.Reader("image/jpeg", io.BytesIO(raw), context=context) as reader:
            return json.loads(reader.json())


@pytest.mark.parametrize("name", C2PA_FILES)
def test_content_credentials_read_as_the_sdk_validates_them(name, pack_images):
    from looktwice.examples import get_example

    example = get_example(name)
    raw = (pack_images / example.filename).read_bytes()
    store = _sdk_store(raw)
    ours = read_credentials(raw, "image/jpeg")
    assert ours.validation_state == store["validation_state"]
    assert ours.state in KIT_STATES[store["validation_state"]]
    assert set(ours.codes["failure"]) <= {s["code"] for s in store.get("validation_status", [])}
    assert ours.manifest_count == len(store["manifests"])
    assert example.license_status == "uncertain" and "LICENCE UNCERTAIN" in example.credit_line("en")
    assert "credentials" in example.categories


def test_the_three_c2pa_files_differ_as_the_sdk_says(pack_images):
    """Two signatures hold (from signers nobody trusts here); the edited composite's does not."""
    from looktwice.examples import get_example

    states = {
        n: read_credentials((pack_images / get_example(n).filename).read_bytes(), "image/jpeg").state
        for n in C2PA_FILES
    }
    assert states == {
        "real_ribbons_c2pa": "valid_untrusted",
        "real_sunset_c2pa": "valid_untrusted",
        "real_ribbons_composite_c2pa": "tampered",
    }
