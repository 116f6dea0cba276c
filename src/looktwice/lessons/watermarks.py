"""Lesson 3, "Invisible watermarks": hide the SDXL-style ``dwtDct`` mark in a picture with the
kit's own encoder, read it back, and measure how much of it survives everyday handling.

Everything a cell shows is computed here from the bytes in front of it, with the kit's
watermark analysis (:mod:`looktwice.analyses.watermark`): :func:`mark` writes the 48-bit SDXL
message, :func:`handle` applies one everyday handling (JPEG quality, resizing, cropping, a
screenshot), :func:`bits_table` and :func:`handling_table` say how many bits still match and
the kit's graded verdict, :func:`survival_picture` draws the curves. The dated facts about
today's watermarks (:data:`FACTS`) come from the project's reference notes, each with its date
and source.

>>> from looktwice import examples
>>> from looktwice.lessons import watermarks
>>> photo = examples.load_example_bytes("coffee")[0]
>>> watermarks.sdxl_bits(watermarks.mark(photo)) >= 42
True
>>> watermarks.sdxl_bits(watermarks.handle(watermarks.mark(photo), "crop", 4)) < 39
True
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from ..analyses import watermark
from ..lab.drawing import font, label
from ..teaching import Table
from ..text import Text
from ..writers.watermark import embed_bits

#: The payload the lesson writes and reads: SDXL's 48-bit message.
PAYLOAD = watermark.SDXL

#: Column headings and short words, in both languages.
WORDS: dict[str, Text] = {
    "file": Text("file", "fichier"),
    "size": Text("size (pixels)", "taille (pixels)"),
    "matched": Text("SDXL bits that match", "bits SDXL qui correspondent"),
    "verdict": Text("the kit's verdict", "verdict du kit"),
    "handling": Text("handling", "traitement"),
    "setting": Text("setting", "réglage"),
    "changed": Text("pixels changed", "pixels modifiés"),
    "largest": Text("largest change of a colour (out of 255)", "plus grand écart d’une couleur (sur 255)"),
    "bits": Text("bits that match", "bits qui correspondent"),
    "average": Text("average change of a colour (out of 255)", "écart moyen d’une couleur (sur 255)"),
    "from": Text("from", "de"),
    "to": Text("to", "à"),
    "chance": Text("random bits score this well", "des bits au hasard font aussi bien"),
    "what": Text("what", "quoi"),
    "value": Text("value", "valeur"),
    "when": Text("when", "quand"),
    "source": Text("source", "source"),
    "original": Text("original", "original"),
    "screenshot": Text("screenshot", "capture d’écran"),
    "no_dot": Text(
        "no dot: the copy is too small to be checked", "pas de point\u00a0: la copie est trop petite pour être vérifiée"
    ),
    "in_a_million": Text("less than 1 time in a million", "moins d’une fois sur un million"),
}

#: The kit's graded verdicts, as pupils read them.
VERDICT_NAMES: dict[str, Text] = {
    "none": Text("no mark", "pas de filigrane"),
    "partial": Text("partial: cannot tell", "partiel : impossible de trancher"),
    "likely": Text("mark likely", "filigrane probable"),
    "very likely": Text("mark very likely", "filigrane très probable"),
    "too small": Text("too small to be checked", "trop petite pour être vérifiée"),
}


@dataclass(frozen=True)
class Handling:
    """An everyday handling with one setting: its name, the setting's unit (for a chart's axis)
    and how a setting reads (``{v}`` is the value), the range the lesson's slider covers (low,
    high, step) and the value a slider starts at."""

    key: str
    name: Text
    unit: Text
    setting: Text
    low: int
    high: int
    step: int
    start: int


HANDLINGS: dict[str, Handling] = {
    h.key: h
    for h in (
        Handling(
            "jpeg",
            Text("saved as JPEG", "enregistrée en JPEG"),
            Text("quality", "qualité"),
            Text("quality {v}", "qualité {v}"),
            30,
            95,
            5,
            95,
        ),
        Handling(
            "resize",
            Text("resized", "redimensionnée"),
            Text("% of its size", "% de sa taille"),
            Text("{v}% of its size", "{v}\u00a0% de sa taille"),
            25,
            100,
            5,
            100,
        ),
        Handling(
            "crop",
            Text("cropped", "recadrée"),
            Text("pixels cut from the top and left", "pixels coupés en haut et à gauche"),
            Text("{v} px cut from the top and the left", "{v}\u00a0px coupés en haut et à gauche"),
            0,
            16,
            1,
            0,
        ),
    )
}


# --------------------------------------------------------------------------- pixels and files


def _rgb(data: bytes) -> np.ndarray:
    from ..image_file import open_specimen

    return open_specimen(data).rgb


def _png(rgb: np.ndarray) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(rgb, "RGB").save(buf, "PNG")
    return buf.getvalue()


def mark(data: bytes) -> bytes:
    """The picture ``data`` with SDXL's 48-bit invisible watermark written into its pixels by
    the kit's own ``dwtDct`` encoder (:func:`looktwice.writers.watermark.embed_bits`), as a
    PNG file with no labels. The picture must cover at least 256 x 256 pixels in area."""
    return _png(embed_bits(_rgb(data), PAYLOAD.bits))


def marked_caption(name: str, lang: str = "en") -> str:
    """The caption of a kit example once :func:`mark` has written the watermark into it: what
    was done, then the example's own credit and licence line."""
    from ..teaching import credit_line

    done = Text(
        "With SDXL's invisible watermark, written by Look Twice. ",
        "Avec le filigrane invisible de SDXL, écrit par Look Twice. ",
    )
    return done.get(lang) + credit_line(name, lang)


