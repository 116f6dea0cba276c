"""Content Credentials analysis on real signed files: made here, signed here, changed here.

Every file is built by the test: photo-like pixels, signed with the classroom chain (in a
temporary data directory) or with a stranger's chain made below, then edited, re-encoded or
damaged byte by byte. Nothing is mocked and nothing leaves the machine.
"""

from __future__ import annotations

import datetime as dt
import http.server
import io
import json
import struct
import threading
import time
import zlib
from pathlib import Path

import c2pa
import numpy as np
import pytest
from conftest import encode, photo_like
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from PIL import Image

import looktwice
from looktwice.analyses import ANALYSES
from looktwice.analyses.base import FailedAnalysis
from looktwice.analyses.credentials import (
    STATE_TEXT,
    TRUST_ANCHORS_ENV,
    CredentialsResult,
    analyse,
    classify,
    has_c2pa_container,
    read_credentials,
)
from looktwice.evidence import Points, Strength
from looktwice.source_types import VOCABULARY
from looktwice.writers import signing

MIME = {"PNG": "image/png", "JPEG": "image/jpeg"}
AI = "trainedAlgorithmicMedia"


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(autouse=True)
def _no_outside_trust(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(TRUST_ANCHORS_ENV, raising=False)


@pytest.fixture(scope="module")
def chain(tmp_path_factory: pytest.TempPathFactory) -> signing.SigningChain:
    return signing.classroom_chain(tmp_path_factory.mktemp("looktwice-data"))


@pytest.fixture(scope="module")
def stranger() -> signing.SigningChain:
    """A root + signer made right here, unknown to the classroom: "someone else's camera"."""
    return _make_chain("Somebody Else Root", "Somebody Else Camera")


def _make_chain(root_name: str, signer_name: str) -> signing.SigningChain:
    now = dt.datetime.now(dt.UTC)
    root_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())

    def name(cn: str) -> x509.Name:
        return x509.Name(
            [
                x509.NameAttribute(NameOID.COMMON_NAME, cn),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Elsewhere Inc."),
            ]
        )

    def usage(sign: bool) -> x509.KeyUsage:
        return x509.KeyUsage(sign, False, False, False, False, not sign, not sign, False, False)

    root = (
        x509.CertificateBuilder()
        .subject_name(name(root_name))
        .issuer_name(name(root_name))
        .public_key(root_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(usage(sign=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    leaf = (
        x509.CertificateBuilder()
        .subject_name(name(signer_name))
        .issuer_name(root.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=100))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(usage(sign=True), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    return signing.SigningChain(
        certificates_pem=leaf.public_bytes(pem) + root.public_bytes(pem),
        private_key_pem=key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()),
        root_pem=root.public_bytes(pem),
    )


def _photo(fmt: str, seed: int = 0) -> bytes:
    return encode(photo_like(192, 128, seed=seed), fmt, **({"quality": 90} if fmt == "JPEG" else {}))


def _signed(chain: signing.SigningChain, fmt: str, source_type: str = AI, **kw) -> bytes:
    return signing.sign_image(
        _photo(fmt), fmt=fmt, title="lesson image", digital_source_type=source_type, chain=chain, **kw
    )


def _kinds(result: CredentialsResult) -> list[tuple[Strength, Points]]:
    return [(f.strength, f.points) for f in result.findings]


# --------------------------------------------------------------------------- PNG / JPEG surgery


def _png_chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    chunks, pos = [], 8
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        chunks.append((png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + length]))
        pos += 12 + length
    return chunks


def _png_build(chunks: list[tuple[bytes, bytes]]) -> bytes:
    out = b"\x89PNG\r\n\x1a\n"
    for kind, data in chunks:
        out += struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return out


def _png_edit_pixels(png: bytes) -> bytes:
    """Change a run of pixel bytes inside the (decompressed) IDAT data, recompress, fix the
    CRC, keep every other chunk (the C2PA ``caBX`` included) where it was."""
    chunks = _png_chunks(png)
    pixels = bytearray(zlib.decompress(b"".join(d for k, d in chunks if k == b"IDAT")))
    row = 192 * 3 + 1
    for r in range(40, 60):  # a 20-row band, leaving each row's filter byte alone
        for i in range(r * row + 31, r * row + 151):
            pixels[i] ^= 0x55
    new_idat = zlib.compress(bytes(pixels))
    kept = [c for c in chunks if c[0] != b"IDAT"]
    at = next(i for i, c in enumerate(chunks) if c[0] == b"IDAT")
    return _png_build(kept[:at] + [(b"IDAT", new_idat)] + kept[at:])


def _png_replace(png: bytes, kind: bytes, transform) -> bytes:
    return _png_build([(k, transform(d) if k == kind else d) for k, d in _png_chunks(png)])


def _jpeg_segments(jpeg: bytes) -> list[tuple[int, int, int]]:
    """(marker, start, end) of each segment before the image data."""
    segments, pos = [], 2
    while jpeg[pos + 1] != 0xDA:
        (length,) = struct.unpack(">H", jpeg[pos + 2 : pos + 4])
        segments.append((jpeg[pos + 1], pos, pos + 2 + length))
        pos += 2 + length
    return segments


def _jpeg_app11(jpeg: bytes) -> bytes:
    return b"".join(jpeg[s:e] for m, s, e in _jpeg_segments(jpeg) if m == 0xEB)


def _jpeg_insert_after_app0(jpeg: bytes, segment: bytes) -> bytes:
    app0_end = next(e for m, s, e in _jpeg_segments(jpeg) if m == 0xE0)
    return jpeg[:app0_end] + segment + jpeg[app0_end:]


def _decodes(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))


# --------------------------------------------------------------------------- declared AI


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_declared_ai_reads_valid_but_untrusted(chain: signing.SigningChain, fmt: str) -> None:
    result = analyse(looktwice.open_specimen(_signed(chain, fmt)))

    assert result.state == "valid_untrusted"
    assert result.validation_state == "Valid"
    assert result.codes["failure"] == ["signingCredential.untrusted"]
    assert "claimSignature.validated" in result.codes["success"]
    assert "assertion.dataHash.match" in result.codes["success"]
    assert result.source_types == [AI]
    assert result.claim_generator == f"Look Twice classroom {looktwice.__version__}"
    assert result.title == "lesson image"
    assert result.signer["common_name"] == signing.SIGNER_COMMON_NAME
    assert result.signer["issuer"] == "Look Twice classroom"
    assert result.trusted is False and result.trust_anchor_count == 0
    assert [a["action"] for a in result.actions] == ["c2pa.created"]
    assert _kinds(result) == [(Strength.DECLARED, Points.GENERATED)]
    assert "made by generative AI" in result.findings[0].message.en
    assert "valid but untrusted" in result.headline.en
    assert "valides mais pas de confiance" in result.headline.fr
    assert STATE_TEXT["valid_untrusted"].fr in result.explanation.fr
    data = json.loads(json.dumps(result.to_dict()))["data"]
    assert data["state"] == "valid_untrusted" and data["declares_ai"] is True
    assert data["digital_source_type_names"] == [VOCABULARY["trainedAlgorithmicMedia"].label.en]
    assert data["validation_codes"]["failure"] == ["signingCredential.untrusted"]


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_trusted_when_the_class_trusts_its_root(chain: signing.SigningChain, fmt: str) -> None:
    signed = _signed(chain, fmt)

    result = read_credentials(signed, MIME[fmt], trust_anchors_pem=chain.root_pem.decode())

    assert result.state == "valid" and result.trusted is True
    assert result.validation_state == "Trusted"
    assert result.codes["failure"] == []
    assert "signingCredential.trusted" in result.codes["success"]
    assert result.trust_anchor_count == 1
    assert "signer trusted" in result.findings[0].message.en
    assert "valid and trusted" in result.headline.en


def test_trust_anchors_from_the_environment(
    chain: signing.SigningChain, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    anchors = tmp_path / "anchors.pem"
    anchors.write_bytes(chain.root_pem)
    monkeypatch.setenv(TRUST_ANCHORS_ENV, str(anchors))
    assert analyse(looktwice.open_specimen(_signed(chain, "PNG"))).state == "valid"

    monkeypatch.setenv(TRUST_ANCHORS_ENV, str(tmp_path / "missing.pem"))
    result = analyse(looktwice.open_specimen(_signed(chain, "PNG")))
    assert result.state == "valid_untrusted"
    assert any(TRUST_ANCHORS_ENV in n.en for n in result.notes)
    assert TRUST_ANCHORS_ENV in result.explanation.en and TRUST_ANCHORS_ENV in result.explanation.fr

    garbage = read_credentials(_signed(chain, "PNG"), "image/png", trust_anchors_pem="not a certificate")
    assert garbage.state == "valid_untrusted" and garbage.trust_anchor_count == 0
    assert "not PEM certificates" in garbage.notes[0].en


def test_unknown_signer_stays_untrusted(chain: signing.SigningChain, stranger: signing.SigningChain) -> None:
    signed = _signed(stranger, "JPEG", "digitalCapture")

    result = read_credentials(signed, "image/jpeg", trust_anchors_pem=chain.root_pem)

    assert result.state == "valid_untrusted"
    assert result.signer == {"issuer": "Elsewhere Inc.", "common_name": "Somebody Else Camera", "alg": "Es256"}
    assert "Somebody Else Camera (Elsewhere Inc.)" in result.headline.en
    assert read_credentials(signed, "image/jpeg", trust_anchors_pem=stranger.root_pem).state == "valid"


# --------------------------------------------------------------------------- declared capture, edits


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_declared_capture(chain: signing.SigningChain, fmt: str) -> None:
    result = read_credentials(_signed(chain, fmt, "digitalCapture"), MIME[fmt])

    assert result.state == "valid_untrusted"
    assert result.source_types == ["digitalCapture"]
    assert _kinds(result) == [(Strength.DECLARED, Points.CAPTURED)]
    assert VOCABULARY["digitalCapture"].label.en in result.headline.en
    assert "not proof that the scene is real" in result.findings[0].message.en


def test_recorded_edits_are_context(chain: signing.SigningChain) -> None:
    signed = _signed(chain, "PNG", "digitalCapture", actions=["c2pa.cropped", "c2pa.color_adjustments"])

    result = read_credentials(signed, "image/png")

    assert [a["action"] for a in result.actions] == ["c2pa.created", "c2pa.cropped", "c2pa.color_adjustments"]
    assert _kinds(result) == [(Strength.DECLARED, Points.CAPTURED), (Strength.CONTEXT, Points.EDITED)]
    assert result.findings[1].message.en.endswith("cropped, colours adjusted.")
    assert "recadrée, couleurs ajustées" in result.findings[1].message.fr


def test_photo_changed_with_ai_counts_as_ai(chain: signing.SigningChain) -> None:
    inpainting = {
        "action": "c2pa.edited",
        "digitalSourceType": signing.source_type_uri("compositeWithTrainedAlgorithmicMedia"),
    }
    signed = _signed(chain, "JPEG", "digitalCapture", actions=[inpainting])

    result = read_credentials(signed, "image/jpeg")

    assert result.source_types == ["digitalCapture", "compositeWithTrainedAlgorithmicMedia"]
    assert _kinds(result) == [(Strength.DECLARED, Points.GENERATED), (Strength.CONTEXT, Points.EDITED)]
    assert VOCABULARY["compositeWithTrainedAlgorithmicMedia"].label.en in result.findings[0].message.en


def test_ingredients_and_an_ai_parent(chain: signing.SigningChain) -> None:
    """An edit of an AI picture: the new label only says "opened, cropped", but its ingredient
    (the AI picture, with its own credentials) says how it was made."""
    parent = _signed(chain, "JPEG", AI)
    manifest = {
        "claim_generator_info": [{"name": "Some Editor", "version": "2.0"}],
        "title": "edit",
        "assertions": [
            {
                "label": "c2pa.actions",
                "data": {
                    "actions": [
                        {"action": "c2pa.opened", "parameters": {"ingredientIds": ["parent"]}},
                        {"action": "c2pa.cropped"},
                    ]
                },
            }
        ],
    }
    info = c2pa.C2paSignerInfo(
        alg=b"es256", sign_cert=chain.certificates_pem, private_key=chain.private_key_pem, ta_url=None
    )
    out = io.BytesIO()
    with (
        c2pa.Context.from_dict(signing.OFFLINE_SETTINGS) as context,
        c2pa.Signer.from_info(info) as signer,
        c2pa.Builder(manifest, context=context) as builder,
    ):
        builder.add_ingredient(
            {"title": "generated.jpg", "relationship": "parentOf", "label": "parent"}, "image/jpeg", io.BytesIO(parent)
        )
        builder.sign(signer, "image/jpeg", io.BytesIO(_photo("JPEG", seed=5)), out)

    result = read_credentials(out.getvalue(), "image/jpeg")

    assert result.state == "valid_untrusted"
    assert result.claim_generator == "Some Editor 2.0"
    assert result.source_types == []
    assert result.manifest_count == 2
    assert result.ingredients == [
        {
            "title": "generated.jpg",
            "format": "image/jpeg",
            "relationship": "parentOf",
            "has_credentials": True,
            "state": "valid_untrusted",
            "digital_source_types": [AI],
        }
    ]
    assert _kinds(result) == [(Strength.DECLARED, Points.GENERATED), (Strength.CONTEXT, Points.EDITED)]
    assert "generated.jpg" in result.findings[0].message.en
    assert "generated.jpg" in result.explanation.en


# --------------------------------------------------------------------------- tampered, invalid


def test_png_pixels_changed_after_signing_is_tampered(chain: signing.SigningChain) -> None:
    signed = _signed(chain, "PNG")
    edited = _png_edit_pixels(signed)
    assert not np.array_equal(_decodes(edited), _decodes(signed))  # still a picture, now different
    assert has_c2pa_container(edited)

    result = analyse(looktwice.open_specimen(edited))

    assert result.state == "tampered"
    assert "assertion.dataHash.mismatch" in result.codes["failure"]
    assert _kinds(result) == [(Strength.CONTEXT, Points.EDITED)]  # the AI label no longer counts
    assert "can no longer be trusted" in result.findings[0].message.en
    assert "made by generative AI" in result.headline.en and "no longer" in result.headline.en


def test_jpeg_edited_with_the_manifest_copied_back_is_tampered(chain: signing.SigningChain) -> None:
    signed = _signed(chain, "JPEG", "digitalCapture")
    pixels = _decodes(signed).copy()
    pixels[30:70, 50:120] = (200, 30, 30)  # paint a red box over the "photo"
    forged = _jpeg_insert_after_app0(encode(pixels, "JPEG", quality=90), _jpeg_app11(signed))

    result = read_credentials(forged, "image/jpeg")

    assert result.state == "tampered"
    assert "assertion.dataHash.mismatch" in result.codes["failure"]
    assert (Strength.DECLARED, Points.CAPTURED) not in _kinds(result)
    assert result.source_types == ["digitalCapture"]  # still reported, as what it used to say


def test_broken_signature_is_invalid(chain: signing.SigningChain) -> None:
    signed = _signed(chain, "PNG")
    # the manifest store ends with the ES256 signature: change its last byte
    broken = _png_replace(signed, b"caBX", lambda d: d[:-1] + bytes([d[-1] ^ 1]))

    result = read_credentials(broken, "image/png")

    assert result.state == "invalid"
    assert result.validation_state == "Invalid"
    assert "claimSignature.mismatch" in result.codes["failure"]
    assert result.findings == []
    assert "the signature does not match the label" in result.explanation.en


# --------------------------------------------------------------------------- none, unreadable


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_pillow_resave_removes_credentials(chain: signing.SigningChain, fmt: str) -> None:
    resaved = encode(Image.open(io.BytesIO(_signed(chain, fmt))), fmt)

    result = analyse(looktwice.open_specimen(resaved))

    assert result.state == "none" and not result.present
    assert result.findings == []
    assert "No Content Credentials" in result.headline.en
    assert "proves nothing" in result.explanation.en and "ne prouve rien" in result.explanation.fr


def _garbage_cabx(chain: signing.SigningChain) -> bytes:
    noise = np.random.default_rng(7).integers(0, 256, 600, dtype=np.uint8).tobytes()
    return _png_replace(_signed(chain, "PNG"), b"caBX", lambda d: noise)


def _garbled_app11(chain: signing.SigningChain) -> bytes:
    """Keep the APP11 header and its "c2pa" label, scramble everything after."""
    signed = bytearray(_signed(chain, "JPEG"))
    start, end = next((s, e) for m, s, e in _jpeg_segments(bytes(signed)) if m == 0xEB)
    for i in range(start + 4 + 60, end):
        signed[i] = (signed[i] * 7 + 3) & 0xFF
    return bytes(signed)


def _junk_app11() -> bytes:
    payload = b"JP\x00\x01\x00\x00\x00\x01" + b"\x00\x00\x00\x40jumb" + b"c2pa" + b"\xee" * 60
    return _jpeg_insert_after_app0(_photo("JPEG"), b"\xff\xeb" + struct.pack(">H", len(payload) + 2) + payload)


def _truncated_cabx(chain: signing.SigningChain) -> bytes:
    return _png_replace(_signed(chain, "PNG"), b"caBX", lambda d: d[: len(d) // 2])


@pytest.mark.parametrize(
    "make",
    [_garbage_cabx, _garbled_app11, _truncated_cabx, lambda c: _junk_app11()],
    ids=["garbage-caBX", "garbled-APP11", "truncated-caBX", "junk-APP11"],
)
def test_malformed_c2pa_data_is_unreadable(chain: signing.SigningChain, make) -> None:
    damaged = make(chain)
    _decodes(damaged)  # the picture itself is fine
    specimen = looktwice.open_specimen(damaged)

    result = analyse(specimen)

    assert result.state == "unreadable" and result.present
    assert result.error
    assert result.findings == []
    assert "unreadable" in result.headline.en and "illisibles" in result.headline.fr

    report = looktwice.build_report(specimen)
    assert [r.name for r in report.results] == list(ANALYSES)
    assert not any(isinstance(r, FailedAnalysis) for r in report.results)
    assert report.result("credentials").state == "unreadable"
    assert json.loads(json.dumps(report.result("credentials").to_dict()))["data"]["state"] == "unreadable"


def test_inspect_completes_on_damaged_credentials(chain: signing.SigningChain) -> None:
    report = looktwice.inspect(_garbage_cabx(chain))
    assert report.result("credentials").to_dict()["data"]["state"] == "unreadable"
    assert len(report.results) == len(ANALYSES)


def test_formats_without_credentials_support(chain: signing.SigningChain) -> None:
    result = analyse(looktwice.open_specimen(encode(photo_like(64, 48), "BMP")))
    assert result.state == "none"
    assert "BMP" in result.notes[-1].en
    assert read_credentials(encode(photo_like(64, 48), "BMP"), "image/bmp").state == "none"


# --------------------------------------------------------------------------- offline


class _Listener:
    """A web server on this machine's loopback address that counts requests."""

    def __init__(self) -> None:
        hits = self.hits = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                hits.append(self.path)
                self.send_response(404)
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/manifest.c2pa"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_remote_manifest_is_never_fetched(chain: signing.SigningChain, monkeypatch: pytest.MonkeyPatch) -> None:
    for proxy in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(proxy, raising=False)
    listener = _Listener()
    try:
        manifest = {
            "claim_generator_info": [{"name": "elsewhere"}],
            "title": "remote",
            "assertions": [
                {
                    "label": "c2pa.actions",
                    "data": {"actions": [{"action": "c2pa.created", "digitalSourceType": signing.source_type_uri(AI)}]},
                }
            ],
        }
        info = c2pa.C2paSignerInfo(
            alg=b"es256", sign_cert=chain.certificates_pem, private_key=chain.private_key_pem, ta_url=None
        )
        out = io.BytesIO()
        with c2pa.Signer.from_info(info) as signer, c2pa.Builder(manifest) as builder:
            builder.set_no_embed()
            builder.set_remote_url(listener.url)
            builder.sign(signer, "image/jpeg", io.BytesIO(_photo("JPEG")), out)
        pointer_only = out.getvalue()

        result = read_credentials(pointer_only, "image/jpeg")
        time.sleep(0.2)
        assert listener.hits == []
        assert result.state == "unreadable" and result.remote_url == listener.url
        assert "does not fetch" in result.explanation.en

        # control: the SDK's own defaults would have fetched it, so our settings are what stop it
        with pytest.raises(c2pa.C2paError):
            c2pa.Reader("image/jpeg", io.BytesIO(pointer_only), context=c2pa.Context())
        time.sleep(0.2)
        assert listener.hits == ["/manifest.c2pa"]
    finally:
        listener.close()


# --------------------------------------------------------------------------- classification


@pytest.mark.parametrize(
    "state, failures, expected",
    [
        ("Trusted", [], "valid"),
        ("Valid", ["signingCredential.untrusted"], "valid_untrusted"),
        ("Invalid", ["signingCredential.untrusted", "assertion.dataHash.mismatch"], "tampered"),
        ("Invalid", ["assertion.hashedURI.mismatch"], "tampered"),
        ("Invalid", ["signingCredential.expired"], "invalid"),
        ("Invalid", ["claimSignature.mismatch"], "invalid"),
        ("Invalid", ["claim.malformed"], "unreadable"),
        (None, ["signingCredential.untrusted"], "valid_untrusted"),
        (None, ["signingCredential.revoked"], "invalid"),
    ],
)
def test_classify(state, failures, expected) -> None:
    assert classify(state, failures) == expected
