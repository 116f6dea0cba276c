"""Printable handouts from a lesson source: a student worksheet without solutions and an
answer key with them, as HTML, and as PDF through WeasyPrint (or Chromium) when available."""

from __future__ import annotations

import html
import importlib.util
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..text import Text
from .source import ANCHOR, DETAILS, MD_LINK, Lesson, Section, read_lesson, read_toc

#: body of the lesson) lives only in the notebook.
WORKSHEET_SECTIONS = ("top", "objectives", "questions", "exercises", "quiz", "help")
ANSWER_KEY_SECTIONS = ("top", "exercises", "quiz", "key-points", "help", "teacher-notes")

WORDS = {
    "worksheet": Text("Worksheet", "Fiche élève"),
    "answer_key": Text("Answer key", "Corrigé"),
    "for_teacher": Text("For the teacher: do not hand out.", "Pour l'enseignant : à ne pas distribuer."),
    "name": Text("Name", "Nom"),
    "class": Text("Class", "Classe"),
    "date": Text("Date", "Date"),
    "your_answer": Text("Your answer", "Votre réponse"),
    "solution": Text("Solution", "Solution"),
    "solution_code": Text("Code of the solution", "Code de la solution"),
    "run_this": Text("Code to run in the notebook", "Code à exécuter dans le notebook"),
    "tick": Text("Tick one answer.", "Cochez une réponse."),
    "right": Text("right answer", "bonne réponse"),
    "wrong": Text("wrong answer", "mauvaise réponse"),
    "made_from": Text("Made from", "Fabriqué à partir de"),
}

# --------------------------------------------------------------------------- handouts


@dataclass
class Handout:
    """The files made for one lesson in one language."""

    lesson: str
    lang: str
    worksheet_html: Path
    answer_key_html: Path
    worksheet_pdf: Path | None = None
    answer_key_pdf: Path | None = None


def _markdown(text: str) -> str:
    """Markdown to HTML (CommonMark, tables and raw HTML allowed). Relative links become
    plain text: a printed page cannot follow them."""
    from markdown_it import MarkdownIt

    def unlink(match: re.Match[str]) -> str:
        bang, label, target = match.groups()
        if bang or "://" in target or target.startswith("mailto:"):
            return match.group(0)
        return label

    text = ANCHOR.sub(lambda m: f'<span id="{m.group(1)}"></span>', MD_LINK.sub(unlink, text))
    return MarkdownIt("commonmark", {"html": True}).enable("table").render(text)


def _without_details(markdown: str) -> str:
    return DETAILS.sub("", markdown).strip()


def _details(markdown: str, kind: str) -> list[tuple[str, str, bool]]:
    """(summary HTML, body Markdown, marked correct) of each ``<details class="kind ...">``."""
    out = []
    for match in DETAILS.finditer(markdown):
        classes = match.group(1).split()
        if kind in classes:
            out.append((match.group(2).strip(), match.group(3).strip(), "correct" in classes))
    return out


def _code(source: str) -> str:
    return f"<pre><code>{html.escape(source)}</code></pre>"


def _heading(section: Section, extra: str = "") -> str:
    level = min(max(section.level, 1), 6)
    return f'<h{level} id="{section.anchor}">{html.escape(section.title)}{extra}</h{level}>'


def _exercise_html(section: Section, lang: str, answers: bool) -> str:
    parts = [_heading(section)]
    for cell in section.cells:
        if cell.kind == "code":
            if "solution" in cell.tags:
                if answers:
                    parts.append(f'<div class="solution"><p class="label">{WORDS["solution_code"].get(lang)}</p>'
                                 f"{_code(cell.source)}</div>")
            else:
                parts.append(f'<p class="label">{WORDS["run_this"].get(lang)}</p>{_code(cell.source)}')
            continue
        prompt = _without_details(cell.source)
        if prompt:
            parts.append(_markdown(prompt))
        if answers:
            for _summary, body, _ in _details(cell.source, "solution"):
                parts.append(f'<div class="solution"><p class="label">{WORDS["solution"].get(lang)}</p>'
                             f"{_markdown(body)}</div>")
    if not answers:
        parts.append(f'<div class="answer-space"><span>{WORDS["your_answer"].get(lang)}</span></div>')
    return "\n".join(parts)


