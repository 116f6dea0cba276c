"""The classroom app's heavy work, done in worker processes.

Inspecting an upload and breaking the evidence open images, run the analyses and draw
pictures. Done inside the web server's process, that work shares one Python interpreter lock
with everything the server does, and a class of 30 clicking at once leaves a core idle. So it
runs in a small pool of worker processes (one per core by default): each opens the file, runs
the report on one thread (the processes are the parallelism), draws the pictures and writes
them as files into a folder the web server serves. Only words, numbers, file paths and the
magnifier's pixels travel back.

If a worker dies (the system kills it for memory, a library crashes on a hostile file), the
pool is rebuilt and each request that was waiting is tried once more: one bad file costs
nobody else their result.

Nothing here knows Gradio: the functions take bytes and return plain data.
"""

from __future__ import annotations

import atexit
import ctypes
import hashlib
import heapq
import io
import itertools
import multiprocessing
import multiprocessing.connection
import os
import secrets
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PIL import Image

from ..analyses import ANALYSES, zoom
from ..analyses.base import FailedAnalysis, fit_picture
from ..bounded import too_slow
from ..image_file import Specimen, open_specimen
from ..report import Report, build_report, joined
from ..survival import survival
from ..text import Text
from ..writers import launder
from ..writers.strip import without_labels
from . import views as cv

#: Longest side of the picture shown in the inspect tab (shrunk by a whole factor, so it ends
#: between half and all of this).
PREVIEW_SIDE = 1280
#: A photo up to this many pixels, in a format every browser shows, is shown as its own file.
PASSTHROUGH_PIXELS = 4_000_000
_BROWSER_FORMATS = {"JPEG": ".jpg", "PNG": ".png"}
#: Side, in screen pixels, of a close-up made with the magnifier, and its enlargements.
CLOSE_UP_SIDE = 384
ZOOM_FACTORS = (2, 4, 8)
#: Longest side of the thumbnails of "break the evidence".
THUMBNAIL_SIDE = 480
#: How each picture of the inspect tab is encoded (see :class:`PictureFiles`).
PICTURE_FORMATS = {
    "preview": "JPEG",
    "spectrum": "JPEG",
    "ela": "PNG",
    "noise": "BMP",
    "zoom": "BMP",
    "detector": "PNG",
}
#: Pillow's save options and the file suffix for each format.
_ENCODINGS = {
    "JPEG": ({"quality": 90, "subsampling": 0}, ".jpg"),
    # Z_RLE: faster than the default strategy, and smaller on palette pictures.
    "PNG": ({"compress_level": 1, "compress_type": 3}, ".png"),
    "BMP": ({}, ".bmp"),
}
#: The pictures the inspect tab shows beside their explanations.
SHOWN = ("spectrum", "noise", "ela", "detector", "zoom")


#: Start of the name of the folders the app makes in the temporary folder; the process id
#: follows, so that a later start can remove the folders of a run that was killed.
FOLDER_PREFIX = "looktwice-pictures-"


