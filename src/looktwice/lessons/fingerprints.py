"""Lesson 4, "Frequency fingerprints": spectra of real and generated pictures, where their dots
come from, and how often the spectral clue actually tells them apart.

Every number a cell shows is computed here with the kit's spectrum analysis
(:mod:`looktwice.analyses.spectrum`) on the pictures in front of it:

* :func:`spectra` shows pictures next to their spectra, each with its credit and licence line;
  :func:`spectrum_table` gives each one's periodic-peak score and whether the kit's spectral
  hint (``spectrum.periodic``) appears;
* :func:`family_picks` chooses one example per generator family from the example pack, by a
  fixed rule (the first by name whose licence is clear and that shows no person);
* :func:`measure` runs the spectrum analysis on a sample of labelled images, as published and
  after the evaluation's plain re-save (:data:`looktwice.evaluation.CONDITIONS`), from the
  example pack when it is downloaded, else from the kit's built-in photos and specimens;
  :func:`family_table` and :func:`threshold_table` show the rates.

The upsampling lab itself is :mod:`looktwice.lab.upsampling` (needs torch, the ``lab`` extra);
:func:`upsampling_lab` runs it, and without torch the lesson shows the kit's two shipped
generators, which differ in the same way.

>>> from looktwice.lessons import fingerprints
>>> [name for name, _ in fingerprints.kit_specimens()]
['kit-transposed-texture-1', 'kit-resize-texture-1']
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..teaching import Gallery, Table, credit_line
from ..text import Text

#: The hint code of the spectrum analysis, as the track record and the evaluation name it.
HINT = "spectrum.periodic"

#: Generator families the lesson shows, one picture each, oldest first.
FAMILIES: tuple[str, ...] = ("biggan", "latent-diffusion", "stable-diffusion-1", "sdxl", "stable-diffusion-3", "flux")

WORDS: dict[str, Text] = {
    "picture": Text("picture", "image"),
    "family": Text("family", "famille"),
    "score": Text("periodic-peak score", "score de pics périodiques"),
    "dots": Text("dots", "points"),
    "hint": Text("the kit's spectral hint", "indice spectral du kit"),
    "yes": Text("yes", "oui"),
    "no": Text("no", "non"),
    "images": Text("images", "images"),
    "published": Text("as published", "telles que publiées"),
    "resaved": Text("after a plain re-save", "après un simple réenregistrement"),
    "real": Text("real photos", "vraies photos"),
    "generated": Text("generated images", "images générées"),
    "threshold": Text("score from", "score à partir de"),
    "spectrum_of": Text("Spectrum of the picture on its left. ", "Spectre de l’image à sa gauche. "),
    "credit": Text("Credit and licence: ", "Crédit et licence\u00a0: "),
    "camera": Text("camera photos", "photos d’appareil"),
    "above": Text("score at or above", "score égal ou supérieur à"),
    "sample": Text("measured here", "mesurées ici"),
    "source_pack": Text("the example pack's images", "les images du paquet d’exemples"),
    "hint_published": Text("spectral hint, files as published", "indice spectral, fichiers tels que publiés"),
    "hint_resaved": Text("spectral hint, after a plain re-save", "indice spectral, après un simple réenregistrement"),
    "source_builtins": Text(
        "the kit's built-in photos and its own generated specimens",
        "les photos intégrées du kit et ses propres images générées",
    ),
}

#: Said where the example pack is needed and not downloaded.
PACK_MISSING = Text(
    "The example pack is not on this computer, so this part uses only the kit's own pictures. "
    "Your teacher can download it once with `looktwice examples download`.",
    "Le paquet d’exemples n’est pas sur cet ordinateur\u00a0: cette partie n’utilise donc que les "
    "images du kit. Votre enseignant peut le télécharger une fois avec "
    "`looktwice examples download`.",
)


@functools.lru_cache(maxsize=64)
def _spectrum(data: bytes):
    """The kit's spectrum analysis of a file (kept for the pictures a lesson shows twice)."""
    from ..analyses import spectrum
    from ..image_file import open_specimen

    return spectrum.analyse(open_specimen(data))


def _yes_no(value: bool, lang: str) -> str:
    return WORDS["yes" if value else "no"].get(lang)


