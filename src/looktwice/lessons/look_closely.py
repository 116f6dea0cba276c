"""Lesson 1, "Look closely": the visible tells of generated images, category by category.

Every picture comes from the kit's example pack (``looktwice examples download``) or ships with
the kit, and every tell shown is one of the pack's tell records
(:attr:`looktwice.examples.Example.tell_records`): its box, its note and, for a tell that
current generators no longer show, the year it expired. Nothing here is typed in by the lesson:
the cells call these functions, which read the catalogue.

When the pack is not on the computer, each function says so in the lesson's language (and how
to get it) instead of failing, and shows the kit's built-in photos where it can.

>>> from looktwice.lessons import look_closely
>>> look_closely.VISIBLE
('text', 'hands', 'reflection', 'physics', 'background', 'texture')
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from PIL import Image

from ..text import Text

#: The six categories of tells that can be seen in the pixels, in the order the lesson shows them.
VISIBLE: tuple[str, ...] = ("text", "hands", "reflection", "physics", "background", "texture")

#: The categories by name, for the lesson's cells (``"text"`` is also the alias of a built-in
#: photo, so cells name categories through these).
TEXT, HANDS, REFLECTION, PHYSICS, BACKGROUND, TEXTURE = VISIBLE

#: For each category, generated pictures whose tell record of that category the lesson shows,
#: in order of preference: an old generator's tell first, then a recent generator's.
GENERATED: dict[str, tuple[str, ...]] = {
    "text": ("gen_ldm_sign_misspelled", "gen_flux_schnell_vegetable_text"),
    "hands": ("gen_sd14_water_horse_rider", "gen_cosmos_dough_hands"),
    "reflection": ("gen_biggan_butterfly", "gen_lcm_sdxl_bottle_sunset"),
    "physics": ("gen_sd14_fire_forest", "gen_sd15_inpaint_cat_yosemite"),
    "background": ("gen_stylegan2_church", "gen_sd35_fox_snow_sculpture"),
    "texture": ("gen_biggan_dogball", "gen_sd3_snow_bottle"),
}


@dataclass(frozen=True)
class RealMatch:
    """A real photo of the same kind as a category's tells, and where to look in it."""

    name: str
    box: tuple[int, int, int, int] | None
    note: Text


#: A real photo beside each category. Boxes are in the photo's pixels, checked by eye; ``None``
#: shows the whole photo. The two Kodak photos with a tell record use that record's box.
REAL: dict[str, RealMatch] = {
    "text": RealMatch(
        "real_kodak_timbered_houses_signs",
        None,
        Text(
            "Real lettering on a shop sign: every letter is whole and the words can be read.",
            "De vraies lettres sur une enseigne : chaque lettre est entière et les mots se lisent.",
        ),
    ),
    "hands": RealMatch(
        "chelsea",
        None,
        Text(
            "A real cat: two matching eyes, whiskers that start in the muzzle, fur that follows the head.",
            "Une vraie chatte : deux yeux pareils, des moustaches qui partent du museau, un pelage qui "
            "suit la forme de la tête.",
        ),
    ),
    "reflection": RealMatch(
        "real_kodak_barn_pond_reflection",
        None,
        Text(
            "A real reflection: the barn in the water lines up with the barn above.",
            "Un vrai reflet : la grange dans l’eau est bien alignée avec celle du dessus.",
        ),
    ),
    "physics": RealMatch(
        "real_kodak_hats_shadows",
        None,
        Text(
            "Real light: every hat casts its shadow on the same side, as the sun is in one place.",
            "Une vraie lumière : chaque chapeau projette son ombre du même côté, car le soleil est à un seul endroit.",
        ),
    ),
    "background": RealMatch(
        "real_kodak_lighthouse_fence",
        None,
        Text(
            "Real straight lines: the fence and the lighthouse's edges stay straight and end where they should.",
            "De vraies lignes droites : la clôture et les bords du phare restent droits et s’arrêtent là où il faut.",
        ),
    ),
    "texture": RealMatch(
        "real_grass_texture",
        None,
        Text(
            "Real grass: every blade is different, nothing repeats like a pattern.",
            "Une vraie herbe : chaque brin est différent, rien ne se répète comme un motif.",
        ),
    ),
}