def sweep_abandoned(prefixes: tuple[str, ...] = (FOLDER_PREFIX,)) -> list[Path]:
    """Delete the temporary folders that an earlier run of the app left when it was killed
    (its process is gone); the folders it removed."""
    removed = []
    for prefix in prefixes:
        for folder in Path(tempfile.gettempdir()).glob(f"{prefix}*"):
            pid = folder.name[len(prefix) :].split("-", 1)[0]
            if not pid.isdigit() or int(pid) == os.getpid() or _alive(int(pid)):
                continue
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class PictureFiles:
    """Pictures encoded by the app itself, in one folder, and served by path.

    Encoding here rather than in Gradio lets each picture use the right format: JPEG for
    photos and the spectrum; exact PNG for palette pictures (error levels: one byte per
    pixel); uncompressed BMP for pictures of a few kilobytes (the noise map and the
    close-ups at one pixel per pixel), which cost nothing to write and which every browser
    shows. Names are hashes of the content, so an address says nothing about the image (a
    quiz picture's address must not give the answer away). Worker processes write into the
    same folder (``PictureFiles(folder)``); the app that made the folder deletes it at exit.

    ``max_age`` (seconds): :meth:`sweep` deletes files older than this (pictures of uploads).
    ``random_names``: name each file by a random token instead (pictures of uploads: a content
    hash would let another session that holds the same photo learn that it was uploaded).
    """

    def __init__(
        self, folder: str | Path | None = None, max_age: float | None = None, random_names: bool = False
    ) -> None:
        if folder is None:
            folder = tempfile.mkdtemp(prefix=f"{FOLDER_PREFIX}{os.getpid()}-")
            atexit.register(shutil.rmtree, folder, True)
        self.folder = Path(folder)
        self.max_age = max_age
        self.random_names = random_names
        self._swept = 0.0

    def put(self, image: Image.Image, fmt: str = "PNG") -> str:
        """Write ``image`` as ``fmt`` (``"JPEG"``, ``"PNG"`` or ``"BMP"``); its path."""
        options, suffix = _ENCODINGS[fmt]
        if fmt == "JPEG" or (fmt == "BMP" and image.mode not in ("1", "L", "P", "RGB")):
            image = image.convert("RGB")
        buf = io.BytesIO()
        image.save(buf, fmt, **options)
        return self.put_bytes(buf.getvalue(), suffix)

    def put_bytes(self, data: bytes, suffix: str) -> str:
        """Write an already encoded picture (``suffix``: ``".jpg"``, ``".png"``...); its path."""
        stem = secrets.token_hex(16) if self.random_names else hashlib.sha256(data).hexdigest()[:32]
        path = self.folder / (stem + suffix)
        try:
            os.utime(path)  # the same picture again: its time to live starts over
        except FileNotFoundError:
            tmp = path.with_name(f"{path.stem}.{os.getpid()}.{threading.get_ident()}.part")
            tmp.write_bytes(data)
            os.replace(tmp, path)
        return str(path)

    def take(self, path: str | Path, suffix: str) -> str:
        """Move the file at ``path`` into the folder (copied if it is on another file system),
        named as :meth:`put_bytes` names it and with its time to live starting now; its new
        path. Nothing is read into memory."""
        source = Path(path)
        if not self.random_names:
            kept = self.put_bytes(source.read_bytes(), suffix)
            source.unlink()
            return kept
        target = self.folder / (secrets.token_hex(16) + suffix)
        shutil.move(source, target)
        os.utime(target)
        return str(target)

    def sweep(self, force: bool = False) -> None:
        """Delete files older than ``max_age`` seconds (nothing if no ``max_age``). Looks at
        the folder at most once a minute (a class's burst of requests would otherwise list
        it once per request), unless ``force``."""
        now = time.time()
        if self.max_age is None or (not force and now - self._swept < 60):
            return
        self._swept = now
        limit = now - self.max_age
        for p in self.folder.iterdir():
            try:
                if p.stat().st_mtime < limit:
                    p.unlink()
            except OSError:
                pass


# --- the work ---------------------------------------------------------------------------------


#: The analyses whose findings the inspect tab shows first, with the picture being inspected:
#: the labels (declared), the spectrum and the grain (hints and context). Cheap enough to be
#: on screen within a second while a class of 30 asks at once.
FINDINGS_FIRST = ("metadata", "credentials", "watermark", "spectrum", "noise")
#: The analyses that follow with every picture: the detector (whose card joins the findings),
#: error levels and close-ups (pictures to look at, which add no finding).
WITH_PICTURES = tuple(n for n in ANALYSES if n not in FINDINGS_FIRST)


def inspect_page(
    source: bytes | str, name: str, credit: Text | None, folder: str, private: bool = False
) -> dict[str, Any]:
    """Everything the inspect tab shows about one file, pictures written into ``folder``.

    Returns ``view`` (the report's words, :class:`looktwice.classroom.views.InspectView`), ``pictures``
    (a path or ``None`` for each of :data:`SHOWN`), ``preview`` (a path) and ``preview_size``.
    Raises :class:`looktwice.image_file.ImageError` for a file that cannot be read.
    ``source``: the file's bytes, or the path of an upload kept in the private folder.
    ``private``: the file is an upload, so its pictures get random names.

    The same as :func:`inspect_findings` then :func:`inspect_pictures`, in one call.
    """
    first = inspect_findings(source, name, credit, folder, private)
    return {**first, **inspect_pictures(source, name, credit, folder, private, first["carry"])}


