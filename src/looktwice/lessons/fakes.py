"""Lesson 6, "Make a fake": train the kit's tiny generator, or replay the training it shipped.

The lesson's cells call this module only. Two ways to get the same kind of evidence, pictures
of the generator at chosen training steps (:class:`Snapshot`):

* **live** (:func:`train_live`), when torch is installed (the ``lab`` extra): the
  transposed-convolution generator of :mod:`looktwice.lab.train` is trained on this computer,
  with a progress bar, and a snapshot is kept at a few steps;
* **shipped** (:func:`shipped_snapshots`), with no torch: snapshots of the same training (seed
  0, the settings of ``lab/weights/MODEL_CARD.md``), taken at :data:`SHIPPED_STEPS` and stored
  as small PNGs in ``lab/snapshots/`` by ``python -m looktwice.lessons.fakes --write``.

Every number a lesson shows (the periodic-peak score, the dots, parameters, file sizes) is
computed here from those pixels or files by the kit's own spectrum analysis, never stored.

How many steps the live training takes (:func:`live_steps`): ``$LOOKTWICE_LAB_STEPS`` if set;
else :data:`TEST_STEPS` when the notebook runs under pytest (``PYTEST_CURRENT_TEST``, which
pytest passes on to the notebook's kernel), so the lesson tests stay well under a minute; else
:data:`CLASS_STEPS`, a few minutes on two cores. ``$LOOKTWICE_LAB_LIVE=0`` switches live
training off even where torch is installed (the tests use it to run the no-torch path).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from PIL import Image

from ..analyses.spectrum import Peak, average_power, periodic_peaks, spectrum_picture, tile_size
from ..image_file import box3_residual
from ..teaching import Gallery, Prose, Table, show
from ..text import Text

#: Where the shipped training snapshots live.
SNAPSHOTS_DIR = Path(__file__).resolve().parent.parent / "lab" / "snapshots"
#: Training steps at which the shipped snapshots were taken (1000 is the shipped generator).
SHIPPED_STEPS: tuple[int, ...] = (0, 25, 50, 100, 200, 400, 1000)
#: Live training in class: the shipped generator's whole schedule, a few minutes on two cores
#: (about 0.15 to 0.4 s a step, measured while other programs shared the cores).
CLASS_STEPS = 1000
#: Live training when the lesson runs under the tests: a few seconds.
TEST_STEPS = 8
STEPS_ENV, LIVE_ENV = "LOOKTWICE_LAB_STEPS", "LOOKTWICE_LAB_LIVE"
#: Samples shown per snapshot (always drawn from the same random numbers) and their seeds.
SAMPLES, SAMPLE_SEED, TEXTURE_SEED = 16, 100, 101
#: Latent cells of each snapshot's texture: 32 x 32 cells of 8 pixels, 256 x 256 pixels.
TEXTURE_CELLS = (32, 32)
VARIANTS = ("transposed", "resize")

CREDIT = Text(
    "Made by the Look Twice kit's tiny generator · CC0", "Faite par le petit générateur du kit Look Twice · CC0"
)
COLOUR_CREDIT = Text(
    "Made by the Look Twice kit's colour generator · CC0",
    "Faite par le générateur en couleur du kit Look Twice · CC0",
)
REAL_CREDIT = Text("CC0 or public domain", "CC0 ou domaine public")

WORDS = {
    "step": Text("training step", "étape d’entraînement"),
    "snapshot": Text("snapshot", "instantané"),
    "score": Text("periodic-peak score", "score de pics périodiques"),
    "dots": Text("bright dots", "points lumineux"),
    "generator": Text("generator", "générateur"),
    "samples": Text("samples", "échantillons"),
    "texture": Text("a larger picture", "une image plus grande"),
    "spectrum": Text("its spectrum", "son spectre"),
    "transposed": Text("transposed convolution", "convolution transposée"),
    "resize": Text("resize, then convolution", "agrandir, puis convolution"),
    "colour": Text("in colour, transposed convolution", "en couleur, convolution transposée"),
    "real": Text("patches of real photos", "morceaux de vraies photos"),
    "median": Text("median score", "score médian"),
    "range": Text("lowest – highest", "plus bas – plus haut"),
    "pictures": Text("pictures", "images"),
    "what": Text("what", "quoi"),
    "value": Text("value", "valeur"),
    "parameters": Text("numbers learned (parameters)", "nombres appris (paramètres)"),
    "file_size": Text("size of the file (kilobytes)", "taille du fichier (kilo-octets)"),
    "train_time": Text("training time measured (seconds)", "durée d’entraînement mesurée (secondes)"),
    "photos": Text("training photos", "photos d’entraînement"),
    "output": Text("picture it learned to make (pixels)", "image qu’il a appris à faire (pixels)"),
    "picture": Text("picture", "image"),
    "made_by": Text("made by", "faite par"),
    "camera": Text("a camera (a real photo)", "un appareil photo (vraie photo)"),
    "copy": Text("copy", "copie"),
    "as_made": Text("as made", "telle que faite"),
    "jpeg": Text("JPEG quality {q}", "JPEG qualité {q}"),
    "half": Text("half size", "moitié de la taille"),
    "generated": Text("the generator's samples and pictures", "les échantillons et images du générateur"),
    "generated_colour": Text(
        "the colour generator's squares and pictures", "les carrés et images du générateur en couleur"
    ),
}

PLAN = {
    "live": Text(
        "This computer has torch (the `lab` extra): you will train the generator yourselves, for {steps} steps.",
        "Cet ordinateur a torch (l’option `lab`)\u00a0: vous allez entraîner le "
        "générateur vous-mêmes, pendant {steps} étapes.",
    ),
    "shipped": Text(
        "This computer has no torch, or live training is switched off: you will "
        "replay the training the kit recorded, step by step.",
        "Cet ordinateur n’a pas torch, ou l’entraînement en direct est coupé\u00a0: "
        "vous allez rejouer, étape par étape, l’entraînement que le kit a enregistré.",
    ),
}


# --------------------------------------------------------------------------- the switch


def can_train() -> bool:
    """Whether the lesson trains live: torch is installed and ``$LOOKTWICE_LAB_LIVE`` is not
    ``0``."""
    if os.environ.get(LIVE_ENV, "").strip() == "0":
        return False
    try:
        return importlib.util.find_spec("torch") is not None
    except (ImportError, ValueError):  # torch blocked or half-installed
        return False


def live_steps() -> int:
    """Training steps of the live run: ``$LOOKTWICE_LAB_STEPS``, else :data:`TEST_STEPS`
    under pytest, else :data:`CLASS_STEPS`."""
    chosen = os.environ.get(STEPS_ENV, "").strip()
    if chosen:
        return max(1, int(chosen))
    return TEST_STEPS if os.environ.get("PYTEST_CURRENT_TEST") else CLASS_STEPS


def plan(live: bool, steps: int, lang: str = "en") -> Prose:
    """One sentence saying what the class is about to do."""
    return Prose(PLAN["live" if live else "shipped"].get(lang).format(steps=steps))


def watch_steps(steps: int) -> tuple[int, ...]:
    """The steps a live run keeps a snapshot of: the start, four points in between, the end."""
    return tuple(sorted({0, steps // 8, steps // 4, steps // 2, steps}))


# --------------------------------------------------------------------------- snapshots


@dataclass(frozen=True)
class Fingerprint:
    """The kit's spectrum analysis of one grayscale picture: averaged power spectrum, the
    periodic-peak score and the peaks (bright dots)."""

    power: np.ndarray
    score: float
    peaks: list[Peak]

    def picture(self) -> Image.Image:
        return spectrum_picture(self.power, self.peaks)


def fingerprint(*images: np.ndarray) -> Fingerprint:
    """Residual, Welch-averaged spectrum and periodic-peak score of one grayscale picture, or of
    several of the same size averaged together (each small picture one tile): the measurement of
    :mod:`looktwice.analyses.spectrum`, with no torch."""
    residuals = [box3_residual(np.asarray(image, dtype=np.float32)) for image in images]
    power, _ = average_power(residuals, tile_size(residuals[0].shape))
    score, peaks = periodic_peaks(power)
    return Fingerprint(power, float(score), peaks)


@dataclass(frozen=True)
class Snapshot:
    """The generator at one training step: samples (N, 32, 32) and a 256 x 256 texture, both
    ``uint8`` grayscale, always from the same random numbers."""

    variant: str
    step: int
    samples: np.ndarray
    texture: np.ndarray

    @property
    def fingerprint(self) -> Fingerprint:
        return _fingerprint(self.texture.tobytes(), self.texture.shape)

    def sheet(self, scale: int = 3) -> Image.Image:
        """The samples in a 4-column grid, enlarged ``scale`` times pixel by pixel."""
        from ..lab.drawing import grid

        sheet = grid(self.samples, 4)
        return sheet.resize((sheet.width * scale, sheet.height * scale), Image.Resampling.NEAREST)


@cache
def _fingerprint(data: bytes, shape: tuple[int, int]) -> Fingerprint:
    return fingerprint(np.frombuffer(data, np.uint8).reshape(shape))


def take_snapshot(generator, step: int) -> Snapshot:  # noqa: ANN001 (a torch module)
    """A snapshot of a generator (needs torch): :data:`SAMPLES` samples and a texture."""
    from ..lab.models import generate

    samples = generate(generator, SAMPLE_SEED, count=SAMPLES, exact=False)
    texture = generate(generator, TEXTURE_SEED, cells=TEXTURE_CELLS, exact=False)[0]
    return Snapshot(generator.config.upsampling, step, samples, texture)


def train_live(
    steps: int,
    variant: str = "transposed",
    progress: bool = True,
    keep: tuple[int, ...] | None = None,
    lang: str = "en",
) -> list[Snapshot]:
    """Train the kit's tiny generator for ``steps`` steps on this computer (needs torch), with
    a progress bar, and return snapshots at ``keep`` (default :func:`watch_steps`). Same seed
    and settings as the shipped generator, so a long enough run retraces the shipped one."""
    from ..lab.train import Settings, train

    wanted = set(keep if keep is not None else watch_steps(steps))
    kept: list[Snapshot] = []

    def watch(step: int, generator) -> None:  # noqa: ANN001
        if step in wanted:
            kept.append(take_snapshot(generator, step))

    train(
        Settings(upsampling=variant, iterations=steps), progress=progress, watch=watch, label=WORDS[variant].get(lang)
    )
    return kept


def resave_table(snap: Snapshot, lang: str = "en", qualities: tuple[int, ...] = (90, 75, 50)) -> Table:
    """The periodic-peak score of a snapshot's larger picture as made, after JPEG saves at
    ``qualities`` and at half size: how everyday copies wash the fingerprint out."""
    import io

    def measure(image: Image.Image) -> Fingerprint:
        return fingerprint(np.asarray(image.convert("L")))

    original = Image.fromarray(snap.texture)
    rows = [(WORDS["as_made"].get(lang), measure(original))]
    for quality in qualities:
        buf = io.BytesIO()
        original.save(buf, "JPEG", quality=quality)
        rows.append((WORDS["jpeg"].get(lang).format(q=quality), measure(Image.open(buf))))
    half = original.resize((original.width // 2, original.height // 2), Image.Resampling.LANCZOS)
    rows.append((WORDS["half"].get(lang), measure(half)))
    return Table(
        [WORDS[k].get(lang) for k in ("copy", "score", "dots")],
        [(name, f"{found.score:.0f}", len(found.peaks)) for name, found in rows],
    )


def credits_table(names: list[str], lang: str = "en") -> Table:
    """The kit's photos the lesson showed (:func:`looktwice.teaching.credits_table`) and a line
    for the generator's pictures."""
    from ..teaching import credits_table as photos

    table = photos(names, lang)
    made = [
        (WORDS["generated"].get(lang), CREDIT.get(lang)),
        (WORDS["generated_colour"].get(lang), COLOUR_CREDIT.get(lang)),
    ]
    return Table(table.headers, [*table.rows, *made])


