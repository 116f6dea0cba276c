"""The teacher's guide for the whole course, printed from its sources like the handouts.

The guide is one Markdown file per language, ``lessons/<lang>/guide/teachers-guide.md``. Three
markers in it are replaced when it is built, so what they show is never typed in:

- ``<!-- looktwice:course -->``: the nine lessons of the course, each with its title, its
  minutes and its objectives read from the lesson's own source when ``toc.yml`` lists it, or
  marked *in preparation* when it does not (:func:`course_table`);
- ``<!-- looktwice:help -->``: the help services by country, with the date each was checked
  and its source (:func:`looktwice.lessons.beyond.help_sources_table` and
  :func:`looktwice.teaching.help_table`);
- ``<!-- looktwice:law -->``: the law in brief by country, dated and sourced
  (:func:`looktwice.lessons.beyond.law_table`).

``looktwice lessons guide --out DIR`` (or ``python -m looktwice.lessons.guide``) writes ``DIR/<lang>/teachers-guide.html`` and,
when WeasyPrint (or Chromium) is installed, the PDF beside it.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from ..text import Text

#: Where the guide is, inside each language folder of the lessons.
GUIDE = Path("guide") / "teachers-guide.md"
MARKER = re.compile(r"<!--\s*looktwice:(course|help|law)\s*-->")


@dataclass(frozen=True)
class Planned:
    """One lesson of the course as ``lessons/README.md`` plans it."""

    number: int
    file: str
    title: Text


#: The course, in order (the table of ``lessons/README.md``).
COURSE: tuple[Planned, ...] = (
    Planned(0, "00-start-here.md", Text("Start here", "Premiers pas")),
    Planned(1, "01-look-closely.md", Text("Look closely", "Regarder de près")),
    Planned(2, "02-labels-and-credentials.md", Text("Labels and credentials", "Étiquettes et identifiants de contenu")),
    Planned(3, "03-invisible-watermarks.md", Text("Invisible watermarks", "Filigranes invisibles")),
    Planned(4, "04-frequency-fingerprints.md", Text("Frequency fingerprints", "Empreintes fréquentielles")),
    Planned(5, "05-noise-and-compression.md", Text("Noise and compression", "Bruit et compression")),
    Planned(6, "06-make-a-fake.md", Text("Make a fake", "Fabriquer un faux")),
    Planned(
        7, "07-detectors-and-their-limits.md", Text("Detectors and their limits", "Les détecteurs et leurs limites")
    ),
    Planned(8, "08-beyond-pixels.md", Text("Beyond pixels", "Au-delà des pixels")),
)

WORDS = {
    "number": Text("#", "n°"),
    "lesson": Text("lesson", "leçon"),
    "minutes": Text("minutes", "minutes"),
    "objectives": Text("by the end, pupils can…", "à la fin, les élèves savent…"),
    "preparing": Text("in preparation", "en préparation"),
    "title": Text("Teacher's guide", "Guide de l’enseignant"),
    "made_from": Text("Made from", "Fabriqué à partir de"),
}


def _plain(markdown: str) -> str:
    """A line of lesson Markdown without its links, emphasis markers and line breaks."""
    from .source import MD_LINK

    text = MD_LINK.sub(lambda m: m.group(2), markdown)
    return re.sub(r"\s+", " ", text.replace("*", "")).strip()


def objectives(lesson) -> list[str]:
    """The objectives of a lesson (a :class:`~looktwice.lessons.source.Lesson`): the items of
    the list in its ``objectives`` section, as plain text."""
    source = "\n".join(c.source for c in lesson.section("objectives").cells if c.kind == "markdown")
    items = re.split(r"^- ", source, flags=re.M)[1:]
    return [_plain(item).rstrip(";.") for item in items]


def course_table(lang: str = "en", root: str | os.PathLike[str] | None = None):
    """The nine lessons: number, title, minutes and objectives from each lesson's source when
    ``toc.yml`` lists it, or *in preparation* when it does not."""
    from ..teaching import Table
    from .source import read_lesson, read_toc

    toc = read_toc(root)
    rows = []
    for planned in COURSE:
        if planned.file in toc.lessons:
            lesson = read_lesson(toc.root / lang / planned.file)
            meta = lesson.metadata["lesson"]
            rows.append(
                (
                    planned.number,
                    lesson.section("top").title,
                    meta["teaching"] + meta["exercises"],
                    "; ".join(objectives(lesson)),
                )
            )
        else:
            rows.append((planned.number, planned.title.get(lang), "—", WORDS["preparing"].get(lang)))
    return Table([WORDS[k].get(lang) for k in ("number", "lesson", "minutes", "objectives")], rows)


def guide_source(lang: str, root: str | os.PathLike[str] | None = None) -> Path:
    """The guide's Markdown source in one language."""
    from .source import read_toc

    return read_toc(root).root / lang / GUIDE