def handle(data: bytes, key: str, value: int) -> bytes:
    """``data`` after one everyday handling with one setting:

    * ``"jpeg"``: saved as JPEG at quality ``value`` (1 to 100);
    * ``"resize"``: resized to ``value`` percent of its width and height (Lanczos), then PNG;
    * ``"crop"``: ``value`` pixels cut from the top and from the left, then PNG;
    * ``"screenshot"``: :func:`looktwice.writers.launder.screenshot` (``value`` is ignored).
    """
    from ..writers import launder

    if key == "screenshot":
        return launder.screenshot(data)
    image = Image.fromarray(_rgb(data), "RGB")
    if key == "jpeg":
        return launder.encode(image, "JPEG", quality=int(value))
    if key == "resize":
        size = (max(1, round(image.width * value / 100)), max(1, round(image.height * value / 100)))
        return launder.encode(image.resize(size, Image.Resampling.LANCZOS), "PNG")
    if key == "crop":
        return launder.encode(image.crop((int(value), int(value), image.width, image.height)), "PNG")
    raise ValueError(f"unknown handling {key!r}; choose from {[*HANDLINGS, 'screenshot']}")


def read_mark(data: bytes) -> watermark.PayloadMatch | None:
    """What the kit's watermark analysis reads for SDXL's message in ``data`` (None when the
    picture is too small to carry it)."""
    from ..image_file import open_specimen

    result = watermark.analyse(open_specimen(data))
    return next((m for m in result.matches if m.payload is PAYLOAD), None)


def sdxl_bits(data: bytes) -> int:
    """How many of SDXL's 48 bits match in ``data`` (0 when it is too small to be checked)."""
    found = read_mark(data)
    return found.matched if found else 0


def _size(data: bytes) -> str:
    rgb = _rgb(data)
    return f"{rgb.shape[1]}×{rgb.shape[0]}"


def _verdict(found: watermark.PayloadMatch | None, lang: str) -> str:
    return VERDICT_NAMES[found.verdict if found else "too small"].get(lang)


# --------------------------------------------------------------------------- tables


def changes_table(before: bytes, after: bytes, lang: str = "en") -> Table:
    """How many pixels the mark changed, and the largest change of one colour value."""
    a, b = _rgb(before).astype(np.int16), _rgb(after).astype(np.int16)
    changed = int(np.count_nonzero(np.any(a != b, axis=2)))
    total = a.shape[0] * a.shape[1]
    diff = np.abs(a - b)
    rows = [
        (WORDS["changed"].get(lang), f"{changed} / {total}"),
        (WORDS["average"].get(lang), f"{diff.mean():.1f}".replace(".", "," if lang == "fr" else ".")),
        (WORDS["largest"].get(lang), int(diff.max())),
    ]
    return Table([WORDS["what"].get(lang), WORDS["value"].get(lang)], rows)


def bits_table(files: Mapping[str, bytes], lang: str = "en") -> Table:
    """One row per file: its size, how many of SDXL's 48 bits match, the kit's verdict."""
    rows = []
    for name, data in files.items():
        found = read_mark(data)
        matched = f"{found.matched} / {PAYLOAD.size}" if found else "—"
        rows.append((name, _size(data), matched, _verdict(found, lang)))
    headers = [WORDS[k].get(lang) for k in ("file", "size", "matched", "verdict")]
    return Table(headers, rows)


