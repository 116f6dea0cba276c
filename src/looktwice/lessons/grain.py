"""Lesson 5, "Noise and compression": grain, smoothing, error levels and JPEG history.

The lesson's cells call this module only. Everything it shows is measured now by the kit's own
analyses (:mod:`looktwice.analyses.noise`, :mod:`~looktwice.analyses.ela`,
:mod:`~looktwice.analyses.metadata`) on the bytes in front of it, or read from the evaluation
the kit ships (:mod:`looktwice.track_record`); the only words it adds are headings and the
names of the versions it makes, in English and French.

It makes the versions a lesson needs from one picture: JPEG saves at chosen qualities, a
noise-reduction filter, a save history (:func:`history`) and a pasted-in patch
(:func:`pasted`). Generated pictures come from the kit's own generator
(:func:`generated_pictures`), so the lesson runs with no download.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

import numpy as np
from PIL import Image, ImageFilter

from ..teaching import Gallery, Table, show
from ..text import Text

WORDS = {
    "file": Text("file", "fichier"),
    "version": Text("version", "version"),
    "grain": Text("grain level (0–255 scale)", "niveau de grain (échelle 0–255)"),
    "smooth": Text("share smoother than a sensor", "part plus lisse qu’un capteur"),
    "hint": Text("the kit says “too smooth”", "le kit dit «\u202ftrop lisse\u202f»"),
    "yes": Text("yes", "oui"),
    "no": Text("no", "non"),
    "quality": Text("JPEG quality", "qualité JPEG"),
    "bytes": Text("bytes", "octets"),
    "format": Text("format", "format"),
    "tables": Text("quality read from its tables", "qualité lue dans ses tables"),
    "standard": Text("standard tables", "tables standard"),
    "none": Text("none (not a JPEG)", "aucune (pas un JPEG)"),
    "ela_mean": Text("average error level", "niveau d’erreur moyen"),
    "ela_p99": Text("brightest 1 % from", "1 % le plus clair à partir de"),
    "picture": Text("picture", "image"),
    "residual": Text("its noise residual (enlarged ×8)", "son résidu de bruit (amplifié ×8)"),
    "map": Text("grain map: blue smooth, yellow grainy", "carte du grain\u00a0: bleu lisse, jaune granuleux"),
    "ela": Text("error levels", "niveaux d’erreur"),
    "handling": Text("the kit's example images", "les images d’exemple du kit"),
    "real": Text("real photos", "vraies photos"),
    "generated": Text("generated images", "images générées"),
    "published": Text("as published", "telles que publiées"),
    "resaved": Text("after a plain re-save", "après un simple réenregistrement"),
    "low": Text("low (1 in 10 below)", "bas (1 sur 10 en dessous)"),
    "middle": Text("median", "médiane"),
    "high": Text("high (1 in 10 above)", "haut (1 sur 10 au-dessus)"),
}

VERSIONS = {
    "original": Text("original", "original"),
    "denoised": Text("noise reduction", "réduction de bruit"),
    "jpeg": Text("JPEG quality {q}", "JPEG qualité {q}"),
    "half": Text("half size", "moitié de la taille"),
    "pasted": Text("patch pasted in, saved once", "morceau collé, enregistré une fois"),
    "then": Text("then", "puis"),
}

GENERATED_CREDIT = Text(
    "Made by the Look Twice kit's tiny generator · CC0", "Faite par le petit générateur du kit Look Twice · CC0"
)


# --------------------------------------------------------------------------- making versions


def _image(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image.convert("RGB") if image.mode not in ("RGB", "L") else image


def _png(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue()


def jpeg(data: bytes, quality: int) -> bytes:
    """The picture saved as a JPEG at ``quality`` (1–100), with no labels."""
    buf = io.BytesIO()
    _image(data).save(buf, "JPEG", quality=int(quality))
    return buf.getvalue()


def denoised(data: bytes, size: int = 3) -> bytes:
    """The picture after a median filter of ``size`` pixels, the simplest kind of noise
    reduction, saved as PNG (no compression loss). ``size`` is made odd and at least 3."""
    return _png(_image(data).filter(ImageFilter.MedianFilter(max(3, int(size) | 1))))


def half_size(data: bytes) -> bytes:
    """The picture at half its width and height (Lanczos), saved as PNG."""
    image = _image(data)
    return _png(image.resize((max(1, image.width // 2), max(1, image.height // 2)), Image.Resampling.LANCZOS))


def quality_value(value: int | str) -> int | None:
    """A JPEG quality written by a pupil (``75`` or ``"75"``) as a whole number from 1 to
    100, or None when it is not one (a blank left, a word, a number out of range)."""
    text = str(value).strip()
    if not text.isdigit() or not 1 <= int(text) <= 100:
        return None
    return int(text)


def history(data: bytes, qualities: Sequence[int | str]) -> dict[str, bytes]:
    """The picture saved as JPEG again and again, at each quality in turn: one entry per step,
    named after the whole history so far (key ``"90,50,95"``, see :func:`history_name`).
    Qualities that are not whole numbers from 1 to 100 are left out (:func:`quality_value`)."""
    out: dict[str, bytes] = {}
    names: list[int] = []
    current = data
    for value in qualities:
        quality = quality_value(value)
        if quality is None:
            continue
        current = jpeg(current, quality)
        names.append(int(quality))
        out[",".join(map(str, names))] = current
    return out


def history_name(key: str, lang: str = "en") -> str:
    """A readable name for a :func:`history` key: ``"50,95"`` → "JPEG quality 50, then 95"."""
    steps = key.split(",")
    first = VERSIONS["jpeg"].get(lang).format(q=steps[0])
    return ", ".join([first] + [f"{VERSIONS['then'].get(lang)} {q}" for q in steps[1:]])


def pasted(
    data: bytes,
    patch_from: bytes,
    box: tuple[int, int, int, int] = (460, 10, 580, 130),
    source: tuple[int, int] = (470, 270),
    quality: int = 75,
) -> bytes:
    """An everyday edit that error-level analysis was made for: ``data`` saved as a JPEG at
    ``quality`` and opened again; a patch of ``patch_from`` (never compressed), taken at
    ``source`` (left, top), pasted over ``box`` (left, top, right, bottom); the result exported
    as PNG. The patch was never compressed, the rest went through JPEG once."""
    base = _image(jpeg(data, quality)).convert("RGB")
    left, top, right, bottom = box
    x, y = source
    patch = _image(patch_from).convert("RGB").crop((x, y, x + right - left, y + bottom - top))
    base.paste(patch, (left, top))
    return _png(base)


def generated_pictures(lang: str = "en") -> dict[str, tuple[bytes, str]]:
    """Two pictures made by the kit's own generators (the lab's shipped samples), as PNG bytes
    with their credit line in ``lang``: one per way of enlarging."""
    from ..lab.samples import load_sample

    out = {}
    for name in ("transposed-texture-1", "resize-texture-1"):
        out[f"{name}.png"] = (_png(load_sample(name).image()), GENERATED_CREDIT.get(lang))
    return out


def generated_credit(lang: str = "en") -> str:
    """The credit line of :func:`generated_pictures`, in ``lang``."""
    return GENERATED_CREDIT.get(lang)


# --------------------------------------------------------------------------- measuring


def _noise(data: bytes):  # noqa: ANN202
    from .. import inspect

    return inspect(data, name="picture", only=["noise"]).result("noise")


def residual_picture(data: bytes, gain: float = 8.0) -> Image.Image:
    """The noise residual (brightness minus its 3x3 local mean), mid-grey for zero and
    enlarged ``gain`` times, so the grain shows."""
    from ..image_file import open_specimen

    residual = open_specimen(data).residual
    return Image.fromarray(np.clip(128 + gain * residual, 0, 255).astype(np.uint8))


def residual_view(files: Mapping[str, tuple[bytes, str]], lang: str = "en") -> Gallery:
    """For each picture (name → (bytes, credit)): the picture, its residual, its grain map,
    each captioned with the credit line."""
    images, captions = [], []
    for name, (data, credit) in files.items():
        images += [data, residual_picture(data), _noise(data).picture()]
        captions += [
            f"{name} · {credit}",
            f"{WORDS['residual'].get(lang)} · {credit}",
            f"{WORDS['map'].get(lang)} · {credit}",
        ]
    return show(images, captions, width=220)


def noise_table(files: Mapping[str, bytes], lang: str = "en") -> Table:
    """One row per file: grain level, share of blocks smoother than a sensor, and whether the
    kit raises its "too smooth" hint."""
    rows = []
    for name, data in files.items():
        result = _noise(data)
        smooth = result.data()["smooth_share"]
        flagged = any(f.code == "noise.smooth" for f in result.findings)
        rows.append(
            (name, decimal(result.sigma, lang), percent(smooth, lang), WORDS["yes" if flagged else "no"].get(lang))
        )
    headers = [WORDS[k].get(lang) for k in ("version", "grain", "smooth", "hint")]
    return Table(headers, rows)


def decimal(value: float, lang: str = "en", places: int = 1) -> str:
    """A number with ``places`` decimals: a decimal point in English, a comma in French."""
    text = f"{value:.{places}f}"
    return text.replace(".", ",") if lang == "fr" else text


def percent(share: float, lang: str = "en") -> str:
    """A share as a whole percentage: "35%" in English, "35 %" (narrow no-break space) in
    French."""
    space = "\u202f" if lang == "fr" else ""
    return f"{100 * share:.0f}{space}%"


def smoothing_versions(data: bytes, lang: str = "en") -> dict[str, bytes]:
    """The versions of a photo that everyday processing makes: the original, a noise
    reduction, JPEG saves at 90 and 50, and half size."""
    return {
        VERSIONS["original"].get(lang): data,
        VERSIONS["denoised"].get(lang): denoised(data),
        VERSIONS["jpeg"].get(lang).format(q=90): jpeg(data, 90),
        VERSIONS["jpeg"].get(lang).format(q=50): jpeg(data, 50),
        VERSIONS["half"].get(lang): half_size(data),
    }


def quality_row(data: bytes, quality: int, lang: str = "en") -> Table:
    """The photo saved at one JPEG quality: its size in bytes and its grain (for a slider)."""
    saved = jpeg(data, quality)
    table = noise_table({VERSIONS["jpeg"].get(lang).format(q=quality): saved}, lang)
    return Table([WORDS["bytes"].get(lang), *table.headers], [(len(saved), *table.rows[0])])


def denoise_row(data: bytes, size: int, lang: str = "en") -> Table:
    """The photo after a noise reduction of ``size`` pixels: its grain (for a slider)."""
    name = f"{VERSIONS['denoised'].get(lang)} {max(3, int(size) | 1)}"
    return noise_table({name: denoised(data, size)}, lang)


def ela_view(files: Mapping[str, tuple[bytes, str]], lang: str = "en") -> Gallery:
    """Each picture beside its error-level picture, as the kit's ELA analysis draws it."""
    from .. import inspect

    images, captions = [], []
    for name, (data, credit) in files.items():
        ela = inspect(data, name=name, only=["ela"]).result("ela")
        images += [data, ela.picture()]
        captions += [f"{name} · {credit}", f"{WORDS['ela'].get(lang)} · {credit}"]
    return show(images, captions, width=220)


