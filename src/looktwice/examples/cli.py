"""``looktwice examples ...``: list, download, verify and export the example images.

Attached to the main command by :func:`add_commands`. The heavy modules (pooch, requests,
Pillow) are imported only when an action runs, so ``looktwice --help`` stays fast. Every
sentence is in English and French (``--lang``); exit status 0 means all went well, 1 that
something needs attention (the message says what), 2 a mistake in the command line.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..text import Text

STATUS_CHOICES = ("clear", "attribution", "uncertain", "noncommercial")


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add ``examples`` and its actions to the ``looktwice`` command's subparsers."""
    parser = commands.add_parser(
        "examples",
        help="list, download, check and share the example images",
        description="Example images with known provenance: built-in photos that need no "
        "network, and a downloadable pack of real and generated images.",
    )
    actions = parser.add_subparsers(dest="examples_action", metavar="ACTION")
    actions.required = True

    p = actions.add_parser("list", help="show the examples with their licences and credits")
    p.add_argument("--kind", help="only this kind: real or generated")
    p.add_argument("--generator", metavar="X", help="only generators whose name contains X (e.g. flux)")
    p.add_argument(
        "--tell",
        action="append",
        metavar="T",
        help="only examples with this tag; repeat for several (see 'looktwice examples tells')",
    )
    p.add_argument("--origin", choices=["builtin", "pack"], help="only built-in photos, or only the pack")
    p.add_argument("--family", metavar="F", help="only this generator family (e.g. sdxl, flux, camera)")
    p.add_argument(
        "--category",
        action="append",
        metavar="C",
        help="only examples with a tell of this category (text, hands, reflection, physics, "
        "background, texture, none, metadata, credentials, watermark); repeat for several",
    )
    _common(p)
    p.set_defaults(run=run_list)

    p = actions.add_parser("tells", help="explain the tell categories and the tags used to pick examples")
    _lang(p)
    p.set_defaults(run=run_tells)

    p = actions.add_parser("download", help="download and check the example pack")
    p.add_argument("names", nargs="*", metavar="NAME", help="only these examples (default: the whole pack)")
    p.add_argument(
        "--mirror",
        metavar="URL_OR_DIR",
        help="get the files from a school's copy: a folder made by 'looktwice examples export', "
        "or the web address where that folder is served",
    )
    p.add_argument("--retries", type=int, default=2, metavar="N", help="retry a failed file N times (default 2)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    _common(p)
    p.set_defaults(run=run_download)

    p = actions.add_parser("verify", help="check the examples on this computer against their checksums")
    _common(p)
    p.set_defaults(run=run_verify)

    p = actions.add_parser("export", help="write the pack to a folder, to copy to USB sticks or serve")
    p.add_argument("folder", type=Path, metavar="DIR", help="folder to write (created if needed)")
    _common(p)
    p.set_defaults(run=run_export)


def _lang(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lang", choices=["en", "fr"], default="en", help="language of the messages")


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--exclude-status",
        type=_statuses,
        default=(),
        metavar="S[,S]",
        help="leave out images whose licence status is one of these: uncertain, noncommercial (or clear, attribution)",
    )
    _lang(p)


def _statuses(text: str) -> tuple[str, ...]:
    values = tuple(v.strip().lower() for v in text.split(",") if v.strip())
    bad = [v for v in values if v not in STATUS_CHOICES]
    if bad:
        raise argparse.ArgumentTypeError(
            f"unknown licence status {', '.join(bad)}; use some of: {', '.join(STATUS_CHOICES)}"
        )
    return values


def _say(text: Text, lang: str, *, err: bool = False) -> None:
    print(text.get(lang), file=sys.stderr if err else sys.stdout)


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


GET_PACK = Text(
    "Get the pack with `looktwice examples download`.",
    "Obtenez le pack avec `looktwice examples download`.",
)


def run_list(args: argparse.Namespace) -> int:
    """Print each chosen example: title, status, description, generator, tells, credit, licence."""
    from ..tell_categories import VOCABULARY
    from . import TELLS, cache_dir, default_catalog

    catalog, lang = default_catalog(), args.lang
    if args.kind and args.kind not in catalog.kinds():
        kinds = ", ".join(catalog.kinds())
        _say(
            Text(
                f"Unknown kind '{args.kind}'. Kinds: {kinds}.",
                f"Type inconnu «\u202f{args.kind}\u202f». Types\u00a0: {kinds}.",
            ),
            lang,
            err=True,
        )
        return 2
    unknown = ", ".join(t for t in args.tell or () if t not in TELLS and t not in catalog.tells())
    unknown += ", ".join(c for c in args.category or () if c not in VOCABULARY)
    if unknown:
        _say(
            Text(
                f"Unknown tell {unknown}. See them with `looktwice examples tells`.",
                f"Indice inconnu {unknown}. Voyez-les avec `looktwice examples tells`.",
            ),
            lang,
            err=True,
        )
        return 2
    if args.family and args.family.lower() not in catalog.families():
        families = ", ".join(catalog.families())
        _say(
            Text(
                f"Unknown family '{args.family}'. Families: {families}.",
                f"Famille inconnue «\u202f{args.family}\u202f». Familles\u00a0: {families}.",
            ),
            lang,
            err=True,
        )
        return 2
    shown = catalog.find(
        args.kind,
        generator=args.generator,
        tell=args.tell,
        origin=args.origin,
        exclude_status=args.exclude_status,
        category=args.category,
        family=args.family,
    )
    for e in shown:
        _print_example(e, catalog.source_of(e.name).status(e).get(lang), lang)
    pack = [e for e in catalog if e.origin == "pack"]
    here = sum(catalog.is_available(e.name) for e in pack)
    print()
    _say(
        Text(
            f"{len(shown)} of {len(catalog)} examples shown. Pack: {here} of {len(pack)} downloaded "
            f"(cache: {cache_dir()}).",
            f"{len(shown)} exemples affichés sur {len(catalog)}. Pack\u00a0: {here} sur {len(pack)} "
            f"téléchargés (cache\u00a0: {cache_dir()}).",
        ),
        lang,
    )
    if here < len(pack):
        _say(GET_PACK, lang)
    return 0


LIST_LABELS = {
    "generator": Text("generator", "générateur"),
    "family": Text("family", "famille"),
    "tags": Text("tags", "étiquettes"),
    "tells": Text("tells", "indices"),
    "credit": Text("credit", "crédit"),
    "licence": Text("licence", "licence"),
}


def _print_example(e, status: str, lang: str) -> None:
    """One example of ``examples list``: a title line, then indented facts and its tells."""
    import shutil
    import textwrap

    colon = "\u00a0:" if lang == "fr" else ":"
    width = max(60, min(110, shutil.get_terminal_size((100, 24)).columns))

    def say(text: str, label: str = "", first: bool = True, wrap: bool = True) -> None:
        head = f"{label}{colon} " if label and first else " " * (len(label) + len(colon) + 1) if label else ""
        if not wrap:  # credits and licences stay on one line, to be copied whole
            print(f"    {head}{text}")
            return
        print(
            textwrap.fill(
                text,
                width,
                initial_indent="    " + head,
                subsequent_indent="    " + " " * len(head),
                break_on_hyphens=False,
            )
        )

    kind = {"real": Text("real", "réelle"), "generated": Text("generated", "générée")}.get(e.kind)
    print(f"{e.name}: {e.title_text.get(lang)}  [{kind.get(lang) if kind else e.kind}, {status}]")
    say(e.description_text.get(lang))
    if e.kind != "real":
        say(e.generator, LIST_LABELS["generator"].get(lang))
    if e.family:
        say(e.family, LIST_LABELS["family"].get(lang))
    say(", ".join(e.tells) or "-", LIST_LABELS["tags"].get(lang))
    for i, record in enumerate(e.tell_records):
        say(_tell_line(record, lang), LIST_LABELS["tells"].get(lang), first=i == 0)
    say(e.attribution_text.get(lang), LIST_LABELS["credit"].get(lang), wrap=False)
    licence = e.license if lang != "fr" else f"{e.license_short_fr or e.license} ({e.license})"
    say(licence, LIST_LABELS["licence"].get(lang), wrap=False)
    if e.license_note:
        say(e.license_note.get(lang))


def _tell_line(record, lang: str) -> str:
    """``category (where) — note [mostly gone since YEAR]`` for one tell record."""
    where = ""
    if record.box:
        left, top, right, bottom = record.box
        where = Text(f" (pixels {left},{top} to {right},{bottom})", f" (pixels {left},{top} à {right},{bottom})").get(
            lang
        )
    expired = ""
    if record.expired_since:
        expired = Text(
            f" [mostly gone since {record.expired_since}]", f" [presque disparu depuis {record.expired_since}]"
        ).get(lang)
    return f"{record.kind.label.get(lang)}{where} — {record.note.get(lang)}{expired}"


def run_tells(args: argparse.Namespace) -> int:
    """Print every tell category and tag, what it means, and how many examples have it."""
    import textwrap

    from ..quiz import tell_text
    from ..tell_categories import VOCABULARY
    from . import TELLS, default_catalog

    catalog, lang = default_catalog(), args.lang
    _say(
        Text(
            "Tell categories (where a picture gives itself away; use with --category):",
            "Catégories d'indices (là où une image se trahit\u202f; à utiliser avec --category)\u00a0:",
        ),
        lang,
    )
    for key, category in VOCABULARY.items():
        count = len(catalog.find(category=key))
        text = f"{category.label.get(lang)} ({count}) — {category.explanation.get(lang)}"
        print(textwrap.fill(text, 100, initial_indent=f"  {key:12} ", subsequent_indent=" " * 15))
    print()
    _say(
        Text(
            "Tags (to pick examples; use with --tell):",
            "Étiquettes (pour choisir des exemples\u202f; à utiliser avec --tell)\u00a0:",
        ),
        lang,
    )
    for tell in TELLS:
        text = f"{tell_text(tell).get(lang)} ({len(catalog.find(tell=tell))})"
        print(textwrap.fill(text, 100, initial_indent=f"  {tell:22} ", subsequent_indent=" " * 25))
    return 0


def run_download(args: argparse.Namespace) -> int:
    """Download (or copy from a mirror), check and cut out the pack; report what happened."""
    from . import ExampleError, cache_dir, download_pack
    from .fetch import Mirror, is_cached, originals_of
    from .pack import select

    lang, names = args.lang, args.names or None
    try:
        mirror = Mirror.parse(args.mirror)
        chosen = select(names, exclude_status=args.exclude_status)
    except ExampleError as exc:
        _say(exc.message, lang, err=True)
        return 2
    originals = originals_of(chosen)
    todo = [o for o in originals if not is_cached(o)]
    size, todo_size = _mb(sum(o.size for o in originals)), _mb(sum(o.size for o in todo))
    here = len(originals) - len(todo)
    _say(
        Text(
            f"Example pack: {len(chosen)} images from {len(originals)} original files ({size}), {here} already here.",
            f"Pack d'exemples : {len(chosen)} images tirées de {len(originals)} fichiers originaux "
            f"({size}), dont {here} déjà ici.",
        ),
        lang,
    )
    if todo:
        _say(
            Text(
                f"Getting {len(todo)} files ({todo_size}) from {mirror.describe()} into {cache_dir()}.",
                f"Récupération de {len(todo)} fichiers ({todo_size}) depuis {mirror.describe()} vers {cache_dir()}.",
            ),
            lang,
        )

    result = download_pack(
        names,
        mirror=args.mirror,
        exclude_status=args.exclude_status,
        retries=args.retries,
        progress=False if args.quiet else None,
    )
    fetched, ready = result.fetch, len(result.ready)
    _say(
        Text(
            f"{len(fetched.ready)} of {len(originals)} originals checked (SHA-256), "
            f"{len(fetched.downloaded)} of them downloaded in {fetched.seconds:.1f} s; "
            f"{len(result.derived)} images cut out. {ready} of {len(chosen)} pack images ready.",
            f"{len(fetched.ready)} originaux sur {len(originals)} vérifiés (SHA-256), dont "
            f"{len(fetched.downloaded)} téléchargés en {fetched.seconds:.1f} s ; "
            f"{len(result.derived)} images découpées. {ready} images du pack prêtes sur {len(chosen)}.",
        ),
        lang,
    )
    for problem in result.problems:
        _say(Text("Problem:", "Problème :") + problem.error.message, lang, err=True)
    if fetched.not_tried:
        n = len(fetched.not_tried)
        _say(Text(f"{n} other files were not tried.", f"{n} autres fichiers n'ont pas été essayés."), lang, err=True)
    flagged = sum(e.license_note is not None for e in chosen)
    if flagged:
        _say(
            Text(
                f"Note: {flagged} of these images have an uncertain or non-commercial licence; "
                "`looktwice examples list` marks them. To leave them out: "
                "--exclude-status uncertain,noncommercial",
                f"Remarque : {flagged} de ces images ont une licence incertaine ou non commerciale ; "
                "`looktwice examples list` les signale. Pour les écarter : "
                "--exclude-status uncertain,noncommercial",
            ),
            lang,
        )
    return 0 if result.ok else 1


VERIFY_LABELS = {
    "ok": Text("ok", "ok"),
    "differs": Text("ok (other version)", "ok (autre version)"),
    "missing": Text("NOT DOWNLOADED", "NON TÉLÉCHARGÉE"),
    "damaged": Text("DAMAGED", "ABÎMÉE"),
}


def run_verify(args: argparse.Namespace) -> int:
    """Check every example on this computer; status 1 if any is missing or damaged."""
    from . import verify_pack

    lang = args.lang
    checks = verify_pack(exclude_status=args.exclude_status)
    for check in checks:
        print(f"{check.example.name}: {VERIFY_LABELS[check.state].get(lang)} - {check.message.get(lang)}")
    ready = sum(c.state in ("ok", "differs") for c in checks)
    missing = sum(c.state == "missing" for c in checks)
    damaged = sum(c.state == "damaged" for c in checks)
    print()
    _say(
        Text(
            f"{ready} ready, {missing} not downloaded, {damaged} damaged.",
            f"{ready} prêtes, {missing} non téléchargées, {damaged} abîmées.",
        ),
        lang,
    )
    if missing or damaged:
        _say(
            Text(
                "Run `looktwice examples download` to get or repair them.",
                "Lancez `looktwice examples download` pour les obtenir ou les réparer.",
            ),
            lang,
        )
        return 1
    return 0


def run_export(args: argparse.Namespace) -> int:
    """Write the checked originals to a mirror folder; status 1 if some were not downloaded."""
    from . import ExampleError, export_pack

    lang = args.lang
    try:
        result = export_pack(args.folder, exclude_status=args.exclude_status)
    except ExampleError as exc:
        _say(exc.message, lang, err=True)
        return 1
    except OSError as exc:
        _say(
            Text(f"Could not write to {args.folder}: {exc}", f"Impossible d'écrire dans {args.folder} : {exc}"),
            lang,
            err=True,
        )
        return 1
    folder, n = result.folder, len(result.copied)
    _say(
        Text(
            f"Wrote {n} original files to {folder}, with README.txt and CREDITS.txt.\n"
            f"On a computer without internet: looktwice examples download --mirror {folder}\n"
            f"To share it on the network: python -m http.server --directory {folder} 8000, then "
            "looktwice examples download --mirror http://SERVER:8000",
            f"{n} fichiers originaux écrits dans {folder}, avec README.txt et CREDITS.txt.\n"
            f"Sur un ordinateur sans internet : looktwice examples download --mirror {folder}\n"
            f"Pour le partager sur le réseau : python -m http.server --directory {folder} 8000, puis "
            "looktwice examples download --mirror http://SERVEUR:8000",
        ),
        lang,
    )
    if result.missing:
        m = len(result.missing)
        _say(
            Text(
                f"{m} originals are not on this computer (or are damaged), so they were not exported: "
                "run `looktwice examples download` first.",
                f"{m} originaux ne sont pas sur cet ordinateur (ou sont abîmés) et n'ont pas été "
                "exportés : lancez d'abord `looktwice examples download`.",
            ),
            lang,
            err=True,
        )
        return 1
    return 0
