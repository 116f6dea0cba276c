"""The downloadable example pack: load, download, verify and export it.

Pack images are not shipped with the kit. ``download_pack`` fetches their originals from the
pinned URLs in the manifest (or a school's mirror), checks every SHA-256, and cuts each pack
image out of its original exactly as the manifest says. ``export_pack`` writes the checked
originals to a folder laid out like the URLs, which a school copies to USB sticks or serves on
its network; ``download_pack(mirror=FOLDER_OR_URL)`` reads such a folder back.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import shutil
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..text import Text
from .builtin import installed_version, matches_manifest
from .cache import (
    atomic_write_bytes,
    needs_derivation,
    pack_image_path,
    source_key,
    source_path,
    sources_dir,
)
from .catalog import Catalog, Example
from .derive import check_pack_image, derive_png
from .errors import DamagedError, ExampleError
from .fetch import (
    FetchOutcome,
    Mirror,
    Original,
    cannot_write,
    fetch_originals,
    file_sha256,
    originals_of,
)
from .pack_source import damaged_error
from .registry import default_catalog


def select(
    names: Iterable[str] | None = None,
    *,
    exclude_status: Iterable[str] = (),
    origin: str | None = "pack",
    catalog: Catalog | None = None,
) -> list[Example]:
    """The examples to work on: ``names`` (or all), of ``origin``, minus excluded statuses."""
    catalog = catalog or default_catalog()
    chosen = [catalog.get(n) for n in names] if names is not None else list(catalog)
    excluded = set(exclude_status)
    return [e for e in chosen if (origin is None or e.origin == origin) and e.license_status not in excluded]


@dataclass
class Problem:
    """Something that went wrong for some examples, with a message to show."""

    names: tuple[str, ...]
    error: ExampleError


@dataclass
class DownloadResult:
    """What :func:`download_pack` did; ``ok`` is true when every chosen example is ready."""

    examples: list[Example]
    fetch: FetchOutcome
    root: Path | None = None
    derived: list[str] = field(default_factory=list)
    exact: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    derive_seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems and not self.fetch.not_tried

    @property
    def ready(self) -> list[str]:
        return [e.name for e in self.examples if pack_image_path(e, self.root).is_file()]

    def raise_first(self) -> None:
        """Raise the first problem's error, if any (handy in scripts and tests)."""
        if self.problems:
            raise self.problems[0].error


def download_pack(
    names: Iterable[str] | None = None,
    *,
    mirror: str | Path | None = None,
    exclude_status: Iterable[str] = (),
    retries: int = 2,
    progress: bool | None = None,
    timeout: float = 30.0,
    root: Path | None = None,
) -> DownloadResult:
    """Download, check and prepare the pack (or just ``names``); safe to run again any time.

    Originals already in the cache with the right SHA-256 are not fetched again; a damaged one
    is replaced. ``mirror`` is a folder or web address laid out like ``export_pack`` writes.
    ``exclude_status`` leaves out rows by licence status (``"uncertain"``, ``"noncommercial"``).

    A file that cannot be fetched or checked is reported in the result's ``problems`` (and
    nothing of it is kept), so one bad file does not stop the others; an unknown name or a
    mirror folder that does not exist raises :class:`~.errors.ExampleError` at once.
    """
    where = Mirror.parse(mirror)
    examples = select(names, exclude_status=exclude_status)
    originals = originals_of(examples)
    outcome = fetch_originals(originals, mirror=where, root=root, retries=retries, progress=progress, timeout=timeout)
    result = DownloadResult(examples=examples, fetch=outcome, root=root)
    by_key = {o.key: o for o in originals}
    for key, error in outcome.failed.items():
        result.problems.append(Problem(by_key[key].used_by, error))

    started = time.perf_counter()
    ready = outcome.ready
    to_cut = [e for e in examples if needs_derivation(e) and _key(e) in ready]
    for example in _bar(to_cut, progress, "Cutting out"):
        target = pack_image_path(example, root)
        try:
            if target.is_file():
                try:
                    check_pack_image(example, target.read_bytes())
                    continue
                except DamagedError:
                    pass  # made again below
            data, exact = derive_png(example, source_path(example, root).read_bytes())
            check_pack_image(example, data)
            atomic_write_bytes(target, data)
        except ExampleError as exc:
            result.problems.append(Problem((example.name,), exc))
            continue
        except OSError as exc:
            result.problems.append(Problem((example.name,), cannot_write(exc)))
            continue
        result.derived.append(example.name)
        if exact:
            result.exact.append(example.name)
    result.derive_seconds = time.perf_counter() - started
    return result


