"""What every analysis returns, and small helpers they share.

An analysis is a module with one public function, ``analyse(specimen) -> SomeResult``, pure in
the sense that it reads the specimen and returns a value: it prints nothing, writes nothing and
knows nothing of the CLI, the demo or the lessons that show its result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
from PIL import Image

from ..evidence import Finding
from ..text import Text

#: Longest side of the pictures analyses draw for people to look at.
PICTURE_SIDE = 1024


@dataclass(kw_only=True)
class AnalysisResult:
    """The common part of every analysis result.

    ``headline`` says in one line what was found; ``explanation`` is a short paragraph, for a
    14-year-old, on what the analysis looks at, what it found here and where it fails;
    ``findings`` are the pieces of evidence the report weighs.
    """

    name: ClassVar[str] = "analysis"
    headline: Text
    explanation: Text
    findings: list[Finding] = field(default_factory=list)

    def data(self) -> dict[str, Any]:
        """The measured values, JSON-safe (numbers, strings, lists, dicts)."""
        return {}

    def picture(self) -> Image.Image | None:
        """A picture that helps a person see the result, or None."""
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "status": "ok",
            "headline": self.headline.to_dict(),
            "explanation": self.explanation.to_dict(),
            "findings": [f.to_dict() for f in self.findings],
            "data": self.data(),
        }


class TooSmall(ValueError):
    """The image is too small for an analysis; :attr:`message` says so in English and French
    (the report shows it instead of a programmer's error)."""

    def __init__(self, message: Text):
        super().__init__(message.en)
        self.message = message

    def __reduce__(self):  # keeps both languages when sent back from a worker process
        return (type(self), (self.message,))


@dataclass(kw_only=True)
class FailedAnalysis:
    """An analysis that could not run on this image, and why. The others still report."""

    name: str
    reason: Text

    @property
    def findings(self) -> list[Finding]:
        return []

    def picture(self) -> Image.Image | None:
        return None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "status": "failed", "reason": self.reason.to_dict()}


def fit_picture(image: Image.Image, side: int = PICTURE_SIDE) -> Image.Image:
    """A copy no larger than ``side`` pixels on its longest edge (the image itself if it fits).

    The copy is shrunk by a whole factor, averaging each block of pixels (``Image.reduce``):
    as faithful as resampling to an exact size and several times faster, which matters when a
    class of 30 inspects at once. Its longest edge ends between half and all of ``side``.
    """
    factor = -(-max(image.size) // side)
    if factor <= 1:
        return image
    if image.mode not in _REDUCIBLE:
        image = image.convert("RGBA" if "A" in image.mode or "transparency" in image.info else "RGB")
    return image.reduce(factor)


_REDUCIBLE = {"L", "LA", "RGB", "RGBA", "I", "F"}


def colour_map(values: np.ndarray, low: float, high: float) -> Image.Image:
    """Colour ``values`` with a map close to matplotlib's 'cividis', which people with
    colour-vision deficiencies read the same way as everyone else (dark blue to yellow, with
    brightness rising steadily). A small table avoids importing matplotlib.

    ``values`` at or below ``low`` take the first colour, at or above ``high`` the last. The
    picture is a palette image (mode ``"P"``): one byte per pixel, so exact PNGs of it are
    small and quick to write; ``.convert("RGB")`` before drawing on it.
    """
    span = max(high - low, 1e-12)
    values = np.asarray(values)
    if values.dtype == np.uint8:
        table = np.clip((np.arange(256) - low) * (255.0 / span), 0, 255).astype(np.uint8)
        picture = Image.fromarray(values).point(table.tolist())
    else:
        picture = Image.fromarray(np.clip((values - low) * (255.0 / span), 0, 255).astype(np.uint8))
    picture.putpalette(_CIVIDIS.tobytes())
    return picture


def percentile_u8(image: Image.Image, q: float) -> float:
    """``np.percentile(np.asarray(image), q)`` of an 8-bit single-band image, from its histogram
    (the same linear interpolation between order statistics, without sorting anything)."""
    counts = np.cumsum(image.histogram()[:256])
    n = int(counts[-1])
    if n == 0:
        raise ValueError("empty image")
    k = q / 100 * (n - 1)
    lo = int(k)
    v_lo = int(np.searchsorted(counts, lo, side="right"))
    v_hi = int(np.searchsorted(counts, min(lo + 1, n - 1), side="right"))
    return v_lo + (v_hi - v_lo) * (k - lo)


# nine points along cividis (Nuñez, Anderton & Renslow 2018), interpolated to 256 entries.
_CIVIDIS_KNOTS = np.array(
    [
        [0, 34, 78],
        [35, 62, 108],
        [79, 86, 108],
        [112, 112, 115],
        [145, 139, 120],
        [178, 167, 116],
        [211, 196, 102],
        [242, 226, 77],
        [255, 234, 70],
    ],
    dtype=np.float64,
)
_CIVIDIS = np.stack(
    [np.interp(np.linspace(0, 8, 256), np.arange(9), _CIVIDIS_KNOTS[:, c]) for c in range(3)],
    axis=1,
).astype(np.uint8)
