"""Content Credentials (C2PA): the signed label some images carry about how they were made.

A C2PA manifest is stored inside the file (PNG chunk ``caBX``, JPEG APP11 segments) and sealed
with a digital signature. It can say "made by generative AI" or "taken with a camera", list
what was done to the picture, and name who signed. This analysis reads it with the C2PA SDK
(``c2pa-python``) from the bytes in memory, checks the signature, and says in plain words
which of six states the file is in:

``none``
    no manifest (most images; a screenshot or re-save removes it);
``valid``
    signature fine and the signer chains to a trust anchor the kit was given;
``valid_untrusted``
    signature fine, nothing changed since signing, but the signer is unknown to the kit;
``tampered``
    the pixels or the label were changed after signing (a hash no longer matches);
``invalid``
    another signature or certificate problem (expired, not allowed to sign, forged...);
``unreadable``
    C2PA data is there but damaged, or stored on a website the kit does not fetch.

Everything is offline: remote manifests, certificate status (OCSP) and every other network
access are switched off. The kit has no trust list by default (real ones must be downloaded);
a PEM file of trust anchors can be named with ``LOOKTWICE_TRUST_ANCHORS`` or passed to
:func:`read_credentials`.
"""

from __future__ import annotations

import io
import json
import os
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from cryptography import x509

from ..c2pa_offline import OFFLINE_SETTINGS, mime_type
from ..containers import PNG_SIGNATURE, jpeg_segments, png_chunks
from ..evidence import Finding, Points, Strength
from ..image_file import Specimen
from ..limits import MANIFEST_ITEMS, MANIFEST_JSON_CHARS
from ..source_types import IPTC_BASE as IPTC_SOURCE_TYPE_PREFIX
from ..source_types import lookup
from ..text import Text, join
from .base import AnalysisResult

#: Environment variable naming a PEM file of trust anchors (root certificates) to trust.
TRUST_ANCHORS_ENV = "LOOKTWICE_TRUST_ANCHORS"

State = Literal["none", "valid", "valid_untrusted", "tampered", "invalid", "unreadable"]
STATES: tuple[State, ...] = ("none", "valid", "valid_untrusted", "tampered", "invalid", "unreadable")

#: Longest text taken from a manifest (titles, names): manifests are written by strangers.
_MAX_TEXT = 200


# --------------------------------------------------------------------------- vocabulary


#: Actions that change what the picture shows (the others open, convert or publish it).
EDIT_ACTIONS = frozenset(
    {
        "c2pa.edited",
        "c2pa.cropped",
        "c2pa.resized",
        "c2pa.color_adjustments",
        "c2pa.filtered",
        "c2pa.drawing",
        "c2pa.placed",
        "c2pa.removed",
        "c2pa.orientation",
        "c2pa.redacted",
    }
)

ACTION_NAMES: dict[str, Text] = {
    "c2pa.created": Text("created", "créée"),
    "c2pa.opened": Text("opened", "ouverte"),
    "c2pa.edited": Text("edited", "retouchée"),
    "c2pa.cropped": Text("cropped", "recadrée"),
    "c2pa.resized": Text("resized", "redimensionnée"),
    "c2pa.color_adjustments": Text("colours adjusted", "couleurs ajustées"),
    "c2pa.filtered": Text("filtered", "filtrée"),
    "c2pa.drawing": Text("drawn on", "dessin ajouté"),
    "c2pa.placed": Text("an element placed in it", "un élément inséré"),
    "c2pa.removed": Text("an element removed", "un élément supprimé"),
    "c2pa.orientation": Text("rotated or flipped", "tournée ou retournée"),
    "c2pa.redacted": Text("parts hidden (redacted)", "des parties masquées"),
    "c2pa.converted": Text("converted to another format", "convertie dans un autre format"),
    "c2pa.transcoded": Text("re-encoded", "réencodée"),
    "c2pa.repackaged": Text("repackaged", "réempaquetée"),
    "c2pa.published": Text("published", "publiée"),
    "c2pa.watermarked": Text("watermarked", "marquée d'un filigrane"),
    "c2pa.edited.metadata": Text("its metadata edited", "ses métadonnées modifiées"),
}

#: Validation codes that mean the file or the label changed after signing.
_TAMPER_CODES = frozenset({"assertion.missing", "assertion.hashedURI.missing"})
#: Validation codes that mean the C2PA data itself is malformed.
_MALFORMED_CODES = frozenset(
    {
        "claim.malformed",
        "manifest.malformed",
        "claim.cbor.invalid",
        "manifest.inaccessible",
        "manifest.compressed.invalid",
        "claim.missing",
    }
)

