"""Everyday operations that wash evidence out of an image file.

Used by the demo's "break the evidence" tab, the laundered specimens and the lessons: each
function takes the bytes of an image file and returns the bytes of a new file, the way a phone,
an editor or a social network would produce it. Nothing is written to disk.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from PIL import Image, ImageFilter

from ..image_file import open_specimen
from ..text import Text


def _pixels(data: bytes) -> Image.Image:
    """The upright RGB pixels of a file, without any of its metadata."""
    return open_specimen(data).image


def encode(image: Image.Image, fmt: str = "PNG", **params) -> bytes:
    """``image`` saved in ``fmt``, in memory.

    Parameters
    ----------
    image : PIL.Image.Image
        The picture.
    fmt : str, optional
        Pillow's format name (``"PNG"``, ``"JPEG"``, ...).
    **params
        Pillow's saving options for that format (``quality=90``, ...).

    Returns
    -------
    bytes
        The file.

    Examples
    --------
    >>> from PIL import Image
    >>> from looktwice.writers.launder import encode
    >>> encode(Image.new("RGB", (8, 8)), "JPEG", quality=90)[:2]
    b'\\xff\\xd8'
    """
    buf = io.BytesIO()
    image.save(buf, fmt, **params)
    return buf.getvalue()


def resave_jpeg(data: bytes, quality: int = 75) -> bytes:
    """Decode and save again as JPEG: metadata, credentials and fine traces go.

    Parameters
    ----------
    data : bytes
        The image file.
    quality : int, optional
        JPEG quality, 1 to 95.

    Returns
    -------
    bytes
        A JPEG file with the same pixels, re-compressed, and no label at all.

    Examples
    --------
    >>> import io
    >>> from PIL import Image
    >>> from looktwice.writers import labels
    >>> from looktwice.writers.launder import encode, resave_jpeg
    >>> labelled = labels.with_source_type(encode(Image.new("RGB", (64, 48), "navy")), "trainedAlgorithmicMedia")
    >>> copy = resave_jpeg(labelled)
    >>> Image.open(io.BytesIO(copy)).format, b"trainedAlgorithmicMedia" in copy
    ('JPEG', False)
    """
    return encode(_pixels(data), "JPEG", quality=quality)


def resize(data: bytes, scale: float = 0.5) -> bytes:
    """Resize by ``scale`` (smoothly) and save as PNG, so that only the resizing acts.

    Parameters
    ----------
    data : bytes
        The image file.
    scale : float, optional
        How much to enlarge (above 1) or shrink (below 1) each side.

    Returns
    -------
    bytes
        A PNG file without labels.

    Examples
    --------
    >>> import io
    >>> from PIL import Image
    >>> from looktwice.writers.launder import encode, resize
    >>> Image.open(io.BytesIO(resize(encode(Image.new("RGB", (64, 48)))))).size
    (32, 24)
    """
    image = _pixels(data)
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return encode(image.resize(size, Image.Resampling.LANCZOS), "PNG")


def crop(data: bytes, fraction: float = 0.1) -> bytes:
    """Cut ``fraction`` of the width and height away (half on each side) and save as PNG.

    Parameters
    ----------
    data : bytes
        The image file.
    fraction : float, optional
        The share of each side to cut away, 0 to 1.

    Returns
    -------
    bytes
        A PNG file without labels.

    Examples
    --------
    >>> import io
    >>> from PIL import Image
    >>> from looktwice.writers.launder import crop, encode
    >>> Image.open(io.BytesIO(crop(encode(Image.new("RGB", (100, 50)))))).size
    (90, 46)
    """
    image = _pixels(data)
    dx, dy = round(image.width * fraction / 2), round(image.height * fraction / 2)
    return encode(image.crop((dx, dy, image.width - dx, image.height - dy)), "PNG")


def screenshot(data: bytes, display_scale: float = 0.8) -> bytes:
    """Imitate a screenshot: the image shown smaller on a screen with a window border, then
    captured as PNG.

    The pixels are re-drawn, so every file label is gone.

    Parameters
    ----------
    data : bytes
        The image file.
    display_scale : float, optional
        How large the picture is shown on the screen, relative to its own size.

    Returns
    -------
    bytes
        A PNG file: the window (a title bar and a margin) with the picture in it.

    Examples
    --------
    >>> import io
    >>> from PIL import Image
    >>> from looktwice.writers.launder import encode, screenshot
    >>> Image.open(io.BytesIO(screenshot(encode(Image.new("RGB", (100, 50)))))).size
    (120, 112)
    """
    image = _pixels(data)
    shown = image.resize(
        (max(1, round(image.width * display_scale)), max(1, round(image.height * display_scale))),
        Image.Resampling.BILINEAR,
    )
    canvas = Image.new("RGB", (shown.width + 40, shown.height + 72), (236, 236, 236))
    canvas.paste((52, 52, 56), (0, 0, canvas.width, 32))  # the window's title bar
    canvas.paste(shown, (20, 52))
    return encode(canvas, "PNG")


def social_network(data: bytes, long_side: int = 1080, quality: int = 72) -> bytes:
    """What many social networks do on upload: strip metadata, shrink, sharpen a little and
    recompress as JPEG.

    Parameters
    ----------
    data : bytes
        The image file.
    long_side : int, optional
        The longest side, in pixels, above which the picture is shrunk.
    quality : int, optional
        JPEG quality of the posted copy.

    Returns
    -------
    bytes
        A JPEG file without labels.

    Examples
    --------
    >>> import io
    >>> from PIL import Image
    >>> from looktwice.writers.launder import encode, social_network
    >>> posted = Image.open(io.BytesIO(social_network(encode(Image.new("RGB", (1600, 1200))))))
    >>> posted.format, posted.size
    ('JPEG', (1080, 810))
    """
    image = _pixels(data)
    if max(image.size) > long_side:
        image = image.copy()
        image.thumbnail((long_side, long_side), Image.Resampling.LANCZOS)
    image = image.filter(ImageFilter.UnsharpMask(radius=1, percent=40, threshold=2))
    return encode(image, "JPEG", quality=quality)


#: The operations by name, with a label for people, in the order a lesson presents them.
OPERATIONS: dict[str, tuple[Callable[[bytes], bytes], Text]] = {
    "resave": (resave_jpeg, Text("re-saved as JPEG (quality 75)", "réenregistrée en JPEG (qualité 75)")),
    "resize": (resize, Text("resized to half", "réduite de moitié")),
    "crop": (crop, Text("cropped by 10 %", "recadrée de 10 %")),
    "screenshot": (screenshot, Text("screenshot", "capture d'écran")),
    "social": (social_network, Text("through a social network", "passée par un réseau social")),
}
