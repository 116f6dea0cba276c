"""The catalogue: one record per example image, and where each image comes from.

An :class:`Example` holds everything the manifest says about an image (provenance, licence,
generator, what the file carries, lesson tags). Where the bytes come from is a separate
:class:`ImageSource`: an installed Python package, the downloaded pack, or (later) images the
kit makes itself. Keeping the two apart lets other parts of the kit register new kinds of
entries with :meth:`Catalog.register` without touching the loading code of the others.
"""

from __future__ import annotations

import difflib
import io
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from PIL import Image

from ..image_file import load_strictly
from ..tell_categories import lookup
from ..text import Text
from .errors import UnknownExampleError
from .tell_records import TellRecord

#: Licence statuses, from clearest to least clear.
STATUSES: tuple[str, ...] = ("clear", "attribution", "uncertain", "noncommercial")

LICENSE_NOTES: dict[str, Text] = {
    "uncertain": Text(
        "LICENCE UNCERTAIN: the source states no clear terms for this image; check before "
        "reusing it outside the classroom.",
        "LICENCE INCERTAINE\u00a0: la source n'indique pas de conditions claires pour cette "
        "image\u202f; vérifiez-les avant de la réutiliser hors de la classe.",
    ),
    "noncommercial": Text(
        "NON-COMMERCIAL terms: read the licence line before reusing it.",
        "Conditions NON COMMERCIALES\u00a0: lisez la ligne de licence avant de la réutiliser.",
    ),
}


@dataclass(frozen=True, kw_only=True)
class Example:
    """Everything known about one example image, as written in the kit's manifest.

    Fields follow the manifest's columns (see ``manifest.csv`` in this package); ``name`` is the
    file name without its extension and ``origin`` says where the image is loaded from
    (``"builtin"``: an installed package, ``"pack"``: the downloadable pack). ``family`` is a
    short, stable name for the generator family (``"sdxl"``, ``"flux"``, ``"biggan"``), or
    ``"camera"`` / ``"drawing"`` for real images. ``tell_records`` say where the image gives
    itself away (see :mod:`.tell_records`). The ``*_fr`` fields are the French of the fields
    they follow; an empty one falls back to the English.
    """

    name: str
    filename: str
    kind: str
    title: str
    description: str
    license: str
    license_status: str
    attribution: str
    origin: str
    generator: str = ""
    source: str = ""
    source_url: str = ""
    source_sha256: str = ""
    source_size: int = 0
    package_file: str = ""
    crop: tuple[int, int, int, int] | None = None
    transform: str = ""
    sha256: str = ""
    width: int = 0
    height: int = 0
    person_present: str = ""
    metadata_notes: str = ""
    tells: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    family: str = ""
    title_fr: str = ""
    description_fr: str = ""
    attribution_fr: str = ""
    license_short: str = ""
    license_short_fr: str = ""
    tell_records: tuple[TellRecord, ...] = field(default=(), compare=False, hash=False)
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def title_text(self) -> Text:
        """The title in English and French."""
        return Text(self.title, self.title_fr or self.title)

    @property
    def description_text(self) -> Text:
        """The description in English and French."""
        return Text(self.description, self.description_fr or self.description)

    @property
    def attribution_text(self) -> Text:
        """Who made the image and where it comes from, in English and French."""
        return Text(self.attribution, self.attribution_fr or self.attribution)

    @property
    def categories(self) -> tuple[str, ...]:
        """The tell categories of its records, each once, in record order."""
        return tuple(dict.fromkeys(r.category for r in self.tell_records))

    @property
    def format(self) -> str:
        """File format from the file name: ``"PNG"``, ``"JPEG"`` or the upper-cased suffix."""
        suffix = PurePosixPath(self.filename).suffix.lower().lstrip(".")
        return {"jpg": "JPEG", "jpeg": "JPEG"}.get(suffix, suffix.upper())

    @property
    def license_note(self) -> Text | None:
        """A warning to show beside the image when its licence is uncertain or non-commercial."""
        return LICENSE_NOTES.get(self.license_status)

    @property
    def credit(self) -> str:
        """One line to print under the image: title, who made it, licence, and any warning."""
        line = f"{self.title}. {self.attribution}. Licence: {self.license}."
        note = self.license_note
        return f"{line} {note.en}" if note else line

    def credit_line(self, lang: str = "en") -> str:
        """A short credit to print under the image, in ``lang`` (``"en"`` or ``"fr"``).

        Who made it and a short licence, then the licence warning when the licence is
        uncertain or non-commercial: ``"Photo : Kodak · domaine public"``.

        Parameters
        ----------
        lang : str
            ``"en"`` or ``"fr"``; anything else gives English.

        Returns
        -------
        str
            One line of text.
        """
        short = Text(self.license_short or self.license, self.license_short_fr or self.license_short or self.license)
        line = f"{self.attribution_text.get(lang)} · {short.get(lang)}"
        note = self.license_note
        return f"{line}. {note.get(lang)}" if note else line

    def matches(
        self,
        *,
        kind: str | None = None,
        generator: str | None = None,
        tell: str | Iterable[str] | None = None,
        origin: str | None = None,
        exclude_status: Iterable[str] = (),
        category: str | Iterable[str] | None = None,
        family: str | None = None,
    ) -> bool:
        """Whether this example passes every filter given.

        ``generator`` matches a substring of the generator's name, any case; ``tell`` and
        ``category`` take one value or several, which must all be present; ``family`` is
        matched exactly, any case.
        """
        if kind is not None and self.kind != kind:
            return False
        if origin is not None and self.origin != origin:
            return False
        if generator is not None and generator.casefold() not in self.generator.casefold():
            return False
        if family is not None and self.family.casefold() != family.casefold():
            return False
        if not _has_all(self.tells, tell) or not _has_all(self.categories, category):
            return False
        return self.license_status not in set(exclude_status)


