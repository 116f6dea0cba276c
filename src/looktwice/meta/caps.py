"""Say, in the report's notes, which of a file's labels were too large to be read whole.

The readers in this package stop at the caps of :mod:`looktwice.limits` silently; this module
checks the same caps once, when the file is opened, so that the report can say what was left
out (a partial report with a note, rather than a hang or a refusal).
"""

from __future__ import annotations

from PIL import Image

from ..limits import EXIF_BYTES, ICC_BYTES, PNG_TEXT_BYTES, XMP_BYTES
from ..text import Text
from .exif import exif_too_large
from .xmp import find_packet

NNBSP = "\u202f"  # narrow no-break space, before French « : ; ? ! »


NBSP = "\u00a0"  # no-break space, between a French number and its unit


def _size(n: int) -> Text:
    """A size in kilobytes or megabytes, in words ("64 kB", "64 ko")."""
    if n >= 1_000_000:
        return Text(f"{n / 1e6:.0f} MB", f"{n / 1e6:.0f}{NBSP}Mo")
    return Text(f"{n / 1e3:.0f} kB", f"{n / 1e3:.0f}{NBSP}ko")


def dropped_text_note(count: int) -> Text:
    """The note for PNG text or profile chunks left out because they inflate too much."""
    cap = _size(PNG_TEXT_BYTES)
    return Text(
        f"{count} text label(s) in this PNG inflate to more than {cap.en} (or to too much "
        "together); they were left out and the rest of the file was read.",
        f"{count} étiquette(s) de texte de ce PNG dépassent {cap.fr} une fois décompressées "
        f"(ou ensemble){NNBSP}; elles ont été ignorées et le reste du fichier a été lu.",
    )


def label_cap_notes(opened: Image.Image, raw: bytes) -> list[Text]:
    """A note for each label larger than the kit reads: XMP, EXIF, colour profile."""
    notes = []
    if find_packet(opened, raw)[1]:
        cap = _size(XMP_BYTES)
        notes.append(
            Text(
                f"The XMP label is longer than {cap.en}; only its first {cap.en} were read.",
                f"L'étiquette XMP dépasse {cap.fr}{NNBSP}; seul son premier {cap.fr} a été lu.",
            )
        )
    if exif_too_large(opened):
        cap = _size(EXIF_BYTES)
        notes.append(
            Text(
                f"The EXIF block is larger than {cap.en}, more than a camera writes; it was not read.",
                f"Le bloc EXIF dépasse {cap.fr}, plus qu'un appareil photo n'en écrit{NNBSP}; il n'a pas été lu.",
            )
        )
    icc = opened.info.get("icc_profile")
    if isinstance(icc, (bytes, bytearray)) and len(icc) > ICC_BYTES:
        cap = _size(ICC_BYTES)
        notes.append(
            Text(
                f"The colour profile is larger than {cap.en}; it was not read.",
                f"Le profil de couleur dépasse {cap.fr}{NNBSP}; il n'a pas été lu.",
            )
        )
    return notes
