"""What reading and writing Content Credentials both need: the C2PA SDK's offline settings and
the MIME types it is given.

The credentials analysis (a reader) and :mod:`looktwice.writers.signing` (a writer) both import from
here, so that no reader depends on a writer.

>>> mime_type("jpg")
'image/jpeg'
>>> sniff_mime_type(b"\\x89PNG\\r\\n\\x1a\\n....")
'image/png'
"""

from __future__ import annotations

from typing import Any

_MIME_TYPES = {
    "png": "image/png",
    "jpeg": "image/jpeg",
    "jpg": "image/jpeg",
    "mpo": "image/jpeg",
    "webp": "image/webp",
    "tiff": "image/tiff",
    "tif": "image/tiff",
    "gif": "image/gif",
    "avif": "image/avif",
    "heif": "image/heif",
    "heic": "image/heic",
}

#: Settings for the C2PA SDK that keep every operation offline. c2pa 0.38 ignores unknown
#: keys silently, so these names were checked against the SDK (tests prove they take effect):
#: no remote manifest fetch, no OCSP fetch, and an empty list of hosts the SDK may contact.
OFFLINE_SETTINGS: dict[str, Any] = {
    "version": 1,
    "verify": {"remote_manifest_fetch": False, "ocsp_fetch": False},
    "core": {"allowed_network_hosts": []},
}


def mime_type(fmt: str) -> str:
    """The MIME type for a Pillow format name (``"PNG"``), an extension (``"jpg"``) or a MIME
    type; raises ValueError for formats the kit does not sign or read credentials in."""
    key = fmt.strip().lower()
    if "/" in key:
        if key in _MIME_TYPES.values():
            return key
    elif key.lstrip(".") in _MIME_TYPES:
        return _MIME_TYPES[key.lstrip(".")]
    raise ValueError(f"Content Credentials are not supported for the format {fmt!r}")


def sniff_mime_type(data: bytes) -> str:
    """The MIME type of image bytes, from their first bytes (PNG, JPEG, WebP, GIF, TIFF)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "image/tiff"
    raise ValueError("the data is not a PNG, JPEG, WebP, GIF or TIFF image")
