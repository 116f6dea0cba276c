"""Download the pack's original files with pooch, from their pinned URLs or a school's mirror.

pooch does the careful part: it writes each download to a temporary file in the cache folder,
checks its SHA-256, and only then moves it into place, retrying on network errors or a bad
checksum. This module adds what a classroom needs around it:

- a *mirror*: ``https://raw.githubusercontent.com/OWNER/REPO/COMMIT/PATH`` is also looked for
  at ``MIRROR/OWNER/REPO/COMMIT/PATH``, where MIRROR is a web address (a school server) or a
  folder (a USB stick), as written by ``looktwice examples export``;
- one progress bar for the whole pack, in bytes;
- errors that say what happened and what to do (offline, not on the mirror, damaged,
  interrupted), with no retrying of a file the server does not have.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit
from urllib.request import url2pathname

from ..text import Text
from .cache import RAW_HOST, source_key, sources_dir, url_path
from .catalog import Example
from .errors import (
    BUILTINS_HINT,
    CacheWriteError,
    ChecksumError,
    DownloadInterruptedError,
    ExampleError,
    OfflineError,
    SourceNotFoundError,
)

CHUNK = 64 * 1024


@dataclass(frozen=True)
class Original:
    """One original file to fetch; several pack images may be cut out of the same one."""

    key: str
    url: str
    sha256: str
    size: int
    used_by: tuple[str, ...]


def originals_of(examples: Iterable[Example]) -> list[Original]:
    """The distinct originals behind some pack examples, in order of first use."""
    found: dict[str, Original] = {}
    for e in examples:
        if not e.source_url:
            continue
        key = source_key(e.source_url)
        if key in found:
            o = found[key]
            found[key] = Original(o.key, o.url, o.sha256, o.size, (*o.used_by, e.name))
        else:
            found[key] = Original(key, e.source_url, e.source_sha256, e.source_size, (e.name,))
    return list(found.values())


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def is_cached(original: Original, root: Path | None = None) -> bool:
    """Whether the original is in the cache with the right SHA-256."""
    path = sources_dir(root).joinpath(*PurePosixPath(original.key).parts)
    return path.is_file() and file_sha256(path) == original.sha256


@dataclass(frozen=True)
class Mirror:
    """Where to fetch originals from: their own URLs, a web mirror, or a mirror folder."""

    base_url: str = ""
    folder: Path | None = None

    @classmethod
    def parse(cls, spec: str | Path | None) -> Mirror:
        """``None`` (the pinned URLs), ``http(s)://...``, ``file://...`` or a folder path."""
        if spec is None or str(spec).strip() == "":
            return cls()
        text = str(spec).strip()
        if text.startswith(("http://", "https://")):
            return cls(base_url=text.rstrip("/"))
        folder = Path(url2pathname(urlsplit(text).path)) if text.startswith("file://") else Path(text)
        folder = folder.expanduser().absolute()
        if not folder.is_dir():
            raise ExampleError(
                Text(
                    f"The mirror folder {folder} does not exist (or is not a folder). Give the "
                    "folder made by `looktwice examples export`, or a web address.",
                    f"Le dossier miroir {folder} n'existe pas (ou n'est pas un dossier). Donnez le "
                    "dossier créé par `looktwice examples export`, ou une adresse web.",
                )
            )
        return cls(folder=folder)

    def url_for(self, original: Original) -> str:
        if self.folder is not None:
            return self.file_for(original).as_uri()
        if self.base_url:
            return f"{self.base_url}/{url_path(original.url)}"
        return original.url

    def file_for(self, original: Original) -> Path:
        assert self.folder is not None
        return self.folder.joinpath(*PurePosixPath(original.key).parts)

    def describe(self) -> str:
        """Where from, in a few words, for messages."""
        if self.folder is not None:
            return f"the mirror folder {self.folder}"
        if self.base_url:
            return f"the mirror {self.base_url}"
        return RAW_HOST


@dataclass
class FetchOutcome:
    """What fetching a list of originals did."""

    downloaded: list[str] = field(default_factory=list)
    cached: list[str] = field(default_factory=list)
    failed: dict[str, ExampleError] = field(default_factory=dict)
    not_tried: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ready(self) -> set[str]:
        return set(self.downloaded) | set(self.cached)


class _NotThere(Exception):
    """The server answered 404/410 or the mirror folder lacks the file (not retried by pooch,
    which only retries ``ValueError`` and requests' errors)."""


class _WrongSize(Exception):
    """The file is larger than the manifest says, or a mirror folder's copy has another size.
    Refused before or while writing, so that a broken or hostile mirror cannot fill the disk
    (not retried: it would send the same file again)."""


class _TooSlow(Exception):
    """The server kept the download going for longer than any real pack file needs."""


