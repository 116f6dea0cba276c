"""``looktwice lessons``: open the lessons in JupyterLab, and print their handouts.

The lessons are written as text (MyST Markdown read by jupytext) in ``lessons/<lang>/`` and
listed in ``lessons/toc.yml``; see ``lessons/README.md``. This module

- turns them into notebooks in a working folder outside git (``<data dir>/lessons`` unless
  ``--folder`` says otherwise) and opens JupyterLab on this computer only (127.0.0.1), with
  JupyterLab's own news, update check and extension downloads switched off;
- builds the printable handouts from the same sources: a student worksheet without solutions
  and an answer key with them, as HTML, and as PDF when WeasyPrint (or Chromium) is installed.

Commands::

    looktwice lessons [--lang en|fr] [--no-browser] [--port N] [--folder DIR] [--fresh]
    looktwice lessons build [--folder DIR] [--fresh]
    looktwice lessons handout [--lang en|fr] [--out DIR] [--no-pdf]

jupytext, JupyterLab and the PDF tools are imported only when a command needs them.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .text import LANGS, Text

#: Environment variable naming the folder that holds ``toc.yml`` and the language folders.
LESSONS_DIR_ENV = "LOOKTWICE_LESSONS_DIR"
TOC_FILE = "toc.yml"

#: Headings of sections carry an explicit anchor, the same in every language.
_HEADING = re.compile(r'^(#{1,6})\s+<a id="([A-Za-z0-9_-]+)"></a>\s*(.*?)\s*$')
_ANCHOR = re.compile(r'<a id="([A-Za-z0-9_-]+)"></a>')
_MD_LINK = re.compile(r"(!?)\[([^\]]*)\]\(([^)\s]+)\)")
_DETAILS = re.compile(r'<details class="([^"]*)"><summary>(.*?)</summary>\s*(.*?)\s*</details>', re.S)

#: Which sections each handout takes (by anchor id), in this order. Everything else (the
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
        raise LessonsError(Text(
            f"{named} is not a lessons folder: it has no {TOC_FILE}.",
            f"{named} n'est pas un dossier de leçons : il n'a pas de {TOC_FILE}.",
        ))
    checkout = Path(__file__).resolve().parents[2] / "lessons"
    if (checkout / TOC_FILE).is_file():
        return checkout
    raise LessonsError(Text(
        f"The lesson sources were not found. Run this command from a copy of the Look Twice "
        f"source code, or set {LESSONS_DIR_ENV} to the folder that holds {TOC_FILE}.",
        f"Les sources des leçons sont introuvables. Lancez cette commande depuis une copie du "
        f"code source de Look Twice, ou indiquez dans {LESSONS_DIR_ENV} le dossier qui contient "
        f"{TOC_FILE}.",
    ))


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


def _need(module: str, package: str) -> None:
    if importlib.util.find_spec(module) is None:
        raise LessonsError(Text(
            f"The lessons need the Python package '{package}'. Install it with: "
            f"{sys.executable} -m pip install {package}",
            f"Les leçons ont besoin du paquet Python « {package} ». Installez-le avec : "
            f"{sys.executable} -m pip install {package}",
        ))


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
    _need("jupytext", "jupytext")
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


# --------------------------------------------------------------------------- notebooks


def _link_to_notebook(markdown: str, converted: set[str]) -> str:
    """Point relative links at converted sources (``glossary.md#x``) to their notebooks."""

    def swap(match: re.Match[str]) -> str:
        bang, text, target = match.groups()
        path, _, anchor = target.partition("#")
        if bang or "://" in path or not path.endswith(".md") or Path(path).name not in converted:
            return match.group(0)
        return f"[{text}]({path[:-3]}.ipynb{'#' + anchor if anchor else ''})"

    return _MD_LINK.sub(swap, markdown)


def default_folder() -> Path:
    """Where ``looktwice lessons`` puts the notebooks: ``<data dir>/lessons``."""
    from .paths import data_dir

    return data_dir() / "lessons"


def build_notebooks(folder: str | os.PathLike[str] | None = None, *, root: str | os.PathLike[str] | None = None,
                    fresh: bool = False) -> list[tuple[Path, str]]:
    """Convert every source (all languages) into ``folder/<lang>/<name>.ipynb``.

    A notebook made earlier from the same source is kept, with the pupil's work in it. A
    notebook made from an older source is renamed ``<name>.before-update-<time>.ipynb`` and
    replaced; ``fresh=True`` replaces every notebook without keeping a copy. Returns each
    notebook's path with what happened to it (``"new"``, ``"kept"``, ``"updated"``).
    """
    _need("jupytext", "jupytext")
    import jupytext
    import nbformat

    toc = read_toc(root)
    target_root = Path(folder) if folder is not None else default_folder()
    converted = {*toc.lessons, toc.glossary}
    done: list[tuple[Path, str]] = []
    for lang in toc.languages:
        out_dir = target_root / lang
        out_dir.mkdir(parents=True, exist_ok=True)
        for source in toc.sources(lang):
            raw = source.read_bytes()
            digest = hashlib.sha256(raw).hexdigest()
            notebook = jupytext.reads(raw.decode("utf-8"), fmt="md:myst")
            for cell in notebook.cells:
                if cell.cell_type == "markdown":
                    cell.source = _link_to_notebook(cell.source, converted)
            notebook.metadata.pop("jupytext", None)  # a plain notebook, not paired with a text file
            notebook.metadata["looktwice"] = {"source": f"{lang}/{source.name}", "source_sha256": digest}
            target = out_dir / f"{source.stem}.ipynb"
            status = "new"
            if target.exists() and not fresh:
                if _source_digest(target) == digest:
                    done.append((target, "kept"))
                    continue
                stamp = time.strftime("%Y%m%d-%H%M%S")
                target.rename(target.with_name(f"{source.stem}.before-update-{stamp}.ipynb"))
                status = "updated"
            elif target.exists():
                status = "updated"
            nbformat.write(notebook, str(target))
            done.append((target, status))
    return done


def _source_digest(notebook_path: Path) -> str | None:
    import json

    try:
        with open(notebook_path, encoding="utf-8") as f:
            return json.load(f).get("metadata", {}).get("looktwice", {}).get("source_sha256")
    except (OSError, ValueError, AttributeError):
        return None


def jupyterlab_command(folder: Path, lang: str, first: str, *, port: int | None, browser: bool) -> list[str]:
    """The command that serves ``folder`` with JupyterLab on 127.0.0.1 and opens ``first``."""
    command = [
        sys.executable, "-m", "jupyterlab",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.root_dir={folder}",
        f"--ServerApp.open_browser={browser}",
        f"--LabApp.default_url=/lab/tree/{lang}/{first}",
        # nothing is fetched from the internet while a lesson runs
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
    ]
    if port is not None:
        command.append(f"--ServerApp.port={port}")
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # some classroom kiosks log in as root
        command.append("--ServerApp.allow_root=True")
    return command


#: JupyterLab settings for a classroom: no prompt about news, no update check (both would
#: contact the internet). Given to JupyterLab as defaults, so a user's own settings still win.
JUPYTERLAB_DEFAULTS = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}


