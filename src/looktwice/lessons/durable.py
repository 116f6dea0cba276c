"""Durable Content Credentials, as a classroom model.

Since C2PA 2.1, a signer can *also* record a soft binding in the manifest: an invisible
watermark or a fingerprint of the pixels, registered in the C2PA soft-binding algorithm list
(TrustMark, Digimarc, Imatag…; Google's SynthID is not on it). When a copy has lost its
credentials (a re-save, a screenshot), a reader computes the copy's watermark or fingerprint
and asks a manifest repository for the manifest it belongs to. That is what "durable" means.

This module models the fingerprint route with a deliberately simple fingerprint (a 64-bit
difference hash of a 9×8 grey thumbnail), so pupils can see both sides: it finds a re-saved or
resized copy again, and it stops matching once enough of the picture is cropped away. It is
not a registered C2PA algorithm.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageOps

from ..text import Text

#: A copy whose fingerprint differs from a recorded one by at most this many of its 64 bits
#: counts as the same picture.
MATCH_BITS = 10

WORDS = {
    "in_file": Text("credentials in the file", "identifiants dans le fichier"),
    "bits": Text("fingerprint bits that differ (of 64)", "bits d’empreinte différents (sur 64)"),
    "found": Text("manifest found again", "manifeste retrouvé"),
    "crop": Text("cropped (%)", "recadrée (%)"),
    "none": Text("✗ not found", "✗ introuvable"),
}


def fingerprint(data: bytes) -> int:
    """A 64-bit fingerprint of a picture's pixels: whether each of 8×8 grey cells is brighter
    than its right neighbour. Re-saving and resizing barely change it; cropping does."""
    image = ImageOps.exif_transpose(Image.open(io.BytesIO(data))).convert("L").resize((9, 8), Image.Resampling.LANCZOS)
    grey = np.asarray(image, dtype=np.int16)
    bits = (grey[:, 1:] > grey[:, :-1]).flatten()
    return int("".join("1" if b else "0" for b in bits), 2)


def differing_bits(a: int, b: int) -> int:
    """How many of the 64 bits differ between two fingerprints."""
    return bin(a ^ b).count("1")


@dataclass(frozen=True)
class Record:
    """What a manifest repository keeps for one signed picture."""

    name: str
    fingerprint: int
    signer: str
    declares: Text


class ManifestRepository:
    """A classroom manifest repository: signed pictures recorded by fingerprint, looked up by
    the fingerprint of any copy."""

    def __init__(self) -> None:
        self.records: list[Record] = []

    def record(self, name: str, signed: bytes) -> Record:
        """Record a signed picture: its fingerprint, its signer and what it declares."""
        from ..source_types import lookup
        from ..teaching import read_labels

        labels = read_labels(signed)
        declared = [lookup(t) for t in labels["declared"]]
        says = Text("; ".join(d.label.en for d in declared if d), "; ".join(d.label.fr for d in declared if d))
        entry = Record(name, fingerprint(signed), labels["signer"] or "?", says)
        self.records.append(entry)
        return entry

    def find(self, copy: bytes) -> tuple[Record | None, int]:
        """The recorded picture closest to ``copy`` if it is within :data:`MATCH_BITS`, and the
        number of differing bits to the closest one."""
        if not self.records:
            return None, 64
        mark = fingerprint(copy)
        best = min(self.records, key=lambda r: differing_bits(r.fingerprint, mark))
        bits = differing_bits(best.fingerprint, mark)
        return (best if bits <= MATCH_BITS else None), bits

    def table(self, copies: Mapping[str, bytes], lang: str = "en"):
        """One row per copy: the credentials state in the file itself, how far its fingerprint
        is from the closest recorded one, and the manifest found again through it."""
        from ..teaching import WORDS as TABLE_WORDS
        from ..teaching import Table, read_labels, signer_name, state_label

        rows = []
        for name, data in copies.items():
            found, bits = self.find(data)
            again = (
                f"✔ {found.name} · {signer_name(found.signer, lang)} · {found.declares.get(lang)}"
                if found
                else WORDS["none"].get(lang)
            )
            rows.append((name, state_label(read_labels(data)["credentials"], lang), bits, again))
        headers = [TABLE_WORDS["file"].get(lang)] + [WORDS[k].get(lang) for k in ("in_file", "bits", "found")]
        return Table(headers, rows)

    def crop_table(self, signed: bytes, percent: int, lang: str = "en"):
        """The table for one copy of ``signed`` with ``percent`` % cropped from its edges (what
        the lesson's slider shows)."""
        from ..writers.launder import crop

        copy = crop(signed, percent / 100) if percent else signed
        name = f"{WORDS['crop'].get(lang)} {percent}"
        return self.table({name: copy}, lang)
