"""The classroom certificate chain and signer: real keys, real signatures, a temporary data dir."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import stat
from pathlib import Path

import c2pa
import numpy as np
import pytest
from conftest import encode, photo_like
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID
from PIL import Image

from looktwice.writers import signing

POSIX = os.name == "posix"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh data directory, also named by the environment so nothing touches the real one."""
    monkeypatch.setenv(signing.DATA_DIR_ENV, str(tmp_path / "env-data"))
    return tmp_path / "data"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _read_store(signed: bytes, mime: str) -> dict:
    with c2pa.Context.from_dict(signing.OFFLINE_SETTINGS) as context:
        with c2pa.Reader(mime, io.BytesIO(signed), context=context) as reader:
            return json.loads(reader.json())


def _active(store: dict) -> dict:
    return store["manifests"][store["active_manifest"]]


# --------------------------------------------------------------------------- the chain


@pytest.mark.skipif(not POSIX, reason="file permissions are POSIX modes")
def test_keys_are_private_and_reused(data_dir: Path) -> None:
    first = signing.classroom_chain(data_dir)
    folder = data_dir / "classroom-ca"
    assert first.directory == folder
    assert sorted(p.name for p in folder.iterdir()) == [
        "root-cert.pem",
        "root-key.pem",
        "signer-cert.pem",
        "signer-key.pem",
    ]
    assert _mode(folder) == 0o700
    assert _mode(folder / "root-key.pem") == 0o600
    assert _mode(folder / "signer-key.pem") == 0o600
    assert _mode(folder / "root-cert.pem") == 0o644
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}

    second = signing.classroom_chain(data_dir)

    assert second == first
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()} == before


def test_environment_variable_chooses_the_data_dir(data_dir: Path) -> None:
    chain = signing.classroom_chain()
    assert chain.directory == Path(os.environ[signing.DATA_DIR_ENV]) / "classroom-ca"
    assert signing.resolve_data_dir("elsewhere") == Path("elsewhere")


def test_certificates_have_what_c2pa_requires(data_dir: Path) -> None:
    chain = signing.classroom_chain(data_dir)
    leaf, root = x509.load_pem_x509_certificates(chain.certificates_pem)
    assert root.public_bytes(serialization.Encoding.PEM) == chain.root_pem
    now = dt.datetime.now(dt.UTC)

    unit = root.subject.get_attributes_for_oid(x509.NameOID.ORGANIZATIONAL_UNIT_NAME)[0].value
    assert unit.startswith("Teaching only")
    assert root.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)[0].value == (
        "Look Twice Classroom Root (teaching only)"
    )
    assert root.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is True
    assert root.extensions.get_extension_for_class(x509.KeyUsage).value.key_cert_sign is True

    assert leaf.issuer == root.subject and leaf.subject != root.subject  # not self-signed
    leaf.verify_directly_issued_by(root)
    assert isinstance(leaf.public_key(), ec.EllipticCurvePublicKey)
    assert leaf.public_key().curve.name == "secp256r1"
    assert leaf.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is False
    usage = leaf.extensions.get_extension_for_class(x509.KeyUsage)
    assert usage.critical and usage.value.digital_signature and not usage.value.key_cert_sign
    eku = leaf.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert list(eku) == [ExtendedKeyUsageOID.EMAIL_PROTECTION]
    aki = leaf.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value
    ski = root.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    assert aki.key_identifier == ski.digest
    assert leaf.not_valid_before_utc < now < leaf.not_valid_after_utc
    assert leaf.not_valid_after_utc - now > dt.timedelta(days=4 * 365)


def test_trust_anchor_is_the_root_alone(data_dir: Path) -> None:
    pem = signing.trust_anchor_pem(data_dir)
    certs = x509.load_pem_x509_certificates(pem.encode())
    assert len(certs) == 1
    assert certs[0].public_bytes(serialization.Encoding.PEM) == signing.classroom_chain(data_dir).root_pem
    assert "PRIVATE" not in pem


