"""``looktwice demo`` and ``looktwice quiz ...``: the classroom app and the quiz's class counts.

- ``looktwice demo [--classroom] [--host 127.0.0.1] [--port 7860] [--share] [--no-browser]``
  runs the classroom app, :mod:`looktwice.classroom` (installed with the ``demo`` extra).
  Without ``--host``/``--port``, Gradio's ``GRADIO_SERVER_NAME``/``GRADIO_SERVER_PORT`` are
  used, then 127.0.0.1:7860. Gradio is imported only when the demo starts, so ``looktwice
  --help`` stays fast.
- ``looktwice quiz export FILE.csv``, ``looktwice quiz erase [--yes]``,
  ``looktwice quiz compare --before pre --after post`` and ``looktwice quiz sets`` work on the
  anonymous class counts in the data directory (see :mod:`looktwice.quiz`).
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

from .text import Text

LANGS = ("en", "fr")


def add_demo_arguments(p: argparse.ArgumentParser) -> None:
    """The demo's options, shared by ``looktwice demo`` and ``python -m looktwice.classroom``."""
    from .quiz import ALL_SETS, SET_ALIASES

    p.add_argument(
        "--classroom", action="store_true", help="uploads off, curated examples only, no class results in the page"
    )
    p.add_argument(
        "--host",
        default=None,
        help="address to listen on (default $GRADIO_SERVER_NAME, else 127.0.0.1: this computer only; "
        "0.0.0.0: the school network)",
    )
    p.add_argument("--port", type=int, default=None, help="port to listen on (default $GRADIO_SERVER_PORT, else 7860)")
    p.add_argument(
        "--share",
        action="store_true",
        help="ALSO make a public gradio.live link: traffic then leaves this computer (off by default)",
    )
    p.add_argument("--no-browser", action="store_true", help="do not open a browser tab")
    p.add_argument("--lang", choices=LANGS, default=None, help="start in this language (default: each browser's own)")
    p.add_argument(
        "--quiz-set",
        choices=(*ALL_SETS, *SET_ALIASES),
        default=None,
        help="fix the quiz's question set (e.g. set-a for the pre-test, set-b for the post-test)",
    )
    p.add_argument(
        "--quiz-session",
        default=None,
        metavar="LABEL",
        help="fix the quiz's session label (e.g. pre or post): every round is then counted, anonymously",
    )
    p.add_argument("--root-path", default=None, help="URL prefix when served behind a reverse proxy under a sub-path")
    p.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="worker processes that analyse images (default: one per core; 0: inside the app's own process)",
    )


def add_commands(commands) -> None:
    """Attach ``demo`` and ``quiz`` to the ``looktwice`` parser."""
    p = commands.add_parser(
        "demo",
        help="run the classroom app in the browser",
        description="Run Look Twice's classroom app (inspect, quiz, break the evidence). "
        "Everything runs on this computer: no analytics, no public link unless --share.",
    )
    add_demo_arguments(p)
    p.set_defaults(run=run_demo)

    q = commands.add_parser(
        "quiz",
        help="the quiz's anonymous class counts: compare, export, erase",
        description="The quiz keeps COUNTS ONLY (session label, item set, item, right or wrong, "
        "confidence level, day) in quiz.sqlite in the data directory ($LOOKTWICE_DATA_DIR).",
    )
    actions = q.add_subparsers(dest="quiz_action", metavar="ACTION")
    actions.required = True

    p = actions.add_parser("compare", help="print the class's results for two sessions side by side")
    p.add_argument("--before", default="pre", metavar="LABEL", help="session label before the lesson (default pre)")
    p.add_argument("--after", default="post", metavar="LABEL", help="session label after the lesson (default post)")
    _lang(p)
    p.set_defaults(run=run_compare)

    p = actions.add_parser("export", help="write every count to a CSV file")
    p.add_argument("file", type=Path, metavar="FILE.csv", help="the CSV file to write")
    _lang(p)
    p.set_defaults(run=run_export)

    p = actions.add_parser("erase", help="delete every count (the quiz.sqlite file)")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    _lang(p)
    p.set_defaults(run=run_erase)

    p = actions.add_parser("sets", help="list the pictures of each question set")
    p.add_argument("--classroom", action="store_true", help="as in classroom mode (clear licences only)")
    _lang(p)
    p.set_defaults(run=run_sets)