def _decimal(value: float, lang: str, places: int = 1) -> str:
    text = f"{value:,.{places}f}"
    return text.replace(",", "\u202f").replace(".", ",") if lang == "fr" else text


# --------------------------------------------------------------------------- pictures


def kit_specimens() -> list[tuple[str, bytes]]:
    """The kit's own generated textures, one per generator (transposed convolutions first, then
    resize-convolution), as (example name, PNG bytes). They ship with the kit: no download."""
    from .. import examples

    names = ["kit-transposed-texture-1", "kit-resize-texture-1"]
    return [(name, examples.load_example_bytes(name)[0]) for name in names]


def pack_ready(families: Sequence[str] = FAMILIES) -> bool:
    """Whether the example pack is downloaded: every picture :func:`family_picks` needs is here."""
    from .. import examples

    try:
        return all(examples.is_available(e.name) for e in _picks(families))
    except Exception:
        return False


def _picks(families: Sequence[str]) -> list:
    from .. import examples

    chosen = []
    for family in ("camera", *families):
        candidates = sorted(
            (
                e
                for e in examples.list_examples(family=family)
                if e.origin == "pack"
                and e.license_status == "clear"
                and e.person_present == "no"
                and min(e.width, e.height) >= 256
            ),
            key=lambda e: e.name,
        )
        if candidates:
            chosen.append(candidates[0])
    return chosen


def pack_status(picks: Sequence[tuple[str, bytes]], lang: str = "en"):
    """A sentence for the lesson: how many pictures the example pack gave (one per family),
    or that the pack is not downloaded and the kit's own pictures stand in."""
    from ..teaching import prose

    if not picks:
        return prose(PACK_MISSING, lang=lang)
    return prose(
        Text(
            f"From the example pack: {len(picks)} pictures, one real photo first, then one "
            "picture per generator family, oldest family first.",
            f"Tirées du paquet d’exemples\u00a0: {len(picks)} images, d’abord une vraie photo, "
            "puis une image par famille de générateurs, de la plus ancienne à la plus "
            "récente.",
        ),
        lang=lang,
    )


def family_picks(families: Sequence[str] = FAMILIES) -> list[tuple[str, bytes]]:
    """One real photo and one picture per generator family from the example pack, as (example
    name, bytes): for each, the first by name whose licence is clear, that shows no person and
    is at least 256 pixels each way. Empty when the pack is not downloaded."""
    from .. import examples

    if not pack_ready(families):
        return []
    return [(e.name, examples.load_example_bytes(e.name)[0]) for e in _picks(families)]


def _family_label(name: str, lang: str) -> str:
    from .. import examples

    try:
        example = examples.get_example(name)
    except Exception:  # a copy the lesson made: no example of that name
        return "—"
    if example.kind == "real":
        return WORDS["camera"].get(lang)
    return family_name(getattr(example, "family", "") or example.generator, lang)


#: How the kit's own generators are named in the lesson's tables (the catalogue names them in
#: English only); pack families keep their identifiers (``stable-diffusion-1``).
KIT_FAMILIES: tuple[tuple[str, Text], ...] = (
    ("transposed", Text("Look Twice kit, transposed convolutions", "kit Look Twice, convolutions transposées")),
    ("resize", Text("Look Twice kit, resize + convolution", "kit Look Twice, agrandir + convolution")),
    ("look twice", Text("Look Twice kit, labelled copies", "kit Look Twice, copies étiquetées")),
)


def family_name(family: str, lang: str = "en") -> str:
    """A generator family as the lesson shows it: the kit's own generators in the lesson's
    language, the example pack's families by their identifier."""
    lowered = family.lower()
    if "look twice" in lowered:
        for key, name in KIT_FAMILIES:
            if key in lowered:
                return name.get(lang)
    return family


def spectra(pictures: Sequence[tuple[str, bytes]], lang: str = "en", width: int = 200) -> Gallery:
    """Each picture (example name, bytes) next to its spectrum, with the dots the kit counts
    circled; every caption carries the example's credit and licence line."""
    images, captions = [], []
    for name, data in pictures:
        credit = WORDS["credit"].get(lang) + credit_line(name, lang)
        images += [data, _spectrum(data).picture()]
        captions += [credit, WORDS["spectrum_of"].get(lang) + credit]
    return Gallery(images, captions, width=width)


