"""What happens to an image before it is measured: as published, re-saved, compressed harder,
halved or cropped. Every condition except ``published`` decodes the picture and saves it again
as a JPEG with no labels at all, so that both classes go through exactly the same steps and a
file format cannot stand in for the picture."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image

from ..image_file import open_specimen
from ..text import Text

#: JPEG quality of a plain re-save (what most websites and messaging apps use, roughly).
RESAVE_QUALITY = 90


@dataclass(frozen=True)
class Condition:
    """A named way of handling a file before it is measured."""

    name: str
    label: Text
    apply: Callable[[bytes], bytes]


def _pixels(data: bytes) -> Image.Image:
    return Image.fromarray(open_specimen(data).rgb)


def _jpeg(image: Image.Image, quality: int) -> bytes:
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def _resave(quality: int) -> Callable[[bytes], bytes]:
    return lambda data: _jpeg(_pixels(data), quality)


def _half(data: bytes) -> bytes:
    image = _pixels(data)
    size = (max(1, image.width // 2), max(1, image.height // 2))
    return _jpeg(image.resize(size, Image.Resampling.LANCZOS), RESAVE_QUALITY)


def _centre_crop(data: bytes) -> bytes:
    image = _pixels(data)
    w, h = image.size
    return _jpeg(image.crop((w // 4, h // 4, w - w // 4, h - h // 4)), RESAVE_QUALITY)


CONDITIONS: dict[str, Condition] = {
    c.name: c
    for c in (
        Condition("published", Text("as published", "tel que publié"), lambda data: data),
        Condition(
            "resaved",
            Text(
                f"re-saved (JPEG {RESAVE_QUALITY}, no labels)", f"réenregistré (JPEG {RESAVE_QUALITY}, sans étiquettes)"
            ),
            _resave(RESAVE_QUALITY),
        ),
        Condition("jpeg95", Text("JPEG quality 95", "JPEG qualité 95"), _resave(95)),
        Condition("jpeg75", Text("JPEG quality 75", "JPEG qualité 75"), _resave(75)),
        Condition("jpeg50", Text("JPEG quality 50", "JPEG qualité 50"), _resave(50)),
        Condition("half", Text("resized to half", "réduit de moitié"), _half),
        Condition(
            "crop", Text("centre crop (half of each side)", "recadrage central (moitié de chaque côté)"), _centre_crop
        ),
    )
}
