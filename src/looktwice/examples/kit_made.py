"""Examples the kit makes itself (kit-made specimens): declared, lying and laundered images.

Every specimen says what it is, how it was made and what is true about it. They are made on
first use, from files that ship with the kit, by the library's own functions: nothing is
downloaded and no private key ships (the C2PA signature uses the classroom certificate chain
that :mod:`looktwice.writers.signing` creates in the user's data directory).

- **Generated images** (``kit-*``): textures painted by the kit's tiny classroom GAN
  (:mod:`looktwice.lab`), shipped as PNG files, so even the core install has generated
  images whose origin is known exactly.
- **Declared** (``specimen-declared-*``): one of those textures carrying, in separate
  variants, a C2PA manifest that says ``trainedAlgorithmicMedia``, an IPTC digital source type
  in XMP, AUTOMATIC1111-style ``parameters``, the SDXL invisible watermark, and all four.
- **Lying labels** (``specimen-lying-*``): a real photo stamped as generated, and a generated
  texture stamped as a camera capture, to teach that labels can be forged and what a
  signature does and does not prove.
- **Laundered** (``specimen-laundered-*``): the all-labels specimen re-saved, resized,
  cropped, screenshotted and passed through a "social network", to show which signals survive.

The pixels are deterministic; the C2PA manifests are not byte-for-byte (each signature holds a
fresh identifier), which changes nothing the analyses report.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PIL import Image

from ..text import Text
from ..writers import labels, launder
from .catalog import Catalog, Example, ImageSource
from .errors import ExampleError

#: The lab texture the declared specimens are made from (transposed-convolution GAN, seed 1).
BASE_TEXTURE = "transposed-texture-1"
#: The real photo stamped as generated (a built-in CC0 photo).
REAL_PHOTO = "coffee"
KIT_LICENCE = "CC0 1.0 (made by Look Twice; training photos CC0 / public domain from scikit-image)"
KIT_GENERATOR = "Look Twice classroom GAN (looktwice.lab)"
_PROMPT = "a grey texture from Look Twice's tiny classroom GAN"


def _texture(name: str = BASE_TEXTURE) -> bytes:
    from ..lab.samples import load_sample

    try:
        return launder.encode(load_sample(name).image().convert("RGB"))
    except (KeyError, FileNotFoundError) as exc:
        raise ExampleError(
            Text(
                f"The kit's generated texture '{name}' is missing from this installation ({exc}).",
                f"La texture générée du kit « {name} » manque dans cette installation ({exc}).",
            )
        ) from None


def _watermarked(data: bytes) -> bytes:
    from ..analyses.watermark import SDXL_BITS
    from ..writers.watermark import embed_bits

    pixels = np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))
    return launder.encode(Image.fromarray(embed_bits(pixels, SDXL_BITS)))


def _parameters(data: bytes) -> bytes:
    return labels.with_generator_parameters(
        data,
        _PROMPT,
        {"Steps": 1, "Sampler": "GAN (single pass)", "Seed": 1, "Size": "256x256", "Model": "looktwice-dcgan"},
    )


def _signed(data: bytes, term: str, title: str) -> bytes:
    from ..writers.signing import sign_image

    return sign_image(data, title=title, digital_source_type=term)


def _declared_all() -> bytes:
    data = labels.with_source_type(_parameters(_watermarked(_texture())), "trainedAlgorithmicMedia")
    return _signed(data, "trainedAlgorithmicMedia", "Look Twice specimen: every label")


def _built_in_bytes(name: str) -> bytes:
    """A built-in photo's file, read from its package as the catalogue does (not through the
    catalogue, which this module helps build)."""
    from .builtin import PackageFileSource
    from .manifest import read_manifest

    example = next(e for e in read_manifest() if name == e.name or name in e.aliases)
    return PackageFileSource().read_bytes(example)


def _real_as_generated() -> bytes:
    photo = _built_in_bytes(REAL_PHOTO)
    png = launder.encode(Image.open(io.BytesIO(photo)).convert("RGB"))
    data = labels.with_source_type(png, "trainedAlgorithmicMedia")
    return _signed(data, "trainedAlgorithmicMedia", "A real photo with a false AI label")


def _generated_as_camera() -> bytes:
    data = labels.with_camera_exif(_texture(), "Canon", "Canon EOS 5D Mark IV", "2021:06:14 09:30:00")
    data = labels.with_source_type(data, "digitalCapture")
    return _signed(data, "digitalCapture", "A generated texture with a false camera label")


@dataclass(frozen=True)
class Recipe:
    """How to make one specimen, and what to say about it."""

    name: str
    kind: str
    title: str
    truth: str
    make: Callable[[], bytes]
    tells: tuple[str, ...]
    title_fr: str = ""
    truth_fr: str = ""
    licence: str = KIT_LICENCE
    attribution: str = "Made by the Look Twice kit"
    attribution_fr: str = "Fabriqué par le kit Look Twice"


def _laundered(operation: str) -> Recipe:
    fn, label = launder.OPERATIONS[operation]
    return Recipe(
        name=f"specimen-laundered-{operation}",
        kind="generated",
        title=f"Every-label specimen, {label.en}",
        title_fr=f"Spécimen à toutes les étiquettes, {label.fr}",
        truth_fr=f"Le spécimen à toutes les étiquettes, {label.fr}\u00a0: toujours généré, mais "
        "quelles étiquettes et quelles marques ont survécu\u202f? Comparez avec specimen-declared-all.",
        truth=f"The every-label specimen {label.en}: still generated, but which of its labels "
        "and marks survived? Compare with specimen-declared-all.",
        make=lambda: fn(_declared_all()),
        tells=("specimen", "laundered"),
    )


RECIPES: tuple[Recipe, ...] = (
    Recipe(
        "specimen-declared-c2pa",
        "generated",
        "Generated texture with C2PA Content Credentials",
        "Made by the kit's classroom GAN; signed with the classroom certificate, declaring trainedAlgorithmicMedia.",
        lambda: _signed(_texture(), "trainedAlgorithmicMedia", "Look Twice specimen: C2PA"),
        ("specimen", "declared", "c2pa"),
        title_fr="Texture générée avec des identifiants de contenu C2PA",
        truth_fr="Faite par le petit GAN de classe du kit\u00a0; signée avec le certificat de la classe, qui déclare trainedAlgorithmicMedia.",
    ),
    Recipe(
        "specimen-declared-iptc",
        "generated",
        "Generated texture with an IPTC source type",
        "Made by the kit's classroom GAN; XMP says IPTC trainedAlgorithmicMedia (unsigned).",
        lambda: labels.with_source_type(_texture(), "trainedAlgorithmicMedia"),
        ("specimen", "declared", "xmp"),
        title_fr="Texture générée avec un type de source IPTC",
        truth_fr="Faite par le petit GAN de classe du kit\u00a0; son XMP indique le type IPTC trainedAlgorithmicMedia (sans signature).",
    ),
    Recipe(
        "specimen-declared-parameters",
        "generated",
        "Generated texture with generator settings",
        "Made by the kit's classroom GAN; an AUTOMATIC1111-style 'parameters' text chunk "
        "records prompt, seed and model.",
        lambda: _parameters(_texture()),
        ("specimen", "declared", "png-text"),
        title_fr="Texture générée avec ses réglages de génération",
        truth_fr="Faite par le petit GAN de classe du kit\u00a0; un bloc de texte «\u202fparameters\u202f» au format d’AUTOMATIC1111 note la demande, la graine et le modèle.",
    ),
    Recipe(
        "specimen-declared-watermark",
        "generated",
        "Generated texture with an invisible watermark",
        "Made by the kit's classroom GAN; the SDXL dwtDct watermark (48 bits) is written into "
        "its pixels, as SDXL's reference code does.",
        lambda: _watermarked(_texture()),
        ("specimen", "declared", "watermark"),
        title_fr="Texture générée avec un filigrane invisible",
        truth_fr="Faite par le petit GAN de classe du kit\u00a0; le filigrane dwtDct de SDXL (48\u00a0bits) est écrit dans ses pixels, comme le fait le code de référence de SDXL.",
    ),
    Recipe(
        "specimen-declared-all",
        "generated",
        "Generated texture with every label",
        "Made by the kit's classroom GAN; SDXL watermark, generator settings and IPTC source "
        "type, then signed with C2PA (trainedAlgorithmicMedia).",
        _declared_all,
        ("specimen", "declared", "c2pa", "watermark", "xmp", "png-text"),
        title_fr="Texture générée avec toutes les étiquettes",
        truth_fr="Faite par le petit GAN de classe du kit\u00a0; filigrane SDXL, réglages de génération et type de source IPTC, puis signée en C2PA (trainedAlgorithmicMedia).",
    ),
    Recipe(
        "specimen-lying-real-as-generated",
        "real",
        "A real photo with a false AI label",
        "A real CC0 photo (scikit-image's coffee cup, by Rachel Michetti) stamped by the kit "
        "as AI-generated: IPTC and a valid C2PA signature both say trainedAlgorithmicMedia. "
        "The label is false; the signature only proves who signed it.",
        _real_as_generated,
        ("specimen", "lying-label", "c2pa", "xmp"),
        licence="CC0 (photographer Rachel Michetti, scikit-image); labels added by Look Twice",
        attribution="Photo: Rachel Michetti (CC0), via scikit-image; false labels: Look Twice",
        attribution_fr="Photo\u00a0: Rachel Michetti (CC0), via scikit-image\u202f; fausses étiquettes\u00a0: Look Twice",
        title_fr="Une vraie photo avec une fausse étiquette «\u202fIA\u202f»",
        truth_fr="Une vraie photo CC0 (la tasse de café de scikit-image, par Rachel Michetti) marquée par le kit comme générée par IA\u00a0: l’IPTC et une signature C2PA valable disent trainedAlgorithmicMedia. L’étiquette est fausse\u202f; la signature prouve seulement qui a signé.",
    ),
    Recipe(
        "specimen-lying-generated-as-camera",
        "generated",
        "A generated texture with a false camera label",
        "Made by the kit's classroom GAN, then stamped as a camera photo: Canon EXIF, IPTC "
        "digitalCapture and a valid C2PA signature saying digitalCapture. Every label is false.",
        _generated_as_camera,
        ("specimen", "lying-label", "c2pa", "xmp", "camera-exif"),
        title_fr="Une texture générée avec une fausse étiquette d’appareil photo",
        truth_fr="Faite par le petit GAN de classe du kit, puis marquée comme une photo\u00a0: EXIF Canon, type IPTC digitalCapture et une signature C2PA valable qui dit digitalCapture. Toutes les étiquettes sont fausses.",
    ),
    *(_laundered(op) for op in launder.OPERATIONS),
)


class SpecimenSource(ImageSource):
    """Makes each specimen on first use and keeps its bytes in memory for the session."""

    def __init__(self, recipes: dict[str, Callable[[], bytes]]):
        self._recipes = recipes
        self._made: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def read_bytes(self, example: Example) -> bytes:
        with self._lock:
            if example.name not in self._made:
                self._made[example.name] = self._recipes[example.name]()
            return self._made[example.name]

    def status(self, example: Example) -> Text:
        return Text("made by the kit on first use", "fabriquée par le kit à la première demande")


def _lab_examples() -> list[tuple[Example, Callable[[], bytes]]]:
    """The lab's shipped GAN textures and sheets as catalogue entries."""
    from ..lab.samples import list_samples

    try:
        infos = list_samples()
    except FileNotFoundError:  # a broken installation: the rest of the catalogue still works
        return []
    out = []
    for info in infos:
        example = Example(
            name=f"kit-{info.name}",
            filename=f"kit-{info.file}",
            kind="generated",
            title=f"Classroom GAN: {info.name}",
            title_fr=f"GAN de la classe\u00a0: {info.name}",
            description=f"{info.what.en}; {info.how.en}",
            description_fr=f"{info.what.fr}\u202f; {info.how.fr}",
            license=info.licence,
            license_short="CC0",
            license_short_fr="CC0",
            license_status="clear",
            attribution="Made by the Look Twice kit",
            attribution_fr="Fabriqué par le kit Look Twice",
            origin="specimen",
            generator=f"{KIT_GENERATOR}, {info.upsampling}",
            width=info.width,
            height=info.height,
            person_present="no",
            tells=("specimen", "kit-generated", "greyscale", "texture"),
            extra={"what_fr": info.what.fr, "how_fr": info.how.fr, "seed": str(info.seed)},
        )
        out.append((example, lambda info=info: info.path.read_bytes()))
    return out


def register_specimens(catalog: Catalog) -> None:
    """Add the kit's generated textures and teaching specimens to ``catalog``."""
    entries = _lab_examples()
    for r in RECIPES:
        example = Example(
            name=r.name,
            filename=f"{r.name}.{'jpg' if r.name.endswith(('resave', 'social')) else 'png'}",
            kind=r.kind,
            title=r.title,
            title_fr=r.title_fr,
            description=r.truth,
            description_fr=r.truth_fr,
            license=r.licence,
            license_short="CC0",
            license_short_fr="CC0",
            license_status="clear",
            attribution=r.attribution,
            attribution_fr=r.attribution_fr,
            origin="specimen",
            generator=KIT_GENERATOR if r.kind == "generated" else "none (camera photo)",
            person_present="no",
            tells=r.tells,
        )
        entries.append((example, r.make))
    source = SpecimenSource({e.name: make for e, make in entries})
    for example, _make in entries:
        catalog.register(example, source, replace=True)
