"""Lesson 8, *Beyond pixels*: hash matching, a local reverse image search, the law and the
remedies, as tables a notebook shows.

**Hash matching.** StopNCII.org and NCMEC's Take It Down let a person block an intimate picture
without sending it: their own device computes a short *perceptual hash* of the picture, and only
that hash goes to a shared list that platforms check uploads against. This module does the same
on the pupil's computer with a kit picture: :func:`perceptual_hash` is the 64-bit DCT hash of
``imagehash.phash`` (the kit's choice for teaching; the algorithms those services use are not
named here), :class:`HashList` keeps hashes and never the pictures, and :func:`hash_table`
shows that a re-saved or resized copy keeps the same hash while the file's exact hash (SHA-256)
changes completely, and that a different picture is far away.

**Reverse image search.** :func:`reverse_search` ranks a collection of pictures by how close
their perceptual hashes are to a query's: what a search engine does with its index, here on the
kit's own pictures, with nothing sent anywhere.

**Dated facts.** :func:`law_table` and :func:`remedies_table` read
``data/beyond-pixels-facts.yml``: every fact has its date, its source, the day the kit checked
it and whether the primary text still has to be read. :func:`help_sources_table` shows the
shared help services (:mod:`looktwice.help_services`) with the date each was checked and its
source.

>>> from looktwice import teaching
>>> from looktwice.lessons import beyond
>>> picture = teaching.drawn_picture()
>>> len(beyond.perceptual_hash(picture))
16
>>> beyond.differing_bits(beyond.perceptual_hash(picture), beyond.perceptual_hash(picture))
0
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..text import Text

#: Bits in a perceptual hash (:func:`perceptual_hash`).
HASH_BITS = 64
#: Two pictures whose hashes differ by at most this many bits count as the same picture. On the
#: kit's built-in photos, re-saved and resized copies differ by a few bits at most and different
#: photos by about twenty or more (``tests/lessons/test_lesson_beyond_pixels.py`` measures both).
MATCH_BITS = 10

WORDS: dict[str, Text] = {
    "file": Text("file", "fichier"),
    "bytes": Text("size (bytes)", "taille (octets)"),
    "exact": Text("exact hash (SHA-256, start)", "empreinte exacte (SHA-256, début)"),
    "perceptual": Text("perceptual hash", "empreinte perceptuelle"),
    "bits": Text(f"bits that differ (of {HASH_BITS})", f"bits différents (sur {HASH_BITS})"),
    "match": Text("blocked by the list?", "bloquée par la liste\u202f?"),
    "yes": Text("✔ yes: same picture", "✔ oui\u00a0: même image"),
    "no": Text("✗ no", "✗ non"),
    "threshold": Text("bits allowed to differ", "bits de différence tolérés"),
    "what": Text("what", "quoi"),
    "where": Text("where it goes", "où cela va"),
    "picture": Text("the picture", "l’image"),
    "hash": Text("its perceptual hash", "son empreinte perceptuelle"),
    "stays": Text("stays on this computer", "reste sur cet ordinateur"),
    "sent": Text("sent to the shared list", "envoyée à la liste commune"),
    "rank": Text("rank", "rang"),
    "found": Text("found in the index", "trouvée dans l’index"),
    "same": Text("probably the same picture?", "sans doute la même image\u202f?"),
    "country": Text("country", "pays"),
    "since": Text("date", "date"),
    "law": Text("what happened or applies", "ce qui s’est passé ou s’applique"),
    "source": Text("source", "source"),
    "how_sure": Text("checked", "vérifié"),
    "primary": Text(
        "{date}, from the kit's reference notes; read the primary text before relying on it",
        "le {date}, d’après les notes de référence du kit\u202f; lire le texte officiel avant de s’y fier",
    ),
    "checked_primary": Text("{date}, in the primary text", "le {date}, dans le texte officiel"),
    "no_law": Text(
        "No legal fact checked yet for this kit: ask your school's safeguarding lead.",
        "Pas encore de fait juridique vérifié pour ce kit\u00a0: demandez au référent protection "
        "de l’enfance de l’établissement.",
    ),
    "remedy": Text("remedy", "remède"),
    "can": Text("what it can do", "ce qu’il peut faire"),
    "cannot": Text("what it cannot do", "ce qu’il ne peut pas faire"),
    "example": Text("a dated example", "un exemple daté"),
    "no_example": Text("no dated example checked yet", "pas encore d’exemple daté vérifié"),
    "service": Text("service", "service"),
    "checked_on": Text("checked on", "vérifié le"),
}


# --------------------------------------------------------------------------- hashing


def perceptual_hash(data: bytes) -> str:
    """The 64-bit perceptual hash of a picture's pixels (``imagehash.phash``: the low
    frequencies of its grey 32×32 thumbnail, each compared with their median), as 16 hex
    digits. Re-saving or resizing a picture barely changes it; a different picture gives a very
    different one. It is computed here, from the bytes given, and sent nowhere."""
    import imagehash
    from PIL import Image, ImageOps

    image = ImageOps.exif_transpose(Image.open(io.BytesIO(data)))
    return str(imagehash.phash(image.convert("RGB")))


def exact_hash(data: bytes) -> str:
    """The SHA-256 hash of the file's bytes (its first 16 hex digits): change one byte and it
    changes completely, so it only finds byte-for-byte copies."""
    return hashlib.sha256(data).hexdigest()[:16]


def differing_bits(a: str, b: str) -> int:
    """How many bits differ between two perceptual hashes written in hex."""
    return bin(int(a, 16) ^ int(b, 16)).count("1")


def copies_of(data: bytes, stem: str) -> dict[str, bytes]:
    """Everyday copies of a picture, by file name: re-saved as JPEG, resized to half and to a
    quarter, and passed through a social network's treatment (:mod:`looktwice.writers.launder`)."""
    from ..writers import launder

    return {
        f"{stem}-resaved.jpg": launder.resave_jpeg(data),
        f"{stem}-half.png": launder.resize(data, 0.5),
        f"{stem}-quarter.png": launder.resize(data, 0.25),
        f"{stem}-social.jpg": launder.social_network(data),
    }


