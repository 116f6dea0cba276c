"""Open an image safely and keep everything the analyses need from it.

A :class:`Specimen` is an image file opened once: its raw bytes (metadata, credentials and
error levels read the file itself), the image as Pillow opened it (tags, quantization tables,
text chunks), and the pixels as a viewer would show them, in 8-bit RGB. Derived arrays that
several analyses share (luma, noise residual) are computed once, on first use.

Bad input never escapes as a traceback: :func:`open_specimen` raises :class:`ImageError`, whose
message says in English and French what is wrong and what to do. Unusual but readable images
(CMYK, 16-bit, palette, transparency, animation, EXIF rotation) are converted, and each
conversion is recorded in :attr:`Specimen.notes` so that the report can say what was done.
"""

from __future__ import annotations

import io
import threading
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, TypeVar

import numpy as np
from PIL import Image, ImageFile, UnidentifiedImageError

from .containers import PNG_SIGNATURE, TooManyParts, jpeg_segments, png_text_within_limits, tiff_frame_count
from .limits import CONTAINER_PARTS, FILE_LIMIT, IMAGE_FORMATS, JPEG_HEADER_SEGMENTS, PIXEL_LIMIT, TIFF_FRAMES
from .meta.caps import dropped_text_note, label_cap_notes
from .meta.exif import exif_too_large
from .text import Text

T = TypeVar("T")


class ImageError(ValueError):
    """The file cannot be analysed; :attr:`message` says why, in plain words."""

    def __init__(self, message: Text):
        super().__init__(message.en)
        self.message = message

    def __reduce__(self):  # keeps both languages when sent back from a worker process
        return (type(self), (self.message,))


@dataclass
class Specimen:
    """An opened image: raw bytes, Pillow's view of the file, and displayable RGB pixels."""

    raw: bytes
    opened: Image.Image
    image: Image.Image
    name: str = "image"
    notes: list[Text] = field(default_factory=list)
    _cache: dict = field(default_factory=dict, repr=False)
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    @property
    def format(self) -> str:
        """The file format Pillow recognised (``"JPEG"``, ``"PNG"``, ...)."""
        return self.opened.format or "unknown"

    @property
    def size(self) -> tuple[int, int]:
        """Width and height of the pixels the analyses see (after EXIF rotation)."""
        return self.image.size

    def _cached(self, key: str, compute: Callable[[], T]) -> T:
        with self._lock:
            if key not in self._cache:
                self._cache[key] = compute()
            return self._cache[key]

    @property
    def rgb(self) -> np.ndarray:
        """Pixels as a read-only ``uint8`` array of shape (rows, columns, 3)."""
        return self._cached("rgb", lambda: _readonly(np.asarray(self.image)))

    @property
    def luma(self) -> np.ndarray:
        """Brightness (ITU-R BT.601 luma, 0-255) as ``uint8``, shape (rows, columns)."""
        return self._cached("luma", lambda: _readonly(np.asarray(self.image.convert("L"))))

    @property
    def residual(self) -> np.ndarray:
        """Noise residual: luma minus its 3x3 local mean (a light denoiser), one pixel cropped
        from each border. What is left is fine texture, sensor noise and generator traces."""
        return self._cached("residual", lambda: _readonly(box3_residual(self.luma)))


def box3_residual(gray: np.ndarray) -> np.ndarray:
    """``gray`` minus its 3x3 mean, for interior pixels only (shape shrinks by 2 each way).

    Written with array slices rather than a generic filter: it is the hot path of the report
    on 12-megapixel photos and this form is several times faster. 8-bit input is summed
    exactly in 16-bit integers (9 x 255 fits) and divided once; other input in ``float32``.
    """
    if gray.shape[0] < 3 or gray.shape[1] < 3:
        return np.zeros((0, 0), dtype=np.float32)
    if gray.dtype == np.uint8:
        s = np.add(gray[:-2], gray[1:-1], dtype=np.int16)
        s += gray[2:]
        t = s[:, :-2] + s[:, 1:-1]
        t += s[:, 2:]
        nine = np.multiply(gray[1:-1, 1:-1], np.int16(9), dtype=np.int16)
        nine -= t
        return np.multiply(nine, np.float32(1 / 9), dtype=np.float32)
    s = np.add(gray[:-2], gray[1:-1], dtype=np.float32)
    s += gray[2:]
    t = s[:, :-2] + s[:, 1:-1]
    t += s[:, 2:]
    t *= np.float32(-1 / 9)
    t += gray[1:-1, 1:-1]
    return t