def jupyterlab_environment(folder: Path, base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment to start JupyterLab with: ``base`` (this process's environment by
    default) plus a configuration folder, ``folder/.jupyter-config``, that switches off
    JupyterLab's news prompt and update check (``JUPYTER_CONFIG_PATH``, searched before the
    user's own folders, which it does not replace)."""
    import json

    config = folder / ".jupyter-config"
    (config / "labconfig").mkdir(parents=True, exist_ok=True)
    (config / "labconfig" / "default_setting_overrides.json").write_text(
        json.dumps(JUPYTERLAB_DEFAULTS, indent=2) + "\n", encoding="utf-8")
    env = dict(os.environ if base is None else base)
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(p for p in (str(config), env.get("JUPYTER_CONFIG_PATH")) if p)
    return env


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

    text = _ANCHOR.sub(lambda m: f'<span id="{m.group(1)}"></span>', _MD_LINK.sub(unlink, text))
    return MarkdownIt("commonmark", {"html": True}).enable("table").render(text)


def _without_details(markdown: str) -> str:
    return _DETAILS.sub("", markdown).strip()


def _details(markdown: str, kind: str) -> list[tuple[str, str, bool]]:
    """(summary HTML, body Markdown, marked correct) of each ``<details class="kind ...">``."""
    out = []
    for match in _DETAILS.finditer(markdown):
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


# --------------------------------------------------------------------------- commands


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add ``lessons`` (and its ``build`` and ``handout`` actions) to the ``looktwice`` parser."""
    parser = commands.add_parser(
        "lessons",
        help="open the lessons in JupyterLab, or print their handouts",
        description="Turn the lessons into notebooks and open them in JupyterLab on this "
        "computer (127.0.0.1 only). Nothing is downloaded while a lesson runs.",
    )
    _language(parser)
    _folder(parser)
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser; print the address")
    parser.add_argument("--port", type=int, metavar="N", help="the port JupyterLab listens on (default: 8888 "
                        "or the next free one)")
    parser.set_defaults(run=run_open)
    actions = parser.add_subparsers(dest="lessons_action", metavar="ACTION")

    p = actions.add_parser("build", help="only make the notebooks and say where they are")
    _language(p)
    _folder(p)
    p.set_defaults(run=run_build)

    p = actions.add_parser("handout", help="make the printable worksheet and answer key")
    p.add_argument("--lang", choices=list(LANGS), default=argparse.SUPPRESS,
                   help="only this language (default: every language)")
    p.add_argument("--out", type=Path, default=Path("looktwice-handouts"), metavar="DIR",
                   help="where to write them (default: ./looktwice-handouts)")
    p.add_argument("--no-pdf", action="store_true", help="HTML only, even when a PDF tool is installed")
    p.add_argument("--source", type=Path, default=argparse.SUPPRESS, metavar="DIR",
                   help=f"the lessons folder (default: {LESSONS_DIR_ENV} or the source checkout)")
    p.set_defaults(run=run_handout)


def _language(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lang", choices=list(LANGS), default=argparse.SUPPRESS,
                   help="language of the lesson to open and of the messages (default: en)")


def _folder(p: argparse.ArgumentParser) -> None:
    p.add_argument("--folder", type=Path, default=argparse.SUPPRESS, metavar="DIR",
                   help="where to put the notebooks (default: the kit's data folder, <data dir>/lessons)")
    p.add_argument("--fresh", action="store_true", default=argparse.SUPPRESS,
                   help="replace the notebooks even if they hold your work")
    p.add_argument("--source", type=Path, default=argparse.SUPPRESS, metavar="DIR",
                   help=f"the lessons folder (default: {LESSONS_DIR_ENV} or the source checkout)")


def _say(lang: str, en: str, fr: str) -> None:
    print(Text(en, fr).get(lang))


def _fail(exc: LessonsError, lang: str) -> int:
    print(exc.message.get(lang), file=sys.stderr)
    return 1


def _build(args: argparse.Namespace, lang: str) -> tuple[Path, list[tuple[Path, str]]]:
    folder = getattr(args, "folder", None) or default_folder()
    built = build_notebooks(folder, root=getattr(args, "source", None), fresh=getattr(args, "fresh", False))
    for path, status in built:
        word = {"new": Text("new", "nouveau"), "kept": Text("kept (your work is in it)", "gardé (votre travail y est)"),
                "updated": Text("updated", "mis à jour")}[status]
        print(f"  {path}  ({word.get(lang)})")
    if any(status == "kept" for _, status in built):
        _say(lang, "Use --fresh to start again from the original lessons.",
             "Utilisez --fresh pour repartir des leçons d'origine.")
    return Path(folder), built


def run_build(args: argparse.Namespace) -> int:
    lang = getattr(args, "lang", "en")
    try:
        folder, _ = _build(args, lang)
    except LessonsError as exc:
        return _fail(exc, lang)
    _say(lang, f"The notebooks are in {folder}", f"Les notebooks sont dans {folder}")
    return 0


def run_open(args: argparse.Namespace) -> int:
    lang = getattr(args, "lang", "en")
    try:
        _need("jupyterlab", "jupyterlab")
        folder, built = _build(args, lang)
        toc = read_toc(getattr(args, "source", None))
    except LessonsError as exc:
        return _fail(exc, lang)
    if not toc.lessons:
        _say(lang, "There is no lesson yet.", "Il n'y a pas encore de leçon.")
        return 1
    first = f"{Path(toc.lessons[0]).stem}.ipynb"
    command = jupyterlab_command(folder, lang, first, port=args.port, browser=not args.no_browser)
    _say(lang, "Starting JupyterLab on this computer only (127.0.0.1). Stop it with Ctrl+C.",
         "Démarrage de JupyterLab sur cet ordinateur seulement (127.0.0.1). Arrêtez-le avec Ctrl+C.")
    return serve(command, folder)


def serve(command: list[str], folder: Path) -> int:
    """Run JupyterLab until it stops, and return its exit status.

    Ctrl+C in the terminal reaches JupyterLab too (same process group), which then shuts its
    kernels down cleanly (so each lesson's scratch folder is removed); this process only waits
    for it. A termination request (SIGTERM) is passed on to JupyterLab, which also stops cleanly.
    """
    import signal

    process = subprocess.Popen(command, cwd=folder, env=jupyterlab_environment(folder))

    def stop(_signum: int, _frame: Any) -> None:
        process.terminate()

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        while True:
            try:
                return process.wait()
            except KeyboardInterrupt:
                continue
    finally:
        signal.signal(signal.SIGTERM, previous)


def run_handout(args: argparse.Namespace) -> int:
    only = getattr(args, "lang", None)
    lang = only or "en"
    try:
        _need("jupytext", "jupytext")
        made = build_handouts(args.out, langs=(only,) if only else None, root=getattr(args, "source", None),
                              pdf=not args.no_pdf)
    except LessonsError as exc:
        return _fail(exc, lang)
    for handout in made:
        for path in (handout.worksheet_html, handout.answer_key_html, handout.worksheet_pdf, handout.answer_key_pdf):
            if path is not None:
                print(f"  {path}")
    if not args.no_pdf and made and made[0].worksheet_pdf is None:
        _say(lang, "No PDF: install WeasyPrint (pip install weasyprint) or Chromium, or print the HTML "
             "from a browser.",
             "Pas de PDF : installez WeasyPrint (pip install weasyprint) ou Chromium, ou imprimez le "
             "HTML depuis un navigateur.")
    return 0
