"""Helpers the lessons share: language, a scratch folder, pictures and tables.

Lesson notebooks import this module instead of pasting helper code into their cells, so the
English and French notebooks run exactly the same code and every helper is tested here once.

Everything a helper shows comes from the library's analyses of the bytes in front of it; the
only text it adds is column headings and short state names, in English and French
(:class:`looktwice.text.Text`). Nothing is written to disk except by :func:`scratch_folder`,
which makes a temporary folder.

>>> from looktwice import teaching
>>> teaching.lesson_language()                              # doctest: +SKIP
'fr'
>>> picture = teaching.drawn_picture()
>>> picture[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
True
>>> from looktwice.writers.tamper import tamper_pixels
>>> teaching.changed_pixels(picture, tamper_pixels(picture, box=(0, 0, 1, 1)))
1

Changing files is not done here: the lessons call the writers (:mod:`looktwice.writers`)
for that, and these helpers show what the readers find in the result.
"""

from __future__ import annotations

import atexit
import base64
import html
import io
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageOps

from .analyses.credentials import STATE_LABELS
from .text import LANGS, Text
from .writers.tamper import lossless_resave

#: Environment variable that sets the lesson language when the notebook's folder does not.
LANG_ENV = "LOOKTWICE_LANG"

#: Column headings and small words the helpers show, in both languages.
WORDS: dict[str, Text] = {
    "file": Text("file", "fichier"),
    "bytes": Text("bytes", "octets"),
    "size": Text("size (pixels)", "taille (pixels)"),
    "field": Text("field", "champ"),
    "value": Text("value", "valeur"),
    "state": Text("Content Credentials", "identifiants de contenu"),
    "declares": Text("the label declares", "l’étiquette déclare"),
    "signer": Text("signer", "signataire"),
    "camera": Text("camera (EXIF)", "appareil (EXIF)"),
    "generator": Text("generator settings", "réglages de générateur"),
    "source_type": Text("IPTC source type", "type de source IPTC"),
    "term": Text("IPTC term", "terme IPTC"),
    "meaning": Text("meaning", "sens"),
    "points": Text("points towards", "penche vers"),
    "copy": Text("copy", "copie"),
    "level": Text("compression level", "niveau de compression"),
    "changed": Text("pixels changed", "pixels modifiés"),
    "nothing": Text("—", "—"),
    "picture": Text("picture", "image"),
    "credit": Text("credit and licence", "crédit et licence"),
    "country": Text("country", "pays"),
    "service": Text("service", "service"),
    "what_for": Text("what for", "pour quoi"),
    "contact": Text("contact", "contact"),
    "ages": Text("ages", "âges"),
    "no_service": Text(
        "No service checked yet for this kit: talk to an adult you trust, and report the "
        "picture on the platform where you saw it.",
        "Pas encore de service vérifié pour ce kit : parlez-en à un adulte de confiance et "
        "signalez l’image sur la plateforme où vous l’avez vue.",
    ),
    "issuer": Text("vouched for by", "garanti par"),
    "handling": Text("the kit's example images", "les images d’exemple du kit"),
    "published": Text("as published", "telles que publiées"),
    "resaved": Text("after a plain re-save", "après un simple réenregistrement"),
    "real_photos": Text("real photos", "vraies photos"),
    "generated_images": Text("generated images", "images générées"),
    "valid_until": Text("valid until", "valable jusqu’au"),
}

#: Short names for the six Content Credentials states of
#: :mod:`looktwice.analyses.credentials`.
STATE_NAMES: dict[str, Text] = STATE_LABELS


#: The classroom certificates' names, as a pupil reads them in each language.
CLASSROOM_NAMES: dict[str, Text] = {
    "Look Twice classroom signer (teaching only)": Text(
        "Look Twice classroom signer (teaching only)", "signataire de la classe Look Twice (pour l’enseignement)"
    ),
    "Look Twice Classroom Root (teaching only)": Text(
        "Look Twice Classroom Root (teaching only)", "racine de la classe Look Twice (pour l’enseignement)"
    ),
}


def signer_name(common_name: str | None, lang: str = "en") -> str:
    """A certificate's common name as shown to pupils: the classroom's own certificates in the
    lesson's language, any other name as written in the certificate."""
    if common_name is None:
        return WORDS["nothing"].get(lang)
    known = CLASSROOM_NAMES.get(common_name)
    return known.get(lang) if known else common_name


def state_label(state: str, lang: str = "en") -> str:
    """A Content Credentials state as the kit's code for it and its short name, e.g.
    ``"tampered · changed after signing"``."""
    name = STATE_NAMES.get(state)
    return f"{state} · {name.get(lang)}" if name else state


