"""Benchmark: `looktwice inspect` on every image of the example pack, as a teacher runs it.

Each image is inspected by a fresh `looktwice inspect` process (start-up included), then all
images once more inside one process (the library alone). Target (issue #2): under 3 s each.

    python benchmarks/bench_pack.py [FOLDER]

FOLDER defaults to the shared example pack beside the project (../shared/examples/images);
any folder of images works, e.g. one made by `looktwice examples export`.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

import looktwice

ROOT = Path(__file__).resolve().parents[1]
SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".gif", ".tif", ".tiff", ".bmp"}


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "examples" / "images"
    images = sorted(p for p in folder.rglob("*") if p.suffix.lower() in SUFFIXES)
    if not images:
        sys.exit(f"no images in {folder}")
    cli, lib = [], []
    for path in images:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "looktwice", "inspect", str(path)], check=True, capture_output=True)
        cli.append(time.perf_counter() - start)
        start = time.perf_counter()
        looktwice.inspect(path)
        lib.append(time.perf_counter() - start)
        print(f"{cli[-1]:6.2f} s  (library {lib[-1]:5.2f} s)  {path.name}")
    print(
        f"\n{len(images)} images: command median {statistics.median(cli):.2f} s, slowest {max(cli):.2f} s; "
        f"library median {statistics.median(lib):.2f} s, slowest {max(lib):.2f} s (target: each under 3 s)"
    )


if __name__ == "__main__":
    main()