def _question_html(section: Section, lang: str, answers: bool) -> str:
    parts = [_heading(section)]
    items = []
    for cell in section.cells:
        if cell.kind != "markdown":
            continue
        rest = _without_details(cell.source)
        if rest:
            parts.append(_markdown(rest))
        for summary, body, correct in _details(cell.source, "choice"):
            if answers:
                mark, word = ("✔", WORDS["right"]) if correct else ("✘", WORDS["wrong"])
                items.append(f'<li class="{"correct" if correct else "wrong"}"><span class="box" '
                             f'title="{word.get(lang)}">{mark}</span> {summary}'
                             f'<div class="explain">{_markdown(body)}</div></li>')
            else:
                items.append(f'<li><span class="box">☐</span> {summary}</li>')
    if not answers:
        parts.append(f'<p class="label">{WORDS["tick"].get(lang)}</p>')
    parts.append(f'<ul class="choices">{"".join(items)}</ul>')
    return "\n".join(parts)


def _section_html(section: Section, lang: str, answers: bool) -> str:
    if section.anchor == "exercises":
        body = [_heading(section)] + [_markdown(c.source) for c in section.cells if c.kind == "markdown"]
        body += [_exercise_html(child, lang, answers) for child in section.children]
        return "\n".join(body)
    if section.anchor == "quiz":
        # the section's own text tells how to answer in the notebook (click): left out on paper
        body = [_heading(section)] + [_question_html(child, lang, answers) for child in section.children]
        return "\n".join(body)
    parts = [_heading(section)]
    for cell in section.cells:
        parts.append(_markdown(_without_details(cell.source)) if cell.kind == "markdown" else _code(cell.source))
    for child in section.children:
        parts.append(_section_html(child, lang, answers))
    return "\n".join(parts)


_CSS = """
@page { size: A4; margin: 16mm 15mm; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10.5pt;
       line-height: 1.4; color: #111; max-width: 48em; margin: 0 auto; }
h1 { font-size: 18pt; margin: 0 0 4pt; } h2 { font-size: 13.5pt; margin: 16pt 0 4pt;
     border-bottom: 1px solid #999; } h3 { font-size: 11pt; margin: 12pt 0 4pt; }
h2, h3 { break-after: avoid; }
.banner { font-size: 9pt; color: #444; border: 1px solid #999; padding: 4pt 6pt; margin-bottom: 8pt; }
.who { display: flex; gap: 2em; margin: 6pt 0 10pt; } .who span { flex: 1; border-bottom: 1px solid #333; }
pre { background: #f3f3f3; border: 1px solid #ddd; padding: 5pt; font-size: 8.5pt;
      white-space: pre-wrap; break-inside: avoid; }
table { border-collapse: collapse; margin: 4pt 0; } td, th { border: 1px solid #aaa; padding: 2pt 5pt;
        text-align: left; vertical-align: top; } td:empty { height: 1.6em; min-width: 9em; }
.label { font-size: 8.5pt; color: #555; margin: 6pt 0 2pt; text-transform: uppercase; letter-spacing: .03em; }
.answer-space { border: 1px dashed #888; min-height: 6.5em; margin: 6pt 0 12pt; padding: 3pt 5pt;
                break-inside: avoid; } .answer-space span { font-size: 8.5pt; color: #777; }
.solution { border-left: 3pt solid #2a7; padding: 0 0 0 8pt; margin: 6pt 0 10pt; }
ul.choices { list-style: none; padding-left: 0; } ul.choices li { margin: 4pt 0; break-inside: avoid; }
.box { font-size: 12pt; margin-right: 4pt; } li.correct .box { color: #1a7f37; } li.wrong .box { color: #b3261e; }
.explain { margin: 1pt 0 6pt 1.6em; font-size: 9.5pt; } .explain p { margin: 0; }
kbd { border: 1px solid #999; border-radius: 2pt; padding: 0 2pt; font-size: 9pt; }
a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 8.5pt; color: #444; }
footer { margin-top: 16pt; font-size: 8pt; color: #666; }
"""