#: Why a signature is invalid, in plain words, for the codes a class is likely to meet.
_INVALID_REASONS: dict[str, Text] = {
    "claimSignature.mismatch": Text(
        "the signature does not match the label: the label was altered or the signature forged",
        "la signature ne correspond pas à l'étiquette : l'étiquette a été modifiée ou la signature falsifiée",
    ),
    "signingCredential.expired": Text("the signer's certificate has expired", "le certificat du signataire a expiré"),
    "signingCredential.revoked": Text(
        "the signer's certificate was cancelled (revoked)", "le certificat du signataire a été révoqué"
    ),
    "signingCredential.invalid": Text(
        "the signer's certificate is not fit to sign", "le certificat du signataire n'est pas fait pour signer"
    ),
    "claimSignature.outsideValidity": Text(
        "it was signed outside the certificate's validity dates",
        "elle a été faite en dehors des dates de validité du certificat",
    ),
    "assertion.action.malformed": Text(
        "the list of actions breaks the C2PA rules", "la liste des actions ne respecte pas les règles C2PA"
    ),
}


# --------------------------------------------------------------------------- result


#: The Content Credentials states, each with a few words for people (tables, the app, lessons).
STATE_LABELS: dict[str, Text] = {
    "none": Text("no credentials", "aucune étiquette signée"),
    "valid": Text("intact, signer trusted", "intacte, signataire de confiance"),
    "valid_untrusted": Text("intact, signer unknown", "intacte, signataire inconnu"),
    "tampered": Text("changed after signing", "modifiée après signature"),
    "invalid": Text("signature does not check out", "signature non valable"),
    "unreadable": Text("damaged, cannot be read", "abîmée, illisible"),
}


@dataclass(kw_only=True)
class CredentialsResult(AnalysisResult):
    """What the Content Credentials in a file say, and whether their signature holds."""

    name = "credentials"
    state: State
    validation_state: str | None = None
    claim_generator: str | None = None
    title: str | None = None
    signer: dict[str, str] = field(default_factory=dict)
    trusted: bool = False
    trust_anchor_count: int = 0
    actions: list[dict[str, str]] = field(default_factory=list)
    source_types: list[str] = field(default_factory=list)
    ingredients: list[dict[str, Any]] = field(default_factory=list)
    codes: dict[str, list[str]] = field(default_factory=dict)
    manifest_count: int = 0
    remote_url: str | None = None
    error: str | None = None
    notes: list[Text] = field(default_factory=list)

    @property
    def present(self) -> bool:
        """True when the file carries C2PA data, readable or not."""
        return self.state != "none"

    def data(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "present": self.present,
            "validation_state": self.validation_state,
            "claim_generator": self.claim_generator,
            "title": self.title,
            "signer": dict(self.signer),
            "trusted": self.trusted,
            "trust_anchor_count": self.trust_anchor_count,
            "actions": [dict(a) for a in self.actions],
            "digital_source_types": list(self.source_types),
            "digital_source_type_names": [_source_label(t).en for t in self.source_types],
            "declares_ai": any(_points(t) is Points.GENERATED for t in self.source_types),
            "ingredients": [dict(i) for i in self.ingredients],
            "validation_codes": {k: list(v) for k, v in self.codes.items()},
            "manifest_count": self.manifest_count,
            "remote_url": self.remote_url,
            "error": self.error,
            "notes": [n.to_dict() for n in self.notes],
        }


# --------------------------------------------------------------------------- entry points


def analyse(specimen: Specimen) -> CredentialsResult:
    """Read the Content Credentials (C2PA) of an opened image.

    The signer is trusted only if it chains to an anchor named by ``LOOKTWICE_TRUST_ANCHORS``
    (none by default, so a valid signature reads "valid but untrusted"). Nothing is fetched
    from the network. To read bytes with anchors of your own, use :func:`read_credentials`.

    Parameters
    ----------
    specimen : Specimen
        The image, opened by :func:`looktwice.image_file.open_specimen`.

    Returns
    -------
    CredentialsResult
        The state (``"none"``, ``"valid"``, ``"valid_untrusted"``, ``"tampered"``,
        ``"invalid"``, ...), what the manifest declares and who signed it.

    Examples
    --------
    Most pictures carry no credentials at all (see :func:`looktwice.writers.signing.sign_image`
    for a signed one):

    >>> import io
    >>> from PIL import Image
    >>> from looktwice.analyses import credentials
    >>> from looktwice.image_file import open_specimen
    >>> buf = io.BytesIO()
    >>> Image.new("RGB", (64, 48), "teal").save(buf, "PNG")
    >>> result = credentials.analyse(open_specimen(buf.getvalue()))
    >>> result.state, result.present, result.findings
    ('none', False, [])
    """
    anchors, notes = trust_anchors_from_env()
    try:
        mime = mime_type(specimen.format)
    except ValueError:
        return _unsupported_format(specimen.format, notes)
    result = read_credentials(specimen.raw, mime, trust_anchors_pem=anchors)
    if notes:
        result.notes[:0] = notes
        _finish(result)  # so that the explanation mentions them
    return result