def sign_honestly(snap: Snapshot) -> bytes:
    """A snapshot's larger picture as PNG, signed with the classroom certificate and declared
    as made by a trained model (``trainedAlgorithmicMedia``): a fake that says what it is."""
    import io

    from ..writers.signing import sign_image

    buf = io.BytesIO()
    Image.fromarray(snap.texture).save(buf, "PNG")
    return sign_image(buf.getvalue(), title="kit-generator.png", digital_source_type="trainedAlgorithmicMedia")


def _file(variant: str, step: int, kind: str) -> Path:
    return SNAPSHOTS_DIR / f"{variant}-step-{step:05d}-{kind}.png"


def shipped_snapshots(variant: str = "transposed") -> list[Snapshot]:
    """The snapshots the kit ships for ``variant`` (no torch needed), at :data:`SHIPPED_STEPS`."""
    out = []
    for step in SHIPPED_STEPS:
        sheet = np.asarray(Image.open(_file(variant, step, "samples")).convert("L"))
        samples = sheet.reshape(SAMPLES, 32, 32)
        texture = np.asarray(Image.open(_file(variant, step, "texture")).convert("L"))
        out.append(Snapshot(variant, step, samples, texture))
    return out


def snapshots(live: bool, steps: int, lang: str = "en", progress: bool = True) -> list[Snapshot]:
    """What the lesson watches: a live run of ``steps`` steps (its progress bar named in
    ``lang``), or the shipped snapshots."""
    return train_live(steps, progress=progress, lang=lang) if live else shipped_snapshots()