def test_expiring_signer_is_renewed_under_the_same_root(data_dir: Path) -> None:
    first = signing.classroom_chain(data_dir)
    folder = data_dir / "classroom-ca"
    root = x509.load_pem_x509_certificate(first.root_pem)
    root_key = serialization.load_pem_private_key((folder / "root-key.pem").read_bytes(), None)
    old = first.signer_certificate
    now = dt.datetime.now(dt.UTC)
    nearly_expired = (
        x509.CertificateBuilder(extensions=list(old.extensions))
        .subject_name(old.subject)
        .issuer_name(old.issuer)
        .public_key(old.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=400))
        .not_valid_after(now + dt.timedelta(days=10))
        .sign(root_key, hashes.SHA256())
    )
    (folder / "signer-cert.pem").write_bytes(nearly_expired.public_bytes(serialization.Encoding.PEM))

    renewed = signing.classroom_chain(data_dir)

    assert renewed.root_pem == first.root_pem
    assert renewed.private_key_pem != first.private_key_pem
    assert renewed.signer_certificate.not_valid_after_utc - now > dt.timedelta(days=4 * 365)
    renewed.signer_certificate.verify_directly_issued_by(root)


def test_unusable_chain_is_set_aside_not_deleted(data_dir: Path) -> None:
    first = signing.classroom_chain(data_dir)
    folder = data_dir / "classroom-ca"
    (folder / "root-key.pem").unlink()
    (folder / "signer-key.pem").write_text("not a key")

    second = signing.classroom_chain(data_dir)

    assert second.root_pem != first.root_pem
    aside = [p for p in data_dir.iterdir() if p.name.startswith("classroom-ca.broken-")]
    assert len(aside) == 1 and (aside[0] / "root-cert.pem").read_bytes() == first.root_pem


def test_package_ships_no_private_key() -> None:
    package = Path(signing.__file__).parents[1]  # the whole looktwice package
    marker = "PRIVATE" + " KEY-----"
    for path in package.rglob("*"):
        if path.is_file() and path.suffix not in (".pyc",):
            assert marker.encode() not in path.read_bytes(), path


# --------------------------------------------------------------------------- signing


@pytest.mark.parametrize("fmt, mime", [("PNG", "image/png"), ("JPEG", "image/jpeg")])
def test_sign_image_writes_the_declaration(data_dir: Path, fmt: str, mime: str) -> None:
    pixels = photo_like(160, 120, seed=3)
    original = encode(pixels, fmt)
    chain = signing.classroom_chain(data_dir)

    signed = signing.sign_image(
        original,
        fmt=fmt,
        title="A classroom fake",
        digital_source_type="trainedAlgorithmicMedia",
        actions=["c2pa.edited"],
        software_agent="Tiny GAN",
        chain=chain,
    )

    decoded = np.asarray(Image.open(io.BytesIO(signed)).convert("RGB"))
    assert np.array_equal(decoded, np.asarray(Image.open(io.BytesIO(original)).convert("RGB")))
    assert len(signed) > len(original)
    store = _read_store(signed, mime)
    manifest = _active(store)
    assert store["validation_state"] == "Valid"  # intact, signer not on any trust list
    assert manifest["title"] == "A classroom fake"
    assert manifest["claim_generator_info"][0]["name"] == "Look Twice classroom"
    assert manifest["signature_info"]["common_name"] == signing.SIGNER_COMMON_NAME
    actions = next(a for a in manifest["assertions"] if a["label"].startswith("c2pa.actions"))
    first, second = actions["data"]["actions"]
    assert first == {
        "action": "c2pa.created",
        "softwareAgent": {"name": "Tiny GAN"},
        "digitalSourceType": signing.IPTC_SOURCE_TYPE_PREFIX + "trainedAlgorithmicMedia",
    }
    assert second["action"] == "c2pa.edited"


def test_format_is_guessed_and_mime_types_accepted(data_dir: Path) -> None:
    chain = signing.classroom_chain(data_dir)
    jpeg = encode(photo_like(64, 48), "JPEG")
    for fmt in (None, "image/jpeg", "jpg"):
        signed = signing.sign_image(jpeg, fmt=fmt, title="t", digital_source_type="digitalCapture", chain=chain)
        assert signed.startswith(b"\xff\xd8") and b"c2pa" in signed


def test_typos_and_unsupported_formats_are_refused(data_dir: Path) -> None:
    png = encode(photo_like(32, 32), "PNG")
    with pytest.raises(ValueError, match="unknown digital source type"):
        signing.sign_image(png, title="t", digital_source_type="trainedAlgorithmicMedium")
    with pytest.raises(ValueError):
        signing.sign_image(encode(photo_like(32, 32), "BMP"), title="t", digital_source_type="digitalCapture")
    assert not Path(os.environ[signing.DATA_DIR_ENV]).exists()  # refused before any key was made