def read_credentials(raw: bytes, mime: str, trust_anchors_pem: str | bytes | None = None) -> CredentialsResult:
    """Read and check the C2PA manifest in a file's bytes, offline, without writing anything.

    ``mime`` is the file's MIME type (``"image/png"``, ``"image/jpeg"``...). ``trust_anchors_pem``
    is PEM text holding the root certificates to trust (for example the classroom root from
    :func:`looktwice.writers.signing.trust_anchor_pem`); without it no signer can be "trusted". Never
    raises on bad data: damaged C2PA data gives the ``unreadable`` state.
    """
    import c2pa  # here, not at the top: a broken native library then only disables this analysis

    anchors, count, notes = _parse_anchors(trust_anchors_pem)
    try:
        store = _read_store(c2pa, raw, mime, anchors)
    except c2pa.C2paError.NotSupported:
        return _unsupported_format(mime, notes)
    except _NoManifest:
        if has_c2pa_container(raw):
            return _unreadable(None, "C2PA data found but not recognised", count, notes)
        return _finish(
            CredentialsResult(
                state="none", trust_anchor_count=count, notes=notes, headline=Text("", ""), explanation=Text("", "")
            )
        )
    except Exception as exc:  # any SDK or parsing failure is "unreadable", never a crash
        message = _clean(str(exc) or type(exc).__name__, 500)
        return _unreadable(_remote_url(message), message, count, notes)
    try:
        return _finish(_interpret(store, count, notes))
    except Exception as exc:  # a manifest shaped in a way nobody planned for
        return _unreadable(None, _clean(f"{type(exc).__name__}: {exc}", 500), count, notes)


def trust_anchors_from_env() -> tuple[str | None, list[Text]]:
    """The PEM text of the file named by ``LOOKTWICE_TRUST_ANCHORS``, or None; a file that
    cannot be read is reported in a note instead of stopping the analysis."""
    path = os.environ.get(TRUST_ANCHORS_ENV)
    if not path:
        return None, []
    try:
        with open(path, encoding="ascii", errors="replace") as f:
            return f.read(), []
    except OSError as exc:
        return None, [
            Text(
                f"The trust anchor file named by {TRUST_ANCHORS_ENV} could not be read "
                f"({exc.strerror or exc}); no signer is trusted.",
                f"Le fichier d'ancres de confiance indiqué par {TRUST_ANCHORS_ENV} n'a pas pu "
                f"être lu ({exc.strerror or exc}) ; aucun signataire n'est de confiance.",
            )
        ]


def has_c2pa_container(raw: bytes) -> bool:
    """True when the file has a place where C2PA data lives: a PNG ``caBX`` chunk or a JPEG
    APP11 segment holding C2PA JUMBF (``JP`` then a ``c2pa`` box). It tells "no credentials"
    from "credentials the SDK could not even recognise"."""
    if raw.startswith(PNG_SIGNATURE):
        return any(kind == b"caBX" for kind, _ in png_chunks(raw, strict=False))
    if raw.startswith(b"\xff\xd8"):
        segments, _scan = jpeg_segments(raw, strict=False)
        app11 = [segment[4:] for marker, segment in segments if marker == 0xEB]
        return any(p.startswith(b"JP") and b"c2pa" in p[:128] for p in app11)
    return False


# --------------------------------------------------------------------------- reading


class _NoManifest(Exception):
    """The SDK found no C2PA data."""


def reader_settings(trust_anchors_pem: str | None = None) -> dict[str, Any]:
    """C2PA SDK settings for reading: offline, and trusting only the anchors given."""
    settings = {**OFFLINE_SETTINGS, "verify": {**OFFLINE_SETTINGS["verify"], "verify_trust": True}}
    if trust_anchors_pem:
        settings["trust"] = {"trust_anchors": trust_anchors_pem}
    return settings