@dataclass(frozen=True)
class Entry:
    """What a shared hash list keeps for one picture: a label and the hash, never the picture."""

    label: str
    hash: str


class HashList:
    """A shared list of perceptual hashes, the way StopNCII.org and Take It Down work: a person
    adds the hash of a picture computed on their own device; a platform checks the hash of each
    upload against the list and blocks the ones within :data:`MATCH_BITS` bits."""

    def __init__(self, match_bits: int = MATCH_BITS) -> None:
        self.entries: list[Entry] = []
        self.match_bits = match_bits

    def add(self, label: str, data: bytes) -> Entry:
        """Hash ``data`` here and keep only the hash."""
        entry = Entry(label, perceptual_hash(data))
        self.entries.append(entry)
        return entry

    def closest(self, data: bytes) -> tuple[Entry | None, int]:
        """The entry closest to a picture, and how many bits differ (``HASH_BITS`` when empty)."""
        mark = perceptual_hash(data)
        scored = [(differing_bits(e.hash, mark), i) for i, e in enumerate(self.entries)]
        if not scored:
            return None, HASH_BITS
        bits, index = min(scored)
        return self.entries[index], bits

    def blocks(self, data: bytes, match_bits: int | None = None) -> bool:
        """Whether a platform checking this list would block an upload of ``data``."""
        limit = self.match_bits if match_bits is None else match_bits
        return self.closest(data)[1] <= limit

    def sent_table(self, data: bytes, lang: str = "en"):
        """What leaves the computer when a picture is added: its hash, not the picture."""
        from ..teaching import Table

        mark = perceptual_hash(data)
        rows = [
            (WORDS["picture"].get(lang), len(data), WORDS["stays"].get(lang)),
            (f"{WORDS['hash'].get(lang)} {mark}", HASH_BITS // 8, WORDS["sent"].get(lang)),
        ]
        return Table([WORDS[k].get(lang) for k in ("what", "bytes", "where")], rows)

    def table(self, files: Mapping[str, bytes], lang: str = "en", match_bits: int | None = None, exact: bool = True):
        """One row per file: its size, its exact hash (with ``exact``), its perceptual hash, the
        bits that differ from the closest entry of the list, and whether it is blocked."""
        from ..teaching import Table

        limit = self.match_bits if match_bits is None else match_bits
        rows = []
        for name, data in files.items():
            _, bits = self.closest(data)
            verdict = WORDS["yes" if bits <= limit else "no"].get(lang)
            row = [name, len(data)] + ([exact_hash(data)] if exact else [])
            rows.append(row + [perceptual_hash(data), bits, verdict])
        keys = ["file", "bytes"] + (["exact"] if exact else []) + ["perceptual", "bits", "match"]
        return Table([WORDS[k].get(lang) for k in keys], rows)

    def threshold_table(self, files: Mapping[str, bytes], match_bits: int, lang: str = "en"):
        """The table a slider shows: which files are blocked when ``match_bits`` bits may differ."""
        return self.table(files, lang, match_bits=match_bits, exact=False)


def hash_table(original: bytes, files: Mapping[str, bytes], lang: str = "en", label: str = "original"):
    """Put ``original`` on a new :class:`HashList` and show how each of ``files`` fares."""
    shared = HashList()
    shared.add(label, original)
    return shared.table(files, lang)


# --------------------------------------------------------------------------- reverse search

#: The kit's built-in photos the lesson searches and hashes (no person in any of them).
KIT_PICTURES = ("coffee", "chelsea", "rocket", "china", "hubble", "clock")


def kit_pictures() -> dict[str, bytes]:
    """The files of :data:`KIT_PICTURES`, by name: photos that come with the kit, so the lesson
    needs no download and no network."""
    from ..examples import load_example_bytes

    return {name: load_example_bytes(name)[0] for name in KIT_PICTURES}


def reverse_search(query: bytes, collection: Mapping[str, bytes], lang: str = "en", top: int = 3):
    """A reverse image search on this computer: the ``top`` pictures of ``collection`` whose
    perceptual hashes are closest to the query's, with the bits that differ and whether that is
    close enough (:data:`MATCH_BITS`) to be the same picture."""
    from ..teaching import Table

    mark = perceptual_hash(query)
    scored = sorted((differing_bits(perceptual_hash(data), mark), name) for name, data in collection.items())
    rows = [
        (rank, name, bits, WORDS["yes" if bits <= MATCH_BITS else "no"].get(lang))
        for rank, (bits, name) in enumerate(scored[:top], start=1)
    ]
    return Table([WORDS[k].get(lang) for k in ("rank", "found", "bits", "same")], rows)


# --------------------------------------------------------------------------- dated facts


@dataclass(frozen=True)
class LegalFact:
    """One dated legal or regulatory fact of one country (``EU`` for the European Union)."""

    country: str
    date: str
    text: Text
    source: Text
    sure: bool
    caveat: Text | None = None


@dataclass(frozen=True)
class Remedy:
    """One remedy against non-consensual sexual deepfakes: what it can and cannot do, and a
    dated example when the kit's notes have one."""

    id: str
    name: Text
    can: Text
    cannot: Text
    example: Text | None
    date: str | None
    source: Text | None


def _t(data: Mapping[str, str] | str) -> Text:
    if isinstance(data, str):  # a name or a reference, the same in every language
        return Text(data, data)
    return Text(str(data["en"]).strip(), str(data["fr"]).strip())


@cache
def facts() -> tuple[str, tuple[LegalFact, ...], tuple[Remedy, ...]]:
    """The day the facts were checked, the legal facts and the remedies, from
    ``data/beyond-pixels-facts.yml``."""
    import yaml

    path = resources.files(__package__).joinpath("data", "beyond-pixels-facts.yml")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    law = tuple(
        LegalFact(
            row["country"],
            str(row["date"]),
            _t(row),
            _t(row["source"]),
            bool(row["sure"]),
            _t(row["caveat"]) if "caveat" in row else None,
        )
        for row in data["law"]
    )
    remedies = tuple(
        Remedy(
            row["id"],
            _t(row["name"]),
            _t(row["can"]),
            _t(row["cannot"]),
            _t(row["example"]) if "example" in row else None,
            row.get("date"),
            _t(row["source"]) if "source" in row else None,
        )
        for row in data["remedies"]
    )
    return str(data["checked"]), law, remedies


def law_table(lang: str = "en", countries: tuple[str, ...] | None = None):
    """The law in brief, by country, newest first within a country: each fact with its date,
    its source and how it was checked. A country of :data:`looktwice.help_services.COUNTRIES`
    with no checked fact says so."""
    from ..help_services import COUNTRIES
    from ..teaching import Table

    checked, law, _ = facts()
    wanted = countries or tuple(COUNTRIES)
    rows = []
    for country in wanted:
        mine = sorted((f for f in law if f.country == country), key=lambda f: f.date, reverse=True)
        name = COUNTRIES[country].get(lang)
        for fact in mine:
            how = WORDS["checked_primary" if fact.sure else "primary"].get(lang).format(date=checked)
            if fact.caveat:
                how += f" ({fact.caveat.get(lang)})"
            rows.append((name, fact.date, fact.text.get(lang), fact.source.get(lang), how))
        if not mine:
            rows.append((name, "—", WORDS["no_law"].get(lang), "—", "—"))
    return Table([WORDS[k].get(lang) for k in ("country", "since", "law", "source", "how_sure")], rows)


def remedies_table(lang: str = "en"):
    """What each remedy can and cannot do, with a dated, sourced example where the kit's notes
    have one."""
    from ..teaching import Table

    _, _, remedies = facts()
    rows = []
    for remedy in remedies:
        example = (
            f"{remedy.date}: {remedy.example.get(lang)} ({remedy.source.get(lang)})"
            if remedy.example
            else WORDS["no_example"].get(lang)
        )
        if lang == "fr":
            example = example.replace(": ", "\u00a0: ", 1)
        rows.append((remedy.name.get(lang), remedy.can.get(lang), remedy.cannot.get(lang), example))
    return Table([WORDS[k].get(lang) for k in ("remedy", "can", "cannot", "example")], rows)


def help_sources_table(lang: str = "en", countries: tuple[str, ...] | None = None):
    """The shared help services (of ``countries`` only, when given) with the date each was
    checked and the source of the fact; a country with none says so."""
    from ..help_services import COUNTRIES, services
    from ..teaching import WORDS as TABLE_WORDS
    from ..teaching import Table

    rows = [
        (COUNTRIES[s.country].get(lang), s.name, s.date_checked, s.source)
        for s in services()
        if countries is None or s.country in countries
    ]
    for country in countries or ():
        if not any(row[0] == COUNTRIES[country].get(lang) for row in rows):
            rows.append((COUNTRIES[country].get(lang), TABLE_WORDS["no_service"].get(lang), "—", "—"))
    return Table([WORDS[k].get(lang) for k in ("country", "service", "checked_on", "source")], rows)


def country_tables(country: object, lang: str = "en"):
    """The law and the help services of one country (a code of
    :data:`looktwice.help_services.COUNTRIES`); while the pupil's ``___`` is not filled in with
    such a code, a sentence saying to fill it in."""
    from ..help_services import COUNTRIES
    from ..teaching import Tables, prose
    from .activities import WORDS as ACTIVITY_WORDS

    if not isinstance(country, str) or country not in COUNTRIES:
        return prose(ACTIVITY_WORDS["not_ready"], lang=lang)
    return Tables(law_table(lang, (country,)), help_sources_table(lang, (country,)))
