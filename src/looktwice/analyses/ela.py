"""Error-level analysis (ELA): re-save the image as JPEG and see where it changes most.

Krawetz (2007) proposed it to find pasted-in regions: areas saved a different number of times
react differently to one more save. It is widely misread, so the explanation carries the
caveats from its own tutorial and its critics: compare like with like (edges with edges,
textures with textures); bright does not mean fake; re-saved images grow dark everywhere;
resizing and some editors brighten all edges. ELA raises no evidence on its own here: it is a
picture to look at, with the numbers that describe it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import numpy as np
from PIL import Image, ImageChops

from ..image_file import Specimen
from ..text import Text
from .base import AnalysisResult, colour_map, fit_picture, percentile_u8

#: JPEG quality of the test save (FotoForensics uses about 95).
QUALITY = 95


@dataclass(kw_only=True)
class ElaResult(AnalysisResult):
    """Per-pixel error levels (how much each pixel's brightness changed after one more JPEG
    save)."""

    name = "ela"
    quality: int
    levels: np.ndarray = field(repr=False)
    mean: float
    p99: float

    def data(self) -> dict:
        return {"quality": self.quality, "mean_level": round(self.mean, 3), "p99_level": round(self.p99, 3)}

    def picture(self) -> Image.Image:
        """Error levels, brightened so that the top 0.5 % reach full brightness."""
        small = fit_picture(Image.fromarray(self.levels))
        high = max(percentile_u8(small, 99.5), 1.0)
        return colour_map(np.asarray(small), 0, high)


def error_levels(luma: np.ndarray, quality: int = QUALITY) -> np.ndarray:
    """Per-pixel error level of a brightness (luma) image: the absolute difference between it
    and a JPEG re-save of it at ``quality``.

    Brightness is where JPEG keeps its detail (colour is stored at half resolution and
    quantized more coarsely, so it adds little), and working on it alone makes the analysis
    about three times faster on a 12-megapixel photo.
    """
    image = Image.fromarray(np.asarray(luma, dtype=np.uint8), mode="L")
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=quality)
    resaved = Image.open(buf)
    resaved.load()
    return np.asarray(ImageChops.difference(image, resaved))


def analyse(specimen: Specimen, quality: int = QUALITY) -> ElaResult:
    """Error levels of the image: how much each pixel changes when saved once more as JPEG.

    Parameters
    ----------
    specimen : Specimen
        The image, opened by :func:`looktwice.image_file.open_specimen`.
    quality : int, optional
        The JPEG quality of the extra save.

    Returns
    -------
    ElaResult
        The per-pixel levels, their mean and 99th percentile, and the caveats of the method.
        It raises no evidence on its own: it is a picture to look at.

    Examples
    --------
    >>> from looktwice.analyses import ela
    >>> from looktwice.examples import load_example_bytes
    >>> from looktwice.image_file import open_specimen
    >>> coffee, _credit = load_example_bytes("coffee")       # a built-in photo
    >>> result = ela.analyse(open_specimen(coffee))
    >>> result.quality, result.levels.shape, result.findings
    (95, (400, 600), [])
    """
    levels = error_levels(specimen.luma, quality)
    mean = float(levels.mean())
    p99 = float(np.percentile(levels[::4, ::4], 99))
    return ElaResult(
        quality=quality,
        levels=levels,
        mean=mean,
        p99=p99,
        headline=Text(
            f"Re-saved at JPEG quality {quality}: average change {mean:.1f} levels, 1 % of "
            f"pixels change by {p99:.0f} or more.",
            f"Réenregistrée en JPEG qualité {quality} : changement moyen de {mean:.1f} "
            f"niveaux, 1 % des pixels changent de {p99:.0f} ou plus.",
        ),
        explanation=_EXPLANATION,
    )


_EXPLANATION = Text(
    "Error-level analysis saves the image once more as a JPEG and shows where it changed: "
    "bright areas changed more. A region pasted in from another picture can stand out because "
    "it has been saved a different number of times. Be careful, it is easy to misread: edges "
    "and fine textures are always brighter than smooth areas, so only compare similar things "
    "(an edge with an edge); bright does not mean fake; an image saved many times goes dark "
    "everywhere; and resizing brightens every edge. Experts disagree about how much it shows, "
    "so Look Twice never counts it as evidence by itself.",
    "L'analyse du niveau d'erreur réenregistre l'image en JPEG et montre où elle a changé : "
    "les zones claires ont plus changé. Une zone collée depuis une autre image peut ressortir, "
    "car elle n'a pas été enregistrée le même nombre de fois. Attention, on se trompe "
    "facilement : les contours et les textures fines sont toujours plus clairs que les zones "
    "lisses, donc ne comparez que des choses semblables (un contour avec un contour) ; clair "
    "ne veut pas dire faux ; une image enregistrée de nombreuses fois devient sombre partout ; "
    "et un redimensionnement éclaircit tous les contours. Les experts ne sont pas d'accord sur "
    "ce qu'elle montre : Look Twice ne la compte jamais seule comme un indice.",
)
