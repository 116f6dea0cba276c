"""The calibration chart of a round, drawn with Pillow, and its text for screen readers."""

from __future__ import annotations

from collections.abc import Sequence

from PIL import Image, ImageDraw, ImageFont

from ..text import Text
from .scoring import CalibrationBin

#: Okabe & Ito's colour-blind-safe blue for measured accuracy, and a black step for "perfectly
#: calibrated" (they differ in shape and brightness too).
_BLUE = (0, 114, 178)
_INK = (20, 20, 20)
_GRID = (210, 210, 210)

CHART_TEXT = {
    "title": Text(
        "How sure you were, and how often you were right", "Votre confiance, et combien de fois vous aviez raison"
    ),
    "x": Text("How sure you said you were", "Votre niveau de confiance"),
    "y": Text("Right answers", "Bonnes réponses"),
    "bar": Text("your right answers", "vos bonnes réponses"),
    "line": Text("perfectly calibrated", "confiance parfaitement ajustée"),
    "none": Text("no answer", "aucune"),
}


#: TrueType fonts with accented letters, tried in order (Linux, macOS, Windows); Pillow's own
#: font lacks some of them, so without any of these the chart's words lose their accents.
_FONT_FILES = (
    "DejaVuSans.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/Library/Fonts/Arial.ttf",
    "/System/Library/Fonts/Supplemental/Arial.ttf",
    "C:/Windows/Fonts/arial.ttf",
)


def _font(size: int) -> tuple[ImageFont.ImageFont | ImageFont.FreeTypeFont, bool]:
    """A font of ``size`` pixels and whether it has accented letters."""
    for name in _FONT_FILES:
        try:
            return ImageFont.truetype(name, size), True
        except OSError:
            continue
    try:
        return ImageFont.load_default(size=size), False
    except TypeError:  # Pillow built without FreeType
        return ImageFont.load_default(), False


def _plain(text: str) -> str:
    """``text`` without accents (for a font that lacks them)."""
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def calibration_chart(
    bins: Sequence[CalibrationBin], lang: str = "en", size: tuple[int, int] = (720, 460)
) -> Image.Image:
    """A bar chart of accuracy per confidence level against the "perfectly calibrated" line.

    Drawn with Pillow (no plotting library needed), in colour-blind-safe colours that also
    differ in shape: solid blue bars for the student's accuracy, a black step for where a
    perfectly calibrated person would be. Each bar is labelled with its number of answers.
    """
    width, height = size
    image = Image.new("RGB", size, (255, 255, 255))
    draw = ImageDraw.Draw(image)
    (small, accents), (normal, _), (big, _) = _font(14), _font(16), _font(19)
    word = lambda key: CHART_TEXT[key].get(lang) if accents else _plain(CHART_TEXT[key].get(lang))
    left, right, top, bottom = 70, width - 20, 100, height - 100
    draw.text((16, 12), word("title"), fill=_INK, font=big)
    draw.text((16, 50), word("y"), fill=_INK, font=small)
    # Axes and grid: 0-100 %.
    for pct in range(0, 101, 25):
        y = bottom - (bottom - top) * pct / 100
        draw.line([(left, y), (right, y)], fill=_GRID if pct else _INK, width=1)
        draw.text((left - 8, y), f"{pct} %", fill=_INK, font=small, anchor="rm")
    draw.line([(left, top), (left, bottom)], fill=_INK, width=1)
    n = max(1, len(bins))
    slot = (right - left) / n
    for i, b in enumerate(bins):
        x0 = left + i * slot + slot * 0.18
        x1 = left + (i + 1) * slot - slot * 0.18
        # where a perfectly calibrated person would be: a black step at the confidence level
        yc = bottom - (bottom - top) * b.confidence / 100
        if b.total:
            ya = bottom - (bottom - top) * (b.accuracy or 0.0)
            draw.rectangle([x0, ya, x1, bottom], fill=_BLUE)
            label_y = min(ya, yc) - 5
            draw.text(((x0 + x1) / 2, label_y), f"{100 * (b.accuracy or 0):.0f} %", fill=_INK, font=small, anchor="md")
            count = f"n={b.total}"
        else:
            count = word("none")
        draw.line([(x0 - 6, yc), (x1 + 6, yc)], fill=_INK, width=3)
        draw.text(((x0 + x1) / 2, bottom + 6), f"{b.confidence} %", fill=_INK, font=normal, anchor="ma")
        draw.text(((x0 + x1) / 2, bottom + 26), count, fill=(80, 80, 80), font=small, anchor="ma")
    draw.text(((left + right) / 2, bottom + 50), word("x"), fill=_INK, font=small, anchor="ma")
    # Legend on the bottom line.
    ly = height - 16
    draw.rectangle([left, ly - 7, left + 18, ly + 7], fill=_BLUE)
    draw.text((left + 26, ly), word("bar"), fill=_INK, font=small, anchor="lm")
    lx = left + 56 + int(draw.textlength(word("bar"), font=small))
    draw.line([(lx, ly), (lx + 22, ly)], fill=_INK, width=3)
    draw.text((lx + 30, ly), word("line"), fill=_INK, font=small, anchor="lm")
    return image


def chart_alt_text(bins: Sequence[CalibrationBin], lang: str = "en") -> str:
    """A text version of :func:`calibration_chart` for screen readers."""
    parts = []
    for b in bins:
        if b.total:
            parts.append(
                Text(
                    f"at {b.confidence} % sure: {b.correct} right out of {b.total}",
                    f"à {b.confidence} % de confiance : {b.correct} bonnes sur {b.total}",
                ).get(lang)
            )
    body = "; ".join(parts) or CHART_TEXT["none"].get(lang)
    return f"{CHART_TEXT['title'].get(lang)}: {body}."
