"""Read the EXIF tags a camera (or an editor, or a generator) writes."""

from __future__ import annotations

from dataclasses import dataclass, field

from PIL import Image

from ..limits import EXIF_BYTES, TEXT_CHARS

# Tag numbers from the EXIF 2.32 specification.
_BASE_TAGS = {
    0x010F: "make",
    0x0110: "model",
    0x0131: "software",
    0x0132: "modified",
    0x010E: "description",
    0x013B: "artist",
    0x8298: "copyright",
}
_EXIF_TAGS = {
    0x9003: "captured",
    0xA433: "lens_make",
    0xA434: "lens_model",
    0x829A: "exposure_time",
    0x829D: "f_number",
    0x8827: "iso",
    0x920A: "focal_length",
}
_EXIF_IFD, _GPS_IFD, _USER_COMMENT = 0x8769, 0x8825, 0x9286


@dataclass
class ExifInfo:
    """The EXIF fields the kit talks about; ``gps`` only says whether a location is present."""

    present: bool = False
    fields: dict[str, str] = field(default_factory=dict)
    user_comment: str | None = None
    gps: bool = False
    broken: str | None = None

    @property
    def camera(self) -> str | None:
        """'Make Model' (without repeating the make), or None."""
        make, model = self.fields.get("make", ""), self.fields.get("model", "")
        if not (make or model):
            return None
        return model if make and model.lower().startswith(make.lower()) else f"{make} {model}".strip()


def _clean(value: object) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if isinstance(value, tuple):
        value = value[:64]
    text = str(value)[:1000].replace("\x00", "").strip()
    return text[:300]


def decode_user_comment(raw: object) -> str | None:
    """Decode EXIF UserComment (8-byte charset prefix, then text), as A1111 writes prompts in
    JPEG and WebP files; UTF-16 of either byte order is accepted."""
    if isinstance(raw, str):
        return raw[:TEXT_CHARS].strip("\x00 ") or None
    if not isinstance(raw, bytes) or len(raw) <= 8:
        return None
    prefix, body = raw[:8], raw[8 : 8 + 2 * TEXT_CHARS]
    if prefix.startswith(b"UNICODE"):
        candidates = [body.decode("utf-16-be", "replace"), body.decode("utf-16-le", "replace")]
        text = max(candidates, key=lambda s: sum(c.isascii() and c.isprintable() for c in s))
    else:
        text = body.decode("utf-8", "replace")
    return text.strip("\x00 ") or None


def exif_too_large(opened: Image.Image) -> bool:
    """True when the file's EXIF block is larger than :data:`~looktwice.limits.EXIF_BYTES`
    (it is then not parsed at all)."""
    block = opened.info.get("exif")
    return isinstance(block, (bytes, bytearray)) and len(block) > EXIF_BYTES


def read_exif(opened: Image.Image) -> ExifInfo:
    """The kit's EXIF fields from an opened image; malformed EXIF is reported, not raised."""
    info = ExifInfo()
    if exif_too_large(opened):
        return ExifInfo(present=True, broken=f"EXIF block larger than {EXIF_BYTES} bytes, not read")
    try:
        exif = opened.getexif()
    except Exception as exc:
        return ExifInfo(broken=f"{type(exc).__name__}: {exc}")
    if not exif:
        return info
    info.present = True
    try:
        for tag, key in _BASE_TAGS.items():
            if exif.get(tag):
                info.fields[key] = _clean(exif[tag])
        sub = exif.get_ifd(_EXIF_IFD)
        for tag, key in _EXIF_TAGS.items():
            if sub.get(tag) not in (None, "", b""):
                info.fields[key] = _clean(sub[tag])
        info.user_comment = decode_user_comment(sub.get(_USER_COMMENT))
        info.gps = bool(exif.get_ifd(_GPS_IFD)) or _GPS_IFD in exif
    except Exception as exc:
        info.broken = f"{type(exc).__name__}: {exc}"
    return info
