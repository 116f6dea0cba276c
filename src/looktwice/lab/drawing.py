"""Small drawing helpers shared by the lab's pictures (no torch)."""

from __future__ import annotations

import unicodedata

import numpy as np
from PIL import Image, ImageDraw, ImageFont

Font = ImageFont.ImageFont | ImageFont.FreeTypeFont


def font(size: int = 14) -> Font:
    """DejaVu Sans if the system has it (it has the accents French needs), else Pillow's
    built-in font."""
    try:
        return ImageFont.truetype("DejaVuSans.ttf", size)
    except OSError:
        try:
            return ImageFont.load_default(size=size)
        except (ImportError, OSError, TypeError):
            return ImageFont.load_default()


def label(
    draw: ImageDraw.ImageDraw, xy: tuple[int, int], text: str, face: Font, fill: tuple[int, int, int] = (20, 20, 20)
) -> None:
    """Write ``text``; accents are dropped when only Pillow's built-in font (which lacks
    them) is available, so French stays readable instead of showing empty boxes."""
    if not str(getattr(face, "path", "")).lower().endswith("dejavusans.ttf"):
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    draw.text(xy, text, fill=fill, font=face)


def grid(tiles: np.ndarray, columns: int, gap: int = 2, background: int = 255) -> Image.Image:
    """Lay out ``uint8`` tiles, grey (N, h, w) or colour (N, h, w, 3), in a grid with white gaps."""
    n, h, w = tiles.shape[:3]
    rows = -(-n // columns)
    shape = (rows * (h + gap) + gap, columns * (w + gap) + gap, *tiles.shape[3:])
    sheet = np.full(shape, background, np.uint8)
    for i, tile in enumerate(tiles):
        r, c = divmod(i, columns)
        top, left = gap + r * (h + gap), gap + c * (w + gap)
        sheet[top : top + h, left : left + w] = tile
    return Image.fromarray(sheet)