#: The picture of the "spot it" activity and of the magnifier, and the two of Exercise A.
SPOT_IT = "gen_sd14_red_cube_signature"
EXERCISE = ("gen_sd1_drink_bubbles", "gen_sd2_castles")
#: The real photo set beside the generated pictures with no visible tell.
CLEAN_REAL = "real_kodak_sailboat_sea"

WORDS: dict[str, Text] = {
    "missing": Text(
        "The example pack is not on this computer, so this cell has nothing to show. Ask your "
        "teacher: `looktwice examples download` (or a school mirror) brings it, once.",
        "Le pack d’exemples n’est pas sur cet ordinateur : cette cellule n’a rien à montrer. "
        "Demandez à votre enseignant·e : `looktwice examples download` (ou le miroir de "
        "l’établissement) l’installe, une fois pour toutes.",
    ),
    "pack": Text(
        "Pictures of the example pack on this computer: {n} of {total}.",
        "Images du pack d’exemples présentes sur cet ordinateur : {n} sur {total}.",
    ),
    "generated": Text("Generated", "Générée"),
    "real": Text("Real photo", "Vraie photo"),
    "expired": Text("mostly gone since {year}", "presque disparu depuis {year}"),
    "current": Text("still seen", "encore visible"),
    "picture": Text("picture", "image"),
    "generator": Text("generator", "générateur"),
    "category": Text("kind of tell", "type d’indice"),
    "note": Text("what to look at", "ce qu’il faut regarder"),
    "since": Text("expired since", "disparu depuis"),
    "tells": Text("expired tells", "indices disparus"),
    "year": Text("year", "année"),
    "zoom": Text("zoom", "zoom"),
    "number": Text("picture number", "image n°"),
    "study": Text("study", "étude"),
    "figure": Text("figure", "chiffre"),
    "measured": Text("what was measured", "ce qui a été mesuré"),
    "later": Text(
        "real or generated, credit and licence: shown when you press Check",
        "vraie ou générée, crédit et licence : affichés quand vous appuyez sur Vérifier",
    ),
    "truth": Text("real or generated", "vraie ou générée"),
    "credit": Text("credit and licence", "crédit et licence"),
    "nothing": Text("a camera photo", "une photo prise avec un appareil"),
    "key": Text("key", "clé"),
    "where": Text(
        "Where do you see something wrong? Write it down, then check.",
        "Où voyez-vous quelque chose qui cloche ? Notez-le, puis vérifiez.",
    ),
}


# ----------------------------------------------------------------------------- catalogue


def _example(name: str):
    from ..examples import get_example

    return get_example(name)


def available(name: str) -> bool:
    """Whether the example ``name`` can be loaded now, without network."""
    from ..examples import is_available

    return is_available(name)


def record(name: str, category: str):
    """The tell record of category ``category`` of example ``name`` (``LookupError`` if none)."""
    for found in _example(name).tell_records:
        if found.category == category:
            return found
    raise LookupError(f"{name} has no {category} tell record")


def caption(name: str, lang: str, note: Text | None = None) -> str:
    """A picture's caption: generated or real, what to look at, and its credit and licence."""
    example = _example(name)
    kind = WORDS["generated" if example.kind == "generated" else "real"].get(lang)
    parts = [kind]
    if note is not None:
        parts.append(note.get(lang))
    parts.append(example.credit_line(lang))
    return " · ".join(parts)


def _missing(lang: str):
    from ..teaching import prose

    return prose(WORDS["missing"], lang=lang)


def pack_status(lang: str = "en"):
    """How many pictures of the example pack are on this computer, as a sentence."""
    from ..examples import list_examples
    from ..teaching import prose

    pack = list_examples(origin="pack")
    here = sum(available(e.name) for e in pack)
    text = WORDS["pack"].get(lang).format(n=here, total=len(pack))
    return prose(text + ("" if here else " " + WORDS["missing"].get(lang)), lang=lang)