#: Bytes allowed for a file whose size the manifest does not give.
UNKNOWN_SIZE_CAP = 150 * 1024 * 1024
#: Slowest transfer accepted, in bytes per second, on top of the connection timeout: a server
#: that drips data would otherwise keep the download open for ever.
SLOWEST_RATE = 20_000
#: Connection failures in a row after which the rest is not tried (this computer is offline).
OFFLINE_AFTER = 3


class _Progress:
    """Turns pooch's per-file progress calls into one bar for the whole pack."""

    def __init__(self, bar) -> None:
        self.bar = bar
        self.total = 0  # pooch sets this per file; the pack bar keeps its own total
        self._done = 0
        self._current = 0

    def start(self, label: str) -> None:
        self._current = 0
        self.bar.set_description_str(label[:28], refresh=False)

    def update(self, n: int) -> None:
        self._current += n
        self._show()

    def reset(self) -> None:
        self._current = 0
        self._show()

    def close(self) -> None:
        pass

    def finish(self, size: int) -> None:
        self._done += size
        self._current = 0
        self._show()

    def _show(self) -> None:
        target = self._done + self._current
        if self.bar.total:
            target = min(target, self.bar.total)
        if target != self.bar.n:
            self.bar.update(target - self.bar.n)


class _Downloader:
    """A pooch downloader that never writes more than the manifest's size: HTTP(S) streamed
    with requests, or a plain copy from a mirror folder whose file has the right size."""

    def __init__(self, progress: _Progress, timeout: float) -> None:
        self.progress = progress
        self.timeout = timeout
        self.folder_file: Path | None = None
        self.expected = 0

    @property
    def cap(self) -> int:
        return self.expected or UNKNOWN_SIZE_CAP

    def __call__(self, url: str, output_file, pooch_obj, check_only: bool = False):
        self.progress.reset()
        if self.folder_file is not None:
            if not self.folder_file.is_file():
                raise _NotThere(str(self.folder_file))
            size = self.folder_file.stat().st_size
            if self.expected and size != self.expected:
                raise _WrongSize(size)
            shutil.copyfile(self.folder_file, output_file)
            self.progress.update(size)
            return None
        return self._http(url, output_file)

    def _http(self, url: str, output_file) -> None:
        import requests

        deadline = time.monotonic() + self.timeout + self.cap / SLOWEST_RATE
        with requests.get(url, stream=True, timeout=self.timeout) as response:
            if response.status_code in (404, 410):
                raise _NotThere(url)
            response.raise_for_status()
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > self.cap:
                raise _WrongSize(int(declared))
            written = 0
            with _opened(output_file) as out:
                for block in response.iter_content(CHUNK):
                    written += len(block)
                    if written > self.cap:
                        raise _WrongSize(written)
                    if time.monotonic() > deadline:
                        raise _TooSlow(url)
                    out.write(block)
                    self.progress.update(len(block))


@contextmanager
def _opened(output_file) -> Iterator:
    """pooch gives a path (or, in some versions, an open file)."""
    if hasattr(output_file, "write"):
        yield output_file
    else:
        with open(output_file, "wb") as f:
            yield f


@contextmanager
def _quiet_pooch() -> Iterator[None]:
    """pooch logs one line per file; the progress bar says the same more quietly."""
    import pooch

    logger = pooch.get_logger()
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def fetch_originals(
    originals: list[Original],
    *,
    mirror: Mirror,
    root: Path | None = None,
    retries: int = 2,
    progress: bool | None = None,
    timeout: float = 30.0,
) -> FetchOutcome:
    """Make sure every original is in the cache with the right SHA-256; never raises for a file.

    ``progress=None`` shows the bar only on a terminal. No file is written beyond the size the
    manifest gives it. One failing file does not stop the others; after
    :data:`OFFLINE_AFTER` connection failures in a row the rest are not tried (this computer is
    offline: they would fail the same way, each after its retries).
    """
    import pooch
    import requests
    from tqdm.auto import tqdm

    outcome = FetchOutcome()
    started = time.perf_counter()
    todo = []
    for original in originals:
        if is_cached(original, root):
            outcome.cached.append(original.key)
        else:
            todo.append(original)
    if not todo:
        outcome.seconds = time.perf_counter() - started
        return outcome

    registry = {o.key: f"sha256:{o.sha256}" for o in todo}
    urls = {o.key: mirror.url_for(o) for o in todo}
    store = pooch.create(
        path=sources_dir(root),
        base_url=f"https://{RAW_HOST}/",
        registry=registry,
        urls=urls,
        retry_if_failed=max(0, retries),
    )
    total = sum(o.size for o in todo) or None
    disable = None if progress is None else not progress
    bar = tqdm(total=total, unit="B", unit_scale=True, disable=disable, desc="Downloading")
    with _quiet_pooch(), bar:
        meter = _Progress(bar)
        downloader = _Downloader(meter, timeout)
        refused = 0
        for index, original in enumerate(todo):
            meter.start(PurePosixPath(original.key).name)
            downloader.folder_file = mirror.file_for(original) if mirror.folder is not None else None
            downloader.expected = original.size
            try:
                store.fetch(original.key, downloader=downloader)
            except _NotThere:
                outcome.failed[original.key] = _not_found(original, mirror)
            except _WrongSize as exc:
                outcome.failed[original.key] = _wrong_size(original, mirror, exc.args[0])
            except _TooSlow:
                outcome.failed[original.key] = _interrupted(original, mirror, TimeoutError("too slow"))
            except requests.ConnectionError:
                outcome.failed[original.key] = _offline(mirror)
                refused += 1
                if refused >= OFFLINE_AFTER:
                    outcome.not_tried = [o.key for o in todo[index + 1 :]]
                    break
                meter.finish(original.size)
                continue
            except requests.RequestException as exc:
                outcome.failed[original.key] = _interrupted(original, mirror, exc)
            except ValueError as exc:
                outcome.failed[original.key] = _bad_checksum(original, mirror, exc)
            except OSError as exc:
                outcome.failed[original.key] = cannot_write(exc)
            else:
                outcome.downloaded.append(original.key)
            refused = 0
            meter.finish(original.size)
    outcome.seconds = time.perf_counter() - started
    return outcome