def final_snapshots() -> dict[str, Snapshot]:
    """The shipped generators after their full training, one per way of enlarging."""
    return {variant: shipped_snapshots(variant)[-1] for variant in VARIANTS}


def write_snapshots(steps: tuple[int, ...] = SHIPPED_STEPS) -> list[Path]:
    """Train both generators with the shipped settings and store their snapshots (needs torch).
    Same seed and settings as the shipped weights; as ``lab/weights/MODEL_CARD.md`` says, a
    run on another machine or under another load may round differently and drift to different,
    equally valid weights, so the last snapshot need not equal the shipped generator."""
    SNAPSHOTS_DIR.mkdir(parents=True, exist_ok=True)
    written = []
    for variant in VARIANTS:
        for snap in train_live(max(steps), variant, progress=True, keep=steps):
            sheet = Image.fromarray(snap.samples.reshape(SAMPLES * 32, 32))
            for kind, image in (("samples", sheet), ("texture", Image.fromarray(snap.texture))):
                path = _file(variant, snap.step, kind)
                image.save(path, optimize=True)
                written.append(path)
    index = {
        "made_by": "python -m looktwice.lessons.fakes --write",
        "steps": list(steps),
        "settings": "looktwice.lab.train.Settings() defaults (seed 0)",
        "samples_seed": SAMPLE_SEED,
        "texture_seed": TEXTURE_SEED,
        "licence": "CC0-1.0",
    }
    (SNAPSHOTS_DIR / "snapshots.json").write_text(json.dumps(index, indent=1) + "\n", encoding="utf-8")
    return written


