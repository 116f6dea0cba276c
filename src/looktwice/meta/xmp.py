"""Find the XMP packet and read the fields that say how an image was made.

XMP is XML. The packet is found with plain byte searches (linear in the file's size), cut at
:data:`~looktwice.limits.XMP_BYTES`, and read by Python's expat parser as a stream: every
field met before the end, or before the first XML error, is kept, because files in the wild
carry broken XML often enough that giving up at the first error would lose the one field that
matters. A DOCTYPE, an entity declaration or a reference to an external entity stops the
reading there: XMP never needs them, and they are how XML files attack their readers
("billion laughs", reading local files).

Fields are recognised by their local name whatever the namespace prefix, in both the
attribute form (``Iptc4xmpExt:DigitalSourceType="..."``), the element form (text inside,
possibly in an ``rdf:Alt``) and the ``rdf:resource`` form.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.parsers import expat

from PIL import Image

from ..limits import XMP_BYTES

_START, _END = b"<x:xmpmeta", b"</x:xmpmeta>"
_FIELDS = {
    "digital_source_type": "DigitalSourceType",
    "ai_system": "AISystemUsed",
    "ai_system_version": "AISystemVersion",
    "ai_prompt": "AIPromptInformation",
    "creator_tool": "CreatorTool",
    "credit": "Credit",
}
_KEYS = {name: key for key, name in _FIELDS.items()}
#: Longest value kept for one field, in characters.
FIELD_CHARS = 500


@dataclass
class XmpInfo:
    """Whether the file has XMP, the fields the kit talks about, and whether the packet was
    longer than the kit reads (``truncated``) or stopped being valid XML (``broken``)."""

    present: bool = False
    fields: dict[str, str] = field(default_factory=dict)
    truncated: bool = False
    broken: bool = False


def find_packet(opened: Image.Image, raw: bytes) -> tuple[bytes | None, bool]:
    """The XMP packet's bytes, from Pillow's info or, failing that, from the raw bytes, cut
    to :data:`~looktwice.limits.XMP_BYTES`; and whether it was cut.

    In the raw bytes the packet is the first ``</x:xmpmeta>`` and the last ``<x:xmpmeta``
    before it: two searches, each linear, however many unterminated openings the file holds.
    """
    for key in ("xmp", "XML:com.adobe.xmp"):
        value = opened.info.get(key)
        if value:
            data = value if isinstance(value, bytes) else str(value)[: XMP_BYTES + 1].encode("utf-8", "replace")
            return data[:XMP_BYTES], len(data) > XMP_BYTES
    end = raw.find(_END)
    if end < 0:
        return None, False
    start = raw.rfind(_START, 0, end)
    if start < 0:
        return None, False
    stop = end + len(_END)
    return raw[start : min(stop, start + XMP_BYTES)], stop - start > XMP_BYTES


class _Refused(Exception):
    """The packet declares a DOCTYPE or entities: reading stops there."""


class _Open:
    """A field's element that is open, and the text read inside it so far (bounded)."""

    def __init__(self, name: str) -> None:
        self.name, self.parts, self.length = name, [], 0

    def add(self, text: str) -> None:
        if self.length < FIELD_CHARS:
            self.parts.append(text)
            self.length += len(text)


class _FieldReader:
    """Expat callbacks that collect the first value of each field, in document order."""

    def __init__(self) -> None:
        self.fields: dict[str, str] = {}
        self._open: list[_Open] = []

    def start(self, name: str, attrs: dict[str, str]) -> None:
        for attr, value in attrs.items():
            self._keep(_KEYS.get(attr.rpartition(":")[2]), value)
        key = _KEYS.get(name.rpartition(":")[2])
        if key:
            self._keep(key, attrs.get("rdf:resource", ""))
            self._open.append(_Open(name))
        elif self._open:
            self._open[-1].add(" ")

    def end(self, name: str) -> None:
        if self._open and self._open[-1].name == name:
            done = self._open.pop()
            self._keep(_KEYS[name.rpartition(":")[2]], "".join(done.parts))
        elif self._open:
            self._open[-1].add(" ")

    def text(self, data: str) -> None:
        if self._open:
            self._open[-1].add(data)

    def _keep(self, key: str | None, value: str) -> None:
        value = " ".join(value[: FIELD_CHARS * 4].split())
        if key and value and key not in self.fields:
            self.fields[key] = value[:FIELD_CHARS]


def _refuse(*_args: object) -> None:
    raise _Refused


def parse_fields(packet: bytes) -> tuple[dict[str, str], bool]:
    """The kit's fields from an XMP packet, and whether the XML was broken (or refused)
    before its end. Linear in the packet's length; never raises."""
    reader = _FieldReader()
    parser = expat.ParserCreate()
    parser.StartElementHandler = reader.start
    parser.EndElementHandler = reader.end
    parser.CharacterDataHandler = reader.text
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(packet, True)
        broken = False
    except (expat.ExpatError, _Refused, ValueError, RecursionError):
        broken = True
    return reader.fields, broken


def read_xmp(opened: Image.Image, raw: bytes) -> XmpInfo:
    """The XMP fields the kit talks about (digital source type, AI system, creator tool)."""
    packet, truncated = find_packet(opened, raw)
    if not packet:
        return XmpInfo()
    fields, broken = parse_fields(packet)
    return XmpInfo(present=True, fields=fields, truncated=truncated, broken=broken and not truncated)