def _name(original: Original) -> str:
    return ", ".join(original.used_by)


def _not_found(original: Original, mirror: Mirror) -> SourceNotFoundError:
    where = mirror.describe()
    return SourceNotFoundError(
        Text(
            f"{where} does not have {original.key} (needed for {_name(original)}); nothing was "
            f"saved. If this is a school mirror, make it again with `looktwice examples export`.",
            f"{where} n'a pas {original.key} (nécessaire pour {_name(original)}) ; rien n'a été "
            "enregistré. Si c'est le miroir de l'école, refaites-le avec `looktwice examples export`.",
        )
    )


def _offline(mirror: Mirror) -> OfflineError:
    where = mirror.describe()
    return OfflineError(
        Text(
            f"Could not connect to {where}. This computer seems to be offline, or the network "
            "blocks it. Nothing was saved. Try again when online, or ask for the school's copy "
            "of the pack and run `looktwice examples download --mirror FOLDER`.",
            f"Impossible de se connecter à {where}. Cet ordinateur semble hors ligne, ou le "
            "réseau le bloque. Rien n'a été enregistré. Réessayez une fois en ligne, ou demandez "
            "la copie de l'école et lancez `looktwice examples download --mirror DOSSIER`.",
        )
        + BUILTINS_HINT
    )


def _interrupted(original: Original, mirror: Mirror, exc: Exception) -> DownloadInterruptedError:
    return DownloadInterruptedError(
        Text(
            f"The download of {original.key} from {mirror.describe()} was interrupted "
            f"({type(exc).__name__}). Nothing half-finished was kept; run the command again.",
            f"Le téléchargement de {original.key} depuis {mirror.describe()} a été interrompu "
            f"({type(exc).__name__}). Rien d'inachevé n'a été gardé ; relancez la commande.",
        )
    )


def _wrong_size(original: Original, mirror: Mirror, got: int) -> ChecksumError:
    expected_fr, got_fr = (f"{n:,}".replace(",", "\u202f") for n in (original.size, got))
    return ChecksumError(
        Text(
            f"{original.key} from {mirror.describe()} is not the expected file: the manifest says "
            f"{original.size:,} bytes and it has {got:,} or more, so it was refused before it could "
            "fill the disk. The mirror holds a different or damaged file.",
            f"{original.key} venant de {mirror.describe()} n'est pas le fichier attendu : le "
            f"manifeste indique {expected_fr} octets et il en a au moins {got_fr}\u202f; il a donc "
            "été refusé avant de remplir le disque. Le miroir contient un autre fichier, ou un "
            "fichier abîmé.",
        )
    )


def _bad_checksum(original: Original, mirror: Mirror, exc: Exception) -> ChecksumError:
    return ChecksumError(
        Text(
            f"{original.key} from {mirror.describe()} is not the expected file: its SHA-256 "
            "checksum does not match the manifest, so it was thrown away. It may have been "
            "damaged on the way, or the mirror holds a different file.",
            f"{original.key} venant de {mirror.describe()} n'est pas le fichier attendu : sa "
            "somme de contrôle SHA-256 ne correspond pas au manifeste, il a donc été écarté. Il a "
            "pu être abîmé en route, ou le miroir contient un autre fichier.",
        )
    )


def cannot_write(exc: OSError) -> CacheWriteError:
    """The error for a cache folder that cannot be written (full disk, no permission)."""
    return CacheWriteError(
        Text(
            f"Could not write to the cache folder ({exc}). Free some space, or choose another "
            "folder with the LOOKTWICE_CACHE_DIR environment variable.",
            f"Impossible d'écrire dans le dossier de cache ({exc}). Libérez de la place, ou "
            "choisissez un autre dossier avec la variable d'environnement LOOKTWICE_CACHE_DIR.",
        )
    )
