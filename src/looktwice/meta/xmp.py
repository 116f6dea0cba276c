"""Find the XMP packet and read the fields that say how an image was made.

XMP is XML, but files in the wild carry broken XML often enough that a strict parser would
lose the one field that matters. The fields are therefore found with patterns that accept both
the attribute form (``Iptc4xmpExt:DigitalSourceType="..."``) and the element form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from PIL import Image

_PACKET = re.compile(rb"<x:xmpmeta.*?</x:xmpmeta>", re.S)
_FIELDS = {
    "digital_source_type": "DigitalSourceType",
    "ai_system": "AISystemUsed",
    "ai_system_version": "AISystemVersion",
    "ai_prompt": "AIPromptInformation",
    "creator_tool": "CreatorTool",
    "credit": "Credit",
}


@dataclass
class XmpInfo:
    present: bool = False
    fields: dict[str, str] = field(default_factory=dict)


def find_packet(opened: Image.Image, raw: bytes) -> str | None:
    """The XMP packet as text, from Pillow's info or, failing that, from the raw bytes."""
    for key in ("xmp", "XML:com.adobe.xmp"):
        value = opened.info.get(key)
        if value:
            return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    match = _PACKET.search(raw)
    return match.group(0).decode("utf-8", "replace") if match else None


def _field(packet: str, name: str) -> str | None:
    attr = re.search(rf"[\w-]+:{name}\s*=\s*([\"'])(.*?)\1", packet, re.S)
    if attr:
        return attr.group(2).strip()
    elem = re.search(rf"<[\w-]+:{name}(?:\s[^>]*)?>(.*?)</[\w-]+:{name}>", packet, re.S)
    if elem:
        inner = re.sub(r"<[^>]+>", " ", elem.group(1))
        return " ".join(inner.split()) or None
    resource = re.search(rf"<[\w-]+:{name}\s[^>]*rdf:resource\s*=\s*([\"'])(.*?)\1", packet, re.S)
    return resource.group(2).strip() if resource else None


def read_xmp(opened: Image.Image, raw: bytes) -> XmpInfo:
    """The XMP fields the kit talks about (digital source type, AI system, creator tool)."""
    packet = find_packet(opened, raw)
    if not packet:
        return XmpInfo()
    info = XmpInfo(present=True)
    for key, name in _FIELDS.items():
        value = _field(packet, name)
        if value:
            info.fields[key] = value[:500]
    return info