def guide_html(lang: str, root: str | os.PathLike[str] | None = None) -> str:
    """The guide as one self-contained HTML page, its markers replaced by the computed tables."""
    from ..teaching import help_table
    from .beyond import help_sources_table, law_table
    from .handout import _CSS, _markdown

    def table(match: re.Match[str]) -> str:
        kind = match.group(1)
        if kind == "course":
            made = course_table(lang, root)._repr_html_()
        elif kind == "help":
            made = help_table(lang)._repr_html_() + help_sources_table(lang)._repr_html_()
        else:
            made = law_table(lang)._repr_html_()
        return f'\n<div class="services">{made}</div>\n'

    source = guide_source(lang, root).read_text(encoding="utf-8")
    body = _markdown(MARKER.sub(table, source))
    title = WORDS["title"].get(lang)
    footer = (
        f"<footer>Look Twice · {html.escape(WORDS['made_from'].get(lang))} lessons/{lang}/{GUIDE.as_posix()}"
        " · CC BY 4.0</footer>"
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>Look Twice · '
        f"{html.escape(title)}</title><style>{_CSS}</style></head><body>\n{body}\n{footer}\n</body></html>\n"
    )


def build_guide(
    out: str | os.PathLike[str],
    *,
    langs: tuple[str, ...] | None = None,
    root: str | os.PathLike[str] | None = None,
    pdf: bool = True,
) -> list[Path]:
    """Write ``out/<lang>/teachers-guide.html`` (and ``.pdf`` when ``pdf`` and a PDF tool is
    installed) for each language; return the files written."""
    from .handout import pdf_engine, write_pdf
    from .source import read_toc

    engine = pdf_engine() if pdf else None
    written = []
    for lang in langs or read_toc(root).languages:
        folder = Path(out) / lang
        folder.mkdir(parents=True, exist_ok=True)
        page = folder / "teachers-guide.html"
        page.write_text(guide_html(lang, root), encoding="utf-8")
        written.append(page)
        if engine:
            write_pdf(page, page.with_suffix(".pdf"), engine)
            written.append(page.with_suffix(".pdf"))
    return written


def main(argv: list[str] | None = None) -> int:
    """``python -m looktwice.lessons.guide --out DIR [--lang fr] [--no-pdf]``."""
    parser = argparse.ArgumentParser(
        prog="python -m looktwice.lessons.guide", description="Print the teacher's guide (HTML, and PDF when possible)."
    )
    parser.add_argument("--out", required=True, help="folder to write into")
    parser.add_argument("--lang", action="append", help="a language (default: every language of toc.yml)")
    parser.add_argument("--source", help="the lessons folder (default: the one of this copy of the kit)")
    parser.add_argument("--no-pdf", action="store_true", help="write HTML only")
    args = parser.parse_args(argv)
    for path in build_guide(
        args.out, langs=tuple(args.lang) if args.lang else None, root=args.source, pdf=not args.no_pdf
    ):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