def _has_all(present: tuple[str, ...], wanted: str | Iterable[str] | None) -> bool:
    """Whether every wanted value (one string, several, or none) is in ``present``."""
    values = [wanted] if isinstance(wanted, str) else list(wanted or ())
    return all(v in present for v in values)


class ImageSource(ABC):
    """Where the bytes of some examples come from. Subclass it to add a new kind of entry."""

    @abstractmethod
    def read_bytes(self, example: Example) -> bytes:
        """The image file's bytes, checked; raises an :class:`~.errors.ExampleError` if unusable."""

    def path(self, example: Example) -> Path | None:
        """The file on disk, if there is one (it may not exist yet)."""
        return None

    def is_available(self, example: Example) -> bool:
        """Whether :meth:`read_bytes` can work now, without network (a cheap check)."""
        return True

    def status(self, example: Example) -> Text:
        """A few words for listings: ready, not downloaded yet, ..."""
        if self.is_available(example):
            return Text("ready", "prête")
        return Text("not available", "indisponible")


class Catalog:
    """A set of examples, each with its image source; look-ups by name, file name or alias."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[Example, ImageSource]] = {}
        self._aliases: dict[str, str] = {}
        self._lock = threading.RLock()

    def register(self, example: Example, source: ImageSource, *, replace: bool = False) -> None:
        """Add an example; its name, file name and aliases must not already be taken."""
        with self._lock:
            keys = [example.name, example.filename, *example.aliases]
            for key in keys:
                owner = self._aliases.get(key.casefold())
                if owner is not None and owner != example.name and not replace:
                    raise ValueError(f"example name {key!r} is already used by {owner!r}")
            if example.name in self._entries and not replace:
                raise ValueError(f"example {example.name!r} is already registered")
            self._entries[example.name] = (example, source)
            for key in keys:
                self._aliases[key.casefold()] = example.name

    def __iter__(self) -> Iterator[Example]:
        return iter([entry for entry, _ in self._entries.values()])

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.casefold() in self._aliases

    def get(self, name: str) -> Example:
        """The example called ``name`` (its name, file name or an alias, any case)."""
        return self._entries[self._resolve(name)][0]

    def source_of(self, name: str) -> ImageSource:
        """The :class:`ImageSource` that loads ``name``."""
        return self._entries[self._resolve(name)][1]

    def find(
        self,
        kind: str | None = None,
        *,
        generator: str | None = None,
        tell: str | Iterable[str] | None = None,
        origin: str | None = None,
        exclude_status: Iterable[str] = (),
        category: str | Iterable[str] | None = None,
        family: str | None = None,
    ) -> list[Example]:
        """Examples passing every filter, in manifest order (see :meth:`Example.matches`)."""
        excluded = tuple(exclude_status)
        wanted = tuple([category] if isinstance(category, str) else category or ())
        for key in wanted:
            lookup(key)  # a misspelt category raises instead of finding nothing
        return [
            e
            for e in self
            if e.matches(
                kind=kind,
                generator=generator,
                tell=tell,
                origin=origin,
                exclude_status=excluded,
                category=wanted,
                family=family,
            )
        ]

    def kinds(self) -> list[str]:
        return list(dict.fromkeys(e.kind for e in self))

    def origins(self) -> list[str]:
        return list(dict.fromkeys(e.origin for e in self))

    def tells(self) -> list[str]:
        return sorted({t for e in self for t in e.tells})

    def families(self) -> list[str]:
        """The generator families present, in manifest order."""
        return list(dict.fromkeys(e.family for e in self if e.family))

    def categories(self) -> list[str]:
        """The tell categories present in some example's records, in manifest order."""
        return list(dict.fromkeys(c for e in self for c in e.categories))

    def read_bytes(self, name: str) -> bytes:
        example, source = self._entries[self._resolve(name)]
        return source.read_bytes(example)

    def load_image(self, name: str) -> Image.Image:
        """The image, fully decoded (no file is left open)."""
        image = Image.open(io.BytesIO(self.read_bytes(name)))
        load_strictly(image)
        return image

    def path(self, name: str) -> Path | None:
        example, source = self._entries[self._resolve(name)]
        return source.path(example)

    def is_available(self, name: str) -> bool:
        example, source = self._entries[self._resolve(name)]
        return source.is_available(example)

    def _resolve(self, name: str) -> str:
        found = self._aliases.get(name.casefold())
        if found is None:
            keys = difflib.get_close_matches(name.casefold(), list(self._aliases), n=6, cutoff=0.5)
            close = list(dict.fromkeys(self._aliases[k] for k in keys))[:3]
            hint_en = f" Did you mean: {', '.join(close)}?" if close else ""
            hint_fr = f" Vouliez-vous dire : {', '.join(close)} ?" if close else ""
            raise UnknownExampleError(
                Text(
                    f"There is no example called '{name}'.{hint_en} See them all with `looktwice examples list`.",
                    f"Aucun exemple ne s'appelle « {name} ».{hint_fr} Voyez-les tous avec `looktwice examples list`.",
                )
            )
        return found
