"""Printable handouts from a lesson source: a student worksheet and a teacher's answer key, as
HTML, and as PDF through WeasyPrint (or Chromium) when available.

Both follow the source's cell tags (see :mod:`.editions`). The worksheet takes every section's
title, the pupils' tasks (cells tagged ``activity``, with a box to answer in), the fill-in
code, the quiz questions and the help services. The answer key adds the solutions, the
teacher's notes and the quiz's right answers, each choice with its explanation (read from the
lesson's answer key, :mod:`.answers`). The lesson's body otherwise lives in the notebook.
"""

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
from .answers import VERDICTS, answer_key
from .editions import for_students
from .source import ANCHOR, MD_LINK, Cell, Lesson, Section, read_lesson, read_toc

#: Sections printed in full (their prose), by anchor; ``teacher-notes`` and ``key-points``
#: only on the answer key. Every other section gets its title and its tasks.
FULL_SECTIONS = ("objectives", "questions", "key-points", "help", "teacher-notes")
#: Sections left off paper: the notebook shows them.
LEFT_OFF = ("images-used",)
ANSWER_KEY_ONLY = ("key-points", "teacher-notes")
#: A fill-in code cell: it gives a name the value ``___`` for the pupil to replace.
FILL_IN = re.compile(r"=\s*___\s*$", re.M)
#: A quiz question in a code cell: ``activity.quiz("question-id")``.
QUIZ_CALL = re.compile(r"""\.quiz\(\s*["']([^"']+)["']\s*\)""")