def _readonly(a: np.ndarray) -> np.ndarray:
    a.flags.writeable = False
    return a


def _msg(en: str, fr: str) -> ImageError:
    return ImageError(Text(en, fr))


def read_source(source: str | Path | bytes | BinaryIO) -> tuple[bytes, str]:
    """Bytes and a display name from a path, raw bytes or an open binary file."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), "image"
    if hasattr(source, "read"):
        data = source.read(FILE_LIMIT + 1)
        return data, Path(getattr(source, "name", "image")).name
    path = Path(source)
    try:
        size = path.stat().st_size
        if size > FILE_LIMIT:
            raise _too_big_file(size)
        return path.read_bytes(), path.name
    except FileNotFoundError:
        raise _msg(
            f"No file called '{path}' was found. Check the name and the folder.",
            f"Aucun fichier nommé « {path} » n'a été trouvé. Vérifiez le nom et le dossier.",
        ) from None
    except IsADirectoryError:
        raise _msg(
            f"'{path}' is a folder, not an image file.",
            f"« {path} » est un dossier, pas un fichier image.",
        ) from None
    except PermissionError:
        raise _msg(
            f"Look Twice is not allowed to read '{path}'.",
            f"Look Twice n'a pas le droit de lire « {path} ».",
        ) from None


def _too_big_file(size: int) -> ImageError:
    mb, limit = size / 1e6, FILE_LIMIT / 1e6
    return _msg(
        f"This file is {mb:.0f} MB; Look Twice reads files up to {limit:.0f} MB.",
        f"Ce fichier fait {mb:.0f} Mo ; Look Twice lit les fichiers jusqu'à {limit:.0f} Mo.",
    )


def open_specimen(source: str | Path | bytes | BinaryIO, name: str | None = None) -> Specimen:
    """Open an image file for analysis, or raise :class:`ImageError` with a clear message.

    Unusual but readable images (CMYK, 16-bit, palette, transparency, animation, EXIF
    rotation) are converted to 8-bit RGB, and each conversion is noted in
    :attr:`Specimen.notes`.

    Parameters
    ----------
    source : path, bytes or binary file
        The image. Nothing is written anywhere: the file is read into memory.
    name : str, optional
        Name shown in reports (defaults to the file name).

    Returns
    -------
    Specimen
        The raw bytes, Pillow's view of the file, and the pixels as a viewer shows them.

    Raises
    ------
    ImageError
        For an empty, unreadable, damaged or too large file; its ``message`` says what is wrong
        in English and French.

    Examples
    --------
    >>> import io
    >>> from PIL import Image
    >>> from looktwice.image_file import ImageError, open_specimen
    >>> buf = io.BytesIO()
    >>> Image.new("RGBA", (64, 48), (200, 30, 30, 128)).save(buf, "PNG")
    >>> specimen = open_specimen(buf.getvalue(), name="red.png")
    >>> specimen.format, specimen.size, specimen.rgb.shape
    ('PNG', (64, 48), (48, 64, 3))
    >>> [note.en for note in specimen.notes]
    ['The image has transparent parts; they are shown over white.']
    >>> try:
    ...     open_specimen(b"not an image")
    ... except ImageError as error:
    ...     print(error.message.en.split(" (")[0])
    This file is not an image Look Twice can read
    """
    raw, default_name = read_source(source)
    name = name or default_name
    if len(raw) == 0:
        raise _msg(
            "The file is empty (0 bytes): there is no image in it.",
            "Le fichier est vide (0 octet) : il ne contient aucune image.",
        )
    if len(raw) > FILE_LIMIT:
        raise _too_big_file(len(raw))
    readable, notes = _within_limits(raw)
    opened = _open_checked(readable)
    _decode(opened)
    image, conversions = _displayable(opened, raw)
    notes += conversions + label_cap_notes(opened, raw)
    return Specimen(raw=raw, opened=opened, image=image, name=name, notes=notes)


def _within_limits(raw: bytes) -> tuple[bytes, list[Text]]:
    """The bytes to hand to Pillow, and notes on what was left out. A JPEG header or a PNG
    with more parts than :mod:`looktwice.limits` allows is refused; PNG text chunks over the
    text limits are dropped (Pillow would refuse the whole file, pixels included)."""
    jpeg = raw.startswith(b"\xff\xd8")
    try:
        if jpeg:
            jpeg_segments(memoryview(raw), limit=JPEG_HEADER_SEGMENTS)
        elif raw.startswith(PNG_SIGNATURE):
            readable, dropped = png_text_within_limits(raw)
            return readable, [dropped_text_note(dropped)] if dropped else []
    except TooManyParts:
        limit = JPEG_HEADER_SEGMENTS if jpeg else CONTAINER_PARTS
        raise _msg(
            f"This file is made of more than {limit:,} pieces, far more than any camera or "
            "program writes: it looks built to overload the computer reading it, so Look Twice "
            "does not open it.",
            f"Ce fichier compte plus de {limit:,} morceaux".replace(",", "\u202f")
            + ", bien plus qu'aucun appareil ou logiciel n'en écrit\u202f: il semble fait pour "
            "surcharger l'ordinateur qui le lit, donc Look Twice ne l'ouvre pas.",
        ) from None
    except ValueError:
        pass  # a damaged header: Pillow says what is wrong with it
    return raw, []


def _open_checked(raw: bytes) -> Image.Image:
    """Read the header only and refuse images too large to decode."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            opened = Image.open(io.BytesIO(raw), formats=IMAGE_FORMATS)
        except Image.DecompressionBombError:
            raise _too_many_pixels(None) from None
        except UnidentifiedImageError:
            raise _msg(
                "This file is not an image Look Twice can read (JPEG, PNG, WebP, GIF, TIFF or "
                "BMP). It may be another kind of file with an image name.",
                "Ce fichier n'est pas une image que Look Twice sait lire (JPEG, PNG, WebP, GIF, "
                "TIFF ou BMP). C'est peut-être un autre type de fichier avec un nom d'image.",
            ) from None
        except Exception as exc:  # Pillow raises many types on broken headers
            raise _damaged(exc) from None
    width, height = opened.size
    if width * height > PIXEL_LIMIT:
        raise _too_many_pixels((width, height))
    if width == 0 or height == 0:
        raise _msg("The image has no pixels.", "L'image n'a aucun pixel.")
    return opened