def verdict_table(lang: str = "en") -> Table:
    """The kit's graded scale for SDXL: each verdict, the match counts it covers, and how often
    48 random bits reach its lowest count (:func:`~looktwice.analyses.watermark.chance_of_at_least`)."""
    rows, low = [], 0
    for name, high in zip(watermark.VERDICTS, (*PAYLOAD.limits, PAYLOAD.size)):
        chance = watermark.chance_of_at_least(low, PAYLOAD.size)
        rows.append((VERDICT_NAMES[name].get(lang), f"{low}–{high}", _odds(chance, lang)))
        low = high + 1
    headers = [WORDS["verdict"].get(lang), WORDS["bits"].get(lang), WORDS["chance"].get(lang)]
    return Table(headers, rows)


def _odds(chance: float, lang: str) -> str:
    if chance >= 0.5:
        return f"{chance:.0%}".replace("%", "\u00a0%" if lang == "fr" else "%")
    if chance < 1e-6:
        return WORDS["in_a_million"].get(lang)
    one_in = f"{round(1 / chance):,}".replace(",", "\u202f" if lang == "fr" else ",")
    return Text(f"1 time in {one_in}", f"1 fois sur {one_in}").get(lang)


def handling_table(marked: bytes, key: str, value: int, lang: str = "en") -> Table:
    """One row: the marked picture after handling ``key`` at ``value`` (what a slider shows):
    the setting, the size, the bits that still match and the kit's verdict."""
    copy = handle(marked, key, value)
    found = read_mark(copy)
    h = HANDLINGS[key]
    setting = h.setting.get(lang).format(v=value)
    matched = f"{found.matched} / {PAYLOAD.size}" if found else "—"
    headers = [WORDS[k].get(lang) for k in ("handling", "setting", "size", "matched", "verdict")]
    return Table(headers, [(h.name.get(lang), setting, _size(copy), matched, _verdict(found, lang))])


def survival_curve(marked: bytes, key: str) -> list[tuple[int, int | None]]:
    """(setting, bits that match) for every setting of handling ``key`` the slider covers;
    None where the copy is too small to be checked."""
    h = HANDLINGS[key]
    points = []
    for value in range(h.low, h.high + 1, h.step):
        found = read_mark(handle(marked, key, value))
        points.append((value, found.matched if found else None))
    return points


# --------------------------------------------------------------------------- the picture

_BANDS = {
    "none": (235, 235, 235),
    "partial": (250, 232, 200),
    "likely": (214, 236, 214),
    "very likely": (180, 222, 180),
}
_LINE, _INK = (0, 60, 140), (40, 40, 40)


