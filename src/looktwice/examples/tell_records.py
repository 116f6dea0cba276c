"""Where an example gives itself away: tell records, read from ``tell_records.csv``.

Each record names one tell of one example image: its category (see
:mod:`looktwice.tell_categories`), a box in the pack image's pixels (``None`` when the tell
is not a place, such as metadata), a short note in English and French, and the year from which
current generators mostly no longer show it (``None`` while it is still current). The boxes
were checked by eye on the images themselves.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

from ..tell_categories import TellCategory, lookup
from ..text import Text

TELL_RECORDS = "tell_records.csv"
_COLUMNS = ("filename", "category", "box", "note_en", "note_fr", "expired_since")

Box = tuple[int, int, int, int]


@dataclass(frozen=True)
class TellRecord:
    """One tell of one example image.

    Attributes
    ----------
    filename : str
        The example's file name (``manifest.csv``'s ``filename``).
    category : str
        A key of :data:`looktwice.tell_categories.VOCABULARY`.
    box : tuple of int or None
        ``(left, top, right, bottom)`` in the pack image's pixels, or ``None``.
    note : Text
        What to look at, in English and French.
    expired_since : int or None
        The year from which current generators mostly no longer show this tell.
    """

    filename: str
    category: str
    box: Box | None
    note: Text
    expired_since: int | None = None

    @property
    def kind(self) -> TellCategory:
        """The category's words and explanation."""
        return lookup(self.category)

    @property
    def expired(self) -> bool:
        """Whether current generators mostly no longer show this tell."""
        return self.expired_since is not None


def read_tell_records() -> dict[str, tuple[TellRecord, ...]]:
    """Every tell record of the kit, grouped by example file name, in file order."""
    text = resources.files(__package__).joinpath(TELL_RECORDS).read_text(encoding="utf-8")
    return group(parse_records(csv.DictReader(io.StringIO(text))))


def parse_records(rows: Iterable[dict[str, str]]) -> list[TellRecord]:
    """Tell records from CSV rows (raises ``ValueError`` on a malformed row)."""
    records = []
    for row in rows:
        missing = [c for c in _COLUMNS if c not in row]
        if missing:
            raise ValueError(f"tell record for {row.get('filename')!r} lacks columns {missing}")
        lookup(row["category"])
        year = row["expired_since"].strip()
        records.append(
            TellRecord(
                filename=row["filename"],
                category=row["category"],
                box=parse_box(row["box"]),
                note=Text(row["note_en"], row["note_fr"]),
                expired_since=int(year) if year else None,
            )
        )
    return records


def group(records: Iterable[TellRecord]) -> dict[str, tuple[TellRecord, ...]]:
    """Records keyed by file name, keeping their order."""
    grouped: dict[str, list[TellRecord]] = {}
    for record in records:
        grouped.setdefault(record.filename, []).append(record)
    return {name: tuple(found) for name, found in grouped.items()}


def parse_box(text: str) -> Box | None:
    """``"left,top,right,bottom"`` as four integers, or ``None`` for an empty cell."""
    if not text.strip():
        return None
    left, top, right, bottom = (int(v) for v in text.split(","))
    if right <= left or bottom <= top or left < 0 or top < 0:
        raise ValueError(f"empty or negative box {text!r}")
    return left, top, right, bottom