def inspect_findings(
    source: bytes | str, name: str, credit: Text | None, folder: str, private: bool = False
) -> dict[str, Any]:
    """What the inspect tab shows first: the findings of :data:`FINDINGS_FIRST` and the picture.

    Returns ``view`` (an :class:`~looktwice.classroom.views.InspectView` whose ``pending``
    names the analyses still to come), ``preview``, ``preview_size``, and ``carry``: what
    :func:`inspect_pictures` needs of this stage (its results, so nothing is measured twice).
    Raises :class:`looktwice.image_file.ImageError` for a file that cannot be read.
    """
    files = PictureFiles(folder, random_names=private)
    specimen = open_specimen(_read(source), name=name)
    report = build_report(specimen, only=list(FINDINGS_FIRST), threads=1)
    preview, preview_size = _preview(specimen, files)
    return {
        "view": cv.InspectView.from_report(report, credit, pending=WITH_PICTURES),
        "preview": preview,
        "preview_size": preview_size,
        "carry": report,
    }


def inspect_pictures(
    source: bytes | str, name: str, credit: Text | None, folder: str, private: bool, carry: Report
) -> dict[str, Any]:
    """What follows the findings: the analyses of :data:`WITH_PICTURES` and every picture.

    ``carry`` is what :func:`inspect_findings` returned for the same file. Returns ``view``
    (the whole report's words: the same as one run of every analysis) and ``pictures`` (a
    path or ``None`` for each of :data:`SHOWN`).
    """
    files = PictureFiles(folder, random_names=private)
    specimen = open_specimen(_read(source), name=name)
    report = joined(carry, build_report(specimen, only=list(WITH_PICTURES), threads=1))
    pictures: dict[str, str | None] = {}
    for r in report.results:
        if isinstance(r, FailedAnalysis) or r.name not in SHOWN:
            continue
        picture = _small_picture(r)
        pictures[r.name] = files.put(picture, PICTURE_FORMATS[r.name]) if picture is not None else None
    return {"view": cv.InspectView.from_report(report, credit), "pictures": pictures}


def _read(source: bytes | str) -> bytes:
    return Path(source).read_bytes() if isinstance(source, str) else source


def _preview(specimen: Specimen, files: PictureFiles) -> tuple[str, tuple[int, int]]:
    """The picture shown as "the picture being inspected", and its size in pixels.

    A plain JPEG or PNG photo of moderate size is shown as its own compressed pixels, every
    label removed (no camera, date or GPS position is kept on disk): what students see is
    exactly what was analysed, and nothing is re-encoded. Any file Look Twice had to convert
    (CMYK, 16-bit, transparency, palette, animation, EXIF rotation), a large one or another
    format is shown as a reduced JPEG of the pixels the analyses saw.
    """
    suffix = _BROWSER_FORMATS.get(specimen.format)
    width, height = specimen.size
    if suffix and not specimen.notes and width * height <= PASSTHROUGH_PIXELS:
        unlabelled = without_labels(specimen.raw)
        if unlabelled is not None:
            return files.put_bytes(unlabelled, suffix), (width, height)
    preview = fit_picture(specimen.image, PREVIEW_SIDE)
    return files.put(preview, PICTURE_FORMATS["preview"]), preview.size


def _small_picture(result) -> Image.Image | None:
    """The picture of an analysis as the page receives it. The close-ups and the noise map go
    at their true size (the page enlarges them pixel by pixel with CSS), a sixteenth or less
    of the pixels to encode."""
    if result.name == "zoom":
        return result.sheet(1)
    if result.name == "noise":
        return result.block_picture()
    return result.picture()


def close_up(data: bytes | str, x: float, y: float, factor: int) -> Image.Image:
    """A square of the full-size picture around (``x``, ``y``), given as fractions of its width
    and height, enlarged ``factor`` times pixel by pixel to about :data:`CLOSE_UP_SIDE`.
    ``data`` is the file's bytes, or the path of an upload kept in the private folder."""
    image = open_specimen(_read(data)).image
    factor = factor if factor in ZOOM_FACTORS else 4
    side = max(4, min(round(CLOSE_UP_SIDE / factor), image.width, image.height))
    left = min(max(0, round(x * image.width - side / 2)), image.width - side)
    top = min(max(0, round(y * image.height - side / 2)), image.height - side)
    return zoom.magnify(image, (left, top, left + side, top + side), factor)


def laundering_steps(operations: list[str], quality: int, scale: float, crop: float) -> dict:
    """The everyday operations asked for, each with its label, for :func:`survival`."""
    table = {
        "resave": (
            lambda d: launder.resave_jpeg(d, quality),
            Text(f"JPEG, quality {quality}", f"JPEG, qualité {quality}"),
        ),
        "resize": (
            lambda d: launder.resize(d, scale),
            Text(f"resized × {scale:.2f}", f"redimensionnée ×\u202f{cv.number(scale, 2, 'fr')}"),
        ),
        "crop": (
            lambda d: launder.crop(d, crop),
            Text(f"cropped {100 * crop:.0f} %", f"recadrée de {100 * crop:.0f}\u00a0%"),
        ),
        "screenshot": (launder.screenshot, Text("screenshot", "capture d'écran")),
        "social": (launder.social_network, Text("social network", "réseau social")),
    }
    return {o: table[o] for o in operations}