def handout_html(lesson: Lesson, lang: str, *, answers: bool) -> str:
    """The worksheet (``answers=False``) or the answer key (``answers=True``) of a lesson as
    one self-contained HTML page."""
    wanted = ANSWER_KEY_SECTIONS if answers else WORKSHEET_SECTIONS
    kind = WORDS["answer_key" if answers else "worksheet"].get(lang)
    top = lesson.section("top")
    body = []
    for anchor in wanted:
        try:
            section = lesson.section(anchor)
        except KeyError:
            continue
        if anchor == "top":
            body.append(f'<h1 id="top">{html.escape(top.title)} · {html.escape(kind)}</h1>')
            if answers:
                body.append(f'<p class="banner">{html.escape(WORDS["for_teacher"].get(lang))}</p>')
            else:
                body.append('<div class="who">' + "".join(
                    f"<span>{WORDS[w].get(lang)} :</span>" if lang == "fr" else f"<span>{WORDS[w].get(lang)}:</span>"
                    for w in ("name", "class", "date")) + "</div>")
            body += [_markdown(c.source) for c in section.cells if c.kind == "markdown"]
            continue
        body.append(_section_html(section, lang, answers))
    source = f"{lang}/{lesson.path.name}"
    footer = f'<footer>Look Twice · {html.escape(WORDS["made_from"].get(lang))} lessons/{html.escape(source)} · CC BY 4.0</footer>'
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{html.escape(top.title)} · {html.escape(kind)}</title><style>{_CSS}</style></head>"
            f"<body>\n{chr(10).join(body)}\n{footer}\n</body></html>\n")


def pdf_engine() -> str | None:
    """The tool that will print PDFs: ``"weasyprint"``, a Chromium executable, or None."""
    if importlib.util.find_spec("weasyprint") is not None:
        try:  # it needs the system's Pango library, which a minimal computer may lack
            import weasyprint  # noqa: F401
        except (ImportError, OSError):
            pass
        else:
            return "weasyprint"
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def write_pdf(html_path: Path, pdf_path: Path, engine: str) -> None:
    """Print an HTML file to PDF with WeasyPrint or headless Chromium, offline."""
    if engine == "weasyprint":
        import logging

        import weasyprint

        logging.getLogger("weasyprint").setLevel(logging.ERROR)
        logging.getLogger("fontTools").setLevel(logging.ERROR)
        weasyprint.HTML(filename=str(html_path)).write_pdf(str(pdf_path))
        return
    with tempfile.TemporaryDirectory(prefix="looktwice-chromium-") as profile:
        subprocess.run(
            [engine, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", "--no-pdf-header-footer", f"--print-to-pdf={pdf_path}",
             html_path.resolve().as_uri()],
            check=True, capture_output=True, timeout=120,
        )


def build_handouts(out: str | os.PathLike[str], *, langs: tuple[str, ...] | None = None,
                   root: str | os.PathLike[str] | None = None, pdf: bool = True) -> list[Handout]:
    """Write ``out/<lang>/<lesson>-worksheet.html`` and ``-answer-key.html`` for every lesson
    (and the PDFs when ``pdf`` and a PDF tool is installed)."""
    toc = read_toc(root)
    engine = pdf_engine() if pdf else None
    made = []
    for lang in langs or toc.languages:
        folder = Path(out) / lang
        folder.mkdir(parents=True, exist_ok=True)
        for name in toc.lessons:
            lesson = read_lesson(toc.root / lang / name)
            stem = Path(name).stem
            result = Handout(stem, lang, folder / f"{stem}-worksheet.html", folder / f"{stem}-answer-key.html")
            result.worksheet_html.write_text(handout_html(lesson, lang, answers=False), encoding="utf-8")
            result.answer_key_html.write_text(handout_html(lesson, lang, answers=True), encoding="utf-8")
            if engine:
                result.worksheet_pdf = result.worksheet_html.with_suffix(".pdf")
                result.answer_key_pdf = result.answer_key_html.with_suffix(".pdf")
                write_pdf(result.worksheet_html, result.worksheet_pdf, engine)
                write_pdf(result.answer_key_html, result.answer_key_pdf, engine)
            made.append(result)
    return made