def _too_many_pixels(size: tuple[int, int] | None) -> ImageError:
    limit = PIXEL_LIMIT / 1e6
    if size:
        w, h = size
        mp = w * h / 1e6
        en = f"This image claims to be {w} x {h} pixels ({mp:.0f} million). "
        fr = f"Cette image annonce {w} x {h} pixels ({mp:.0f} millions). "
    else:
        en = fr = ""
    return _msg(
        en + f"Look Twice opens images of up to {limit:.0f} million pixels, to protect the "
        "computer's memory (a tiny file can claim to be a gigantic image: a 'decompression "
        "bomb'). Make a smaller copy and try again.",
        fr + f"Look Twice ouvre les images jusqu'à {limit:.0f} millions de pixels, pour protéger "
        "la mémoire de l'ordinateur (un petit fichier peut annoncer une image gigantesque : une "
        "« bombe de décompression »). Faites-en une copie plus petite et réessayez.",
    )


def _damaged(exc: Exception) -> ImageError:
    reason = str(exc) or type(exc).__name__
    return _msg(
        f"The image file is damaged or cut short, so its pixels cannot be read ({reason}). "
        "Try the original file again.",
        f"Le fichier image est abîmé ou incomplet : ses pixels ne peuvent pas être lus "
        f"({reason}). Réessayez avec le fichier d'origine.",
    )


#: Guards Pillow's process-wide LOAD_TRUNCATED_IMAGES switch while it is forced off.
_TRUNCATION_LOCK = threading.Lock()


def load_strictly(opened: Image.Image) -> None:
    """Decode, refusing truncated data even if another library (WeasyPrint does, on import)
    switched Pillow's process-wide ``LOAD_TRUNCATED_IMAGES`` on: a cut-short file must give a
    clear message, not an image padded with grey."""
    if not ImageFile.LOAD_TRUNCATED_IMAGES:
        opened.load()
        return
    with _TRUNCATION_LOCK:
        saved, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
        try:
            opened.load()
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = saved


def _decode(opened: Image.Image) -> None:
    """Decode the first frame's pixels; a truncated or corrupt file becomes an ImageError."""
    try:
        load_strictly(opened)
    except Image.DecompressionBombError:
        raise _too_many_pixels(opened.size) from None
    except Exception as exc:
        raise _damaged(exc) from None