def _lang(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lang", choices=LANGS, default="en", help="language of the messages")


def run_demo(args: argparse.Namespace) -> int:
    """Serve the classroom app (needs Gradio: ``pip install looktwice[demo]``)."""
    if importlib.util.find_spec("gradio") is None:  # not imported: the app sets Gradio up first
        print(
            Text(
                "looktwice demo: Gradio is not installed (pip install 'looktwice[demo]').",
                "looktwice demo : Gradio n'est pas installé (pip install 'looktwice[demo]').",
            ).get(args.lang or "en"),
            file=sys.stderr,
        )
        return 1
    from .classroom import app

    return app.run(args)


def _store():
    from .quiz import QuizStore

    return QuizStore()


def run_compare(args: argparse.Namespace) -> int:
    """``looktwice quiz compare``: the class's pre-test and post-test side by side."""
    from .quiz import check_label

    try:
        check_label(args.before)
        check_label(args.after)
    except ValueError as exc:
        print(f"looktwice quiz compare: {exc}", file=sys.stderr)
        return 2
    store = _store()
    print(store.compare(args.before, args.after).text(args.lang))
    return 0


def run_export(args: argparse.Namespace) -> int:
    """``looktwice quiz export``: the anonymous counts as CSV."""
    store = _store()
    try:
        n = store.export_csv(args.file)
    except OSError as exc:
        print(
            Text(
                f"Could not write {args.file}: {exc.strerror or exc}",
                f"Impossible d'écrire {args.file} : {exc.strerror or exc}",
            ).get(args.lang),
            file=sys.stderr,
        )
        return 1
    print(
        Text(f"Wrote {n} rows of counts to {args.file}.", f"{n} lignes de comptages écrites dans {args.file}.").get(
            args.lang
        )
    )
    return 0


def run_erase(args: argparse.Namespace) -> int:
    """``looktwice quiz erase``: delete the anonymous counts."""
    store = _store()
    if not args.yes:
        question = Text(
            f"Erase every quiz count in {store.path}? This cannot be undone. Type 'yes': ",
            f"Effacer tous les comptages du quiz dans {store.path} ? C'est définitif. Tapez 'yes' : ",
        ).get(args.lang)
        if not sys.stdin.isatty():
            print(
                Text(
                    "Not erased: add --yes to erase without a question.",
                    "Rien n'est effacé : ajoutez --yes pour effacer sans question.",
                ).get(args.lang),
                file=sys.stderr,
            )
            return 1
        if input(question).strip().lower() not in ("yes", "y", "oui", "o"):
            print(Text("Nothing erased.", "Rien n'a été effacé.").get(args.lang))
            return 1
    found = store.erase()
    print(
        (
            Text(f"Erased {store.path}.", f"{store.path} effacé.")
            if found
            else Text("There were no counts to erase.", "Il n'y avait aucun comptage à effacer.")
        ).get(args.lang)
    )
    return 0


def run_sets(args: argparse.Namespace) -> int:
    """``looktwice quiz sets``: the quiz's picture sets and what they hold."""
    from .examples import get_example
    from .quiz import item_sets

    kinds = {"real": Text("real", "réelle"), "generated": Text("generated", "générée")}
    for name, items in item_sets(classroom=args.classroom).items():
        print(f"{name} ({len(items)})")
        if not items:
            print(
                "  "
                + Text(
                    "no balanced set yet: download the example pack (looktwice examples download)",
                    "pas encore de série équilibrée : téléchargez le pack d'exemples (looktwice examples download)",
                ).get(args.lang)
            )
        for item in items:
            print(f"  {kinds[item.truth].get(args.lang):10} {item.name}  ({get_example(item.name).title})")
    return 0
