"""Zoom: magnified crops, because many tells only show up close.

Hands, text, hair, reflections and repeating textures are where generated images most often
slip. This analysis picks a few places worth a close look (the most detailed block, the
smoothest block and the centre) and magnifies them with nearest-neighbour enlargement, which
adds no detail of its own. :func:`magnify` lets a lesson or the demo zoom anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from PIL import Image, ImageDraw

from ..image_file import Specimen
from ..text import Text
from .base import AnalysisResult

#: Side, in image pixels, of each crop.
CROP = 80
#: Magnification of each crop.
FACTOR = 4


@dataclass(frozen=True)
class Crop:
    """A square region to look at closely and why it was chosen."""

    left: int
    top: int
    size: int
    reason: Text

    @property
    def box(self) -> tuple[int, int, int, int]:
        return (self.left, self.top, self.left + self.size, self.top + self.size)

    def to_dict(self) -> dict:
        return {"box": list(self.box), "reason": self.reason.to_dict()}


@dataclass(kw_only=True)
class ZoomResult(AnalysisResult):
    """Crops chosen for a close look, and the magnified pictures of them."""

    name = "zoom"
    crops: list[Crop]
    image: Image.Image = field(repr=False)
    factor: int = FACTOR

    def data(self) -> dict:
        return {"factor": self.factor, "crops": [c.to_dict() for c in self.crops]}

    def magnified(self, factor: int | None = None) -> list[Image.Image]:
        """Each crop enlarged ``factor`` times (default: the result's own factor)."""
        return [magnify(self.image, c.box, factor or self.factor) for c in self.crops]

    def picture(self) -> Image.Image:
        """The magnified crops side by side, separated by a white gap."""
        return self.sheet(self.factor)

    def sheet(self, factor: int) -> Image.Image:
        """The crops side by side, each enlarged ``factor`` times, with a white gap of two
        original pixels. ``sheet(1)`` is what a browser can enlarge itself, pixel by pixel
        (CSS ``image-rendering: pixelated``), for a sixteenth of the bytes to encode."""
        tiles = self.magnified(factor)
        gap = 2 * factor
        width = sum(t.width for t in tiles) + gap * (len(tiles) - 1)
        height = max(t.height for t in tiles)
        sheet = Image.new("RGB", (width, height), (255, 255, 255))
        x = 0
        for t in tiles:
            sheet.paste(t, (x, 0))
            x += t.width + gap
        return sheet


def magnify(image: Image.Image, box: tuple[int, int, int, int], factor: int = FACTOR) -> Image.Image:
    """Crop ``box`` (left, top, right, bottom) and enlarge it ``factor`` times, pixel by pixel."""
    crop = image.crop(box)
    return crop.resize((crop.width * factor, crop.height * factor), Image.Resampling.NEAREST)


def outline(image: Image.Image, crops: list[Crop], max_side: int = 1024) -> Image.Image:
    """A copy of the image, at most ``max_side`` pixels, with the crops outlined."""
    scale = min(1.0, max_side / max(image.size))
    small = image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))))
    draw = ImageDraw.Draw(small)
    for c in crops:
        left, t, r, b = (round(v * scale) for v in c.box)
        draw.rectangle([left, t, r, b], outline=(255, 255, 255), width=3)
        draw.rectangle([left - 2, t - 2, r + 2, b + 2], outline=(0, 0, 0), width=1)
    return small


def _detail_blocks(residual: np.ndarray, size: int) -> tuple[tuple[int, int], tuple[int, int]]:
    """Top-left corners of the most and least detailed blocks (by residual energy)."""
    rows, cols = residual.shape[0] // size, residual.shape[1] // size
    r = residual[: rows * size, : cols * size].reshape(rows, size, cols, size)
    energy = np.square(r[:, ::2, :, ::2], dtype=np.float32).mean(axis=(1, 3))
    hi = np.unravel_index(int(np.argmax(energy)), energy.shape)
    lo = np.unravel_index(int(np.argmin(energy)), energy.shape)
    return (int(hi[1]) * size + 1, int(hi[0]) * size + 1), (int(lo[1]) * size + 1, int(lo[0]) * size + 1)


def choose_crops(specimen: Specimen, size: int = CROP) -> list[Crop]:
    """The most detailed block, the smoothest block and the centre of the image."""
    width, height = specimen.size
    size = min(size, width, height)
    centre = Crop((width - size) // 2, (height - size) // 2, size, Text("the centre", "le centre"))
    if min(specimen.residual.shape) < size:
        return [centre]
    (dx, dy), (sx, sy) = _detail_blocks(specimen.residual, size)
    return [
        Crop(dx, dy, size, Text("the most detailed area", "la zone la plus détaillée")),
        Crop(sx, sy, size, Text("the smoothest area", "la zone la plus lisse")),
        centre,
    ]


def analyse(specimen: Specimen) -> ZoomResult:
    """Pick crops worth a close look and magnify them.

    Parameters
    ----------
    specimen : Specimen
        The image, opened by :func:`looktwice.image_file.open_specimen`.

    Returns
    -------
    ZoomResult
        The crops (the most detailed area, the smoothest one, the centre), each enlarged pixel
        by pixel; no finding, since what to see is for a person to decide.

    Examples
    --------
    >>> from looktwice.analyses import zoom
    >>> from looktwice.examples import load_example_bytes
    >>> from looktwice.image_file import open_specimen
    >>> coffee, _credit = load_example_bytes("coffee")       # a built-in photo
    >>> result = zoom.analyse(open_specimen(coffee))
    >>> [crop.reason.en for crop in result.crops]
    ['the most detailed area', 'the smoothest area', 'the centre']
    >>> [image.size for image in result.magnified()]
    [(320, 320), (320, 320), (320, 320)]
    """
    crops = choose_crops(specimen)
    places = ", ".join(c.reason.en for c in crops)
    places_fr = ", ".join(c.reason.fr for c in crops)
    return ZoomResult(
        crops=crops,
        image=specimen.image,
        headline=Text(
            f"{len(crops)} close-ups, {FACTOR}x: {places}.",
            f"{len(crops)} gros plans, x{FACTOR} : {places_fr}.",
        ),
        explanation=Text(
            "Many tells only show up close: letters that are not quite letters, fingers that "
            "merge, hair that melts into the background, patterns that repeat too perfectly, "
            "reflections that do not match. The close-ups are enlarged pixel by pixel, without "
            "inventing detail. Look, then decide for yourself; newer generators make fewer of "
            "these mistakes, so a clean close-up proves nothing.",
            "Beaucoup d'indices ne se voient que de près : des lettres qui n'en sont pas tout à "
            "fait, des doigts qui fusionnent, des cheveux qui se fondent dans le décor, des "
            "motifs qui se répètent trop parfaitement, des reflets qui ne collent pas. Les gros "
            "plans sont agrandis pixel par pixel, sans inventer de détail. Regardez, puis "
            "décidez vous-même ; les générateurs récents font moins de ces erreurs, donc un gros "
            "plan sans défaut ne prouve rien.",
        ),
    )
