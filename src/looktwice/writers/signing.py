"""The classroom's own Content Credentials: a teaching certificate chain and a signer.

Lessons need signed images to look at: one that says "made by AI", one that says "taken with a
camera", one changed after signing. Real signing certificates cost money and belong to
companies, so the kit makes its own on first use:

* a root certificate authority, "Look Twice Classroom Root (teaching only)", and
* a signing certificate issued by that root (C2PA rejects a self-signed signer),

both with ECDSA P-256 keys, kept in the user's data directory (``platformdirs``, or the folder
named by ``LOOKTWICE_DATA_DIR``). Each computer therefore has its *own* classroom root: nothing
secret ships with the package, and a file signed in one classroom is "valid but untrusted"
elsewhere, exactly like a real file signed by a stranger. A class that chooses to trust its own
root (:func:`trust_anchor_pem`) sees its files as "valid and trusted".

Signing works offline: no timestamp authority is contacted, no certificate status is fetched.
Because there is no trusted timestamp, a signature is checked against the certificate's
validity *today*: once the signing certificate expires, files it signed read as invalid. The
signing certificate lasts five years and is renewed (under the same root) when it nears its end.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from .. import __version__
from ..c2pa_offline import OFFLINE_SETTINGS, mime_type, sniff_mime_type  # noqa: F401  (re-exported)
from ..paths import DATA_DIR_ENV, data_dir  # noqa: F401  (DATA_DIR_ENV re-exported for callers)
from ..source_types import IPTC_BASE, uri

#: Names written into the certificates and manifests the classroom makes.
ROOT_COMMON_NAME = "Look Twice Classroom Root (teaching only)"
SIGNER_COMMON_NAME = "Look Twice classroom signer (teaching only)"
ORGANIZATION = "Look Twice classroom"
CLAIM_GENERATOR = "Look Twice classroom"

#: Where the IPTC digital source type terms live; C2PA uses these URIs.
IPTC_SOURCE_TYPE_PREFIX = IPTC_BASE

_CHAIN_DIR = "classroom-ca"
_ROOT_CERT, _ROOT_KEY = "root-cert.pem", "root-key.pem"
_SIGNER_CERT, _SIGNER_KEY = "signer-cert.pem", "signer-key.pem"
_ROOT_LIFETIME = dt.timedelta(days=20 * 365)
_SIGNER_LIFETIME = dt.timedelta(days=5 * 365)
#: Renew a certificate this long before it expires, so that freshly signed files stay valid.
_RENEW_MARGIN = dt.timedelta(days=90)
#: Certificates start a day in the past, so a computer whose clock is a little behind accepts them.
_CLOCK_SLACK = dt.timedelta(days=1)


@dataclass(frozen=True)
class SigningChain:
    """A signing certificate, the chain above it, and its private key (all PEM).

    ``certificates_pem`` holds the signer's certificate first, then its issuers up to the
    root, which is what C2PA embeds in each signature. ``root_pem`` is the root alone: the
    trust anchor a reader must be given to call the signer "trusted".
    """

    certificates_pem: bytes
    private_key_pem: bytes = field(repr=False)
    root_pem: bytes
    directory: Path | None = None

    @property
    def signer_certificate(self) -> x509.Certificate:
        return x509.load_pem_x509_certificates(self.certificates_pem)[0]

    @property
    def root_fingerprint(self) -> str:
        """SHA-256 of the root certificate (DER), in hex: how a class can compare roots."""
        der = x509.load_pem_x509_certificate(self.root_pem).public_bytes(serialization.Encoding.DER)
        return hashlib.sha256(der).hexdigest()


# --------------------------------------------------------------------------- data directory


#: The kit's data directory (see :func:`looktwice.paths.data_dir`), under its older name.
resolve_data_dir = data_dir


# --------------------------------------------------------------------------- the chain


def classroom_chain(data_dir: str | os.PathLike[str] | None = None) -> SigningChain:
    """The classroom's root and signing certificate, created on first use and reused after.

    The files live in ``<data dir>/classroom-ca/``; private keys are written with 0600
    permissions (readable by the current user only) and the folder with 0700. A signing
    certificate close to expiry is renewed under the same root, so a class that trusts its
    root keeps trusting new files. Broken or missing files are set aside, never deleted.

    Parameters
    ----------
    data_dir : path, optional
        The kit's data folder; by default the one :func:`looktwice.paths.data_dir` names
        (``LOOKTWICE_DATA_DIR``, or the user's data directory).

    Returns
    -------
    SigningChain
        The signer's certificate and chain, its private key and the root.

    Examples
    --------
    >>> import tempfile
    >>> from looktwice.writers.signing import classroom_chain
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     chain = classroom_chain(folder)
    ...     again = classroom_chain(folder)
    >>> chain.signer_certificate.subject.rfc4514_string().split(",")[-1]
    'CN=Look Twice classroom signer (teaching only)'
    >>> again.root_fingerprint == chain.root_fingerprint      # made once, then reused
    True
    """
    folder = resolve_data_dir(data_dir) / _CHAIN_DIR
    for _attempt in range(3):  # another program may be renewing the same files right now
        chain = _load_chain(folder)
        if chain is not None:
            return chain
        if _root_usable(folder):
            _renew_signer(folder)
        else:
            if folder.exists():
                _set_aside(folder)
            _create_chain(folder)
    raise RuntimeError(f"could not set up the classroom certificates in {folder}")


def trust_anchor_pem(data_dir: str | os.PathLike[str] | None = None) -> str:
    """The classroom root certificate, to give a reader as a trust anchor.

    A reader given it shows the classroom's files as "valid and trusted" instead of the
    default "valid but untrusted".

    Parameters
    ----------
    data_dir : path, optional
        The kit's data folder (see :func:`classroom_chain`).

    Returns
    -------
    str
        The root certificate, PEM text.

    Examples
    --------
    >>> import tempfile
    >>> from looktwice.writers.signing import trust_anchor_pem
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     pem = trust_anchor_pem(folder)
    >>> pem.splitlines()[0]
    '-----BEGIN CERTIFICATE-----'
    """
    return classroom_chain(data_dir).root_pem.decode("ascii")


def _load_chain(folder: Path) -> SigningChain | None:
    """The stored chain if every file is present, consistent and not about to expire."""
    try:
        root_pem = (folder / _ROOT_CERT).read_bytes()
        signer_pem = (folder / _SIGNER_CERT).read_bytes()
        signer_key_pem = (folder / _SIGNER_KEY).read_bytes()
        root = x509.load_pem_x509_certificate(root_pem)
        signer = x509.load_pem_x509_certificate(signer_pem)
        signer_key = serialization.load_pem_private_key(signer_key_pem, password=None)
    except (OSError, ValueError, TypeError, UnsupportedAlgorithm):
        return None
    if not (_fresh(root) and _fresh(signer) and _issued_by(signer, root)):
        return None
    if signer_key.public_key().public_bytes(*_SPKI) != signer.public_key().public_bytes(*_SPKI):
        return None
    return SigningChain(
        certificates_pem=signer_pem + root_pem,
        private_key_pem=signer_key_pem,
        root_pem=root_pem,
        directory=folder,
    )


_SPKI = (serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def _fresh(cert: x509.Certificate) -> bool:
    now = _now()
    return cert.not_valid_before_utc <= now and cert.not_valid_after_utc - _RENEW_MARGIN > now


def _issued_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    try:
        cert.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def _root_usable(folder: Path) -> bool:
    """True when the root certificate and key are present, matching and fresh."""
    try:
        root = x509.load_pem_x509_certificate((folder / _ROOT_CERT).read_bytes())
        key = serialization.load_pem_private_key((folder / _ROOT_KEY).read_bytes(), password=None)
    except (OSError, ValueError, TypeError, UnsupportedAlgorithm):
        return False
    same_key = key.public_key().public_bytes(*_SPKI) == root.public_key().public_bytes(*_SPKI)
    return same_key and _fresh(root)


def _create_chain(folder: Path) -> None:
    """Make a new root and signer in a scratch folder, then move it into place in one step,
    so two programs starting at once never mix halves of two chains."""
    parent = folder.parent
    parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".classroom-ca-", dir=parent))
    os.chmod(scratch, 0o700)
    root_key = ec.generate_private_key(ec.SECP256R1())
    root = _root_certificate(root_key)
    _write_public(scratch / _ROOT_CERT, _pem(root))
    _write_secret(scratch / _ROOT_KEY, _key_pem(root_key))
    _write_signer(scratch, root, root_key)
    try:
        os.rename(scratch, folder)
    except OSError:  # another program created the chain meanwhile: use theirs
        _remove_tree(scratch)


def _renew_signer(folder: Path) -> None:
    """Issue a new signing certificate under the existing root."""
    root = x509.load_pem_x509_certificate((folder / _ROOT_CERT).read_bytes())
    root_key = serialization.load_pem_private_key((folder / _ROOT_KEY).read_bytes(), password=None)
    if not isinstance(root_key, ec.EllipticCurvePrivateKey):
        raise ValueError("the classroom root key is not an elliptic-curve key")
    _write_signer(folder, root, root_key)


def _write_signer(folder: Path, root: x509.Certificate, root_key: ec.EllipticCurvePrivateKey) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    cert = _signer_certificate(key, root, root_key)
    _write_secret(folder / _SIGNER_KEY, _key_pem(key))
    _write_public(folder / _SIGNER_CERT, _pem(cert))


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, ORGANIZATION),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "Teaching only, not a real identity"),
        ]
    )


def _key_usage(*, sign: bool, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=sign,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def _root_certificate(key: ec.EllipticCurvePrivateKey) -> x509.Certificate:
    """A CA certificate that may only issue end-entity certificates (path length 0)."""
    now = _now()
    name = _name(ROOT_COMMON_NAME)
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - _CLOCK_SLACK)
        .not_valid_after(now + _ROOT_LIFETIME)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(sign=False, ca=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )


def _signer_certificate(
    key: ec.EllipticCurvePrivateKey, root: x509.Certificate, root_key: ec.EllipticCurvePrivateKey
) -> x509.Certificate:
    """An end-entity certificate with what the C2PA SDK (c2pa-rs 0.91) checks for: version 3,
    not a CA, key usage digitalSignature, an extended key usage it accepts (emailProtection;
    it refuses documentSigning or the C2PA claim-signing OID alone), and an authority key
    identifier (without one it answers "the certificate is invalid")."""
    now = _now()
    not_after = min(now + _SIGNER_LIFETIME, root.not_valid_after_utc)
    return (
        x509.CertificateBuilder()
        .subject_name(_name(SIGNER_COMMON_NAME))
        .issuer_name(root.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - _CLOCK_SLACK)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(sign=True, ca=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _write_secret(path: Path, data: bytes) -> None:
    _write_atomic(path, data, 0o600)


def _write_public(path: Path, data: bytes) -> None:
    _write_atomic(path, data, 0o644)


def _write_atomic(path: Path, data: bytes, mode: int) -> None:
    """Write ``data`` to a new file created with ``mode`` (never briefly world-readable),
    then rename it over ``path``."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.{time.monotonic_ns()}")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(fd, "wb") as f:
            os.chmod(temp, mode)  # the umask may have removed bits: set exactly
            f.write(data)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _set_aside(folder: Path) -> None:
    """Rename an unusable chain folder rather than delete keys someone might want back."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    try:
        os.rename(folder, folder.with_name(f"{folder.name}.broken-{stamp}-{os.getpid()}"))
    except OSError:
        pass


def _remove_tree(folder: Path) -> None:
    for child in folder.iterdir():
        child.unlink(missing_ok=True)
    folder.rmdir()


# --------------------------------------------------------------------------- signing


def source_type_uri(term: str) -> str:
    """The IPTC URI for a digital source type (see :func:`looktwice.source_types.uri`).

    Parameters
    ----------
    term : str
        An IPTC term (``"digitalCapture"``) or its full URI.

    Returns
    -------
    str
        The full URI.

    Examples
    --------
    >>> from looktwice.writers.signing import source_type_uri
    >>> source_type_uri("digitalCapture")
    'http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture'
    """
    return uri(term)


def sign_image(
    data: bytes,
    *,
    title: str,
    digital_source_type: str,
    fmt: str | None = None,
    actions: Iterable[str | dict[str, Any]] | None = None,
    claim_generator: str = CLAIM_GENERATOR,
    software_agent: str | None = None,
    chain: SigningChain | None = None,
) -> bytes:
    """Sign an image with Content Credentials and return the signed file's bytes.

    Parameters
    ----------
    data : bytes
        The image file (PNG and JPEG; WebP, GIF and TIFF also work).
    title : str
        The title written in the manifest.
    digital_source_type : str
        How the picture was made, as an IPTC term (``"trainedAlgorithmicMedia"``,
        ``"digitalCapture"``, ...) or its full URI. It goes on the ``c2pa.created`` action.
    fmt : str, optional
        Pillow format name, extension or MIME type; guessed from the bytes when omitted.
    actions : list, optional
        Further actions after ``c2pa.created``: action names (``"c2pa.edited"``) or action
        dicts as C2PA writes them. A ``c2pa.created`` action is always first (C2PA requires it).
    claim_generator : str
        The program that signs: this kit, "Look Twice classroom", unless a lesson says otherwise.
    software_agent : str, optional
        The tool the actions claim made the picture (defaults to ``claim_generator``).
    chain : SigningChain, optional
        Who signs; the classroom chain (:func:`classroom_chain`) by default.

    Returns
    -------
    bytes
        The signed file, in the same format: the pixels untouched, a C2PA manifest added.

    Raises
    ------
    ValueError
        For an unknown source type or a format C2PA cannot sign (checked before any key is
        made).

    Notes
    -----
    Everything happens in memory and offline: no timestamp authority, no network.

    Examples
    --------
    >>> import io, tempfile
    >>> from PIL import Image
    >>> from looktwice.analyses.credentials import read_credentials
    >>> from looktwice.writers.signing import classroom_chain, sign_image, trust_anchor_pem
    >>> buf = io.BytesIO()
    >>> Image.new("RGB", (64, 48), "plum").save(buf, "PNG")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     chain = classroom_chain(folder)
    ...     signed = sign_image(
    ...         buf.getvalue(), title="plum.png", digital_source_type="trainedAlgorithmicMedia", chain=chain
    ...     )
    ...     anchor = trust_anchor_pem(folder)
    >>> trusted = read_credentials(signed, "image/png", trust_anchors_pem=anchor)
    >>> read_credentials(signed, "image/png").state, trusted.state
    ('valid_untrusted', 'valid')
    >>> trusted.source_types
    ['trainedAlgorithmicMedia']
    """
    import c2pa

    mime = mime_type(fmt) if fmt else sniff_mime_type(data)
    manifest = _manifest(
        title=title,
        source_type=source_type_uri(digital_source_type),
        actions=list(actions or []),
        claim_generator=claim_generator,
        agent=software_agent or claim_generator,
    )
    chain = chain or classroom_chain()  # after the checks: a typo makes no keys
    settings = {**OFFLINE_SETTINGS, "builder": {"thumbnail": {"enabled": False}}}
    info = c2pa.C2paSignerInfo(
        alg=b"es256", sign_cert=chain.certificates_pem, private_key=chain.private_key_pem, ta_url=None
    )
    out = io.BytesIO()
    with c2pa.Context.from_dict(settings) as context, c2pa.Signer.from_info(info) as signer:
        with c2pa.Builder(manifest, context=context) as builder:
            builder.sign(signer, mime, io.BytesIO(data), out)
    return out.getvalue()


def _manifest(
    *, title: str, source_type: str, actions: list[str | dict[str, Any]], claim_generator: str, agent: str
) -> dict[str, Any]:
    """The manifest definition the C2PA builder expects."""
    created = {"action": "c2pa.created", "digitalSourceType": source_type, "softwareAgent": {"name": agent}}
    listed = [_action(a, agent) for a in actions]
    if listed and listed[0].get("action") == "c2pa.created":
        created.update(listed.pop(0))
    return {
        "claim_generator_info": [{"name": claim_generator, "version": __version__}],
        "title": title,
        "assertions": [{"label": "c2pa.actions", "data": {"actions": [created, *listed]}}],
    }


def _action(action: str | dict[str, Any], agent: str) -> dict[str, Any]:
    if isinstance(action, str):
        return {"action": action, "softwareAgent": {"name": agent}}
    return dict(action)
