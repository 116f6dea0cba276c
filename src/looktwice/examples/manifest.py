"""Read the kit's example manifest (``manifest.csv`` in this package) into :class:`Example` records.

The manifest is the single place that says which images the kit knows, where each one lives
(a pinned URL or a file inside an installed package), its SHA-256, how the pack image is cut
out of its original, its licence and its lesson tags. Its facts come from the example pack's
own manifest; ``title``, ``attribution``, ``tells``, ``aliases``, ``package_file``,
``source_size``, ``family``, the short licence (``license_short``) and the French of the
texts (``*_fr``) were added for the kit. Tell records come from ``tell_records.csv``.
"""

from __future__ import annotations

import csv
import io
from importlib import resources
from pathlib import PurePosixPath

from .catalog import STATUSES, Example
from .tell_records import TellRecord, parse_box, read_tell_records

MANIFEST = "manifest.csv"

_FIELDS = [
    "filename",
    "kind",
    "title",
    "generator",
    "source",
    "source_url",
    "source_sha256",
    "source_size",
    "package_file",
    "crop",
    "transform",
    "sha256",
    "width",
    "height",
    "license",
    "license_status",
    "attribution",
    "person_present",
    "description",
    "metadata_notes",
    "tells",
    "aliases",
    "family",
    "title_fr",
    "description_fr",
    "attribution_fr",
    "license_short",
    "license_short_fr",
]
#: Columns copied into :class:`Example` as they are written.
_TEXT_FIELDS = [
    "filename",
    "kind",
    "title",
    "description",
    "license",
    "license_status",
    "attribution",
    "generator",
    "source",
    "source_url",
    "package_file",
    "transform",
    "person_present",
    "metadata_notes",
    "family",
    "title_fr",
    "description_fr",
    "attribution_fr",
    "license_short",
    "license_short_fr",
]


def read_manifest() -> list[Example]:
    """Every row of the manifest as an :class:`Example`, in file order."""
    text = resources.files(__package__).joinpath(MANIFEST).read_text(encoding="utf-8")
    records = read_tell_records()
    examples = [parse_row(row, records.get(row["filename"], ())) for row in csv.DictReader(io.StringIO(text))]
    unknown = set(records) - {e.filename for e in examples}
    if unknown:
        raise ValueError(f"tell records for files not in the manifest: {sorted(unknown)}")
    return examples


def parse_row(row: dict[str, str], tell_records: tuple[TellRecord, ...] = ()) -> Example:
    """One manifest row as an :class:`Example` (raises ``ValueError`` on a malformed row)."""
    missing = [f for f in _FIELDS if f not in row]
    if missing:
        raise ValueError(f"manifest row {row.get('filename')!r} lacks columns {missing}")
    if row["license_status"] not in STATUSES:
        raise ValueError(f"{row['filename']}: unknown license_status {row['license_status']!r}")
    origin = "pack" if row["source_url"] else "builtin"
    if origin == "builtin" and not row["package_file"]:
        raise ValueError(f"{row['filename']}: needs a source_url or a package_file")
    return Example(
        name=PurePosixPath(row["filename"]).stem,
        origin=origin,
        **{f: row[f] for f in _TEXT_FIELDS},
        source_sha256=row["source_sha256"].lower(),
        source_size=int(row["source_size"] or 0),
        crop=parse_box(row["crop"]),
        sha256=row["sha256"].lower(),
        width=int(row["width"]),
        height=int(row["height"]),
        tells=tuple(row["tells"].split()),
        aliases=tuple(row["aliases"].split()),
        tell_records=tell_records,
        extra={k: v for k, v in row.items() if k not in _FIELDS and k is not None},
    )
