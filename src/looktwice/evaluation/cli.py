"""``looktwice evaluate SOURCE``: how well each signal separates real from generated images."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..text import Text

#: The names of :data:`~.conditions.CONDITIONS`, repeated here so that the command's help does
#: not import the analyses (a test checks that the two lists agree).
CONDITION_NAMES = ("published", "resaved", "jpeg95", "jpeg75", "jpeg50", "half", "crop")

HELP = Text(
    "measure every signal on labelled images (a folder with labels.csv, 'pack' or 'builtins')",
    "mesurer chaque signal sur des images étiquetées (un dossier avec labels.csv, « pack » ou « builtins »)",
)


def add_commands(commands) -> None:
    """Attach ``evaluate`` to the ``looktwice`` command."""
    p = commands.add_parser("evaluate", help=HELP.en)
    p.add_argument(
        "source", metavar="SOURCE", help="a folder with labels.csv (path,label,generator), 'pack' or 'builtins'"
    )
    p.add_argument(
        "--conditions",
        default=",".join(CONDITION_NAMES),
        help=f"comma-separated, from: {', '.join(CONDITION_NAMES)} (default: all)",
    )
    p.add_argument(
        "--out", type=Path, metavar="DIR", help="write evaluation.csv, evaluation.json, table.txt and PNG plots"
    )
    p.add_argument("--json", action="store_true", help="print the evaluation as JSON")
    p.add_argument("--lang", choices=["en", "fr"], default="en")
    p.add_argument("--workers", type=int, default=None, help="processes to use (default: one per core)")
    p.set_defaults(run=run_evaluate)


def run_evaluate(args: argparse.Namespace) -> int:
    """``looktwice evaluate``: print the table, write the files asked for; the exit status."""
    from .harness import evaluate
    from .output import table, to_json, write_all
    from .sources import EvaluationError, load_source

    conditions = [c.strip() for c in args.conditions.split(",") if c.strip()]
    try:
        images, skipped = load_source(args.source)
        for s in skipped:
            print(f"{s.name}: {s.reason.get(args.lang)}", file=sys.stderr)
        ev = evaluate(images, conditions, workers=args.workers, progress=sys.stderr.isatty(), skipped=skipped)
    except EvaluationError as exc:
        print(f"looktwice evaluate: {exc.message.get(args.lang)}", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"looktwice evaluate: {exc}", file=sys.stderr)
        return 2
    for condition, name, error in ev.errors():
        print(f"{name} ({condition}): {error}", file=sys.stderr)
    if args.json:
        json.dump(to_json(ev), sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        print(table(ev, args.lang))
    if args.out:
        for path in write_all(ev, args.out, args.lang):
            print(path, file=sys.stderr)
    return 0