def break_page(
    data: bytes,
    operations: list[str],
    quality: int,
    scale: float,
    crop: float,
    folder: str,
) -> list[tuple[cv.CopyView, str]]:
    """The original and a copy per operation, each with what survived and a thumbnail path."""
    files = PictureFiles(folder)
    rows = survival(data, laundering_steps(operations, quality, scale, crop))
    return [
        (
            cv.CopyView(r.operation, r.label, r.width, r.height, r.file_bytes, r.signals),
            files.put(fit_picture(r.image, THUMBNAIL_SIDE), "JPEG"),
        )
        for r in rows
    ]


def _start_worker() -> None:
    """Worker start-up: a lower priority than the web process, and freed memory kept.

    The web process answers every click (quiz, zoom, language) and sends results out; with
    the heavy analyses a little behind it, the page stays responsive during a burst.

    Each request allocates and frees some 100 MB of arrays. By default glibc hands large
    blocks back to the system at once and the next request takes them again, page by page,
    in the kernel. Keeping up to 256 MB per worker avoids that (Linux with glibc only).
    """
    if hasattr(os, "nice"):
        os.nice(5)
    _die_with_parent()
    if WORKER_MEMORY_MB:
        try:
            import resource
        except ImportError:  # Windows: no per-process address-space limit
            resource = None
        if resource is not None:
            cap = WORKER_MEMORY_MB * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    try:
        libc = ctypes.CDLL("libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return
    m_trim_threshold, m_top_pad, m_mmap_threshold = -1, -2, -3
    mallopt(m_mmap_threshold, 32 << 20)
    mallopt(m_trim_threshold, 256 << 20)
    mallopt(m_top_pad, 64 << 20)


def _die_with_parent() -> None:
    """A worker ends when the app that asked for it does, even after a SIGKILL of the app
    (which skips every clean-up): it watches the app's sentinel, which multiprocessing closes
    when the app's process ends."""
    app = multiprocessing.parent_process()
    if app is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([app.sentinel])
        os._exit(0)

    threading.Thread(target=watch, name="looktwice-parent-watch", daemon=True).start()


def _forkserver_dies_with_the_app() -> None:
    """In the fork server (which imports this module to preload it), ask Linux to end it when
    the app that started it ends: otherwise a SIGKILL of the app leaves it running."""
    if "from multiprocessing.forkserver import main" not in " ".join(getattr(sys, "orig_argv", [])):
        return
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, 15)  # SIGTERM
    except (OSError, AttributeError):
        pass


_forkserver_dies_with_the_app()


def _warm_up() -> int:
    """Touch every analysis once so a worker's first real request is not slower than the rest."""
    buf = io.BytesIO()
    Image.effect_noise((320, 320), 40).convert("RGB").save(buf, "JPEG")
    build_report(open_specimen(buf.getvalue(), name="warm-up"), threads=1)
    return os.getpid()


# --- the pool ---------------------------------------------------------------------------------


#: Longest a request may take in a worker: a file that takes longer is stopped, with a message,
#: and its worker replaced (a real picture takes well under a second).
REQUEST_SECONDS = 30.0
#: Address space one worker may use, in MB (a 40-megapixel upload needs about 1.5 GB).
WORKER_MEMORY_MB = 3072


#: Priorities of requests to the workers: the lower, the sooner. What a student waits to read
#: goes first; the pictures that follow the findings go after every waiting request.
NOW = 0
LATER = 1