def survival_picture(
    marked: bytes,
    lang: str = "en",
    keys: Sequence[str] = ("jpeg", "resize", "crop"),
    curves: Mapping[str, list[tuple[int, int | None]]] | None = None,
) -> Image.Image:
    """One small chart per handling: bits that match (0 to 48, up the side) against the
    setting (along the bottom), over the bands of the kit's verdicts; settings that leave the
    picture too small to be checked have no dot. Computed from the marked picture unless
    ``curves`` (from :func:`survival_curve`) are given."""
    curves = dict(curves or {})
    width, height, left, top, bottom = 300, 230, 44, 44, 40
    canvas = Image.new("RGB", (width * len(keys) + 10, height + top + bottom + 52), "white")
    draw, face, small = ImageDraw.Draw(canvas), font(14), font(11)
    for i, key in enumerate(keys):
        points = curves.get(key) or survival_curve(marked, key)
        h = HANDLINGS[key]
        x0, y0 = 10 + i * width + left, top
        w, hh = width - left - 20, height
        low, high = points[0][0], points[-1][0]

        def at(value: float, bits: float) -> tuple[float, float]:
            return x0 + (value - low) / max(high - low, 1) * w, y0 + hh - bits / PAYLOAD.size * hh  # noqa: B023  used in this iteration only

        lower = 0
        for name, limit in zip(watermark.VERDICTS, (*PAYLOAD.limits, PAYLOAD.size)):
            top_y, bottom_y = at(low, limit + 1 if limit < PAYLOAD.size else limit)[1], at(low, lower)[1]
            draw.rectangle([x0, top_y, x0 + w, bottom_y], fill=_BANDS[name])
            lower = limit + 1
        for bits in (0, 24, 48):
            y = at(low, bits)[1]
            label(draw, (x0 - 26, int(y) - 7), str(bits), small, _INK)
        for value in (low, (low + high) // 2, high):
            x = at(value, 0)[0]
            label(draw, (int(x) - 8, y0 + hh + 4), str(value), small, _INK)
        label(draw, (x0, 6), h.name.get(lang), face, _INK)
        label(draw, (x0, 24), f"({h.unit.get(lang)})", small, _INK)
        xy = [at(v, b) for v, b in points if b is not None]
        if len(xy) > 1:
            draw.line(xy, fill=_LINE, width=3)
        for x, y in xy:
            draw.ellipse([x - 3, y - 3, x + 3, y + 3], fill=_LINE)
    legend_y = top + height + bottom - 8
    x = 10 + left
    for name in watermark.VERDICTS:
        draw.rectangle([x, legend_y, x + 14, legend_y + 14], fill=_BANDS[name], outline=_INK)
        text = VERDICT_NAMES[name].get(lang)
        label(draw, (x + 20, legend_y), text, small, _INK)
        x += 30 + int(draw.textlength(text, font=small))
    label(draw, (10 + left, legend_y + 22), WORDS["no_dot"].get(lang), small, _INK)
    return canvas


# --------------------------------------------------------------------------- dated facts


@dataclass(frozen=True)
class Fact:
    """A fact about today's watermarks: what, since when, and where it was read."""

    text: Text
    date: str
    source: str


#: Checked on 2026-11-28 against the project's reference notes (``updates-2026-11.md``).
FACTS_CHECKED = "2026-11-28"

FACTS: tuple[Fact, ...] = (
    Fact(
        Text(
            "Google's SynthID: an invisible watermark trained together with its detector. Its "
            "image detector is not public; only the text version's code is open.",
            "SynthID de Google : un filigrane invisible entraîné avec son détecteur. Le "
            "détecteur pour les images n’est pas public ; seul le code de la version pour le "
            "texte est ouvert.",
        ),
        "2025-10-10",
        "arXiv 2510.09263 (SynthID-Image); pypi.org/project/synthid-text 0.2.1",
    ),
    Fact(
        Text(
            "The Gemini app checks whether an image carries SynthID. The image is sent to Google to be checked.",
            "L’application Gemini vérifie si une image porte SynthID. L’image est envoyée à "
            "Google pour la vérification.",
        ),
        "2025-11-19",
        "androidauthority.com/gemini-synthid-3617378",
    ),
    Fact(
        Text(
            "OpenAI adds SynthID to the images ChatGPT and its API make, and previews an "
            "online checking tool (openai.com/verify).",
            "OpenAI ajoute SynthID aux images faites par ChatGPT et son API, et présente en "
            "avant-première un outil de vérification en ligne (openai.com/verify).",
        ),
        "2026-05-20",
        "bitsminds.com/news/openai-c2pa-synthid-verify-tool-2026",
    ),
    Fact(
        Text(
            "C2PA's soft-binding list names the watermarks and fingerprints that may point "
            "back to Content Credentials stored online: 32 algorithms, among them Adobe's "
            "TrustMark, Microsoft's InvisMark, Digimarc and Imatag. SynthID is not on it.",
            "La liste de liaison souple de la C2PA nomme les filigranes et empreintes qui "
            "peuvent renvoyer à des identifiants de contenu conservés en ligne : 32 "
            "algorithmes, dont TrustMark d’Adobe, InvisMark de Microsoft, Digimarc et Imatag. "
            "SynthID n’y figure pas.",
        ),
        "2026-04-15",
        "github.com/c2pa-org/softbinding-algorithm-list",
    ),
    Fact(
        Text(
            "TrustMark, Adobe's open watermark: 100-bit payload, MIT licence, runs on an "
            "ordinary computer (Python package trustmark 0.9.2).",
            "TrustMark, le filigrane ouvert d’Adobe : 100 bits de message, licence MIT, "
            "fonctionne sur un ordinateur ordinaire (paquet Python trustmark 0.9.2).",
        ),
        "2026-09",
        "pypi.org/project/trustmark",
    ),
    Fact(
        Text(
            "Public tools remove watermarks: one documents stripping SynthID by regenerating "
            "the image lightly. Research also forges marks (WMForger, NeurIPS 2025).",
            "Des outils publics retirent les filigranes : l’un explique comment effacer "
            "SynthID en régénérant légèrement l’image. La recherche en imite aussi (WMForger, "
            "NeurIPS 2025).",
        ),
        "2026-06",
        "github.com/wiltodelta/remove-ai-watermarks; facebookresearch/videoseal",
    ),
)


def facts_table(lang: str = "en") -> Table:
    """The dated facts about today's watermarks: what, when, and the source."""
    rows = [(f.text.get(lang), f.date, f.source) for f in FACTS]
    return Table([WORDS[k].get(lang) for k in ("what", "when", "source")], rows)
