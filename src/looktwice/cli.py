"""The ``looktwice`` command.

``looktwice inspect IMAGE... [--json] [--lang en|fr]`` prints what the kit finds in each image;
other subcommands are added by the parts of the kit they belong to.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__
from .safe_text import json_for_terminal, terminal
from .text import Text

OPEN_FAILED = Text("could not be opened", "n'a pas pu être ouverte")
#: Each image is inspected in a child process stopped after this many seconds...
DEFAULT_TIMEOUT = 60.0
#: ...or when it needs more address space than this (a 40-megapixel photo needs about 1.5 GB).
DEFAULT_MEMORY_MB = 4096


def build_parser() -> argparse.ArgumentParser:
    """The ``looktwice`` command's parser, with every part's subcommands attached."""
    parser = argparse.ArgumentParser(
        prog="looktwice",
        description="Look Twice: look closely at an image and see what it says about how it "
        "was made. Everything runs on this computer; nothing is sent anywhere.",
    )
    parser.add_argument("--version", action="version", version=f"looktwice {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    p = commands.add_parser("inspect", help="report on one or more images")
    p.add_argument("images", nargs="*", metavar="IMAGE", help="image files to inspect")
    p.add_argument(
        "--example",
        action="append",
        default=[],
        metavar="NAME",
        help="inspect a built-in example by name (see 'looktwice examples list')",
    )
    p.add_argument("--json", action="store_true", help="print JSON (schema in report.schema.json)")
    p.add_argument("--lang", choices=["en", "fr"], default="en", help="language of the report")
    p.add_argument(
        "--pictures",
        type=Path,
        metavar="DIR",
        help="also save each analysis's picture as a PNG file in DIR",
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"stop reading a file after this long (default {DEFAULT_TIMEOUT:g}; 0: no limit, in this process)",
    )
    p.add_argument(
        "--memory",
        type=int,
        default=DEFAULT_MEMORY_MB,
        metavar="MB",
        help=f"stop reading a file that needs more memory than this (default {DEFAULT_MEMORY_MB}; 0: no limit)",
    )
    p.set_defaults(run=run_inspect)

    from . import demo_cli
    from .evaluation import cli as evaluation_cli
    from .examples import cli as examples_cli
    from .lessons import cli as lessons_cli

    for part in (examples_cli, evaluation_cli, demo_cli, lessons_cli):
        part.add_commands(commands)
    return parser


def _sources(args: argparse.Namespace) -> list[tuple[object, str | None, str | None]]:
    """(source, display name, credit line) for every image asked for."""
    from .examples import load_example_bytes

    items: list[tuple[object, str | None, str | None]] = [(Path(i), None, None) for i in args.images]
    for name in args.example:
        data, credit = load_example_bytes(name)
        items.append((data, name, credit))
    return items


def _inspect_one(source, name: str | None, args: argparse.Namespace) -> tuple[str, object]:
    """Inspect one image: ("json", the report as a dict) or ("text", the readable report);
    pictures saved as asked. Runs in a child process when a time limit is set."""
    from .report import inspect

    report = inspect(source, name=name)
    if args.pictures:
        _save_pictures(report, args.pictures)
    if args.json:
        return "json", report.to_dict()
    from .render import report_as_text

    return "text", report_as_text(report, args.lang)


def run_inspect(args: argparse.Namespace) -> int:
    """``looktwice inspect``: report on each image, each in a bounded child process; the exit status."""
    from .bounded import LimitExceeded
    from .image_file import ImageError
    from .report import SCHEMA_VERSION

    if not args.images and not args.example:
        print("looktwice inspect: give at least one IMAGE or --example NAME", file=sys.stderr)
        return 2
    status = 0
    outputs: list[dict] = []
    for source, name, credit in _sources(args):
        label = name or str(source)
        try:
            if args.timeout > 0:
                from .bounded import run_bounded

                _kind, payload = run_bounded(
                    _inspect_one, source, name, args, timeout=args.timeout, memory_mb=args.memory or None
                )
            else:
                _kind, payload = _inspect_one(source, name, args)
        except (ImageError, LimitExceeded) as exc:
            status = 1
            if args.json:
                outputs.append({"name": label, "error": exc.message.to_dict()})
            else:
                print(terminal(f"{label}: {OPEN_FAILED.get(args.lang)}\n  {exc.message.get(args.lang)}\n"))
            continue
        if args.json:
            outputs.append(payload)
        else:
            print(payload)
            if credit:
                print(terminal(f"  ({credit})\n"))
    if args.json:
        document = {"schema_version": SCHEMA_VERSION, "looktwice_version": __version__, "reports": outputs}
        print(json_for_terminal(json.dumps(document, ensure_ascii=False, indent=2)))
    return status


def _save_pictures(report, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    stem = Path(report.name).stem
    for result in report.results:
        picture = result.picture()
        if picture is not None:
            picture.save(folder / f"{stem}-{result.name}.png")


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``looktwice`` command; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    from .image_file import ImageError

    try:
        return args.run(args)
    except ImageError as exc:
        print(terminal(exc.message.en), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
