"""Labelled images for an evaluation: a folder with ``labels.csv``, the example pack, or the
built-in examples.

A folder's ``labels.csv`` has one row per image, ``path,label,generator``: ``path`` relative to
the folder, ``label`` ``real`` or ``generated``, ``generator`` optional (it groups the
per-generator breakdown; real photos may leave it empty).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..text import Text

LABELS = ("real", "generated")
LABELS_FILE = "labels.csv"


class EvaluationError(Exception):
    """An evaluation cannot start; ``message`` says why in English and French."""

    def __init__(self, message: Text):
        super().__init__(message.en)
        self.message = message


@dataclass(frozen=True)
class LabelledImage:
    """One image whose origin is known: its bytes (or where to read them) and its label."""

    name: str
    label: str
    generator: str
    family: str
    path: Path | None = None
    data: bytes | None = None

    def read(self) -> bytes:
        """The file's bytes."""
        if self.data is not None:
            return self.data
        assert self.path is not None
        return self.path.read_bytes()


@dataclass(frozen=True)
class Skipped:
    """An image listed in a source that could not be used, and why."""

    name: str
    reason: Text


def from_folder(folder: str | Path) -> tuple[list[LabelledImage], list[Skipped]]:
    """The images listed in ``folder/labels.csv``; listed files that are missing are skipped."""
    folder = Path(folder)
    table = folder / LABELS_FILE
    if not folder.is_dir():
        raise EvaluationError(Text(f"There is no folder called '{folder}'.", f"Il n'y a pas de dossier « {folder} »."))
    if not table.is_file():
        raise EvaluationError(
            Text(
                f"'{folder}' has no {LABELS_FILE}. Add one with a row per image: path,label,generator "
                "(label is real or generated).",
                f"« {folder} » n'a pas de fichier {LABELS_FILE}. Ajoutez-en un, avec une ligne par "
                "image : path,label,generator (label vaut real ou generated).",
            )
        )
    with open(table, newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        missing = {"path", "label"} - set(reader.fieldnames or ())
        if missing:
            cols = ", ".join(sorted(missing))
            raise EvaluationError(
                Text(
                    f"{LABELS_FILE} lacks the column(s) {cols}; its first line must be path,label,generator.",
                    f"Il manque la ou les colonnes {cols} dans {LABELS_FILE} ; sa première ligne doit "
                    "être path,label,generator.",
                )
            )
        rows = list(reader)
    images: list[LabelledImage] = []
    skipped: list[Skipped] = []
    for row in rows:
        rel = (row.get("path") or "").strip()
        label = (row.get("label") or "").strip().lower()
        generator = (row.get("generator") or "").strip()
        if label not in LABELS:
            skipped.append(
                Skipped(
                    rel or "?",
                    Text(
                        f"label '{label}' is neither real nor generated",
                        f"l'étiquette « {label} » n'est ni real ni generated",
                    ),
                )
            )
            continue
        path = folder / rel
        if not rel or Path(rel).is_absolute() or ".." in Path(rel).parts or not path.is_file():
            skipped.append(Skipped(rel or "?", Text("no such file in the folder", "fichier absent du dossier")))
            continue
        family = generator.casefold() if label == "generated" else "real"
        images.append(LabelledImage(rel, label, generator, family or "unknown", path=path))
    return images, skipped


def from_catalog(origins: Iterable[str]) -> tuple[list[LabelledImage], list[Skipped]]:
    """The kit's examples of the given origins (``"pack"``, ``"builtin"``, ``"specimen"``) that
    are on this computer; pack images not downloaded yet are skipped."""
    from .. import examples

    images: list[LabelledImage] = []
    skipped: list[Skipped] = []
    for origin in origins:
        for example in examples.list_examples(origin=origin):
            if example.kind not in LABELS:
                continue
            if not examples.is_available(example.name):
                skipped.append(
                    Skipped(
                        example.name,
                        Text(
                            "not downloaded yet (looktwice examples download)",
                            "pas encore téléchargée (looktwice examples download)",
                        ),
                    )
                )
                continue
            family = family_of(example)
            data = examples.default_catalog().read_bytes(example.name)
            images.append(LabelledImage(example.filename, example.kind, example.generator, family, data=data))
    return images, skipped


def family_of(example) -> str:
    """The generator family of a catalogue entry: its ``family`` when the catalogue has one,
    else ``real`` for real photos and the generator's name."""
    family = getattr(example, "family", "") or ""
    if family:
        return family
    return "real" if example.kind == "real" else example.generator.casefold()


def load_source(source: str) -> tuple[list[LabelledImage], list[Skipped]]:
    """``"pack"``, ``"builtins"`` (built-in photos and the kit's specimens) or a folder path."""
    if source == "pack":
        return from_catalog(["pack", "builtin"])
    if source == "builtins":
        return from_catalog(["builtin", "specimen"])
    return from_folder(source)


def check_both_classes(images: list[LabelledImage]) -> None:
    """Raise :class:`EvaluationError` unless there is at least one real and one generated image."""
    present = {i.label for i in images}
    if present != set(LABELS):
        lacking = "generated" if "real" in present else "real"
        lacking_fr = "générée" if lacking == "generated" else "réelle"
        raise EvaluationError(
            Text(
                f"An evaluation needs both real and generated images; there is no {lacking} image "
                f"among the {len(images)} that could be read.",
                f"Une évaluation a besoin d'images réelles et générées ; il n'y a aucune image "
                f"{lacking_fr} parmi les {len(images)} qui ont pu être lues.",
            )
        )
