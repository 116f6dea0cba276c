"""How long each lesson takes to run from top to bottom, per language and edition.

Prints one line per run: lesson, language, edition (the student notebook, or the teacher
edition with its solutions) and seconds, as a Jupyter kernel runs it with nbclient from a
folder named after the language (the way `looktwice lessons` lays notebooks out). The target
is well under 60 s on a 2-core computer (lessons/README.md). The classroom certificate is made
in a temporary data folder first, so every run measures a lesson, not the first signature.

    .venv/bin/python benchmarks/bench_lessons.py [--lang en|fr] [--edition student|teacher]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import jupytext

from looktwice.lessons.editions import EDITIONS, edition_cells
from looktwice.lessons.notebooks import notebook_client
from looktwice.lessons.source import read_toc


def run(source: Path, lang: str, edition: str, folder: Path) -> float:
    notebook = jupytext.read(source)
    notebook.cells = edition_cells(notebook.cells, edition)
    workdir = folder / edition / lang
    workdir.mkdir(parents=True, exist_ok=True)
    client = notebook_client(notebook, workdir, timeout=600)
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", action="append", help="only this language (repeatable)")
    parser.add_argument("--edition", action="append", choices=EDITIONS, help="only this edition")
    args = parser.parse_args()
    toc = read_toc()
    with tempfile.TemporaryDirectory(prefix="looktwice-bench-lessons-") as tmp:
        os.environ["LOOKTWICE_DATA_DIR"] = str(Path(tmp) / "data")
        from looktwice.writers import signing

        signing.classroom_chain()
        print(f"{'lesson':32} {'lang':4} {'edition':8} {'seconds':>7}")
        for name in toc.lessons:
            for lang in args.lang or toc.languages:
                for edition in args.edition or EDITIONS:
                    seconds = run(toc.root / lang / name, lang, edition, Path(tmp))
                    print(f"{Path(name).stem:32} {lang:4} {edition:8} {seconds:7.1f}", flush=True)


if __name__ == "__main__":
    main()
