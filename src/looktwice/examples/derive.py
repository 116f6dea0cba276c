"""Reproduce how a pack image was made from its original: decode, crop, save as PNG.

The manifest writes each recipe as a ``crop`` box (``left,top,right,bottom`` in pixels of the
decoded original) and/or a ``transform`` in words, e.g. ``"bz2-decompress, reshape
(768,1024,3) uint8, save PNG"``. This module reads those words step by step and refuses any
step it does not know, rather than guessing. The result is checked against the manifest's
width and height before it is written; with the Pillow the manifest was made with, the PNG is
even byte-identical to the manifest's ``sha256`` (a different Pillow or zlib may compress it
differently, and a different JPEG decoder may shift a few pixel levels, which is harmless).
"""

from __future__ import annotations

import bz2
import hashlib
import io
import re

import numpy as np
from PIL import Image

from ..image_file import load_strictly
from ..text import Text
from .catalog import Example
from .errors import DamagedError, DerivationError

_RESHAPE = re.compile(r"reshape\s*\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\)\s*uint8")
_STEP_SPLIT = re.compile(r",\s*(?![^()]*\))")


def derive_image(example: Example, source: bytes) -> Image.Image:
    """The pack image, as pixels, made from the original's bytes by the manifest's recipe."""
    data: bytes | None = source
    image: Image.Image | None = None
    for step in _steps(example.transform):
        if step == "bz2-decompress":
            data = bz2.decompress(_need_bytes(data, example, step))
        elif match := _RESHAPE.fullmatch(step):
            shape = tuple(int(v) for v in match.groups())
            raw = np.frombuffer(_need_bytes(data, example, step), dtype=np.uint8)
            if raw.size != np.prod(shape):
                raise _failed(example, f"{raw.size} bytes cannot be reshaped to {shape}")
            image, data = Image.fromarray(raw.reshape(shape)), None
        elif step == "save png":
            pass  # the result is always saved as PNG below
        else:
            raise _failed(example, f"unknown step {step!r}")
    if image is None:
        image = Image.open(io.BytesIO(_need_bytes(data, example, "decode")))
        load_strictly(image)
    if example.crop is not None:
        if image.mode != "RGB":
            image = image.convert("RGB")
        left, top, right, bottom = example.crop
        if right > image.width or bottom > image.height:
            size = f"{image.width}x{image.height}"
            raise _failed(example, f"crop {example.crop} is outside the {size} original")
        image = image.crop(example.crop)
    if image.size != (example.width, example.height):
        raise _failed(example, f"got {image.width}x{image.height}, expected {example.width}x{example.height}")
    return image


def derive_png(example: Example, source: bytes) -> tuple[bytes, bool]:
    """The pack image as PNG bytes, and whether they are identical to the manifest's ``sha256``."""
    buffer = io.BytesIO()
    derive_image(example, source).save(buffer, "PNG")
    data = buffer.getvalue()
    return data, hashlib.sha256(data).hexdigest() == example.sha256


def check_pack_image(example: Example, data: bytes) -> None:
    """Raise :class:`DamagedError` unless ``data`` decodes fully at the manifest's size."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            size = image.size
            load_strictly(image)
    except Exception as exc:  # truncated or garbled file: Pillow raises several types
        raise _damaged(example, f"it cannot be decoded ({exc})") from exc
    if size != (example.width, example.height):
        raise _damaged(example, f"it is {size[0]}x{size[1]} instead of {example.width}x{example.height}")


def _steps(transform: str) -> list[str]:
    return [s.strip().casefold() for s in _STEP_SPLIT.split(transform) if s.strip()]


def _need_bytes(data: bytes | None, example: Example, step: str) -> bytes:
    if data is None:
        raise _failed(example, f"step {step!r} needs file bytes but the image is already decoded")
    return data


def _failed(example: Example, why: str) -> DerivationError:
    return DerivationError(
        Text(
            f"Could not make {example.filename} from its original: {why}. The original is "
            "kept; please report this to the Look Twice project.",
            f"Impossible de fabriquer {example.filename} à partir de son original : {why}. "
            "L'original est conservé ; merci de signaler ce problème au projet Look Twice.",
        )
    )


def _damaged(example: Example, why: str) -> DamagedError:
    return DamagedError(
        Text(
            f"The cached copy of {example.filename} is damaged: {why}. Run "
            "`looktwice examples download` again to repair it.",
            f"La copie en cache de {example.filename} est abîmée : {why}. Relancez "
            "`looktwice examples download` pour la réparer.",
        )
    )