def ela_table(files: Mapping[str, bytes], lang: str = "en") -> Table:
    """One row per file: its average error level and the level the brightest 1 % reach."""
    from .. import inspect

    rows = []
    for name, data in files.items():
        ela = inspect(data, name=name, only=["ela"]).result("ela")
        rows.append((name, decimal(ela.mean, lang), f"{ela.p99:.0f}"))
    return Table([WORDS[k].get(lang) for k in ("file", "ela_mean", "ela_p99")], rows)


def tables_table(files: Mapping[str, bytes], lang: str = "en") -> Table:
    """One row per file: format, bytes, the JPEG quality its quantization tables give (the
    kit's metadata analysis) and whether those are the standard's tables, and its grain."""
    from .. import inspect

    rows = []
    for name, data in files.items():
        meta = inspect(data, name=name, only=["metadata"]).result("metadata")
        found = meta.data().get("jpeg")
        quality = str(found["quality"]) if found else WORDS["none"].get(lang)
        standard = WORDS["yes" if found and found["standard_tables"] else "no"].get(lang) if found else "—"
        rows.append(
            (
                name,
                meta.data().get("format") or _image(data).format or "",
                len(data),
                quality,
                standard,
                decimal(_noise(data).sigma, lang),
            )
        )
    headers = [WORDS[k].get(lang) for k in ("version", "format", "bytes", "tables", "standard", "grain")]
    return Table(headers, rows)


