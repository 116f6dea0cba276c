"""Where downloaded examples live on this computer, and how files get there safely.

The cache is per user (``pooch.os_cache("looktwice")``, e.g. ``~/.cache/looktwice`` on Linux);
set ``LOOKTWICE_CACHE_DIR`` to put it elsewhere (a shared drive, a USB stick, a test folder).
Inside it:

- ``sources/OWNER/REPO/COMMIT/PATH``: original files exactly as published, each checked
  against its SHA-256 (the same layout as a mirror, so ``export`` is a plain copy);
- ``pack/FILENAME``: pack images cut out of an original (only for rows with a crop or a
  transform; other pack images *are* their original).

Nothing is written in place: every file is written to a temporary name in the same folder and
renamed once complete and checked, so a crash or a full disk never leaves a half-written file
where the kit would read it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from .catalog import Example

ENV_VAR = "LOOKTWICE_CACHE_DIR"
RAW_HOST = "raw.githubusercontent.com"


def cache_dir() -> Path:
    """The cache folder: ``$LOOKTWICE_CACHE_DIR`` if set, else the per-user cache of the OS."""
    override = os.environ.get(ENV_VAR, "").strip()
    if override:
        return Path(override).expanduser()
    import pooch

    return Path(pooch.os_cache("looktwice"))


def url_path(url: str) -> str:
    """The part of a pinned URL that a mirror repeats, still %-encoded.

    ``https://raw.githubusercontent.com/OWNER/REPO/COMMIT/PATH`` gives ``OWNER/REPO/COMMIT/PATH``;
    a URL on any other host keeps its host as the first folder.
    """
    parts = urlsplit(url)
    path = parts.path.lstrip("/")
    return path if parts.netloc == RAW_HOST else f"{parts.netloc}/{path}"


def source_key(url: str) -> str:
    """The relative file path of an original, in the cache and in a mirror folder (decoded)."""
    key = unquote(url_path(url))
    parts = PurePosixPath(key).parts
    if not parts or any(p in ("", ".", "..") for p in parts) or key.startswith("/"):
        raise ValueError(f"unsafe source path in URL {url!r}")
    return key


def sources_dir(root: Path | None = None) -> Path:
    """Where downloaded originals are kept, under ``root`` or the kit's cache folder."""
    return (root or cache_dir()) / "sources"


def source_path(example: Example, root: Path | None = None) -> Path:
    """Where the original of a pack example is (or will be) cached."""
    return sources_dir(root).joinpath(*PurePosixPath(source_key(example.source_url)).parts)


def needs_derivation(example: Example) -> bool:
    """Whether the pack image is cut out of (or decoded from) its original."""
    return example.crop is not None or bool(example.transform)


def pack_image_path(example: Example, root: Path | None = None) -> Path:
    """Where a pack example's image is: its own derived file, or its original."""
    if needs_derivation(example):
        return (root or cache_dir()) / "pack" / example.filename
    return source_path(example, root)


def atomic_write_bytes(dest: Path, data: bytes) -> None:
    """Write ``data`` to ``dest`` so that ``dest`` is either absent, old, or complete."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, dest)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
