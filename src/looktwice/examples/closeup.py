"""A close-up of one tell: the place a record points at, enlarged, with its box drawn.

For the quiz's answer screen, the classroom app and the lessons: the record's box is padded by
a margin (so the pupil sees what surrounds the flaw), kept inside the image, enlarged to fit a
square of ``size`` pixels, and outlined in a colour that stays visible to colour-blind pupils.
"""

from __future__ import annotations

from PIL import Image, ImageDraw

from .tell_records import Box, TellRecord

#: Outline colour: orange from the Okabe-Ito palette, told apart by every common colour vision.
OUTLINE = (230, 159, 0)
#: The dark edge drawn on both sides of the outline, so it shows on orange and light areas too.
OUTLINE_EDGE = (0, 0, 0)


def tell_closeup(
    name_or_image: str | Image.Image,
    record: TellRecord,
    size: int = 512,
    *,
    margin: float = 0.25,
) -> Image.Image:
    """The zoomed crop of a tell, with the tell's box drawn on it.

    Parameters
    ----------
    name_or_image : str or PIL.Image.Image
        An example's name (loaded with :func:`looktwice.examples.load_example`) or the image
        itself, at the size the record's box refers to.
    record : TellRecord
        The tell to show; it needs a box (records of metadata, credentials and the like have
        none).
    size : int, optional
        The longest side of the close-up, in pixels.
    margin : float, optional
        How much of the box's width and height to add around it on each side.

    Returns
    -------
    PIL.Image.Image
        An RGB image whose longest side is ``size``.

    Raises
    ------
    ValueError
        If the record has no box, or its box does not lie inside the image.
    """
    image = _load(name_or_image).convert("RGB")
    box = record.box
    if box is None:
        raise ValueError(f"the {record.category} tell of {record.filename} is not a place: it has no box")
    if box[2] > image.width or box[3] > image.height:
        raise ValueError(f"box {box} of {record.filename} lies outside the {image.width}x{image.height} image")
    crop = padded(box, image.size, margin)
    scale = size / max(crop[2] - crop[0], crop[3] - crop[1])
    width = max(1, round((crop[2] - crop[0]) * scale))
    height = max(1, round((crop[3] - crop[1]) * scale))
    resample = Image.Resampling.NEAREST if scale >= 3 else Image.Resampling.LANCZOS
    closeup = image.crop(crop).resize((width, height), resample)
    inner = tuple(round((v - o) * scale) for v, o in zip(box, crop[:2] * 2))
    _outline(closeup, inner, max(2, size // 128))
    return closeup


def padded(box: Box, image_size: tuple[int, int], margin: float) -> Box:
    """``box`` grown by ``margin`` times its size on each side, then clamped to the image."""
    left, top, right, bottom = box
    dx, dy = round((right - left) * margin), round((bottom - top) * margin)
    width, height = image_size
    return max(0, left - dx), max(0, top - dy), min(width, right + dx), min(height, bottom + dy)


def _outline(image: Image.Image, box: tuple[int, ...], width: int) -> None:
    """Draw the box: a coloured line between two thin dark ones, kept inside the picture."""
    draw = ImageDraw.Draw(image)
    left, top = max(0, box[0]), max(0, box[1])
    right, bottom = min(image.width - 1, box[2] - 1), min(image.height - 1, box[3] - 1)
    draw.rectangle((left, top, right, bottom), outline=OUTLINE_EDGE, width=width + 2)
    draw.rectangle((left + 1, top + 1, right - 1, bottom - 1), outline=OUTLINE, width=width)


def _load(name_or_image: str | Image.Image) -> Image.Image:
    if isinstance(name_or_image, Image.Image):
        return name_or_image
    from . import load_example

    return load_example(name_or_image)
