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
    """``image`` saved in ``fmt`` (Pillow's format name and options), in memory."""
    buf = io.BytesIO()
    image.save(buf, fmt, **params)
    return buf.getvalue()


def resave_jpeg(data: bytes, quality: int = 75) -> bytes:
    """Decode and save again as JPEG at ``quality``: metadata, credentials and fine traces go."""
    return encode(_pixels(data), "JPEG", quality=quality)


def resize(data: bytes, scale: float = 0.5) -> bytes:
    """Resize by ``scale`` (smoothly) and save as PNG, so that only the resizing acts."""
    image = _pixels(data)
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return encode(image.resize(size, Image.Resampling.LANCZOS), "PNG")


def crop(data: bytes, fraction: float = 0.1) -> bytes:
    """Cut ``fraction`` of the width and height away (half on each side) and save as PNG."""
    image = _pixels(data)
    dx, dy = round(image.width * fraction / 2), round(image.height * fraction / 2)
    return encode(image.crop((dx, dy, image.width - dx, image.height - dy)), "PNG")


def screenshot(data: bytes, display_scale: float = 0.8) -> bytes:
    """Imitate a screenshot: the image shown smaller on a screen with a window border, then
    captured as PNG. The pixels are re-drawn, so every file label is gone."""
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
    """What many social networks do on upload: strip metadata, shrink the long side to
    ``long_side`` pixels, sharpen a little and recompress as JPEG."""
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
