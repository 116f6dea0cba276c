"""Metadata: what the file says about itself.

Cameras write their make, model and settings (EXIF); editors and generators write their name;
some generators write their whole recipe (prompt, seed, model) into PNG text chunks; agencies
and some AI services write an IPTC *digital source type* into XMP. All of it is text anyone
can edit or delete, so it is evidence of what someone *declared*, never proof. The readers for
each kind of metadata live in :mod:`looktwice.meta`; this module weighs what they found.

Privacy: a GPS position is flagged (the file reveals where it was taken) but never shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image

from ..evidence import Finding, Points, Strength
from ..image_file import Specimen
from ..meta.exif import ExifInfo, read_exif
from ..meta.generator_text import GeneratorParams, find_generator_params, names_generator
from ..meta.icc import profile_name
from ..meta.jpeg_tables import QualityEstimate, estimate_quality
from ..meta.xmp import XmpInfo, read_xmp
from ..source_types import SourceType, lookup
from ..text import Text, join
from .base import AnalysisResult

#: Names that, in a Software field, say an editor or converter processed the file.
EDITORS = (
    "photoshop", "lightroom", "gimp", "aftershot", "capture one", "darktable", "rawtherapee",
    "snapseed", "affinity", "pixelmator", "paint.net", "canva", "picsart", "facetune", "luminar",
)  # fmt: skip
#: JPEG quality below which the compression itself erases fine traces.
LOW_QUALITY = 80
_PROMPT_LIMIT = 2000


@dataclass(kw_only=True)
class MetadataResult(AnalysisResult):
    """EXIF, XMP, generator text chunks, JPEG tables and colour profile of the file."""

    name = "metadata"
    format: str
    mode: str
    exif: ExifInfo
    xmp: XmpInfo
    source_type: SourceType | None
    text_keys: list[str]
    generator: GeneratorParams | None
    jpeg: QualityEstimate | None
    icc_profile: str | None

    def data(self) -> dict:
        gen = self.generator
        return {
            "format": self.format,
            "mode": self.mode,
            "exif": {
                "present": self.exif.present,
                "fields": self.exif.fields,
                "camera": self.exif.camera,
                "gps_present": self.exif.gps,
                "broken": self.exif.broken,
            },
            "xmp": {"present": self.xmp.present, "fields": self.xmp.fields},
            "digital_source_type": None
            if self.source_type is None
            else {
                "term": self.source_type.term,
                "uri": self.source_type.uri,
                "label": self.source_type.label.to_dict(),
                "points": self.source_type.points.value,
            },
            "text_keys": self.text_keys,
            "generator": None
            if gen is None
            else {
                "tool": gen.tool,
                "keys": gen.keys,
                "settings": gen.settings,
                "prompt": (gen.prompt or "")[:_PROMPT_LIMIT] or None,
                "negative_prompt": (gen.negative_prompt or "")[:_PROMPT_LIMIT] or None,
            },
            "jpeg": None
            if self.jpeg is None
            else {"quality": self.jpeg.quality, "standard_tables": self.jpeg.exact, "tables": self.jpeg.tables},
            "icc_profile": self.icc_profile,
        }


def text_chunks(opened: Image.Image) -> dict[str, str]:
    """Text stored alongside the pixels (PNG tEXt/zTXt/iTXt, GIF comments...), XMP excluded."""
    found: dict[str, str] = {}
    try:
        chunks = getattr(opened, "text", None) or {}
    except Exception:  # a corrupt compressed chunk
        chunks = {}
    for source in (chunks, opened.info):
        for key, value in source.items():
            if isinstance(value, bytes) and key == "comment":
                value = value.decode("utf-8", "replace")
            if isinstance(value, str) and key not in ("XML:com.adobe.xmp", "xmp"):
                found.setdefault(str(key), value)
    return found


def analyse(specimen: Specimen) -> MetadataResult:
    """Read every kind of metadata and turn what it declares into evidence.

    EXIF (camera, software, dates, GPS presence), XMP and its IPTC digital source type, PNG
    text chunks with generator settings, JPEG quantization tables and the colour profile.

    Parameters
    ----------
    specimen : Specimen
        The image, opened by :func:`looktwice.image_file.open_specimen`.

    Returns
    -------
    MetadataResult
        What each kind of metadata says, and the findings: a declared source type or generator
        settings are *declared* evidence, a camera name only a *hint* (it is easy to write).

    Examples
    --------
    >>> import io
    >>> from PIL import Image
    >>> from looktwice.analyses import metadata
    >>> from looktwice.image_file import open_specimen
    >>> from looktwice.writers.labels import with_generator_parameters
    >>> buf = io.BytesIO()
    >>> Image.new("RGB", (64, 48), "teal").save(buf, "PNG")
    >>> labelled = with_generator_parameters(buf.getvalue(), "a teal card", {"Steps": 20, "Seed": 7})
    >>> result = metadata.analyse(open_specimen(labelled))
    >>> result.generator.prompt, result.generator.settings
    ('a teal card', {'Steps': '20', 'Seed': '7'})
    >>> [(f.code, f.strength.value, f.points.value) for f in result.findings]
    [('metadata.generator_settings', 'declared', 'generated')]
    """
    opened = specimen.opened
    exif = read_exif(opened)
    xmp = read_xmp(opened, specimen.raw)
    text = text_chunks(opened)
    generator = find_generator_params(text, exif.user_comment)
    source_type = lookup(xmp.fields.get("digital_source_type"))
    jpeg = estimate_quality(getattr(opened, "quantization", None)) if specimen.format == "JPEG" else None
    result = MetadataResult(
        format=specimen.format,
        mode=opened.mode,
        exif=exif,
        xmp=xmp,
        source_type=source_type,
        text_keys=sorted(text),
        generator=generator,
        jpeg=jpeg,
        icc_profile=profile_name(opened.info.get("icc_profile")),
        headline=Text("", ""),
        explanation=Text("", ""),
    )
    result.findings = _findings(result)
    result.headline = _headline(result)
    result.explanation = _explanation(result)
    return result


def _finding(code: str, strength: Strength, points: Points, en: str, fr: str) -> Finding:
    return Finding(strength, points, "metadata", Text(en, fr), code=f"metadata.{code}")


def _findings(r: MetadataResult) -> list[Finding]:
    out: list[Finding] = []
    if r.generator:
        settings = ", ".join(f"{k}: {v}" for k, v in list(r.generator.settings.items())[:5])
        out.append(_finding(
            "generator_settings", Strength.DECLARED, Points.GENERATED,
            f"The file carries generation settings in the format of {r.generator.tool}"
            + (f" ({settings})" if settings else "") + ".",
            f"Le fichier contient des réglages de génération au format de {r.generator.tool}"
            + (f" ({settings})" if settings else "") + ".",
        ))  # fmt: skip
    if r.source_type:
        st = r.source_type
        strength = Strength.DECLARED
        out.append(_finding(
            "source_type", strength, st.points,
            f"Its IPTC digital source type says it is {st.label.en} ({st.term}).",
            f"Son type de source numérique IPTC dit qu'elle est {st.label.fr} ({st.term}).",
        ))  # fmt: skip
    ai_system = r.xmp.fields.get("ai_system")
    if ai_system:
        out.append(_finding(
            "ai_system", Strength.DECLARED, Points.GENERATED,
            f"Its XMP names the AI system used: {ai_system}.",
            f"Son XMP nomme le système d'IA utilisé : {ai_system}.",
        ))  # fmt: skip
    tools = {"Software": r.exif.fields.get("software"), "CreatorTool": r.xmp.fields.get("creator_tool")}
    if tools["Software"] and tools["CreatorTool"] and tools["Software"].lower() == tools["CreatorTool"].lower():
        del tools["CreatorTool"]  # the same name twice is one piece of evidence
    for label, value in tools.items():
        if names_generator(value):
            out.append(_finding(
                "generator_tool", Strength.DECLARED, Points.GENERATED,
                f"Its {label} field names a generator: '{value}'.",
                f"Son champ {label} nomme un générateur : « {value} ».",
            ))  # fmt: skip
        elif value and any(e in value.lower() for e in EDITORS):
            out.append(_finding(
                "editor", Strength.CONTEXT, Points.EDITED,
                f"It was processed with editing software ('{value}').",
                f"Il est passé par un logiciel de retouche (« {value} »).",
            ))  # fmt: skip
    camera = r.exif.camera
    if camera:
        out.append(_finding(
            "camera", Strength.HINT, Points.CAPTURED,
            f"Camera information says it was taken with a {camera}; anyone can copy or type "
            "such tags into a file.",
            f"Les informations d'appareil disent qu'elle a été prise avec un {camera} ; "
            "n'importe qui peut copier ou taper ces informations dans un fichier.",
        ))  # fmt: skip
    elif not any(f.strength is Strength.DECLARED for f in out):
        out.append(_finding(
            "no_camera", Strength.CONTEXT, Points.NEUTRAL,
            "No camera information. Generated images have none, but almost every website "
            "removes it from the photos it shows, and screenshots have none either, so its "
            "absence says nothing about how the picture was made.",
            "Aucune information d'appareil photo. Les images générées n'en ont pas, mais presque "
            "tous les sites l'enlèvent des photos qu'ils affichent, et les captures d'écran "
            "n'en ont pas non plus : son absence ne dit rien de la façon dont l'image a été "
            "faite.",
        ))  # fmt: skip
    if r.jpeg and r.jpeg.quality < LOW_QUALITY:
        out.append(_finding(
            "low_jpeg_quality", Strength.CONTEXT, Points.NEUTRAL,
            f"It was saved as a fairly compressed JPEG (quality about {r.jpeg.quality}), which "
            "erases fine traces.",
            f"Il a été enregistré en JPEG assez compressé (qualité d'environ {r.jpeg.quality}), "
            "ce qui efface les traces fines.",
        ))  # fmt: skip
    if r.exif.broken:
        out.append(_finding(
            "broken_exif", Strength.CONTEXT, Points.NEUTRAL,
            "Its EXIF block is damaged and could only be partly read.",
            "Son bloc EXIF est abîmé et n'a pu être lu qu'en partie.",
        ))  # fmt: skip
    return out


def _headline(r: MetadataResult) -> Text:
    parts = [Text(r.format, r.format)]
    if r.exif.camera:
        parts.append(Text(f"camera: {r.exif.camera}", f"appareil : {r.exif.camera}"))
    else:
        parts.append(Text("no camera information", "aucune information d'appareil"))
    if r.generator:
        parts.append(
            Text(f"generator settings from {r.generator.tool}", f"réglages de génération de {r.generator.tool}")
        )
    if r.source_type:
        parts.append(Text(f"source type: {r.source_type.term}", f"type de source : {r.source_type.term}"))
    if r.jpeg:
        kind = (
            Text("standard tables", "tables standard")
            if r.jpeg.exact
            else Text("custom tables", "tables particulières")
        )
        parts.append(
            Text(f"JPEG quality ≈ {r.jpeg.quality} ({kind.en})", f"qualité JPEG ≈ {r.jpeg.quality} ({kind.fr})")
        )
    if r.exif.gps:
        parts.append(Text("GPS location present (not shown)", "position GPS présente (non affichée)"))
    return join(parts, "; ")


def _explanation(r: MetadataResult) -> Text:
    text = Text(
        "Image files carry labels next to the pixels: the camera's make and settings (EXIF), "
        "the software that saved them, sometimes the whole recipe a generator used (prompt, "
        "seed, model), or an IPTC 'digital source type' that says whether a camera or an AI "
        "made the picture. These labels are very useful when they are there, but they are only "
        "text: anyone can add, change or delete them, and most websites remove them.",
        "Les fichiers image portent des étiquettes à côté des pixels : la marque et les réglages "
        "de l'appareil (EXIF), le logiciel qui les a enregistrés, parfois toute la recette "
        "utilisée par un générateur (texte de la demande, graine, modèle), ou un « type de "
        "source numérique » IPTC qui dit si un appareil photo ou une IA a fait l'image. Ces "
        "étiquettes sont très utiles quand elles sont là, mais ce n'est que du texte : "
        "n'importe qui peut les ajouter, les changer ou les effacer, et la plupart des sites "
        "les suppriment.",
    )
    if r.generator and r.generator.prompt:
        words = len(r.generator.prompt.split())
        text += Text(
            f"This file even contains the text request ('prompt', {words} words) typed into the generator.",
            f"Ce fichier contient même la demande écrite (« prompt », {words} mots) tapée dans le générateur.",
        )
    if r.exif.gps:
        text += Text(
            "This file also records where it was taken (GPS). Look Twice does not show it, but "
            "anyone who gets the file can read it: remove the location before sharing photos.",
            "Ce fichier enregistre aussi l'endroit de la prise de vue (GPS). Look Twice ne "
            "l'affiche pas, mais toute personne qui reçoit le fichier peut le lire : retirez la "
            "position avant de partager des photos.",
        )
    return text
