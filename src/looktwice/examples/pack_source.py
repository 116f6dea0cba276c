"""Where pack images are read from: the kit's cache, each file checked against its SHA-256.

The catalogue (:mod:`.registry`) reads every pack entry through :class:`PackSource`; the
download, verify and export operations live in :mod:`.pack`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..text import Text
from .cache import needs_derivation, pack_image_path
from .catalog import Example, ImageSource
from .derive import check_pack_image
from .errors import DOWNLOAD_HINT, DamagedError, NotDownloadedError


class PackSource(ImageSource):
    """Loads pack examples from the cache, checking them; says how to get them if absent."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root  # None: the cache folder in force at each call

    def path(self, example: Example) -> Path:
        return pack_image_path(example, self.root)

    def is_available(self, example: Example) -> bool:
        return self.path(example).is_file()

    def status(self, example: Example) -> Text:
        if self.is_available(example):
            return Text("downloaded", "téléchargée")
        return Text("not downloaded yet", "pas encore téléchargée")

    def read_bytes(self, example: Example) -> bytes:
        path = self.path(example)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise NotDownloadedError(
                Text(
                    f"'{example.name}' is part of the example pack, which is not on this computer yet.",
                    f"« {example.name} » fait partie du pack d'exemples, qui n'est pas encore sur cet ordinateur.",
                )
                + DOWNLOAD_HINT
            ) from None
        if needs_derivation(example):
            check_pack_image(example, data)
        elif hashlib.sha256(data).hexdigest() != example.source_sha256:
            raise damaged_error(example)
        return data


def damaged_error(example: Example) -> DamagedError:
    """The error for a cached pack file that no longer matches its checksum."""
    return DamagedError(
        Text(
            f"The cached copy of {example.filename} does not match its SHA-256 checksum (it was "
            "changed or damaged). Run `looktwice examples download` again to repair it.",
            f"La copie en cache de {example.filename} ne correspond pas à sa somme SHA-256 (elle "
            "a été modifiée ou abîmée). Relancez `looktwice examples download` pour la réparer.",
        )
    )