# --------------------------------------------------------------------------- what the class sees


def snapshot_view(snaps: list[Snapshot], index: int, lang: str = "en") -> Gallery:
    """One snapshot: its samples, a corner of its larger picture, and that picture's spectrum
    with the bright dots circled; the captions give the step, the score and the credit."""
    snap = snaps[max(0, min(index, len(snaps) - 1))]
    found = snap.fingerprint
    head = f"{WORDS['step'].get(lang)} {snap.step} · {WORDS[snap.variant].get(lang)}"
    score = f"{WORDS['score'].get(lang)} {found.score:.0f} · {WORDS['dots'].get(lang)} {len(found.peaks)}"
    credit = CREDIT.get(lang)
    corner = Image.fromarray(snap.texture[:96, :96]).resize((288, 288), Image.Resampling.NEAREST)
    return show(
        [snap.sheet(), corner, found.picture()],
        [
            f"{head} · {WORDS['samples'].get(lang)} · {credit}",
            f"{head} · {WORDS['texture'].get(lang)} · {credit}",
            f"{score} · {WORDS['spectrum'].get(lang)} · {credit}",
        ],
        width=300,
    )


def progress_table(snaps: list[Snapshot], lang: str = "en") -> Table:
    """Step by step: the periodic-peak score and the number of bright dots."""
    rows = [(s.step, f"{s.fingerprint.score:.0f}", len(s.fingerprint.peaks)) for s in snaps]
    return Table([WORDS[k].get(lang) for k in ("step", "score", "dots")], rows)