def _bar(items: list[Example], progress: bool | None, label: str):
    """Iterate with a progress bar (on a terminal, unless ``progress`` says otherwise)."""
    from tqdm.auto import tqdm

    disable = True if not items else None if progress is None else not progress
    return tqdm(items, desc=label, unit="image", disable=disable, leave=False)


@dataclass(frozen=True)
class Check:
    """The state of one example after :func:`verify_pack`.

    ``state`` is ``"ok"``, ``"missing"`` (not downloaded), ``"damaged"`` (fails its check; run
    download again) or ``"differs"`` (a built-in file from another package version: usable).
    """

    example: Example
    state: str
    message: Text


def verify_pack(
    names: Iterable[str] | None = None,
    *,
    exclude_status: Iterable[str] = (),
    include_builtin: bool = True,
    root: Path | None = None,
) -> list[Check]:
    """Check every chosen example on disk against the manifest (SHA-256, size); nothing is changed."""
    chosen = select(names, exclude_status=exclude_status, origin=None)
    checks = []
    for example in chosen:
        if example.origin == "builtin":
            if include_builtin:
                checks.append(_check_builtin(example))
        elif example.origin == "pack":
            checks.append(_check_pack(example, root))
    return checks


def _check_builtin(example: Example) -> Check:
    same = matches_manifest(example)
    if same is None:
        return Check(example, "missing", Text("not in the installed package", "absente du paquet installé"))
    if same:
        return Check(example, "ok", Text("built in, SHA-256 matches", "intégrée, SHA-256 conforme"))
    dist_file = example.package_file
    version = installed_version(dist_file) or "?"
    return Check(
        example,
        "differs",
        Text(
            f"built in, but the installed version ({version}) carries a different file than "
            f"the one described ({example.source}); still usable",
            f"intégrée, mais la version installée ({version}) contient un autre fichier que "
            f"celui décrit ({example.source}) ; utilisable quand même",
        ),
    )


def _check_pack(example: Example, root: Path | None) -> Check:
    original = source_path(example, root)
    original_ok = original.is_file() and file_sha256(original) == example.source_sha256
    if not needs_derivation(example):
        if not original.is_file():
            return Check(example, "missing", Text("not downloaded yet", "pas encore téléchargée"))
        if not original_ok:
            return Check(example, "damaged", damaged_error(example).message)
        return Check(example, "ok", Text("SHA-256 matches", "SHA-256 conforme"))
    image = pack_image_path(example, root)
    if not image.is_file():
        return Check(example, "missing", Text("not downloaded yet", "pas encore téléchargée"))
    data = image.read_bytes()
    try:
        check_pack_image(example, data)
    except DamagedError as exc:
        return Check(example, "damaged", exc.message)
    if original.is_file() and not original_ok:
        return Check(example, "damaged", damaged_error(example).message)
    exact = hashlib.sha256(data).hexdigest() == example.sha256
    size = f"{example.width}x{example.height}"
    if exact:
        message = Text(f"cut out, {size}, identical to the reference", f"découpée, {size}, identique à la référence")
    else:
        message = Text(
            f"cut out, {size} as expected (PNG bytes differ from the reference: another Pillow or zlib)",
            f"découpée, {size} comme prévu (octets PNG différents de la référence : autre Pillow ou zlib)",
        )
    if not original.is_file():
        message = message + Text("(original not kept: export will skip it)", "(original absent : l'export l'omettra)")
    return Check(example, "ok", message)


@dataclass
class ExportResult:
    """What :func:`export_pack` wrote: originals copied, and those missing from the cache."""

    folder: Path
    copied: list[str] = field(default_factory=list)
    missing: list[Original] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.missing