def spectrum_table(pictures: Sequence[tuple[str, bytes]], lang: str = "en") -> Table:
    """One row per picture: its family, periodic-peak score, number of dots and whether the
    kit's spectral hint appears."""
    rows = []
    for name, data in pictures:
        result = _spectrum(data)
        fired = any(f.code == HINT for f in result.findings)
        rows.append(
            (name, _family_label(name, lang), _decimal(result.score, lang), len(result.peaks), _yes_no(fired, lang))
        )
    headers = [WORDS[k].get(lang) for k in ("picture", "family", "score", "dots", "hint")]
    return Table(headers, rows)


def upsampling_lab(count: int = 4) -> list | None:
    """The upsampling lab's results (:func:`looktwice.lab.upsampling.run_lab` on ``count``
    patches), or None when torch (the ``lab`` extra) is not installed: the lesson then shows the
    kit's two shipped generators instead, which differ in the same way."""
    try:
        from ..lab import upsampling
    except ImportError:
        return None
    return upsampling.run_lab(count=count)


#: Said when the lab cannot run on this computer.
NO_LAB = Text(
    'The upsampling lab needs torch (`pip install "looktwice[lab]"`), which this computer does '
    "not have. Here instead are the kit's two little generators: the same network, enlarging with "
    "transposed convolutions or by resizing then convolving.",
    'Le labo d’agrandissement a besoin de torch (`pip install "looktwice[lab]"`), absent de cet '
    "ordinateur. Voici à la place les deux petits générateurs du kit\u00a0: le même réseau, qui "
    "agrandit par convolutions transposées ou en redimensionnant puis en convoluant.",
)


def lab_caption(lang: str = "en") -> str:
    """Where the upsampling lab's picture comes from, with its licence."""
    from ..lab.upsampling import EXPLANATION

    made = Text(
        "Computed by the kit's upsampling lab (looktwice.lab.upsampling) from patches of "
        "scikit-image's photos. Licence: CC0. ",
        "Calculée par le labo d’agrandissement du kit (looktwice.lab.upsampling) à partir "
        "de morceaux des photos de scikit-image. Licence\u00a0: CC0. ",
    )
    return made.get(lang) + EXPLANATION.get(lang)


def lab_view(results: Sequence | None, lang: str = "en"):
    """The upsampling lab's picture (:func:`looktwice.lab.upsampling.lab_picture`) with its
    caption; without the lab (``results`` is None), a note and the spectra of the kit's two
    shipped generators."""
    if results is None:
        from IPython.display import Markdown, display

        display(Markdown(NO_LAB.get(lang)))
        return spectra(kit_specimens(), lang)
    from ..lab.upsampling import lab_picture

    return Gallery([lab_picture(list(results), lang)], [lab_caption(lang)], width=900)


def lab_scores(results: Sequence | None, lang: str = "en") -> Table:
    """The lab's methods with their periodic-peak score and number of dots (without the lab,
    the kit's two generators, named by how they enlarge)."""
    if results is None:
        rows = []
        for name, data in kit_specimens():
            result = _spectrum(data)
            rows.append((_family_label(name, lang), _decimal(result.score, lang), len(result.peaks)))
    else:
        rows = [(r.method.name.get(lang), _decimal(r.score, lang), len(r.peaks)) for r in results]
    return Table([Text("method", "méthode").get(lang), WORDS["score"].get(lang), WORDS["dots"].get(lang)], rows)


# --------------------------------------------------------------------------- measuring


@dataclass(frozen=True)
class Measured:
    """The spectrum analysis of one labelled image under one condition."""

    name: str
    label: str  # "real" or "generated"
    family: str
    condition: str
    score: float
    hint: bool


@dataclass
class Sample:
    """What :func:`measure` found: every measurement, and where the images came from."""

    source: str  # "pack" or "builtins"
    measured: list[Measured]

    def images(self, label: str) -> int:
        return len({m.name for m in self.measured if m.label == label})


