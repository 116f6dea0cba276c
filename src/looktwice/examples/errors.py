"""What can go wrong with an example, said so that a teacher knows what to do next.

Every error is an :class:`~looktwice.image_file.ImageError` (so ``looktwice inspect --example``
prints its message instead of a traceback) and carries the message in English and French.
"""

from __future__ import annotations

from ..image_file import ImageError
from ..text import Text

DOWNLOAD_HINT = Text(
    "Run `looktwice examples download` once while online (or with --mirror FOLDER from a school's copy).",
    "Lancez une fois `looktwice examples download` avec une connexion (ou avec --mirror DOSSIER "
    "depuis la copie de l'école).",
)

BUILTINS_HINT = Text(
    "The built-in photos still work without internet: `looktwice examples list --origin builtin`.",
    "Les photos intégrées marchent sans internet : `looktwice examples list --origin builtin`.",
)


class ExampleError(ImageError):
    """An example cannot be listed, loaded, downloaded or checked; the message says why."""


class UnknownExampleError(ExampleError):
    """No example has that name."""


class NotDownloadedError(ExampleError):
    """A pack example whose image is not on this computer yet."""


class DamagedError(ExampleError):
    """A file in the cache (or an installed package) is not the one the manifest describes."""


class ChecksumError(DamagedError):
    """A downloaded file's SHA-256 differs from the manifest's: it was not kept."""


class SourceNotFoundError(ExampleError):
    """The server or mirror folder does not have the file (HTTP 404, or no such file)."""


class OfflineError(ExampleError):
    """The server or mirror could not be reached at all."""


class DownloadInterruptedError(ExampleError):
    """The connection broke or the server failed part-way; nothing was kept."""


class DerivationError(ExampleError):
    """The pack image could not be cut out of its original as the manifest says."""


class CacheWriteError(ExampleError):
    """The cache folder cannot be written."""