def _read_store(c2pa: Any, raw: bytes, mime: str, anchors: str | None) -> dict[str, Any]:
    """The manifest store as JSON, read by the SDK from memory with offline settings."""
    with c2pa.Context.from_dict(reader_settings(anchors)) as context:
        try:
            reader = c2pa.Reader(mime, io.BytesIO(raw), context=context)
        except c2pa.C2paError.ManifestNotFound:
            raise _NoManifest from None
        with reader:
            text = reader.json()
    if len(text) > MANIFEST_JSON_CHARS:
        raise ValueError(
            f"the manifest store is longer than {MANIFEST_JSON_CHARS:,} characters, more than Look Twice reads"
        )
    store = json.loads(text)
    if not isinstance(store, dict):
        raise ValueError("the manifest store is not a JSON object")
    return store


def _parse_anchors(pem: str | bytes | None) -> tuple[str | None, int, list[Text]]:
    """Check the trust anchors before giving them to the SDK: a bad file becomes a note."""
    if not pem:
        return None, 0, []
    data = pem.encode("ascii", "replace") if isinstance(pem, str) else pem
    try:
        certs = x509.load_pem_x509_certificates(data)
    except ValueError:
        return (
            None,
            0,
            [
                Text(
                    "The trust anchors given are not PEM certificates; no signer is trusted.",
                    "Les ancres de confiance fournies ne sont pas des certificats PEM ; aucun "
                    "signataire n'est de confiance.",
                )
            ],
        )
    return data.decode("ascii", "replace"), len(certs), []


def _remote_url(message: str) -> str | None:
    """The URL of a remote manifest the SDK refused to fetch (its message starts "Remote:")."""
    if not message.lower().startswith("remote"):
        return None
    match = re.search(r"https?://[^\s\"']+", message)
    return match.group(0) if match else "unknown"


# --------------------------------------------------------------------------- interpreting


def _interpret(store: dict[str, Any], count: int, notes: list[Text]) -> CredentialsResult:
    """Turn the SDK's manifest store into a result (headline and findings come later)."""
    manifests = _as_dict(store.get("manifests"))
    active = _as_dict(manifests.get(store.get("active_manifest")))
    codes = _codes(store)
    state = classify(store.get("validation_state"), codes["failure"])
    signature = _as_dict(active.get("signature_info"))
    if len(_as_list(active.get("ingredients"))) > MANIFEST_ITEMS or len(_action_entries(active)) > MANIFEST_ITEMS:
        notes = [*notes, _too_many_items()]
    return CredentialsResult(
        state=state,
        validation_state=_text_or_none(store.get("validation_state")),
        claim_generator=_claim_generator(active),
        title=_text_or_none(active.get("title")),
        signer={
            k: _clean(signature[k]) for k in ("issuer", "common_name", "alg", "time") if signature.get(k) is not None
        },
        trusted=state == "valid",
        trust_anchor_count=count,
        actions=_actions(active),
        source_types=_source_types(active),
        ingredients=_ingredients(active, manifests),
        codes=codes,
        manifest_count=len(manifests),
        notes=notes,
        headline=Text("", ""),
        explanation=Text("", ""),
    )


def classify(validation_state: Any, failures: list[str]) -> State:
    """The kit's state from the SDK's ``validation_state`` and the failure codes of the active
    manifest. A changed file wins over every other problem: it is what a class can see."""
    if any(_is_tamper_code(c) for c in failures):
        return "tampered"
    if any(c in _MALFORMED_CODES for c in failures):
        return "unreadable"
    if validation_state == "Trusted":
        return "valid"
    if validation_state == "Valid":
        return "valid_untrusted"
    if validation_state == "Invalid":
        return "invalid"
    # no state given (older SDKs): judge from the codes alone
    other = [c for c in failures if c != "signingCredential.untrusted"]
    if other:
        return "invalid"
    return "valid_untrusted" if failures else "valid"


def _is_tamper_code(code: str) -> bool:
    if code in _TAMPER_CODES:
        return True
    return code.endswith(".mismatch") and code.startswith(("assertion.", "ingredient."))


def _codes(store: dict[str, Any]) -> dict[str, list[str]]:
    """Validation codes of the active manifest, by kind (success, informational, failure).
    Works for the whole store and for one ingredient, which carries its own results."""
    results = _as_dict(_as_dict(store.get("validation_results")).get("activeManifest"))
    if results:
        return {kind: _code_list(results.get(kind)) for kind in ("success", "informational", "failure")}
    return {"success": [], "informational": [], "failure": _code_list(store.get("validation_status"))}


def _code_list(entries: Any) -> list[str]:
    return [_clean(e.get("code")) for e in _as_list(entries) if isinstance(e, dict) and e.get("code")]


def _claim_generator(manifest: dict[str, Any]) -> str | None:
    infos = _as_list(manifest.get("claim_generator_info"))
    for info in infos:
        if isinstance(info, dict) and info.get("name"):
            version = info.get("version")
            return _clean(f"{info['name']} {version}" if version else info["name"])
    return _text_or_none(manifest.get("claim_generator"))