WORDS = {
    "worksheet": Text("Worksheet", "Fiche élève"),
    "answer_key": Text("Answer key", "Corrigé"),
    "for_teacher": Text("For the teacher: do not hand out.", "Pour l’enseignant\u202f: à ne pas distribuer."),
    "name": Text("Name", "Nom"),
    "class": Text("Class", "Classe"),
    "date": Text("Date", "Date"),
    "your_answer": Text("Your answer", "Votre réponse"),
    "solution": Text("Solution", "Solution"),
    "solution_code": Text("Code of the solution", "Code de la solution"),
    "fill_in": Text("Fill in the blanks (___) in the notebook", "Complétez les blancs (___) dans le notebook"),
    "teacher": Text("For the teacher", "Pour l’enseignant"),
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


def _code(source: str) -> str:
    return f"<pre><code>{html.escape(source)}</code></pre>"


def _heading(section: Section, extra: str = "") -> str:
    level = min(max(section.level, 1), 6)
    return f'<h{level} id="{section.anchor}">{html.escape(section.title)}{extra}</h{level}>'


def _boxed(kind: str, label: Text, inner: str, lang: str) -> str:
    return f'<div class="{kind}"><p class="label">{label.get(lang)}</p>{inner}</div>'


def _answer_space(lang: str) -> str:
    return f'<div class="answer-space"><span>{WORDS["your_answer"].get(lang)}</span></div>'


def _task_cells_html(cells: list[Cell], lang: str, answers: bool) -> list[str]:
    """A section's tasks: each ``activity`` cell and its fill-in code, then a box to answer in
    (worksheet) or the solution that follows it in the source (answer key, with the solution
    code and the teacher's notes)."""
    parts: list[str] = []
    box_due = False
    for cell in cells:
        tags = set(cell.tags)
        if cell.kind == "code":
            if "solution" in tags and answers:
                parts.append(_boxed("solution", WORDS["solution_code"], _code(cell.source), lang))
            elif for_students(tags) and FILL_IN.search(cell.source):
                parts.append(_boxed("fill-in", WORDS["fill_in"], _code(cell.source), lang))
            continue
        if box_due:
            parts.append(_answer_space(lang))
            box_due = False
        if "activity" in tags:
            parts.append(f'<div class="task">{_markdown(cell.source)}</div>')
            box_due = not answers
        elif answers and "solution" in tags:
            parts.append(_boxed("solution", WORDS["solution"], _markdown(cell.source), lang))
        elif answers and "teacher" in tags:
            parts.append(_boxed("teacher", WORDS["teacher"], _markdown(cell.source), lang))
    if box_due:
        parts.append(_answer_space(lang))
    return parts


def quiz_ids(section: Section) -> list[str]:
    """The ids of the quiz questions a section's code cells ask, in order."""
    return [m.group(1) for cell in section.cells if cell.kind == "code" for m in QUIZ_CALL.finditer(cell.source)]


def _quiz_html(section: Section, lesson_id: str, lang: str, answers: bool) -> str:
    key = answer_key(lesson_id)
    parts = [_heading(section)]
    if not answers:
        parts.append(f'<p class="label">{WORDS["tick"].get(lang)}</p>')
    for number, qid in enumerate(quiz_ids(section), start=1):
        question = key.questions[qid]
        parts.append(f'<h3 id="quiz-{qid}">{number}. {_inline(question.text.get(lang))}</h3>')
        items = []
        for index, choice in enumerate(question.choices):
            text = f"{question.letter(index)}. {_inline(choice.text.get(lang))}"
            if answers:
                right = index == question.answer
                mark, word = ("✔", WORDS["right"]) if right else ("✘", WORDS["wrong"])
                verdict = VERDICTS["right" if right else "wrong"].get(lang)
                items.append(
                    f'<li class="{"correct" if right else "wrong"}"><span class="box" '
                    f'title="{word.get(lang)}">{mark}</span> {text}<div class="explain">'
                    f"<b>{verdict}</b> {_inline(choice.why.get(lang))}</div></li>"
                )
            else:
                items.append(f'<li><span class="box">☐</span> {text}</li>')
        parts.append(f'<ul class="choices">{"".join(items)}</ul>')
    return "\n".join(parts)


def _inline(markdown: str) -> str:
    """One line of Markdown (inline code, emphasis) as HTML, without a paragraph around it."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").renderInline(markdown)


def _help_html(lang: str) -> str:
    from ..teaching import help_table

    return f'<div class="services">{help_table(lang)._repr_html_()}</div>'


def _section_html(section: Section, lesson: Lesson, lang: str, answers: bool, full: bool = False) -> str:
    if section.anchor == "quiz":
        return _quiz_html(section, lesson.metadata["lesson"]["id"], lang, answers)
    parts = [_heading(section)]
    full = full or section.anchor in FULL_SECTIONS
    if full:
        for cell in section.cells:
            if cell.kind == "markdown" and (answers or for_students(cell.tags)):
                parts.append(_markdown(cell.source))
        if section.anchor == "help":
            parts.append(_help_html(lang))
    else:
        parts += _task_cells_html(section.cells, lang, answers)
    for child in section.children:
        parts.append(_section_html(child, lesson, lang, answers, full))
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
.teacher { border-left: 3pt solid #b07a00; padding: 0 0 0 8pt; margin: 6pt 0 10pt; }
.fill-in { margin: 4pt 0; } .task { margin: 6pt 0 0; } .task p { margin: 2pt 0; }
.services table { font-size: 8.5pt; }
ul.choices { list-style: none; padding-left: 0; } ul.choices li { margin: 4pt 0; break-inside: avoid; }
.box { font-size: 12pt; margin-right: 4pt; } li.correct .box { color: #1a7f37; } li.wrong .box { color: #b3261e; }
.explain { margin: 1pt 0 6pt 1.6em; font-size: 9.5pt; } .explain p { margin: 0; }
kbd { border: 1px solid #999; border-radius: 2pt; padding: 0 2pt; font-size: 9pt; }
a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 8.5pt; color: #444; }
footer { margin-top: 16pt; font-size: 8pt; color: #666; }
"""


def handout_html(lesson: Lesson, lang: str, *, answers: bool) -> str:
    """The worksheet (``answers=False``) or the answer key (``answers=True``) of a lesson as
    one self-contained HTML page: every section of the lesson in order, as the module's
    docstring says."""
    kind = WORDS["answer_key" if answers else "worksheet"].get(lang)
    top = lesson.section("top")
    colon = "\u202f:" if lang == "fr" else ":"
    body = [f'<h1 id="top">{html.escape(top.title)} · {html.escape(kind)}</h1>']
    if answers:
        body.append(f'<p class="banner">{html.escape(WORDS["for_teacher"].get(lang))}</p>')
    else:
        body.append(
            '<div class="who">'
            + "".join(f"<span>{WORDS[w].get(lang)}{colon}</span>" for w in ("name", "class", "date"))
            + "</div>"
        )
    body += [_markdown(c.source) for c in top.cells if c.kind == "markdown" and for_students(c.tags)]
    body += _task_cells_html([c for c in top.cells if not for_students(c.tags)], lang, answers)
    for section in lesson.sections:
        if section.anchor == "top" or section.anchor in LEFT_OFF:
            continue
        if section.anchor in ANSWER_KEY_ONLY and not answers:
            continue
        body.append(_section_html(section, lesson, lang, answers))
    source = f"{lang}/{lesson.path.name}"
    footer = (
        f"<footer>Look Twice · {html.escape(WORDS['made_from'].get(lang))} lessons/{html.escape(source)}"
        " · CC BY 4.0</footer>"
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{html.escape(top.title)} · {html.escape(kind)}</title><style>{_CSS}</style></head>"
        f"<body>\n{chr(10).join(body)}\n{footer}\n</body></html>\n"
    )


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
            [
                engine,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={profile}",
                "--no-pdf-header-footer",
                f"--print-to-pdf={pdf_path}",
                html_path.resolve().as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )


def build_handouts(
    out: str | os.PathLike[str],
    *,
    langs: tuple[str, ...] | None = None,
    root: str | os.PathLike[str] | None = None,
    pdf: bool = True,
) -> list[Handout]:
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