def _sample(images: list, per_family: int, real: int) -> list:
    by_family: dict[str, list] = {}
    for image in sorted(images, key=lambda i: i.name):
        key = "real" if image.label == "real" else image.family
        by_family.setdefault(key, []).append(image)
    chosen = []
    for key, members in sorted(by_family.items()):
        chosen += members[: real if key == "real" else per_family]
    return chosen


def measure(
    per_family: int = 2, real: int = 10, conditions: Sequence[str] = ("published", "resaved"), source: str | None = None
) -> Sample:
    """Run the spectrum analysis on a sample of labelled images under each condition.

    The sample is the first ``per_family`` images (by name) of each generator family and the
    first ``real`` real photos, from the example pack with the kit's built-in photos when the
    pack is downloaded (``source="pack"``), else from the built-in photos and the kit's own
    specimens (``"builtins"``). Conditions are those of :data:`looktwice.evaluation.CONDITIONS`
    (``"resaved"`` is a JPEG re-save with no labels, the same for every image).
    """
    from ..evaluation import CONDITIONS, load_source

    if source is None:
        source = "pack" if pack_ready() else "builtins"
    images, _skipped = load_source(source)
    measured = []
    for image in _sample(images, per_family, real):
        data = image.read()
        for condition in conditions:
            result = _spectrum.__wrapped__(CONDITIONS[condition].apply(data))
            measured.append(
                Measured(
                    image.name,
                    image.label,
                    image.family,
                    condition,
                    float(result.score),
                    any(f.code == HINT for f in result.findings),
                )
            )
    return Sample(source, measured)


def _rate(items: list[Measured], test) -> str:
    return f"{sum(1 for m in items if test(m))} / {len(items)}"


def family_table(sample: Sample, lang: str = "en") -> Table:
    """One row per generator family, and one for real photos: how many images were measured,
    and on how many the kit's spectral hint appeared, as published and after a re-save."""
    groups: dict[str, list[Measured]] = {}
    for m in sample.measured:
        groups.setdefault(WORDS["real"].get(lang) if m.label == "real" else family_name(m.family, lang), []).append(m)
    rows = []
    real_key = WORDS["real"].get(lang)
    for key in [real_key] + sorted(k for k in groups if k != real_key):
        items = groups.get(key, [])
        if not items:
            continue
        published = [m for m in items if m.condition == "published"]
        resaved = [m for m in items if m.condition == "resaved"]
        rows.append((key, len(published), _rate(published, lambda m: m.hint), _rate(resaved, lambda m: m.hint)))
    headers = [WORDS[k].get(lang) for k in ("family", "images", "hint_published", "hint_resaved")]
    return Table(headers, rows)


def threshold_table(sample: Sample, threshold: float, lang: str = "en") -> Table:
    """How many real photos and generated images have a periodic-peak score at or above
    ``threshold``, as published and after a re-save (what the lesson's slider shows)."""
    rows = []
    for condition in ("published", "resaved"):
        items = [m for m in sample.measured if m.condition == condition]
        if not items:
            continue
        real = [m for m in items if m.label == "real"]
        generated = [m for m in items if m.label == "generated"]
        rows.append(
            (
                WORDS[condition].get(lang),
                _rate(real, lambda m: m.score >= threshold),
                _rate(generated, lambda m: m.score >= threshold),
            )
        )
    above = f"{WORDS['above'].get(lang)} {threshold:g}"
    headers = [above, WORDS["real"].get(lang), WORDS["generated"].get(lang)]
    return Table(headers, rows)


def sample_note(sample: Sample, lang: str = "en") -> str:
    """Which images the sample came from and how many of each kind, in a sentence."""
    where = WORDS["source_pack" if sample.source == "pack" else "source_builtins"].get(lang)
    real, generated = sample.images("real"), sample.images("generated")
    return Text(
        f"Measured here on {real} real photos and {generated} generated images from {where}.",
        f"Mesuré ici sur {real} vraies photos et {generated} images générées (source\u00a0: {where}).",
    ).get(lang)


def scores(sample: Sample, label: str, condition: str) -> np.ndarray:
    """The periodic-peak scores of one side (``"real"`` or ``"generated"``) under a condition."""
    return np.array([m.score for m in sample.measured if m.label == label and m.condition == condition])