#: The prompt lessons write into a file to imitate a local generator's recipe.
SAMPLE_PROMPT = Text(
    "a cup of espresso on a red table, studio photo, high detail",
    "une tasse d'espresso sur une table rouge, photo de studio, très détaillée",
)

#: Where :func:`drawn_picture` comes from, to show with it.
DRAWN_CREDIT = Text(
    "Mountains at sunset, drawn by a few lines of code (looktwice.teaching.drawn_picture). "
    "No camera, no AI. Licence: CC0.",
    "Montagnes au coucher du soleil, dessinées par quelques lignes de code "
    "(looktwice.teaching.drawn_picture). Ni appareil photo, ni IA. Licence : CC0.",
)


# --------------------------------------------------------------------------- language, folder


def lesson_language(default: str = "en") -> str:
    """The language of the running lesson: ``"en"`` or ``"fr"``.

    The English and French notebooks have identical code cells; they differ only by the folder
    they live in (``.../en/`` or ``.../fr/``). A Jupyter kernel starts in its notebook's folder,
    and JupyterLab also tells the kernel the notebook's path (``JPY_SESSION_NAME``), so the
    folder name decides. Outside a language folder, ``$LOOKTWICE_LANG`` decides, then
    ``default``.
    """
    session = os.environ.get("JPY_SESSION_NAME")
    if session:
        folder = Path(session).parent.name
        if folder in LANGS:
            return folder
    try:
        here = Path.cwd().name
    except OSError:  # the working folder was deleted
        here = ""
    if here in LANGS:
        return here
    chosen = os.environ.get(LANG_ENV, "").strip().lower()
    return chosen if chosen in LANGS else default


def scratch_folder(prefix: str = "looktwice-lesson-") -> Path:
    """A new empty temporary folder, deleted when Python (the notebook's kernel) stops.

    Lessons write their files here and nowhere else, so a lesson leaves nothing behind.
    """
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


# --------------------------------------------------------------------------- showing things


def _text(value: Text | str, lang: str) -> str:
    return value.get(lang) if isinstance(value, Text) else str(value)


def _open(image: bytes | Image.Image | str | os.PathLike[str]) -> Image.Image:
    if isinstance(image, Image.Image):
        return image
    if isinstance(image, (bytes, bytearray)):
        opened = Image.open(io.BytesIO(bytes(image)))
    else:
        opened = Image.open(image)
    opened.load()
    return opened


class Gallery:
    """Pictures side by side with a caption under each; shown as HTML in a notebook and as
    one line per picture in a terminal."""

    def __init__(
        self,
        images: Sequence[bytes | Image.Image | str | os.PathLike[str]],
        captions: Sequence[str] | None = None,
        width: int = 240,
    ) -> None:
        captions = list(captions) if captions is not None else [""] * len(images)
        if len(captions) != len(images):
            raise ValueError(f"{len(images)} pictures but {len(captions)} captions")
        self.width = width
        self.items: list[tuple[Image.Image, str]] = []
        for image, caption in zip(images, captions):
            self.items.append((ImageOps.exif_transpose(_open(image)), str(caption)))

    def _thumbnail_png(self, image: Image.Image) -> tuple[str, int, int]:
        copy = image.convert("RGBA" if "A" in image.getbands() else "RGB")
        if copy.width > self.width:
            height = max(1, round(copy.height * self.width / copy.width))
            copy = copy.resize((self.width, height), Image.Resampling.LANCZOS)
        buf = io.BytesIO()
        copy.save(buf, "PNG")
        return base64.b64encode(buf.getvalue()).decode("ascii"), copy.width, copy.height

    def _repr_html_(self) -> str:
        figures = []
        for image, caption in self.items:
            data, w, h = self._thumbnail_png(image)
            figures.append(
                f'<figure style="margin:0;width:{max(w, 120)}px">'
                f'<img src="data:image/png;base64,{data}" width="{w}" height="{h}" '
                f'alt="{html.escape(caption)}" style="border:1px solid #ccc">'
                f'<figcaption style="font-size:0.85em;line-height:1.3">'
                f"<b>{image.width}×{image.height}</b> {html.escape(caption)}</figcaption></figure>"
            )
        return '<div style="display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start">' + "".join(figures) + "</div>"

    def __repr__(self) -> str:
        return "\n".join(f"[{image.width}×{image.height}] {caption}" for image, caption in self.items)