def _displayable(opened: Image.Image, raw: bytes) -> tuple[Image.Image, list[Text]]:
    """The first frame as 8-bit RGB, upright, and notes on every conversion made."""
    notes: list[Text] = []
    frames = _frame_count(opened, raw)
    if opened.format == "TIFF" and frames > TIFF_FRAMES:
        notes.append(
            Text(
                f"The file holds more than {TIFF_FRAMES} images; only the first is analysed.",
                f"Le fichier contient plus de {TIFF_FRAMES} images\u202f; seule la première est analysée.",
            )
        )
    elif frames > 1:
        notes.append(
            Text(
                f"The file is animated ({frames} frames); only the first frame is analysed.",
                f"Le fichier est animé ({frames} images) ; seule la première est analysée.",
            )
        )
    image = opened
    mode = opened.mode
    if mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        notes.append(_sixteen_bit_note())
        scale = 1 / 256 if mode.startswith("I;16") or _max_value(opened) > 255 else 1
        image = Image.fromarray(np.clip(np.asarray(opened, np.float64) * scale, 0, 255).astype(np.uint8))
    elif mode == "F":
        image = Image.fromarray(np.clip(np.asarray(opened), 0, 255).astype(np.uint8))
    elif _png_bit_depth(raw) == 16:
        notes.append(_sixteen_bit_note())
    if mode == "CMYK":
        notes.append(
            Text(
                "The image is stored in CMYK (printing colours); it was converted to RGB screen colours for analysis.",
                "L'image est enregistrée en CMJN (couleurs d'impression) ; elle a été convertie "
                "en couleurs d'écran RVB pour l'analyse.",
            )
        )
    if "A" in mode or "transparency" in opened.info:
        notes.append(
            Text(
                "The image has transparent parts; they are shown over white.",
                "L'image a des parties transparentes ; elles sont affichées sur fond blanc.",
            )
        )
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(background, rgba)
    elif mode == "P":
        notes.append(
            Text(
                "The image uses a palette of at most 256 colours (like GIF); it was expanded to full colour.",
                "L'image utilise une palette d'au plus 256 couleurs (comme le GIF) ; elle a été "
                "convertie en couleurs complètes.",
            )
        )
    if image.mode != "RGB":
        image = image.convert("RGB")
    image, rotated = _upright(image, opened)
    if rotated:
        notes.append(
            Text(
                "The camera stored this photo sideways and asked viewers to rotate it (EXIF "
                "orientation); it is analysed the way it is shown.",
                "L'appareil a enregistré cette photo de côté en demandant de la faire pivoter "
                "(orientation EXIF) ; elle est analysée telle qu'elle s'affiche.",
            )
        )
    return image, notes


def _frame_count(opened: Image.Image, raw: bytes) -> int:
    """How many frames the file holds. A TIFF's chain of images is counted here, up to
    :data:`~looktwice.limits.TIFF_FRAMES` + 1 (Pillow's own count is quadratic and raises on
    a broken later frame); a frame count that cannot be read counts as one frame."""
    if opened.format == "TIFF":
        return tiff_frame_count(raw, TIFF_FRAMES) or 1
    try:
        return int(getattr(opened, "n_frames", 1))
    except Exception:
        return 1


def _sixteen_bit_note() -> Text:
    return Text(
        "The image has 16 bits per channel; it was reduced to the usual 8 bits for analysis.",
        "L'image a 16 bits par canal ; elle a été réduite aux 8 bits habituels pour l'analyse.",
    )


def _max_value(image: Image.Image) -> int:
    lo_hi = image.getextrema()
    return int(lo_hi[1]) if isinstance(lo_hi, tuple) and not isinstance(lo_hi[0], tuple) else 0


def _png_bit_depth(raw: bytes) -> int | None:
    if raw[:8] == PNG_SIGNATURE and raw[12:16] == b"IHDR" and len(raw) > 24:
        return raw[24]
    return None


def _upright(image: Image.Image, opened: Image.Image) -> tuple[Image.Image, bool]:
    """Apply the EXIF orientation tag; broken or oversized EXIF leaves the image as stored."""
    if exif_too_large(opened):
        return image, False
    try:
        orientation = opened.getexif().get(0x0112, 1)
    except Exception:
        return image, False
    method = _ORIENTATION.get(orientation) if isinstance(orientation, int) else None
    if method is None:
        return image, False
    return image.transpose(method), True


#: EXIF orientation value -> the transpose that makes the image upright (as in ImageOps).
_ORIENTATION = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