def export_pack(
    folder: str | Path,
    names: Iterable[str] | None = None,
    *,
    exclude_status: Iterable[str] = (),
    root: Path | None = None,
) -> ExportResult:
    """Write the checked originals to ``folder`` as a mirror, with a README and the credits.

    ``folder/OWNER/REPO/COMMIT/PATH`` mirrors ``https://raw.githubusercontent.com/OWNER/REPO/
    COMMIT/PATH``, so ``download_pack(mirror=folder)`` works from a copy of the folder, and so
    does ``download_pack(mirror="http://server/folder")`` when a web server serves it.
    Originals not in the cache (or damaged there) are listed in ``missing``.
    """
    folder = Path(folder).expanduser()
    examples = select(names, exclude_status=exclude_status)
    result = ExportResult(folder=folder)
    for original in originals_of(examples):
        cached = sources_dir(root).joinpath(*PurePosixPath(original.key).parts)
        if not cached.is_file() or file_sha256(cached) != original.sha256:
            result.missing.append(original)
            continue
        target = folder.joinpath(*PurePosixPath(original.key).parts)
        if not (target.is_file() and file_sha256(target) == original.sha256):
            _atomic_copy(cached, target, original.sha256)
        result.copied.append(original.key)
    exported = [e for e in examples if all(o.key != _key(e) for o in result.missing)]
    atomic_write_bytes(folder / "README.txt", _readme(len(result.copied)).encode("utf-8"))
    atomic_write_bytes(folder / "CREDITS.txt", _credits(exported).encode("utf-8"))
    atomic_write_bytes(folder / "looktwice-examples.csv", _manifest_csv(exported).encode("utf-8"))
    return result


def _atomic_copy(src: Path, dest: Path, sha256: str) -> None:
    """Copy to a temporary name beside ``dest``, check the copy, then rename it into place."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".part")
    os.close(fd)
    tmp = Path(name)
    try:
        shutil.copyfile(src, tmp)
        if file_sha256(tmp) != sha256:
            raise OSError(f"the copy of {src.name} in {dest.parent} does not match its checksum")
        tmp.replace(dest)
    finally:
        tmp.unlink(missing_ok=True)


def _key(example: Example) -> str:
    return source_key(example.source_url)


def _readme(count: int) -> str:
    return f"""Look Twice example pack: school mirror
======================================

This folder holds {count} original image files for the Look Twice example pack, exactly as
published at their pinned web addresses (https://raw.githubusercontent.com/OWNER/REPO/COMMIT/PATH
is stored here as OWNER/REPO/COMMIT/PATH). Each one is checked against its SHA-256 checksum when
it is installed, so a damaged copy is refused, never used.

To install the pack on a computer without internet:

    looktwice examples download --mirror PATH/TO/THIS/FOLDER

To share it on the school network, serve this folder with any web server, for example

    python -m http.server --directory PATH/TO/THIS/FOLDER 8000

and on each computer run

    looktwice examples download --mirror http://SERVER:8000

Who made each image, and under which licence, is in CREDITS.txt; show the credit line with
the image. Images marked "LICENCE UNCERTAIN" or "NON-COMMERCIAL" can be left out with
--exclude-status uncertain,noncommercial. looktwice-examples.csv lists the facts behind each
image (source, checksum, how it was cut out, generator, licence).
"""


def _credits(examples: list[Example]) -> str:
    lines = ["Look Twice example pack: credits and licences (crédits et licences)", "=" * 67, ""]
    for e in examples:
        lines.append(f"{e.filename} ({e.kind})")
        lines.append(f"  {e.credit}")
        lines.append(f"  FR\u00a0: {e.title_fr}. {e.credit_line('fr')}")
        lines.append(f"  Source: {e.source_url}")
        lines.append("")
    return "\n".join(lines)


def _manifest_csv(examples: list[Example]) -> str:
    from importlib import resources

    text = resources.files(__package__).joinpath("manifest.csv").read_text(encoding="utf-8")
    wanted = {e.filename for e in examples}
    rows = list(csv.DictReader(io.StringIO(text)))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0].keys()), lineterminator="\n")
    writer.writeheader()
    writer.writerows(r for r in rows if r["filename"] in wanted)
    return out.getvalue()


__all__ = [
    "Check",
    "DownloadResult",
    "ExportResult",
    "Problem",
    "download_pack",
    "export_pack",
    "select",
    "verify_pack",
]