def show(
    images: Sequence[bytes | Image.Image | str | os.PathLike[str]],
    captions: Sequence[str] | None = None,
    width: int = 240,
) -> Gallery:
    """Pictures (file bytes, PIL images or paths) side by side, each with its caption (put the
    licence line there). The last line of a notebook cell displays the returned value."""
    return Gallery(images, captions, width)


class Table:
    """A small table: HTML in a notebook, aligned text in a terminal."""

    def __init__(self, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        self.headers = [str(h) for h in headers]
        self.rows = [[str(cell) for cell in row] for row in rows]
        for row in self.rows:
            if len(row) != len(self.headers):
                raise ValueError(f"a row has {len(row)} cells, the table {len(self.headers)} columns")

    def column(self, header: str) -> list[str]:
        """The cells under ``header``."""
        index = self.headers.index(header)
        return [row[index] for row in self.rows]

    def _repr_html_(self) -> str:
        head = "".join(f'<th style="text-align:left">{html.escape(h)}</th>' for h in self.headers)
        body = "".join(
            "<tr>" + "".join(f'<td style="text-align:left">{html.escape(c)}</td>' for c in row) + "</tr>"
            for row in self.rows
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    def __repr__(self) -> str:
        widths = [max([len(h)] + [len(r[i]) for r in self.rows]) for i, h in enumerate(self.headers)]
        lines = [" | ".join(h.ljust(w) for h, w in zip(self.headers, widths)), "-+-".join("-" * w for w in widths)]
        lines += [" | ".join(c.ljust(w) for c, w in zip(row, widths)) for row in self.rows]
        return "\n".join(line.rstrip() for line in lines)


class Prose:
    """Text for people: rendered as Markdown (wrapped, with emphasis and lists) in a notebook,
    printed as is in a terminal."""

    def __init__(self, markdown: str) -> None:
        self.markdown = markdown

    def _repr_markdown_(self) -> str:
        return self.markdown

    def __repr__(self) -> str:
        return self.markdown


def prose(*parts: Text | str, lang: str = "en", bullets: bool = False) -> Prose:
    """One or more sentences (``Text`` values or strings) shown as a paragraph, or as a bulleted
    list with ``bullets=True``: the way lessons show the kit's explanations and findings."""
    texts = [_text(p, lang) for p in parts]
    return Prose("\n".join(f"- {t}" for t in texts) if bullets else " ".join(texts))


def credit_line(name: str, lang: str = "en") -> str:
    """The short credit and licence line of one of the kit's examples, in ``lang`` (the
    example's own ``credit_line`` when the catalogue has it, else its credit)."""
    from .examples import get_example

    example = get_example(name)
    line = getattr(example, "credit_line", None)
    return line(lang) if callable(line) else example.credit


def credits_table(names: Sequence[str], lang: str = "en", drawn: bool = False) -> Table:
    """The pictures a lesson used, one line each with its credit and licence; ``drawn=True``
    adds the picture :func:`drawn_picture` makes."""
    rows = [(name, credit_line(name, lang)) for name in names]
    if drawn:
        rows.append(("drawn_picture", DRAWN_CREDIT.get(lang)))
    return Table([WORDS["picture"].get(lang), WORDS["credit"].get(lang)], rows)


def help_table(lang: str = "en") -> Table:
    """Where to get help, by country, from the kit's list of help services
    (:mod:`looktwice.help_services`); a country with no checked service yet says so."""
    from .help_services import COUNTRIES, countries_without_service, services

    rows = [(COUNTRIES[s.country].get(lang), s.name, s.what_for.get(lang), s.contact, s.ages(lang)) for s in services()]
    missing = WORDS["no_service"].get(lang)
    rows += [(COUNTRIES[c].get(lang), "—", missing, "—", "—") for c in countries_without_service()]
    headers = [WORDS[k].get(lang) for k in ("country", "service", "what_for", "contact", "ages")]
    return Table(headers, rows)


def track_record_table(code: str, lang: str = "en") -> Table:
    """How often the finding ``code`` (``"metadata.no_camera"``) appeared on the kit's real and
    generated example images, as published and after a re-save, from the record the kit ships
    (:mod:`looktwice.track_record`), and which way that lets it point."""
    from .evidence import Points
    from .track_record import record_for

    record = record_for(code)
    if record is None:
        raise KeyError(f"the kit has no track record for {code!r}")
    rows = [
        (WORDS[name].get(lang), f"{rate.real} / {rate.real_total}", f"{rate.generated} / {rate.generated_total}")
        for name, rate in (("published", record.published), ("resaved", record.resaved))
    ]
    leaning = {
        Points.GENERATED: Text("so it leans towards generated", "il penche donc vers « générée »"),
        Points.CAPTURED: Text("so it leans towards a camera photo", "il penche donc vers « photo d’appareil »"),
    }.get(record.supports, Text("so it points nowhere in particular", "il ne penche donc d’aucun côté"))
    rows.append((WORDS["points"].get(lang), leaning.get(lang), ""))
    headers = [WORDS[k].get(lang) for k in ("handling", "real_photos", "generated_images")]
    return Table(headers, rows)


def certificate_names(certificate: Any, lang: str = "en") -> Table:
    """Who a certificate names and who vouches for it (common names only), and until when it is
    valid: what a person needs, instead of the raw certificate text."""
    from cryptography.x509.oid import NameOID

    def common_name(name: Any) -> str:
        found = name.get_attributes_for_oid(NameOID.COMMON_NAME)
        return str(found[0].value) if found else "?"

    rows = [
        (WORDS["signer"].get(lang), signer_name(common_name(certificate.subject), lang)),
        (WORDS["issuer"].get(lang), signer_name(common_name(certificate.issuer), lang)),
        (WORDS["valid_until"].get(lang), certificate.not_valid_after_utc.date().isoformat()),
    ]
    return Table([WORDS["field"].get(lang), WORDS["value"].get(lang)], rows)


def fields_table(fields: Mapping[str, Any] | None, lang: str = "en") -> Table:
    """A two-column table (field, value) of a dict, such as the EXIF fields a report read."""
    rows = [(key, value) for key, value in (fields or {}).items()]
    return Table([WORDS["field"].get(lang), WORDS["value"].get(lang)], rows)


def source_type_table(lang: str = "en", terms: Iterable[str] | None = None) -> Table:
    """The IPTC digital source type vocabulary (or the ``terms`` given): term, meaning and the
    way the kit counts it."""
    from .source_types import VOCABULARY, lookup

    entries = [lookup(t) for t in terms] if terms is not None else list(VOCABULARY.values())
    rows = []
    for entry in entries:
        if entry is None:
            continue
        rows.append((entry.term, entry.label.get(lang), entry.points.label.get(lang)))
    return Table([WORDS[k].get(lang) for k in ("term", "meaning", "points")], rows)


# --------------------------------------------------------------------------- reading labels


def read_labels(data: bytes, trust_anchors_pem: str | None = None) -> dict[str, Any]:
    """Every label a file carries, as the kit's analyses read it.

    Returns ``camera`` (EXIF make and model or None), ``generator`` (the tool whose settings are
    in the file, or None), ``source_type`` (the IPTC term in XMP, or None), ``credentials`` (the
    Content Credentials state), ``declared`` (the source types the credentials declare) and
    ``signer`` (the common name of the signing certificate, or None).
    """
    from .analyses import metadata
    from .analyses.credentials import read_credentials
    from .c2pa_offline import sniff_mime_type
    from .carried import labels_from_data
    from .image_file import open_specimen

    meta = metadata.analyse(open_specimen(data)).data()
    try:
        mime = sniff_mime_type(data)
    except ValueError:
        mime = None
    cred = read_credentials(data, mime, trust_anchors_pem).data() if mime else {"state": "none"}
    found = labels_from_data(meta, cred, None).as_dict()
    del found["watermark"]  # not read here: lessons that need it inspect the file
    return found


def labels_table(files: Mapping[str, bytes], lang: str = "en", trust_anchors_pem: str | None = None) -> Table:
    """One row per file: its camera EXIF, generator settings, IPTC source type and Content
    Credentials state, as read by the kit."""
    nothing = WORDS["nothing"].get(lang)
    rows = []
    for name, data in files.items():
        found = read_labels(data, trust_anchors_pem)
        rows.append(
            (
                name,
                found["camera"] or nothing,
                found["generator"] or nothing,
                found["source_type"] or nothing,
                state_label(found["credentials"], lang),
            )
        )
    headers = [WORDS[k].get(lang) for k in ("file", "camera", "generator", "source_type", "state")]
    return Table(headers, rows)


def credentials_table(files: Mapping[str, bytes], lang: str = "en", trust_anchors_pem: str | None = None) -> Table:
    """One row per file: its size, its Content Credentials state, what the credentials
    declare and who signed them."""
    from .source_types import lookup

    nothing = WORDS["nothing"].get(lang)
    rows = []
    for name, data in files.items():
        found = read_labels(data, trust_anchors_pem)
        declared = [lookup(t) for t in found["declared"]]
        says = "; ".join(d.label.get(lang) for d in declared if d is not None) or nothing
        rows.append(
            (name, len(data), state_label(found["credentials"], lang), says, signer_name(found["signer"], lang))
        )
    headers = [WORDS[k].get(lang) for k in ("file", "bytes", "state", "declares", "signer")]
    return Table(headers, rows)


def survival_table(
    rows: Sequence[Any],
    lang: str = "en",
    signals: Sequence[str] = ("credentials", "source_type", "generator", "camera"),
) -> Table:
    """The rows of :func:`looktwice.survival.survival` as a table: one line per copy, one
    column per signal (✔ present, ✗ gone, with what was read)."""
    from .survival import SIGNALS

    out = []
    for row in rows:
        cells = []
        for key in signals:
            signal = row.signals[key]
            detail = state_label(signal.detail, lang) if key == "credentials" else signal.detail
            cells.append(f"{'✔' if signal.present else '✗'} {detail}".strip())
        out.append((row.label.get(lang), f"{row.width}×{row.height}", row.file_bytes, *cells))
    headers = [WORDS["copy"].get(lang), WORDS["size"].get(lang), WORDS["bytes"].get(lang)]
    headers += [(WORDS["state"] if key == "credentials" else SIGNALS[key]).get(lang) for key in signals]
    return Table(headers, out)


# --------------------------------------------------------------------------- making pictures


def drawn_picture(width: int = 480, height: int = 320) -> bytes:
    """A picture drawn by code (sky, sun, mountains, lake) as PNG bytes: no camera and no AI
    made it, which is what a lesson needs to show a false "camera" label. Always the same."""
    y = np.linspace(0.0, 1.0, height)[:, None, None]
    top, bottom = np.array([40, 60, 140.0]), np.array([250, 170, 110.0])
    sky = (top * (1 - y) + bottom * y) * np.ones((1, width, 1))
    image = Image.fromarray(sky.astype(np.uint8), "RGB")
    draw = ImageDraw.Draw(image)
    sun = (int(width * 0.68), int(height * 0.42), int(height * 0.12))
    draw.ellipse((sun[0] - sun[2], sun[1] - sun[2], sun[0] + sun[2], sun[1] + sun[2]), fill=(255, 214, 120))
    far = [
        (0, int(height * 0.62)),
        (int(width * 0.22), int(height * 0.38)),
        (int(width * 0.45), int(height * 0.6)),
        (int(width * 0.7), int(height * 0.33)),
        (width, int(height * 0.58)),
        (width, height),
        (0, height),
    ]
    draw.polygon(far, fill=(92, 84, 120))
    near = [
        (0, int(height * 0.78)),
        (int(width * 0.3), int(height * 0.55)),
        (int(width * 0.55), int(height * 0.75)),
        (int(width * 0.85), int(height * 0.6)),
        (width, int(height * 0.7)),
        (width, height),
        (0, height),
    ]
    draw.polygon(near, fill=(52, 70, 82))
    draw.rectangle((0, int(height * 0.86), width, height), fill=(70, 110, 150))
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue()


def resave_table(signed: bytes, compress_level: int, lang: str = "en", trust_anchors_pem: str | None = None) -> Table:
    """One row comparing a signed PNG with its lossless re-save at ``compress_level``: bytes,
    pixels changed, Content Credentials state (what the lesson's slider shows)."""
    copy = lossless_resave(signed, compress_level)
    state = read_labels(copy, trust_anchors_pem)["credentials"]
    headers = [WORDS[k].get(lang) for k in ("level", "bytes", "changed", "state")]
    return Table(headers, [(compress_level, len(copy), changed_pixels(signed, copy), state_label(state, lang))])


def changed_pixels(before: bytes | Image.Image, after: bytes | Image.Image) -> int:
    """How many pixels differ between two pictures of the same size (any channel)."""
    a = np.asarray(_open(before).convert("RGBA"), dtype=np.int16)
    b = np.asarray(_open(after).convert("RGBA"), dtype=np.int16)
    if a.shape != b.shape:
        raise ValueError(f"the pictures differ in size: {a.shape[1]}×{a.shape[0]} and {b.shape[1]}×{b.shape[0]}")
    return int(np.count_nonzero(np.any(a != b, axis=2)))


class Tables:
    """Several tables (or anything with ``_repr_html_``) shown one under the other by a single
    notebook cell; in a terminal, their texts separated by a blank line."""

    def __init__(self, *tables: Any) -> None:
        self.tables = tables

    def _repr_html_(self) -> str:
        return "".join(t._repr_html_() for t in self.tables)

    def __repr__(self) -> str:
        return "\n\n".join(repr(t) for t in self.tables)