class Turns:
    """``slots`` places handed out by priority (the lowest number first), and in the order of
    asking within one priority.

    The workers' own queue is first come, first served: behind 30 requests for pictures, a
    student's findings would wait for all of them. Here each request waits for its turn
    instead, and only a few are in their queue at once (:class:`Workers`: one more than there
    are workers).
    """

    def __init__(self, slots: int) -> None:
        self._free = max(1, slots)
        self._waiting: list[tuple[int, int, threading.Event]] = []
        self._tickets = itertools.count()
        self._lock = threading.Lock()

    @contextmanager
    def turn(self, priority: int = NOW) -> Iterator[None]:
        """Wait until this request's turn comes; hold a place until the block ends."""
        with self._lock:
            ticket = None
            if self._free and not self._waiting:
                self._free -= 1
            else:
                ticket = (priority, next(self._tickets), threading.Event())
                heapq.heappush(self._waiting, ticket)
        if ticket is not None:
            try:
                ticket[2].wait()  # set by the request that hands its place over
            except BaseException:
                with self._lock:
                    if ticket[2].is_set():
                        self._hand_over()
                    else:
                        self._waiting.remove(ticket)
                        heapq.heapify(self._waiting)
                raise
        try:
            yield
        finally:
            with self._lock:
                self._hand_over()

    def _hand_over(self) -> None:
        """Give a place to the first request in line, or free it (with the lock held). Only
        the request whose turn it is wakes up."""
        if self._waiting:
            heapq.heappop(self._waiting)[2].set()
        else:
            self._free += 1


class Workers:
    """A pool of ``processes`` worker processes that survives a worker's death.

    Requests wait for their turn by priority (:class:`Turns`): ``run(..., priority=LATER)``
    lets every waiting ``NOW`` request go first. ``processes=0`` runs the work in the calling
    thread instead (a machine where worker processes cannot start, or debugging).
    """

    def __init__(self, processes: int | None = None) -> None:
        self.processes = (os.cpu_count() or 1) if processes is None else max(0, processes)
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._alone = threading.Semaphore(max(1, self.processes))
        # One request more than there are workers: a worker that finishes finds the next
        # request already in its queue, rather than idling while the web process (busy
        # answering the class) hands it over; a student's findings then wait for at most one
        # request for pictures more.
        self._turns = Turns(self.processes + 1)
        self._closed = False

    @staticmethod
    def _context():
        # forkserver: workers are forked from a clean, single-threaded process that imported
        # this module and the analyses once, so they start fast and share that memory;
        # spawn where there is no forkserver (Windows).
        if "forkserver" in multiprocessing.get_all_start_methods():
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(["looktwice.classroom.workers", "looktwice.report", "looktwice.survival"])
            return ctx
        return multiprocessing.get_context("spawn")

    def _new_pool(self, processes: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(processes, mp_context=self._context(), initializer=_start_worker)

    def _current(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._closed:
                raise RuntimeError("the workers were closed")
            if self._pool is None:
                self._pool = self._new_pool(self.processes)
            return self._pool

    def _forget(self, broken: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is broken:
                self._pool = None
        broken.shutdown(wait=False)

    def start(self) -> list[Future]:
        """Start every worker now, in the background, rather than at the first request."""
        if self.processes == 0:
            return []
        pool = self._current()
        return [pool.submit(_warm_up) for _ in range(self.processes)]

    def run(self, fn: Callable[..., Any], *args: Any, timeout: float = REQUEST_SECONDS, priority: int = NOW) -> Any:
        """``fn(*args)`` in a worker; its result is returned and its exceptions raised here.

        The request waits for a free worker behind every request of a lower ``priority``
        number and every earlier one of the same priority; ``timeout`` counts from when a
        worker takes it. If the pool breaks while the request is in it (a worker died: perhaps on this file,
        perhaps on another), the request is tried once more in a process of its own, so a file
        that kills its worker fails alone and every other request still gets its answer. A
        request still running after ``timeout`` seconds has its workers stopped and replaced,
        and raises :class:`~looktwice.bounded.LimitExceeded`; the requests that were in those
        workers are tried again in processes of their own.
        """
        if self.processes == 0:
            return fn(*args)
        with self._turns.turn(priority):
            pool = self._current()
            try:
                return pool.submit(fn, *args).result(timeout)
            except FutureTimeout:
                self._stop(pool)
                raise too_slow(timeout) from None
            except (BrokenProcessPool, CancelledError):
                self._forget(pool)
            except RuntimeError:
                if pool is self._pool or self._closed:  # the work's own error, or the app stopping
                    raise
        with self._alone, self._new_pool(1) as alone:
            try:
                return alone.submit(fn, *args).result(timeout)
            except FutureTimeout:
                self._stop(alone)
                raise too_slow(timeout) from None

    def _stop(self, pool: ProcessPoolExecutor) -> None:
        """Kill a pool's processes (a request is stuck in one of them) and forget the pool."""
        for process in list(getattr(pool, "_processes", {}).values()):
            process.kill()
        self._forget(pool)

    def close(self) -> None:
        """Stop the workers (waiting requests are cancelled)."""
        with self._lock:
            self._closed = True
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