def closeup(name: str, category: str, size: int = 320) -> Image.Image:
    """The zoomed crop of an example's tell of ``category``, box drawn
    (:func:`looktwice.examples.tell_closeup`)."""
    from ..examples import tell_closeup

    return tell_closeup(name, record(name, category), size=size)


def _real_picture(match: RealMatch, category: str, size: int) -> Image.Image:
    from ..examples import load_example, tell_closeup

    try:
        return tell_closeup(match.name, record(match.name, category), size=size)
    except LookupError:
        image = load_example(match.name).convert("RGB")
        image.thumbnail((size, size))
        return image


def shown_records(category: str) -> list[tuple[str, str]]:
    """The (example, category) pairs whose boxes the category's comparison shows."""
    return [(name, category) for name in GENERATED[category]]


# ----------------------------------------------------------------------------- what cells show


def compare(category: str, lang: str = "en", size: int = 300):
    """A category's tells: the close-ups of its generated pictures (an old generator's, then a
    recent one's), each with its note and whether it expired, beside a real photo of the same
    kind. Needs the example pack for the generated pictures."""
    from ..teaching import prose, show

    images, captions = [], []
    for name in GENERATED[category]:
        if not available(name):
            continue
        found = record(name, category)
        status = (
            WORDS["expired"].get(lang).format(year=found.expired_since) if found.expired else WORDS["current"].get(lang)
        )
        images.append(closeup(name, category, size))
        captions.append(f"{caption(name, lang, found.note)} · {status}")
    match = REAL[category]
    if available(match.name):
        images.append(_real_picture(match, category, size))
        captions.append(caption(match.name, lang, match.note))
    if not images:
        return _missing(lang)
    from ..tell_categories import lookup

    kind = lookup(category)
    title = prose(f"**{kind.label.get(lang)}**: {kind.explanation.get(lang)}", lang=lang)
    from IPython.display import display

    display(title)
    if len(images) == 1:
        display(_missing(lang))
    return show(images, captions, width=size)


def whole(name: str, lang: str = "en", width: int = 420):
    """An example's whole picture, captioned with its kind and credit but no hint of its tell."""
    from ..examples import load_example
    from ..teaching import show

    if not available(name):
        return _missing(lang)
    return show([load_example(name)], [caption(name, lang)], width=width)


def reveal(name: str, lang: str = "en", size: int = 360):
    """Every visible tell of an example: its close-ups with their notes (what a "spot it"
    activity reveals once the pupil has written where they looked)."""
    from ..teaching import show
    from ..tell_categories import lookup

    if not available(name):
        return _missing(lang)
    records = [r for r in _example(name).tell_records if r.box is not None]
    images = [closeup(name, r.category, size) for r in records]
    captions = [
        f"{lookup(r.category).label.get(lang)}: {r.note.get(lang)} · {_example(name).credit_line(lang)}"
        for r in records
    ]
    return show(images, captions, width=size)


def zoomed(name: str, zoom: int, category: str | None = None, size: int = 360) -> Image.Image:
    """The picture enlarged ``zoom`` times (``zoom=1``: the whole picture), around the centre
    of its tell of ``category`` when given, else around the picture's centre. No box is drawn,
    so the pupil still has to find the tell."""
    from ..examples import load_example

    image = load_example(name).convert("RGB")
    if category is None:
        cx, cy = image.width / 2, image.height / 2
    else:
        box = record(name, category).box
        cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    w, h = image.width / zoom, image.height / zoom
    left = min(max(0, cx - w / 2), image.width - w)
    top = min(max(0, cy - h / 2), image.height - h)
    crop = image.crop((round(left), round(top), round(left + w), round(top + h)))
    scale = size / max(crop.size)
    resample = Image.Resampling.NEAREST if scale >= 3 else Image.Resampling.LANCZOS
    return crop.resize((max(1, round(crop.width * scale)), max(1, round(crop.height * scale))), resample)


