"""``looktwice lessons``: open the lessons in JupyterLab, and print their handouts.

The lessons are written as text (MyST Markdown read by jupytext) in ``lessons/<lang>/`` and
listed in ``lessons/toc.yml``; see ``lessons/README.md``. This module

- turns them into notebooks in a working folder outside git (``<data dir>/lessons`` unless
  ``--folder`` says otherwise) and opens JupyterLab on this computer only (127.0.0.1), with
  JupyterLab's own news, update check and extension downloads switched off;
- builds the printable handouts from the same sources: a student worksheet without solutions
  and an answer key with them, as HTML, and as PDF when WeasyPrint (or Chromium) is installed.

Commands::

    looktwice lessons [--teacher] [--lang en|fr] [--no-browser] [--port N] [--folder DIR] [--fresh]
    looktwice lessons build [--teacher] [--folder DIR] [--fresh]

Pupils get the student notebooks (no teacher notes, no solutions); ``--teacher`` makes the
teacher edition instead (notes, timings, solutions, and the outputs of a first run), in a
folder of its own.
    looktwice lessons handout [--lang en|fr] [--out DIR] [--no-pdf]
    looktwice lessons guide [--lang en|fr] [--out DIR] [--no-pdf]

jupytext, JupyterLab and the PDF tools are imported only when a command needs them.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path
from typing import Any

from ..text import LANGS, Text
from .handout import build_handouts
from .notebooks import build_notebooks, default_folder, jupyterlab_command, jupyterlab_environment
from .source import LESSONS_DIR_ENV, LessonsError, need_module, read_toc

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
    parser.add_argument(
        "--port", type=int, metavar="N", help="the port JupyterLab listens on (default: 8888 or the next free one)"
    )
    parser.set_defaults(run=run_open)
    actions = parser.add_subparsers(dest="lessons_action", metavar="ACTION")

    p = actions.add_parser("build", help="only make the notebooks and say where they are")
    _language(p)
    _folder(p)
    p.set_defaults(run=run_build)

    p = actions.add_parser("handout", help="make the printable worksheet and answer key")
    _printing(p, "them")
    p.set_defaults(run=run_handout)

    p = actions.add_parser("guide", help="make the printable teacher's guide to the whole course")
    _printing(p, "it")
    p.set_defaults(run=run_guide)


def _printing(p: argparse.ArgumentParser, what: str) -> None:
    """The options of the commands that print: language, folder, HTML only, lessons folder."""
    p.add_argument(
        "--lang", choices=list(LANGS), default=argparse.SUPPRESS, help="only this language (default: every language)"
    )
    p.add_argument(
        "--out",
        type=Path,
        default=Path("looktwice-handouts"),
        metavar="DIR",
        help=f"where to write {what} (default: ./looktwice-handouts)",
    )
    p.add_argument("--no-pdf", action="store_true", help="HTML only, even when a PDF tool is installed")
    p.add_argument(
        "--source",
        type=Path,
        default=argparse.SUPPRESS,
        metavar="DIR",
        help=f"the lessons folder (default: {LESSONS_DIR_ENV} or the source checkout)",
    )


def _language(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--lang",
        choices=list(LANGS),
        default=argparse.SUPPRESS,
        help="language of the lesson to open and of the messages (default: en)",
    )


def _folder(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--folder",
        type=Path,
        default=argparse.SUPPRESS,
        metavar="DIR",
        help="where to put the notebooks (default: the kit's data folder, <data dir>/lessons)",
    )
    p.add_argument(
        "--fresh",
        action="store_true",
        default=argparse.SUPPRESS,
        help="replace the notebooks even if they hold your work",
    )
    p.add_argument(
        "--teacher",
        action="store_true",
        default=argparse.SUPPRESS,
        help="the teacher edition: notes, timings, solutions and expected outputs "
        "(default folder: <data dir>/lessons-teacher)",
    )
    p.add_argument(
        "--source",
        type=Path,
        default=argparse.SUPPRESS,
        metavar="DIR",
        help=f"the lessons folder (default: {LESSONS_DIR_ENV} or the source checkout)",
    )


def _say(lang: str, en: str, fr: str) -> None:
    print(Text(en, fr).get(lang))


def _fail(exc: LessonsError, lang: str) -> int:
    print(exc.message.get(lang), file=sys.stderr)
    return 1


def _build(args: argparse.Namespace, lang: str) -> tuple[Path, list[tuple[Path, str]]]:
    edition = "teacher" if getattr(args, "teacher", False) else "student"
    folder = getattr(args, "folder", None) or default_folder(edition)
    if edition == "teacher":
        _say(
            lang,
            "Making the teacher edition and running it once, so it shows the expected outputs (about a minute)…",
            "Préparation de l'édition enseignant, exécutée une fois pour montrer les "
            "résultats attendus (environ une minute)…",
        )
    built = build_notebooks(
        folder,
        root=getattr(args, "source", None),
        fresh=getattr(args, "fresh", False),
        edition=edition,
        execute=(lang,) if edition == "teacher" else (),
    )
    for path, status in built:
        word = {
            "new": Text("new", "nouveau"),
            "kept": Text("kept (your work is in it)", "gardé (votre travail y est)"),
            "updated": Text("updated", "mis à jour"),
        }[status]
        print(f"  {path}  ({word.get(lang)})")
    if any(status == "kept" for _, status in built):
        _say(
            lang,
            "Use --fresh to start again from the original lessons.",
            "Utilisez --fresh pour repartir des leçons d'origine.",
        )
    return Path(folder), built


def run_build(args: argparse.Namespace) -> int:
    """``looktwice lessons build``: make the notebooks and say where they are."""
    lang = getattr(args, "lang", "en")
    try:
        folder, _ = _build(args, lang)
    except LessonsError as exc:
        return _fail(exc, lang)
    _say(lang, f"The notebooks are in {folder}", f"Les notebooks sont dans {folder}")
    return 0


def run_open(args: argparse.Namespace) -> int:
    """``looktwice lessons``: make the notebooks and open JupyterLab on 127.0.0.1."""
    lang = getattr(args, "lang", "en")
    try:
        need_module("jupyterlab", "jupyterlab")
        folder, built = _build(args, lang)
        toc = read_toc(getattr(args, "source", None))
    except LessonsError as exc:
        return _fail(exc, lang)
    if not toc.lessons:
        _say(lang, "There is no lesson yet.", "Il n'y a pas encore de leçon.")
        return 1
    first = f"{Path(toc.lessons[0]).stem}.ipynb"
    command = jupyterlab_command(folder, lang, first, port=args.port, browser=not args.no_browser)
    _say(
        lang,
        "Starting JupyterLab on this computer only (127.0.0.1). Stop it with Ctrl+C.",
        "Démarrage de JupyterLab sur cet ordinateur seulement (127.0.0.1). Arrêtez-le avec Ctrl+C.",
    )
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
    """``looktwice lessons handout``: print worksheets and answer keys."""
    only = getattr(args, "lang", None)
    lang = only or "en"
    try:
        need_module("jupytext", "jupytext")
        made = build_handouts(
            args.out, langs=(only,) if only else None, root=getattr(args, "source", None), pdf=not args.no_pdf
        )
    except LessonsError as exc:
        return _fail(exc, lang)
    for handout in made:
        for path in (handout.worksheet_html, handout.answer_key_html, handout.worksheet_pdf, handout.answer_key_pdf):
            if path is not None:
                print(f"  {path}")
    if not args.no_pdf and made and made[0].worksheet_pdf is None:
        _say(
            lang,
            "No PDF: install WeasyPrint (pip install weasyprint) or Chromium, or print the HTML from a browser.",
            "Pas de PDF : installez WeasyPrint (pip install weasyprint) ou Chromium, ou imprimez le "
            "HTML depuis un navigateur.",
        )
    return 0


def run_guide(args: argparse.Namespace) -> int:
    """``looktwice lessons guide``: the teacher's guide, HTML (and PDF), see :mod:`.guide`."""
    from .guide import build_guide

    only = getattr(args, "lang", None)
    try:
        need_module("jupytext", "jupytext")
        written = build_guide(
            args.out, langs=(only,) if only else None, root=getattr(args, "source", None), pdf=not args.no_pdf
        )
    except LessonsError as exc:
        return _fail(exc, only or "en")
    for path in written:
        print(f"  {path}")
    return 0