def upsampling_view(lang: str = "en") -> Gallery:
    """The two shipped generators side by side: a sheet of samples, then the spectrum of a
    larger picture, both from the lab's shipped samples (:mod:`looktwice.lab.samples`), the same
    pictures :func:`upsampling_table` measures."""
    from ..lab.samples import load_sample

    images, captions = [], []
    for variant in VARIANTS:
        name = WORDS[variant].get(lang)
        found = fingerprint(load_sample(f"{variant}-texture-1").pixels)
        images += [load_sample(f"{variant}-sheet").image(), found.picture()]
        captions += [
            f"{name} · {WORDS['samples'].get(lang)} · {CREDIT.get(lang)}",
            f"{name} · {WORDS['score'].get(lang)} {found.score:.0f} · {CREDIT.get(lang)}",
        ]
    return show(images, captions, width=260)


def upsampling_table(lang: str = "en", real_count: int = 12) -> Table:
    """Scores of the shipped generators' textures (the lab's shipped samples) and of real photo
    patches of the same size, measured now (:func:`looktwice.lab.fingerprint_scores`)."""
    from ..lab.samples import fingerprint_scores

    scores = fingerprint_scores(real_count=real_count)
    names = {"transposed": WORDS["transposed"], "resize": WORDS["resize"], "real": WORDS["real"]}
    rows = []
    for key, name in names.items():
        values = scores[key]
        rows.append((name.get(lang), len(values), f"{np.median(values):.0f}", f"{min(values):.0f} – {max(values):.0f}"))
    return Table([WORDS[k].get(lang) for k in ("generator", "pictures", "median", "range")], rows)


def scale_table(lang: str = "en") -> Table:
    """What the kit's generators are (the two grey ones and the colour one): numbers learned,
    file size, training time, photos and picture size, read from the shipped weight files (no
    torch)."""
    from ..lab.checkpoint import read_meta, weights_path

    rows = []
    for variant in (*VARIANTS, "colour"):
        path = weights_path(variant)
        meta = read_meta(path)
        rows.append(
            (
                WORDS[variant].get(lang),
                f"{meta['parameters']:,}".replace(",", "\u202f"),
                f"{path.stat().st_size / 1000:.0f}",
                f"{meta['training_seconds']:.0f}",
                len(meta["data"]),
                f"{meta['patch']}×{meta['patch']}",
            )
        )
    headers = [WORDS[k].get(lang) for k in ("generator", "parameters", "file_size", "train_time", "photos", "output")]
    return Table(headers, rows)


def main(argv: list[str] | None = None) -> int:
    """``python -m looktwice.lessons.fakes --write``: re-make the shipped snapshots (torch)."""
    parser = argparse.ArgumentParser(prog="python -m looktwice.lessons.fakes")
    parser.add_argument("--write", action="store_true", help="train and store the snapshots")
    args = parser.parse_args(argv)
    if args.write:
        for path in write_snapshots():
            print(path)
    else:
        print("\n".join(f"{v}: steps {', '.join(map(str, SHIPPED_STEPS))}" for v in VARIANTS))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
