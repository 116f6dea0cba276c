"""Find the lessons (``lessons/toc.yml``) and read a lesson's MyST source into sections
and cells, with the explicit heading anchors every lesson shares."""

from __future__ import annotations

import importlib.util
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..text import LANGS, Text

#: Environment variable naming the folder that holds ``toc.yml`` and the language folders.
LESSONS_DIR_ENV = "LOOKTWICE_LESSONS_DIR"
TOC_FILE = "toc.yml"

#: Headings of sections carry an explicit anchor, the same in every language.
_HEADING = re.compile(r'^(#{1,6})\s+<a id="([A-Za-z0-9_-]+)"></a>\s*(.*?)\s*$')
ANCHOR = re.compile(r'<a id="([A-Za-z0-9_-]+)"></a>')
MD_LINK = re.compile(r"(!?)\[([^\]]*)\]\(([^)\s]+)\)")
DETAILS = re.compile(r'<details class="([^"]*)"><summary>(.*?)</summary>\s*(.*?)\s*</details>', re.S)

#: Which sections each handout takes (by anchor id), in this order. Everything else (the

# --------------------------------------------------------------------------- finding lessons


class LessonsError(Exception):
    """A lesson folder, source or tool is missing; the message says what to do."""

    def __init__(self, message: Text) -> None:
        super().__init__(message.en)
        self.message = message


def lessons_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The folder holding ``toc.yml`` and ``en/``, ``fr/``: ``override``, else
    ``$LOOKTWICE_LESSONS_DIR``, else the ``lessons`` folder of the source checkout."""
    named = override or os.environ.get(LESSONS_DIR_ENV)
    if named:  # a folder someone named must be right: never fall back silently
        if (Path(named) / TOC_FILE).is_file():
            return Path(named)
        raise LessonsError(
            Text(
                f"{named} is not a lessons folder: it has no {TOC_FILE}.",
                f"{named} n'est pas un dossier de leçons : il n'a pas de {TOC_FILE}.",
            )
        )
    for root in Path(__file__).resolve().parents[2:5]:  # src/looktwice/lessons/ -> the clone
        checkout = root / "lessons"
        if (checkout / TOC_FILE).is_file():
            return checkout
    raise LessonsError(
        Text(
            f"The lesson sources were not found. Run this command from a copy of the Look Twice "
            f"source code, or set {LESSONS_DIR_ENV} to the folder that holds {TOC_FILE}.",
            f"Les sources des leçons sont introuvables. Lancez cette commande depuis une copie du "
            f"code source de Look Twice, ou indiquez dans {LESSONS_DIR_ENV} le dossier qui contient "
            f"{TOC_FILE}.",
        )
    )


@dataclass(frozen=True)
class Toc:
    """What ``toc.yml`` says: the languages, the lesson files in teaching order, the glossary."""

    root: Path
    languages: tuple[str, ...]
    lessons: tuple[str, ...]
    glossary: str

    def sources(self, lang: str) -> list[Path]:
        """Every source file of one language: the lessons, then the glossary."""
        return [self.root / lang / name for name in (*self.lessons, self.glossary)]


def read_toc(root: str | os.PathLike[str] | None = None) -> Toc:
    """Read ``toc.yml`` from the lessons folder."""
    import yaml

    folder = lessons_dir(root)
    with open(folder / TOC_FILE, encoding="utf-8") as f:
        data = yaml.safe_load(f) or {}
    languages = tuple(data.get("languages") or LANGS)
    unknown = [lang for lang in languages if lang not in LANGS]
    if unknown:
        raise ValueError(f"{TOC_FILE}: languages {unknown} are not among the kit's languages {LANGS}")
    return Toc(folder, languages, tuple(data.get("lessons") or ()), str(data.get("glossary", "glossary.md")))


def need_module(module: str, package: str) -> None:
    """Import ``name`` or raise a clear error saying which extra to install."""
    if importlib.util.find_spec(module) is None:
        raise LessonsError(
            Text(
                f"The lessons need the Python package '{package}'. Install it with: "
                f"{sys.executable} -m pip install {package}",
                f"Les leçons ont besoin du paquet Python « {package} ». Installez-le avec : "
                f"{sys.executable} -m pip install {package}",
            )
        )


# --------------------------------------------------------------------------- reading a lesson


@dataclass
class Cell:
    """One cell of a lesson source."""

    kind: str  # "markdown" or "code"
    source: str
    tags: tuple[str, ...] = ()


@dataclass
class Section:
    """A heading with an explicit anchor and everything up to the next heading."""

    anchor: str
    level: int
    title: str
    cells: list[Cell] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)


@dataclass
class Lesson:
    """A lesson source split into its sections (level 1 and 2 headings, with level 3 and
    deeper headings as their children)."""

    path: Path
    metadata: dict[str, Any]
    sections: list[Section]

    def section(self, anchor: str) -> Section:
        for section in self.sections:
            if section.anchor == anchor:
                return section
        raise KeyError(anchor)

    def anchors(self) -> list[str]:
        """Every explicit anchor in the source, in order."""
        out: list[str] = []
        for section in self.sections:
            out.append(section.anchor)
            out += [child.anchor for child in section.children]
        return out


def read_notebook(path: str | os.PathLike[str]):
    """The source as an nbformat notebook (via jupytext), without outputs."""
    need_module("jupytext", "jupytext")
    import jupytext

    return jupytext.read(Path(path))


def read_lesson(path: str | os.PathLike[str]) -> Lesson:
    """Split a lesson source into sections at every heading with an explicit anchor; a
    Markdown cell holding several headings is split between them."""
    notebook = read_notebook(path)
    sections: list[Section] = []
    current: Section | None = None

    def add(kind: str, text: str, tags: tuple[str, ...]) -> None:
        if current is not None and text.strip():
            current.cells.append(Cell(kind, text.strip() if kind == "markdown" else text, tags))

    for nb_cell in notebook.cells:
        tags = tuple(nb_cell.metadata.get("tags", ()))
        if nb_cell.cell_type != "markdown":
            add(nb_cell.cell_type, nb_cell.source, tags)
            continue
        lines: list[str] = []
        for line in nb_cell.source.splitlines():
            match = _HEADING.match(line)
            if not match:
                lines.append(line)
                continue
            add("markdown", "\n".join(lines), tags)
            lines = []
            level, anchor, title = len(match.group(1)), match.group(2), match.group(3)
            current = Section(anchor, level, title)
            if level <= 2 or not sections:
                sections.append(current)
            else:
                sections[-1].children.append(current)
        add("markdown", "\n".join(lines), tags)
    return Lesson(Path(path), dict(notebook.metadata), sections)
