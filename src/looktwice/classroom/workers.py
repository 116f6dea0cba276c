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
import io
import multiprocessing
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from PIL import Image

from .. import launder
from ..analyses import zoom
from ..analyses.base import FailedAnalysis, fit_picture
from ..containers import without_labels
from ..report import build_report
from ..specimen import Specimen, open_specimen
from ..survival import survival
from ..text import Text
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
    """

    def __init__(
        self, folder: str | Path | None = None, max_age: float | None = None
    ) -> None:
        if folder is None:
            folder = tempfile.mkdtemp(prefix="looktwice-pictures-")
            atexit.register(shutil.rmtree, folder, True)
        self.folder = Path(folder)
        self.max_age = max_age
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
        path = self.folder / (hashlib.sha256(data).hexdigest()[:32] + suffix)
        try:
            os.utime(path)  # the same picture again: its time to live starts over
        except FileNotFoundError:
            tmp = path.with_name(f"{path.stem}.{os.getpid()}.{threading.get_ident()}.part")
            tmp.write_bytes(data)
            os.replace(tmp, path)
        return str(path)

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


def inspect_page(
    data: bytes, name: str, credit: Text | None, folder: str
) -> dict[str, Any]:
    """Everything the inspect tab shows about one file, pictures written into ``folder``.

    Returns ``view`` (the report's words, :class:`looktwice.classroom.views.InspectView`), ``pictures``
    (a path or ``None`` for each of :data:`SHOWN`), ``preview`` (a path) and ``preview_size``.
    Raises :class:`looktwice.specimen.ImageError` for a file that cannot be read.
    """
    files = PictureFiles(folder)
    specimen = open_specimen(data, name=name)
    report = build_report(specimen, threads=1)
    pictures: dict[str, str | None] = {}
    for r in report.results:
        if isinstance(r, FailedAnalysis) or r.name not in SHOWN:
            continue
        picture = _small_picture(r)
        pictures[r.name] = files.put(picture, PICTURE_FORMATS[r.name]) if picture is not None else None
    preview, preview_size = _preview(specimen, files)
    return {
        "view": cv.InspectView.from_report(report, credit),
        "pictures": pictures,
        "preview": preview,
        "preview_size": preview_size,
    }


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


def close_up(data: bytes, x: float, y: float, factor: int) -> Image.Image:
    """A square of the full-size picture around (``x``, ``y``), given as fractions of its width
    and height, enlarged ``factor`` times pixel by pixel to about :data:`CLOSE_UP_SIDE`."""
    image = open_specimen(data).image
    factor = factor if factor in ZOOM_FACTORS else 4
    side = max(4, min(round(CLOSE_UP_SIDE / factor), image.width, image.height))
    left = min(max(0, round(x * image.width - side / 2)), image.width - side)
    top = min(max(0, round(y * image.height - side / 2)), image.height - side)
    return zoom.magnify(image, (left, top, left + side, top + side), factor)


def laundering_steps(
    operations: list[str], quality: int, scale: float, crop: float
) -> dict:
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
            cv.CopyView(
                r.operation, r.label, r.width, r.height, r.file_bytes, r.signals
            ),
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
    try:
        libc = ctypes.CDLL("libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return
    m_trim_threshold, m_top_pad, m_mmap_threshold = -1, -2, -3
    mallopt(m_mmap_threshold, 32 << 20)
    mallopt(m_trim_threshold, 256 << 20)
    mallopt(m_top_pad, 64 << 20)


def _warm_up() -> int:
    """Touch every analysis once so a worker's first real request is not slower than the rest."""
    buf = io.BytesIO()
    Image.effect_noise((320, 320), 40).convert("RGB").save(buf, "JPEG")
    build_report(open_specimen(buf.getvalue(), name="warm-up"), threads=1)
    return os.getpid()


# --- the pool ---------------------------------------------------------------------------------


class Workers:
    """A pool of ``processes`` worker processes that survives a worker's death.

    ``processes=0`` runs the work in the calling thread instead (a machine where worker
    processes cannot start, or debugging).
    """

    def __init__(self, processes: int | None = None) -> None:
        self.processes = (
            (os.cpu_count() or 1) if processes is None else max(0, processes)
        )
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._alone = threading.Semaphore(max(1, self.processes))
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

    def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        """``fn(*args)`` in a worker; its result is returned and its exceptions raised here.

        If the pool breaks while the request is in it (a worker died: perhaps on this file,
        perhaps on another), the request is tried once more in a process of its own, so a file
        that kills its worker fails alone and every other request still gets its answer.
        """
        if self.processes == 0:
            return fn(*args)
        pool = self._current()
        try:
            return pool.submit(fn, *args).result()
        except (BrokenProcessPool, CancelledError):
            self._forget(pool)
        except RuntimeError:
            if (
                pool is self._pool or self._closed
            ):  # the work's own error, or the app stopping
                raise
        with self._alone, self._new_pool(1) as alone:
            return alone.submit(fn, *args).result()

    def close(self) -> None:
        """Stop the workers (waiting requests are cancelled)."""
        with self._lock:
            self._closed = True
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