def magnify(name: str, zoom: int, lang: str = "en", category: str | None = None, size: int = 360):
    """:func:`zoomed` as a captioned picture (kind, credit and licence)."""
    from ..teaching import show

    if not available(name):
        return _missing(lang)
    return show([zoomed(name, zoom, category, size)], [caption(name, lang)], width=size)


def magnifier(name: str, lang: str = "en", category: str | None = None, high: int = 8, size: int = 360):
    """A magnifier for a notebook: a zoom slider from 1 to ``high`` and the picture it enlarges
    (:func:`zoomed`), captioned with its credit and licence. The picture is an image widget
    that the slider redraws; where widgets cannot display, the whole picture is shown."""
    import io

    from .activities import Shown, _widgets

    start = magnify(name, 1, lang, category, size)
    if not available(name):
        return start
    label = f"{WORDS['zoom'].get(lang)} = 1"
    text = f"{label}\n{start!r}"
    page = f"<p><b>{html.escape(label)}</b></p>{start._repr_html_()}"
    w = _widgets()
    widget = None
    if w is not None:

        def png(zoom: int) -> bytes:
            buffer = io.BytesIO()
            zoomed(name, zoom, category, size).save(buffer, "PNG")
            return buffer.getvalue()

        picture = w.Image(value=png(1), format="png")
        control = w.IntSlider(
            value=1,
            min=1,
            max=high,
            description=WORDS["zoom"].get(lang),
            continuous_update=False,
            layout=w.Layout(width="32em"),
        )
        control.observe(lambda change: setattr(picture, "value", png(change["new"])), names="value")
        credit = w.HTML(f"<small>{html.escape(caption(name, lang))}</small>")
        widget = w.VBox([control, picture, credit])
    return Shown(widget, text, page)


def mystery(lang: str = "en", size: int = 320):
    """The close-up of a tell whose category the pupil names (the fill-in of the lesson),
    captioned without its category or note."""
    from ..teaching import show

    name, category = MYSTERY
    if not available(name):
        return _missing(lang)
    return show([closeup(name, category, size)], [_example(name).credit_line(lang)], width=size)


#: The tell of the "which category?" fill-in.
MYSTERY = ("gen_cosxl_edit_snow_meadow", "texture")


def clean_names(limit: int = 3) -> list[str]:
    """Generated pictures whose only tell record in the pixels is ``none`` (no visible tell),
    with no person in them, and a real photo set among them (second place)."""
    from ..examples import list_examples

    found = [
        e.name for e in list_examples("generated", category="none") if e.person_present == "no" and available(e.name)
    ][:limit]
    if found and available(CLEAN_REAL):
        found.insert(1, CLEAN_REAL)
    return found


def no_visible_tell(lang: str = "en", width: int = 240):
    """:func:`clean_names`' pictures, lettered and cropped to the same square, captioned
    without their kind or credit (they come with :func:`clean_reveal`)."""
    from ..examples import load_example
    from ..teaching import show
    from .warmup import square

    names = clean_names()
    if not names:
        return _missing(lang)
    captions = [f"{letter} · {WORDS['later'].get(lang)}" for letter, _ in zip("ABCDEF", names)]
    return show([square(load_example(n)) for n in names], captions, width=width)


def clean_reveal(lang: str = "en"):
    """What :func:`no_visible_tell` hid: for each picture, real or generated, what its tell
    record says, and its credit and licence."""
    from ..teaching import Table

    rows = []
    for letter, name in zip("ABCDEF", clean_names()):
        example = _example(name)
        kind = WORDS["generated" if example.kind == "generated" else "real"].get(lang)
        notes = [r.note.get(lang) for r in example.tell_records if r.category == "none"]
        rows.append((letter, kind, notes[0] if notes else WORDS["nothing"].get(lang), example.credit_line(lang)))
    headers = ["", WORDS["truth"].get(lang), WORDS["note"].get(lang), WORDS["credit"].get(lang)]
    return Table(headers, rows)