def spread_table(signal: str = "noise.smooth_share", lang: str = "en", scale: float = 100.0) -> Table:
    """Where a measured number fell on the kit's real photos and generated images (10th, 50th
    and 90th percentiles), as published and after a re-save, from the shipped evaluation
    (:func:`looktwice.track_record.spread_of`). The smooth share is shown in percent."""
    from ..track_record import spread_of

    rows = []
    for condition in ("published", "resaved"):
        spread = spread_of(signal, condition)
        if spread is None:
            continue
        for side in ("real", "generated"):
            values = getattr(spread, side)
            rows.append((WORDS[condition].get(lang), WORDS[side].get(lang), *(f"{v * scale:.0f}" for v in values)))
    headers = [WORDS[k].get(lang) for k in ("handling", "version", "low", "middle", "high")]
    headers[1] = WORDS["picture"].get(lang)
    return Table(headers, rows)


def credits_table(names: Sequence[str], lang: str = "en") -> Table:
    """The kit's photos the lesson used (:func:`looktwice.teaching.credits_table`) and a line
    for the pictures of :func:`generated_pictures`."""
    from ..teaching import credits_table as photos

    table = photos(names, lang)
    return Table(table.headers, [*table.rows, (", ".join(generated_pictures()), generated_credit(lang))])