def _action_entries(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    entries = []
    for assertion in _as_list(manifest.get("assertions")):
        if isinstance(assertion, dict) and str(assertion.get("label", "")).startswith("c2pa.actions"):
            entries += [a for a in _as_list(_as_dict(assertion.get("data")).get("actions")) if isinstance(a, dict)]
        if len(entries) > MANIFEST_ITEMS:
            return entries[: MANIFEST_ITEMS + 1]  # one more than shown, so that the cap is noticed
    return entries


def _actions(manifest: dict[str, Any]) -> list[dict[str, str]]:
    """Each action as plain strings: its name, the software that did it, its source type."""
    out = []
    for entry in _action_entries(manifest)[:MANIFEST_ITEMS]:
        action = {"action": _clean(entry.get("action", "unknown"))}
        agent = entry.get("softwareAgent")
        agent = agent.get("name") if isinstance(agent, dict) else agent
        if agent:
            action["software_agent"] = _clean(agent)
        if entry.get("digitalSourceType"):
            action["digital_source_type"] = source_type_term(entry["digitalSourceType"])
        if entry.get("when"):
            action["when"] = _clean(entry["when"])
        out.append(action)
    return out


def _source_types(manifest: dict[str, Any]) -> list[str]:
    """Every digital source type the manifest declares, in actions or metadata, in order."""
    found: list[str] = []
    for entry in _action_entries(manifest):
        if entry.get("digitalSourceType"):
            found.append(source_type_term(entry["digitalSourceType"]))
    for assertion in _as_list(manifest.get("assertions")):
        if isinstance(assertion, dict) and not str(assertion.get("label", "")).startswith("c2pa.actions"):
            found += [source_type_term(v) for v in _values_for_source_type(assertion.get("data"))]
    return [t for t in dict.fromkeys(found) if t != "empty"]


def _values_for_source_type(node: Any, depth: int = 0) -> list[str]:
    """Values of keys named like ``DigitalSourceType`` anywhere in metadata assertions
    (IPTC ``Iptc4xmpExt:DigitalSourceType``, schema.org ...)."""
    if depth > 8:
        return []
    if isinstance(node, dict):
        out = []
        for key, value in node.items():
            if str(key).lower().endswith("digitalsourcetype") and isinstance(value, str):
                out.append(value)
            else:
                out += _values_for_source_type(value, depth + 1)
        return out
    if isinstance(node, list):
        return [v for item in node for v in _values_for_source_type(item, depth + 1)]
    return []


def source_type_term(uri: Any) -> str:
    """The short term of a digital source type URI (``.../trainedAlgorithmicMedia`` ->
    ``trainedAlgorithmicMedia``); other values are returned cleaned, unchanged."""
    text = _clean(uri)
    if text.startswith(IPTC_SOURCE_TYPE_PREFIX) or "digitalsourcetype" in text.lower():
        return text.rstrip("/").rsplit("/", 1)[-1]
    return text


def _ingredients(manifest: dict[str, Any], manifests: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for ingredient in _as_list(manifest.get("ingredients"))[:MANIFEST_ITEMS]:
        if not isinstance(ingredient, dict):
            continue
        own = _as_dict(manifests.get(ingredient.get("active_manifest")))
        checked = "validation_results" in ingredient or "validation_status" in ingredient
        out.append(
            {
                "title": _clean(ingredient.get("title", "")),
                "format": _clean(ingredient.get("format", "")),
                "relationship": _clean(ingredient.get("relationship", "")),
                "has_credentials": bool(own),
                "state": classify(None, _codes(ingredient)["failure"]) if own and checked else None,
                "digital_source_types": _source_types(own) if own else [],
            }
        )
    return out


def _points(term: str) -> Points | None:
    """Which way a declared source type points (None for a term the vocabulary lacks)."""
    known = lookup(term)
    return known.points if known else None


def _source_label(term: str) -> Text:
    known = lookup(term)
    return known.label if known else Text(f"'{term}'", f"« {term} »")


def _as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _too_many_items() -> Text:
    return Text(
        f"The manifest lists more than {MANIFEST_ITEMS} ingredients or actions; only the first "
        f"{MANIFEST_ITEMS} were read.",
        f"Le manifeste énumère plus de {MANIFEST_ITEMS} ingrédients ou actions\u202f; seuls les "
        f"{MANIFEST_ITEMS} premiers ont été lus.",
    )


def _clean(value: Any, limit: int = _MAX_TEXT) -> str:
    """Text from a manifest made safe to show: no control characters, bounded length."""
    text = "".join(ch for ch in str(value)[: 4 * limit] if ch.isprintable())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _text_or_none(value: Any) -> str | None:
    return _clean(value) if value not in (None, "") else None


# --------------------------------------------------------------------------- words


_WHAT = Text(
    "Content Credentials (the C2PA standard) are a label sealed inside the file with a digital "
    "signature: they say which program or camera made the picture, what was done to it, and "
    "who signed the label.",
    "Les identifiants de contenu (Content Credentials, la norme C2PA) sont une étiquette scellée dans "
    "le fichier par une signature numérique : ils disent quel programme ou quel appareil a fait l'image, ce qu'on "
    "lui a fait, et qui a signé l'étiquette.",
)

_LIMITS = Text(
    "A valid signature proves who signed and that nothing changed since, not that the picture "
    "is true: a signer can write a false label. And credentials are easy to remove: a screenshot "
    "or a re-save is enough.",
    "Une signature valide prouve qui a signé et que rien n'a changé depuis, pas que l'image dit "
    "vrai : un signataire peut écrire une fausse étiquette. Et ces étiquettes s'enlèvent "
    "facilement : une capture d'écran ou un nouvel enregistrement suffit.",
)

STATE_TEXT: dict[State, Text] = {
    "none": Text(
        "This file has no Content Credentials. That proves nothing: most images have none, and a "
        "screenshot or a re-save removes them.",
        "Ce fichier n'a pas d'identifiants de contenu. Cela ne prouve rien : la plupart des images "
        "n'en ont pas, et une capture d'écran ou un nouvel enregistrement les efface.",
    ),
    "valid": Text(
        "Valid and trusted: the file has not changed since it was signed, and the signer's "
        "certificate leads back to a root certificate Look Twice was told to trust.",
        "Valide et de confiance : le fichier n'a pas changé depuis sa signature, et le certificat "
        "du signataire remonte à un certificat racine que Look Twice a reçu comme fiable.",
    ),
    "valid_untrusted": Text(
        "Valid but untrusted: the file was not changed since it was signed, but Look Twice cannot "
        "tell who the signer really is. Its certificate is on no trust list Look Twice has (it "
        "downloads none), and anyone can make a certificate with any name on it.",
        "Valide mais pas de confiance : le fichier n'a pas changé depuis sa signature, mais Look "
        "Twice ne peut pas savoir qui est vraiment le signataire. Son certificat ne figure sur "
        "aucune liste de confiance de Look Twice (il n'en télécharge aucune), et n'importe qui "
        "peut fabriquer un certificat à n'importe quel nom.",
    ),
    "tampered": Text(
        "Tampered: the picture or its label was changed after it was signed (a digital "
        "fingerprint no longer matches). What the label says can no longer be trusted: it "
        "describes the file as it was before the change.",
        "Modifié : l'image ou son étiquette a changé après la signature (une empreinte numérique "
        "ne correspond plus). Ce que dit l'étiquette n'est plus fiable : elle décrit le fichier "
        "tel qu'il était avant la modification.",
    ),
    "invalid": Text(
        "Invalid: the label is there but its signature does not check out, so what it says is unproven.",
        "Invalide : l'étiquette est là mais sa signature n'est pas bonne ; ce qu'elle dit n'est donc pas prouvé.",
    ),
    "unreadable": Text(
        "Unreadable: the file contains Content Credentials data, but it is damaged or in a form "
        "Look Twice cannot read, so nothing in it can be checked.",
        "Illisible : le fichier contient des identifiants de contenu, mais ils sont abîmés "
        "ou sous une forme que Look Twice ne sait pas lire ; rien ne peut donc y être vérifié.",
    ),
}


def _remote_text(url: str) -> Text:
    return Text(
        f"The file says its credentials are kept on a website ({url}). Look Twice works offline "
        "and does not fetch them, so nothing could be checked.",
        f"Le fichier indique que ses identifiants de contenu sont sur un site web ({url}). Look Twice "
        "fonctionne hors ligne et ne va pas les chercher : rien n'a pu être vérifié.",
    )


def _signer_name(result: CredentialsResult) -> Text:
    name = result.signer.get("common_name")
    issuer = result.signer.get("issuer")
    if name and issuer and issuer not in name:
        return Text(f"{name} ({issuer})", f"{name} ({issuer})")
    if name or issuer:
        return Text(name or issuer or "", name or issuer or "")
    return Text("an unnamed signer", "un signataire sans nom")


def _main_source_type(result: CredentialsResult) -> str | None:
    """The source type that matters most: any AI declaration, else the first one."""
    for term in result.source_types:
        if _points(term) is Points.GENERATED:
            return term
    return result.source_types[0] if result.source_types else None


def _headline(result: CredentialsResult) -> Text:
    state = result.state
    main = _main_source_type(result)
    said = Text("", "")
    if main:
        label = _source_label(main)
        said = Text(f"The label declares: {label.en}.", f"L'étiquette déclare : {label.fr}.")
    who = _signer_name(result)
    if state == "none":
        return Text(
            "No Content Credentials in this file (most images have none).",
            "Pas d'identifiants de contenu dans ce fichier (la plupart des images n'en ont pas).",
        )
    if state == "valid":
        return (
            Text(
                f"Content Credentials: valid and trusted, signed by {who.en}.",
                f"Identifiants de contenu : valides et de confiance, signés par {who.fr}.",
            )
            + said
        )
    if state == "valid_untrusted":
        return (
            Text(
                f"Content Credentials: valid but untrusted (signed by {who.en}, a signer Look Twice cannot vouch for).",
                f"Identifiants de contenu : valides mais pas de confiance (signés par {who.fr}, "
                "un signataire que Look Twice ne peut pas garantir).",
            )
            + said
        )
    if state == "tampered":
        if main:
            label = _source_label(main)
            said = Text(
                f'The label said "{label.en}", but that can no longer be trusted.',
                f"L'étiquette disait « {label.fr} », mais ce n'est plus fiable.",
            )
        return (
            Text(
                "Content Credentials: the file was changed after it was signed.",
                "Content Credentials : le fichier a été modifié après sa signature.",
            )
            + said
        )
    if state == "invalid":
        return Text(
            "Content Credentials: present, but the signature does not check out.",
            "Content Credentials : présentes, mais la signature n'est pas bonne.",
        )
    if result.remote_url:
        return Text(
            "Content Credentials: kept on a website, not checked (Look Twice works offline).",
            "Content Credentials : stockées sur un site web, non vérifiées (Look Twice fonctionne hors ligne).",
        )
    return Text(
        "Content Credentials: present but unreadable (damaged data).",
        "Identifiants de contenu : présents mais illisibles (données abîmées).",
    )


def _details(result: CredentialsResult) -> list[Text]:
    """Sentences on what the label says: generator, declaration, actions, ingredients."""
    parts: list[Text] = []
    if result.state == "invalid":
        reasons = [_INVALID_REASONS[c] for c in result.codes.get("failure", []) if c in _INVALID_REASONS]
        if reasons:
            parts.append(_sentence(Text("Reason: ", "Raison : "), reasons, "; "))
    if result.claim_generator:
        parts.append(
            Text(
                f"The label was written by: {result.claim_generator}.",
                f"L'étiquette a été écrite par : {result.claim_generator}.",
            )
        )
    if result.source_types:
        labels = [_source_label(t) for t in result.source_types]
        parts.append(
            _sentence(
                Text(
                    "How the picture was made, according to the label: ",
                    "Comment l'image a été faite, d'après l'étiquette : ",
                ),
                labels,
                "; ",
            )
        )
    steps = [ACTION_NAMES.get(a["action"], Text(a["action"], a["action"])) for a in result.actions]
    if steps:
        parts.append(_sentence(Text("Recorded steps: ", "Étapes enregistrées : "), steps))
    if result.ingredients:
        titles = ", ".join(i["title"] or "?" for i in result.ingredients)
        parts.append(
            Text(
                f"It was made from {len(result.ingredients)} other file(s): {titles}.",
                f"Elle a été faite à partir de {len(result.ingredients)} autre(s) fichier(s) : {titles}.",
            )
        )
    return parts


def _sentence(prefix: Text, items: list[Text], sep: str = ", ") -> Text:
    """``prefix`` followed by ``items`` joined with ``sep``, and a full stop."""
    return Text(prefix.en + sep.join(i.en for i in items) + ".", prefix.fr + sep.join(i.fr for i in items) + ".")


def _explanation(result: CredentialsResult) -> Text:
    parts = [_WHAT]
    if result.state == "unreadable" and result.remote_url:
        parts.append(_remote_text(result.remote_url))
    else:
        parts.append(STATE_TEXT[result.state])
    parts += _details(result)
    parts += result.notes
    if result.state != "none":
        parts.append(_LIMITS)
    return join(parts)


def _findings(result: CredentialsResult) -> list[Finding]:
    """Declared findings from an intact label; context findings for edits and tampering."""
    if result.state == "tampered":
        return [
            Finding(
                Strength.CONTEXT,
                Points.EDITED,
                "credentials",
                Text(
                    "The file was changed after its Content Credentials were signed; what they declare "
                    "can no longer be trusted.",
                    "Le fichier a été modifié après la signature de ses identifiants de contenu ; ce "
                    "qu'ils déclarent n'est plus fiable.",
                ),
            )
        ]
    if result.state not in ("valid", "valid_untrusted"):
        return []
    findings = _declared(result)
    edited = _edit_finding(result)
    return findings + ([edited] if edited else [])


def _declared(result: CredentialsResult) -> list[Finding]:
    trust = (
        Text("signer trusted", "signataire de confiance")
        if result.trusted
        else Text("signer not verified", "signataire non vérifié")
    )
    families = {_points(t): t for t in reversed(result.source_types)}
    term = families.get(Points.GENERATED)
    if term:
        label = _source_label(term)
        return [
            Finding(
                Strength.DECLARED,
                Points.GENERATED,
                "credentials",
                Text(
                    f"The Content Credentials declare: {label.en} (IPTC '{term}'). They are intact "
                    f"since signing ({trust.en}).",
                    f"Les identifiants de contenu déclarent : {label.fr} (IPTC « {term} »). Ils sont "
                    f"intacts depuis la signature ({trust.fr}).",
                ),
            )
        ]
    parent = _ai_ingredient(result)
    if parent:
        term = next(t for t in parent["digital_source_types"] if _points(t) is Points.GENERATED)
        label, title = _source_label(term), parent["title"] or "?"
        return [
            Finding(
                Strength.DECLARED,
                Points.GENERATED,
                "credentials",
                Text(
                    f"The picture was made from another file ({title}) whose own Content Credentials "
                    f"declare: {label.en} (IPTC '{term}'). Both labels are intact ({trust.en}).",
                    f"L'image a été faite à partir d'un autre fichier ({title}) dont les propres "
                    f"identifiants de contenu déclarent : {label.fr} (IPTC « {term} »). Les deux étiquettes sont "
                    f"intactes ({trust.fr}).",
                ),
            )
        ]
    term = families.get(Points.CAPTURED)
    if term:
        label = _source_label(term)
        return [
            Finding(
                Strength.DECLARED,
                Points.CAPTURED,
                "credentials",
                Text(
                    f"The Content Credentials declare: {label.en} (IPTC '{term}'). They are intact "
                    f"since signing ({trust.en}), but this is what the signer says, not proof that the "
                    "scene is real.",
                    f"Les identifiants de contenu déclarent : {label.fr} (IPTC « {term} »). Ils sont "
                    f"intacts depuis la signature ({trust.fr}), mais c'est ce que dit le signataire, "
                    "pas la preuve que la scène est réelle.",
                ),
            )
        ]
    return []


def _ai_ingredient(result: CredentialsResult) -> dict[str, Any] | None:
    """The first ingredient used in the picture whose intact credentials declare AI."""
    for ingredient in result.ingredients:
        if (
            ingredient["relationship"] in ("parentOf", "componentOf")
            and ingredient["state"] in ("valid", "valid_untrusted")
            and any(_points(t) is Points.GENERATED for t in ingredient["digital_source_types"])
        ):
            return ingredient
    return None


def _edit_finding(result: CredentialsResult) -> Finding | None:
    edits = [
        ACTION_NAMES.get(a["action"], Text(a["action"], a["action"]))
        for a in result.actions
        if a["action"] in EDIT_ACTIONS
    ]
    edits += [_source_label(t) for t in result.source_types if _points(t) is Points.EDITED]
    if not edits:
        return None
    return Finding(
        Strength.CONTEXT,
        Points.EDITED,
        "credentials",
        _sentence(
            Text(
                "The Content Credentials record changes to the picture: ",
                "Les identifiants de contenu enregistrent des modifications de l'image : ",
            ),
            edits,
        ),
    )


def _finish(result: CredentialsResult) -> CredentialsResult:
    """Fill in the headline, explanation and findings from the facts."""
    result.headline = _headline(result)
    result.explanation = _explanation(result)
    result.findings = _findings(result)
    return result


def _unreadable(url: str | None, error: str, count: int, notes: list[Text]) -> CredentialsResult:
    return _finish(
        CredentialsResult(
            state="unreadable",
            remote_url=url,
            error=error,
            trust_anchor_count=count,
            notes=notes,
            headline=Text("", ""),
            explanation=Text("", ""),
        )
    )


def _unsupported_format(fmt: str, notes: list[Text]) -> CredentialsResult:
    note = Text(
        f"Look Twice does not read Content Credentials in {fmt} files.",
        f"Look Twice ne lit pas les identifiants de contenu dans les fichiers {fmt}.",
    )
    return _finish(
        CredentialsResult(state="none", notes=[*notes, note], headline=Text("", ""), explanation=Text("", ""))
    )