def categories_table(lang: str = "en"):
    """The six kinds of visible tell: the key the kit uses, its name and what to look at."""
    from ..teaching import Table
    from ..tell_categories import lookup

    rows = [(key, lookup(key).label.get(lang), lookup(key).explanation.get(lang)) for key in VISIBLE]
    return Table([WORDS["key"].get(lang), WORDS["category"].get(lang), WORDS["note"].get(lang)], rows)


def context_demo(lang: str = "en"):
    """A picture with no visible tell, as its maker could publish it (signed by the classroom
    as made by generative AI), and a screenshot of it: what the file says, and what a copy
    loses. Uses the kit's drawn picture when the pack is missing."""
    from ..teaching import credentials_table, drawn_picture
    from ..writers import launder, signing

    names = [n for n in clean_names() if _example(n).kind == "generated"]
    if names:
        from ..examples import load_example_bytes

        original, title, term = load_example_bytes(names[0])[0], f"{names[0]}.png", "trainedAlgorithmicMedia"
    else:
        original, title, term = drawn_picture(), "mountains.png", "algorithmicMedia"
    signed = signing.sign_image(original, title=title, digital_source_type=term)
    copies = {title: original, f"signed-{title}": signed, f"screenshot-{title}": launder.screenshot(signed)}
    return credentials_table(copies, lang, trust_anchors_pem=signing.trust_anchor_pem())


def expired_records():
    """Every tell record of the kit that current generators mostly no longer show, oldest
    expiry first: (example, record) pairs."""
    from ..examples import list_examples

    pairs = [(e, r) for e in list_examples("generated") for r in e.tell_records if r.expired]
    return sorted(pairs, key=lambda p: (p[1].expired_since, p[0].name))


#: Short names of the generator families whose tells expired (proper names, the same in every
#: language; the catalogue's ``generator`` column is a longer English description).
FAMILY_NAMES: dict[str, str] = {
    "biggan": "BigGAN",
    "stylegan2": "StyleGAN2",
    "vqgan": "VQGAN",
    "latent-diffusion": "Latent Diffusion",
    "stable-diffusion-1": "Stable Diffusion 1.x",
    "stable-diffusion-2": "Stable Diffusion 2.x",
    "sd-vae": "Stable Diffusion VAE",
}


def generator_name(example) -> str:
    """A generated example's generator, as a short proper name."""
    return FAMILY_NAMES.get(example.family, example.family)


def expired_table(lang: str = "en"):
    """The expired tells as a table: picture, generator, kind of tell, what to look at, and the
    year from which current generators mostly no longer show it."""
    from ..teaching import Table
    from ..tell_categories import lookup

    rows = [
        (e.name, generator_name(e), lookup(r.category).label.get(lang), r.note.get(lang), r.expired_since)
        for e, r in expired_records()
    ]
    headers = [WORDS[k].get(lang) for k in ("picture", "generator", "category", "note", "since")]
    return Table(headers, rows)


def expired_by_year(lang: str = "en"):
    """How many of the kit's recorded tells expired in each year, counted from the records."""
    from collections import Counter

    from ..teaching import Table

    counts = Counter(r.expired_since for _, r in expired_records())
    return Table([WORDS["year"].get(lang), WORDS["tells"].get(lang)], sorted(counts.items()))


def expired_picks(limit: int = 4) -> list:
    """The expired tells :func:`expired_gallery` shows: one per year and kind, with a box, no
    person in the picture, on this computer; (example, record) pairs, oldest first."""
    seen, picks = set(), []
    for example, found in expired_records():
        key = (found.expired_since, found.category)
        if key in seen or found.box is None or example.person_present != "no" or not available(example.name):
            continue
        seen.add(key)
        picks.append((example, found))
        if len(picks) == limit:
            break
    return picks


def expired_gallery(lang: str = "en", limit: int = 4, size: int = 220):
    """Close-ups of expired tells (:func:`expired_picks`), captioned with the year they
    expired."""
    from ..teaching import show

    picks = expired_picks(limit)
    if not picks:
        return _missing(lang)
    images = [closeup(example.name, found.category, size) for example, found in picks]
    captions = [
        f"{found.note.get(lang)} · {WORDS['expired'].get(lang).format(year=found.expired_since)} · "
        f"{example.credit_line(lang)}"
        for example, found in picks
    ]
    return show(images, captions, width=size)


def gallery_names(limit: int = 4) -> list[str]:
    """The names :func:`expired_gallery` shows."""
    return [example.name for example, _ in expired_picks(limit)]


# ----------------------------------------------------------------------------- people


@dataclass(frozen=True)
class Study:
    """A published measure of how well people tell generated images from real ones."""

    study: str
    figure: Text
    what: Text


#: From the kit's reference notes (``anchors-and-studies.md`` section 4 and
#: ``updates-2026-11.md`` Q3), checked on 2026-11-28. The studies used different pictures and
#: measures, so each row says what was measured.
STUDIES: tuple[Study, ...] = (
    Study(
        "Frank et al., IEEE S&P 2024",
        Text("below 50%", "moins de 50 %"),
        Text(
            "mean accuracy on images, 3,002 people in the US, Germany and China (2022)",
            "bonnes réponses en moyenne sur des images, 3 002 personnes aux États-Unis, en Allemagne "
            "et en Chine (2022)",
        ),
    ),
    Study(
        "Högemann et al., Front. AI 2025",
        Text("63.7% · 29%", "63,7 % · 29 %"),
        Text(
            "AI images recognised by 104 people (landscapes and interiors); only 29% for FLUX.1-dev",
            "images d’IA reconnues par 104 personnes (paysages et intérieurs) ; seulement 29 % pour FLUX.1-dev",
        ),
    ),
    Study(
        "Pavão et al., arXiv 2025",
        Text("54%", "54 %"),
        Text(
            "right answers of 165 people on Midjourney portraits",
            "bonnes réponses de 165 personnes sur des portraits Midjourney",
        ),
    ),
    Study(
        "Kamali et al., CHI 2025",
        Text("76% · 74%", "76 % · 74 %"),
        Text(
            "AI and real images judged right, 50,444 people (about 750,000 answers)",
            "images d’IA et vraies images bien jugées, 50 444 personnes (environ 750 000 réponses)",
        ),
    ),
    Study(
        "Gray et al., R. Soc. Open Sci. 2025",
        Text("31% → 51%", "31 % → 51 %"),
        Text(
            "fake StyleGAN3 faces spotted before and after a 5-minute training; false alarms on real "
            "faces largely unchanged",
            "faux visages StyleGAN3 repérés avant et après 5 minutes d’entraînement ; fausses alertes "
            "sur les vrais visages presque inchangées",
        ),
    ),
    Study(
        "Kamali et al., arXiv 2026",
        Text("72% → +9 points", "72 % → +9 points"),
        Text(
            "after a 30-minute training (32 analysts); most of the gain came on real images (+14.2 points)",
            "après 30 minutes d’entraînement (32 analystes) ; l’essentiel du gain vient des vraies "
            "images (+14,2 points)",
        ),
    ),
)


def studies_table(lang: str = "en"):
    """The published figures on how well people do, one study a row, with what was measured."""
    from ..teaching import Table

    headers = [WORDS[k].get(lang) for k in ("study", "figure", "measured")]
    return Table(headers, [(s.study, s.figure.get(lang), s.what.get(lang)) for s in STUDIES])


# ----------------------------------------------------------------------------- credits


def names_used() -> list[str]:
    """Every example the lesson shows, for its "Images used" table (only those on this
    computer)."""
    names = [SPOT_IT, *EXERCISE, MYSTERY[0]]
    for category in VISIBLE:
        names += [*GENERATED[category], REAL[category].name]
    names += clean_names() + gallery_names()
    out: list[str] = []
    for name in names:
        example = _example(name).name
        if example not in out and available(example):
            out.append(example)
    return out


def credits_table(lang: str = "en"):
    """The lesson's "Images used" table: every example it showed, with its credit and licence,
    and the kit's drawn picture when the closing section had to use it (no pack)."""
    from ..teaching import credits_table as table

    drawn = not any(_example(n).kind == "generated" for n in clean_names())
    return table(names_used(), lang, drawn=drawn)
